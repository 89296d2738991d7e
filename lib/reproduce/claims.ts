/**
 * Small helpers for checking the claims of a text ("more than twice", "nearly double", "approximately 2 %",
 * "ranks only seventh", "had surpassed") against the numbers they rest on.
 *
 * Claims are decided by declared rules. A claim's verdict is one of "true" (as stated), "false"
 * (contradicted), "loose" (roughly, not as stated) or "unverifiable" (the numbers do not decide it; the
 * missing evidence is named) — `shared/METHODS.md`, "Comparing with a printed table", with the fourth verdict
 * added so that "the numbers do not decide it" is never reported as loose.
 *
 * A notebook does not write a verdict: it states the claim's kind and numbers as a {@link ClaimRule}
 * (`{ kind: "ratio", numerator, denominator, stated: 1.8, wording: "about" }`), and {@link decide} computes the
 * verdict under the one tolerance policy of this module ({@link TOLERANCE}, "The wording of a claim" below).
 * The helpers above `decide` (ratio, approximately, nearly, rankOf, intervalOrder) compute the numbers.
 * No I/O, no state.
 */
import { point, type Interval } from "./verify";
import { InputError } from "../numeric/validate";

/**
 * A claim verdict: `true` as stated, `loose` roughly but not as stated, `false` contradicted, `unverifiable`
 * the numbers do not decide it (the missing evidence is named, as a value's `unavailable` names its missing
 * input).
 */
export type ClaimVerdict = "true" | "false" | "loose" | "unverifiable";

function finite(x: number, name: string): void {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new InputError(`${name} must be a finite number, got ${typeof x === "number" ? x : JSON.stringify(x)}`, { argument: name });
  }
}

function checkInterval(a: Interval, name: string): void {
  if (!a || typeof a !== "object") throw new InputError(`${name} must be an interval { lo, hi }`, { argument: name });
  finite(a.lo, `${name}.lo`);
  finite(a.hi, `${name}.hi`);
  if (a.lo > a.hi) throw new InputError(`${name} is not an interval: lo ${a.lo} > hi ${a.hi}`, { argument: name });
}

/**
 * The verdict from two tests: `holds` (the claim holds as stated) → "true"; otherwise `holdsLoosely` (it holds
 * with a looser reading, e.g. a wider tolerance) → "loose"; otherwise "false". Notebooks do not call it: they
 * state a {@link ClaimRule} (a free-form one is `{ kind: "rule", test, holds, holdsLoosely }`).
 *
 * Convention: the project's claim verdicts (lib/notebook.ts `Verdict`).
 * @example verdictOf(false, true) // → "loose"
 */
export function verdictOf(holds: boolean, holdsLoosely = false): "true" | "false" | "loose" {
  return holds ? "true" : holdsLoosely ? "loose" : "false";
}

/**
 * The ratio numerator / denominator ("more than twice as large": ratio(a, b) > 2; "13 times less":
 * ratio(b, a) ≈ 13).
 *
 * Convention: plain division; the denominator must be non-zero.
 * @throws InputError when an argument is not finite or the denominator is 0.
 * @example ratio(32.5, 14.7) // → 2.2108843537414966
 */
export function ratio(numerator: number, denominator: number): number {
  finite(numerator, "numerator");
  finite(denominator, "denominator");
  if (denominator === 0) throw new InputError("denominator is 0: the ratio is undefined", { argument: "denominator" });
  return numerator / denominator;
}

/** How far a computed value is from a value stated in the text, and whether that is within a tolerance. */
export interface Approximation {
  /** The value computed from the inputs. */
  readonly actual: number;
  /** The value the text states. */
  readonly stated: number;
  /** actual − stated. */
  readonly difference: number;
  /** (actual − stated) / |stated|; NaN when stated is 0. */
  readonly relativeDifference: number;
  /** The range of actual values the tolerance accepts. */
  readonly accepted: Interval;
  /** The tolerance, as given. */
  readonly tolerance: Tolerance;
  /** True when actual lies in `accepted` (closed interval). */
  readonly within: boolean;
}

/**
 * A tolerance for "approximately": exactly one of
 * - `relative`: |actual − stated| ≤ relative·|stated| (0.1 = within 10 % of the stated value);
 * - `absolute`: |actual − stated| ≤ absolute (in the units of the values);
 * - `decimals`: actual lies in the rounding interval of the stated value printed with that many decimals,
 *   [stated − ½·10^−d, stated + ½·10^−d], i.e. it rounds to the stated figure ("approximately 2 %" with
 *   decimals 0 accepts [1.5, 2.5]) — the METHODS.md rule for printed values. A negative d rounds to tens,
 *   hundreds, …: "$880 million" read as rounded to ten million is { decimals: -1 }, accepting [875, 885].
 */
export type Tolerance = { readonly relative: number } | { readonly absolute: number } | { readonly decimals: number };

function acceptedRange(stated: number, tolerance: Tolerance): Interval {
  if (!tolerance || typeof tolerance !== "object") throw new InputError("tolerance must be { relative } or { absolute } or { decimals }", { argument: "tolerance" });
  const keys = Object.keys(tolerance).filter((k) => (tolerance as Record<string, unknown>)[k] !== undefined);
  if (keys.length !== 1 || !["relative", "absolute", "decimals"].includes(keys[0])) {
    throw new InputError(`tolerance must have exactly one of relative, absolute, decimals; got ${JSON.stringify(tolerance)}`, { argument: "tolerance" });
  }
  const key = keys[0];
  const t = (tolerance as Record<string, number>)[key];
  finite(t, `tolerance.${key}`);
  if (key === "decimals") {
    if (!Number.isInteger(t)) throw new InputError(`tolerance.decimals must be a whole number, got ${t}`, { argument: "tolerance" });
  } else if (t < 0) {
    throw new InputError(`tolerance.${key} must not be negative, got ${t}`, { argument: "tolerance" });
  }
  const half = key === "relative" ? t * Math.abs(stated) : key === "absolute" ? t : 0.5 * 10 ** -t;
  return { lo: stated - half, hi: stated + half };
}

/**
 * Is a computed value approximately the stated one? Returns the difference, the relative difference and the
 * accepted range. A relative floating-point slack of 1e-12 is allowed at the range's ends, so that a value
 * exactly on a boundary (1.5 for "2" with 0 decimals) is accepted whatever the binary rounding.
 *
 * Convention: see {@link Tolerance}; `decimals` follows `shared/METHODS.md` (a printed value stands for its
 * rounding interval).
 * @throws InputError when a value is not finite or the tolerance is malformed.
 * @example approximately(1.622, 2, { decimals: 0 }).within // → true ("by approximately 2 %")
 * @example approximately(880.5, 880, { relative: 0.01 }).relativeDifference // → 0.0005681818181818182
 * @example approximately(880.5, 880, { decimals: -1 }).accepted // → { lo: 875, hi: 885 }
 */
export function approximately(actual: number, stated: number, tolerance: Tolerance): Approximation {
  finite(actual, "actual");
  finite(stated, "stated");
  const accepted = acceptedRange(stated, tolerance);
  const slack = 1e-12 * Math.max(1, Math.abs(accepted.lo), Math.abs(accepted.hi));
  const difference = actual - stated;
  return {
    actual,
    stated,
    difference,
    relativeDifference: stated === 0 ? NaN : difference / Math.abs(stated),
    accepted,
    tolerance,
    within: actual >= accepted.lo - slack && actual <= accepted.hi + slack,
  };
}

/** How close a value is to a target it is said to be "nearly" at (just below it). */
export interface Nearness {
  readonly actual: number;
  readonly target: number;
  /** target − actual (negative when actual exceeds the target). */
  readonly shortfall: number;
  /** (target − actual) / target. */
  readonly relativeShortfall: number;
  /** The tolerance: the largest relative shortfall still called "nearly". */
  readonly tolerance: number;
  /** True when target·(1 − tolerance) ≤ actual ≤ target. */
  readonly within: boolean;
  /** True when actual > target (then it is not "nearly" but "more than"). */
  readonly exceeds: boolean;
}

/**
 * "Nearly double", "approaching 100 billion", "nearly an order of magnitude": is `actual` at most `target`
 * and no more than `tolerance` (a share of the target) below it? A value above the target is not "nearly" it
 * (`within` false, `exceeds` true).
 *
 * Convention: relative shortfall (target − actual)/target ≤ tolerance, target > 0.
 * @throws InputError when a value is not finite, the target is not positive or the tolerance is not in [0, 1].
 * @example nearly(426 / 250, 2, 0.2) // → { shortfall: 0.29600000000000004, relativeShortfall: 0.14800000000000002, within: true, exceeds: false, … }
 */
export function nearly(actual: number, target: number, tolerance: number): Nearness {
  finite(actual, "actual");
  finite(target, "target");
  finite(tolerance, "tolerance");
  if (target <= 0) throw new InputError(`target must be positive, got ${target}`, { argument: "target" });
  if (tolerance < 0 || tolerance > 1) throw new InputError(`tolerance must be a share between 0 and 1, got ${tolerance}`, { argument: "tolerance" });
  const shortfall = target - actual;
  const relativeShortfall = shortfall / target;
  const slack = 1e-12;
  return {
    actual,
    target,
    shortfall,
    relativeShortfall,
    tolerance,
    within: relativeShortfall >= -slack && relativeShortfall <= tolerance + slack,
    exceeds: relativeShortfall < -slack,
  };
}

/** Where one item stands in a ranking. */
export interface Rank {
  /** The item ranked. */
  readonly key: string;
  /** Its value. */
  readonly value: number;
  /** 1 + the number of items strictly ahead of it ("competition" ranking: 1, 2, 2, 4). */
  readonly rank: number;
  /** The number of items ranked. */
  readonly of: number;
  /** The other items with exactly the same value (sharing the rank). */
  readonly tiedWith: readonly string[];
  /** The items strictly ahead of it, best first. */
  readonly ahead: readonly string[];
  readonly order: "descending" | "ascending";
}

/**
 * The rank of `key` among `values` ("China ranks only seventh among Latvia's import partners"): with
 * `descending` order (the default) rank 1 is the largest value. Ties share the best rank (competition
 * ranking, "1224").
 *
 * Convention: scipy.stats.rankdata(-x, method="min") for descending, rankdata(x, method="min") for
 * ascending (tests/fixtures/claims.json).
 * @throws InputError when `key` is not among the values or a value is not finite.
 * @example rankOf("Finland", { Denmark: 16.9, Norway: 21.0, Finland: 32.5, Sweden: 14.7 }).rank // → 1
 * @example rankOf("Sweden", { Denmark: 16.9, Norway: 21.0, Finland: 32.5, Sweden: 14.7 }).ahead // → ["Finland", "Norway", "Denmark"]
 */
export function rankOf(
  key: string,
  values: Readonly<Record<string, number>> | ReadonlyMap<string, number>,
  order: "descending" | "ascending" = "descending",
): Rank {
  if (order !== "descending" && order !== "ascending") throw new InputError(`order must be "descending" or "ascending", got ${JSON.stringify(order)}`, { argument: "order" });
  const entries: [string, number][] = values instanceof Map ? Array.from(values.entries()) : Object.entries(values as Record<string, number>);
  if (entries.length === 0) throw new InputError("values is empty: nothing to rank", { argument: "values" });
  for (const [k, v] of entries) finite(v, `values[${JSON.stringify(k)}]`);
  const own = entries.find(([k]) => k === key);
  if (!own) throw new InputError(`${JSON.stringify(key)} is not among the values (${entries.map(([k]) => k).join(", ")})`, { argument: "key" });
  const value = own[1];
  const better = (v: number): boolean => (order === "descending" ? v > value : v < value);
  const ahead = entries.filter(([, v]) => better(v)).sort((a, b) => (order === "descending" ? b[1] - a[1] : a[1] - b[1])).map(([k]) => k);
  const tiedWith = entries.filter(([k, v]) => k !== key && v === value).map(([k]) => k);
  return { key, value, rank: ahead.length + 1, of: entries.length, tiedWith, ahead, order };
}

/**
 * How two uncertain values (rounding intervals of printed figures) are ordered: "above" when every value of
 * `a` exceeds every value of `b` (a.lo > b.hi), "below" when a.hi < b.lo, otherwise "overlap" — then the
 * printed figures cannot tell which is larger. Use it for "had surpassed" claims resting on rounded numbers.
 *
 * Convention: closed intervals, as `meets` in lib/verify.ts (touching intervals overlap).
 * @throws InputError when an interval is malformed.
 * @example intervalOrder({ lo: 24.85, hi: 24.95 }, { lo: 24.75, hi: 24.85 }) // → "overlap"
 */
export function intervalOrder(a: Interval, b: Interval): "above" | "below" | "overlap" {
  checkInterval(a, "a");
  checkInterval(b, "b");
  if (a.lo > b.hi) return "above";
  if (a.hi < b.lo) return "below";
  return "overlap";
}

// ---------------------------------------------------------------------------------------------------------
// Claims decided by declared rules.
//
// The wording of a claim: ONE tolerance policy for the hedges of the texts.
//
// | wording | words in the text | true | loose | false |
// |---|---|---|---|---|
// | `exactly` | "exactly", "equals", "is" for a count or rank | actual = stated (or, with `decimals`, it rounds to the stated figure) | within ±5 % | beyond |
// | `plain` | no hedge: "twice", "1.8 times", "increased by 15 %" | within the stated figure's precision: its rounding interval when `decimals` is given, else ±5 % | within ±15 % | beyond |
// | `about` | "about", "approximately", "roughly", "around", "some" | within ±10 % (or the rounding interval, if wider) | within ±25 % | beyond |
// | `nearly` | "nearly", "almost", "close to", "approaching" | at or below the stated figure by at most 10 % | within ±25 % either side | beyond |
// | `more-than`, `at-least`, `less-than`, `at-most` | "more than", "over", "at least", "less than", "under", "up to" | the bound holds | — | it does not |
// | `slightly` | "slightly", "marginally", "a little" (a change or a difference) | in the stated direction by at most 10 % | by more than 10 % and at most 25 % | beyond 25 %, or the wrong direction |
// | `significantly` | "significantly", "considerably", "sharply", "noticeably", "substantially", "far" | in the stated direction by at least 25 % | by at least 10 % | less than 10 %, or the wrong direction |
// | `steadily` | "steadily", "consistently", "year after year" (a series) | every step in the stated direction | the series ends in that direction but some steps go the other way | it does not end in that direction |
//
// Percentages are relative to |stated| for figures and to |reference| for changes and differences. Counts and
// ranks are whole numbers: with `plain` wording they are exact. A value exactly on a band's edge belongs to
// the band (a relative slack of 1e-12 absorbs binary rounding). Any input given as `{ missing }` makes the
// verdict `unverifiable`, naming what is missing.

/** The tolerance policy behind {@link decide}; the table above, as numbers. */
export const TOLERANCE = {
  /** `exactly`: true only at the stated value (or its rounding interval); loose within 5 %. */
  exactly: { holds: 0, loosely: 0.05 },
  /** `plain`: true within 5 % (or the stated figure's rounding interval when its decimals are given); loose within 15 %. */
  plain: { holds: 0.05, loosely: 0.15 },
  /** `about`: true within 10 %; loose within 25 %. */
  about: { holds: 0.1, loosely: 0.25 },
  /** `nearly`: true at most 10 % below; loose within 25 % either side. */
  nearly: { holds: 0.1, loosely: 0.25 },
  /** `slightly`: a change or difference of at most 10 % is slight; up to 25 % loosely. */
  slightly: { holds: 0.1, loosely: 0.25 },
  /** `significantly`: a change or difference of at least 25 % is significant; at least 10 % loosely. */
  significantly: { holds: 0.25, loosely: 0.1 },
  /** `range`: loose when every value lies within the range widened at each end by a quarter of its width. */
  range: { loosely: 0.25 },
  /** `quantifier` all / none: loose when the exceptions are at most 10 % of the cases; `almost-all` true from 90 %, loose from 75 %. */
  quantifier: { exceptions: 0.1, almostAll: 0.9, almostAllLoosely: 0.75 },
} as const;

/** An input the notebook does not have; a rule with one is `unverifiable`, naming it. */
export interface Missing {
  readonly missing: string;
}

/** A number of a claim: a value, or what is missing to know it. */
export type ClaimNumber = number | Missing;

/** How a stated figure is hedged (see the table above). */
export type Wording = "exactly" | "plain" | "about" | "nearly" | "more-than" | "at-least" | "less-than" | "at-most";

/** The kinds of statement articles make, each with its rule. */
export type ClaimRule =
  /** "about 1.8 times", "twice", "an order of magnitude" (stated 10), "more than twice" (wording more-than). */
  | { readonly kind: "ratio"; readonly numerator: ClaimNumber; readonly denominator: ClaimNumber; readonly stated: number; readonly wording?: Wording; readonly decimals?: number; readonly names?: readonly [string, string] }
  /** "higher than", "exceeds", "slightly larger than", "significantly outpaced"; a and b may be intervals (printed rounding). */
  | { readonly kind: "comparison"; readonly a: ClaimNumber | Interval; readonly b: ClaimNumber | Interval; readonly relation: "greater" | "less"; readonly wording?: "plain" | "slightly" | "significantly"; readonly names?: readonly [string, string] }
  /** "ranks seventh", "the largest" (stated 1); ties share the best rank. */
  | { readonly kind: "rank"; readonly key: string; readonly values: Readonly<Record<string, number>>; readonly stated: number; readonly order?: "descending" | "ascending" }
  /** "the only region that …": `key` holds and no other case does. */
  | { readonly kind: "only"; readonly key: string; readonly cases: Readonly<Record<string, boolean | Missing>> }
  /** "increased by 15 %", "declined", "slightly reduced", "steadily increased" (give `series`). */
  | {
      readonly kind: "change";
      readonly from: ClaimNumber;
      readonly to: ClaimNumber;
      readonly direction: "increase" | "decrease";
      /** The stated size of the change, in `unit`; omit for a direction only. */
      readonly stated?: number;
      /** `percent` (relative change × 100, the default), `points` (to − from), `times` (to / from). */
      readonly unit?: "percent" | "points" | "times";
      readonly wording?: Wording | "slightly" | "significantly" | "steadily";
      readonly decimals?: number;
      /** The whole series, first to last, for `steadily`. */
      readonly series?: readonly ClaimNumber[];
    }
  /** "91.76 % of regions", "more than half" (wording more-than, stated 50): 100 · part / whole against `stated` percent. */
  | { readonly kind: "share"; readonly part: ClaimNumber; readonly whole: ClaimNumber; readonly stated: number; readonly wording?: Wording; readonly decimals?: number }
  /** "seven regions", "about 20 countries": a count against the stated one (plain wording: exact). */
  | { readonly kind: "count"; readonly counted: ClaimNumber; readonly stated: number; readonly wording?: Wording }
  /** A stated figure against the value computed for it ("net inflow was only 550", "a total of $880 million"). */
  | { readonly kind: "value"; readonly actual: ClaimNumber; readonly stated: number; readonly wording?: Wording; readonly decimals?: number }
  /** "between 1 and 4 %", "from 30 to 60": every value in [lo, hi], read with the bounds' printed precision. */
  | { readonly kind: "range"; readonly values: Readonly<Record<string, ClaimNumber>>; readonly lo: number; readonly hi: number; readonly decimals?: number }
  /** "always", "all", "every", "none", "never", "most", "some", "almost all", over named cases. */
  | { readonly kind: "quantifier"; readonly quantifier: "all" | "none" | "most" | "some" | "almost-all"; readonly cases: Readonly<Record<string, boolean | Missing>>; readonly missing?: string }
  /**
   * A free-form rule: the notebook's own test, through the same verdicts. `holds` decides true; `holdsLoosely`
   * (when given) separates loose from false; `{ missing }` makes it unverifiable. State the test in `test`.
   */
  | { readonly kind: "rule"; readonly test: string; readonly holds: boolean | Missing; readonly holdsLoosely?: boolean | Missing };

export type ClaimKind = ClaimRule["kind"];

/** A decided claim: the verdict, the numbers it rests on, and why in words. */
export interface ClaimDecision {
  readonly kind: ClaimKind;
  readonly verdict: ClaimVerdict;
  /** Inputs and derived numbers (ratio, deviation, accepted band), by name. */
  readonly numbers: Readonly<Record<string, number | string | boolean | null>>;
  /** The rule's reasoning, generated from the numbers. */
  readonly reason: string;
  /** For `unverifiable`: the evidence that would decide it. */
  readonly missing?: string;
}

const KINDS: readonly ClaimKind[] = ["ratio", "comparison", "rank", "only", "change", "share", "count", "value", "range", "quantifier", "rule"];
const WORDINGS: readonly string[] = ["exactly", "plain", "about", "nearly", "more-than", "at-least", "less-than", "at-most"];

const isMissing = (x: unknown): x is Missing => !!x && typeof x === "object" && typeof (x as Missing).missing === "string";
const isInterval = (x: unknown): x is Interval => !!x && typeof x === "object" && typeof (x as Interval).lo === "number" && typeof (x as Interval).hi === "number";
const pct = (x: number): string => `${+(100 * x).toPrecision(3)} %`;
const show = (x: number): string => String(+x.toPrecision(6));

function missingOf(inputs: Record<string, unknown>): string | undefined {
  const m = Object.entries(inputs)
    .filter(([, v]) => isMissing(v))
    .map(([k, v]) => `${k}: ${(v as Missing).missing}`);
  return m.length ? m.join("; ") : undefined;
}

function unverifiable(kind: ClaimKind, missing: string, numbers: Record<string, number | string | boolean | null> = {}): ClaimDecision {
  return { kind, verdict: "unverifiable", numbers, reason: `the numbers do not decide it: missing ${missing}`, missing };
}

/** Within a relative band, with the 1e-12 slack for binary rounding. */
const withinRel = (actual: number, stated: number, rel: number): boolean => Math.abs(actual - stated) <= rel * Math.abs(stated) + 1e-12 * Math.max(1, Math.abs(stated));

/**
 * A computed figure against a stated one under a wording (the policy table above).
 * @example judgeFigure(12.3 / 10.55, 1.8, "about").verdict // → "false"
 */
export function judgeFigure(actual: number, stated: number, wording: Wording = "plain", decimals?: number): { verdict: "true" | "false" | "loose"; band: string; relativeDeviation: number } {
  finite(actual, "actual");
  finite(stated, "stated");
  if (!WORDINGS.includes(wording)) throw new InputError(`wording must be one of ${WORDINGS.join(", ")}; got ${JSON.stringify(wording)}`, { argument: "wording" });
  if (decimals !== undefined && !Number.isInteger(decimals)) throw new InputError(`decimals must be a whole number, got ${decimals}`, { argument: "decimals" });
  const relativeDeviation = stated === 0 ? (actual === 0 ? 0 : Infinity) : (actual - stated) / Math.abs(stated);
  const inRounding = decimals !== undefined && approximately(actual, stated, { decimals }).within;
  const slack = 1e-12 * Math.max(1, Math.abs(stated));
  switch (wording) {
    case "more-than":
      return { verdict: actual > stated + slack ? "true" : "false", band: `> ${show(stated)}`, relativeDeviation };
    case "at-least":
      return { verdict: actual >= stated - slack ? "true" : "false", band: `≥ ${show(stated)}`, relativeDeviation };
    case "less-than":
      return { verdict: actual < stated - slack ? "true" : "false", band: `< ${show(stated)}`, relativeDeviation };
    case "at-most":
      return { verdict: actual <= stated + slack ? "true" : "false", band: `≤ ${show(stated)}`, relativeDeviation };
    case "nearly": {
      const t = TOLERANCE.nearly;
      const holds = inRounding || (actual <= stated + slack && withinRel(actual, stated, t.holds));
      return { verdict: holds ? "true" : withinRel(actual, stated, t.loosely) ? "loose" : "false", band: `nearly ${show(stated)}: [${show(stated - t.holds * Math.abs(stated))}, ${show(stated)}], loosely ±${pct(t.loosely)}`, relativeDeviation };
    }
    default: {
      const t = TOLERANCE[wording];
      const byRelative = wording === "plain" && decimals !== undefined ? false : withinRel(actual, stated, t.holds);
      const holds = wording === "exactly" ? inRounding || Math.abs(actual - stated) <= slack : inRounding || byRelative;
      const band =
        wording === "exactly"
          ? `exactly ${show(stated)}${decimals !== undefined ? ` (to ${decimals} decimals)` : ""}, loosely ±${pct(t.loosely)}`
          : wording === "plain" && decimals !== undefined
            ? `${show(stated)} to ${decimals} decimals, loosely ±${pct(t.loosely)}`
            : `${wording === "about" ? "about " : ""}${show(stated)} ±${pct(t.holds)}, loosely ±${pct(t.loosely)}`;
      return { verdict: holds ? "true" : withinRel(actual, stated, t.loosely) ? "loose" : "false", band, relativeDeviation };
    }
  }
}

function checkRule(rule: ClaimRule): void {
  if (!rule || typeof rule !== "object") throw new InputError("a claim needs a rule { kind, … } (lib/claims.ts ClaimRule)", { argument: "rule" });
  if ("verdict" in (rule as object)) throw new InputError("a claim's rule states its kind and numbers; the verdict is computed (remove `verdict`)", { argument: "rule" });
  if (!KINDS.includes(rule.kind)) throw new InputError(`claim kind must be one of ${KINDS.join(", ")}; got ${JSON.stringify((rule as { kind: unknown }).kind)}`, { argument: "kind" });
}

function numeric(x: unknown, name: string): void {
  if (isMissing(x) || isInterval(x)) return;
  finite(x as number, name);
}

/**
 * Decide a claim from its rule: the verdict, the numbers and the reasoning (see the policy table above).
 *
 * @throws InputError when the rule is malformed (unknown kind, non-finite number, a `verdict` written by hand).
 * @example decide({ kind: "ratio", numerator: 12.3, denominator: 10.55, stated: 1.8, wording: "about" }).verdict // → "false"
 * @example decide({ kind: "change", from: 47, to: 29, direction: "decrease", wording: "slightly" }).verdict // → "false"
 * @example decide({ kind: "quantifier", quantifier: "all", cases: {}, missing: "each system's O&M share" }).verdict // → "unverifiable"
 */
export function decide(rule: ClaimRule): ClaimDecision {
  checkRule(rule);
  switch (rule.kind) {
    case "ratio": {
      numeric(rule.numerator, "numerator");
      numeric(rule.denominator, "denominator");
      finite(rule.stated, "stated");
      const [na, nb] = rule.names ?? ["numerator", "denominator"];
      const miss = missingOf({ [na]: rule.numerator, [nb]: rule.denominator });
      if (miss) return unverifiable("ratio", miss, { stated: rule.stated });
      const r = ratio(rule.numerator as number, rule.denominator as number);
      const j = judgeFigure(r, rule.stated, rule.wording ?? "plain", rule.decimals);
      return {
        kind: "ratio",
        verdict: j.verdict,
        numbers: { [na]: rule.numerator as number, [nb]: rule.denominator as number, ratio: r, stated: rule.stated, wording: rule.wording ?? "plain", relativeDeviation: j.relativeDeviation },
        reason: `${show(rule.numerator as number)} / ${show(rule.denominator as number)} = ${show(r)}; accepted: ${j.band}`,
      };
    }
    case "share": {
      numeric(rule.part, "part");
      numeric(rule.whole, "whole");
      finite(rule.stated, "stated");
      const miss = missingOf({ part: rule.part, whole: rule.whole });
      if (miss) return unverifiable("share", miss, { statedPct: rule.stated });
      const share = 100 * ratio(rule.part as number, rule.whole as number);
      const j = judgeFigure(share, rule.stated, rule.wording ?? "plain", rule.decimals);
      return {
        kind: "share",
        verdict: j.verdict,
        numbers: { part: rule.part as number, whole: rule.whole as number, sharePct: share, statedPct: rule.stated, wording: rule.wording ?? "plain" },
        reason: `${show(rule.part as number)} of ${show(rule.whole as number)} = ${show(share)} %; accepted: ${j.band}`,
      };
    }
    case "count":
    case "value": {
      const actual = rule.kind === "count" ? rule.counted : rule.actual;
      numeric(actual, rule.kind === "count" ? "counted" : "actual");
      finite(rule.stated, "stated");
      if (isMissing(actual)) return unverifiable(rule.kind, actual.missing, { stated: rule.stated });
      const wording = rule.wording ?? (rule.kind === "count" ? "exactly" : "plain");
      const j = judgeFigure(actual as number, rule.stated, rule.kind === "count" && wording === "plain" ? "exactly" : wording, rule.kind === "value" ? rule.decimals : undefined);
      return {
        kind: rule.kind,
        verdict: j.verdict,
        numbers: { [rule.kind === "count" ? "counted" : "actual"]: actual as number, stated: rule.stated, wording },
        reason: `${rule.kind === "count" ? "counted" : "computed"} ${show(actual as number)}; accepted: ${j.band}`,
      };
    }
    case "comparison": {
      numeric(rule.a, "a");
      numeric(rule.b, "b");
      const [na, nb] = rule.names ?? ["a", "b"];
      const miss = missingOf({ [na]: rule.a, [nb]: rule.b });
      if (miss) return unverifiable("comparison", miss, { relation: rule.relation, wording: rule.wording ?? "plain", [na]: isMissing(rule.a) ? null : isInterval(rule.a) ? `[${show(rule.a.lo)}, ${show(rule.a.hi)}]` : (rule.a as number), [nb]: isMissing(rule.b) ? null : isInterval(rule.b) ? `[${show(rule.b.lo)}, ${show(rule.b.hi)}]` : (rule.b as number) });
      const ia = isInterval(rule.a) ? rule.a : point(rule.a as number);
      const ib = isInterval(rule.b) ? rule.b : point(rule.b as number);
      const order = intervalOrder(ia, ib);
      const wanted = rule.relation === "greater" ? "above" : "below";
      const word = rule.relation === "greater" ? ">" : "<";
      const numbers: Record<string, number | string> = { [na]: isInterval(rule.a) ? `[${show(ia.lo)}, ${show(ia.hi)}]` : (rule.a as number), [nb]: isInterval(rule.b) ? `[${show(ib.lo)}, ${show(ib.hi)}]` : (rule.b as number), relation: rule.relation, wording: rule.wording ?? "plain" };
      if (order === "overlap" && (ia.lo !== ia.hi || ib.lo !== ib.hi)) {
        return { ...unverifiable("comparison", `figures precise enough to order ${na} and ${nb}: their printed rounding intervals overlap`, numbers) };
      }
      if (order !== wanted) return { kind: "comparison", verdict: "false", numbers, reason: `${na} ${word} ${nb} does not hold (${show(mid(ia))} vs ${show(mid(ib))})` };
      const ref = mid(ib);
      const difference = ref === 0 ? Infinity : Math.abs(mid(ia) - ref) / Math.abs(ref);
      numbers.relativeDifference = difference;
      const w = rule.wording ?? "plain";
      let verdict: "true" | "false" | "loose" = "true";
      if (w === "slightly") verdict = difference <= TOLERANCE.slightly.holds + 1e-12 ? "true" : difference <= TOLERANCE.slightly.loosely + 1e-12 ? "loose" : "false";
      if (w === "significantly") verdict = difference >= TOLERANCE.significantly.holds - 1e-12 ? "true" : difference >= TOLERANCE.significantly.loosely - 1e-12 ? "loose" : "false";
      return { kind: "comparison", verdict, numbers, reason: `${na} ${word} ${nb} by ${pct(difference)} of ${nb}${w === "plain" ? "" : ` (${w}: ${w === "slightly" ? `≤ ${pct(TOLERANCE.slightly.holds)}, loosely ≤ ${pct(TOLERANCE.slightly.loosely)}` : `≥ ${pct(TOLERANCE.significantly.holds)}, loosely ≥ ${pct(TOLERANCE.significantly.loosely)}`})`}` };
    }
    case "rank": {
      finite(rule.stated, "stated");
      const r = rankOf(rule.key, rule.values, rule.order ?? "descending");
      const lastTied = r.rank + r.tiedWith.length;
      const verdict = r.rank === rule.stated && r.tiedWith.length === 0 ? "true" : rule.stated >= r.rank && rule.stated <= lastTied ? "loose" : "false";
      return {
        kind: "rank",
        verdict,
        numbers: { key: rule.key, rank: r.rank, stated: rule.stated, of: r.of, tiedWith: r.tiedWith.join(", ") || null, ahead: r.ahead.join(", ") || null, order: r.order },
        reason: `${rule.key} ranks ${r.rank} of ${r.of}${r.tiedWith.length ? ` (tied with ${r.tiedWith.join(", ")})` : ""}; stated ${rule.stated}`,
      };
    }
    case "only": {
      const entries = Object.entries(rule.cases);
      if (!(rule.key in rule.cases)) throw new InputError(`${JSON.stringify(rule.key)} is not among the cases`, { argument: "key" });
      const others = entries.filter(([k]) => k !== rule.key);
      const own = rule.cases[rule.key];
      const alsoHold = others.filter(([, v]) => v === true).map(([k]) => k);
      const unknown = entries.filter(([, v]) => isMissing(v));
      const numbers = { key: rule.key, holdsForKey: isMissing(own) ? null : own, othersHolding: alsoHold.join(", ") || null, cases: entries.length };
      if (own === false || alsoHold.length) return { kind: "only", verdict: "false", numbers, reason: own === false ? `it does not hold for ${rule.key}` : `it also holds for ${alsoHold.join(", ")}` };
      if (unknown.length) return unverifiable("only", unknown.map(([k, v]) => `${k}: ${(v as Missing).missing}`).join("; "), numbers);
      return { kind: "only", verdict: "true", numbers, reason: `it holds for ${rule.key} and none of the other ${others.length}` };
    }
    case "change":
      return decideChange(rule);
    case "range": {
      finite(rule.lo, "lo");
      finite(rule.hi, "hi");
      if (rule.lo > rule.hi) throw new InputError(`range lo ${rule.lo} > hi ${rule.hi}`, { argument: "lo" });
      const entries = Object.entries(rule.values);
      if (!entries.length) throw new InputError("range: no values", { argument: "values" });
      for (const [k, v] of entries) numeric(v, `values[${JSON.stringify(k)}]`);
      const miss = missingOf(rule.values);
      if (miss) return unverifiable("range", miss, { lo: rule.lo, hi: rule.hi });
      const half = 0.5 * 10 ** -(rule.decimals ?? 0);
      const lo = rule.lo - half;
      const hi = rule.hi + half;
      const widen = TOLERANCE.range.loosely * (rule.hi - rule.lo);
      const xs = entries.map(([, v]) => v as number);
      const min = Math.min(...xs);
      const max = Math.max(...xs);
      const outside = entries.filter(([, v]) => (v as number) < lo - 1e-12 || (v as number) > hi + 1e-12).map(([k]) => k);
      const loosely = min >= lo - widen - 1e-12 && max <= hi + widen + 1e-12;
      return {
        kind: "range",
        verdict: outside.length === 0 ? "true" : loosely ? "loose" : "false",
        numbers: { lo: rule.lo, hi: rule.hi, min, max, values: xs.length, outside: outside.join(", ") || null },
        reason: `values from ${show(min)} to ${show(max)}; stated ${show(rule.lo)}–${show(rule.hi)} (accepted [${show(lo)}, ${show(hi)}], loosely widened by ${show(widen)} at each end)`,
      };
    }
    case "quantifier":
      return decideQuantifier(rule);
    case "rule": {
      if (typeof rule.test !== "string" || !rule.test.trim()) throw new InputError("a free-form rule states its test in words (`test`)", { argument: "test" });
      if (isMissing(rule.holds)) return unverifiable("rule", rule.holds.missing, { test: rule.test });
      if (typeof rule.holds !== "boolean") throw new InputError("rule.holds must be a boolean or { missing }", { argument: "holds" });
      if (rule.holds) return { kind: "rule", verdict: "true", numbers: { test: rule.test }, reason: `holds: ${rule.test}` };
      if (isMissing(rule.holdsLoosely)) return unverifiable("rule", rule.holdsLoosely.missing, { test: rule.test });
      return { kind: "rule", verdict: rule.holdsLoosely ? "loose" : "false", numbers: { test: rule.test }, reason: `${rule.holdsLoosely ? "holds only loosely" : "does not hold"}: ${rule.test}` };
    }
  }
}

const mid = (a: Interval): number => (a.lo + a.hi) / 2;

function decideChange(rule: Extract<ClaimRule, { kind: "change" }>): ClaimDecision {
  numeric(rule.from, "from");
  numeric(rule.to, "to");
  if (rule.direction !== "increase" && rule.direction !== "decrease") throw new InputError(`direction must be "increase" or "decrease", got ${JSON.stringify(rule.direction)}`, { argument: "direction" });
  const miss = missingOf({ from: rule.from, to: rule.to });
  if (miss) return unverifiable("change", miss, { direction: rule.direction, stated: rule.stated ?? null, unit: rule.unit ?? "percent", wording: rule.wording ?? "plain", from: isMissing(rule.from) ? null : rule.from, to: isMissing(rule.to) ? null : rule.to });
  const from = rule.from as number;
  const to = rule.to as number;
  const unit = rule.unit ?? "percent";
  const wording = rule.wording ?? "plain";
  const sign = rule.direction === "increase" ? 1 : -1;
  const relative = from === 0 ? (to === from ? 0 : sign * Infinity) : (to - from) / Math.abs(from);
  const numbers: Record<string, number | string | null> = { from, to, changePct: 100 * relative, changePoints: to - from, direction: rule.direction, wording };
  const rightWay = sign * (to - from) > 0;
  const where = `${show(from)} → ${show(to)} (${relative >= 0 ? "+" : ""}${show(100 * relative)} %)`;
  if (wording === "steadily") {
    if (!rule.series || rule.series.length < 2) throw new InputError("a steady change needs the series (at least two values)", { argument: "series" });
    rule.series.forEach((x, i) => numeric(x, `series[${i}]`));
    const gaps = rule.series.filter(isMissing).map((m) => m.missing);
    if (gaps.length) return unverifiable("change", `series values: ${[...new Set(gaps)].join("; ")}`, numbers);
    const series = rule.series as readonly number[];
    const against = series.slice(1).map((x, i) => sign * (x - series[i])).filter((d) => d <= 0).length;
    numbers.stepsAgainst = against;
    numbers.steps = rule.series.length - 1;
    const verdict = !rightWay ? "false" : against === 0 ? "true" : "loose";
    return { kind: "change", verdict, numbers, reason: `${where}; ${against} of ${rule.series.length - 1} steps are not a${rule.direction === "increase" ? "n increase" : " decrease"}` };
  }
  if (!rightWay) return { kind: "change", verdict: "false", numbers, reason: `${where}: not a${rule.direction === "increase" ? "n increase" : " decrease"}` };
  if (wording === "slightly" || wording === "significantly") {
    const size = Math.abs(relative);
    const t = TOLERANCE[wording];
    const verdict = wording === "slightly" ? (size <= t.holds + 1e-12 ? "true" : size <= t.loosely + 1e-12 ? "loose" : "false") : size >= t.holds - 1e-12 ? "true" : size >= t.loosely - 1e-12 ? "loose" : "false";
    return { kind: "change", verdict, numbers, reason: `${where}; ${wording}: ${wording === "slightly" ? `≤ ${pct(t.holds)}, loosely ≤ ${pct(t.loosely)}` : `≥ ${pct(t.holds)}, loosely ≥ ${pct(t.loosely)}`}` };
  }
  if (rule.stated === undefined) return { kind: "change", verdict: "true", numbers, reason: `${where}: a${rule.direction === "increase" ? "n increase" : " decrease"}` };
  finite(rule.stated, "stated");
  const size = unit === "percent" ? 100 * Math.abs(relative) : unit === "points" ? Math.abs(to - from) : from === 0 ? Infinity : to / from;
  const j = judgeFigure(size, Math.abs(rule.stated), wording as Wording, rule.decimals);
  numbers.stated = rule.stated;
  numbers.unit = unit;
  return { kind: "change", verdict: j.verdict, numbers, reason: `${where}; size ${show(size)} ${unit}; accepted: ${j.band}` };
}

function decideQuantifier(rule: Extract<ClaimRule, { kind: "quantifier" }>): ClaimDecision {
  const q = rule.quantifier;
  if (!["all", "none", "most", "some", "almost-all"].includes(q)) throw new InputError(`quantifier must be all, none, most, some or almost-all; got ${JSON.stringify(q)}`, { argument: "quantifier" });
  const entries = Object.entries(rule.cases);
  for (const [k, v] of entries) if (typeof v !== "boolean" && !isMissing(v)) throw new InputError(`cases[${JSON.stringify(k)}] must be true, false or { missing }`, { argument: "cases" });
  const yes = entries.filter(([, v]) => v === true).map(([k]) => k);
  const no = entries.filter(([, v]) => v === false).map(([k]) => k);
  const unknownNames = entries.filter(([, v]) => isMissing(v)).map(([k, v]) => `${k}: ${(v as Missing).missing}`);
  if (rule.missing) unknownNames.push(rule.missing);
  const unknown = unknownNames.length;
  const n = entries.length;
  const numbers = { quantifier: q, cases: n, holding: yes.length, notHolding: no.length, unknown: entries.length - yes.length - no.length + (rule.missing ? 1 : 0), exceptions: (q === "none" ? yes : no).slice(0, 12).join(", ") || null };
  const missingText = unknownNames.join("; ");
  if (n === 0 && !rule.missing) throw new InputError("quantifier: no cases (give the cases, or `missing` naming the evidence that would decide it)", { argument: "cases" });
  const t = TOLERANCE.quantifier;
  const decided = (verdict: ClaimVerdict, reason: string): ClaimDecision => ({ kind: "quantifier", verdict, numbers, reason });
  switch (q) {
    case "all":
    case "none": {
      const exceptions = q === "all" ? no.length : yes.length;
      if (exceptions === 0) return unknown ? unverifiable("quantifier", missingText, numbers) : decided("true", `holds in ${q === "all" ? "all" : "none"} of the ${n} cases as stated`);
      if (n && exceptions / n <= t.exceptions + 1e-12 && !unknown) return decided("loose", `${exceptions} exception(s) of ${n}: almost, not ${q}`);
      return decided("false", `${exceptions} exception(s) of ${n}${unknown ? ` (and ${unknown} unknown)` : ""}`);
    }
    case "some":
      if (yes.length) return decided("true", `holds in ${yes.length} of ${n}`);
      return unknown ? unverifiable("quantifier", missingText, numbers) : decided("false", `holds in none of the ${n} cases`);
    case "most":
    case "almost-all": {
      // Decided when every way of settling the unknown cases gives the same verdict.
      const open = entries.length - yes.length - no.length;
      const verdictAt = (holding: number): ClaimVerdict => {
        const share = n ? holding / n : 0;
        if (q === "most") return 2 * holding > n ? "true" : 2 * holding === n ? "loose" : "false";
        return share >= t.almostAll - 1e-12 ? "true" : share >= t.almostAllLoosely - 1e-12 ? "loose" : "false";
      };
      const lo = verdictAt(yes.length);
      const hi = verdictAt(yes.length + open);
      if (n === 0 || lo !== hi || rule.missing) return unverifiable("quantifier", missingText, numbers);
      return decided(lo, `${yes.length} of ${n} (${pct(n ? yes.length / n : 0)})${q === "most" ? "; most: more than half" : `; almost all: ≥ ${pct(t.almostAll)}, loosely ≥ ${pct(t.almostAllLoosely)}`}`);
    }
  }
  throw new InputError(`unknown quantifier ${q}`);
}
