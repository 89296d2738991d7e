/**
 * The Jupyter messaging protocol (version 5.3) on the wire: HMAC-SHA256-signed multipart messages.
 *
 *   [identities…, "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers…]
 *
 * signature = hex HMAC-SHA256(key, header ‖ parent_header ‖ metadata ‖ content). See
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export const DELIMITER = "<IDS|MSG>";
export const PROTOCOL_VERSION = "5.3";

export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

export interface Message<C = Record<string, unknown>> {
  identities: Buffer[];
  header: MessageHeader;
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
}

/** The connection file a kernel is started with. */
export interface ConnectionInfo {
  transport: "tcp";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: "hmac-sha256";
  kernel_name: string;
}

/** HMAC-SHA256 of the four JSON frames, hex. An empty key disables signing (signature ""), as Jupyter does. */
export function sign(key: string, frames: readonly (string | Buffer)[]): string {
  if (key === "") return "";
  const h = createHmac("sha256", key);
  for (const f of frames) h.update(f);
  return h.digest("hex");
}

/** A new message header. `date` is given so that tests can make messages byte-for-byte reproducible. */
export function newHeader(msgType: string, session: string, date = new Date().toISOString(), msgId: string = randomUUID()): MessageHeader {
  return { msg_id: msgId, msg_type: msgType, session, username: "baltic-repro", date, version: PROTOCOL_VERSION };
}

/** Serialize a message to frames, signed with `key`. */
export function encode(key: string, msg: Pick<Message, "header" | "parent_header" | "metadata" | "content"> & { identities?: Buffer[] }): (string | Buffer)[] {
  const frames = [JSON.stringify(msg.header), JSON.stringify(msg.parent_header ?? {}), JSON.stringify(msg.metadata ?? {}), JSON.stringify(msg.content ?? {})];
  return [...(msg.identities ?? []), DELIMITER, sign(key, frames), ...frames];
}

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}

/**
 * Parse and verify received frames.
 * @throws ProtocolError when the delimiter is missing, the signature does not verify, or a frame is not JSON.
 */
export function decode(key: string, frames: readonly Buffer[]): Message {
  const i = frames.findIndex((f) => f.length === DELIMITER.length && f.toString("utf8") === DELIMITER);
  if (i < 0) throw new ProtocolError("message without the <IDS|MSG> delimiter");
  if (frames.length < i + 6) throw new ProtocolError(`message with ${frames.length - i - 1} frames after the delimiter; expected at least 5`);
  const [signature, header, parent, metadata, content] = frames.slice(i + 1, i + 6);
  const expected = sign(key, [header, parent, metadata, content]);
  const got = signature.toString("utf8");
  if (key !== "" && (got.length !== expected.length || !timingSafeEqual(Buffer.from(got), Buffer.from(expected)))) {
    throw new ProtocolError("message signature does not verify (wrong key or tampered message)");
  }
  const parse = (b: Buffer, what: string) => {
    try {
      return JSON.parse(b.toString("utf8"));
    } catch {
      throw new ProtocolError(`the ${what} frame is not JSON`);
    }
  };
  return {
    identities: frames.slice(0, i) as Buffer[],
    header: parse(header, "header"),
    parent_header: parse(parent, "parent_header"),
    metadata: parse(metadata, "metadata"),
    content: parse(content, "content"),
    buffers: frames.slice(i + 6) as Buffer[],
  };
}
