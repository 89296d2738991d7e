/**
 * Income shares of population quantiles and the Palma ratio, read off the Lorenz curve. Re-exported by
 * `baltic-repro/inequality`.
 */
import { lorenz, lorenzAt as lorenzAtPoints, type InequalityOptions, type LorenzCurve } from "./inequality";
import { InputError } from "../../numeric/validate";
import type { Numbers } from "../../numeric/validate";

/** Income shares of population groups. */
export interface QuantileShares {
  /** Population shares bounding the groups: 0 = p_0 < p_1 < … < p_k = 1. */
  bounds: number[];
  /** Income share of each group (poorest first): L(p_j) − L(p_{j−1}); they sum to 1. */
  shares: number[];
}

/**
 * Income shares of population quantiles (quintile shares, decile shares, the "bottom 40 %"): the units are
 * sorted by income and group j holds the population between p_{j−1} and p_j; its share is L(p_j) − L(p_{j−1})
 * with L the Lorenz curve of {@link lorenz} (weighted when `weights` are given) interpolated linearly, so that a
 * unit straddling a boundary is split in proportion (exact when n·p_j are whole numbers, as in the World Bank's
 * and OECD's quintile shares of unit data).
 *
 * @param groups the number of equal groups (5: quintiles, 10: deciles), or the inner boundaries (e.g. [0.4, 0.9]).
 * @throws InputError for fewer than 1 group, boundaries outside (0, 1) or not increasing, bad values or weights.
 * @example quantileShares([1, 2, 3, 4, 10], 5).shares   // → [0.05, 0.09999999999999999, 0.15, 0.2, 0.5]
 * @example quantileShares([1, 2, 3, 4, 10], [0.5]).shares // → [0.22499999999999998, 0.775] (the median unit's 3 split in half)
 */
export function quantileShares(x: Numbers, groups: number | number[] = 5, options: InequalityOptions = {}): QuantileShares {
  const inner = innerBounds(groups);
  return sharesOfCurve(lorenz(x, options), inner);
}

/**
 * The income shares of population groups read off a Lorenz curve already computed (or evaluated at the groups'
 * bounds, as `fileLorenz` of baltic-repro/duckdb does): the same numbers as {@link quantileShares}.
 *
 * @example quantileSharesOfCurve(lorenz([1, 2, 3, 4, 10]), [0.5]).shares // → [0.22499999999999998, 0.775]
 */
export function quantileSharesOfCurve(curve: LorenzCurve, groups: number | number[] = 5): QuantileShares {
  return sharesOfCurve(curve, innerBounds(groups));
}

/** The inner bounds of `groups` (a number of equal groups, or increasing shares strictly between 0 and 1). */
export function innerBounds(groups: number | number[]): number[] {
  let inner: number[];
  if (typeof groups === "number") {
    if (!Number.isInteger(groups) || groups < 1 || groups > 1e6) throw new InputError(`groups must be an integer ≥ 1 (5 for quintiles), got ${String(groups)}`, { argument: "groups" });
    inner = Array.from({ length: groups - 1 }, (_, j) => (j + 1) / groups);
  } else if (Array.isArray(groups)) {
    inner = groups.slice();
    inner.forEach((p, j) => {
      if (typeof p !== "number" || !(p > 0 && p < 1) || (j > 0 && !(p > inner[j - 1]))) {
        throw new InputError(`groups[${j}] is ${String(p)}; boundaries must be increasing population shares strictly between 0 and 1`, { argument: "groups", index: j });
      }
    });
  } else throw new InputError(`groups must be a number of groups or an array of boundaries, got ${typeof groups}`, { argument: "groups" });
  return inner;
}

function sharesOfCurve(curve: LorenzCurve, inner: number[]): QuantileShares {
  const bounds = [0, ...inner, 1];
  const at = Array.from(lorenzAtPoints(curve, bounds).share);
  return { bounds, shares: at.slice(1).map((v, j) => v - at[j]) };
}

/** L(p) of a Lorenz curve (see lorenzAt in ./inequality). */
function lorenzAt(curve: LorenzCurve, p: number): number {
  return lorenzAtPoints(curve, [p]).share[0];
}

/**
 * The Palma ratio (Palma 2011; Cobham & Sumner 2013): the income share of the richest 10 % over that of the poorest
 * 40 %, (1 − L(0.9))/L(0.4), with L the (weighted) Lorenz curve interpolated as in {@link quantileShares}.
 *
 * @throws InputError as {@link lorenz}, and when the poorest 40 % have no income (the ratio is infinite).
 * @example palma([1, 2, 3, 4, 10]) // → 1.6666666666666667 (top 10 %: half of the 10, 0.25; bottom 40 %: 1 + 2, 0.15)
 */
export function palma(x: Numbers, options: InequalityOptions = {}): number {
  const curve = lorenz(x, options);
  const bottom = lorenzAt(curve, 0.4);
  if (!(bottom > 0)) throw new InputError("the poorest 40 % have no income: the Palma ratio is infinite", { argument: "x" });
  return (1 - lorenzAt(curve, 0.9)) / bottom;
}
