/**
 * The raw kernels every backend provides, BLAS/LAPACK style: column-major Float64Arrays with
 * leading dimensions, operating in place. Shapes are checked by the callers in index.ts, not here.
 */
export interface Backend {
  readonly name: 'native' | 'ts';
  /** C ← α·op(A)·op(B) + β·C, op(A) m×k, op(B) k×n. */
  gemm(
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
  ): void;
  /** y ← α·op(A)·x + β·y, A m×n. */
  gemv(
    trans: boolean,
    m: number,
    n: number,
    alpha: number,
    A: Float64Array,
    lda: number,
    x: Float64Array,
    beta: number,
    y: Float64Array,
  ): void;
  /** LU with partial pivoting, A = P·L·U, in place; ipiv 1-based as LAPACK; returns info (k > 0: U(k,k) = 0). */
  getrf(m: number, n: number, A: Float64Array, lda: number, ipiv: Int32Array): number;
  /** Solves op(A)·X = B with the factorisation from getrf, B n×nrhs overwritten by X. */
  getrs(trans: boolean, n: number, nrhs: number, LU: Float64Array, lda: number, ipiv: Int32Array, B: Float64Array, ldb: number): number;
  /** Overwrites the factorisation with the inverse. */
  getri(n: number, LU: Float64Array, lda: number, ipiv: Int32Array): number;
  /** Reciprocal condition number in the 1-norm, from the factorisation and ‖A‖₁. */
  gecon(n: number, LU: Float64Array, lda: number, anorm: number): number;
  setThreads(n: number): void;
  getThreads(): number;
  gemmAsync?: (...args: Parameters<Backend['gemm']>) => Promise<number>;
  getrfAsync?: (...args: Parameters<Backend['getrf']>) => Promise<number>;
  getrsAsync?: (...args: Parameters<Backend['getrs']>) => Promise<number>;
  getriAsync?: (...args: Parameters<Backend['getri']>) => Promise<number>;
  /** Free-form description of the library behind the backend. */
  describe(): string;
}
