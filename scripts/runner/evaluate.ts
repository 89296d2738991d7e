/**
 * From an executed notebook to verdicts: collect what the notebook declared (lib/notebook.ts emits it under
 * RESULT_MIME), compare every reproduced value with the printed table itself (lib/published.ts, the same
 * comparison the notebook shows), and compare every status with the one recorded in
 * data/<article>/expected.json.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PLOTLY_MIME, RESULT_MIME, type PlotlyFigure } from "../../lib/display";
import type { ResultRecord, Verdict } from "../../lib/notebook";
import { compareTable, readPublishedIndex, readPublishedTable, type ReproducedValue } from "../../lib/published";
import type { Interval, Status } from "../../lib/verify";
import type { ExecutedNotebook, Failure } from "./execute";
import { BadFileError, readJsonFile } from "./json-file";

export interface ValueRow {
  article: string;
  table: string;
  row: string;
  column: string;
  published: string | null;
  computed: number | null;
  computedInterval?: [number, number];
  status: Status;
  note: string;
}

export interface ClaimRow {
  article: string;
  id: string;
  text: string;
  /** The claim's rule kind (lib/claims.ts): ratio, comparison, rank, change, share, count, range, quantifier, … */
  rule: string;
  status: Verdict;
  /** The rule's reasoning from the numbers. */
  reason: string;
  note: string;
  numbers: Record<string, unknown>;
  /** For `unverifiable`: the evidence that would decide it. */
  missing?: string;
  where?: string;
}

/** An editorial slip (wrong table number, caption, print precision, reference list), apart from the claims. */
export interface EditorialRow {
  article: string;
  id: string;
  text: string;
  type: string;
  note: string;
  numbers: Record<string, unknown>;
  where?: string;
}

export interface Difference {
  article: string;
  kind: "value" | "claim" | "editorial" | "expectations";
  key: string;
  expected: string | null;
  actual: string | null;
}

export interface ExpectedEntry {
  status: string;
  note?: string;
}

export interface Expected {
  article: string;
  values: Record<string, Record<string, Record<string, ExpectedEntry>>>;
  claims: Record<string, ExpectedEntry>;
  /** Editorial findings by id: `{ status: "editorial", note }` (their type is in the note's finding). */
  editorial?: Record<string, ExpectedEntry>;
}

export type Outcome = "reproduced" | "changed" | "failed";

export interface ArticleResult {
  id: string;
  title: string;
  reference: string;
  notebook: string;
  outcome: Outcome;
  failure?: Failure;
  values: ValueRow[];
  claims: ClaimRow[];
  editorial: EditorialRow[];
  figures: { id: string; title: string; figure: PlotlyFigure }[];
  differences: Difference[];
  /** Things that are wrong but are not status changes: a discrepancy without its explanation, a bad record. */
  problems: string[];
}

/** A declared figure with its Plotly JSON, which travels in the same output as the declaration. */
type FigureRecord = Extract<ResultRecord, { kind: "figure" }> & { figure: PlotlyFigure };

/** The records a notebook emitted, in output order; a figure record gets its figure from the same output. */
export function collectRecords(nb: ExecutedNotebook): (Exclude<ResultRecord, { kind: "figure" }> | FigureRecord)[] {
  const out: (Exclude<ResultRecord, { kind: "figure" }> | FigureRecord)[] = [];
  for (const cell of nb.notebook.cells) {
    for (const o of cell.outputs ?? []) {
      if ((o.output_type === "display_data" || o.output_type === "execute_result") && o.data[RESULT_MIME]) {
        const r = o.data[RESULT_MIME] as ResultRecord;
        out.push(r.kind === "figure" ? { ...r, figure: o.data[PLOTLY_MIME] as PlotlyFigure } : r);
      }
    }
  }
  return out;
}

const NOTE_REQUIRED_VALUE = new Set(["discrepant", "unavailable"]);
const NOTE_REQUIRED_CLAIM = new Set(["false", "loose", "unverifiable"]);

/** The recorded expectations of an article, or null when it has none; a bad file is a BadFileError. */
export function readExpected(dataDir: string, article: string): Expected | null {
  const file = join(dataDir, article, "expected.json");
  if (!existsSync(file)) return null;
  const e = readJsonFile(file, "the recorded expectations { article, values, claims }") as Expected;
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
  if (!isObject(e)) throw new BadFileError(file, "expected an object { article, values, claims }");
  if (e.values !== undefined && !isObject(e.values)) throw new BadFileError(file, `"values" must be an object table → row → column → { status }`);
  if (e.claims !== undefined && !isObject(e.claims)) throw new BadFileError(file, `"claims" must be an object claim id → { status }`);
  for (const [table, rows] of Object.entries(e.values ?? {})) {
    if (!isObject(rows)) throw new BadFileError(file, `values of table ${JSON.stringify(table)} must be an object row → column → { status }`);
    for (const [row, cols] of Object.entries(rows)) {
      if (!isObject(cols)) throw new BadFileError(file, `values of table ${JSON.stringify(table)}, row ${JSON.stringify(row)} must be an object column → { status }`);
      for (const [column, entry] of Object.entries(cols)) {
        if (!isObject(entry) || typeof entry.status !== "string") throw new BadFileError(file, `value ${table} / ${row} / ${column} has no "status" string`);
      }
    }
  }
  for (const [id, entry] of Object.entries(e.claims ?? {})) {
    if (!isObject(entry) || typeof entry.status !== "string") throw new BadFileError(file, `claim ${JSON.stringify(id)} has no "status" string`);
  }
  return e;
}

/**
 * published/tables.json of an article; when lib/published rejects it as JSON, the error names the line and
 * column (lib/published reports JSON.parse's message, which on Node 20 gives only a character offset).
 */
function publishedIndex(articleDir: string): ReturnType<typeof readPublishedIndex> {
  try {
    return readPublishedIndex(articleDir);
  } catch (e) {
    readJsonFile(join(articleDir, "published", "tables.json"), "the index of the printed tables { article, tables }");
    throw e;
  }
}

/** A failure of the article's own input files (not of its notebook): the article fails, alone. */
function inputFailure(e: unknown): Failure {
  return { cell: 0, firstLine: "", kind: "input", diagnostic: (e as Error).message };
}

const valueKey = (v: { table: string; row: string; column: string }) => `${v.table} / ${v.row} / ${v.column}`;

/** Evaluate one executed notebook against the printed tables and the recorded expectations. */
export function evaluate(nb: ExecutedNotebook, dataDir: string, notebookPath: string): ArticleResult {
  const records = collectRecords(nb);
  const head = records.find((r): r is Extract<ResultRecord, { kind: "article" }> => r.kind === "article");
  const id = head?.article ?? nb.id;
  const result: ArticleResult = {
    id,
    title: head?.title ?? nb.id,
    reference: head?.reference ?? "",
    notebook: notebookPath,
    outcome: "reproduced",
    failure: nb.failure,
    values: [],
    claims: [],
    editorial: [],
    figures: [],
    differences: [],
    problems: [],
  };
  if (head && head.article !== nb.id) result.problems.push(`the notebook ${nb.id} declares article ${head.article}; name the notebook after its article`);

  // Values: every derived printed cell of every table, compared with what the notebook reported.
  const byTable = new Map<string, ReproducedValue[]>();
  for (const r of records) {
    if (r.kind !== "values") continue;
    if (r.article !== id) {
      result.problems.push(`values for another article (${r.article}) in notebook ${nb.id}`);
      continue;
    }
    byTable.set(r.table, [...(byTable.get(r.table) ?? []), ...r.values]);
  }
  const articleDir = join(dataDir, id);
  // A file of this article that cannot be used fails this article (named, with its place), never the run.
  let badInput: Failure | undefined;
  let index: ReturnType<typeof readPublishedIndex> | undefined;
  if (existsSync(join(articleDir, "published", "tables.json"))) {
    try {
      index = publishedIndex(articleDir);
    } catch (e) {
      badInput = inputFailure(e);
    }
  }
  if (index) {
    for (const meta of index.tables) {
      try {
        const table = readPublishedTable(articleDir, meta);
        for (const c of compareTable(table, byTable.get(meta.id) ?? [])) {
          const row: ValueRow = { article: id, table: c.table, row: c.row, column: c.column, published: c.published, computed: c.computed, status: c.status, note: c.note };
          if (c.computedInterval) row.computedInterval = [c.computedInterval.lo, c.computedInterval.hi];
          // When the notebook failed before declaring a table, say so instead of "not computed".
          if (nb.status === "failed" && !byTable.has(meta.id)) row.note = "not reproducible: the notebook failed before computing this table";
          result.values.push(row);
        }
      } catch (e) {
        result.problems.push((e as Error).message);
      }
      byTable.delete(meta.id);
    }
  }
  for (const t of byTable.keys()) result.problems.push(`the notebook reported values for table ${JSON.stringify(t)}, which data/${id}/published/tables.json does not list`);

  const seenClaims = new Set<string>();
  const seenEditorial = new Set<string>();
  for (const r of records) {
    if (r.kind === "claim") {
      if (seenClaims.has(r.id)) result.problems.push(`claim ${r.id} declared twice`);
      seenClaims.add(r.id);
      if (!r.rule) result.problems.push(`claim ${r.id} carries no rule kind: declare it with a rule (lib/claims.ts)`);
      if (!r.numbers || !Object.keys(r.numbers).length) result.problems.push(`claim ${r.id} carries no numbers: a verdict rests on numbers`);
      result.claims.push({
        article: id,
        id: r.id,
        text: r.text,
        rule: r.rule ?? "",
        status: r.verdict,
        reason: r.reason ?? "",
        note: r.note,
        numbers: r.numbers as Record<string, unknown>,
        ...(r.missing ? { missing: r.missing } : {}),
        ...(r.where ? { where: r.where } : {}),
      });
    } else if (r.kind === "editorial") {
      if (seenEditorial.has(r.id)) result.problems.push(`editorial finding ${r.id} declared twice`);
      seenEditorial.add(r.id);
      result.editorial.push({ article: id, id: r.id, text: r.text, type: r.type, note: r.note, numbers: r.numbers as Record<string, unknown>, ...(r.where ? { where: r.where } : {}) });
    } else if (r.kind === "figure") {
      result.figures.push({ id: r.id, title: r.title, figure: r.figure });
    }
  }

  // Expectations.
  let expected: Expected | null = null;
  try {
    expected = readExpected(dataDir, id);
  } catch (e) {
    badInput ??= inputFailure(e);
    if (badInput.diagnostic !== (e as Error).message) result.problems.push((e as Error).message);
  }
  if (badInput) {
    // Nothing to compare with: the statuses found are listed, and the article is failed with the file named.
    if (result.failure) result.problems.push(badInput.diagnostic);
    else result.failure = badInput;
  } else if (!expected) {
    result.differences.push({ article: id, kind: "expectations", key: `data/${id}/expected.json`, expected: "a recorded status for every value and claim", actual: "no expected.json" });
  } else {
    const seen = new Set<string>();
    for (const v of result.values) {
      const e = expected.values?.[v.table]?.[v.row]?.[v.column];
      seen.add(valueKey(v));
      if (!e || e.status !== v.status) result.differences.push({ article: id, kind: "value", key: valueKey(v), expected: e?.status ?? null, actual: v.status });
      else if (NOTE_REQUIRED_VALUE.has(e.status) && !e.note?.trim()) result.problems.push(`${valueKey(v)} is ${e.status} but expected.json gives no explanation`);
    }
    for (const [table, rows] of Object.entries(expected.values ?? {})) {
      for (const [row, cols] of Object.entries(rows)) {
        for (const [column, e] of Object.entries(cols)) {
          const key = valueKey({ table, row, column });
          if (!seen.has(key)) result.differences.push({ article: id, kind: "value", key, expected: e.status, actual: null });
        }
      }
    }
    for (const c of result.claims) {
      const e = expected.claims?.[c.id];
      if (!e || e.status !== c.status) result.differences.push({ article: id, kind: "claim", key: c.id, expected: e?.status ?? null, actual: c.status });
      else if (NOTE_REQUIRED_CLAIM.has(e.status) && !e.note?.trim()) result.problems.push(`claim ${c.id} is ${e.status} but expected.json gives no explanation`);
    }
    for (const [cid, e] of Object.entries(expected.claims ?? {})) {
      if (!seenClaims.has(cid)) result.differences.push({ article: id, kind: "claim", key: cid, expected: e.status, actual: null });
    }
    for (const f of result.editorial) {
      if (!expected.editorial?.[f.id]) result.differences.push({ article: id, kind: "editorial", key: f.id, expected: null, actual: "editorial" });
    }
    for (const fid of Object.keys(expected.editorial ?? {})) {
      if (!seenEditorial.has(fid)) result.differences.push({ article: id, kind: "editorial", key: fid, expected: "editorial", actual: null });
    }
  }
  result.outcome = nb.status === "failed" || badInput ? "failed" : result.differences.length || result.problems.length ? "changed" : "reproduced";
  return result;
}

/**
 * The expected.json that records this run's statuses. Notes already written are kept while the status is
 * unchanged; a new unavailable value or non-true claim takes the run's own reason; a new discrepancy gets an
 * empty note, which the runner reports until somebody explains it.
 */
export function updatedExpected(result: ArticleResult, previous: Expected | null): Expected {
  const values: Expected["values"] = {};
  for (const v of result.values) {
    const old = previous?.values?.[v.table]?.[v.row]?.[v.column];
    let note = old && old.status === v.status ? old.note ?? "" : "";
    if (!note && v.status === "unavailable") note = v.note;
    const entry: ExpectedEntry = { status: v.status };
    if (note || NOTE_REQUIRED_VALUE.has(v.status)) entry.note = note;
    ((values[v.table] ??= {})[v.row] ??= {})[v.column] = entry;
  }
  const claims: Expected["claims"] = {};
  for (const c of result.claims) {
    const old = previous?.claims?.[c.id];
    let note = old && old.status === c.status ? old.note ?? "" : "";
    if (!note && c.status !== "true") note = [c.reason, c.note].filter(Boolean).join(" — ");
    claims[c.id] = note || NOTE_REQUIRED_CLAIM.has(c.status) ? { status: c.status, note } : { status: c.status };
  }
  const editorial: NonNullable<Expected["editorial"]> = {};
  for (const f of result.editorial) {
    const old = previous?.editorial?.[f.id];
    editorial[f.id] = { status: "editorial", note: old?.note || `${f.type}: ${f.text}${f.note ? ` — ${f.note}` : ""}` };
  }
  return result.editorial.length ? { article: result.id, values, claims, editorial } : { article: result.id, values, claims };
}

/** Counts by status. */
export function countStatuses<T extends string>(xs: readonly { status: T }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x.status] = (out[x.status] ?? 0) + 1;
  return out;
}

export type { Interval };
