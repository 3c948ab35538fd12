/**
 * Plain TypeScript kernels with the same contract as the native backend (column-major,
 * LAPACK-style leading dimensions and 1-based pivots). Used when the addon is not built, in a
 * browser, or on request (CATENA_LINALG=ts).
 *
 * gemm packs op(A) and op(B) into contiguous panels and runs a 4×4 register-blocked
 * micro-kernel over them (the Goto/BLIS scheme), which is what makes plain JavaScript reach a few
 * GFLOP/s; the LU is right-looking by blocks of columns, with its trailing update done by gemm.
 */
import type { Backend } from './backend.js';

const MR = 4;
const NR = 4;
const KC = 256;
const MC = 96;
const NC = 1024;

// Packing buffers, grown on demand and reused between calls.
let packA = new Float64Array(MC * KC);
let packB = new Float64Array(KC * NC);

/** Packs op(A)[i0:i0+mc, p0:p0+kc] into MR-row micro-panels, p-major, zero-padded. */
function packAPanel(A: Float64Array, lda: number, trans: boolean, i0: number, mc: number, p0: number, kc: number): void {
  const panels = Math.ceil(mc / MR);
  if (packA.length < panels * MR * kc) packA = new Float64Array(panels * MR * kc);
  const out = packA;
  let o = 0;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = Math.min(MR, mc - ir);
    for (let p = 0; p < kc; p++) {
      for (let r = 0; r < MR; r++) {
        if (r < rows) {
          const i = i0 + ir + r;
          const q = p0 + p;
          out[o++] = trans ? A[q + i * lda] : A[i + q * lda];
        } else out[o++] = 0;
      }
    }
  }
}

/** Packs op(B)[p0:p0+kc, j0:j0+nc] into NR-column micro-panels, p-major, zero-padded. */
function packBPanel(B: Float64Array, ldb: number, trans: boolean, p0: number, kc: number, j0: number, nc: number): void {
  const panels = Math.ceil(nc / NR);
  if (packB.length < panels * NR * kc) packB = new Float64Array(panels * NR * kc);
  const out = packB;
  let o = 0;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    for (let p = 0; p < kc; p++) {
      const q = p0 + p;
      for (let c = 0; c < NR; c++) {
        if (c < cols) {
          const j = j0 + jr + c;
          out[o++] = trans ? B[j + q * ldb] : B[q + j * ldb];
        } else out[o++] = 0;
      }
    }
  }
}

/** C[i0.., j0..] += α · (packed A micro-panel) · (packed B micro-panel) over kc. */
function microKernel(
  kc: number,
  alpha: number,
  ap: Float64Array,
  aOff: number,
  bp: Float64Array,
  bOff: number,
  C: Float64Array,
  ldc: number,
  i0: number,
  j0: number,
  rows: number,
  cols: number,
): void {
  let c00 = 0,
    c10 = 0,
    c20 = 0,
    c30 = 0;
  let c01 = 0,
    c11 = 0,
    c21 = 0,
    c31 = 0;
  let c02 = 0,
    c12 = 0,
    c22 = 0,
    c32 = 0;
  let c03 = 0,
    c13 = 0,
    c23 = 0,
    c33 = 0;
  let a = aOff;
  let b = bOff;
  for (let p = 0; p < kc; p++) {
    const a0 = ap[a],
      a1 = ap[a + 1],
      a2 = ap[a + 2],
      a3 = ap[a + 3];
    const b0 = bp[b],
      b1 = bp[b + 1],
      b2 = bp[b + 2],
      b3 = bp[b + 3];
    c00 += a0 * b0;
    c10 += a1 * b0;
    c20 += a2 * b0;
    c30 += a3 * b0;
    c01 += a0 * b1;
    c11 += a1 * b1;
    c21 += a2 * b1;
    c31 += a3 * b1;
    c02 += a0 * b2;
    c12 += a1 * b2;
    c22 += a2 * b2;
    c32 += a3 * b2;
    c03 += a0 * b3;
    c13 += a1 * b3;
    c23 += a2 * b3;
    c33 += a3 * b3;
    a += 4;
    b += 4;
  }
  if (rows === 4 && cols === 4) {
    let o = i0 + j0 * ldc;
    C[o] += alpha * c00;
    C[o + 1] += alpha * c10;
    C[o + 2] += alpha * c20;
    C[o + 3] += alpha * c30;
    o += ldc;
    C[o] += alpha * c01;
    C[o + 1] += alpha * c11;
    C[o + 2] += alpha * c21;
    C[o + 3] += alpha * c31;
    o += ldc;
    C[o] += alpha * c02;
    C[o + 1] += alpha * c12;
    C[o + 2] += alpha * c22;
    C[o + 3] += alpha * c32;
    o += ldc;
    C[o] += alpha * c03;
    C[o + 1] += alpha * c13;
    C[o + 2] += alpha * c23;
    C[o + 3] += alpha * c33;
    return;
  }
  const acc = [c00, c10, c20, c30, c01, c11, c21, c31, c02, c12, c22, c32, c03, c13, c23, c33];
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) C[i0 + r + (j0 + c) * ldc] += alpha * acc[r + 4 * c];
  }
}

function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  A: Float64Array,
  lda: number,
  B: Float64Array,
  ldb: number,
  beta: number,
  C: Float64Array,
  ldc: number,
): void {
  if (beta !== 1) {
    for (let j = 0; j < n; j++) {
      const o = j * ldc;
      if (beta === 0) C.fill(0, o, o + m);
      else for (let i = 0; i < m; i++) C[o + i] *= beta;
    }
  }
  if (alpha === 0 || k === 0) return;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packBPanel(B, ldb, transB, pc, kc, jc, nc);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packAPanel(A, lda, transA, ic, mc, pc, kc);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = Math.min(NR, nc - jr);
          const bOff = (jr / NR) * NR * kc;
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = Math.min(MR, mc - ir);
            microKernel(kc, alpha, packA, (ir / MR) * MR * kc, packB, bOff, C, ldc, ic + ir, jc + jr, rows, cols);
          }
        }
      }
    }
  }
}

function gemv(
  trans: boolean,
  m: number,
  n: number,
  alpha: number,
  A: Float64Array,
  lda: number,
  x: Float64Array,
  beta: number,
  y: Float64Array,
): void {
  if (!trans) {
    if (beta !== 1) for (let i = 0; i < m; i++) y[i] = beta === 0 ? 0 : beta * y[i];
    for (let j = 0; j < n; j++) {
      const s = alpha * x[j];
      if (s === 0) continue;
      const o = j * lda;
      for (let i = 0; i < m; i++) y[i] += s * A[o + i];
    }
  } else {
    for (let j = 0; j < n; j++) {
      const o = j * lda;
      let s = 0;
      for (let i = 0; i < m; i++) s += A[o + i] * x[i];
      y[j] = alpha * s + (beta === 0 ? 0 : beta * y[j]);
    }
  }
}

const LU_BLOCK = 64;

/** Unblocked right-looking LU of columns [j0, j0+nb) over rows [j0, m), pivots applied to the whole rows. */
function getf2(m: number, n: number, A: Float64Array, lda: number, ipiv: Int32Array, j0: number, nb: number): number {
  let info = 0;
  for (let j = j0; j < j0 + nb && j < m; j++) {
    const cj = j * lda;
    let p = j;
    let best = Math.abs(A[cj + j]);
    for (let i = j + 1; i < m; i++) {
      const v = Math.abs(A[cj + i]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    ipiv[j] = p + 1;
    if (p !== j) {
      for (let c = 0; c < n; c++) {
        const o = c * lda;
        const t = A[o + j];
        A[o + j] = A[o + p];
        A[o + p] = t;
      }
    }
    const d = A[cj + j];
    if (d === 0) {
      if (info === 0) info = j + 1;
      continue;
    }
    const inv = 1 / d;
    for (let i = j + 1; i < m; i++) A[cj + i] *= inv;
    // Update the remaining columns of this block only; the trailing matrix is updated by gemm.
    for (let c = j + 1; c < j0 + nb; c++) {
      const o = c * lda;
      const s = A[o + j];
      if (s === 0) continue;
      for (let i = j + 1; i < m; i++) A[o + i] -= s * A[cj + i];
    }
  }
  return info;
}

function getrf(m: number, n: number, A: Float64Array, lda: number, ipiv: Int32Array): number {
  const kmax = Math.min(m, n);
  let info = 0;
  for (let j0 = 0; j0 < kmax; j0 += LU_BLOCK) {
    const nb = Math.min(LU_BLOCK, kmax - j0);
    const blockInfo = getf2(m, n, A, lda, ipiv, j0, nb);
    if (info === 0 && blockInfo > 0) info = blockInfo;
    const rest = n - j0 - nb;
    if (rest <= 0) continue;
    // U12 ← L11⁻¹ A12 (unit lower triangular solve), column by column.
    for (let c = j0 + nb; c < n; c++) {
      const o = c * lda;
      for (let j = j0; j < j0 + nb; j++) {
        const s = A[o + j];
        if (s === 0) continue;
        const cj = j * lda;
        for (let i = j + 1; i < j0 + nb; i++) A[o + i] -= s * A[cj + i];
      }
    }
    // A22 ← A22 − L21 U12.
    if (m - j0 - nb > 0) {
      const off21 = j0 + nb + j0 * lda;
      const off12 = j0 + (j0 + nb) * lda;
      const off22 = j0 + nb + (j0 + nb) * lda;
      gemmOffset(m - j0 - nb, rest, nb, A, off21, A, off12, A, off22, lda);
    }
  }
  return info;
}

/** C(off) −= A(off)·B(off), all three views into arrays with the same leading dimension. */
function gemmOffset(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  aOff: number,
  B: Float64Array,
  bOff: number,
  C: Float64Array,
  cOff: number,
  ld: number,
): void {
  gemm(false, false, m, n, k, -1, A.subarray(aOff), ld, B.subarray(bOff), ld, 1, C.subarray(cOff), ld);
}

/** Unit-lower (or upper) triangular solve of rows [k0, k1) of B in place, unblocked, on nrhs columns. */
function trsmBlock(
  upper: boolean,
  k0: number,
  k1: number,
  nrhs: number,
  LU: Float64Array,
  lda: number,
  B: Float64Array,
  ldb: number,
): void {
  for (let c = 0; c < nrhs; c++) {
    const o = c * ldb;
    if (!upper) {
      for (let j = k0; j < k1; j++) {
        const s = B[o + j];
        if (s === 0) continue;
        const cj = j * lda;
        for (let i = j + 1; i < k1; i++) B[o + i] -= s * LU[cj + i];
      }
    } else {
      for (let j = k1 - 1; j >= k0; j--) {
        const cj = j * lda;
        const s = (B[o + j] /= LU[cj + j]);
        if (s === 0) continue;
        for (let i = k0; i < j; i++) B[o + i] -= s * LU[cj + i];
      }
    }
  }
}

const TRSM_BLOCK = 64;

function getrs(
  trans: boolean,
  n: number,
  nrhs: number,
  LU: Float64Array,
  lda: number,
  ipiv: Int32Array,
  B: Float64Array,
  ldb: number,
): number {
  if (!trans) {
    for (let c = 0; c < nrhs; c++) {
      const o = c * ldb;
      for (let i = 0; i < n; i++) {
        const p = ipiv[i] - 1;
        if (p !== i) {
          const t = B[o + i];
          B[o + i] = B[o + p];
          B[o + p] = t;
        }
      }
    }
    // Blocked forward and back substitution: small triangular solves on the diagonal blocks,
    // the rest as products (gemm), which is where the flops are when there are many columns.
    for (let k0 = 0; k0 < n; k0 += TRSM_BLOCK) {
      const k1 = Math.min(n, k0 + TRSM_BLOCK);
      trsmBlock(false, k0, k1, nrhs, LU, lda, B, ldb);
      if (k1 < n)
        gemm(false, false, n - k1, nrhs, k1 - k0, -1, LU.subarray(k1 + k0 * lda), lda, B.subarray(k0), ldb, 1, B.subarray(k1), ldb);
    }
    for (let k1 = n; k1 > 0; k1 -= TRSM_BLOCK) {
      const k0 = Math.max(0, k1 - TRSM_BLOCK);
      trsmBlock(true, k0, k1, nrhs, LU, lda, B, ldb);
      if (k0 > 0) gemm(false, false, k0, nrhs, k1 - k0, -1, LU.subarray(k0 * lda), lda, B.subarray(k0), ldb, 1, B, ldb);
    }
    return 0;
  }
  for (let c = 0; c < nrhs; c++) {
    const o = c * ldb;
    // Uᵀ y = b: row-oriented over columns of U (contiguous).
    for (let j = 0; j < n; j++) {
      const cj = j * lda;
      let s = B[o + j];
      for (let i = 0; i < j; i++) s -= LU[cj + i] * B[o + i];
      B[o + j] = s / LU[cj + j];
    }
    // Lᵀ x = y.
    for (let j = n - 1; j >= 0; j--) {
      const cj = j * lda;
      let s = B[o + j];
      for (let i = j + 1; i < n; i++) s -= LU[cj + i] * B[o + i];
      B[o + j] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      const p = ipiv[i] - 1;
      if (p !== i) {
        const t = B[o + i];
        B[o + i] = B[o + p];
        B[o + p] = t;
      }
    }
  }
  return 0;
}

function getri(n: number, LU: Float64Array, lda: number, ipiv: Int32Array): number {
  for (let i = 0; i < n; i++) if (LU[i + i * lda] === 0) return i + 1;
  const X = new Float64Array(n * n);
  for (let i = 0; i < n; i++) X[i + i * n] = 1;
  getrs(false, n, n, LU, lda, ipiv, X, n);
  for (let j = 0; j < n; j++) LU.set(X.subarray(j * n, j * n + n), j * lda);
  return 0;
}

/**
 * 1-norm condition estimate by Hager's method as refined by Higham (1988): a few solves with
 * the factorisation and its transpose, not an explicit inverse.
 */
function gecon(n: number, LU: Float64Array, lda: number, anorm: number): number {
  if (n === 0) return Infinity;
  if (anorm === 0) return 0;
  for (let i = 0; i < n; i++) if (LU[i + i * lda] === 0) return 0;
  let x = new Float64Array(n).fill(1 / n);
  let est = 0;
  for (let iter = 0; iter < 5; iter++) {
    const y = x.slice();
    getrs(false, n, 1, LU, lda, noPivots(n), y, n);
    est = 0;
    for (let i = 0; i < n; i++) est += Math.abs(y[i]);
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) z[i] = y[i] >= 0 ? 1 : -1;
    getrs(true, n, 1, LU, lda, noPivots(n), z, n);
    let jmax = 0;
    let zmax = -1;
    let ztx = 0;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(z[i]);
      if (a > zmax) {
        zmax = a;
        jmax = i;
      }
      ztx += z[i] * x[i];
    }
    if (zmax <= ztx) break;
    x = new Float64Array(n);
    x[jmax] = 1;
  }
  return est > 0 ? 1 / (anorm * est) : 0;
}

// ‖A⁻¹‖₁ = ‖(LU)⁻¹Pᵀ‖₁ = ‖(LU)⁻¹‖₁: a column permutation leaves the 1-norm alone, so the
// estimate can solve with L and U and ignore the row pivots.
let identity = new Int32Array(0);
function noPivots(n: number): Int32Array {
  if (identity.length !== n) {
    identity = new Int32Array(n);
    for (let i = 0; i < n; i++) identity[i] = i + 1;
  }
  return identity;
}

export const tsBackend: Backend = {
  name: 'ts',
  gemm,
  gemv,
  getrf,
  getrs,
  getri,
  gecon,
  setThreads: () => undefined,
  getThreads: () => 1,
  describe: () => 'TypeScript kernels (single-threaded, cache-blocked)',
};
