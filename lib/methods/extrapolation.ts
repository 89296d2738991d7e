/**
 * Growth rates, growth-rate extrapolation against a target, compound annual rates and least-squares trends.
 *
 * Conventions (see `shared/METHODS.md`, "Growth-rate extrapolation (Belov)"):
 * - A growth rate is in **percent** of the base: g = (current / base − 1)·100. Every rate this module returns
 *   (growth rate, required growth rate, CAGR, exponential trend rate) is in percent.
 * - Belov's forecast repeats the observed ratio: forecast = current·(current/base)^times. With `times = 1`
 *   (the article's "growth rate multiplied by two") the ratio observed over 2016→2022 is applied once more.
 *   `times` counts further periods of the same length as base→current, so a constant annual rate carried
 *   from 2022 to 2030 is `times = 8/6`.
 * - A target is met when forecast ≤ target (the indicators are "lower is better": energy intensity,
 *   consumption, emissions). For a target that is a share of the base (halving: 0.5; a 10 % cut: 0.9) this
 *   is the same as g ≤ ((target/base)^(1/(1+times)) − 1)·100: −29.29 % for halving, −5.13 % for a 10 % cut.
 * - Interval variants take the rounding intervals of printed inputs (see `verify.ts`) and return the exact
 *   range of the formula: every formula here is monotone in each argument for positive inputs, so the range
 *   is reached at the intervals' ends.
 *
 * Trends follow the ordinary least-squares line of numpy.polyfit(x, y, 1) / scipy.stats.linregress / R
 * `lm(y ~ x)`; the exponential trend is the same fit to ln y (numpy.polyfit(x, log(y), 1)).
 */
import type { Interval } from "../reproduce/verify";
import { InputError, Numbers, sameLength, toFloat64 } from "../numeric/validate";

// ---------------------------------------------------------------------------------------------------------
// Input checks for scalars and intervals

interface ScalarRule {
  positive?: boolean;
  nonNegative?: boolean;
  why?: string;
}

function checkScalar(name: string, v: unknown, rule: ScalarRule = {}): number {
  const why = rule.why ? `: ${rule.why}` : "";
  if (typeof v !== "number") {
    throw new InputError(`${name} must be a number, got ${v === null ? "null" : v === undefined ? "nothing" : JSON.stringify(v)}${why}`, { argument: name });
  }
  if (!Number.isFinite(v)) throw new InputError(`${name} is ${v}; a finite number is needed${why}`, { argument: name });
  if (rule.positive && v <= 0) throw new InputError(`${name} is ${v}; it must be positive${why}`, { argument: name });
  if (rule.nonNegative && v < 0) throw new InputError(`${name} is ${v}; it must be non-negative${why}`, { argument: name });
  return v;
}

function checkInterval(name: string, a: unknown, rule: ScalarRule = {}): Interval {
  if (a === null || typeof a !== "object" || !("lo" in a) || !("hi" in a)) {
    throw new InputError(`${name} must be an interval { lo, hi }, got ${a === null ? "null" : typeof a}`, { argument: name });
  }
  const { lo, hi } = a as Interval;
  checkScalar(`${name}.lo`, lo, rule);
  checkScalar(`${name}.hi`, hi, rule);
  if (lo > hi) throw new InputError(`${name} is [${lo}, ${hi}]: lo must not exceed hi`, { argument: name });
  return { lo, hi };
}

const BASE_WHY = "a growth rate is relative to a positive base";
const CURRENT_WHY = "the indicator cannot be negative";

function checkTimes(times: unknown): number {
  return checkScalar("times", times, { nonNegative: true, why: "times counts further periods of the base→current length" });
}

// ---------------------------------------------------------------------------------------------------------
// Growth rate and Belov's forecast

/**
 * Growth rate in percent: g = (current / base − 1)·100.
 *
 * Reference: Belov (2026), stage 3; `shared/METHODS.md`, "Growth-rate extrapolation (Belov)".
 * @throws InputError when base is not positive or current is negative or either is not finite.
 * @example growthRate(0.4741, 0.2348) // → -50.47458342121915 (Belov, Table 1, Trans-Baikal: "- 50,47")
 */
export function growthRate(base: number, current: number): number {
  const b = checkScalar("base", base, { positive: true, why: BASE_WHY });
  const c = checkScalar("current", current, { nonNegative: true, why: CURRENT_WHY });
  return (c / b - 1) * 100;
}

/**
 * Belov's forecast: repeat the ratio observed from base to current `times` more times,
 * forecast = current·(current / base)^times. `times = 1` (default) is the article's 2030 forecast from 2016 and
 * 2022; `times = 0` returns current; a constant annual rate carried 8 more years after 6 observed is 8/6.
 *
 * Reference: Belov (2026), stage 5 ("growth rates multiplied by two").
 * @throws InputError when base is not positive, current is negative or times is negative or not finite.
 * @example repeatGrowth(0.4741, 0.2348) // → 0.11628567812697743 (Table 1, Trans-Baikal: "0,1163")
 */
export function repeatGrowth(base: number, current: number, times = 1): number {
  const b = checkScalar("base", base, { positive: true, why: BASE_WHY });
  const c = checkScalar("current", current, { nonNegative: true, why: CURRENT_WHY });
  const t = checkTimes(times);
  return t === 1 ? (c * c) / b : c * (c / b) ** t;
}

/**
 * The halving target: base / 2 (Belov's 2030 target for energy intensity and emissions per unit of value
 * added, SDG targets 7.3 and 9.4).
 *
 * @example halvingTarget(0.4741) // → 0.23705 (Table 1 prints "0,2370")
 */
export function halvingTarget(base: number): number {
  return checkScalar("base", base, { positive: true, why: "a target is set relative to a positive base" }) / 2;
}

/**
 * A target `percent` % below the base: base·(1 − percent/100) (Belov: a 10 % cut of household electricity
 * consumption by 2030). `percent` may be negative (a cap above the base) but must be below 100.
 *
 * @example reductionTarget(2172.1, 10) // → 1954.8899999999999 (Table 2, Vladimir region: "1954,89")
 */
export function reductionTarget(base: number, percent: number): number {
  const b = checkScalar("base", base, { positive: true, why: "a target is set relative to a positive base" });
  const p = checkScalar("percent", percent);
  if (p >= 100) throw new InputError(`percent is ${p}; a reduction must be below 100 % so that the target stays positive`, { argument: "percent" });
  return b * (1 - p / 100);
}

/**
 * The growth rate over one base→current period that, repeated, just meets a target that is `targetRatio`
 * times the base: g* = (targetRatio^(1/(1 + times)) − 1)·100, because forecast = base·(1 + g/100)^(1+times).
 *
 * Reference: `shared/METHODS.md` (halving: ≤ −29.29 % = 1/√2 − 1; 10 % cut: ≤ −5.13 % = √0.9 − 1).
 * @throws InputError when targetRatio is not positive or times is negative.
 * @example requiredGrowthRate(0.5) // → -29.28932188134524
 * @example requiredGrowthRate(0.9) // → -5.131670194948623
 */
export function requiredGrowthRate(targetRatio: number, times = 1): number {
  const r = checkScalar("targetRatio", targetRatio, { positive: true, why: "the target must be a positive share of the base" });
  const t = checkTimes(times);
  return (r ** (1 / (1 + t)) - 1) * 100;
}

/** What {@link assessTarget} returns. */
export interface TargetAssessment {
  /** The base-period value (Belov: 2016). */
  readonly base: number;
  /** The current value (Belov: 2022). */
  readonly current: number;
  /** The target for the horizon (Belov: 2030). */
  readonly target: number;
  /** Further periods extrapolated (1 in the article). */
  readonly times: number;
  /** Growth rate base→current, percent. */
  readonly growthRate: number;
  /** current·(current/base)^times. */
  readonly forecast: number;
  /** target / base. */
  readonly targetRatio: number;
  /** The growth rate that would just meet the target (percent), see {@link requiredGrowthRate}. */
  readonly requiredGrowthRate: number;
  /** forecast − target: ≤ 0 when the target is met. */
  readonly excess: number;
  /** forecast ≤ target. */
  readonly meets: boolean;
}

/**
 * Assess whether extrapolating the observed growth meets a target: growth rate, forecast
 * current·(current/base)^times, meets = forecast ≤ target, and the growth rate that would just meet it.
 * `meets` is equivalent to growthRate ≤ requiredGrowthRate (up to floating-point rounding at the boundary).
 *
 * Reference: Belov (2026), stages 3–5; `shared/METHODS.md`.
 * @throws InputError when base or target is not positive, current is negative, or times is negative.
 * @example
 *   assessTarget({ base: 0.3008, current: 0.2142, target: 0.1504 })
 *   // → { growthRate: -28.789893617021278, forecast: 0.15253204787234043, meets: false,
 *   //     requiredGrowthRate: -29.28932188134524, excess: 0.00213204787234042, … } (Table 1, North Ossetia)
 */
export function assessTarget(input: { base: number; current: number; target: number; times?: number }): TargetAssessment {
  if (input === null || typeof input !== "object") throw new InputError("assessTarget needs { base, current, target, times? }");
  const base = checkScalar("base", input.base, { positive: true, why: BASE_WHY });
  const current = checkScalar("current", input.current, { nonNegative: true, why: CURRENT_WHY });
  const target = checkScalar("target", input.target, { positive: true, why: "a target for a non-negative indicator must be positive" });
  const times = checkTimes(input.times ?? 1);
  const forecast = repeatGrowth(base, current, times);
  const targetRatio = target / base;
  return {
    base,
    current,
    target,
    times,
    growthRate: growthRate(base, current),
    forecast,
    targetRatio,
    requiredGrowthRate: requiredGrowthRate(targetRatio, times),
    excess: forecast - target,
    meets: forecast <= target,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Interval variants for printed (rounded) inputs

/**
 * The exact range of the growth rate when base and current are known only to intervals (e.g. the rounding
 * intervals of printed values): [(current.lo/base.hi − 1)·100, (current.hi/base.lo − 1)·100].
 *
 * @throws InputError when an interval is malformed, base is not positive or current is negative.
 * @example growthRateInterval({ lo: 0.47405, hi: 0.47415 }, { lo: 0.23475, hi: 0.23485 })
 *   // → { lo: -50.49035115469789, hi: -50.45881236156524 } (contains the printed −50.47)
 */
export function growthRateInterval(base: Interval, current: Interval): Interval {
  const b = checkInterval("base", base, { positive: true, why: BASE_WHY });
  const c = checkInterval("current", current, { nonNegative: true, why: CURRENT_WHY });
  return { lo: (c.lo / b.hi - 1) * 100, hi: (c.hi / b.lo - 1) * 100 };
}

/**
 * The exact range of Belov's forecast current·(current/base)^times over intervals of base and current:
 * [current.lo^(1+t)/base.hi^t, current.hi^(1+t)/base.lo^t] (increasing in current, decreasing in base).
 *
 * @example repeatGrowthInterval({ lo: 0.47405, hi: 0.47415 }, { lo: 0.23475, hi: 0.23485 })
 *   // → { lo: 0.11622390066434671, hi: 0.11634747916886405 } (contains the printed 0.1163)
 */
export function repeatGrowthInterval(base: Interval, current: Interval, times = 1): Interval {
  const b = checkInterval("base", base, { positive: true, why: BASE_WHY });
  const c = checkInterval("current", current, { nonNegative: true, why: CURRENT_WHY });
  const t = checkTimes(times);
  const f = (bb: number, cc: number): number => (t === 1 ? (cc * cc) / bb : cc * (cc / bb) ** t);
  return { lo: f(b.hi, c.lo), hi: f(b.lo, c.hi) };
}

/** What {@link assessTargetInterval} returns. */
export interface TargetIntervalAssessment {
  /** Range of the growth rate, percent. */
  readonly growthRate: Interval;
  /** Range of the forecast. */
  readonly forecast: Interval;
  /** Range of the target targetRatio·base. */
  readonly target: Interval;
  readonly targetRatio: number;
  readonly times: number;
  /** The growth rate that just meets the target (percent); exact, since it depends on targetRatio only. */
  readonly requiredGrowthRate: number;
  /**
   * true when every base and current in the intervals meets the target, false when none does, null when it
   * depends on where in the intervals the unrounded values lie.
   */
  readonly meets: boolean | null;
}

/**
 * Assess a target that is a fixed share of the base (`targetRatio`: 0.5 for halving, 0.9 for a 10 % cut) when
 * base and current are known only to intervals. Because forecast ≤ targetRatio·base ⇔ current/base ≤
 * targetRatio^(1/(1+times)), the verdict depends on the ratio current/base alone, whose range
 * [current.lo/base.hi, current.hi/base.lo] is exact. (Comparing the forecast and target intervals as if they
 * were independent would be needlessly conservative: both move with the same base.)
 *
 * @example
 *   assessTargetInterval({ base: { lo: 0.30075, hi: 0.30085 }, current: { lo: 0.21415, hi: 0.21425 }, targetRatio: 0.5 }).meets
 *   // → false (Table 1, North Ossetia: −28.79 % is above −29.29 % whatever the unrounded inputs)
 */
export function assessTargetInterval(input: { base: Interval; current: Interval; targetRatio: number; times?: number }): TargetIntervalAssessment {
  if (input === null || typeof input !== "object") throw new InputError("assessTargetInterval needs { base, current, targetRatio, times? }");
  const base = checkInterval("base", input.base, { positive: true, why: BASE_WHY });
  const current = checkInterval("current", input.current, { nonNegative: true, why: CURRENT_WHY });
  const targetRatio = checkScalar("targetRatio", input.targetRatio, { positive: true, why: "the target must be a positive share of the base" });
  const times = checkTimes(input.times ?? 1);
  const threshold = targetRatio ** (1 / (1 + times));
  const ratioLo = current.lo / base.hi;
  const ratioHi = current.hi / base.lo;
  return {
    growthRate: growthRateInterval(base, current),
    forecast: repeatGrowthInterval(base, current, times),
    target: { lo: base.lo * targetRatio, hi: base.hi * targetRatio },
    targetRatio,
    times,
    requiredGrowthRate: (threshold - 1) * 100,
    meets: ratioHi <= threshold ? true : ratioLo > threshold ? false : null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Compound annual rate

/**
 * Compound annual growth rate in percent: ((end / start)^(1/years) − 1)·100 (Excel `RRI`, ×100). With
 * start = 1 and end = 0.5 it is the constant annual rate that halves a value in `years` years.
 *
 * @throws InputError when start or years is not positive, or end is negative.
 * @example cagr(100, 121, 2) // → 10.000000000000009
 * @example cagr(1, 0.5, 14)  // → -4.830484698938042 (halving over 2016–2030)
 */
export function cagr(start: number, end: number, years: number): number {
  const s = checkScalar("start", start, { positive: true, why: "a growth rate is relative to a positive start" });
  const e = checkScalar("end", end, { nonNegative: true, why: CURRENT_WHY });
  const y = checkScalar("years", years, { positive: true, why: "a compound rate needs a positive number of years" });
  return ((e / s) ** (1 / y) - 1) * 100;
}

// ---------------------------------------------------------------------------------------------------------
// Least-squares trends

/** A fitted least-squares line y = intercept + slope·x (see {@link linearTrend}). */
export interface LinearTrend {
  /** Number of points. */
  readonly n: number;
  readonly slope: number;
  readonly intercept: number;
  /** Coefficient of determination 1 − SSE/SST; NaN when all y are equal (SST = 0). */
  readonly r2: number;
  /** √(SSE/(n − 2)) (R `sigma()`); NaN when n = 2. */
  readonly residualStdError: number;
  /** Standard error of the slope, s/√Sxx (scipy `linregress().stderr`); NaN when n = 2. */
  readonly slopeStdError: number;
  /** Standard error of the intercept, s·√(1/n + x̄²/Sxx) (scipy `intercept_stderr`); NaN when n = 2. */
  readonly interceptStdError: number;
  /** intercept + slope·x. */
  predict(x: number): number;
}

function checkXY(xs: Numbers, ys: Numbers, yRule: { positive?: boolean; reason?: string } = {}): { x: Float64Array; y: Float64Array } {
  const x = toFloat64(xs, { name: "xs", minLength: 2, reason: "a trend needs at least two points" });
  const y = toFloat64(ys, { name: "ys", minLength: 2, positive: yRule.positive, reason: yRule.reason ?? "a trend needs at least two points" });
  sameLength(x, y, "xs", "ys");
  return { x, y };
}

function leastSquares(x: Float64Array, y: Float64Array, xName: string): LinearTrend {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new InputError(`${xName} are all equal (${x[0]}): the slope of a trend is undefined`, { argument: xName });
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i] - (intercept + slope * x[i]);
    sse += e * e;
  }
  const s = n > 2 ? Math.sqrt(sse / (n - 2)) : NaN;
  return {
    n,
    slope,
    intercept,
    r2: syy === 0 ? NaN : 1 - sse / syy,
    residualStdError: s,
    slopeStdError: s / Math.sqrt(sxx),
    interceptStdError: s * Math.sqrt(1 / n + (mx * mx) / sxx),
    predict: (v: number) => intercept + slope * v,
  };
}

/**
 * Ordinary least-squares line through (xs, ys): slope = Sxy/Sxx, intercept = ȳ − slope·x̄ (centred sums),
 * with R², the residual standard error and the coefficients' standard errors.
 *
 * Reference: numpy.polyfit(x, y, 1), scipy.stats.linregress, R `lm(y ~ x)` (tests/fixtures/extrapolation.json).
 * @throws InputError when the arrays differ in length, have fewer than 2 points, hold a non-finite value,
 *   or all xs are equal.
 * @example
 *   const t = linearTrend([2016, 2019, 2022], [10, 12, 14]);
 *   // t.slope → 0.6666666666666666, t.intercept → -1334, t.r2 → 1, t.predict(2030) → 19.333333333333258
 */
export function linearTrend(xs: Numbers, ys: Numbers): LinearTrend {
  const { x, y } = checkXY(xs, ys);
  return leastSquares(x, y, "xs");
}

/** A fitted exponential trend y = scale·exp(logSlope·x) (see {@link exponentialTrend}). */
export interface ExponentialTrend {
  readonly n: number;
  /** b in ln y = a + b·x. */
  readonly logSlope: number;
  /** a in ln y = a + b·x. */
  readonly logIntercept: number;
  /** exp(a). */
  readonly scale: number;
  /** exp(b): the factor per unit of x. */
  readonly growthFactor: number;
  /** (exp(b) − 1)·100: the constant growth rate per unit of x, percent. */
  readonly ratePercent: number;
  /** R² of the fit on the log scale; NaN when all y are equal. */
  readonly r2: number;
  /** Standard error of b (on the log scale); NaN when n = 2. */
  readonly logSlopeStdError: number;
  /** exp(a + b·x). */
  predict(x: number): number;
}

/**
 * Exponential (log-linear) trend: least squares of ln y on x, y = exp(a)·exp(b·x); the growth rate per unit
 * of x is (exp(b) − 1)·100 %.
 *
 * Reference: numpy.polyfit(x, np.log(y), 1); R `lm(log(y) ~ x)`.
 * @throws InputError as {@link linearTrend}, and when a y is not positive.
 * @example
 *   exponentialTrend([0, 1, 2, 3], [100, 110, 121, 133.1]).ratePercent // → 9.99999999999999
 */
export function exponentialTrend(xs: Numbers, ys: Numbers): ExponentialTrend {
  const { x, y } = checkXY(xs, ys, { positive: true, reason: "an exponential trend fits ln y" });
  const logY = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) logY[i] = Math.log(y[i]);
  const fit = leastSquares(x, logY, "xs");
  const a = fit.intercept;
  const b = fit.slope;
  return {
    n: fit.n,
    logSlope: b,
    logIntercept: a,
    scale: Math.exp(a),
    growthFactor: Math.exp(b),
    ratePercent: Math.expm1(b) * 100,
    r2: fit.r2,
    logSlopeStdError: fit.slopeStdError,
    predict: (v: number) => Math.exp(a + b * v),
  };
}
