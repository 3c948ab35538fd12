/**
 * PCA weights: indicators weigh by how much of their variance the retained principal components
 * of the correlation matrix explain (their communality). Components are retained by Kaiser's rule
 * (eigenvalue ≥ 1, and always the first), as the OECD/JRC Handbook on Constructing Composite
 * Indicators (2008) recommends for PCA-based weighting.
 */
import type { Matrix } from '@catena/linalg';
import { correlation } from './correlation.js';
import { symmetricEigen, type SymmetricEigen } from './eigen.js';

export interface PrincipalComponents extends SymmetricEigen {
  /** Share of the total variance each component explains, λ_k / Σ λ. */
  explained: Float64Array;
  /** How many components Kaiser's rule retains. */
  retained: number;
}

/** Eigenvalues ≥ 1 − 1e-10 count as ≥ 1, so that an exact 1 is not lost to rounding. */
const KAISER = 1 - 1e-10;

/**
 * Principal components of the Pearson correlation matrix R of X (direction-aligned, e.g. min–max
 * normalised, so that every indicator points the same way). Eigenvectors follow the sign
 * convention of `symmetricEigen` (entries sum to a positive number), so the first component
 * usually points towards "better on the whole". Constant indicators have zero rows in R.
 */
export function principalComponents(X: Matrix): PrincipalComponents {
  return componentsOfCorrelation(correlation(X).R);
}

/** As principalComponents, from a correlation matrix. */
export function componentsOfCorrelation(R: Matrix): PrincipalComponents {
  const eig = symmetricEigen(R);
  const m = R.rows;
  let total = 0;
  for (let k = 0; k < m; k++) total += Math.max(0, eig.values[k]);
  const explained = new Float64Array(m);
  let retained = 0;
  for (let k = 0; k < m; k++) {
    explained[k] = total > 0 ? Math.max(0, eig.values[k]) / total : 0;
    if (eig.values[k] >= KAISER) retained++;
  }
  return { ...eig, explained, retained: Math.max(1, retained) };
}

/**
 * PCA weights from a correlation matrix R (m × m):
 *   h_j = Σ_{k retained} λ_k u_jk²  (the communality: the squared loadings √λ_k u_jk summed),
 *   w_j = h_j / Σ_l h_l.
 * The weights do not depend on the eigenvectors' signs. A constant indicator (zero row in R) has
 * h_j = 0, hence weight 0; when every h_j is 0 the weights are equal, 1/m.
 */
export function pcaWeightsFromCorrelation(R: Matrix): { weights: Float64Array; components: PrincipalComponents } {
  const pc = componentsOfCorrelation(R);
  const m = R.rows;
  const h = new Float64Array(m);
  let total = 0;
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let k = 0; k < pc.retained; k++) {
      const u = pc.vectors.data[j + k * m];
      s += Math.max(0, pc.values[k]) * u * u;
    }
    h[j] = s;
    total += s;
  }
  const weights = new Float64Array(m);
  for (let j = 0; j < m; j++) weights[j] = total > 0 ? h[j] / total : 1 / m;
  return { weights, components: pc };
}

/** PCA weights of the columns of a normalised matrix X' (see pcaWeightsFromCorrelation). */
export function pcaWeights(X: Matrix): { weights: Float64Array; components: PrincipalComponents } {
  return pcaWeightsFromCorrelation(correlation(X).R);
}
