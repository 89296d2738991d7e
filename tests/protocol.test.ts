import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decode, DELIMITER, encode, newHeader, ProtocolError, sign } from "../scripts/runner/protocol";

const key = "0123456789abcdef";
const header = newHeader("execute_request", "session-1", "2026-01-01T00:00:00.000Z", "msg-1");

describe("Jupyter wire protocol", () => {
  it("signs the four JSON frames with HMAC-SHA256 (checked against node:crypto directly)", () => {
    const frames = ['{"a":1}', "{}", "{}", '{"code":"1+1"}'];
    const expected = createHmac("sha256", key).update(frames.join("")).digest("hex");
    expect(sign(key, frames)).toBe(expected);
    expect(sign("", frames)).toBe("");
  });

  it("encodes identities, delimiter, signature and frames in order", () => {
    const frames = encode(key, { identities: [Buffer.from("id")], header, parent_header: {}, metadata: {}, content: { code: "1+1" } });
    expect(frames[0].toString()).toBe("id");
    expect(frames[1]).toBe(DELIMITER);
    expect(frames[3]).toBe(JSON.stringify(header));
    expect(frames[2]).toBe(sign(key, frames.slice(3)));
  });

  it("round-trips a message", () => {
    const frames = encode(key, { header, parent_header: { msg_id: "p" }, metadata: { m: 1 }, content: { code: "x" } }).map((f) => Buffer.from(f));
    const m = decode(key, [...frames, Buffer.from("buffer")]);
    expect(m.header).toEqual(header);
    expect(m.parent_header).toEqual({ msg_id: "p" });
    expect(m.content).toEqual({ code: "x" });
    expect(m.buffers.map(String)).toEqual(["buffer"]);
  });

  it("rejects a message signed with another key or tampered with", () => {
    const frames = encode(key, { header, parent_header: {}, metadata: {}, content: { code: "x" } }).map((f) => Buffer.from(f));
    expect(() => decode("another key", frames)).toThrow(/signature does not verify/);
    const tampered = [...frames];
    tampered[tampered.length - 1] = Buffer.from('{"code":"y"}');
    expect(() => decode(key, tampered)).toThrow(ProtocolError);
  });

  it("rejects frames without the delimiter or with too few parts", () => {
    expect(() => decode(key, [Buffer.from("a")])).toThrow(/delimiter/);
    expect(() => decode(key, [Buffer.from(DELIMITER), Buffer.from("sig")])).toThrow(/frames after the delimiter/);
  });
});
