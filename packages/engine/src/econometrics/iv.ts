/**
 * Two-stage least squares (Theil 1953; Basmann 1957). With exogenous regressors X₁, endogenous
 * X₂ and excluded instruments Z, all already demeaned by the fixed effects:
 *
 *   first stage   X₂ = W Π + v, W = [X₁ Z]; X̂₂ = W Π̂
 *   second stage  β = (X̂ᵀX̂)⁻¹ X̂ᵀy with X̂ = [X̂₂ X₁]; residuals e = y − [X₂ X₁] β (the actual X₂)
 *
 * Standard errors use the bread (X̂ᵀX̂)⁻¹ and scores X̂ e. The first-stage F statistic of each
 * endogenous regressor tests the excluded instruments: F = ((RSS_r − RSS_u)/q) / (RSS_u/(n − k_W − K_fe)),
 * RSS_r from X₂ on X₁ alone, q the number of excluded instruments (iid form, as `fixest` reports).
 * Just identified with one regressor and no controls, β = cov(z, y)/cov(z, x).
 */
import { Matrix } from '@catena/linalg';
import { fPValue } from './dist.js';
import { designMatrix, leastSquares, residualSS } from './ols.js';

export interface FirstStage {
  endogenous: string;
  F: number;
  df1: number;
  df2: number;
  p: number;
}

export interface TwoStage {
  beta: Float64Array;
  bread: Matrix;
  /** X̂ = [X̂₂ X₁], the scores design. */
  Xhat: Matrix;
  resid: Float64Array;
  rss: number;
  firstStage: FirstStage[];
}

/**
 * 2SLS on demeaned columns. Order of the coefficients: the first `lead` exogenous columns (the
 * intercept), the endogenous regressors, then the other exogenous ones.
 */
export function twoStageLeastSquares(
  y: Float64Array,
  exog: Float64Array[],
  endog: { name: string; x: Float64Array }[],
  instruments: Float64Array[],
  feParams: number,
  lead = 0,
): TwoStage {
  const n = y.length;
  const W = designMatrix([...exog, ...instruments], n);
  const X1 = designMatrix(exog, n);
  const q = instruments.length;
  const firstStage: FirstStage[] = [];
  const fitted: Float64Array[] = [];
  for (const { name, x } of endog) {
    const fs = leastSquares(W, x, `WᵀW of the first stage for ${name}`);
    const fit = new Float64Array(n);
    for (let i = 0; i < n; i++) fit[i] = x[i] - fs.resid[i];
    fitted.push(fit);
    const rssR = residualSS(X1, x);
    const df2 = n - W.cols - feParams;
    const F = (rssR - fs.rss) / q / (fs.rss / df2);
    firstStage.push({ endogenous: name, F, df1: q, df2, p: fPValue(F, q, df2) });
  }
  const order = (endo: Float64Array[]) => [...exog.slice(0, lead), ...endo, ...exog.slice(lead)];
  const Xhat = designMatrix(order(fitted), n);
  const second = leastSquares(Xhat, y, 'X̂ᵀX̂ of the second stage');
  const actual = order(endog.map((e) => e.x));
  const resid = Float64Array.from(y);
  actual.forEach((col, j) => {
    const b = second.beta[j];
    for (let i = 0; i < n; i++) resid[i] -= b * col[i];
  });
  let rss = 0;
  for (let i = 0; i < n; i++) rss += resid[i] * resid[i];
  return { beta: second.beta, bread: second.bread, Xhat, resid, rss, firstStage };
}
