/**
 * @catena/linalg — dense column-major linear algebra with one API over two backends: the
 * OpenBLAS/LAPACKE addon (fast path, Node only) and plain TypeScript kernels (everywhere).
 *
 * This entry is browser-safe: it imports no `node:*` module and uses the TypeScript kernels.
 * Node resolves the package to `node.ts` instead (package.json `exports`, condition `node`),
 * which registers the native addon: there the backend is chosen once — CATENA_LINALG=ts or
 * =native forces one; otherwise the addon is used when it loads, and the fallback (with a
 * one-line notice on stderr) when it does not.
 */
import type { Backend } from './backend.js';
import { DimensionError, IllConditionedError, NonFiniteError, SingularMatrixError } from './errors.js';
import { Matrix } from './matrix.js';
import { tsBackend } from './ts-backend.js';

export { Matrix } from './matrix.js';
export { DimensionError, IllConditionedError, NonFiniteError, SingularMatrixError } from './errors.js';
export type { Backend } from './backend.js';
export { tsBackend } from './ts-backend.js';

/** How the Node entry chooses and loads the native backend; absent in browser builds. */
export interface NativeProvider {
  /** The backend to use on first call (native, or the fallback with a notice). */
  pick(): Backend;
  /** Loads the addon; throws with the reason when it cannot. */
  load(): Backend;
}

let active: Backend | null = null;
let native: NativeProvider | null = null;

/** Called once by the Node entry (node.ts). Not part of the public API. */
export function installNativeProvider(p: NativeProvider): void {
  native = p;
}

/** The backend in use (chosen on first use). */
export function backend(): Backend {
  if (!active) active = native ? native.pick() : tsBackend;
  return active;
}

/** Switches backend explicitly: 'native' throws if the addon cannot be loaded (always, outside Node). */
export function useBackend(name: 'native' | 'ts'): Backend {
  if (name === 'ts') active = tsBackend;
  else if (!native) throw new Error('the native backend exists only in Node (import @catena/linalg from Node)');
  else active = native.load();
  return active;
}

/** Whether the native addon can be loaded, and why not when it cannot. */
export function nativeAvailable(): { ok: boolean; reason?: string } {
  if (!native) return { ok: false, reason: 'not running in Node' };
  try {
    native.load();
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: (e as Error).message ?? 'unknown' };
  }
}

/** Number of threads BLAS may use (the fallback is single-threaded and ignores it). */
export function setThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`thread count must be a positive integer, got ${n}`);
  backend().setThreads(n);
}

export function getThreads(): number {
  return backend().getThreads();
}

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

function productShape(A: Matrix, B: Matrix, o: MatmulOptions): { m: number; n: number; k: number } {
  const m = o.transA ? A.cols : A.rows;
  const k = o.transA ? A.rows : A.cols;
  const kb = o.transB ? B.cols : B.rows;
  const n = o.transB ? B.rows : B.cols;
  if (k !== kb) {
    throw new DimensionError(
      `cannot multiply ${o.transA ? 'Aᵀ' : 'A'} (${m} × ${k}) by ${o.transB ? 'Bᵀ' : 'B'} (${kb} × ${n}): inner dimensions differ`,
    );
  }
  return { m, n, k };
}

/** C = op(A)·op(B). */
export function matmul(A: Matrix, B: Matrix, o: MatmulOptions = {}): Matrix {
  const { m, n, k } = productShape(A, B, o);
  const C = new Matrix(m, n);
  if (m && n)
    backend().gemm(!!o.transA, !!o.transB, m, n, k, 1, A.data, Math.max(1, A.rows), B.data, Math.max(1, B.rows), 0, C.data, Math.max(1, m));
  return C;
}

/** C = op(A)·op(B) on the libuv pool (native), so the event loop stays free. */
export async function matmulAsync(A: Matrix, B: Matrix, o: MatmulOptions = {}): Promise<Matrix> {
  const { m, n, k } = productShape(A, B, o);
  const C = new Matrix(m, n);
  const be = backend();
  if (!m || !n) return C;
  const args = [
    !!o.transA,
    !!o.transB,
    m,
    n,
    k,
    1,
    A.data,
    Math.max(1, A.rows),
    B.data,
    Math.max(1, B.rows),
    0,
    C.data,
    Math.max(1, m),
  ] as const;
  if (be.gemmAsync) await be.gemmAsync(...args);
  else be.gemm(...args);
  return C;
}

/** y = op(A)·x. */
export function matvec(A: Matrix, x: ArrayLike<number>, trans = false): Float64Array {
  const need = trans ? A.rows : A.cols;
  if (x.length !== need) {
    throw new DimensionError(`vector has ${x.length} entries, expected ${need} to multiply ${trans ? 'Aᵀ' : 'A'} (${A.rows} × ${A.cols})`);
  }
  const y = new Float64Array(trans ? A.cols : A.rows);
  const xv = x instanceof Float64Array ? x : Float64Array.from(x);
  if (A.rows && A.cols) backend().gemv(trans, A.rows, A.cols, 1, A.data, Math.max(1, A.rows), xv, 0, y);
  return y;
}

export interface LUOptions {
  /** Reject systems whose reciprocal 1-norm condition number is below this (default 1e-14). */
  rcondMin?: number;
  /** Words that say which matrix this is, for error messages ("I − A of WIOD 2011"). */
  context?: string;
  /** Skip the condition estimate (saves a few solves) — singularity is still detected. */
  skipConditionCheck?: boolean;
  /** Factorise in A's own storage instead of a copy (for a matrix the caller will not use again). */
  overwrite?: boolean;
}

function norm1(A: Matrix): number {
  let best = 0;
  for (let j = 0; j < A.cols; j++) {
    let s = 0;
    const o = j * A.rows;
    for (let i = 0; i < A.rows; i++) s += Math.abs(A.data[o + i]);
    if (s > best) best = s;
  }
  return best;
}

function checkFinite(A: Matrix, context: string): void {
  const d = A.data;
  for (let t = 0; t < d.length; t++) {
    if (!Number.isFinite(d[t])) throw new NonFiniteError(t % A.rows, Math.floor(t / A.rows), d[t], context);
  }
}

function smallestPivot(lu: Float64Array, n: number): number {
  let p = 0;
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(lu[i + i * n]);
    if (v < best) {
      best = v;
      p = i;
    }
  }
  return p;
}

/** An LU factorisation P·A = L·U, computed once and reused for any number of right-hand sides. */
export class LU {
  readonly n: number;
  /** Reciprocal condition number (1-norm), or NaN when the check was skipped. */
  readonly rcond: number;

  private constructor(
    readonly factors: Float64Array,
    readonly ipiv: Int32Array,
    n: number,
    rcond: number,
  ) {
    this.n = n;
    this.rcond = rcond;
  }

  private static prepare(A: Matrix, o: LUOptions): { f: Float64Array; ipiv: Int32Array; anorm: number } {
    if (A.rows !== A.cols)
      throw new DimensionError(`LU needs a square matrix, got ${A.rows} × ${A.cols}${o.context ? ` (${o.context})` : ''}`);
    checkFinite(A, o.context ?? 'the matrix');
    return { f: o.overwrite ? A.data : A.data.slice(), ipiv: new Int32Array(A.rows), anorm: norm1(A) };
  }

  private static finish(f: Float64Array, ipiv: Int32Array, n: number, anorm: number, info: number, o: LUOptions): LU {
    if (info > 0) throw new SingularMatrixError(info - 1, n, o.context ?? '');
    if (info < 0) throw new Error(`LAPACK getrf rejected argument ${-info}`);
    let rcond = NaN;
    if (!o.skipConditionCheck && n > 0) {
      rcond = backend().gecon(n, f, n, anorm);
      const tol = o.rcondMin ?? 1e-14;
      if (!(rcond >= tol)) throw new IllConditionedError(rcond, tol, smallestPivot(f, n), n, o.context ?? '');
    }
    return new LU(f, ipiv, n, rcond);
  }

  /** Factorises A (copied and left untouched, unless `overwrite`). Throws SingularMatrixError or IllConditionedError. */
  static factor(A: Matrix, o: LUOptions = {}): LU {
    const { f, ipiv, anorm } = LU.prepare(A, o);
    const info = A.rows ? backend().getrf(A.rows, A.rows, f, A.rows, ipiv) : 0;
    return LU.finish(f, ipiv, A.rows, anorm, info, o);
  }

  /** As factor(), on the libuv pool when the native backend is active. */
  static async factorAsync(A: Matrix, o: LUOptions = {}): Promise<LU> {
    const { f, ipiv, anorm } = LU.prepare(A, o);
    const be = backend();
    const n = A.rows;
    const info = n ? (be.getrfAsync ? await be.getrfAsync(n, n, f, n, ipiv) : be.getrf(n, n, f, n, ipiv)) : 0;
    return LU.finish(f, ipiv, n, anorm, info, o);
  }

  private rhs(B: Matrix | Float64Array): { out: Float64Array; nrhs: number } {
    const rows = B instanceof Matrix ? B.rows : B.length;
    if (rows !== this.n) throw new DimensionError(`right-hand side has ${rows} rows, expected ${this.n}`);
    const out = (B instanceof Matrix ? B.data : B).slice();
    return { out, nrhs: B instanceof Matrix ? B.cols : 1 };
  }

  /** X with op(A)·X = B (A or Aᵀ), B a matrix or a vector; B is not modified. */
  solve<T extends Matrix | Float64Array>(B: T, trans = false): T {
    const { out, nrhs } = this.rhs(B);
    if (this.n && nrhs) backend().getrs(trans, this.n, nrhs, this.factors, this.n, this.ipiv, out, this.n);
    return (B instanceof Matrix ? new Matrix(B.rows, B.cols, out) : out) as T;
  }

  /** As solve(), on the libuv pool when the native backend is active. */
  async solveAsync<T extends Matrix | Float64Array>(B: T, trans = false): Promise<T> {
    const { out, nrhs } = this.rhs(B);
    const be = backend();
    if (this.n && nrhs) {
      if (be.getrsAsync) await be.getrsAsync(trans, this.n, nrhs, this.factors, this.n, this.ipiv, out, this.n);
      else be.getrs(trans, this.n, nrhs, this.factors, this.n, this.ipiv, out, this.n);
    }
    return (B instanceof Matrix ? new Matrix(B.rows, B.cols, out) : out) as T;
  }

  /** A⁻¹ from the factorisation. */
  inverse(): Matrix {
    const f = this.factors.slice();
    const info = this.n ? backend().getri(this.n, f, this.n, this.ipiv.slice()) : 0;
    if (info > 0) throw new SingularMatrixError(info - 1, this.n);
    return new Matrix(this.n, this.n, f);
  }

  async inverseAsync(): Promise<Matrix> {
    const f = this.factors.slice();
    const be = backend();
    const ipiv = this.ipiv.slice();
    const info = this.n ? (be.getriAsync ? await be.getriAsync(this.n, f, this.n, ipiv) : be.getri(this.n, f, this.n, ipiv)) : 0;
    if (info > 0) throw new SingularMatrixError(info - 1, this.n);
    return new Matrix(this.n, this.n, f);
  }

  /** Bytes held by the factorisation. */
  get bytes(): number {
    return this.factors.byteLength + this.ipiv.byteLength;
  }
}

/** LU factorisation of A (see LU.factor). */
export function lu(A: Matrix, o: LUOptions = {}): LU {
  return LU.factor(A, o);
}

export function luAsync(A: Matrix, o: LUOptions = {}): Promise<LU> {
  return LU.factorAsync(A, o);
}

/** A⁻¹; throws SingularMatrixError or IllConditionedError naming the pivot. */
export function inverse(A: Matrix, o: LUOptions = {}): Matrix {
  return LU.factor(A, o).inverse();
}

export async function inverseAsync(A: Matrix, o: LUOptions = {}): Promise<Matrix> {
  return (await LU.factorAsync(A, o)).inverseAsync();
}

/** X with A·X = B. */
export function solve<T extends Matrix | Float64Array>(A: Matrix, B: T, o: LUOptions = {}): T {
  return LU.factor(A, o).solve(B);
}
