/**
 * Every notebook states its claims as rules (lib/claims.ts: a kind and its numbers) and never writes a
 * verdict: the verdict is computed by decide(). This scans the notebooks' code cells; a hand-written verdict
 * (`verdict:` in a claim, or the old `verdictOf` helper) fails it, naming the notebook and cell.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = join(__dirname, "..", "notebooks");
const notebooks = readdirSync(dir).filter((f) => f.endsWith(".ipynb"));

function codeCells(file: string): { index: number; source: string }[] {
  const nb = JSON.parse(readFileSync(join(dir, file), "utf8")) as { cells: { cell_type: string; source: string[] | string }[] };
  return nb.cells
    .map((c, index) => ({ index: index + 1, type: c.cell_type, source: Array.isArray(c.source) ? c.source.join("") : c.source }))
    .filter((c) => c.type === "code");
}

describe("notebooks state claims as rules, never verdicts", () => {
  it("finds the notebooks", () => expect(notebooks.length).toBeGreaterThan(5));
  for (const file of notebooks) {
    it(`${file}: no hand-written verdict`, () => {
      const offending = codeCells(file).filter((c) => /\bverdict\s*:/.test(c.source) || /\bverdictOf\s*\(/.test(c.source));
      expect(offending.map((c) => `cell ${c.index}: ${c.source.split("\n").find((l) => /verdict/.test(l))?.trim()}`)).toEqual([]);
    });
  }
  it("the scan catches a hand-written verdict (a fixture string)", () => {
    expect(/\bverdict\s*:/.test(`nb.claim("x", "y", { verdict: "true", numbers: {} })`)).toBe(true);
    expect(/\bverdict\s*:/.test(`nb.claim("x", "y", { kind: "count", counted: 7, stated: 7 })`)).toBe(false);
  });
});
