// The README's table of articles states, per article, how many printed values and claims have each status. Those
// counts must be the ones `npm run reproduce` checks against: data/<article>/expected.json (issue #13: "the
// README's findings agree with expected.json").
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(`${root}README.md`, "utf8");

/** Every `status` under a node of expected.json (values nest table → row → column; claims and editorial are flat). */
function statuses(node: unknown, out: string[] = []): string[] {
  if (node && typeof node === "object") {
    const status = (node as { status?: unknown }).status;
    if (typeof status === "string") out.push(status);
    else for (const child of Object.values(node)) statuses(child, out);
  }
  return out;
}

const tally = (list: string[]): Record<string, number> => list.reduce<Record<string, number>>((acc, s) => ((acc[s] = (acc[s] ?? 0) + 1), acc), {});

/** "80 match, 39 consistent; 1 editorial" → { match: 80, consistent: 39, editorial: 1 }; "—" → {}. */
function parseCounts(cell: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of cell.matchAll(/(\d+)\s+([a-z]+)/g)) out[m[2]] = Number(m[1]);
  return out;
}

const rows = readme
  .split("\n")
  .filter((line) => /^\| [a-z-]+-20\d\d \|/.test(line))
  .map((line) => line.split("|").map((c) => c.trim()));

describe("README's table of articles agrees with each data/<article>/expected.json", () => {
  it("finds the table", () => {
    expect(rows.length).toBeGreaterThanOrEqual(9);
  });

  it.each(rows.map((r) => [r[1], r] as const))("%s", (id, row) => {
    const file = `${root}data/${id}/expected.json`;
    const valuesCell = row[row.length - 3];
    const claimsCell = row[row.length - 2];
    if (!existsSync(file)) {
      // An article with nothing to reproduce says so in both cells.
      expect(`${valuesCell} ${claimsCell}`).toMatch(/^— —$/);
      return;
    }
    const expected = JSON.parse(readFileSync(file, "utf8"));
    expect(parseCounts(valuesCell), `${id}: printed values`).toEqual(tally(statuses(expected.values)));
    const claims = parseCounts(claimsCell);
    const editorial = claims.editorial ?? 0;
    delete claims.editorial;
    expect(claims, `${id}: claims`).toEqual(tally(statuses(expected.claims)));
    expect(editorial, `${id}: editorial findings`).toBe(statuses(expected.editorial ?? {}).length);
  });
});
