/**
 * Sorting Float64Arrays fast: an LSD radix sort on the IEEE-754 bit patterns, which is O(n) and, for 10^6–10^7
 * values, several times faster than the comparison sort behind `Float64Array.prototype.sort`.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Below this length the native sort is as fast and allocates less. */
const RADIX_MIN = 4096;
/** 11-bit digits: a 32-bit word in three passes (11, 11, 10 bits), a 2048-bucket histogram in the L1 cache. */
const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const WORD_PASSES = 3;
/** Runs of keys with the same high word up to this long are put in order by insertion. */
const SHORT_RUN = 32;

/**
 * A sorted copy of `x`, ascending, numerically equal to `Float64Array.from(x).sort()` (−0 sorts before +0 as
 * the native sort does). The input is not modified. `x` must not contain NaN (callers validate first).
 *
 * Method: map each value's 64 bits to an unsigned key that orders like the numbers (flip every bit of a
 * negative, the sign bit of a non-negative); sort stably by the key's high 32 bits (sign, exponent and 20 bits
 * of mantissa) with three counting passes; then put each run of keys sharing a high word in order by the low
 * word; map back. Sorting by the high word first halves the passes over memory of a six-pass 64-bit radix
 * sort, and for continuous data nearly every run is a single key. Time O(n), with three more passes over any
 * long run; memory 2n doubles.
 *
 * @example sortedFloat64(Float64Array.of(3, -1, 0.5, -0, 2)) // → Float64Array [-1, -0, 0.5, 2, 3]
 */
export function sortedFloat64(x: Float64Array): Float64Array {
  if (x.length < RADIX_MIN || !LITTLE_ENDIAN) return Float64Array.from(x).sort();
  return radixSort(x, null);
}

/**
 * A stable ascending sort that also says where each value came from: `sorted[k] = x[index[k]]` (numerically),
 * ties in input order (−0 and +0 tie, as x[a] − x[b] = 0 says): {@link sortedPairs} with each value's position
 * as its payload, split. `x` must not contain NaN.
 *
 * @example sortWithIndex(Float64Array.of(3, 1, 2, 1)) // → { sorted: [1, 1, 2, 3], index: [1, 3, 2, 0] }
 */
export function sortWithIndex(x: Float64Array): { sorted: Float64Array; index: Uint32Array } {
  const n = x.length;
  if (n < RADIX_MIN || !LITTLE_ENDIAN) {
    const index = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
    return { sorted: Float64Array.from(index, (i) => x[i]), index };
  }
  const index = new Uint32Array(n);
  const sorted = splitPairs(radixSort(x, "positions"), index);
  return { sorted, index };
}

/**
 * A stable ascending sort of `x` that carries a second array along: `sorted[k] = x[j]` and `carried[k] = payload[j]`
 * for the same j (ties in input order): {@link sortedPairs}, split into two arrays. `x` must not contain NaN.
 *
 * @example sortWithPayload(Float64Array.of(3, 1, 2), Float64Array.of(30, 10, 20)) // → { sorted: [1, 2, 3], carried: [10, 20, 30] }
 */
export function sortWithPayload(x: Float64Array, payload: Float64Array): { sorted: Float64Array; carried: Float64Array } {
  const carried = new Float64Array(x.length);
  const sorted = splitPairs(sortedPairs(x, payload), carried);
  return { sorted, carried };
}

/** The keys of interleaved pairs (a new array), their payloads written into `carried`. */
function splitPairs(pairs: Float64Array, carried: Float64Array | Uint32Array): Float64Array {
  const n = carried.length;
  const sorted = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    sorted[k] = pairs[2 * k];
    carried[k] = pairs[2 * k + 1];
  }
  return sorted;
}

/**
 * A stable ascending sort of `x` with a second array carried along, interleaved: `pairs[2k] = x[j]` and
 * `pairs[2k + 1] = payload[j]` for the same j, in ascending order of x (ties in input order; −0 and +0 tie). For a
 * weighted statistic this moves each weight with its value through the radix passes, sequential reads and writes
 * only, instead of gathering the weights through an index afterwards — a random read per value, which at 10^7
 * values costs more than the sort. Interleaved, a value and its weight share a cache line: each pass of the sort
 * reads one stream and writes 2048, where two arrays would read two and write 4096 (measured: a 10^7-value sort
 * with payload went from 1.56× to 1.26× the cost of sorting the values alone). `x` must not contain NaN.
 *
 * @example sortedPairs(Float64Array.of(3, 1, 2), Float64Array.of(30, 10, 20)) // → Float64Array [1, 10, 2, 20, 3, 30]
 */
export function sortedPairs(x: Float64Array, payload: Float64Array): Float64Array {
  const n = x.length;
  if (payload.length !== n) throw new RangeError(`payload has ${payload.length} elements but x has ${n}`);
  if (n < RADIX_MIN || !LITTLE_ENDIAN) {
    const { sorted, index } = sortWithIndex(x);
    const pairs = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      pairs[2 * k] = sorted[k];
      pairs[2 * k + 1] = payload[index[k]];
    }
    return pairs;
  }
  return radixSort(x, payload);
}

/**
 * The radix sort's two buffers of elements: a key (as one double, and as two 32-bit words: word 2·W·i is the low
 * half of element i's key, word 2·W·i + 1 the high half, little-endian), followed, when W = 2, by its payload.
 */
interface Buffers {
  /** Doubles per element: 1 (the key) or 2 (the key and its payload, interleaved). */
  W: 1 | 2;
  src: Float64Array;
  srcWords: Uint32Array;
  dst: Float64Array;
  dstWords: Uint32Array;
}

function swap(buf: Buffers): void {
  [buf.src, buf.dst] = [buf.dst, buf.src];
  [buf.srcWords, buf.dstWords] = [buf.dstWords, buf.srcWords];
}

/**
 * The radix sort behind {@link sortedFloat64} (`payload` null: keys alone, W = 1) and {@link sortedPairs} (each key
 * followed by its payload, W = 2; for {@link sortWithIndex}, "positions": each value's position i, as a double). Keys are moved as 64-bit elements
 * (one load and store) and their digits read from 32-bit words. With a payload, −0 takes +0's key, so that the two
 * tie and keep their input order; alone, −0 sorts before +0, as the native sort does.
 */
function radixSort(x: Float64Array, payload: Float64Array | "positions" | null): Float64Array {
  const n = x.length;
  const W = payload ? 2 : 1;
  const carried = payload === "positions" ? null : payload;
  const a0 = new Float64Array(W * n);
  const b0 = new Float64Array(W * n);
  const buf: Buffers = { W, src: a0, srcWords: new Uint32Array(a0.buffer), dst: b0, dstWords: new Uint32Array(b0.buffer) };
  const bits = new Uint32Array(x.buffer, x.byteOffset, 2 * n);
  // Key transform and the high word's three digit histograms in one pass.
  const counts = new Uint32Array(WORD_PASSES * BUCKETS);
  const srcWords = buf.srcWords;
  for (let i = 0; i < n; i++) {
    let hi = bits[2 * i + 1];
    let lo = bits[2 * i];
    if (W === 2 && hi === 0x80000000 && lo === 0) {
      hi = 0x80000000; // −0 takes +0's key
    } else if (hi & 0x80000000) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    } else {
      hi = (hi | 0x80000000) >>> 0;
    }
    srcWords[2 * W * i + 1] = hi;
    srcWords[2 * W * i] = lo;
    if (W === 2) a0[2 * i + 1] = carried ? carried[i] : i;
    counts[hi & 0x7ff]++;
    counts[BUCKETS + ((hi >>> 11) & 0x7ff)]++;
    counts[2 * BUCKETS + (hi >>> 22)]++;
  }
  passesByWord(buf, 1, 0, n, counts);
  // Keys sharing a high word are now adjacent, in input order: order each run by its low word.
  const runCounts = new Uint32Array(WORD_PASSES * BUCKETS);
  for (let a = 0; a < n; ) {
    const hi = buf.srcWords[2 * W * a + 1];
    let b = a + 1;
    while (b < n && buf.srcWords[2 * W * b + 1] === hi) b++;
    if (b - a <= SHORT_RUN) {
      insertionByLowWord(buf.src, buf.srcWords, W, a, b);
    } else {
      const home = buf.src;
      wordHistograms(buf.srcWords, W, 0, a, b, runCounts);
      passesByWord(buf, 0, a, b, runCounts);
      if (buf.src !== home) {
        // The run ended in the other buffer: bring it back beside the other runs.
        buf.dst.set(buf.src.subarray(W * a, W * b), W * a);
        swap(buf);
      }
    }
    a = b;
  }
  const words = buf.srcWords;
  for (let i = 0; i < n; i++) {
    const at = 2 * W * i;
    const hi = words[at + 1];
    if (hi & 0x80000000) {
      words[at + 1] = (hi & 0x7fffffff) >>> 0;
    } else {
      words[at + 1] = ~hi >>> 0;
      words[at] = ~words[at] >>> 0;
    }
  }
  return buf.src;
}

/** The three digit histograms (11, 11 and 10 bits) of the low (word 0) or high (word 1) halves of keys a … b − 1. */
function wordHistograms(words: Uint32Array, W: 1 | 2, word: 0 | 1, a: number, b: number, counts: Uint32Array): void {
  counts.fill(0);
  for (let i = a; i < b; i++) {
    const w = words[2 * W * i + word];
    counts[w & 0x7ff]++;
    counts[BUCKETS + ((w >>> 11) & 0x7ff)]++;
    counts[2 * BUCKETS + (w >>> 22)]++;
  }
}

/**
 * Stable counting passes over elements a … b − 1 by the three digits of their keys' low (word 0) or high (word 1)
 * halves, whose histograms `counts` holds, skipping a pass whose digit is the same for every key; the buffers are
 * swapped after each pass that moves elements. A key and its payload move together, adjacent (see {@link sortedPairs}).
 */
function passesByWord(buf: Buffers, word: 0 | 1, a: number, b: number, counts: Uint32Array): void {
  const W = buf.W;
  for (let pass = 0; pass < WORD_PASSES; pass++) {
    const base = pass * BUCKETS;
    const shift = pass * DIGIT_BITS;
    const { src, srcWords, dst } = buf;
    if (!toOffsets(counts, base, (srcWords[2 * W * a + word] >>> shift) & 0x7ff, b - a, a)) continue;
    // One loop per layout, so that the innermost loop has no branch.
    if (W === 1) {
      for (let i = a; i < b; i++) dst[counts[base + ((srcWords[2 * i + word] >>> shift) & 0x7ff)]++] = src[i];
    } else {
      for (let i = a; i < b; i++) {
        const k = counts[base + ((srcWords[4 * i + word] >>> shift) & 0x7ff)]++;
        dst[2 * k] = src[2 * i];
        dst[2 * k + 1] = src[2 * i + 1];
      }
    }
    swap(buf);
  }
}

/**
 * Turn the histogram counts[base …] into the first output position of each digit, counting from `first`.
 * Returns false, leaving the counts as they are, when `digit` holds all `n` keys: that pass would move nothing.
 */
function toOffsets(counts: Uint32Array, base: number, digit: number, n: number, first: number): boolean {
  if (counts[base + digit] === n) return false;
  let start = first;
  for (let d = 0; d < BUCKETS; d++) {
    const c = counts[base + d];
    counts[base + d] = start;
    start += c;
  }
  return true;
}

/** A stable insertion sort of elements a … b − 1 by their keys' low words, moving both words (and the payload). */
function insertionByLowWord(elements: Float64Array, words: Uint32Array, W: 1 | 2, a: number, b: number): void {
  const ws = 2 * W; // words per element
  for (let i = a + 1; i < b; i++) {
    const lo = words[ws * i];
    if (words[ws * (i - 1)] <= lo) continue;
    const hi = words[ws * i + 1];
    const carried = W === 2 ? elements[2 * i + 1] : 0;
    let j = i - 1;
    while (j >= a && words[ws * j] > lo) {
      words[ws * (j + 1)] = words[ws * j];
      words[ws * (j + 1) + 1] = words[ws * j + 1];
      if (W === 2) elements[2 * j + 3] = elements[2 * j + 1];
      j--;
    }
    words[ws * (j + 1)] = lo;
    words[ws * (j + 1) + 1] = hi;
    if (W === 2) elements[2 * j + 3] = carried;
  }
}

/**
 * One pass of {@link orderStatistics}: for ascending, disjoint brackets [lo_j, hi_j], the number of values below
 * each bracket and above the previous one (`below[j]`), and the values inside each (`inside[j]`), or `overflow`
 * when a bracket holds more than its capacity.
 *
 * Why two loops: for one or two brackets (the median; the quartile rules, whose ranks merge into two brackets)
 * the loop has no data-dependent branch: it adds the comparisons v < lo_j and v ≤ hi_j as 0/1 counts and stores
 * every value at the bracket's next slot, advancing the slot only when the value is inside. Random data make any
 * branch on the value mispredict about half the time, which costs more than all the arithmetic (measured 8–11 ns a
 * value with branches, 3–5 ns without). More brackets take the general loop.
 */
function countIntoBrackets(
  x: Float64Array,
  brackets: readonly { lo: number; hi: number; from: number; to: number }[],
  sampleSize: number,
  shift: number,
): { below: Float64Array; inside: Float64Array[]; overflow: boolean; moments: PassMoments | null } {
  const n = x.length;
  const m = brackets.length;
  // Room for twice the values the sample predicts, plus one slot that takes the stores of values outside.
  const capacities = brackets.map((b) => Math.min(n, Math.ceil((2 * (b.to - b.from + 1) * n) / sampleSize) + 1024));
  const below = new Float64Array(m);
  if (m <= 2) {
    const lo0 = brackets[0].lo;
    const hi0 = brackets[0].hi;
    const lo1 = m === 2 ? brackets[1].lo : Infinity;
    const hi1 = m === 2 ? brackets[1].hi : Infinity;
    const cap0 = capacities[0];
    const cap1 = m === 2 ? capacities[1] : 0; // one bracket: in1 only sinks the stores, e1 stays 0
    // A block's worth of slack: the loop checks the capacities once a block (see countTwoBrackets).
    const in0 = new Float64Array(cap0 + BRACKET_BLOCK + 1);
    const in1 = new Float64Array(cap1 + BRACKET_BLOCK + 1);
    const tally = new Float64Array(10);
    if (!countTwoBrackets(x, lo0, hi0, lo1, hi1, in0, in1, cap0, cap1, shift, tally)) return { below, inside: [], overflow: true, moments: null };
    const [below0, upTo0, below1, , e0, e1, min, max, shiftedSum, shiftedSquares] = tally;
    below[0] = below0;
    if (m === 2) below[1] = below1 - upTo0;
    const moments = { min, max, finite: Number.isFinite(min) && Number.isFinite(max) && Number.isFinite(shiftedSum) && Number.isFinite(shiftedSquares), shift, shiftedSum, shiftedSquares };
    return { below, inside: m === 2 ? [in0.subarray(0, e0), in1.subarray(0, e1)] : [in0.subarray(0, e0)], overflow: false, moments };
  }
  const offsets = new Uint32Array(m + 1);
  for (let j = 0; j < m; j++) offsets[j + 1] = offsets[j] + capacities[j];
  const buffer = new Float64Array(offsets[m]);
  const ends = Uint32Array.from(offsets.subarray(0, m)); // next free slot of each bracket
  const los = Float64Array.from(brackets, (b) => b.lo);
  const his = Float64Array.from(brackets, (b) => b.hi);
  const lastHi = his[m - 1];
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v > lastHi) continue;
    let j = 0;
    while (v > his[j]) j++; // v ≤ lastHi, so j < m
    if (v < los[j]) below[j]++;
    else {
      const at = ends[j];
      if (at === offsets[j + 1]) return { below, inside: [], overflow: true, moments: null };
      buffer[at] = v;
      ends[j] = at + 1;
    }
  }
  const inside: Float64Array[] = [];
  for (let j = 0; j < m; j++) inside.push(buffer.subarray(offsets[j], ends[j]));
  return { below, inside, overflow: false, moments: null };
}

/** Values between two checks of the brackets' capacities in {@link countTwoBrackets}. */
const BRACKET_BLOCK = 1024;

/**
 * The branch-free loop of {@link countIntoBrackets} for at most two brackets, in a function of its own so that it
 * is compiled for typed arrays and numbers only. Besides the brackets it gathers, at little cost (independent
 * chains of additions beside the comparisons), what a rule of thumb needs besides quantiles: the range, and Σd and
 * Σd² with d = x − shift (a NaN or infinite value makes the range or the sums non-finite, which is how the caller
 * learns of it: no test per value). The capacities are checked once every BRACKET_BLOCK values (the buffers have
 * that much slack), not per value. tally ← [#(v < lo0), #(v ≤ hi0), #(v < lo1), #(v ≤ hi1), values in bracket 0,
 * values in bracket 1, min, max, Σd, Σd²]; false when a bracket overflows its capacity.
 */
function countTwoBrackets(
  x: Float64Array,
  lo0: number,
  hi0: number,
  lo1: number,
  hi1: number,
  in0: Float64Array,
  in1: Float64Array,
  cap0: number,
  cap1: number,
  shift: number,
  tally: Float64Array,
): boolean {
  const n = x.length;
  let below0 = 0;
  let below1 = 0;
  let e0 = 0;
  let e1 = 0;
  let min = Infinity;
  let max = -Infinity;
  let sd = 0;
  let sd2 = 0;
  for (let start = 0; start < n; start += BRACKET_BLOCK) {
    const end = Math.min(n, start + BRACKET_BLOCK);
    for (let i = start; i < end; i++) {
      const v = x[i];
      const a = +(v < lo0);
      const c = +(v < lo1);
      below0 += a;
      below1 += c;
      in0[e0] = v;
      e0 += +(v <= hi0) - a;
      in1[e1] = v;
      e1 += +(v <= hi1) - c;
      if (v < min) min = v;
      if (v > max) max = v;
      const d = v - shift;
      sd += d;
      sd2 += d * d;
    }
    if (e0 > cap0 || e1 > cap1) return false;
  }
  // #(v ≤ hi0) = #(v < lo0) + the values in bracket 0; #(v ≤ hi1) likewise.
  tally[0] = below0;
  tally[1] = below0 + e0;
  tally[2] = below1;
  tally[3] = below1 + e1;
  tally[4] = e0;
  tally[5] = e1;
  tally[6] = min;
  tally[7] = max;
  tally[8] = sd;
  tally[9] = sd2;
  return true;
}

/**
 * Rearranges a[from … to) so that a[k] holds the value a sort would put there, smaller-or-equal values before it
 * and greater-or-equal after (Hoare's quickselect with a median-of-three pivot; insertion sort below 16 values).
 * O(length) expected; deterministic. `a` must not contain NaN.
 */
function selectInPlace(a: Float64Array, k: number, from: number, to: number): number {
  let lo = from;
  let hi = to - 1;
  while (hi - lo > 16) {
    const mid = (lo + hi) >>> 1;
    // Median of three to a[mid].
    if (a[mid] < a[lo]) swapAt(a, mid, lo);
    if (a[hi] < a[lo]) swapAt(a, hi, lo);
    if (a[hi] < a[mid]) swapAt(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swapAt(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
  return a[k];
}

/** Moves the minimum of a[from …] to a[from] and returns it (a selection of rank `from` within a[from …]). */
function minToFront(a: Float64Array, from: number): number {
  let at = from;
  for (let i = from + 1; i < a.length; i++) if (a[i] < a[at]) at = i;
  swapAt(a, from, at);
  return a[from];
}

function swapAt(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Several order statistics of `x` without sorting it: `out[j]` is the ranks[j]-th smallest value (0-based), exactly
 * the element a sort would put there. Used for quartiles, where a sort of 10^6 values is most of a kernel
 * density's cost.
 *
 * Method (Floyd & Rivest's sampling idea): sort a fixed pseudo-random sample of 4096 values; for each wanted
 * rank, take the sample values four standard errors either side of its sample position as a bracket [a, b];
 * one pass over x counts the values below each bracket and collects those inside it; the rank's value is then
 * selected (quickselect) from its bracket. When a bracket misses its rank (the count check says so; rare) or holds
 * too many values, the answer comes from a full sort instead: always exact, O(n) expected. Deterministic (the
 * sample comes from a fixed-seed generator). `x` must not contain NaN; it is not modified.
 *
 * @example orderStatistics(Float64Array.of(5, 1, 4, 2, 3), [0, 1, 4]) // → [1, 2, 5]
 */
export function orderStatistics(x: Float64Array, ranks: readonly number[]): number[] {
  checkRanks(x.length, ranks);
  const sampled = bySample(x, ranks);
  if (sampled) return sampled.values;
  const sorted = sortedFloat64(x);
  return ranks.map((k) => sorted[k]);
}

/** The moments and range of x gathered in the pass that finds its order statistics (see {@link orderStatisticsWithMoments}). */
export interface PassMoments {
  readonly min: number;
  readonly max: number;
  /** false when a value is NaN or ±Infinity, or the sums overflowed (the other fields are then meaningless). */
  readonly finite: boolean;
  /** The sample median, subtracted before summing so that Σd² does not cancel. */
  readonly shift: number;
  /** Σ(x − shift). */
  readonly shiftedSum: number;
  /** Σ(x − shift)². */
  readonly shiftedSquares: number;
}

/**
 * {@link orderStatistics} and, from the same pass over x, its range, sum and sum of squares about the sample
 * median (so that the sample variance is (Σd² − (Σd)²/n)/(n − 1) without a pass of its own, and without the
 * cancellation of Σx² − (Σx)²/n). For the rules of thumb of kernel density estimation, whose cost on 10^6 values
 * is otherwise three passes besides the binning: the range, the standard deviation and the quartiles.
 * The shift is the median of the 4096-value sample (see {@link samplePositions}) and the sums run in index order,
 * whichever path finds the order statistics (the sampled selection, or a sort when it misses), so the moments
 * depend on x alone. Returns null for fewer than 32768 values or more than 64 ranks (compute each part on its
 * own). A NaN or infinite value (or sums beyond the double range) makes `finite` false (the rest is then meaningless).
 *
 * @example orderStatisticsWithMoments(new Float64Array(5), [2]) // → null (too few values to sample)
 */
export function orderStatisticsWithMoments(x: Float64Array, ranks: readonly number[]): { values: number[]; moments: PassMoments } | null {
  checkRanks(x.length, ranks);
  if (x.length < 8 * SAMPLE || ranks.length === 0 || ranks.length > 64) return null;
  const sampled = bySample(x, ranks);
  if (sampled && sampled.moments) return { values: sampled.values, moments: sampled.moments };
  // The sampled selection missed (rare): the same moments (same shift, same order of summation) by a pass of their
  // own, the order statistics by a sort — so the result does not depend on which path was taken.
  const sample = sampleOf(x);
  const moments = momentsAbout(x, sample[SAMPLE >> 1]);
  const sorted = sortedFloat64(x);
  return { values: ranks.map((k) => sorted[k]), moments };
}

/** min, max, Σ(x − shift) and Σ(x − shift)², added in index order, and whether they are all finite. */
function momentsAbout(x: Float64Array, shift: number): PassMoments {
  let min = Infinity;
  let max = -Infinity;
  let sd = 0;
  let sd2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v < min) min = v;
    if (v > max) max = v;
    const d = v - shift;
    sd += d;
    sd2 += d * d;
  }
  const finite = Number.isFinite(min) && Number.isFinite(max) && Number.isFinite(sd) && Number.isFinite(sd2);
  return { min, max, finite, shift, shiftedSum: sd, shiftedSquares: sd2 };
}

/**
 * @internal The positions of x that {@link orderStatistics} samples (4096 of them, from a fixed-seed xorshift32,
 * in drawing order; repeats possible): deterministic for a given n, so that a file read in chunks (see
 * `baltic-repro/duckdb`) can pick the same sample as an array in memory.
 */
export function samplePositions(n: number): Uint32Array {
  // A fixed-seed xorshift32 sample: deterministic, and not fooled by sorted or periodic data as a stride would be.
  const positions = new Uint32Array(SAMPLE);
  let state = 0x9e3779b9;
  for (let i = 0; i < SAMPLE; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    positions[i] = (state >>> 0) % n;
  }
  return positions;
}

/** The sorted sample of x at {@link samplePositions}. */
function sampleOf(x: Float64Array): Float64Array {
  const positions = samplePositions(x.length);
  const sample = new Float64Array(SAMPLE);
  for (let i = 0; i < SAMPLE; i++) sample[i] = x[positions[i]];
  return sample.sort();
}

/** @internal The size of {@link samplePositions}' sample; its median, sample[SAMPLE_SIZE / 2] once sorted, is the moments' shift. */
export const SAMPLE_SIZE = 4096;

function checkRanks(n: number, ranks: readonly number[]): void {
  for (const k of ranks) if (!(Number.isInteger(k) && k >= 0 && k < n)) throw new RangeError(`rank must be an integer in 0 … ${n - 1}, got ${k}`);
}

const SAMPLE = SAMPLE_SIZE;

/** The sampled path of {@link orderStatistics}; null when it does not apply or fails (then sort). */
function bySample(x: Float64Array, ranks: readonly number[]): { values: number[]; moments: PassMoments | null } | null {
  const n = x.length;
  if (n < 8 * SAMPLE || ranks.length === 0 || ranks.length > 64) return null;
  const sample = sampleOf(x);
  // Brackets of ±4 standard errors of a sample quantile (binomial), merged where they overlap; a bracket whose
  // sample share is s is expected to hold about s·n values (room is made for twice that).
  const brackets: { lo: number; hi: number; from: number; to: number; ranks: number[] }[] = [];
  for (const k of [...ranks].sort((p, q) => p - q)) {
    const q = (k + 0.5) / n;
    const spread = 4 * Math.sqrt(SAMPLE * q * (1 - q)) + 2;
    const from = Math.max(0, Math.floor(q * SAMPLE - spread));
    const to = Math.min(SAMPLE - 1, Math.ceil(q * SAMPLE + spread));
    const last = brackets[brackets.length - 1];
    if (last && sample[from] <= last.hi) {
      last.hi = Math.max(last.hi, sample[to]);
      last.to = Math.max(last.to, to);
      last.ranks.push(k);
    } else brackets.push({ lo: sample[from], hi: sample[to], from, to, ranks: [k] });
  }
  const m = brackets.length;
  const counts = countIntoBrackets(x, brackets, SAMPLE, sample[SAMPLE >> 1]);
  if (counts.overflow) return null;
  // A value below bracket j is below every later bracket as well.
  let cumulative = 0;
  const out = new Map<number, number>();
  for (let j = 0; j < m; j++) {
    cumulative += counts.below[j] + (j > 0 ? counts.inside[j - 1].length : 0);
    const bucket = counts.inside[j];
    let from = 0;
    for (const k of brackets[j].ranks) {
      // Ranks ascend within a bracket: after selecting one, the next lies to its right.
      if (out.has(k)) continue; // a rank asked for twice
      const at = k - cumulative;
      if (at < from || at >= bucket.length) return null;
      // The next rank right after a selected one (the quartile rules read pairs k, k + 1) is the minimum of what
      // lies to its right: one scan instead of another quickselect.
      out.set(k, at === from && from > 0 && out.has(k - 1) ? minToFront(bucket, at) : selectInPlace(bucket, at, from, bucket.length));
      from = at + 1;
    }
  }
  return { values: ranks.map((k) => out.get(k)!), moments: counts.moments };
}
