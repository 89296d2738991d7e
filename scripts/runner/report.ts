/**
 * The reproduction report: report.json (machine-readable, byte-identical across runs of the same code),
 * report.md (for people), timings.json (kept apart because timings change from run to run), and each
 * executed notebook with its outputs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { countStatuses, type ArticleResult, type ClaimRow, type Difference, type ValueRow } from "./evaluate";
import type { ExecutedNotebook } from "./execute";
import { partialRunMarkdown, type RunScope } from "./scope";

export interface Report {
  tool: string;
  /** What the run covered (set by the runner; a partial --only run says so here). */
  scope?: RunScope;
  articles: {
    id: string;
    title: string;
    reference: string;
    notebook: string;
    executed: string;
    outcome: ArticleResult["outcome"];
    counts: { values: Record<string, number>; claims: Record<string, number> };
    figures: { id: string; title: string }[];
    failure?: ArticleResult["failure"];
    problems: string[];
  }[];
  values: ValueRow[];
  claims: ClaimRow[];
  differences: Difference[];
  summary: { notebooks: number; failed: number; changed: number; values: Record<string, number>; claims: Record<string, number> };
}

export function buildReport(results: readonly ArticleResult[]): Report {
  const sorted = [...results].sort((a, b) => a.id.localeCompare(b.id));
  const values = sorted.flatMap((r) => r.values);
  const claims = sorted.flatMap((r) => r.claims);
  return {
    tool: "baltic-repro reproduce",
    articles: sorted.map((r) => ({
      id: r.id,
      title: r.title,
      reference: r.reference,
      notebook: r.notebook,
      executed: `${basename(r.notebook, ".ipynb")}.ipynb`,
      outcome: r.outcome,
      counts: { values: countStatuses(r.values), claims: countStatuses(r.claims) },
      figures: r.figures.map((f) => ({ id: f.id, title: f.title })),
      ...(r.failure ? { failure: r.failure } : {}),
      problems: r.problems,
    })),
    values,
    claims,
    differences: sorted.flatMap((r) => r.differences),
    summary: {
      notebooks: sorted.length,
      failed: sorted.filter((r) => r.outcome === "failed").length,
      changed: sorted.filter((r) => r.outcome === "changed").length,
      values: countStatuses(values),
      claims: countStatuses(claims),
    },
  };
}

const VALUE_STATUSES = ["match", "consistent", "discrepant", "unavailable"] as const;
const CLAIM_STATUSES = ["true", "false", "loose"] as const;

const mdEscape = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderMarkdown(report: Report): string {
  const lines: string[] = [];
  lines.push("# Reproduction report", "", ...partialRunMarkdown(report.scope));
  const s = report.summary;
  lines.push(
    `${s.notebooks} notebooks: ${s.notebooks - s.failed - s.changed} reproduced as recorded, ${s.changed} changed, ${s.failed} failed.`,
    "",
    `Printed values: ${VALUE_STATUSES.map((k) => `${s.values[k] ?? 0} ${k}`).join(", ")}. Claims: ${CLAIM_STATUSES.map((k) => `${s.claims[k] ?? 0} ${k}`).join(", ")}.`,
    "",
  );
  const failed = report.articles.filter((a) => a.failure);
  if (failed.length) {
    lines.push("## Failures", "");
    for (const a of failed) {
      const f = a.failure!;
      lines.push(`- **${a.id}** (${a.notebook}), ${f.cell ? `${f.kind} in cell ${f.cell}` : f.kind === "input" ? "a file it needs cannot be used" : f.kind}${f.firstLine ? ` \`${f.firstLine.replace(/`/g, "'")}\`` : ""}:`, "", "  ```", ...f.diagnostic.split("\n").slice(0, 20).map((l) => `  ${l}`), "  ```", "");
    }
  }
  if (report.differences.length) {
    lines.push("## Changes against the recorded expectations", "", "| article | kind | what | expected | now |", "|---|---|---|---|---|");
    for (const d of report.differences) lines.push(`| ${d.article} | ${d.kind} | ${mdEscape(d.key)} | ${d.expected ?? "—"} | ${d.actual ?? "—"} |`);
    lines.push("");
  }
  const problems = report.articles.flatMap((a) => a.problems.map((p) => `- ${a.id}: ${p}`));
  if (problems.length) lines.push("## Problems", "", ...problems, "");

  const discrepant = report.values.filter((v) => v.status === "discrepant");
  if (discrepant.length) {
    lines.push("## Discrepant printed values", "", "| article | table | row | column | printed | computed | note |", "|---|---|---|---|---|---|---|");
    for (const v of discrepant) lines.push(`| ${v.article} | ${v.table} | ${mdEscape(v.row)} | ${v.column} | ${v.published ?? ""} | ${v.computed ?? ""} | ${mdEscape(v.note)} |`);
    lines.push("");
  }
  const notTrue = report.claims.filter((c) => c.status !== "true");
  if (notTrue.length) {
    lines.push("## Claims that do not hold as stated", "", "| article | claim | verdict | note |", "|---|---|---|---|");
    for (const c of notTrue) lines.push(`| ${c.article} | ${mdEscape(c.text)} | ${c.status} | ${mdEscape(c.note)} |`);
    lines.push("");
  }
  lines.push("## Counts by article", "");
  for (const a of report.articles) {
    lines.push(`### ${a.id}: ${a.outcome}`, "", a.title, "", "| | " + [...VALUE_STATUSES, ...CLAIM_STATUSES].join(" | ") + " |", "|---|" + "---|".repeat(VALUE_STATUSES.length + CLAIM_STATUSES.length));
    lines.push(
      `| printed values | ${VALUE_STATUSES.map((k) => a.counts.values[k] ?? 0).join(" | ")} | ${CLAIM_STATUSES.map(() => "").join(" | ")} |`,
      `| claims | ${VALUE_STATUSES.map(() => "").join(" | ")} | ${CLAIM_STATUSES.map((k) => a.counts.claims[k] ?? 0).join(" | ")} |`,
      "",
    );
  }
  return lines.join("\n");
}

/** Write report.json, report.md, timings.json and the executed notebooks into `dir`. */
export function writeReport(dir: string, report: Report, executed: readonly ExecutedNotebook[], results: readonly ArticleResult[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "report.json"), JSON.stringify(report, null, 2) + "\n");
  writeFileSync(join(dir, "report.md"), renderMarkdown(report));
  const timings = executed
    .map((e) => ({ notebook: e.id, totalMs: e.totalMs, kernelStartMs: e.kernelStartMs, cells: e.timings }))
    .sort((a, b) => a.notebook.localeCompare(b.notebook));
  writeFileSync(join(dir, "timings.json"), JSON.stringify(timings, null, 2) + "\n");
  const figures: Record<string, unknown> = {};
  for (const r of results) figures[r.id] = r.figures;
  writeFileSync(join(dir, "figures.json"), JSON.stringify(figures) + "\n");
  for (const e of executed) {
    writeFileSync(join(dir, `${e.id}.ipynb`), JSON.stringify(e.notebook, null, 1) + "\n");
  }
}
