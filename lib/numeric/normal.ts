import { InputError } from "./validate";

/**
 * The standard normal distribution: the two-sided tail p-value, the distribution function Φ and its inverse,
 * computed without cancellation so that small tail probabilities keep their relative precision (as R's `pnorm`
 * and `qnorm`). Used by the spatial statistics' normal inference and the bootstrap intervals.
 */

const SQRT_PI = Math.sqrt(Math.PI);

/** Complementary error function erfc(x) for x ≥ 0 (series below 2, continued fraction above); relative error < 1e-12. */
export function erfc(x: number): number {
  if (x < 0.5) {
    // erf(x) = 2/√π Σ (−1)^k x^(2k+1) / (k!(2k+1))
    const x2 = x * x;
    let term = x;
    let acc = x;
    for (let k = 1; k < 60; k++) {
      term *= -x2 / k;
      const add = term / (2 * k + 1);
      acc += add;
      if (Math.abs(add) < 1e-17 * Math.abs(acc)) break;
    }
    return 1 - (2 / SQRT_PI) * acc;
  }
  if (x < 2) {
    // erf(x) = 2/√π e^(−x²) Σ 2^k x^(2k+1) / (1·3·…·(2k+1)), all terms positive
    const x2 = x * x;
    let term = x;
    let acc = x;
    for (let k = 0; k < 200; k++) {
      term *= (2 * x2) / (2 * k + 3);
      acc += term;
      if (term < 1e-17 * acc) break;
    }
    return 1 - (2 / SQRT_PI) * expMinusSquare(x) * acc;
  }
  if (x > 27.3) return 0; // below the smallest double
  // erfc(x) = e^(−x²)/√π / f,  f = x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))) — modified Lentz
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    d = x + a * d;
    if (d === 0) d = tiny;
    c = x + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return expMinusSquare(x) / (SQRT_PI * f);
}

/** e^(−x²) without the rounding error of x²: x = h + l with h = ⌊x·2^16⌋/2^16 (h² exact), e^(−h²)·e^(−l(x + h)). */
function expMinusSquare(x: number): number {
  const h = Math.floor(x * 65536) / 65536;
  return Math.exp(-h * h) * Math.exp(-(x - h) * (x + h));
}

/**
 * Two-sided p-value of a standard normal z: p = 2·(1 − Φ(|z|)) = erfc(|z|/√2) (R `2 * pnorm(-abs(z))`,
 * esda `2 * (1 - norm.cdf(abs(z)))`), computed without cancellation so that small p keep their relative
 * precision (within 1e-12 of R's `pnorm` from z = 0 to z = 37, where p ≈ 1e-299). NaN gives NaN.
 *
 * @example normalTwoSidedP(1.959963984540054) // → 0.050000000000000155 (R: 0.050000000000000024)
 */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return erfc(Math.abs(z) / Math.SQRT2);
}

/**
 * The standard normal distribution function Φ(x) = P(Z ≤ x) = erfc(−x/√2)/2 (R `pnorm(x)`), accurate in both tails
 * (relative error below about 1e-12 from x = −37 to 8). NaN gives NaN.
 *
 * @example normalCdf(-1.959963984540054) // → 0.025000000000000078 (R: 0.025000000000000012)
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return x < 0 ? erfc(-x / Math.SQRT2) / 2 : 1 - erfc(x / Math.SQRT2) / 2;
}

/**
 * The standard normal quantile Φ⁻¹(p) (R `qnorm(p)`): bisection to bracket, then Newton steps on {@link normalCdf}
 * (using the tail that keeps precision), to within a few units in the last place of R's value for 1e-300 < p < 1.
 * p = 0 gives −Infinity, p = 1 Infinity.
 *
 * @throws InputError for p outside [0, 1] or NaN.
 * @example normalQuantile(0.975) // → 1.9599639845400554 (R: 1.9599639845400536)
 */
export function normalQuantile(p: number): number {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new InputError(`p must be a probability in [0, 1], got ${String(p)}`, { argument: "p" });
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p > 0.5) return upperQuantile(1 - p);
  return -upperQuantile(p);
}

/** x > 0 with P(Z > x) = q (q ≤ 1/2), solved on the upper tail erfc(x/√2)/2 = q. */
function upperQuantile(q: number): number {
  if (q === 0.5) return 0;
  const tail = (x: number) => erfc(x / Math.SQRT2) / 2;
  let lo = 0;
  let hi = 40;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (tail(mid) > q) lo = mid;
    else hi = mid;
  }
  let x = (lo + hi) / 2;
  for (let k = 0; k < 4; k++) {
    const density = Math.exp(-(x * x) / 2) / Math.sqrt(2 * Math.PI);
    if (!(density > 0)) break;
    // relative Newton step on the tail: (tail(x) − q)/φ(x), well conditioned because tail and q share their scale
    const step = (tail(x) - q) / density;
    if (!Number.isFinite(step)) break;
    x += step;
    if (Math.abs(step) <= 1e-16 * x) break;
  }
  return x;
}
