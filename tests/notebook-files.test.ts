/**
 * The project's notebooks as files: committed without outputs (a run's outputs belong in reports/, see the
 * README), and with prose that renders as written — a dollar amount in Markdown must be escaped (`\$880`),
 * or Jupyter, GitHub and nbviewer take the text between two dollar signs for LaTeX math.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { markdownInline } from "../scripts/runner/notebook-html";

const root = join(__dirname, "..");
const notebooksDir = join(root, "notebooks");
const notebooks = readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).sort();

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}
const cellsOf = (file: string): Cell[] => JSON.parse(readFileSync(join(notebooksDir, file), "utf8")).cells;
const text = (c: Cell) => [c.source].flat().join("");

/**
 * Unescaped dollar signs that open a dollar amount (`$880`, `$ 6.5 billion`): outside code spans and fenced
 * code, a `$` not preceded by a backslash and followed by a digit (after at most one space). Two of them in
 * a paragraph make a math span of the text between; one alone pairs with the next `$` anyone writes.
 */
export function unescapedDollarAmounts(markdown: string): string[] {
  const found: string[] = [];
  const prose = markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, "").replace(/(`+)[\s\S]*?\1/g, "");
  for (const m of prose.matchAll(/(?<!\\)\$ ?\d[\d,.]*(?: ?(?:million|billion|thousand|trillion))?/g)) found.push(m[0]);
  return found;
}

describe("the project's notebooks", () => {
  it("finds the notebooks", () => {
    expect(notebooks.length).toBeGreaterThan(5);
  });

  it.each(notebooks)("%s is committed without outputs or execution counts", (file) => {
    const dirty = cellsOf(file)
      .map((c, i) => ({ i, c }))
      .filter(({ c }) => c.cell_type === "code" && ((c.outputs ?? []).length > 0 || (c.execution_count ?? null) !== null))
      .map(({ i }) => `cell ${i + 1}`);
    expect(dirty, `${file} has outputs in ${dirty.join(", ")}: clear them (see README, "Keeping notebooks output-free")`).toEqual([]);
  });

  it.each(notebooks)("%s has no unescaped dollar amounts in its Markdown", (file) => {
    const bad = cellsOf(file).flatMap((c, i) => (c.cell_type === "markdown" ? unescapedDollarAmounts(text(c)).map((d) => `cell ${i + 1}: "${d}"`) : []));
    expect(bad, `${file}: write \\$ for a dollar sign`).toEqual([]);
  });
});

describe("the dollar check and the report's Markdown", () => {
  it("finds amounts that would pair into math, and not escaped ones or code", () => {
    expect(unescapedDollarAmounts("the peak of $6.5 billion … $ 880 million")).toEqual(["$6.5 billion", "$ 880 million"]);
    expect(unescapedDollarAmounts("escaped \\$6.5 billion and `$880` in code")).toEqual([]);
    expect(unescapedDollarAmounts("math $x^2$ stays math")).toEqual([]);
  });
  it("renders an escaped dollar as a dollar, and keeps a math span", () => {
    expect(markdownInline("\\$880 and \\$850 million")).toBe("$880 and $850 million");
    expect(markdownInline("$x^2$")).toBe('<span class="math">$x^2$</span>');
  });
});
