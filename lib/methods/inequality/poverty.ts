/**
 * Poverty measures: the Foster–Greer–Thorbecke family and the Watts index, with optional population weights.
 * Re-exported by `baltic-repro/inequality`.
 */
import type { InequalityOptions } from "./inequality";
import { InputError, sameLength, toFloat64 } from "../../numeric/validate";
import type { Numbers } from "../../numeric/validate";

/** @internal Checked values and weights (w = 1 when none) for the weighted measures of this module and ./shares. */
export function valuesAndWeights(x: Numbers, options: InequalityOptions, reason: string): { x: Float64Array; w: Float64Array; W: number } {
  if (options === null || typeof options !== "object") throw new InputError(`options must be an object, got ${String(options)}`, { argument: "options" });
  const values = toFloat64(x, { name: "x", labels: options.labels, nonNegative: true, reason });
  let w: Float64Array;
  if (options.weights === undefined) w = new Float64Array(values.length).fill(1);
  else {
    w = toFloat64(options.weights, { name: "weights", labels: options.labels, nonNegative: true, reason: "weights must be non-negative" });
    sameLength(values, w, "x", "weights");
  }
  let W = 0;
  for (let i = 0; i < w.length; i++) W += w[i];
  if (!(W > 0)) throw new InputError("the weights sum to 0; at least one unit must count", { argument: "weights" });
  return { x: values, w, W };
}

function checkLine(z: unknown): number {
  if (typeof z !== "number" || !Number.isFinite(z) || z <= 0) throw new InputError(`the poverty line z must be a finite number > 0, got ${String(z)}`, { argument: "z" });
  return z;
}

/**
 * The Foster–Greer–Thorbecke poverty measure (Foster, Greer & Thorbecke 1984):
 * FGT_α = (1/W)·Σ_{i: x_i < z} w_i·((z − x_i)/z)^α, W = Σ w_i (w_i = 1 unweighted).
 * α = 0 is the headcount ratio, α = 1 the poverty gap index, α = 2 the squared gap (severity). Units exactly at
 * the line are not poor (strict x_i < z, as the World Bank's PovcalNet and R `ineq`-style formulas). α ≥ 0.
 *
 * @throws InputError for a line that is not > 0, α < 0 or not finite, and bad values or weights (naming the unit).
 * @example fgt([1, 2, 3, 4, 10], 3, 0) // → 0.4 (two of five below 3)
 * @example fgt([1, 2, 3, 4, 10], 3, 1) // → 0.2 ((2/3 + 1/3)/5)
 * @example fgt([1, 2, 3, 4, 10], 3, 2) // → 0.11111111111111112 ((4/9 + 1/9)/5)
 */
export function fgt(x: Numbers, z: number, alpha: number, options: InequalityOptions = {}): number {
  const line = checkLine(z);
  if (typeof alpha !== "number" || !Number.isFinite(alpha) || alpha < 0) throw new InputError(`alpha must be a finite number ≥ 0, got ${String(alpha)}`, { argument: "alpha" });
  const d = valuesAndWeights(x, options, "poverty measures need non-negative incomes");
  let acc = 0;
  for (let i = 0; i < d.x.length; i++) {
    if (d.x[i] < line) acc += d.w[i] * (alpha === 0 ? 1 : Math.pow((line - d.x[i]) / line, alpha));
  }
  return acc / d.W;
}

/**
 * The Watts poverty index (Watts 1968): W = (1/W)·Σ_{i: x_i < z} w_i·ln(z/x_i). The poor must have incomes > 0
 * (ln(z/0) is infinite): a zero income below the line is an error naming the unit.
 *
 * @throws InputError as {@link fgt}, and for a poor unit with income 0.
 * @example watts([1, 2, 3, 4, 10], 3) // → 0.30081547935525477 (= (ln 3 + ln 1.5)/5)
 */
export function watts(x: Numbers, z: number, options: InequalityOptions = {}): number {
  const line = checkLine(z);
  const d = valuesAndWeights(x, options, "poverty measures need non-negative incomes");
  let acc = 0;
  for (let i = 0; i < d.x.length; i++) {
    if (d.x[i] >= line || d.w[i] === 0) continue;
    if (d.x[i] === 0) {
      const label = options.labels && i < options.labels.length ? ` (${String(options.labels[i])})` : "";
      throw new InputError(`x[${i}]${label} is 0 and below the poverty line: the Watts index needs positive incomes among the poor (ln(z/0) is infinite)`, { argument: "x", index: i });
    }
    acc += d.w[i] * Math.log(line / d.x[i]);
  }
  return acc / d.W;
}
