/**
 * Seeded pseudo-random numbers for permutation tests.
 *
 * Generator: **xoshiro128\*\*** (Blackman & Vigna, 2018; 128-bit state, period 2^128 − 1, 32-bit outputs),
 * computed with 32-bit integer arithmetic (`Math.imul`, `>>>`), so it is exact and identical on every
 * JavaScript engine. Bounded integers use Lemire's multiply-and-reject method (unbiased). Seeding uses the
 * MurmurHash3 finaliser `fmix32` and a SplitMix32-style counter, so that any (seed, stream) pair gives a
 * well-mixed, non-zero state. A *stream* number lets every unit of a permutation test draw from its own
 * sequence: the result for unit i then depends only on (seed, i), never on the order or partitioning of
 * the work (threads, chunks).
 *
 * `scripts/reference/xoshiro128ss.c` is an independent C implementation of the same generator, seeding and
 * bounded draw; its output is stored in `tests/fixtures/xoshiro128ss.json` and checked by the tests.
 */

import { InputError } from "./validate";

/** GeoDa's default seed for permutation tests (`GdaConst::gda_user_seed`), used when no seed is given. */
const INV_TWO32 = 2 ** -32;
export const DEFAULT_SEED = 123456789;

const GOLDEN32 = 0x9e3779b9; // 2^32 / golden ratio, the SplitMix increment
const TWO32 = 4294967296;

/**
 * MurmurHash3's 32-bit finaliser: a bijection on 32-bit integers with full avalanche.
 * h ← h ⊕ (h ≫ 16); h ← h·0x85ebca6b; h ← h ⊕ (h ≫ 13); h ← h·0xc2b2ae35; h ← h ⊕ (h ≫ 16) (all mod 2^32).
 *
 * @example fmix32(1) // → 1364076727
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Check a seed: a non-negative safe integer (0 ≤ seed ≤ 2^53 − 1). Returns it unchanged.
 *
 * @throws InputError when the seed is not such an integer, e.g. `seed must be a non-negative integer, got 1.5`.
 * @example checkSeed(42) // → 42
 */
export function checkSeed(seed: unknown, name = "seed"): number {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0) {
    throw new InputError(`${name} must be a non-negative integer (at most 2^53 − 1), got ${String(seed)}`, { argument: name });
  }
  return seed;
}

/**
 * xoshiro128** generator (Blackman & Vigna). State s0..s3 (32-bit each), output
 * rotl(s1·5, 7)·9; update t = s1 ≪ 9, s2 ^= s0, s3 ^= s1, s1 ^= s2, s0 ^= s3, s2 ^= t, s3 = rotl(s3, 11).
 *
 * `new Xoshiro128StarStar(seed, stream)` fills the state from (seed, stream):
 * h = fmix32(seed mod 2^32); h = fmix32((h ⊕ ⌊seed / 2^32⌋) + φ); h = fmix32((h ⊕ stream) + φ), with
 * φ = 0x9e3779b9 and additions mod 2^32; then s_k = fmix32(h + (k + 1)·φ) for k = 0..3 (four SplitMix32 steps;
 * fmix32 is a bijection, so the four words are distinct and the state is never all zero).
 *
 * @example
 * const rng = Xoshiro128StarStar.fromState(1, 2, 3, 4);
 * [rng.nextUint32(), rng.nextUint32(), rng.nextUint32()] // → [11520, 0, 5927040] (the reference C output)
 * new Xoshiro128StarStar(42).nextBelow(10) // → 3 (always, for seed 42 and stream 0)
 */
export class Xoshiro128StarStar {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /**
   * @param seed non-negative safe integer (default {@link DEFAULT_SEED}).
   * @param stream independent stream number, a non-negative integer below 2^32 (default 0).
   */
  constructor(seed: number = DEFAULT_SEED, stream = 0) {
    checkSeed(seed);
    if (!Number.isInteger(stream) || stream < 0 || stream >= TWO32) {
      throw new InputError(`stream must be an integer in [0, 2^32), got ${String(stream)}`, { argument: "stream" });
    }
    const lo = seed % TWO32 >>> 0;
    const hi = Math.floor(seed / TWO32) >>> 0;
    let h = fmix32(lo);
    h = fmix32(((h ^ hi) + GOLDEN32) >>> 0);
    h = fmix32(((h ^ stream) + GOLDEN32) >>> 0);
    this.s0 = fmix32((h + GOLDEN32) >>> 0) | 0;
    this.s1 = fmix32((h + 2 * GOLDEN32) >>> 0) | 0;
    this.s2 = fmix32((h + 3 * GOLDEN32) >>> 0) | 0;
    this.s3 = fmix32((h + 4 * GOLDEN32) >>> 0) | 0;
  }

  /**
   * A generator with the given raw state (for checking against the reference implementation).
   * The state must not be all zero.
   *
   * @example Xoshiro128StarStar.fromState(1, 2, 3, 4).nextUint32() // → 11520
   */
  static fromState(s0: number, s1: number, s2: number, s3: number): Xoshiro128StarStar {
    const g = new Xoshiro128StarStar(0, 0);
    g.s0 = s0 | 0;
    g.s1 = s1 | 0;
    g.s2 = s2 | 0;
    g.s3 = s3 | 0;
    if ((g.s0 | g.s1 | g.s2 | g.s3) === 0) throw new InputError("the xoshiro128** state must not be all zero");
    return g;
  }

  /**
   * Next 32-bit output as an unsigned integer in [0, 2^32).
   *
   * @example Xoshiro128StarStar.fromState(1, 2, 3, 4).nextUint32() // → 11520
   */
  nextUint32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /**
   * Unbiased integer in [0, bound), for an integer bound in [1, 2^32].
   *
   * Lemire (2019), "Fast random integer generation in an interval": m = x·bound (x the next 32-bit output),
   * low = m mod 2^32; if low < (2^32 mod bound), draw again; result ⌊m / 2^32⌋. The product is exact in a
   * double when bound ≤ 2^21; for larger bounds the threshold method is used instead (draw x until
   * x ≥ 2^32 mod bound, return x mod bound), which is also exactly uniform.
   *
   * @example Xoshiro128StarStar.fromState(1, 2, 3, 4).nextBelow(6) // → 0 (⌊11520·6 / 2^32⌋)
   */
  nextBelow(bound: number): number {
    if (bound <= 0x200000) {
      let m = this.nextUint32() * bound;
      let low = m >>> 0; // ToUint32 is m mod 2^32, exact for m < 2^53
      if (low < bound) {
        const threshold = (TWO32 - bound) % bound;
        while (low < threshold) {
          m = this.nextUint32() * bound;
          low = m >>> 0;
        }
      }
      return (m * INV_TWO32) | 0; // ⌊m / 2^32⌋: the product by 2^−32 is exact and below 2^21
    }
    if (!(bound <= TWO32) || !Number.isInteger(bound)) {
      throw new InputError(`bound must be an integer in [1, 2^32], got ${bound}`, { argument: "bound" });
    }
    const threshold = TWO32 % bound;
    let x = this.nextUint32();
    while (x < threshold) x = this.nextUint32();
    return x % bound;
  }

  /**
   * Uniform double in [0, 1) with 53 random bits: a = next ≫ 5 (27 bits), b = next ≫ 6 (26 bits),
   * result (a·2^26 + b) / 2^53 (the `genrand_res53` construction of the Mersenne Twister reference code).
   *
   * @example new Xoshiro128StarStar(1).nextDouble() < 1 // → true
   */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * Same as {@link nextDouble}: a uniform double in [0, 1) with 53 random bits (consumes two outputs).
   *
   * @example new Xoshiro128StarStar(1).nextFloat() === new Xoshiro128StarStar(1).nextDouble() // → true
   */
  nextFloat(): number {
    return this.nextDouble();
  }
}

/**
 * Shuffle `values` in place with the Fisher–Yates algorithm (Durstenfeld's version: for i = n−1 down to 1,
 * swap element i with element j drawn uniformly from 0..i), drawing from `rng`. Returns the same array.
 *
 * @example shuffleInPlace([1, 2, 3, 4], new Xoshiro128StarStar(7)) // → [4, 3, 1, 2]
 */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(values: T, rng: Xoshiro128StarStar): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.nextBelow(i + 1);
    const t = values[i];
    values[i] = values[j];
    values[j] = t;
  }
  return values;
}
