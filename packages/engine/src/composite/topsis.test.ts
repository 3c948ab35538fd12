import { Matrix } from '@catena/linalg';
import { describe, expect, it } from 'vitest';
import { topsis } from './topsis.js';

describe('TOPSIS', () => {
  it('matches a 3 × 2 example worked by hand (equal weights, x2 a cost)', () => {
    //         x1  x2(cost)
    //   A      3   4
    //   B      4   3
    //   C      0   0
    // ‖x1‖ = √(9 + 16) = 5, ‖x2‖ = 5  ⇒  r = A (0.6, 0.8), B (0.8, 0.6), C (0, 0); v = r/2.
    // Ideal best: max v1 = 0.4, min v2 = 0; worst: min v1 = 0, max v2 = 0.4.
    // A (0.3, 0.4): D⁺ = √(0.1² + 0.4²) = √0.17, D⁻ = √(0.3² + 0²) = 0.3
    // B (0.4, 0.3): D⁺ = 0.3,                 D⁻ = √(0.4² + 0.1²) = √0.17
    // C (0, 0):     D⁺ = 0.4,                 D⁻ = 0.4  ⇒ C = 1/2
    const X = Matrix.fromRows([
      [3, 4],
      [4, 3],
      [0, 0],
    ]);
    const r = topsis(X, [0.5, 0.5], ['benefit', 'cost']);
    const s = Math.sqrt(0.17);
    expect(r.dPlus[0]).toBeCloseTo(s, 14);
    expect(r.dMinus[0]).toBeCloseTo(0.3, 14);
    expect(r.closeness[0]).toBeCloseTo(0.3 / (0.3 + s), 14);
    expect(r.closeness[1]).toBeCloseTo(s / (0.3 + s), 14);
    expect(r.closeness[2]).toBeCloseTo(0.5, 14);
  });

  it('gives closeness in [0, 1], 1 for the ideal unit and 0 for the anti-ideal one', () => {
    let seed = 3;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const n = 50;
    const X = new Matrix(n, 4);
    for (let k = 0; k < X.data.length; k++) X.data[k] = 1 + rnd();
    // Row 0 best on every indicator (high benefit, low cost), row 1 worst on every one.
    const dirs = ['benefit', 'cost', 'benefit', 'cost'] as const;
    dirs.forEach((d, j) => {
      X.set(0, j, d === 'benefit' ? 3 : 0.5);
      X.set(1, j, d === 'benefit' ? 0.5 : 3);
    });
    const { closeness } = topsis(X, [0.1, 0.2, 0.3, 0.4], dirs);
    for (const c of closeness) expect(c >= 0 && c <= 1).toBe(true);
    expect(closeness[0]).toBe(1);
    expect(closeness[1]).toBe(0);
  });

  it('ignores a constant or all-zero indicator; all units equal → every unit at 1, no NaN', () => {
    const X = Matrix.fromRows([
      [1, 5, 0],
      [2, 5, 0],
      [4, 5, 0],
    ]);
    const a = topsis(X, [0.5, 0.3, 0.2], ['benefit', 'benefit', 'cost']).closeness;
    const b = topsis(Matrix.fromRows([[1], [2], [4]]), [0.5], ['benefit']).closeness;
    for (let i = 0; i < 3; i++) expect(a[i]).toBeCloseTo(b[i], 14);
    const same = topsis(
      Matrix.fromRows([
        [2, 3],
        [2, 3],
      ]),
      [0.5, 0.5],
      ['benefit', 'cost'],
    ).closeness;
    expect([...same]).toEqual([1, 1]);
  });

  it('reverses the ranking when the one indicator turns from benefit into cost', () => {
    const X = Matrix.fromRows([[5], [1], [3], [2]]);
    const up = topsis(X, [1], ['benefit']).closeness;
    const down = topsis(X, [1], ['cost']).closeness;
    const order = (c: Float64Array) => [...c.keys()].sort((i, k) => c[k] - c[i]);
    expect(order(up)).toEqual([0, 2, 3, 1]);
    expect(order(down)).toEqual([1, 3, 2, 0]);
  });
});
