/**
 * The fitted smile: weighted least squares of y = a + b·x + c·x² (x the production stage, y the
 * value-added rate, weights the value added captured), as in Meng, Ye & Wei (2020), who fit a
 * quadratic in the stage to show the smile (c > 0). Solved from the 3 × 3 normal equations.
 */
export interface QuadraticFit {
  a: number;
  b: number;
  c: number;
  /** Weighted R². */
  r2: number;
}

/** The fit, or null when fewer than three distinct stages carry weight. */
export function fitQuadratic(x: number[], y: number[], w: number[]): QuadraticFit | null {
  const S = Array.from({ length: 5 }, () => 0);
  const T = [0, 0, 0];
  let sw = 0,
    swy = 0;
  const distinct = new Set<number>();
  for (let i = 0; i < x.length; i++) {
    const wi = w[i];
    if (!(wi > 0) || !Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    distinct.add(x[i]);
    let p = 1;
    for (let k = 0; k < 5; k++) {
      S[k] += wi * p;
      if (k < 3) T[k] += wi * p * y[i];
      p *= x[i];
    }
    sw += wi;
    swy += wi * y[i];
  }
  if (distinct.size < 3) return null;
  // Normal equations M β = T with M_jk = Σ w x^(j+k); Gaussian elimination with partial pivoting.
  const M = [
    [S[0], S[1], S[2], T[0]],
    [S[1], S[2], S[3], T[1]],
    [S[2], S[3], S[4], T[2]],
  ];
  for (let c = 0; c < 3; c++) {
    let p = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    if (Math.abs(M[c][c]) < 1e-300) return null;
    for (let r = c + 1; r < 3; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k < 4; k++) M[r][k] -= f * M[c][k];
    }
  }
  const beta = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    let s = M[r][3];
    for (let k = r + 1; k < 3; k++) s -= M[r][k] * beta[k];
    beta[r] = s / M[r][r];
  }
  const mean = swy / sw;
  let ssr = 0,
    sst = 0;
  for (let i = 0; i < x.length; i++) {
    if (!(w[i] > 0) || !Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    const f = beta[0] + beta[1] * x[i] + beta[2] * x[i] * x[i];
    ssr += w[i] * (y[i] - f) ** 2;
    sst += w[i] * (y[i] - mean) ** 2;
  }
  return { a: beta[0], b: beta[1], c: beta[2], r2: sst > 0 ? 1 - ssr / sst : 1 };
}
