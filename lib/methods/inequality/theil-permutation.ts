/**
 * The permutation test of the Theil decomposition's between-group part (PySAL `inequality.theil.TheilDSim`), used
 * by `theilDecomposition(…, { permutations, seed })`.
 */
import { theilDecomposition, type InequalityOptions } from "./inequality";
import { Xoshiro128StarStar, shuffleInPlace } from "../../numeric/random";
import type { Numbers } from "../../numeric/validate";

/**
 * @internal R random permutations of the values (with their weights) over the units, the group labels held
 * fixed (seeded xoshiro128**, stream (seed, 0)); p = (#{between_perm ≥ between} + 1)/(R + 1), one-sided and
 * counting the observed value, as TheilDSim's `bg_pvalue`.
 */
export function theilBetweenPermutation(
  x: Numbers,
  groups: ArrayLike<string | number>,
  options: InequalityOptions,
  between: number,
  permutations: number,
  seed: number,
): { pPermutation: number; meanPermutation: number } {
  const n = x.length;
  const order = Float64Array.from({ length: n }, (_, i) => i);
  const rng = new Xoshiro128StarStar(seed, 0);
  const xs = new Float64Array(n);
  const ws = options.weights === undefined ? undefined : new Float64Array(n);
  let atLeast = 0;
  let mean = 0;
  for (let r = 0; r < permutations; r++) {
    shuffleInPlace(order, rng);
    for (let i = 0; i < n; i++) {
      xs[i] = x[order[i]];
      if (ws) ws[i] = options.weights![order[i]];
    }
    const b = theilDecomposition(xs, groups, ws ? { weights: ws } : {}).between;
    if (b >= between) atLeast++;
    mean += (b - mean) / (r + 1);
  }
  return { pPermutation: (atLeast + 1) / (permutations + 1), meanPermutation: mean };
}
