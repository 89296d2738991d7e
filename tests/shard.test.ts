/**
 * The suite across machines (issue #15, part 1): shards chosen deterministically and balanced by the recorded
 * timings, and three shards run separately and merged give the files of one run, byte for byte (report.json,
 * report.md, index.html, the executed notebooks and their pages) and its exit status. Shard sets that cannot be
 * merged (one missing, given twice, a notebook in two, other code) are clear errors.
 *
 * Kernels: only fixture-ok starts one (twice: the single run and its shard); the other notebooks are broken
 * JSON, which fails its article without a kernel.
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs, reproduce, UsageError } from "../scripts/reproduce";
import { assignShards, parseShard, timingsFileText } from "../scripts/runner/shard";

const root = join(__dirname, "..");
const fixtures = join(root, "tests", "fixtures");

describe("choosing shards", () => {
  it("parses K/N", () => {
    expect(parseShard("2/3")).toEqual({ k: 2, n: 3 });
    expect(parseShard("0/3")).toBeNull();
    expect(parseShard("4/3")).toBeNull();
    expect(parseShard("1/0")).toBeNull();
    expect(parseShard("1.5/3")).toBeNull();
    expect(() => parseArgs(["--shard", "3/2"])).toThrow(/--shard must be K\/N with 1 ≤ K ≤ N/);
    expect(() => parseArgs(["--shard", "1/2", "--only", "x"])).toThrow(UsageError);
    expect(() => parseArgs(["--merge"])).toThrow(/needs the shard folders/);
  });

  it("puts the longest first on the least loaded shard, ties by name, untimed round-robin", () => {
    const t = new Map([
      ["a", 10],
      ["b", 7],
      ["c", 6],
      ["d", 5],
      ["e", 5],
      ["f", 1],
    ]);
    // a→1 (10); b→2 (7); c→3 (6); d→3 (11); e→2 (12); f→1 (11); then x, y, z round-robin from shard 1.
    expect(assignShards(["z", "y", "x", "f", "e", "d", "c", "b", "a"], t, 3)).toEqual([
      ["a", "f", "x"],
      ["b", "e", "y"],
      ["c", "d", "z"],
    ]);
    // Nothing timed: round-robin by name; more shards than notebooks: empty shards.
    expect(assignShards(["c", "a", "b"], new Map(), 2)).toEqual([["a", "c"], ["b"]]);
    expect(assignShards(["a"], new Map(), 3)).toEqual([["a"], [], []]);
    // Every notebook in exactly one shard, whatever the timings.
    const ids = Array.from({ length: 40 }, (_, i) => `n${String(i).padStart(2, "0")}`);
    const some = new Map(ids.filter((_, i) => i % 3).map((id, i) => [id, (i * 7919) % 101]));
    const shards = assignShards(ids, some, 7);
    expect(shards.flat().sort()).toEqual(ids);
  });

  it("writes the committed timings file in name order, rounded to 100 ms", () => {
    expect(timingsFileText([{ notebook: "b", totalMs: 1249 }, { notebook: "a", totalMs: 20 }])).toBe('{\n  "a": 100,\n  "b": 1200\n}\n');
  });
});

describe("three shards merged equal one run", () => {
  let dir: string;
  let notebooks: string;
  let data: string;
  let single: Awaited<ReturnType<typeof reproduce>>;
  let merged: Awaited<ReturnType<typeof reproduce>>;
  const shardExit: number[] = [];
  const shardNotebooks: string[][] = [];
  const base = (out: string) => ["--notebooks", notebooks, "--data", data, "--out", out, "--cell-timeout", "20", "--jobs", "2"];

  beforeAll(async () => {
    mkdirSync(join(root, ".work"), { recursive: true });
    dir = mkdtempSync(join(root, ".work", "shards-"));
    notebooks = join(dir, "notebooks");
    data = join(dir, "data");
    mkdirSync(notebooks);
    copyFileSync(join(fixtures, "notebooks", "fixture-ok.ipynb"), join(notebooks, "fixture-ok.ipynb"));
    writeFileSync(join(notebooks, "broken-a.ipynb"), '{ "nbformat": 4,\n  "cells": [ }');
    writeFileSync(join(notebooks, "broken-b.ipynb"), "");
    cpSync(join(fixtures, "data", "fixture-ok"), join(data, "fixture-ok"), { recursive: true });
    single = await reproduce(parseArgs(base(join(dir, "single"))));
    for (const k of [1, 2, 3]) {
      shardExit.push((await reproduce(parseArgs([...base(join(dir, "reports")), "--shard", `${k}/3`]))).exitCode);
      const shard = join(dir, "reports", `shard-${k}-of-3`);
      shardNotebooks.push(JSON.parse(readFileSync(join(shard, "shard.json"), "utf8")).notebooks);
      expect(JSON.parse(readFileSync(join(shard, "report.json"), "utf8")).scope).toMatchObject({ complete: false, selectedBy: `--shard ${k}/3` });
    }
    merged = await reproduce(parseArgs([...base(join(dir, "reports")), "--merge", ...[1, 2, 3].map((k) => join(dir, "reports", `shard-${k}-of-3`))]));
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("each shard ran its own notebooks (no timings file: round-robin by name)", () => {
    expect(shardNotebooks).toEqual([["broken-a"], ["broken-b"], ["fixture-ok"]]);
    expect(shardExit).toEqual([1, 1, 0]); // broken-a, broken-b fail; fixture-ok is as recorded
  });

  it("writes report.json byte for byte, report.md, index.html, the notebooks and their pages as the single run", () => {
    const files = (d: string) =>
      readdirSync(d, { recursive: true })
        .map(String)
        .filter((f) => f !== "timings.json" && statSync(join(d, f)).isFile())
        .sort();
    const a = join(dir, "single");
    const b = join(dir, "reports");
    // The shard folders are gone: reports/ holds the merged run only.
    expect(files(b)).toEqual(files(a));
    expect(files(a)).toContain("index.html");
    expect(files(a)).toContain("notebooks/fixture-ok.html");
    for (const f of files(a)) {
      expect(readFileSync(join(b, f), "utf8"), f).toBe(readFileSync(join(a, f), "utf8"));
    }
    expect(JSON.parse(readFileSync(join(b, "report.json"), "utf8")).scope).toEqual({ complete: true, notebooksInFolder: 3 });
  });

  it("exits as the single run does", () => {
    expect(single.exitCode).toBe(1);
    expect(merged.exitCode).toBe(single.exitCode);
  });
});

describe("shard sets that cannot be merged", () => {
  let dir: string;
  let notebooks: string;
  const shardDir = (k: number) => join(dir, "reports", `shard-${k}-of-3`);
  const mergeArgs = (...dirs: string[]) => parseArgs(["--notebooks", notebooks, "--data", join(dir, "data"), "--out", join(dir, "merged"), "--no-html", "--merge", ...dirs]);

  beforeAll(async () => {
    // Three notebooks that fail to read: shards without kernels.
    mkdirSync(join(root, ".work"), { recursive: true });
    dir = mkdtempSync(join(root, ".work", "shards-bad-"));
    notebooks = join(dir, "notebooks");
    mkdirSync(notebooks);
    mkdirSync(join(dir, "data"));
    for (const id of ["a", "b", "c"]) writeFileSync(join(notebooks, `${id}.ipynb`), "{");
    for (const k of [1, 2, 3]) await reproduce(parseArgs(["--notebooks", notebooks, "--data", join(dir, "data"), "--out", join(dir, "reports"), "--no-html", "--shard", `${k}/3`]));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a missing shard", async () => {
    await expect(reproduce(mergeArgs(shardDir(1), shardDir(3)))).rejects.toThrow(/cannot merge: shard 2 of 3 missing/);
  });
  it("a shard given twice", async () => {
    await expect(reproduce(mergeArgs(shardDir(1), shardDir(1), shardDir(2)))).rejects.toThrow(/shard 1 of 3 is given twice/);
  });
  it("a notebook in two shards", async () => {
    const m = JSON.parse(readFileSync(join(shardDir(2), "shard.json"), "utf8"));
    m.notebooks.push("a");
    const copy = join(dir, "copy-2");
    cpSync(shardDir(2), copy, { recursive: true });
    writeFileSync(join(copy, "shard.json"), JSON.stringify(m));
    await expect(reproduce(mergeArgs(shardDir(1), copy, shardDir(3)))).rejects.toThrow(/notebook a is in two shards/);
  });
  it("a shard of other code", async () => {
    const m = JSON.parse(readFileSync(join(shardDir(3), "shard.json"), "utf8"));
    m.code.commit = "0123456789abcdef0123456789abcdef01234567";
    const copy = join(dir, "copy-3");
    cpSync(shardDir(3), copy, { recursive: true });
    writeFileSync(join(copy, "shard.json"), JSON.stringify(m));
    await expect(reproduce(mergeArgs(shardDir(1), shardDir(2), copy))).rejects.toThrow(/the shards ran different code: .*commit 0123456789ab/);
  });
  it("a folder that is not a shard", async () => {
    await expect(reproduce(mergeArgs(shardDir(1), notebooks))).rejects.toThrow(/notebooks is not a shard folder/);
  });
  it("merges the three into a complete report", async () => {
    const r = await reproduce(mergeArgs(shardDir(1), shardDir(2), shardDir(3)));
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, "merged", "report.json"), "utf8")).articles.map((a: { id: string }) => a.id)).toEqual(["a", "b", "c"]);
  });
});
