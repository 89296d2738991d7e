/** The reproduction report as a self-contained web page (filled in below). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ArticleResult } from "./evaluate";
import type { ExecutedNotebook } from "./execute";
import type { Report } from "./report";

export interface HtmlOptions {
  /** The data folder (data/), for the printed tables shown beside the recomputed ones. */
  dataDir: string;
}

export function writeHtmlReport(dir: string, report: Report, _executed: readonly ExecutedNotebook[], _results: readonly ArticleResult[], _options: HtmlOptions): void {
  writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><title>Reproduction report</title><pre>${JSON.stringify(report.summary, null, 2)}</pre>\n`);
}
