/**
 * Closed-form low-rank updates of the one Leontief inverse L = (I − A)⁻¹ of a Model — the
 * algebra behind every shock and extraction in this folder. Nothing here factorises a GN-sized
 * matrix: a change of A confined to rows R and columns C is a rank-k correction with
 * k = min(|R|, |C|), solved as a k × k system (Woodbury 1950; Sherman & Morrison 1950 for k = 1).
 *
 *   Ā = A + E_R D E_C'   (D the |R| × |C| block of changes)
 *   (I − Ā)⁻¹ = L + L E_R D (I − E_C' L E_R D)⁻¹ E_C' L                         (k = |C|)
 *             = L + L E_R (I − D E_C' L E_R)⁻¹ D E_C' L                         (k = |R|)
 *
 * Extraction of a set S of country-sectors (Miller & Blair 2009, §12.2; Dietzenbacher & Lahr 2013)
 * has simpler forms still, with L_SS the S × S block of L:
 *   backward (columns S of A zeroed, final demand kept):   x̄ = x − (L_·S − E_S) L_SS⁻¹ x_S
 *   total (rows and columns S of A zeroed):                x̄ as backward, and x̄_S = y_S
 *   forward (rows S of the allocation matrix B = x̂⁻¹Z zeroed, primary inputs kept; Ghosh):
 *     x̄ = x − x̂ (L_S·' − E_S) L_SS⁻ᵀ L_·S' v
 * For one sector j these are Sherman–Morrison: x̄ = x − (l_j − e_j) x_j / l_jj.
 *
 * The Ghosh (forward) side uses G = x̂⁻¹ L x̂ (B = x̂⁻¹ A x̂ on sectors with x > 0), so
 * x' = va' G becomes x = x̂ L' v and needs no second factorisation.
 *
 * Layout: country-major, sector-minor; matrices column-major (@catena/linalg).
 */
import { LU, Matrix, matmul } from '@catena/linalg';

/** Ā = A + E_R D E_C': the dense block D (|rows| × |cols|, column-major) added to rows R, columns C of A. */
export interface BlockUpdate {
  rows: readonly number[];
  cols: readonly number[];
  D: Float64Array;
}

/** L[C, R] as a |C| × |R| column-major array. */
function gather(L: Matrix, C: readonly number[], R: readonly number[]): Float64Array {
  const n = L.rows;
  const out = new Float64Array(C.length * R.length);
  for (let b = 0; b < R.length; b++) {
    const o = R[b] * n;
    for (let a = 0; a < C.length; a++) out[a + b * C.length] = L.data[o + C[a]];
  }
  return out;
}

/** out += L[:, R] z. */
function addColumns(L: Matrix, R: readonly number[], z: Float64Array, out: Float64Array): void {
  const n = L.rows;
  for (let b = 0; b < R.length; b++) {
    const s = z[b];
    if (s === 0) continue;
    const o = R[b] * n;
    for (let i = 0; i < n; i++) out[i] += L.data[o + i] * s;
  }
}

/** out += L[C, :]' w. */
function addRows(L: Matrix, C: readonly number[], w: Float64Array, out: Float64Array): void {
  const n = L.rows;
  for (let j = 0; j < n; j++) {
    const o = j * n;
    let s = 0;
    for (let a = 0; a < C.length; a++) s += L.data[o + C[a]] * w[a];
    out[j] += s;
  }
}

/** y = op(M) x for a small column-major r × c matrix M (op = transpose when t). */
function small(M: Float64Array, r: number, c: number, x: Float64Array, t = false): Float64Array {
  const y = new Float64Array(t ? c : r);
  for (let b = 0; b < c; b++) {
    for (let a = 0; a < r; a++) {
      if (t) y[b] += M[a + b * r] * x[a];
      else y[a] += M[a + b * r] * x[b];
    }
  }
  return y;
}

/** The k × k matrix I − D·L[C,R] (k = |R|) or I − L[C,R]·D (k = |C|), and which form it is. */
function capacitance(L: Matrix, u: BlockUpdate): { form: 'R' | 'C'; k: number; lu: LU } {
  const kr = u.rows.length;
  const kc = u.cols.length;
  const Lcr = gather(L, u.cols, u.rows);
  const form = kr <= kc ? 'R' : 'C';
  const k = form === 'R' ? kr : kc;
  // Form R: M = I − D (kr × kc) · Lcr (kc × kr). Form C: M = I − Lcr (kc × kr) · D (kr × kc). One BLAS product.
  const M =
    form === 'R' ? matmul(new Matrix(kr, kc, u.D), new Matrix(kc, kr, Lcr)) : matmul(new Matrix(kc, kr, Lcr), new Matrix(kr, kc, u.D));
  for (let t = 0; t < M.data.length; t++) M.data[t] = -M.data[t];
  for (let b = 0; b < k; b++) M.data[b + b * k] += 1;
  return {
    form,
    k,
    lu: LU.factor(M, {
      context: `the ${k} × ${k} capacitance matrix of a low-rank update (I − Ā is singular or nearly so)`,
      overwrite: true,
    }),
  };
}

/**
 * The change Δ with (I − Ā)⁻¹ ȳ = L ȳ + Δ, given xPrime = L ȳ (Leontief quantity model).
 * Cost: one k × k factorisation and O(GN·k).
 */
export function leontiefCorrection(L: Matrix, u: BlockUpdate, xPrime: Float64Array): Float64Array {
  const out = new Float64Array(L.rows);
  if (u.rows.length === 0 || u.cols.length === 0) return out;
  const { form, lu } = capacitance(L, u);
  const xc = Float64Array.from(u.cols, (c) => xPrime[c]);
  if (form === 'R') addColumns(L, u.rows, lu.solve(small(u.D, u.rows.length, u.cols.length, xc)), out);
  else addColumns(L, u.rows, small(u.D, u.rows.length, u.cols.length, lu.solve(xc)), out);
  return out;
}

/**
 * The change Δ with (I − Ā)⁻ᵀ w = L' w + Δ, given pPrime = L' w (cost-push price model, and the
 * Ghosh model through x = x̂ L' v). Same capacitance matrix, transposed.
 */
export function priceCorrection(L: Matrix, u: BlockUpdate, pPrime: Float64Array): Float64Array {
  const out = new Float64Array(L.rows);
  if (u.rows.length === 0 || u.cols.length === 0) return out;
  const { form, lu } = capacitance(L, u);
  const pr = Float64Array.from(u.rows, (r) => pPrime[r]);
  const kr = u.rows.length;
  const kc = u.cols.length;
  if (form === 'R') addRows(L, u.cols, small(u.D, kr, kc, lu.solve(pr, true), true), out);
  else addRows(L, u.cols, lu.solve(small(u.D, kr, kc, pr, true), true), out);
  return out;
}

/** L' w for a vector w (column sums of L weighted by w). */
export function leftMultiply(L: Matrix, w: Float64Array): Float64Array {
  const n = L.rows;
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const o = j * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += L.data[o + i] * w[i];
    out[j] = s;
  }
  return out;
}

/** L w. */
export function rightMultiply(L: Matrix, w: Float64Array): Float64Array {
  const out = new Float64Array(L.rows);
  addColumns(
    L,
    Array.from({ length: L.rows }, (_, i) => i),
    w,
    out,
  );
  return out;
}

export type ExtractionMode = 'backward' | 'forward' | 'total';

/** Baseline vectors of the extraction formulas. */
export interface Baseline {
  /** Output. */
  x: Float64Array;
  /** Total final demand (row sums of Y). */
  y: Float64Array;
  /** Value-added coefficients. */
  v: Float64Array;
  /** L' v (1 on sectors with x > 0, 0 on sectors with zero output). */
  Ltv: Float64Array;
}

/**
 * Δx = x̄ − x for the extraction of the set S (any country-sectors) in the given mode, by the
 * closed forms in this file's header: one |S| × |S| factorisation and O(GN·|S|).
 */
export function extractSetDelta(L: Matrix, S: readonly number[], mode: ExtractionMode, b: Baseline): Float64Array {
  const n = L.rows;
  const dx = new Float64Array(n);
  const k = S.length;
  if (k === 0) return dx;
  const Lss = new Matrix(k, k, gather(L, S, S));
  const lu = LU.factor(Lss, { context: 'L_SS of an extracted set', overwrite: true });
  if (mode === 'forward') {
    const q = Float64Array.from(S, (s) => b.Ltv[s]);
    const u = lu.solve(q, true);
    const t = new Float64Array(n);
    addRows(L, S, u, t);
    for (let a = 0; a < k; a++) t[S[a]] -= u[a];
    for (let i = 0; i < n; i++) dx[i] = -b.x[i] * t[i];
    return dx;
  }
  const z = lu.solve(Float64Array.from(S, (s) => b.x[s]));
  addColumns(L, S, z, dx);
  for (let i = 0; i < n; i++) dx[i] = -dx[i];
  for (let a = 0; a < k; a++) dx[S[a]] += z[a];
  if (mode === 'total') for (const s of S) dx[s] = b.y[s] - b.x[s];
  return dx;
}

/**
 * Every single-sector extraction at once, aggregated by country: loss[c + j·G] = −Σ_{i∈c} Δx_i^{(j)}
 * and the same weighted by v (value added). O(GN²) in all — one pass over L — instead of one
 * solve per sector.
 */
export function sweepSectors(
  L: Matrix,
  mode: ExtractionMode,
  b: Baseline,
  G: number,
  N: number,
): { output: Float64Array; va: Float64Array } {
  const n = L.rows;
  const output = new Float64Array(G * n);
  const va = new Float64Array(G * n);
  const d = L.data;
  if (mode === 'forward') {
    // Δx_k^{(j)} = −x_k (L_jk − δ_jk) q_j / l_jj with q = L' v; sum over k of country c.
    for (let k = 0; k < n; k++) {
      const c = Math.floor(k / N);
      const xk = b.x[k];
      const vak = b.v[k] * xk;
      const o = k * n;
      for (let j = 0; j < n; j++) {
        const l = d[o + j] - (j === k ? 1 : 0);
        output[c + j * G] += xk * l;
        va[c + j * G] += vak * l;
      }
    }
    for (let j = 0; j < n; j++) {
      const f = b.Ltv[j] / d[j + j * n];
      for (let c = 0; c < G; c++) {
        output[c + j * G] *= f;
        va[c + j * G] *= f;
      }
    }
    return { output, va };
  }
  // Backward: Δx_i^{(j)} = −(L_ij − δ_ij) x_j / l_jj; total replaces the own term by y_j − x_j.
  for (let j = 0; j < n; j++) {
    const o = j * n;
    const f = b.x[j] / d[o + j];
    if (f === 0) continue;
    for (let c = 0; c < G; c++) {
      let s = 0;
      let sv = 0;
      for (let i = c * N; i < (c + 1) * N; i++) {
        const l = d[o + i];
        s += l;
        sv += b.v[i] * l;
      }
      output[c + j * G] = s * f;
      va[c + j * G] = sv * f;
    }
    const cj = Math.floor(j / N);
    // The own term: backward loses (l_jj − 1) x_j / l_jj of j's output; total loses x_j − y_j.
    const own = mode === 'total' ? b.x[j] - b.y[j] : (d[o + j] - 1) * f;
    output[cj + j * G] += own - d[o + j] * f;
    va[cj + j * G] += b.v[j] * (own - d[o + j] * f);
  }
  return { output, va };
}
