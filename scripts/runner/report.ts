/**
 * The reproduction report: report.json (machine-readable, byte-identical across runs of the same code),
 * report.md (for people), timings.json (kept apart because timings change from run to run), and each
 * executed notebook with its outputs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { countStatuses, type ArticleResult, type ClaimRow, type Difference, type EditorialRow, type ValueRow } from "./evaluate";
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
    counts: { values: Record<string, number>; claims: Record<string, number>; editorial: number };
    figures: { id: string; title: string }[];
    failure?: ArticleResult["failure"];
    problems: string[];
  }[];
  values: ValueRow[];
  claims: ClaimRow[];
  /** Editorial slips (table numbers, captions, print precision, reference lists): not counted among the claims. */
  editorial: EditorialRow[];
  differences: Difference[];
  summary: { notebooks: number; failed: number; changed: number; values: Record<string, number>; claims: Record<string, number>; editorial: number };
}

export function buildReport(results: readonly ArticleResult[]): Report {
  const sorted = [...results].sort((a, b) => a.id.localeCompare(b.id));
  const values = sorted.flatMap((r) => r.values);
  const claims = sorted.flatMap((r) => r.claims);
  const editorial = sorted.flatMap((r) => r.editorial ?? []);
  return {
    tool: "baltic-repro reproduce",
    articles: sorted.map((r) => ({
      id: r.id,
      title: r.title,
      reference: r.reference,
      notebook: r.notebook,
      executed: `${basename(r.notebook, ".ipynb")}.ipynb`,
      outcome: r.outcome,
      counts: { values: countStatuses(r.values), claims: claimCounts(r.claims), editorial: (r.editorial ?? []).length },
      figures: r.figures.map((f) => ({ id: f.id, title: f.title })),
      ...(r.failure ? { failure: r.failure } : {}),
      problems: r.problems,
    })),
    values,
    claims,
    editorial,
    differences: sorted.flatMap((r) => r.differences),
    summary: {
      notebooks: sorted.length,
      failed: sorted.filter((r) => r.outcome === "failed").length,
      changed: sorted.filter((r) => r.outcome === "changed").length,
      values: countStatuses(values),
      claims: claimCounts(claims),
      editorial: editorial.length,
    },
  };
}

const VALUE_STATUSES = ["match", "consistent", "discrepant", "unavailable"] as const;
const CLAIM_STATUSES = ["true", "false", "loose", "unverifiable"] as const;

/** Claim counts by verdict, every verdict present (0 when none), so that the unverifiable count is always shown. */
export function claimCounts(claims: readonly { status: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of CLAIM_STATUSES) out[k] = 0;
  for (const [k, n] of Object.entries(countStatuses(claims))) out[k] = n;
  return out;
}

const mdEscape = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderMarkdown(report: Report): string {
  const lines: string[] = [];
  lines.push("# Reproduction report", "", ...partialRunMarkdown(report.scope));
  const s = report.summary;
  lines.push(
    `${s.notebooks} notebooks: ${s.notebooks - s.failed - s.changed} reproduced as recorded, ${s.changed} changed, ${s.failed} failed.`,
    "",
    `Printed values: ${VALUE_STATUSES.map((k) => `${s.values[k] ?? 0} ${k}`).join(", ")}. Claims: ${CLAIM_STATUSES.map((k) => `${s.claims[k] ?? 0} ${k}`).join(", ")}. Editorial findings: ${s.editorial}.`,
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
  const notTrue = report.claims.filter((c) => c.status !== "true" && c.status !== "unverifiable");
  if (notTrue.length) {
    lines.push("## Claims that do not hold as stated", "", "| article | claim | rule | verdict | numbers | note |", "|---|---|---|---|---|---|");
    for (const c of notTrue) lines.push(`| ${c.article} | ${mdEscape(c.text)} | ${c.rule} | ${c.status} | ${mdEscape(c.reason)} | ${mdEscape(c.note)} |`);
    lines.push("");
  }
  const undecided = report.claims.filter((c) => c.status === "unverifiable");
  if (undecided.length) {
    lines.push("## Claims the numbers do not decide (unverifiable)", "", "| article | claim | rule | missing evidence | note |", "|---|---|---|---|---|");
    for (const c of undecided) lines.push(`| ${c.article} | ${mdEscape(c.text)} | ${c.rule} | ${mdEscape(c.missing ?? "")} | ${mdEscape(c.note)} |`);
    lines.push("");
  }
  if (report.editorial.length) {
    lines.push("## Editorial findings", "", "Slips of the text (table numbers, captions, print precision, reference lists), not counted among the claims.", "", "| article | type | finding | note |", "|---|---|---|---|");
    for (const f of report.editorial) lines.push(`| ${f.article} | ${f.type} | ${mdEscape(f.text)} | ${mdEscape(f.note)} |`);
    lines.push("");
  }
  lines.push("## Counts by article", "");
  for (const a of report.articles) {
    lines.push(`### ${a.id}: ${a.outcome}`, "", a.title, "", "| | " + [...VALUE_STATUSES, ...CLAIM_STATUSES].join(" | ") + " |", "|---|" + "---|".repeat(VALUE_STATUSES.length + CLAIM_STATUSES.length));
    lines.push(
      `| printed values | ${VALUE_STATUSES.map((k) => a.counts.values[k] ?? 0).join(" | ")} | ${CLAIM_STATUSES.map(() => "").join(" | ")} |`,
      `| claims | ${VALUE_STATUSES.map(() => "").join(" | ")} | ${CLAIM_STATUSES.map((k) => a.counts.claims[k] ?? 0).join(" | ")} |`,
      "",
      ...(a.counts.editorial ? [`Editorial findings: ${a.counts.editorial}.`, ""] : []),
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
