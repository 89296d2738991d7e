import { describe, expect, it } from "vitest";
import { formatCsv, parseCsv } from "../lib/csv";

describe("parseCsv", () => {
  it("keeps cells as text, with quotes, commas and newlines", () => {
    const t = parseCsv('region,value\n"Moscow, City","0,4741"\n"Line\nbreak","say ""hi"""\n', "t.csv");
    expect(t.columns).toEqual(["region", "value"]);
    expect(t.rows).toEqual([
      { region: "Moscow, City", value: "0,4741" },
      { region: "Line\nbreak", value: 'say "hi"' },
    ]);
  });
  it("handles CRLF, a BOM and a missing final newline", () => {
    expect(parseCsv("\ufeffa,b\r\n1,2", "x").rows).toEqual([{ a: "1", b: "2" }]);
  });
  it("names the file and line of a row with the wrong number of fields", () => {
    expect(() => parseCsv("a,b\n1,2\n3\n", "data/x.csv")).toThrow("data/x.csv, line 3: 1 fields, but the header has 2");
  });
  it("names an unterminated quote and duplicate or empty column names", () => {
    expect(() => parseCsv('a\n"oops\n', "f.csv")).toThrow(/f.csv, line 2, column 1: unterminated quoted field/);
    expect(() => parseCsv("a,a\n1,2\n", "f.csv")).toThrow(/duplicate column name "a"/);
    expect(() => parseCsv("a,\n1,2\n", "f.csv")).toThrow(/column 2: empty column name/);
    expect(() => parseCsv("", "f.csv")).toThrow(/empty CSV/);
  });
  it("round-trips through formatCsv", () => {
    const rows = [{ a: "x, y", b: 'q"q' }, { a: "1", b: "" }];
    expect(parseCsv(formatCsv(["a", "b"], rows)).rows).toEqual(rows);
  });
});
