/**
 * A small radix-2 fast Fourier transform on Float64Arrays, and the circular convolution of two real sequences
 * built on it (used by the binned kernel density estimator in `./density`).
 *
 * Conventions (the same as NumPy's `numpy.fft.fft` / `ifft` and R's `fft(z)` / `fft(z, inverse = TRUE) / N`):
 *   forward  X_k = Σ_j x_j · exp(−2πi·jk/N)
 *   inverse  x_j = (1/N) · Σ_k X_k · exp(+2πi·jk/N)
 * The transforms work in place on a pair of arrays (real parts, imaginary parts) whose length is a power of two;
 * the only other allocation is the table of N/2 twiddle factors, each computed directly with Math.cos / Math.sin
 * (not by a recurrence, so the rounding error stays O(ε·log N)). The butterflies walk memory block by block.
 */

import { InputError } from "./validate";

/**
 * True when `n` is a positive integer power of two (1, 2, 4, …).
 *
 * @example isPowerOfTwo(1024) // → true
 * @example isPowerOfTwo(12) // → false
 */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0 && n <= 2 ** 30;
}

/**
 * The smallest power of two ≥ n (n ≥ 1; at most 2^30).
 *
 * @example nextPowerOfTwo(1000) // → 1024
 * @example nextPowerOfTwo(1024) // → 1024
 */
export function nextPowerOfTwo(n: number): number {
  if (!Number.isFinite(n) || n > 2 ** 30) {
    throw new InputError(`nextPowerOfTwo: n must be a finite number ≤ 2^30; got ${n}`, { argument: "n" });
  }
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function checkPair(re: Float64Array, im: Float64Array, where: string): number {
  const n = re.length;
  if (im.length !== n) {
    throw new InputError(`${where}: im has ${im.length} elements but re has ${n}; they must match`, { argument: "im" });
  }
  if (!isPowerOfTwo(n)) {
    throw new InputError(`${where}: the length must be a power of two (1, 2, 4, …); got ${n}`, { argument: "re" });
  }
  return n;
}

/** cos and sin of 2πk/N for k = 0 … N/2 − 1 (each entry evaluated directly, not by a recurrence). */
function twiddles(n: number): [Float64Array, Float64Array] {
  const half = n >> 1;
  const c = new Float64Array(half);
  const s = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    const a = (2 * Math.PI * k) / n;
    c[k] = Math.cos(a);
    s[k] = Math.sin(a);
  }
  return [c, s];
}

/** The transform itself; `cos`/`sin` from twiddles(n). */
function transform(re: Float64Array, im: Float64Array, inverse: boolean, cos: Float64Array, sin: Float64Array): void {
  const n = re.length;
  if (n === 1) return;
  // Bit-reversal permutation.
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  // Butterflies, block by block so that memory is walked sequentially; w = exp(∓2πi·k/len) = table[k·n/len].
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= n; len *= 2) {
    const half = len >> 1;
    const step = n / len;
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step];
        const wi = sign * sin[k * step];
        const i = start + k;
        const j = i + half;
        const tr = wr * re[j] - wi * im[j];
        const ti = wr * im[j] + wi * re[j];
        re[j] = re[i] - tr;
        im[j] = im[i] - ti;
        re[i] += tr;
        im[i] += ti;
      }
    }
  }
  if (inverse) {
    const s = 1 / n;
    for (let i = 0; i < n; i++) {
      re[i] *= s;
      im[i] *= s;
    }
  }
}

/**
 * In-place discrete Fourier transform of the complex sequence (re[j] + i·im[j]), j = 0…N−1, N a power of two
 * (iterative radix-2 decimation in time: bit-reversal permutation, then log₂N butterfly stages).
 * Forward: X_k = Σ_j x_j·e^(−2πi·jk/N). With `inverse = true`: x_j = (1/N)·Σ_k X_k·e^(+2πi·jk/N), so
 * `fft(re, im); fft(re, im, true)` gives back the input (to rounding). Same convention as NumPy `fft`/`ifft`.
 * O(N log N); allocates only its twiddle table (N/2 cosines and sines).
 *
 * @throws InputError when the lengths differ or are not a power of two.
 * @example
 * const re = new Float64Array([1, 2, 3, 4]), im = new Float64Array(4);
 * fft(re, im); // re → [10, −2, −2, −1.9999999999999998], im → [0, 2, 0, −2]
 */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = checkPair(re, im, "fft");
  const [c, s] = twiddles(n);
  transform(re, im, inverse, c, s);
}

/**
 * Circular convolution of two real sequences of the same power-of-two length N, in place:
 * on entry `re` holds a and `im` holds b; on return `re` holds c_j = Σ_k a_k·b_((j−k) mod N) and `im` holds
 * rounding residue (≈ 0). Uses one forward and one inverse complex FFT of length N ("two real transforms for
 * the price of one": with Z = FFT(a + i·b), A_k = (Z_k + conj Z_(N−k))/2 and B_k = (Z_k − conj Z_(N−k))/(2i)),
 * so besides the two input arrays it allocates only one twiddle table. For a linear (non-wrapping) convolution, pad both sequences with zeros so that
 * N ≥ (support of a) + (support of b) − 1.
 *
 * @throws InputError when the lengths differ or are not a power of two.
 * @example
 * const re = new Float64Array([1, 2, 0, 0]), im = new Float64Array([1, 1, 1, 0]);
 * circularConvolveReal(re, im); // re → [1, 3, 3, 2] ((1 + 2z)·(1 + z + z²) = 1 + 3z + 3z² + 2z³)
 */
export function circularConvolveReal(re: Float64Array, im: Float64Array): void {
  const n = checkPair(re, im, "circularConvolveReal");
  const [cos, sin] = twiddles(n);
  transform(re, im, false, cos, sin);
  // k = 0 (and k = N/2 when N > 1) pair with themselves: Z_k = A_k + i·B_k with A_k, B_k real.
  re[0] = re[0] * im[0];
  im[0] = 0;
  if (n === 1) return;
  const h = n >> 1;
  re[h] = re[h] * im[h];
  im[h] = 0;
  for (let k = 1; k < h; k++) {
    const m = n - k;
    const zr = re[k];
    const zi = im[k];
    const wr = re[m];
    const wi = im[m];
    const ar = 0.5 * (zr + wr);
    const ai = 0.5 * (zi - wi);
    const br = 0.5 * (zi + wi);
    const bi = 0.5 * (wr - zr);
    const cr = ar * br - ai * bi;
    const ci = ar * bi + ai * br;
    re[k] = cr;
    im[k] = ci;
    re[m] = cr;
    im[m] = -ci;
  }
  transform(re, im, true, cos, sin);
}
