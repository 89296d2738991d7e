/**
 * Convert between Jupyter notebooks and plain TypeScript in the "percent" format (as jupytext writes it),
 * so that a notebook can be written or reviewed in an editor:
 *
 *   // %% [markdown]
 *   // # A heading
 *   // Some text.
 *   // %%
 *   const x = 1;
 *
 * Usage:
 *   npx tsx scripts/ipynb.ts from-script notebooks/foo.ts [notebooks/foo.ipynb]
 *   npx tsx scripts/ipynb.ts to-script notebooks/foo.ipynb [foo.ts]
 *
 * Notebooks are written without outputs, with the project's kernel (see scripts/kernel-install.ts).
 */
import { readFileSync, writeFileSync } from "node:fs";

export const KERNELSPEC = { name: "baltic-repro", display_name: "TypeScript (baltic-repro)", language: "typescript" } as const;

export interface Cell {
  cell_type: "code" | "markdown";
  source: string[];
  metadata: Record<string, unknown>;
  execution_count?: number | null;
  outputs?: unknown[];
}

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

/** Split text into nbformat's list of lines (each keeping its newline, the last without). */
export function toSourceLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)).filter((l) => l !== "");
}

/** Parse percent-format TypeScript into cells. */
export function parsePercent(text: string): Cell[] {
  const cells: Cell[] = [];
  let current: { type: "code" | "markdown"; lines: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    while (current.lines.length && current.lines[current.lines.length - 1].trim() === "") current.lines.pop();
    while (current.lines.length && current.lines[0].trim() === "") current.lines.shift();
    if (current.lines.length) {
      const body = current.type === "markdown" ? current.lines.map((l) => l.replace(/^\/\/ ?/, "")) : current.lines;
      const cell: Cell = { cell_type: current.type, metadata: {}, source: toSourceLines(body.join("\n")) };
      if (current.type === "code") Object.assign(cell, { execution_count: null, outputs: [] });
      cells.push(cell);
    }
    current = null;
  };
  for (const line of text.split("\n")) {
    const m = /^\/\/ %%(.*)$/.exec(line);
    if (m) {
      flush();
      current = { type: /\[markdown\]/.test(m[1]) ? "markdown" : "code", lines: [] };
      continue;
    }
    if (!current) current = { type: "code", lines: [] };
    current.lines.push(line);
  }
  flush();
  return cells;
}

/** A notebook with the project's kernelspec around the given cells. */
export function makeNotebook(cells: Cell[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { ...KERNELSPEC },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript", codemirror_mode: { name: "javascript", typescript: true } },
    },
    cells: cells.map((c, i) => ({ id: `cell-${i + 1}`, ...c })),
  };
}

/** Render a notebook's cells as percent-format TypeScript. */
export function toPercent(nb: Notebook): string {
  return nb.cells
    .map((c) => {
      const src = Array.isArray(c.source) ? c.source.join("") : String(c.source);
      if (c.cell_type === "markdown") return `// %% [markdown]\n${src.split("\n").map((l) => (l ? `// ${l}` : "//")).join("\n")}\n`;
      return `// %%\n${src}\n`;
    })
    .join("\n");
}

function main(argv: string[]): void {
  const [command, input, output] = argv;
  if (command === "from-script" && input) {
    const nb = makeNotebook(parsePercent(readFileSync(input, "utf8")));
    const out = output ?? input.replace(/\.ts$/, ".ipynb");
    writeFileSync(out, JSON.stringify(nb, null, 1) + "\n");
    console.log(`wrote ${out} (${nb.cells.length} cells)`);
    return;
  }
  if (command === "to-script" && input) {
    const nb = JSON.parse(readFileSync(input, "utf8")) as Notebook;
    const text = toPercent(nb);
    if (output) writeFileSync(output, text);
    else process.stdout.write(text);
    return;
  }
  console.error("usage: tsx scripts/ipynb.ts from-script <file.ts> [out.ipynb] | to-script <file.ipynb> [out.ts]");
  process.exit(2);
}

if (process.argv[1] && /ipynb\.ts$/.test(process.argv[1])) main(process.argv.slice(2));
