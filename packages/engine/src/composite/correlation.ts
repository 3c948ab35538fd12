/** Pearson correlations and standard deviations of indicator columns, shared by CRITIC and PCA. */
import { matmul, Matrix } from '@catena/linalg';
import { isConstant } from './normalise.js';

export interface Correlation {
  /** Sample standard deviation of each column (divisor n − 1). */
  sd: Float64Array;
  /**
   * m × m Pearson correlation matrix. Rows and columns of constant indicators are all 0, the
   * diagonal included: a correlation with a constant is undefined, and each caller says what it
   * does with such an indicator instead of meeting NaN.
   */
  R: Matrix;
  /** Which columns are constant. */
  constant: boolean[];
}

/** Correlation matrix of the columns of X (n × m): r_jk = Σ_i (x_ij − x̄_j)(x_ik − x̄_k) / √(SS_j SS_k). */
export function correlation(X: Matrix): Correlation {
  const { rows: n, cols: m, data } = X;
  const C = new Float64Array(n * m);
  const constant: boolean[] = new Array(m);
  for (let j = 0; j < m; j++) {
    const off = j * n;
    constant[j] = isConstant(data, off, n);
    if (constant[j]) continue; // centred column stays 0
    let s = 0;
    for (let i = off; i < off + n; i++) s += data[i];
    const mean = s / n;
    for (let i = off; i < off + n; i++) C[i] = data[i] - mean;
  }
  // Cross-products of the centred columns, Cᵀ C, in one BLAS call.
  const R = matmul(new Matrix(n, m, C), new Matrix(n, m, C), { transA: true });
  const ss = new Float64Array(m);
  for (let j = 0; j < m; j++) ss[j] = R.data[j + j * m];
  const sd = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    sd[j] = constant[j] || n < 2 ? 0 : Math.sqrt(ss[j] / (n - 1));
    for (let k = 0; k <= j; k++) {
      // Clamped: rounding can put |r| a hair above 1.
      const r = constant[j] || constant[k] ? 0 : j === k ? 1 : Math.max(-1, Math.min(1, R.data[j + k * m] / Math.sqrt(ss[j] * ss[k])));
      R.data[j + k * m] = r;
      R.data[k + j * m] = r;
    }
  }
  return { sd, R, constant };
}
