/**
 * Small helpers for checking the claims of a text ("more than twice", "nearly double", "approximately 2 %",
 * "ranks only seventh", "had surpassed") against the numbers they rest on.
 *
 * Each helper returns a result object with every number named, so that a notebook can pass the numbers to
 * `nb.claim(..., { numbers })` and derive its verdict from them in code; `verdictOf` turns the two usual
 * questions (does the claim hold as stated? does it hold roughly?) into the project's verdicts
 * "true" / "loose" / "false" (see `shared/METHODS.md`, "Comparing with a printed table": a claim is checked
 * against the numbers it rests on and reported true, false, or loose, with the numbers).
 *
 * The tolerances that turn words ("nearly", "approximately", "slightly") into numbers are the caller's
 * choice and must be stated in the notebook next to the verdict; nothing here hides a default threshold.
 * No I/O, no state.
 */
import type { Interval } from "./verify";
import { InputError } from "../numeric/validate";

/** A claim verdict: `true` as stated, `loose` roughly but not as stated, `false` contradicted. */
export type ClaimVerdict = "true" | "false" | "loose";

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
 * with a looser reading, e.g. a wider tolerance) → "loose"; otherwise "false".
 *
 * Convention: the project's claim verdicts (lib/notebook.ts `Verdict`).
 * @example verdictOf(false, true) // → "loose"
 */
export function verdictOf(holds: boolean, holdsLoosely = false): ClaimVerdict {
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
