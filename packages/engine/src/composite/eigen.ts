/**
 * Eigen-decomposition of a small symmetric matrix by the cyclic Jacobi method (rotations that
 * zero one off-diagonal pair at a time; Golub & Van Loan, Matrix Computations, §8.5). Plenty for
 * indicator correlation matrices (m of a few dozen); not meant for large matrices.
 */
import { Matrix } from '@catena/linalg';
import { OptionError } from '../errors.js';

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /**
   * Unit eigenvectors as the columns of an m × m matrix, in the order of `values`.
   * Sign convention: each vector's entries sum to a positive number; when they sum to 0 (within
   * rounding), its first non-zero entry is positive.
   */
  vectors: Matrix;
}

/** Eigenvalues and eigenvectors of the symmetric matrix S: S V = V diag(values). Only the lower triangle is read. */
export function symmetricEigen(S: Matrix, maxSweeps = 100): SymmetricEigen {
  const m = S.rows;
  if (S.cols !== m) throw new OptionError(`symmetricEigen needs a square matrix; found ${S.rows} × ${S.cols}`);
  const a = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    for (let i = j; i < m; i++) {
      const v = S.data[i + j * m];
      if (!Number.isFinite(v)) throw new OptionError(`symmetricEigen: entry (${i + 1}, ${j + 1}) is ${v}; expected a finite number`);
      a[i + j * m] = v;
      a[j + i * m] = v;
    }
  }
  const V = Matrix.identity(m);
  const v = V.data;
  let norm = 0;
  for (let k = 0; k < m * m; k++) norm += a[k] * a[k];
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let q = 1; q < m; q++) for (let p = 0; p < q; p++) off += a[p + q * m] * a[p + q * m];
    if (off <= 1e-30 * norm || off === 0) break;
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p + q * m];
        if (apq === 0) continue;
        const theta = (a[q + q * m] - a[p + p * m]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // A ← Jᵀ A J with J the rotation in the (p, q) plane: columns, then rows.
        for (let k = 0; k < m; k++) {
          const akp = a[k + p * m];
          const akq = a[k + q * m];
          a[k + p * m] = c * akp - s * akq;
          a[k + q * m] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p + k * m];
          const aqk = a[q + k * m];
          a[p + k * m] = c * apk - s * aqk;
          a[q + k * m] = s * apk + c * aqk;
        }
        a[p + q * m] = 0;
        a[q + p * m] = 0;
        for (let k = 0; k < m; k++) {
          const vkp = v[k + p * m];
          const vkq = v[k + q * m];
          v[k + p * m] = c * vkp - s * vkq;
          v[k + q * m] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: m }, (_, k) => k).sort((x, y) => a[y + y * m] - a[x + x * m]);
  const values = new Float64Array(m);
  const vectors = new Matrix(m, m);
  order.forEach((src, dst) => {
    values[dst] = a[src + src * m];
    let sum = 0;
    let first = 0;
    for (let k = 0; k < m; k++) {
      const x = v[k + src * m];
      sum += x;
      if (first === 0 && Math.abs(x) > 1e-12) first = x;
    }
    const flip = Math.abs(sum) > 1e-12 ? sum < 0 : first < 0;
    for (let k = 0; k < m; k++) vectors.data[k + dst * m] = flip ? -v[k + src * m] : v[k + src * m];
  });
  return { values, vectors };
}
