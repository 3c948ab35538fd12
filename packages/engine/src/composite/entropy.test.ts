import { Matrix } from '@catena/linalg';
import { describe, expect, it } from 'vitest';
import { entropyWeights } from './entropy.js';
import { minMaxNormalise } from './normalise.js';
import { weightedSum } from './score.js';

/**
 * Worked example, 3 units × 3 indicators (x1, x2 benefit; x3 cost), computed by hand:
 *
 *         x1   x2   x3(cost)
 *   A      2   10    5
 *   B      4   30    4
 *   C      8   20    1
 *
 * Min–max: x1' = (x − 2)/6 = (0, 1/3, 1); x2' = (x − 10)/20 = (0, 1, 1/2); x3' = (5 − x)/4 = (0, 1/4, 1).
 * Column sums 4/3, 3/2, 5/4, so p1 = (0, 1/4, 3/4), p2 = (0, 2/3, 1/3), p3 = (0, 1/5, 4/5).
 * With 0·ln 0 = 0 and ln 3 = 1.098612:
 *   e1 = (¼ ln 4 + ¾ ln 4/3)/ln 3 = (0.346574 + 0.215762)/1.098612 = 0.511860
 *   e2 = (⅔ ln 3/2 + ⅓ ln 3)/ln 3  = (0.270310 + 0.366204)/1.098612 = 0.579380
 *   e3 = (⅕ ln 5 + ⅘ ln 5/4)/ln 3  = (0.321888 + 0.178515)/1.098612 = 0.455486
 *   d = 1 − e = (0.488140, 0.420620, 0.544514), Σd = 1.453274
 *   w = d/Σd = (0.335890, 0.289429, 0.374681)
 * Scores S = Σ w x': A = 0; B = w1/3 + w2 + w3/4 = 0.495063; C = w1 + w2/2 + w3 = 0.855285.
 */
const raw = Matrix.fromRows([
  [2, 10, 5],
  [4, 30, 4],
  [8, 20, 1],
]);
const dirs = ['benefit', 'benefit', 'cost'] as const;

describe('entropy weights', () => {
  const Xn = minMaxNormalise(raw, dirs);
  const { weights, entropy } = entropyWeights(Xn);

  it('normalises by direction as worked out by hand', () => {
    expect(Xn.toRows()).toEqual([
      [0, 0, 0],
      [1 / 3, 1, 0.25],
      [1, 0.5, 1],
    ]);
  });

  it('match the hand-computed example (closed forms to 1e-14, the rounded figures to 1e-6)', () => {
    const ln3 = Math.log(3);
    const e = [
      (0.25 * Math.log(4) + 0.75 * Math.log(4 / 3)) / ln3,
      ((2 / 3) * Math.log(1.5) + Math.log(3) / 3) / ln3,
      (0.2 * Math.log(5) + 0.8 * Math.log(1.25)) / ln3,
    ];
    const d = e.map((x) => 1 - x);
    const sum = d[0] + d[1] + d[2];
    for (let j = 0; j < 3; j++) {
      expect(entropy[j]).toBeCloseTo(e[j], 14);
      expect(weights[j]).toBeCloseTo(d[j] / sum, 14);
    }
    [0.51186, 0.57938, 0.455486].forEach((x, j) => expect(Math.abs(entropy[j] - x)).toBeLessThan(1e-5));
    [0.33589, 0.289429, 0.374681].forEach((x, j) => expect(Math.abs(weights[j] - x)).toBeLessThan(1e-6));
    const S = weightedSum(Xn, weights);
    [0, 0.495063, 0.855285].forEach((x, i) => expect(Math.abs(S[i] - x)).toBeLessThan(1e-6));
  });

  it('sum to 1 on a random panel, each weight in [0, 1]', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const X = new Matrix(200, 9);
    for (let k = 0; k < X.data.length; k++) X.data[k] = rnd() ** (1 + (k % 5));
    const w = entropyWeights(minMaxNormalise(X, new Array(9).fill('benefit'))).weights;
    expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
    for (const x of w) expect(x >= 0 && x <= 1).toBe(true);
  });

  it('give a constant indicator weight 0 and no NaN; all constant → equal weights', () => {
    const X = Matrix.fromRows([
      [1, 3, 7],
      [2, 3, 7],
      [4, 3, 7],
    ]);
    const w = entropyWeights(minMaxNormalise(X, ['benefit', 'benefit', 'cost'])).weights;
    expect(w[1]).toBe(0);
    expect(w[2]).toBe(0);
    expect(w[0]).toBe(1);
    const c = entropyWeights(
      minMaxNormalise(
        Matrix.fromRows([
          [5, 1],
          [5, 1],
        ]),
        ['benefit', 'cost'],
      ),
    ).weights;
    expect([...c]).toEqual([0.5, 0.5]);
  });

  it('need two rows and non-negative values', () => {
    expect(() => entropyWeights(Matrix.fromRows([[1, 2]]))).toThrow(/at least 2 rows/);
    expect(() => entropyWeights(Matrix.fromRows([[1], [-1]]))).toThrow(/non-negative.*column 1, row 2/);
  });
});
