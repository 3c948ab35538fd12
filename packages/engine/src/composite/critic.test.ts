import { Matrix } from '@catena/linalg';
import { describe, expect, it } from 'vitest';
import { criticWeights } from './critic.js';

describe('CRITIC weights', () => {
  it('match the example worked by hand (the normalised 3 × 3 of the entropy test)', () => {
    // x1' = (0, 1/3, 1), x2' = (0, 1, 1/2), x3' = (0, 1/4, 1).
    // Means 4/9, 1/2, 5/12; deviations (−4/9, −1/9, 5/9), (−1/2, 1/2, 0), (−5/12, −2/12, 7/12).
    // Sums of squares: 42/81, 1/2, 78/144; σ_j = √(SS_j/2): √21/9, 1/2, √39/12.
    // Cross products: 12 → 1/6, 13 → 57/108, 23 → 1/8, so
    //   r12 = (1/6)/√(42/81 · 1/2) = 1.5/√21, r13 = 57/√3276, r23 = (1/8)/√(39/288) = 1.5/√39.
    // C_j = σ_j Σ_k (1 − r_jk):  C1 = σ1 (2 − r12 − r13), C2 = σ2 (2 − r12 − r23), C3 = σ3 (2 − r13 − r23).
    const X = Matrix.fromRows([
      [0, 0, 0],
      [1 / 3, 1, 0.25],
      [1, 0.5, 1],
    ]);
    const r12 = 1.5 / Math.sqrt(21);
    const r13 = 57 / Math.sqrt(3276);
    const r23 = 1.5 / Math.sqrt(39);
    const C = [(Math.sqrt(21) / 9) * (2 - r12 - r13), 0.5 * (2 - r12 - r23), (Math.sqrt(39) / 12) * (2 - r13 - r23)];
    const total = C[0] + C[1] + C[2];
    const { weights, contrast, conflict } = criticWeights(X);
    expect(contrast[0]).toBeCloseTo(Math.sqrt(21) / 9, 14);
    expect(conflict[1]).toBeCloseTo(2 - r12 - r23, 14);
    C.forEach((c, j) => expect(weights[j]).toBeCloseTo(c / total, 14));
    // Rounded: (0.236291, 0.491108, 0.272601).
    [0.236291, 0.491108, 0.272601].forEach((x, j) => expect(Math.abs(weights[j] - x)).toBeLessThan(1e-6));
  });

  it('give a constant indicator weight 0 and leave it out of the conflict sums', () => {
    const X = Matrix.fromRows([
      [0, 1, 0],
      [0.5, 1, 1],
      [1, 1, 0.5],
    ]);
    const w3 = criticWeights(X);
    const w2 = criticWeights(
      Matrix.fromRows([
        [0, 0],
        [0.5, 1],
        [1, 0.5],
      ]),
    );
    expect(w3.weights[1]).toBe(0);
    expect(w3.weights[0]).toBeCloseTo(w2.weights[0], 14);
    expect(w3.weights[2]).toBeCloseTo(w2.weights[1], 14);
    for (const x of w3.weights) expect(Number.isNaN(x)).toBe(false);
  });
});

describe('CRITIC without conflict', () => {
  it('gives all weight to the one varying indicator, and equal weights when nothing varies', () => {
    const one = criticWeights(
      Matrix.fromRows([
        [0, 1],
        [0.5, 1],
        [1, 1],
      ]),
    ).weights;
    expect([...one]).toEqual([1, 0]);
    const none = criticWeights(
      Matrix.fromRows([
        [1, 1],
        [1, 1],
      ]),
    ).weights;
    expect([...none]).toEqual([0.5, 0.5]);
  });
});
