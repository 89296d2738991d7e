/**
 * What a reproduction notebook declares: which article it reproduces, the values it recomputed for printed
 * cells, the claims of the text it checked, and its figures. Each declaration is shown in Jupyter as a
 * readable table and also carried, machine-readable, to the headless runner (MIME type `RESULT_MIME`),
 * which compares every value with the printed table itself (the notebook's own display uses the same
 * comparison, so what a user sees in Jupyter is what CI checks).
 *
 * @example
 *   import { article } from "baltic-repro/notebook";
 *   const nb = article("belov-2026", { title: "…", reference: "…" });
 *   const t1 = nb.published("table-1");
 *   nb.reproduce("table-1", [{ row: "Belgorod Oblast", column: "growth", value: -12.3456 }]);
 *   nb.claim("seven-regions", "Seven regions can meet the target", { kind: "count", counted: 7, stated: 7 });
 *   nb.editorial("gini-table-cited-as-1", "The text cites Table 1 for the Gini index, which is Table 2", { type: "table-number" });
 *   nb.summary();
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { currentCell, displayBundle, escapeHtml, figureBundle, figureTitle, RESULT_MIME, tableHtml, tableText, type PlotlyFigure } from "../present/display";
import { compareTable, readPublishedIndex, readPublishedTable, type PublishedIndex, type PublishedTable, type ReproducedValue, type ValueResult } from "./published";
import type { Status } from "./verify";
import { decide, type ClaimDecision, type ClaimKind, type ClaimRule, type ClaimVerdict } from "./claims";
import { InputError } from "../numeric/validate";

/** The project's root folder (the parent of lib/: two levels above this file, lib/reproduce/notebook.ts), wherever the kernel was started. */
export const projectRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The folder holding one sub-folder per article (data/); the runner may point it elsewhere. */
export function dataRoot(): string {
  const env = process.env.BALTIC_REPRO_DATA_DIR;
  return env ? resolve(env) : join(projectRoot, "data");
}

/** A data folder for inputs that are not shipped with the project (e.g. the Russian regional data). */
export function externalDataDir(name: "russia"): string {
  const env = process.env.BALTIC_REPRO_RUSSIA_DATA;
  return env ? resolve(env) : resolve(projectRoot, "..", "shared", "data", name);
}

/** A claim's verdict (lib/claims.ts): true, false, loose, or unverifiable (the numbers do not decide it). */
export type Verdict = ClaimVerdict;

/** Where a claim is and what more to say about it; the verdict itself comes from the rule. */
export interface ClaimContext {
  /** The referee's remark: what the verdict means for the article (the rule's own reasoning is added). */
  readonly note?: string;
  /** Where the claim is in the source (page or seed line). */
  readonly where?: string;
  /** More numbers to show beside the rule's own (context, not used by the verdict). */
  readonly numbers?: Readonly<Record<string, number | string | boolean | null>>;
}

/** Kinds of editorial finding: slips of the text that are not claims about the subject. */
export type EditorialType = "table-number" | "caption" | "precision" | "reference-list" | "other";

export interface EditorialFinding {
  readonly type: EditorialType;
  /** What is wrong and what is right, in words. */
  readonly note?: string;
  readonly where?: string;
  readonly numbers?: Readonly<Record<string, number | string | boolean | null>>;
}

export interface ArticleInfo {
  /** Full reference: authors, title, journal, doi, pages. */
  readonly reference?: string;
  readonly title?: string;
}

/** The machine-readable records a notebook emits (one per display). */
export type ResultRecord =
  | { kind: "article"; article: string; title: string; reference: string }
  | { kind: "values"; article: string; table: string; values: ReproducedValue[] }
  | { kind: "claim"; article: string; id: string; text: string; rule: ClaimKind; verdict: Verdict; numbers: ClaimDecision["numbers"]; reason: string; note: string; missing?: string; where?: string }
  /** An editorial slip (wrong table number, caption, print precision, reference list): not a claim judged false. */
  | { kind: "editorial"; article: string; id: string; text: string; type: EditorialType; note: string; numbers: Readonly<Record<string, number | string | boolean | null>>; where?: string }
  /** The figure itself travels once, as the same output's `application/vnd.plotly.v1+json`. */
  | { kind: "figure"; article: string; id: string; title: string };

const STATUS_COLOURS: Record<Status | Verdict, string> = {
  match: "#d9f2d9",
  consistent: "#e6f0ff",
  discrepant: "#ffd9d9",
  unavailable: "#eeeeee",
  true: "#d9f2d9",
  false: "#ffd9d9",
  loose: "#fff2cc",
  unverifiable: "#ece6f5",
};

const statusStyle = (s: string): string => `background:${STATUS_COLOURS[s as Status] ?? "transparent"}`;

/** A reproduction notebook's handle on its article: data paths, printed tables and declarations. */
export class Article {
  readonly dir: string;
  readonly index: PublishedIndex;
  private readonly tables = new Map<string, PublishedTable>();
  private readonly values: ValueResult[] = [];
  private readonly claims: { id: string; text: string; verdict: Verdict; note: string }[] = [];
  /** Where each table's values, claim, editorial finding and figure was declared: a cell run again replaces its declarations. */
  private readonly declared = new Map<string, { cellId: string | null; run: number }>();
  private readonly editorials: string[] = [];

  constructor(
    readonly id: string,
    readonly info: ArticleInfo = {},
  ) {
    this.dir = join(dataRoot(), id);
    if (!existsSync(this.dir)) throw new InputError(`no data folder for article ${JSON.stringify(id)}: ${this.dir}`);
    this.index = existsSync(join(this.dir, "published", "tables.json")) ? readPublishedIndex(this.dir) : { article: id, tables: [] };
    this.announce(info);
  }

  /** Show the article's title and reference (and carry them to the runner). */
  announce(info: ArticleInfo): void {
    const id = this.id;
    const title = info.title ?? id;
    const reference = info.reference ?? "";
    emit(
      { kind: "article", article: id, title, reference },
      {
        "text/html": `<h3>${escapeHtml(title)}</h3>${reference ? `<p>${escapeHtml(reference)}</p>` : ""}`,
        "text/plain": `${title}${reference ? `\n${reference}` : ""}`,
      },
    );
  }

  /** An absolute path inside this article's data folder. */
  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  /** A printed table, as transcribed in published/ (see lib/published.ts). */
  published(tableId: string): PublishedTable {
    let t = this.tables.get(tableId);
    if (!t) {
      const meta = this.index.tables.find((m) => m.id === tableId);
      if (!meta) {
        throw new InputError(`article ${this.id} has no printed table ${JSON.stringify(tableId)} (known: ${this.index.tables.map((m) => m.id).join(", ") || "none"})`);
      }
      t = readPublishedTable(this.dir, meta);
      this.tables.set(tableId, t);
    }
    return t;
  }

  /**
   * Declare the values recomputed for a printed table's derived cells, show them beside the printed ones
   * with their status. Cells not given are reported as unavailable. Returns nothing, so that a notebook cell
   * ending with it shows the table only; `comparisons(tableId)` gives the comparisons as data.
   */
  reproduce(tableId: string, values: readonly ReproducedValue[]): void {
    const table = this.published(tableId);
    const results = compareTable(table, values);
    this.redeclare(`values of table ${JSON.stringify(tableId)}`);
    // A re-run's values take the place of the earlier ones, so the order stays that of a clean run.
    const at = this.values.findIndex((v) => v.table === tableId);
    for (let i = this.values.length - 1; i >= 0; i--) if (this.values[i].table === tableId) this.values.splice(i, 1);
    this.values.splice(at >= 0 ? at : this.values.length, 0, ...results);
    const rows = results.map((r) => ({
      row: r.row,
      column: r.column,
      printed: r.published,
      computed: r.computed,
      status: r.status,
      note: r.note,
    }));
    const counts = countBy(results.map((r) => r.status));
    const caption = `${table.meta.label}: ${table.meta.title} — ${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(", ")}`;
    emit(
      { kind: "values", article: this.id, table: tableId, values: values.map(cleanValue) },
      {
        "text/html": tableHtml(rows, { caption, cellClass: () => undefined }).replace(/<td>(match|consistent|discrepant|unavailable)<\/td>/g, (_m, s: string) => `<td style="${statusStyle(s)}">${s}</td>`),
        "text/plain": tableText(rows, { caption, limit: 40 }),
      },
    );
  }

  /** The comparisons declared so far for a table (all tables when omitted). */
  comparisons(tableId?: string): ValueResult[] {
    return this.values.filter((v) => tableId === undefined || v.table === tableId);
  }

  /**
   * Declare a checked claim of the text by its rule: the claim's kind and numbers (lib/claims.ts
   * `ClaimRule`). The verdict is computed by `decide(rule)` under the one tolerance policy of lib/claims.ts;
   * a notebook never writes it. Returns the decision. Running the declaring cell again replaces the claim.
   *
   * @example nb.claim("grid-losses-1-8", "grid losses are about 1.8 times lower", { kind: "ratio", numerator: 12.3, denominator: 10.55, stated: 1.8, wording: "about" }, { where: "p. 127" }) // → verdict "false"
   */
  claim(id: string, text: string, rule: ClaimRule, context: ClaimContext = {}): ClaimDecision {
    if (rule && typeof rule === "object" && "verdict" in rule) {
      throw new InputError(`claim ${id}: a notebook states the claim's rule (kind and numbers), not its verdict — see lib/claims.ts ClaimRule`);
    }
    let decision: ClaimDecision;
    try {
      decision = decide(rule);
    } catch (e) {
      throw new InputError(`claim ${id}: ${(e as Error).message}`);
    }
    this.redeclare(`claim ${JSON.stringify(id)}`);
    const note = context.note ?? "";
    const numbers = { ...decision.numbers, ...(context.numbers ?? {}) };
    const before = this.claims.findIndex((c) => c.id === id);
    this.claims.splice(before >= 0 ? before : this.claims.length, before >= 0 ? 1 : 0, { id, text, verdict: decision.verdict, note });
    const shown = Object.entries(numbers)
      .map(([k, v]) => `${k} = ${typeof v === "number" ? +v.toPrecision(8) : v}`)
      .join("; ");
    const why = [decision.reason, note].filter(Boolean).join(" — ");
    emit(
      {
        kind: "claim",
        article: this.id,
        id,
        text,
        rule: decision.kind,
        verdict: decision.verdict,
        numbers,
        reason: decision.reason,
        note,
        ...(decision.missing ? { missing: decision.missing } : {}),
        ...(context.where ? { where: context.where } : {}),
      },
      {
        "text/html": `<div style="border-left:4px solid #999;padding:4px 8px;margin:4px 0"><b style="${statusStyle(decision.verdict)};padding:0 4px">${decision.verdict}</b> <small>[${escapeHtml(decision.kind)}]</small> ${escapeHtml(text)}<br><small>${escapeHtml(shown)}${why ? ` — ${escapeHtml(why)}` : ""}</small></div>`,
        "text/plain": `[${decision.verdict}] (${decision.kind}) ${text}\n    ${shown}${why ? `\n    ${why}` : ""}`,
      },
    );
    return decision;
  }

  /**
   * Declare an editorial finding: a table cited by the wrong number, a wrong caption, a table's print
   * precision, a mismatch with the reference list. It is reported in its own section, not as a false claim.
   */
  editorial(id: string, text: string, finding: EditorialFinding): void {
    const types: EditorialType[] = ["table-number", "caption", "precision", "reference-list", "other"];
    if (!types.includes(finding.type)) throw new InputError(`editorial ${id}: type must be one of ${types.join(", ")}`);
    this.redeclare(`editorial finding ${JSON.stringify(id)}`);
    if (!this.editorials.includes(id)) this.editorials.push(id);
    const note = finding.note ?? "";
    const numbers = finding.numbers ?? {};
    emit(
      { kind: "editorial", article: this.id, id, text, type: finding.type, note, numbers, ...(finding.where ? { where: finding.where } : {}) },
      {
        "text/html": `<div style="border-left:4px solid #b0a0d0;padding:4px 8px;margin:4px 0"><b>editorial</b> <small>[${escapeHtml(finding.type)}]</small> ${escapeHtml(text)}${note ? `<br><small>${escapeHtml(note)}</small>` : ""}</div>`,
        "text/plain": `[editorial: ${finding.type}] ${text}${note ? `\n    ${note}` : ""}`,
      },
    );
  }

  /** Display a figure and register it for the report. */
  figure(id: string, figure: PlotlyFigure): void {
    this.redeclare(`figure ${JSON.stringify(id)}`);
    emit({ kind: "figure", article: this.id, id, title: figureTitle(figure, id) }, figureBundle(figure, `${this.id}-${id}`));
  }

  /**
   * Record that `what` is declared by the running cell. Declaring it again is an error, except when the same
   * cell runs again in the kernel (a re-run replaces what the cell declared): the same client cell id, or no
   * cell id from the client (the classic Notebook sends none) and a later run.
   */
  private redeclare(what: string): void {
    const here = currentCell();
    const before = this.declared.get(what);
    if (before) {
      const rerun = here !== null && here.run !== before.run && (here.cellId === null || before.cellId === null || here.cellId === before.cellId);
      if (!rerun) throw new InputError(`article ${this.id}: ${what} declared twice${here && here.run !== before.run ? " (in two different cells)" : ""}`);
    }
    this.declared.set(what, here ?? { cellId: null, run: -1 });
  }

  /** Show the counts by status of everything declared so far (values and claims). */
  summary(): void {
    const values = countBy(this.values.map((v) => v.status));
    const claims = countBy(this.claims.map((c) => c.verdict));
    const rows = [
      ...Object.entries(values).map(([status, n]) => ({ kind: "printed values", status, count: n })),
      ...Object.entries(claims).map(([status, n]) => ({ kind: "claims", status, count: n })),
      ...(this.editorials.length ? [{ kind: "editorial findings", status: "editorial", count: this.editorials.length }] : []),
    ];
    displayBundle({
      "text/html": tableHtml(rows, { caption: `${this.id}: statuses` }).replace(/<td>(match|consistent|discrepant|unavailable|true|false|loose|unverifiable)<\/td>/g, (_m, s: string) => `<td style="${statusStyle(s)}">${s}</td>`),
      "text/plain": tableText(rows, { caption: `${this.id}: statuses` }),
    });
  }
}

function cleanValue(v: ReproducedValue): ReproducedValue {
  return v.note ? { row: v.row, column: v.column, value: v.value ?? null, note: v.note } : { row: v.row, column: v.column, value: v.value ?? null };
}

function countBy(xs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

function emit(record: ResultRecord, bundle: Record<string, unknown>): void {
  displayBundle({ ...bundle, [RESULT_MIME]: record });
}

/** The articles opened in this kernel session: running the cell that opens one again keeps its declarations. */
const opened = new Map<string, Article>();

/**
 * Open an article's reproduction context (see {@link Article}). In the kernel, opening the same article again
 * (re-running the notebook's first cell) gives the same context, so that what other cells declared stays.
 */
export function article(id: string, info: ArticleInfo = {}): Article {
  if (currentCell() === null) return new Article(id, info);
  const key = `${dataRoot()}\u0000${id}`;
  const a = opened.get(key) ?? new Article(id, info);
  if (opened.has(key)) a.announce(info);
  opened.set(key, a);
  return a;
}
