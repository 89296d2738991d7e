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

/**
 * cos and sin of 2πk/N for k = 0 … N/2 − 1 (each entry evaluated directly, not by a recurrence). The tables of
 * the last few lengths are kept (they are pure functions of N, so the cache changes no result): a kernel density
 * estimate on a grid calls the transform with the same lengths again and again, and at N = 2^11 computing the
 * table costs as much as the transform.
 */
const TWIDDLE_CACHE = new Map<number, [Float64Array, Float64Array]>();
const TWIDDLE_CACHE_SIZE = 8;
function twiddles(n: number): [Float64Array, Float64Array] {
  const cached = TWIDDLE_CACHE.get(n);
  if (cached) return cached;
  const table = computeTwiddles(n);
  if (TWIDDLE_CACHE.size >= TWIDDLE_CACHE_SIZE) TWIDDLE_CACHE.delete(TWIDDLE_CACHE.keys().next().value as number);
  TWIDDLE_CACHE.set(n, table);
  return table;
}

function computeTwiddles(n: number): [Float64Array, Float64Array] {
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

/**
 * The complex work arrays of the real transforms (length N/2), kept per length like the twiddles: every entry is
 * written before it is read and they are never returned, so reusing them changes no result, and it spares a
 * small transform two allocations of external memory (at N = 2048 they cost as much as the transform).
 */
const WORK_CACHE = new Map<number, [Float64Array, Float64Array]>();
function workArrays(n: number): [Float64Array, Float64Array] {
  const cached = WORK_CACHE.get(n);
  if (cached) return cached;
  const arrays: [Float64Array, Float64Array] = [new Float64Array(n), new Float64Array(n)];
  if (WORK_CACHE.size >= TWIDDLE_CACHE_SIZE) WORK_CACHE.delete(WORK_CACHE.keys().next().value as number);
  WORK_CACHE.set(n, arrays);
  return arrays;
}

/** The bit-reversal permutation of 0 … n − 1 (cached beside the twiddles; a pure function of n). */
const REVERSAL_CACHE = new Map<number, Uint32Array>();
function bitReversal(n: number): Uint32Array {
  const cached = REVERSAL_CACHE.get(n);
  if (cached) return cached;
  const rev = new Uint32Array(n);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    rev[i] = j;
  }
  if (REVERSAL_CACHE.size >= TWIDDLE_CACHE_SIZE) REVERSAL_CACHE.delete(REVERSAL_CACHE.keys().next().value as number);
  REVERSAL_CACHE.set(n, rev);
  return rev;
}

/** The transform itself; `cos`/`sin` from twiddles(n). */
function transform(re: Float64Array, im: Float64Array, inverse: boolean, cos: Float64Array, sin: Float64Array): void {
  const n = re.length;
  if (n === 1) return;
  const rev = bitReversal(n);
  for (let i = 1; i < n; i++) {
    const j = rev[i];
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  // Radix-2² butterflies: two radix-2 stages per pass over memory (the stage that merges blocks of q into 2q with
  // w_A = exp(∓2πi·k/2q), then 2q into 4q with w_B = exp(∓2πi·k/4q) and w_B·(∓i)), which halves the loads and
  // stores of the plain radix-2 loop. When log₂N is odd, one plain stage (w = 1) comes first.
  const sign = inverse ? 1 : -1;
  let q = 1;
  if ((31 - Math.clz32(n)) & 1) {
    for (let i = 0; i < n; i += 2) {
      const tr = re[i + 1];
      const ti = im[i + 1];
      re[i + 1] = re[i] - tr;
      im[i + 1] = im[i] - ti;
      re[i] += tr;
      im[i] += ti;
    }
    q = 2;
  }
  for (; 4 * q <= n; q *= 4) {
    const stepA = (n / (2 * q)) | 0;
    const stepB = (n / (4 * q)) | 0;
    const span = 4 * q;
    for (let k = 0; k < q; k++) {
      const ar = cos[k * stepA];
      const ai = sign * sin[k * stepA];
      const br = cos[k * stepB];
      const bi = sign * sin[k * stepB];
      for (let i0 = k; i0 < n; i0 += span) {
        const i1 = i0 + q;
        const i2 = i1 + q;
        const i3 = i2 + q;
        const x1r = re[i1];
        const x1i = im[i1];
        const x3r = re[i3];
        const x3i = im[i3];
        const t1r = ar * x1r - ai * x1i;
        const t1i = ar * x1i + ai * x1r;
        const t3r = ar * x3r - ai * x3i;
        const t3i = ar * x3i + ai * x3r;
        const x0r = re[i0];
        const x0i = im[i0];
        const x2r = re[i2];
        const x2i = im[i2];
        const a0r = x0r + t1r;
        const a0i = x0i + t1i;
        const a1r = x0r - t1r;
        const a1i = x0i - t1i;
        const a2r = x2r + t3r;
        const a2i = x2i + t3i;
        const a3r = x2r - t3r;
        const a3i = x2i - t3i;
        const u2r = br * a2r - bi * a2i;
        const u2i = br * a2i + bi * a2r;
        // w_B·(∓i)·a3: forward multiplies by −i (r + is → s − ir), inverse by +i (r + is → −s + ir).
        const v3r = br * a3r - bi * a3i;
        const v3i = br * a3i + bi * a3r;
        const u3r = -sign * v3i;
        const u3i = sign * v3r;
        re[i0] = a0r + u2r;
        im[i0] = a0i + u2i;
        re[i2] = a0r - u2r;
        im[i2] = a0i - u2i;
        re[i1] = a1r + u3r;
        im[i1] = a1i + u3i;
        re[i3] = a1r - u3r;
        im[i3] = a1i - u3i;
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

/**
 * The discrete Fourier transform of a real sequence x of power-of-two length N ≥ 2, by one complex FFT of length
 * N/2 (the even samples as real parts, the odd ones as imaginary parts, then one split pass): X_k for
 * k = 0 … N/2, the rest being conj(X_(N−k)). Same convention as {@link fft} (NumPy's `rfft`).
 * Split: with Z = FFT(x_0 + i·x_1, x_2 + i·x_3, …), E_k = (Z_k + conj Z_(N/2−k))/2, O_k = (Z_k − conj Z_(N/2−k))/(2i),
 * X_k = E_k + e^(−2πik/N)·O_k (Z's index taken mod N/2).
 *
 * With `upTo`, only X_0 … X_upTo are computed (the rest of re and im stay 0): the split pass is then O(upTo), for
 * callers that multiply the spectrum by a filter that vanishes above some frequency.
 *
 * @throws InputError when the length is not a power of two ≥ 2, or upTo is not a whole number ≥ 0.
 * @example
 * const { re, im } = realFft(new Float64Array([1, 2, 3, 4]));
 * // re → [10, −2, −2], im → [0, 2, 0] (NumPy: rfft([1, 2, 3, 4]) = [10, −2+2j, −2])
 */
export function realFft(x: Float64Array, upTo?: number): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  if (!isPowerOfTwo(n) || n < 2) throw new InputError(`realFft: the length must be a power of two ≥ 2; got ${n}`, { argument: "x" });
  const half = n >> 1;
  if (upTo !== undefined && !(Number.isInteger(upTo) && upTo >= 0)) {
    throw new InputError(`realFft: upTo must be a whole number ≥ 0; got ${upTo}`, { argument: "upTo" });
  }
  const last = upTo === undefined ? half : Math.min(half, upTo);
  const [zr, zi] = workArrays(half);
  for (let k = 0; k < half; k++) {
    zr[k] = x[2 * k];
    zi[k] = x[2 * k + 1];
  }
  const [c, s] = twiddles(half);
  transform(zr, zi, false, c, s);
  const re = new Float64Array(half + 1);
  const im = new Float64Array(half + 1);
  const [cosN, sinN] = twiddles(n);
  for (let k = 0; k <= last; k++) {
    const a = k === half ? 0 : k;
    const b = k === 0 ? 0 : half - k;
    const ar = zr[a];
    const ai = zi[a];
    const br = zr[b];
    const bi = -zi[b];
    const er = 0.5 * (ar + br);
    const ei = 0.5 * (ai + bi);
    const or = 0.5 * (ai - bi);
    const oi = -0.5 * (ar - br);
    const wr = k < half ? cosN[k] : -1;
    const wi = k < half ? -sinN[k] : 0;
    re[k] = er + wr * or - wi * oi;
    im[k] = ei + wr * oi + wi * or;
  }
  return { re, im };
}

/**
 * The inverse of {@link realFft}: the real sequence x of power-of-two length N ≥ 2 whose transform has X_k = re[k] +
 * i·im[k] for k = 0 … N/2 (the rest implied by conj symmetry; im[0] and im[N/2] are ignored, as NumPy's `irfft`
 * does), x_j = (1/N)·Σ_k X_k·e^(+2πijk/N). One complex inverse FFT of length N/2: Z_k = E_k + i·O_k with
 * E_k = (X_k + conj X_(N/2−k))/2 and O_k = (X_k − conj X_(N/2−k))·e^(+2πik/N)/2; then x_2j + i·x_(2j+1) = z_j.
 *
 * @throws InputError when N is not a power of two ≥ 2 or re/im are not N/2 + 1 long.
 * @example
 * inverseRealFft(new Float64Array([10, -2, -2]), new Float64Array([0, 2, 0]), 4) // → [1, 2, 3, 4]
 */
export function inverseRealFft(re: Float64Array, im: Float64Array, n: number): Float64Array {
  if (!isPowerOfTwo(n) || n < 2) throw new InputError(`inverseRealFft: the length must be a power of two ≥ 2; got ${n}`, { argument: "n" });
  const half = n >> 1;
  if (re.length !== half + 1 || im.length !== half + 1) {
    throw new InputError(`inverseRealFft: re and im must hold N/2 + 1 = ${half + 1} values; got ${re.length} and ${im.length}`, { argument: "re" });
  }
  const [zr, zi] = workArrays(half);
  const [cosN, sinN] = twiddles(n);
  for (let k = 0; k < half; k++) {
    const ar = re[k];
    const ai = k === 0 ? 0 : im[k];
    const br = re[half - k];
    const bi = k === 0 ? 0 : -im[half - k]; // conj X_(N/2−k); X_(N/2) is real
    const er = 0.5 * (ar + br);
    const ei = 0.5 * (ai + bi);
    const dr = 0.5 * (ar - br);
    const di = 0.5 * (ai - bi);
    const wr = cosN[k];
    const wi = sinN[k];
    const or = dr * wr - di * wi;
    const oi = dr * wi + di * wr;
    zr[k] = er - oi;
    zi[k] = ei + or;
  }
  const [c, s] = twiddles(half);
  transform(zr, zi, true, c, s);
  const x = new Float64Array(n);
  for (let j = 0; j < half; j++) {
    x[2 * j] = zr[j];
    x[2 * j + 1] = zi[j];
  }
  return x;
}
