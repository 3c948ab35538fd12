import { Matrix } from '@catena/linalg';
import { describe, expect, it } from 'vitest';
import { computeIndex } from './index-system.js';
import { minMaxNormalise, zScoreNormalise } from './normalise.js';
import { indicatorSpecs, panelFromRows } from './panel.js';

describe('normalisation', () => {
  const X = Matrix.fromRows([
    [1, 10, 0.1],
    [3, 20, 0.1],
    [5, 60, 0.1],
  ]);

  it('min–max by direction; a constant column is 1 everywhere', () => {
    expect(minMaxNormalise(X, ['benefit', 'cost', 'cost']).toRows()).toEqual([
      [0, 1, 1],
      [0.5, 0.8, 1],
      [1, 0, 1],
    ]);
  });

  it('z-score by direction with the sample standard deviation; a constant column is 0 (checked exactly, not by rounding)', () => {
    // x1: mean 3, s = √((4 + 0 + 4)/2) = 2 → (−1, 0, 1). x2 (cost): mean 30, s = √((400 + 100 + 900)/2) = √700.
    const Z = zScoreNormalise(X, ['benefit', 'cost', 'benefit']);
    expect([Z.get(0, 0), Z.get(1, 0), Z.get(2, 0)]).toEqual([-1, 0, 1]);
    [20, 10, -30].forEach((d, i) => expect(Z.get(i, 1)).toBeCloseTo(d / Math.sqrt(700), 15));
    expect([Z.get(0, 2), Z.get(1, 2), Z.get(2, 2)]).toEqual([0, 0, 0]);
  });

  it('computeIndex with z-scores: weights unchanged (min–max), scores Σ w z', () => {
    const rows = [
      { id: 'A', t: 1, a: 1, b: 10 },
      { id: 'B', t: 1, a: 3, b: 20 },
      { id: 'C', t: 1, a: 5, b: 60 },
    ];
    const p = panelFromRows(rows, { id: 'id', time: 't', indicators: indicatorSpecs(['a'], ['b']) });
    const mm = computeIndex(p, { methods: ['entropy'] });
    const z = computeIndex(p, { methods: ['entropy'], normalise: 'zscore' });
    expect(z.weights).toEqual(mm.weights);
    const Z = zScoreNormalise(p.values, ['benefit', 'cost']);
    z.rows.forEach((r, i) => expect(r.entropy).toBeCloseTo(z.weights!.entropy.a * Z.get(i, 0) + z.weights!.entropy.b * Z.get(i, 1), 14));
    expect(z.meta.normalisation).toBe('zscore');
  });
});
