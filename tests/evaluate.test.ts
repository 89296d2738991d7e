/** The comparison of a notebook's declarations with the printed tables and the recorded expectations. */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RESULT_MIME } from "../lib/display";
import type { ResultRecord } from "../lib/notebook";
import { compareTable, readPublishedIndex, readPublishedTable } from "../lib/published";
import { evaluate, updatedExpected, type Expected } from "../scripts/runner/evaluate";
import type { ExecutedNotebook } from "../scripts/runner/execute";
import { buildReport, renderMarkdown } from "../scripts/runner/report";

const fixtureData = join(__dirname, "fixtures", "data");

function executed(records: ResultRecord[], status: "ok" | "failed" = "ok"): ExecutedNotebook {
  return {
    id: "fixture-ok",
    path: "notebooks/fixture-ok.ipynb",
    status,
    notebook: { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "code", source: "", metadata: {}, outputs: records.map((r) => ({ output_type: "display_data" as const, data: { [RESULT_MIME]: r }, metadata: {} })) }] },
    timings: [],
    kernelStartMs: 0,
    totalMs: 0,
  };
}

const head: ResultRecord = { kind: "article", article: "fixture-ok", title: "Fixture", reference: "" };
const values = (v: { row: string; value: number | null }[]): ResultRecord => ({ kind: "values", article: "fixture-ok", table: "table-1", values: v.map((x) => ({ row: x.row, column: "double", value: x.value })) });
const claim: ResultRecord = { kind: "claim", article: "fixture-ok", id: "positive", text: "All x are positive", rule: "quantifier", verdict: "false", numbers: { cases: 3, holding: 2 }, reason: "1 exception(s) of 3", note: "checked" };

function dataCopy(expected?: Expected): string {
  const dir = mkdtempSync(join(tmpdir(), "eval-"));
  cpSync(join(fixtureData, "fixture-ok"), join(dir, "fixture-ok"), { recursive: true });
  const file = join(dir, "fixture-ok", "expected.json");
  if (expected) writeFileSync(file, JSON.stringify(expected));
  else rmSync(file);
  return dir;
}

describe("compareTable", () => {
  const table = readPublishedTable(join(fixtureData, "fixture-ok"), readPublishedIndex(join(fixtureData, "fixture-ok")).tables[0]);
  it("compares every derived printed cell; cells not reported are unavailable", () => {
    const r = compareTable(table, [{ row: "a", column: "double", value: 3 }]);
    expect(r.map((x) => [x.row, x.status])).toEqual([
      ["a", "match"],
      ["b", "unavailable"],
    ]);
    expect(r[1].note).toContain("not computed by the notebook");
  });
  it("rejects a reported row or column the printed table does not have, and duplicates", () => {
    expect(() => compareTable(table, [{ row: "z", column: "double", value: 1 }])).toThrow(/row "z", which the printed table does not have/);
    expect(() => compareTable(table, [{ row: "a", column: "x", value: 1 }])).toThrow(/column "x", which is not a derived column/);
    expect(() => compareTable(table, [{ row: "a", column: "double", value: 1 }, { row: "a", column: "double", value: 1 }])).toThrow(/reported twice/);
  });
  it("reads printed cells and names a bad one", () => {
    expect(table.number("c", "x").value).toBe(-3);
    expect(table.cell("c", "double")).toBeNull();
    expect(() => table.number("c", "double")).toThrow(/row "c", column double: the cell is empty/);
  });
});

describe("printed tables declare their number format, and a cell in another format is an error", () => {
  function tableWith(cells: string, numberFormat?: object): string {
    const dir = mkdtempSync(join(tmpdir(), "fmt-"));
    cpSync(join(fixtureData, "fixture-ok"), join(dir, "fixture-ok"), { recursive: true });
    const indexFile = join(dir, "fixture-ok", "published", "tables.json");
    const index = JSON.parse(readFileSync(indexFile, "utf8"));
    if (numberFormat === undefined) delete index.tables[0].numberFormat;
    else index.tables[0].numberFormat = numberFormat;
    writeFileSync(indexFile, JSON.stringify(index));
    writeFileSync(join(dir, "fixture-ok", "published", "table-1.csv"), cells);
    return join(dir, "fixture-ok");
  }
  const read = (d: string) => readPublishedTable(d, readPublishedIndex(d).tables[0]);
  it("reads a thousands comma in a table that groups with spaces as an error naming table, row and column (not 1.367)", () => {
    const d = tableWith("item,x,double\na,1 367,2 734\nb,\"1,367\",2\n", { decimal: ".", group: " " });
    expect(() => read(d)).toThrow(/line 3: table table-1, row "b", column x: not a printed number: "1,367" contains ","/);
  });
  it("accepts the declared format, spaces between groups of three", () => {
    const d = tableWith("item,x,double\na,1 367.5,2 735\n", { decimal: ".", group: " " });
    expect(read(d).number("a", "x").value).toBe(1367.5);
  });
  it("rejects malformed groups and whitespace that is not a group separator", () => {
    expect(() => read(tableWith("item,x,double\na,1 2 3,2\n", { decimal: ",", group: " " }))).toThrow(/row "a", column x: .*digit groups must be of three digits/);
    expect(() => read(tableWith("item,x,double\na,1\t2,2\n", { decimal: ",", group: " " }))).toThrow(/row "a", column x: .*"\\t" inside a number/);
  });
  it("requires a number format for a table with numeric columns, and a valid one", () => {
    expect(() => readPublishedIndex(tableWith("item,x,double\na,1,2\n"))).toThrow(/has numeric columns but no "numberFormat"/);
    expect(() => readPublishedIndex(tableWith("item,x,double\na,1,2\n", { decimal: ",", group: "," }))).toThrow(/numberFormat must be/);
  });
  it("every table the project ships declares a format that all its numeric cells fit", () => {
    const dataDir = join(fixtureData, "..", "..", "..", "data");
    let tables = 0;
    for (const article of readdirSync(dataDir)) {
      const dir = join(dataDir, article);
      if (!existsSync(join(dir, "published", "tables.json"))) continue;
      for (const meta of readPublishedIndex(dir).tables) {
        readPublishedTable(dir, meta);
        tables++;
      }
    }
    expect(tables).toBeGreaterThan(10);
  });
});

describe("evaluate against expectations", () => {
  const expected: Expected = {
    article: "fixture-ok",
    values: { "table-1": { a: { double: { status: "match" } }, b: { double: { status: "discrepant", note: "printed 4,1 on purpose" } } } },
    claims: { positive: { status: "false", note: "checked" } },
  };
  it("is reproduced when every status equals the recorded one", () => {
    const r = evaluate(executed([head, values([{ row: "a", value: 3 }, { row: "b", value: 4 }]), claim]), dataCopy(expected), "nb");
    expect(r.outcome).toBe("reproduced");
    expect(r.differences).toEqual([]);
  });
  it("lists a changed status, a value no longer reported and a new claim", () => {
    const r = evaluate(
      executed([head, values([{ row: "a", value: 3.2 }]), { ...claim, id: "other" }]),
      dataCopy(expected),
      "nb",
    );
    expect(r.outcome).toBe("changed");
    expect(r.differences).toEqual(
      expect.arrayContaining([
        { article: "fixture-ok", kind: "value", key: "table-1 / a / double", expected: "match", actual: "discrepant" },
        { article: "fixture-ok", kind: "value", key: "table-1 / b / double", expected: "discrepant", actual: "unavailable" },
        { article: "fixture-ok", kind: "claim", key: "other", expected: null, actual: "false" },
        { article: "fixture-ok", kind: "claim", key: "positive", expected: "false", actual: null },
      ]),
    );
  });
  it("reports a recorded discrepancy that has no explanation", () => {
    const unexplained = JSON.parse(JSON.stringify(expected)) as Expected;
    unexplained.values["table-1"].b.double.note = "";
    const r = evaluate(executed([head, values([{ row: "a", value: 3 }, { row: "b", value: 4 }]), claim]), dataCopy(unexplained), "nb");
    expect(r.outcome).toBe("changed");
    expect(r.problems).toEqual(["table-1 / b / double is discrepant but expected.json gives no explanation"]);
  });
  it("marks a failed notebook as failed", () => {
    const r = evaluate(executed([head], "failed"), dataCopy(expected), "nb");
    expect(r.outcome).toBe("failed");
    expect(r.values.every((v) => v.status === "unavailable")).toBe(true);
  });
  it("updatedExpected keeps notes whose status is unchanged and asks for new explanations", () => {
    const r = evaluate(executed([head, values([{ row: "a", value: 3.3 }, { row: "b", value: 4 }]), claim]), dataCopy(expected), "nb");
    const u = updatedExpected(r, expected);
    expect(u.values["table-1"].b.double).toEqual({ status: "discrepant", note: "printed 4,1 on purpose" });
    expect(u.values["table-1"].a.double).toEqual({ status: "discrepant", note: "" });
    expect(u.claims.positive).toEqual({ status: "false", note: "checked" });
  });
});

describe("report", () => {
  it("counts by status per article and ends report.md with the per-article tables", () => {
    const r = evaluate(executed([head, values([{ row: "a", value: 3 }, { row: "b", value: 4 }]), claim]), dataCopy(), "nb");
    const report = buildReport([r]);
    expect(report.articles[0].counts).toEqual({ values: { match: 1, discrepant: 1 }, claims: { true: 0, false: 1, loose: 0, unverifiable: 0 }, editorial: 0 });
    expect(report.differences[0]).toMatchObject({ kind: "expectations", actual: "no expected.json" });
    const md = renderMarkdown(report);
    expect(md.trim().split("\n").slice(-2)[0]).toBe("| printed values | 1 | 0 | 1 | 0 |  |  |  |  |");
    expect(md).toContain("Claims: 0 true, 1 false, 0 loose, 0 unverifiable. Editorial findings: 0.");
  });
  it("reports an unverifiable claim with its missing evidence and an editorial finding apart from the claims, and records both", () => {
    const undecided: ResultRecord = { kind: "claim", article: "fixture-ok", id: "always", text: "x is always positive", rule: "quantifier", verdict: "unverifiable", numbers: { cases: 0 }, reason: "the numbers do not decide it: missing each x", missing: "each x", note: "" };
    const slip: ResultRecord = { kind: "editorial", article: "fixture-ok", id: "caption", text: "The caption says Table 1", type: "caption", note: "it continues Table 3", numbers: {} };
    const r = evaluate(executed([head, values([{ row: "a", value: 3 }, { row: "b", value: 4 }]), claim, undecided, slip]), dataCopy({ article: "fixture-ok", values: {}, claims: {} }), "nb");
    expect(r.claims.map((c) => [c.id, c.rule, c.status])).toEqual([["positive", "quantifier", "false"], ["always", "quantifier", "unverifiable"]]);
    expect(r.editorial).toEqual([{ article: "fixture-ok", id: "caption", text: "The caption says Table 1", type: "caption", note: "it continues Table 3", numbers: {} }]);
    expect(r.differences).toContainEqual({ article: "fixture-ok", kind: "editorial", key: "caption", expected: null, actual: "editorial" });
    const report = buildReport([r]);
    expect(report.summary.claims).toEqual({ true: 0, false: 1, loose: 0, unverifiable: 1 });
    expect(report.summary.editorial).toBe(1);
    const md = renderMarkdown(report);
    expect(md).toMatch(/## Claims the numbers do not decide \(unverifiable\)[\s\S]*\| fixture-ok \| x is always positive \| quantifier \| each x \|/);
    expect(md).toMatch(/## Editorial findings[\s\S]*\| fixture-ok \| caption \| The caption says Table 1 \| it continues Table 3 \|/);
    expect(md.slice(md.indexOf("## Claims that do not hold"), md.indexOf("## Claims the numbers"))).not.toContain("caption");
    const recorded = updatedExpected(r, null);
    expect(recorded.claims.always).toEqual({ status: "unverifiable", note: "the numbers do not decide it: missing each x" });
    expect(recorded.editorial).toEqual({ caption: { status: "editorial", note: "caption: The caption says Table 1 — it continues Table 3" } });
    expect(evaluate(executed([head, values([{ row: "a", value: 3 }, { row: "b", value: 4 }]), claim, undecided, slip]), dataCopy(recorded), "nb").differences.filter((d) => d.kind !== "value")).toEqual([]);
  });
  it("a claim record without a rule kind is a problem", () => {
    const bare = { kind: "claim", article: "fixture-ok", id: "bare", text: "t", verdict: "true", numbers: {}, note: "" } as unknown as ResultRecord;
    const r = evaluate(executed([head, bare]), dataCopy(), "nb");
    expect(r.problems).toContain("claim bare carries no rule kind: declare it with a rule (lib/claims.ts)");
    expect(r.problems).toContain("claim bare carries no numbers: a verdict rests on numbers");
  });
});
