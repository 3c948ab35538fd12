import { Matrix } from '@catena/linalg';
import { describe, expect, it } from 'vitest';
import { correlation } from './correlation.js';
import { symmetricEigen } from './eigen.js';
import { pcaWeights, pcaWeightsFromCorrelation } from './pca.js';

describe('symmetricEigen (Jacobi)', () => {
  it('solves the tridiagonal [2 1 0; 1 2 1; 0 1 2] in closed form, with the sign convention', () => {
    // λ = 2 + √2, 2, 2 − √2; u = (1, √2, 1)/2, (1, 0, −1)/√2, (1, −√2, 1)/2.
    const { values, vectors } = symmetricEigen(
      Matrix.fromRows([
        [2, 1, 0],
        [1, 2, 1],
        [0, 1, 2],
      ]),
    );
    const r2 = Math.SQRT2;
    [2 + r2, 2, 2 - r2].forEach((l, k) => expect(values[k]).toBeCloseTo(l, 13));
    const U = [
      [0.5, r2 / 2, 0.5],
      // Sums to 0: the first non-zero entry is made positive.
      [1 / r2, 0, -1 / r2],
      [0.5, -r2 / 2, 0.5],
    ];
    U.forEach((u, k) => u.forEach((x, i) => expect(vectors.get(i, k)).toBeCloseTo(x, 13)));
  });

  it('satisfies S V = V Λ and VᵀV = I on a random 8 × 8 symmetric matrix', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
    const m = 8;
    const S = new Matrix(m, m);
    for (let j = 0; j < m; j++) {
      for (let i = j; i < m; i++) {
        S.set(i, j, rnd());
        S.set(j, i, S.get(i, j));
      }
    }
    const { values, vectors: V } = symmetricEigen(S);
    for (let k = 0; k < m; k++) {
      if (k > 0) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
      let sum = 0;
      for (let i = 0; i < m; i++) {
        let sv = 0;
        for (let l = 0; l < m; l++) sv += S.get(i, l) * V.get(l, k);
        expect(Math.abs(sv - values[k] * V.get(i, k))).toBeLessThan(1e-12);
        sum += V.get(i, k);
      }
      expect(sum).toBeGreaterThan(0);
      for (let l = 0; l < m; l++) {
        let d = 0;
        for (let i = 0; i < m; i++) d += V.get(i, k) * V.get(i, l);
        expect(Math.abs(d - (k === l ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
  });
});

describe('PCA weights', () => {
  // R = [1 a b; a 1 b; b b 1] has u = (1, −1, 0)/√2 with λ = 1 − a; the other two eigenpairs
  // solve the 2 × 2 problem [1 + a, √2 b; √2 b, 1] on the basis (1, 1, 0)/√2, (0, 0, 1):
  // λ± = (2 + a ± √(a² + 8b²))/2, eigenvector (α, β) ∝ (√2 b, λ − 1 − a), u = (α/√2, α/√2, β).
  const R = (a: number, b: number) =>
    Matrix.fromRows([
      [1, a, b],
      [a, 1, b],
      [b, b, 1],
    ]);
  const plus = (a: number, b: number) => {
    const l = (2 + a + Math.sqrt(a * a + 8 * b * b)) / 2;
    const al = Math.SQRT2 * b;
    const be = l - 1 - a;
    const nrm = Math.hypot(al, be);
    return { l, u: [al / nrm / Math.SQRT2, al / nrm / Math.SQRT2, be / nrm] };
  };

  it('one retained component (a = 0.6, b = 0.3): w_j = u_j², closed form', () => {
    // λ = 1.819615, 0.780385, 0.4: Kaiser keeps the first only, and λ cancels.
    const { weights, components } = pcaWeightsFromCorrelation(R(0.6, 0.3));
    const { l, u } = plus(0.6, 0.3);
    expect(components.retained).toBe(1);
    expect(components.values[0]).toBeCloseTo(l, 13);
    u.forEach((x, j) => expect(weights[j]).toBeCloseTo(x * x, 13));
    expect(weights.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
  });

  it('two retained components (a = −0.5, b = 0.3): w ∝ communalities Σ λ u²', () => {
    // λ = 1 − a = 1.5 with u = (1, −1, 0)/√2, then λ+ = (1.5 + √0.97)/2 = 1.242443; λ− = 0.257557 dropped.
    const { weights, components } = pcaWeightsFromCorrelation(R(-0.5, 0.3));
    const { l, u } = plus(-0.5, 0.3);
    expect(components.retained).toBe(2);
    expect(components.values[0]).toBeCloseTo(1.5, 13);
    expect(components.values[1]).toBeCloseTo(l, 13);
    const h = [1.5 * 0.5 + l * u[0] ** 2, 1.5 * 0.5 + l * u[1] ** 2, l * u[2] ** 2];
    const t = h[0] + h[1] + h[2];
    h.forEach((x, j) => expect(weights[j]).toBeCloseTo(x / t, 13));
  });

  it('from data: the correlation matrix is Pearson, a constant indicator weighs 0', () => {
    const X = Matrix.fromRows([
      [0, 0, 1, 0.2],
      [1, 0.5, 1, 0],
      [0.5, 1, 1, 1],
      [0.25, 0.75, 1, 0.5],
    ]);
    const { R, constant } = correlation(X);
    expect(constant).toEqual([false, false, true, false]);
    // r12 from the deviations (−7/16, 9/16, 1/16, −3/16) and (−9/16, −1/16, 7/16, 3/16):
    // Σ = (63 − 9 + 7 − 9)/256 = 52/256; SS = 140/256 and 140/256 ⇒ r = 52/140.
    expect(R.get(0, 1)).toBeCloseTo(52 / 140, 14);
    expect(R.get(2, 2)).toBe(0);
    const w = pcaWeights(X).weights;
    expect(w[2]).toBe(0);
    expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
  });
});
