/**
 * Eigenvalues of a real symmetric matrix: Householder reduction to tridiagonal form, then the implicit QL
 * algorithm with Wilkinson's shift on the tridiagonal matrix — EISPACK's `tred1` + `tql1` (Smith et al. 1976),
 * Numerical Recipes' `tred2` (without the eigenvectors) + `tqli` (Press et al. 2007, §11.3–11.4). Dense, O(n³)
 * time (about 4n³/3 flops for the reduction, O(n²) for QL) and n² doubles of memory: n = 2000 takes about ten
 * seconds, n = 1000 one or two (measured on a shared 2-core machine).
 */

import { InputError } from "./validate";

/** The largest Householder–QL sweeps per eigenvalue before giving up (EISPACK and Numerical Recipes: 30). */
const MAX_QL_ITERATIONS = 30;

/**
 * The eigenvalues of a real symmetric n×n matrix, ascending (numpy's and scipy's `eigvalsh`, LAPACK `dsyevd`
 * with `jobz = 'N'`, R's `eigen(symmetric = TRUE, only.values = TRUE)` in reverse order).
 *
 * Method: the matrix is reduced to a symmetric tridiagonal T = QᵀAQ by n − 2 Householder reflections
 * P = I − uuᵀ/H, each zeroing a row left of the subdiagonal (rows taken from the last up, each scaled by the sum
 * of its absolute values first so that no square overflows or underflows: EISPACK `tred1`, Numerical Recipes
 * `tred2`); the eigenvalues of T are then found by implicit QL steps with Wilkinson's shift, a subdiagonal element
 * e_m being taken as zero once |e_m| ≤ ε(|d_m| + |d_{m+1}|) (EISPACK `tql1`, Numerical Recipes `tqli`).
 * Both steps are backward stable: each computed eigenvalue is within a small multiple of n·ε·‖A‖₂ of the exact
 * eigenvalue of A (ε = 2⁻⁵²).
 *
 * The matrix is given either as rows (`number[][]` or an array of typed arrays, n inferred) or flat in row-major
 * order with its order n (`Float64Array` of n², element (i, j) at i·n + j). It is not modified. Only its lower
 * triangle is used, but the upper one must mirror it: an asymmetric matrix (|a_ij − a_ji| > 10⁻¹²·max|a|) is an
 * error naming the cell, never silently symmetrised.
 *
 * References: Press, W. H., Teukolsky, S. A., Vetterling, W. T. & Flannery, B. P. (2007). *Numerical Recipes:
 * The Art of Scientific Computing*, 3rd ed., §11.3 (Householder reduction) and §11.4 (QL with implicit shifts).
 * Cambridge University Press. Smith, B. T. et al. (1976). *Matrix Eigensystem Routines — EISPACK Guide*, 2nd ed.,
 * routines TRED1 and TQL1 (after Martin, Reinsch & Wilkinson 1968; Bowdler, Martin, Reinsch & Wilkinson 1968).
 *
 * @throws InputError when the matrix is not square, has a non-finite element, or is not symmetric (naming the
 *   row and column), or when the QL iteration does not converge (naming the eigenvalue).
 * @example
 * Array.from(symmetricEigenvalues([[2, 1], [1, 2]]), (v) => +v.toFixed(12))  // → [1, 3]
 * symmetricEigenvalues(Float64Array.of(2, 0, 0, 0, -1, 0, 0, 0, 5), 3)      // → Float64Array [-1, 2, 5]
 */
export function symmetricEigenvalues(matrix: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>, n?: number): Float64Array {
  const a = denseSymmetric(matrix, n);
  return tridiagonalEigenvalues(a, Math.round(Math.sqrt(a.length)));
}

/**
 * @internal The eigenvalues, ascending, of the symmetric matrix whose lower triangle is in `a` (row-major n×n;
 * the upper triangle is ignored). `a` is overwritten. No checks: for callers that built `a` themselves
 * (e.g. `moranBounds`).
 */
export function symmetricEigenvaluesInPlace(a: Float64Array, n: number): Float64Array {
  return tridiagonalEigenvalues(a, n);
}

/** Check the input and copy it into a row-major Float64Array. */
function denseSymmetric(matrix: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>, order: number | undefined): Float64Array {
  if (matrix == null || typeof (matrix as ArrayLike<unknown>).length !== "number") {
    throw new InputError(`matrix must be an array of rows or a flat row-major array of numbers, got ${matrix === null ? "null" : typeof matrix}`, { argument: "matrix" });
  }
  const len = matrix.length;
  const nested = len > 0 && typeof (matrix as ArrayLike<unknown>)[0] === "object" && (matrix as ArrayLike<unknown>)[0] !== null;
  let n: number;
  let out: Float64Array;
  if (nested) {
    const rows = matrix as ReadonlyArray<ArrayLike<number>>;
    n = len;
    if (order !== undefined && order !== n) throw new InputError(`matrix has ${n} rows but n is ${order}`, { argument: "n" });
    out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      if (row == null || typeof row.length !== "number" || typeof row === "string") {
        throw new InputError(`matrix row ${i} is ${row === null ? "null" : typeof row}, not an array of numbers`, { argument: "matrix", index: i });
      }
      if (row.length !== n) throw new InputError(`matrix row ${i} has ${row.length} elements; a symmetric matrix with ${n} rows needs ${n} in each`, { argument: "matrix", index: i });
      for (let j = 0; j < n; j++) out[i * n + j] = checkElement(row[j], i, j);
    }
  } else {
    if (order === undefined) {
      n = Math.round(Math.sqrt(len));
      if (n * n !== len) throw new InputError(`a flat matrix of ${len} numbers is not square; give its rows, or a row-major array of n² numbers with n`, { argument: "matrix" });
    } else {
      if (typeof order !== "number" || !Number.isInteger(order) || order < 0) throw new InputError(`n must be a non-negative integer (the matrix's order), got ${String(order)}`, { argument: "n" });
      n = order;
      if (len !== n * n) throw new InputError(`matrix has ${len} numbers; a ${n}×${n} matrix in row-major order needs ${n * n}`, { argument: "matrix" });
    }
    out = new Float64Array(n * n);
    const flat = matrix as ArrayLike<number>;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = checkElement(flat[i * n + j], i, j);
  }
  // symmetric up to rounding: the largest |a_ij − a_ji| against the largest |a|
  const m = out;
  let largest = 0;
  for (let k = 0; k < m.length; k++) largest = Math.max(largest, Math.abs(m[k]));
  const tolerance = 1e-12 * largest;
  let worst = 0;
  let wi = 0;
  let wj = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const d = Math.abs(m[i * n + j] - m[j * n + i]);
      if (d > worst) {
        worst = d;
        wi = i;
        wj = j;
      }
    }
  }
  if (worst > tolerance) {
    throw new InputError(
      `matrix is not symmetric: element (${wi}, ${wj}) is ${m[wi * n + wj]} but (${wj}, ${wi}) is ${m[wj * n + wi]} (rows and columns from 0); ` +
        `symmetrise it first, e.g. (A + Aᵀ)/2, if that is what is meant`,
      { argument: "matrix", index: wi },
    );
  }
  return m;
}

function checkElement(v: unknown, i: number, j: number): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    const shown = typeof v === "number" ? String(v) : v === undefined ? "missing" : JSON.stringify(v) ?? typeof v;
    throw new InputError(`matrix element (${i}, ${j}) is ${shown}; every element must be a finite number`, { argument: "matrix", index: i });
  }
  return v;
}

/** √(a² + b²) without overflow or destructive underflow (EISPACK `pythag`). */
function pythag(a: number, b: number): number {
  const absa = Math.abs(a);
  const absb = Math.abs(b);
  if (absa > absb) {
    const r = absb / absa;
    return absa * Math.sqrt(1 + r * r);
  }
  if (absb === 0) return 0;
  const r = absa / absb;
  return absb * Math.sqrt(1 + r * r);
}

/**
 * Prepare row i (1 ≤ i < n) of `a` as a Householder vector (EISPACK `tred1`'s step for row i): scale its first i
 * entries by their absolute sum, set e[i] to the subdiagonal element of T, and turn the row into u (the
 * reflection is P = I − uuᵀ/H). Returns H, or 0 when the row needs no reflection (i = 1, or a zero row).
 */
function householderRow(a: Float64Array, n: number, i: number, e: Float64Array): number {
  const l = i - 1;
  const ri = i * n;
  if (l === 0) {
    e[i] = a[ri];
    return 0;
  }
  let scale = 0;
  for (let k = 0; k <= l; k++) scale += Math.abs(a[ri + k]);
  if (scale === 0) {
    e[i] = a[ri + l];
    return 0;
  }
  let h = 0;
  for (let k = 0; k <= l; k++) {
    a[ri + k] /= scale;
    h += a[ri + k] * a[ri + k];
  }
  const f = a[ri + l];
  const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
  e[i] = scale * g;
  h -= f * g;
  a[ri + l] = f - g;
  return h;
}

/**
 * p[0…m] = A·u over the leading (m + 1)-square block of `a`, from its lower triangle, row by row: row j adds
 * a_jk·u_k to p_j and a_jk·u_j to p_k for k < j (both contiguous reads). u is row `ru` of `a`.
 */
function symmetricTimesRow(a: Float64Array, n: number, m: number, ru: number, p: Float64Array): void {
  for (let j = 0; j <= m; j++) p[j] = 0;
  for (let j = 0; j <= m; j++) {
    const rj = j * n;
    const uj = a[ru + j];
    let s = a[rj + j] * uj;
    for (let k = 0; k < j; k++) {
      const ajk = a[rj + k];
      s += ajk * a[ru + k];
      p[k] += ajk * uj;
    }
    p[j] += s;
  }
}

/**
 * Householder reduction of the lower triangle of `a` (row-major, overwritten) to tridiagonal form, then QL.
 * Rows are reduced from the last up, as in `tred1`: row i's first i entries define the reflection u, and
 * A ← A − u·qᵀ − q·uᵀ on rows 0…i − 1, with p = A·u/H, K = uᵀp/2H and q = p − K·u. For speed the reduction makes one
 * pass over the matrix per row instead of two (the matrix is read from memory, the vectors stay in cache):
 * the update of step i is fused with the product A·u′ of step i − 1, whose vector u′ (row i − 1) is updated and
 * prepared first. The arithmetic is tred1's, in another order of summation.
 */
function tridiagonalEigenvalues(a: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return d;
  let p = new Float64Array(n); // A·u, then q
  let pNext = new Float64Array(n); // A′·u′ for the next row, gathered during the update
  let h = n >= 2 ? householderRow(a, n, n - 1, e) : 0;
  let haveP = false;
  for (let i = n - 1; i >= 1; i--) {
    const l = i - 1;
    const ri = i * n;
    let hNext = 0;
    if (h > 0) {
      if (!haveP) symmetricTimesRow(a, n, l, ri, p);
      let f = 0;
      for (let j = 0; j <= l; j++) {
        p[j] /= h;
        f += p[j] * a[ri + j];
      }
      const hh = f / (h + h);
      for (let j = 0; j <= l; j++) p[j] -= hh * a[ri + j];
      // row l first: it is the next reflection's vector
      const rl = l * n;
      const fl = a[ri + l];
      const gl = p[l];
      for (let k = 0; k <= l; k++) a[rl + k] -= fl * p[k] + gl * a[ri + k];
      hNext = l >= 1 ? householderRow(a, n, l, e) : 0;
      if (hNext > 0) {
        // rows 0…l − 1: update, and gather pNext = A′·u′ from the updated elements (u′ = row l)
        for (let j = 0; j < l; j++) pNext[j] = 0;
        for (let j = 0; j < l; j++) {
          const rj = j * n;
          const fj = a[ri + j];
          const gj = p[j];
          const uj = a[rl + j];
          let s = 0;
          for (let k = 0; k < j; k++) {
            const v = a[rj + k] - (fj * p[k] + gj * a[ri + k]);
            a[rj + k] = v;
            s += v * a[rl + k];
            pNext[k] += v * uj;
          }
          const diag = a[rj + j] - (fj * p[j] + gj * a[ri + j]);
          a[rj + j] = diag;
          pNext[j] += s + diag * uj;
        }
        const t = p;
        p = pNext;
        pNext = t;
        haveP = true;
      } else {
        for (let j = 0; j < l; j++) {
          const rj = j * n;
          const fj = a[ri + j];
          const gj = p[j];
          for (let k = 0; k <= j; k++) a[rj + k] -= fj * p[k] + gj * a[ri + k];
        }
        haveP = false;
      }
    } else {
      hNext = l >= 1 ? householderRow(a, n, l, e) : 0;
      haveP = false;
    }
    h = hNext;
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i];
  qlImplicit(d, e, n);
  return d.sort();
}

/**
 * Eigenvalues of the symmetric tridiagonal matrix with diagonal d and subdiagonal e[1…n − 1] (e[0] unused), by
 * implicit QL with Wilkinson's shift (`tqli`, `tql1`); d is overwritten with the eigenvalues, unordered.
 */
function qlImplicit(d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  const EPS = Number.EPSILON;
  for (let l = 0; l < n; l++) {
    let iterations = 0;
    let m: number;
    do {
      // a negligible subdiagonal element splits the matrix
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= EPS * dd) break;
      }
      if (m !== l) {
        if (iterations++ === MAX_QL_ITERATIONS) {
          throw new InputError(`the QL iteration did not converge for eigenvalue ${l} after ${MAX_QL_ITERATIONS} steps (is the matrix finite and of moderate range?)`, { argument: "matrix", index: l });
        }
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = pythag(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          e[i + 1] = r = pythag(f, g);
          if (r === 0) {
            // underflow: deflate and start again
            d[i + 1] -= p;
            e[m] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
        }
        if (r === 0 && i >= l) continue;
        d[l] -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
}
