/**
 * Every notebook states its claims as rules (lib/claims.ts: a kind and its numbers) and never writes a
 * verdict: the verdict is computed by decide(). This scans the notebooks' code cells; a hand-written verdict
 * (`verdict:` in a claim, or the old `verdictOf` helper) fails it, naming the notebook and cell.
 *
 * It also parses each cell (the TypeScript compiler's parser) and reads every `nb.claim(id, text, rule, …)` call's
 * rule, failing on a rule whose verdict is fixed in advance: a free-form rule with a literal `holds: true|false`
 * (or `holdsLoosely`) or without a stated `test`; a figure compared with itself (`actual` and `stated`, `counted`
 * and `stated`, `a` and `b`, … written the same, or equal number literals); a quantifier or `only` whose cases
 * are all literal booleans. A rule the scan cannot read (not an object literal, a conditional of them, or a
 * `const` of the same cell) fails too, so that nothing escapes it unseen.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const dir = join(__dirname, "..", "notebooks");
const notebooks = readdirSync(dir).filter((f) => f.endsWith(".ipynb"));

function codeCells(file: string): { index: number; source: string }[] {
  const nb = JSON.parse(readFileSync(join(dir, file), "utf8")) as { cells: { cell_type: string; source: string[] | string }[] };
  return nb.cells
    .map((c, index) => ({ index: index + 1, type: c.cell_type, source: Array.isArray(c.source) ? c.source.join("") : c.source }))
    .filter((c) => c.type === "code");
}

/** The properties of an object literal, by name (spread and computed names are skipped). */
function props(o: ts.ObjectLiteralExpression): Map<string, ts.Expression> {
  const out = new Map<string, ts.Expression>();
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) out.set(p.name.text, p.initializer);
    else if (ts.isShorthandPropertyAssignment(p)) out.set(p.name.text, p.name);
  }
  return out;
}

const strip = (e: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) ? strip(e.expression) : e);
const isBooleanLiteral = (e: ts.Expression): boolean => {
  const k = strip(e).kind;
  return k === ts.SyntaxKind.TrueKeyword || k === ts.SyntaxKind.FalseKeyword;
};
const numberLiteral = (e: ts.Expression): number | undefined => {
  const s = strip(e);
  if (ts.isNumericLiteral(s)) return Number(s.text);
  if (ts.isPrefixUnaryExpression(s) && s.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(s.operand)) return -Number(s.operand.text);
  return undefined;
};

/** The object literals a rule argument can evaluate to (both branches of a conditional; a `const` of the cell). */
function ruleLiterals(e: ts.Expression, consts: Map<string, ts.Expression>, depth = 0): ts.ObjectLiteralExpression[] | null {
  const s = strip(e);
  if (ts.isObjectLiteralExpression(s)) return [s];
  if (ts.isConditionalExpression(s)) {
    const a = ruleLiterals(s.whenTrue, consts, depth + 1);
    const b = ruleLiterals(s.whenFalse, consts, depth + 1);
    return a && b ? [...a, ...b] : null;
  }
  if (ts.isIdentifier(s) && consts.has(s.text) && depth < 5) return ruleLiterals(consts.get(s.text)!, consts, depth + 1);
  return null;
}

/** The pairs of inputs a kind compares with each other (the computed figure first). */
const COMPARED: Record<string, [string, string][]> = {
  value: [["actual", "stated"]],
  count: [["counted", "stated"]],
  comparison: [["a", "b"]],
  change: [["from", "to"]],
  ratio: [["numerator", "denominator"]],
  share: [["part", "whole"]],
};

/** The problems of one cell's claims: each names the claim (its id when it is a literal) and what is wrong. */
export function fixedRules(source: string): string[] {
  return scanClaims(source).problems;
}

/** The claim calls of one cell, and their problems. */
function scanClaims(source: string): { calls: number; problems: string[] } {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const consts = new Map<string, ts.Expression>();
  const calls: ts.CallExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.isVariableDeclarationList(n.parent) && n.parent.flags & ts.NodeFlags.Const) consts.set(n.name.text, n.initializer);
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "claim") calls.push(n);
    ts.forEachChild(n, visit);
  };
  visit(file);
  const problems: string[] = [];
  for (const call of calls) {
    const idArg = call.arguments[0];
    const id = idArg && (ts.isStringLiteral(idArg) || ts.isNoSubstitutionTemplateLiteral(idArg)) ? idArg.text : idArg ? idArg.getText(file) : "?";
    const ruleArg = call.arguments[2];
    if (!ruleArg) {
      problems.push(`${id}: no rule`);
      continue;
    }
    const literals = ruleLiterals(ruleArg, consts);
    if (!literals) {
      problems.push(`${id}: the rule is not an object literal the scan can read (${ruleArg.getText(file).slice(0, 60)})`);
      continue;
    }
    for (const lit of literals) {
      const p = props(lit);
      if (p.has("verdict")) problems.push(`${id}: a verdict written by hand`);
      const kindExpr = p.get("kind");
      const kind = kindExpr && ts.isStringLiteral(strip(kindExpr)) ? (strip(kindExpr) as ts.StringLiteral).text : undefined;
      if (kind === "rule") {
        for (const name of ["holds", "holdsLoosely"]) {
          const v = p.get(name);
          if (v && isBooleanLiteral(v)) problems.push(`${id}: ${name} is the literal ${strip(v).getText(file)}`);
        }
        const test = p.get("test");
        if (!test || ((ts.isStringLiteral(test) || ts.isNoSubstitutionTemplateLiteral(test)) && !test.text.trim())) problems.push(`${id}: a free-form rule without its test`);
      }
      for (const [x, y] of COMPARED[kind ?? ""] ?? []) {
        const ex = p.get(x);
        const ey = p.get(y);
        // two `{ missing }` inputs (an unverifiable rule) may well be written alike
        if (!ex || !ey || ts.isObjectLiteralExpression(strip(ex)) || ts.isObjectLiteralExpression(strip(ey))) continue;
        const nx = numberLiteral(ex);
        const ny = numberLiteral(ey);
        const same = strip(ex).getText(file).replace(/\s+/g, "") === strip(ey).getText(file).replace(/\s+/g, "");
        if (same || (nx !== undefined && nx === ny)) problems.push(`${id}: ${x} and ${y} are the same (${strip(ex).getText(file)})`);
      }
      // a figure passed as the same literal as the stated one (value, count: `actual: 7, stated: 7`) is caught above;
      // a ratio or share's computed figure equal to a literal stated one is not knowable statically.
      if (kind === "quantifier" || kind === "only") {
        const cases = p.get("cases");
        const c = cases && strip(cases);
        if (c && ts.isObjectLiteralExpression(c) && c.properties.length > 0) {
          const values = [...props(c).values()];
          if (values.length === c.properties.length && values.every(isBooleanLiteral)) problems.push(`${id}: every case is a literal true or false`);
        }
      }
    }
  }
  return { calls: calls.length, problems };
}

describe("notebooks state claims as rules, never verdicts", () => {
  it("finds the notebooks", () => expect(notebooks.length).toBeGreaterThan(5));
  for (const file of notebooks) {
    it(`${file}: no hand-written verdict`, () => {
      const offending = codeCells(file).filter((c) => /\bverdict\s*:/.test(c.source) || /\bverdictOf\s*\(/.test(c.source));
      expect(offending.map((c) => `cell ${c.index}: ${c.source.split("\n").find((l) => /verdict/.test(l))?.trim()}`)).toEqual([]);
    });
    it(`${file}: no rule whose verdict is fixed in advance`, () => {
      const cells = codeCells(file);
      const problems = cells.flatMap((c) => fixedRules(c.source).map((p) => `cell ${c.index}: ${p}`));
      expect(problems).toEqual([]);
      // the parse saw every claim call the text has
      const parsed = cells.reduce((n, c) => n + scanClaims(c.source).calls, 0);
      const written = cells.reduce((n, c) => n + (c.source.match(/\.claim\(/g) ?? []).length, 0);
      expect(parsed).toBe(written);
    });
  }
  it("the scan catches a hand-written verdict (a fixture string)", () => {
    expect(/\bverdict\s*:/.test(`nb.claim("x", "y", { verdict: "true", numbers: {} })`)).toBe(true);
    expect(/\bverdict\s*:/.test(`nb.claim("x", "y", { kind: "count", counted: rows.length, stated: 7 })`)).toBe(false);
  });
  it("the parse catches rules fixed in advance (fixture cells)", () => {
    expect(fixedRules(`nb.claim("x", "y", { kind: "rule", test: "t", holds: true });`)).toEqual(["x: holds is the literal true"]);
    expect(fixedRules(`nb.claim("x", "y", { kind: "rule", test: "t", holds: a > b, holdsLoosely: (false) });`)).toEqual(["x: holdsLoosely is the literal false"]);
    expect(fixedRules(`nb.claim("x", "y", { kind: "rule", holds: a > b });`)).toEqual(["x: a free-form rule without its test"]);
    expect(fixedRules(`nb.claim("x", "y", { kind: "count", counted: 7, stated: 7 });`)).toEqual(["x: counted and stated are the same (7)"]);
    expect(fixedRules(`nb.claim("x", "y", { kind: "value", actual: t.v("a"), stated: t.v( "a") });`)).toEqual([`x: actual and stated are the same (t.v("a"))`]);
    expect(fixedRules(`nb.claim("x", "y", { kind: "comparison", a: p, b: p, relation: "greater" });`)).toEqual(["x: a and b are the same (p)"]);
    expect(fixedRules(`nb.claim("x", "y", { kind: "quantifier", quantifier: "all", cases: { A: true, B: false } });`)).toEqual(["x: every case is a literal true or false"]);
    expect(fixedRules(`const r = { kind: "rule", test: "t", holds: false };\nnb.claim("x", "y", r);`)).toEqual(["x: holds is the literal false"]);
    expect(fixedRules(`nb.claim("x", "y", open ? { kind: "count", counted: { missing: "m" }, stated: 7 } : { kind: "rule", test: "t", holds: true });`)).toEqual(["x: holds is the literal true"]);
    expect(fixedRules(`nb.claim("x", "y", makeRule());`)[0]).toMatch(/^x: the rule is not an object literal/);
    expect(fixedRules(`nb.claim("x", "y", { kind: "rule", verdict: "true", test: "t", holds: a });`)).toEqual(["x: a verdict written by hand"]);
  });
  it("the parse passes rules computed from the inputs (fixture cells)", () => {
    expect(fixedRules(`nb.claim("x", "y", { kind: "rule", test: "t", holds: a > b, holdsLoosely: { missing: "m" } });`)).toEqual([]);
    expect(fixedRules(`nb.claim("x", "y", { kind: "count", counted: rows.length, stated: 7 });`)).toEqual([]);
    expect(fixedRules(`nb.claim("x", "y", { kind: "ratio", numerator: 1027.7, denominator: 613.4, stated: 2, wording: "nearly" });`)).toEqual([]);
    expect(fixedRules(`nb.claim("x", "y", { kind: "quantifier", quantifier: "all", cases: { A: a > 1, B: false } });`)).toEqual([]);
    expect(fixedRules(`nb.claim("x", "y", { kind: "change", from: { missing: M }, to: { missing: M }, direction: "increase" });`)).toEqual([]);
  });
});
