/** Weighted-sum (linear additive) scores. */
import type { Matrix } from '@catena/linalg';

/** S_i = Σ_j w_j x'_ij over the columns of the normalised matrix X' (n × m). */
export function weightedSum(Xn: Matrix, w: ArrayLike<number>): Float64Array {
  const { rows: n, cols: m, data } = Xn;
  const s = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    const wj = w[j];
    if (wj === 0) continue;
    const off = j * n;
    for (let i = 0; i < n; i++) s[i] += wj * data[off + i];
  }
  return s;
}
