/**
 * CRITIC weights (CRiteria Importance Through Intercriteria Correlation; Diakoulaki, Mavrotas &
 * Papayannakis 1995): an indicator weighs more the more it varies (contrast) and the less it
 * agrees with the others (conflict).
 */
import type { Matrix } from '@catena/linalg';
import { correlation } from './correlation.js';

/**
 * CRITIC weights of the columns of a min–max normalised matrix X':
 *   C_j = σ_j Σ_k (1 − r_jk),   w_j = C_j / Σ_k C_k,
 * σ_j the standard deviation of x'_j and r_jk the Pearson correlation. The divisor of σ (n or
 * n − 1) is a common factor and cancels in w. A constant indicator has σ_j = 0, hence weight 0,
 * and is left out of the other indicators' conflict sums (it neither agrees nor conflicts).
 * When every C_j is 0 (a single varying indicator, or varying indicators all perfectly correlated)
 * the varying indicators share the weight equally (all indicators, when none varies).
 */
export function criticWeights(X: Matrix): { weights: Float64Array; contrast: Float64Array; conflict: Float64Array } {
  const m = X.cols;
  const { sd, R, constant } = correlation(X);
  const conflict = new Float64Array(m);
  const info = new Float64Array(m);
  let total = 0;
  for (let j = 0; j < m; j++) {
    let c = 0;
    for (let k = 0; k < m; k++) if (!constant[k] && !constant[j]) c += 1 - R.data[j + k * m];
    conflict[j] = c;
    info[j] = sd[j] * c;
    total += info[j];
  }
  const weights = new Float64Array(m);
  if (total > 0) for (let j = 0; j < m; j++) weights[j] = info[j] / total;
  else {
    const varying = constant.filter((c) => !c).length;
    for (let j = 0; j < m; j++) weights[j] = varying === 0 ? 1 / m : constant[j] ? 0 : 1 / varying;
  }
  return { weights, contrast: sd, conflict };
}
