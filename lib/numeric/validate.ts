/**
 * Input checks shared by the numeric modules. Every check throws an `InputError` whose message names the
 * problem and where it is (the argument, the index, and the label of the unit when one is known), so that
 * nothing is silently dropped or coerced.
 */

/** An error in the caller's input. `where` says which argument and which element. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly where?: { argument?: string; index?: number; label?: string },
  ) {
    super(message);
    this.name = "InputError";
  }
}

/** Anything array-like holding numbers: a plain array or a typed array. */
export type Numbers = ArrayLike<number>;

export interface NumberCheck {
  /** The argument's name in messages, e.g. "x" or "weights". */
  name?: string;
  /** Labels of the elements (region ids, years), used in messages. */
  labels?: ArrayLike<string | number>;
  /** Reject values < 0 (default false). */
  nonNegative?: boolean;
  /** Reject values ≤ 0 (default false). */
  positive?: boolean;
  /** Minimum length (default 1). */
  minLength?: number;
  /** Why the sign rule applies, appended to the message (e.g. "the Gini index needs non-negative values"). */
  reason?: string;
  /**
   * false: when `x` is already a Float64Array, check it and return it as is instead of a copy (for callers that
   * only read it). Default true.
   */
  copy?: boolean;
}

/** A value for an error message: JSON where it can be, else its type (a BigInt cannot be JSON-serialised). */
function describeValue(v: unknown): string {
  if (typeof v === "bigint") return `the BigInt ${v}n`;
  try {
    return JSON.stringify(v) ?? typeof v;
  } catch {
    return typeof v;
  }
}

function whereText(name: string, i: number, labels?: ArrayLike<string | number>): string {
  const label = labels && i < labels.length ? ` (${String(labels[i])})` : "";
  return `${name}[${i}]${label}`;
}

/**
 * Check that `x` is a non-empty array of finite numbers (and, if asked, non-negative or positive), and return
 * it as a Float64Array: a copy, so that the caller's array is never modified — or, with `copy: false`, the
 * caller's own Float64Array when it already is one (the caller must then only read it).
 *
 * @throws InputError naming the first offending element, e.g. `x[3] (Moscow City) is NaN`.
 * @example toFloat64([1, 2, 3]) // → Float64Array [1, 2, 3]
 */
export function toFloat64(x: Numbers, check: NumberCheck = {}): Float64Array {
  const name = check.name ?? "x";
  if (x == null || typeof (x as ArrayLike<number>).length !== "number") {
    throw new InputError(`${name} must be an array of numbers, got ${x === null ? "null" : typeof x}`, { argument: name });
  }
  if (typeof BigInt64Array !== "undefined" && (x instanceof BigInt64Array || x instanceof BigUint64Array)) {
    throw new InputError(`${name} is a ${x.constructor.name}, which holds BigInts, not numbers; convert it first, e.g. Float64Array.from(${name}, Number)`, { argument: name });
  }
  const n = x.length;
  const minLength = check.minLength ?? 1;
  if (n < minLength) {
    throw new InputError(
      n === 0 ? `${name} is empty` : `${name} has ${n} values; at least ${minLength} are needed`,
      { argument: name },
    );
  }
  const why = check.reason ? `: ${check.reason}` : "";
  if (check.copy === false && x instanceof Float64Array) {
    // v − v is 0 for every finite v and NaN for NaN and ±Infinity: one cheap pass, no copy. On a bad value, fall
    // through to the full check below, which says what is wrong.
    const min = check.positive ? Number.MIN_VALUE : check.nonNegative ? 0 : -Infinity;
    let ok = true;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      if (v - v !== 0 || v < min) {
        ok = false;
        break;
      }
    }
    if (ok) return x;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i] as unknown;
    if (typeof v !== "number") {
      throw new InputError(`${whereText(name, i, check.labels)} is ${v === null ? "null" : v === undefined ? "missing" : `not a number (${describeValue(v)})`}${why}`, {
        argument: name,
        index: i,
        label: check.labels ? String(check.labels[i]) : undefined,
      });
    }
    if (!Number.isFinite(v)) {
      throw new InputError(`${whereText(name, i, check.labels)} is ${v}${why}`, { argument: name, index: i });
    }
    if (check.positive && v <= 0) {
      throw new InputError(`${whereText(name, i, check.labels)} is ${v}; values must be positive${why}`, { argument: name, index: i });
    }
    if (check.nonNegative && v < 0) {
      throw new InputError(`${whereText(name, i, check.labels)} is ${v}; values must be non-negative${why}`, { argument: name, index: i });
    }
    out[i] = v;
  }
  return out;
}

/**
 * {@link toFloat64} and the values' minimum and maximum — and with `withSum`, their sum (added left to right) — in
 * one pass over a Float64Array that is not copied (`copy: false`), for callers that only read the values (kernel
 * density on 10^6 points would otherwise read them once more for the range and once more for the mean). The sum
 * is asked for only when it is used: its chain of dependent additions is the loop's slowest part.
 *
 * @example toFloat64WithExtent(Float64Array.of(3, -1, 2), { copy: false, withSum: true }) // → { values: (the same array), min: -1, max: 3, sum: 4 }
 */
export function toFloat64WithExtent(x: Numbers, check: NumberCheck & { withSum?: boolean } = {}): { values: Float64Array; min: number; max: number; sum?: number } {
  if (check.copy === false && x instanceof Float64Array && x.length >= (check.minLength ?? 1) && !check.nonNegative && !check.positive) {
    const extent = check.withSum ? extentAndSum(x) : extentOf(x);
    if (extent) return { values: x, ...extent };
  }
  const values = toFloat64(x, check); // throws with the full message when a value is bad
  return { values, ...(check.withSum ? extentAndSum(values)! : extentOf(values)!) };
}

/** min and max of x, or null when a value is not finite. */
function extentOf(x: Float64Array): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v - v !== 0) return null;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** min, max and the left-to-right sum of x, or null when a value is not finite. */
function extentAndSum(x: Float64Array): { min: number; max: number; sum: number } | null {
  let min = Infinity;
  let max = -Infinity;
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v - v !== 0) return null;
    if (v < min) min = v;
    if (v > max) max = v;
    total += v;
  }
  return { min, max, sum: total };
}

/** Check that two arrays have the same length. */
export function sameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, aName: string, bName: string): void {
  if (a.length !== b.length) {
    throw new InputError(`${bName} has ${b.length} elements but ${aName} has ${a.length}; they must match`, { argument: bName });
  }
}

/**
 * Neumaier-compensated running sum: add values one by one, read the total with `value()`. Used wherever a sum's
 * order is fixed and its last bits matter (the inequality measures, and the file measures of ./duckdb, which must
 * give the same bits).
 *
 * @example const s = new CompensatedSum(); [1e16, 1, -1e16].forEach((v) => s.add(v)); s.value() // → 1
 */
export class CompensatedSum {
  private s = 0;
  private c = 0;
  add(v: number): void {
    const t = this.s + v;
    this.c += Math.abs(this.s) >= Math.abs(v) ? this.s - t + v : v - t + this.s;
    this.s = t;
  }
  value(): number {
    return this.s + this.c;
  }
}

/** Sum of a Float64Array with Neumaier compensation (exact enough for 10^7 values of mixed magnitude). */
export function sum(x: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

/** Values whose largest magnitude lies outside [2^−128, 2^128] are rescaled by {@link scaledByPowerOfTwo}. */
const SCALE_LOW = 2 ** -128;
const SCALE_HIGH = 2 ** 128;

/**
 * For scale-invariant statistics (Gini, Theil, Atkinson, CV, Moran's I, …): when the values' largest magnitude M
 * lies outside [2^−128, 2^128], the values times 2^−e (a copy, e = the binary exponent of M), so that M becomes
 * ~1; otherwise the values themselves and factor 1. A power of two scales every normal double exactly, so
 * squares, fourth powers and sums of n values cannot overflow (values near 1e200), and subnormal values become
 * normal numbers whose means are exact — while values in the ordinary range are left untouched bit for bit.
 * Multiply a result that has the values' units by `factor` to undo the scaling.
 *
 * @example scaledByPowerOfTwo(Float64Array.of(1e200, 3e200)).factor // → 2^665 (the values become ≈ 0.78 and 2.3)
 * @example scaledByPowerOfTwo(Float64Array.of(1, 2)).factor // → 1 (nothing to do)
 */
export function scaledByPowerOfTwo(x: Float64Array): { values: Float64Array; factor: number } {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > m) m = a;
  }
  if (m === 0 || (m >= SCALE_LOW && m <= SCALE_HIGH)) return { values: x, factor: 1 };
  // 2^e ≤ m < 2^(e+1); for subnormal m, log2 still gives the right exponent (−1074 … −1023).
  const e = Math.floor(Math.log2(m));
  const values = new Float64Array(x.length);
  // Two steps, because 2^−e alone overflows for e < −1023 (subnormal m) and underflows for e > 1023.
  const half = Math.trunc(e / 2);
  const a = 2 ** -half;
  const b = 2 ** -(e - half);
  for (let i = 0; i < x.length; i++) values[i] = x[i] * a * b;
  return { values, factor: 2 ** half * 2 ** (e - half) };
}

/**
 * Check that an options argument is an object (or absent), so that `gini(x, null)` says what is wrong instead of
 * "Cannot read properties of null".
 *
 * @example checkOptions(undefined, "gini") // → {}
 */
export function checkOptions<T extends object>(options: T | undefined, fn: string): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    const got = options === null ? "null" : Array.isArray(options) ? "an array" : `${typeof options} ${String(options)}`;
    throw new InputError(`${fn}: options must be an object such as { weights }, got ${got}`, { argument: "options" });
  }
  return options;
}
