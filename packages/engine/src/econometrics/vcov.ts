/**
 * Variance–covariance matrices of least-squares coefficients, V = c · B M B with the bread
 * B = (XᵀX)⁻¹ (X the demeaned design, or the fitted X̂ of 2SLS) and the meat M:
 *
 *   iid      V = σ̂² B, σ̂² = Σ e² / (n − K)
 *   hc1      M = Σ e_i² x_i x_iᵀ, c = n / (n − K)                      (White 1980; MacKinnon & White 1985)
 *   cluster  M = Σ_g s_g s_gᵀ, s_g = Σ_{i∈g} x_i e_i,
 *            c = G/(G − 1) · (n − 1)/(n − K)                            (Liang & Zeger 1986)
 *   two-way  V = V_a + V_b − V_{a∩b}                                   (Cameron, Gelbach & Miller 2011)
 *
 * K counts the regressors and the fixed-effect parameters; with clustering, fixed effects nested
 * in a cluster variable are not counted (the `fixest`/`reghdfe` convention, METHODS.md). With
 * two-way clustering every term uses G = min(G_a, G_b), as `fixest` (cluster.df = "min") does.
 * Degrees of freedom of the t statistics: n − K, or G − 1 (G the smallest) when clustered.
 */
import { Matrix, matmul } from '@catena/linalg';

export type VcovType = 'iid' | 'hc1' | 'cluster';

/** A cluster variable: a code 0…levels−1 for every observation. */
export interface ClusterCodes {
  name: string;
  codes: Int32Array;
  levels: number;
}

export interface VcovInput {
  /** (XᵀX)⁻¹ */
  bread: Matrix;
  /** n × k scores design (demeaned X, or X̂ for 2SLS). */
  X: Matrix;
  resid: Float64Array;
  /** Number of regressors k plus identified fixed-effect parameters. */
  K: number;
  /** Fixed-effect parameters nested in the cluster variables (not counted in K when clustering). */
  nestedK?: number;
  type: VcovType;
  clusters?: ClusterCodes[];
}

export interface Vcov {
  type: VcovType;
  matrix: Matrix;
  /** Degrees of freedom of the t statistics. */
  df: number;
  /** The small-sample factor c applied. */
  factor: number;
  /** K used in the factor. */
  K: number;
  clusters?: { name: string; groups: number }[];
}

/** Σ_g s_g s_gᵀ with s_g the sum of x_i e_i over the observations of cluster g. */
function clusterMeat(X: Matrix, e: Float64Array, codes: Int32Array, G: number): Matrix {
  const n = X.rows;
  const k = X.cols;
  const S = new Matrix(G, k);
  const s = S.data;
  for (let j = 0; j < k; j++) {
    const col = X.data.subarray(j * n, (j + 1) * n);
    const off = j * G;
    for (let i = 0; i < n; i++) s[off + codes[i]] += col[i] * e[i];
  }
  return matmul(S, S, { transA: true });
}

function sandwich(bread: Matrix, meat: Matrix): Matrix {
  return matmul(matmul(bread, meat), bread);
}

/** Codes of the intersection a∩b (each observed pair of levels one group). */
function intersect(a: ClusterCodes, b: ClusterCodes): ClusterCodes {
  const n = a.codes.length;
  const codes = new Int32Array(n);
  if (a.levels * b.levels <= 4 * n + 1024) {
    const dense = new Int32Array(a.levels * b.levels).fill(-1);
    let levels = 0;
    for (let i = 0; i < n; i++) {
      const key = a.codes[i] * b.levels + b.codes[i];
      if (dense[key] < 0) dense[key] = levels++;
      codes[i] = dense[key];
    }
    return { name: `${a.name}^${b.name}`, codes, levels };
  }
  const map = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = a.codes[i] * b.levels + b.codes[i];
    let g = map.get(key);
    if (g === undefined) {
      g = map.size;
      map.set(key, g);
    }
    codes[i] = g;
  }
  return { name: `${a.name}^${b.name}`, codes, levels: map.size };
}

/** The variance–covariance matrix of the coefficients. */
export function computeVcov(v: VcovInput): Vcov {
  const n = v.X.rows;
  const k = v.X.cols;
  if (v.type === 'iid') {
    let rss = 0;
    for (let i = 0; i < n; i++) rss += v.resid[i] * v.resid[i];
    const factor = rss / (n - v.K);
    const matrix = new Matrix(
      k,
      k,
      v.bread.data.map((x) => x * factor),
    );
    return { type: 'iid', matrix, df: n - v.K, factor, K: v.K };
  }
  if (v.type === 'hc1') {
    const W = new Matrix(n, k);
    for (let j = 0; j < k; j++) {
      const off = j * n;
      for (let i = 0; i < n; i++) W.data[off + i] = v.X.data[off + i] * v.resid[i];
    }
    const meat = matmul(W, W, { transA: true });
    const factor = n / (n - v.K);
    const matrix = sandwich(v.bread, meat);
    for (let t = 0; t < matrix.data.length; t++) matrix.data[t] *= factor;
    return { type: 'hc1', matrix, df: n - v.K, factor, K: v.K };
  }
  const cl = v.clusters ?? [];
  if (cl.length < 1 || cl.length > 2) throw new RangeError(`clustered errors need one or two cluster variables, got ${cl.length}`);
  const K = v.K - (v.nestedK ?? 0);
  const G = Math.min(...cl.map((c) => c.levels));
  const factor = (G / (G - 1)) * ((n - 1) / (n - K));
  let meat = clusterMeat(v.X, v.resid, cl[0].codes, cl[0].levels);
  if (cl.length === 2) {
    const mb = clusterMeat(v.X, v.resid, cl[1].codes, cl[1].levels);
    const ab = intersect(cl[0], cl[1]);
    const mab = clusterMeat(v.X, v.resid, ab.codes, ab.levels);
    meat = new Matrix(
      k,
      k,
      meat.data.map((x, t) => x + mb.data[t] - mab.data[t]),
    );
  }
  const matrix = sandwich(v.bread, meat);
  for (let t = 0; t < matrix.data.length; t++) matrix.data[t] *= factor;
  return { type: 'cluster', matrix, df: G - 1, factor, K, clusters: cl.map((c) => ({ name: c.name, groups: c.levels })) };
}
