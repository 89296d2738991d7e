/**
 * What a run covered. A run of some notebooks only (--only) writes a report of those notebooks, and the
 * report says so — in report.json (`scope.complete: false`, with the notebooks not run named), at the top of
 * report.md and on the page — so that it is never read as the state of the whole reproduction.
 */

export interface RunScope {
  /** True when every notebook in the notebooks folder was run. */
  complete: boolean;
  /** How many notebooks the folder holds. */
  notebooksInFolder: number;
  /** For a partial run: what selected the notebooks, and the notebooks that were not run. */
  selectedBy?: string;
  notRun?: string[];
}

/** The scope of a run of `run` (notebook ids) out of `all` (every notebook id in the folder). */
export function runScope(run: readonly string[], all: readonly string[], selectedBy: string): RunScope {
  const ran = new Set(run);
  const notRun = all.filter((id) => !ran.has(id));
  return notRun.length ? { complete: false, notebooksInFolder: all.length, selectedBy, notRun } : { complete: true, notebooksInFolder: all.length };
}

/** The report with its scope as the second field (after `tool`), where a reader looks first. */
export function withScope<R extends { tool: string }>(report: R, scope: RunScope): R & { scope: RunScope } {
  const { tool, ...rest } = report;
  return { tool, scope, ...rest } as R & { scope: RunScope };
}

/** One sentence for a partial run, or "" for a complete one (or a report without a scope). */
export function partialRunSentence(scope: RunScope | undefined): string {
  if (!scope || scope.complete) return "";
  const notRun = scope.notRun ?? [];
  return `Partial run (${scope.selectedBy ?? "a selection"}): ${scope.notebooksInFolder - notRun.length} of ${scope.notebooksInFolder} notebooks; not run: ${notRun.join(", ")}. This report says nothing about the notebooks not run.`;
}

/** The notice at the top of report.md ("" for a complete run). */
export function partialRunMarkdown(scope: RunScope | undefined): string[] {
  const s = partialRunSentence(scope);
  return s ? [`> **${s}**`, ""] : [];
}

/** The notice at the top of index.html ("" for a complete run). */
export function partialRunHtml(scope: RunScope | undefined, escapeHtml: (s: string) => string): string {
  const s = partialRunSentence(scope);
  return s ? `<p class="failure" id="partial-run" role="note"><strong>${escapeHtml(s)}</strong></p>\n` : "";
}
