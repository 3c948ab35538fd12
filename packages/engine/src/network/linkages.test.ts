import { describe, expect, it } from 'vitest';
import { inverse, Matrix } from '@catena/linalg';
import { readTable } from '../sources/registry.js';
import { Model } from '../model/model.js';
import { dataPath } from '../../test/shared.js';
import { aplCountries, aplParts, aplResult, aplValue, linkagesResult, rasmussenLinkages } from './linkages.js';
import { OptionError } from '../errors.js';

const leather = async () => Model.build(await readTable(dataPath('leather', 'leather_wide.csv')));

const dense = (M: Matrix) => M.toRows();
const matmulDense = (a: number[][], b: number[][]) => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));

describe('average propagation length (Dietzenbacher, Romero & Bosma 2005) on leather', () => {
  it('equals its definition Σ_k k·A^k ⊘ Σ_k A^k, summed to 400 terms (1e-9)', async () => {
    const m = await leather();
    const A = dense(m.A);
    const n = A.length;
    let P = A.map((r) => r.slice());
    const num = A.map((r) => r.map(() => 0));
    const den = A.map((r) => r.map(() => 0));
    for (let k = 1; k <= 400; k++) {
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          num[i][j] += k * P[i][j];
          den[i][j] += P[i][j];
        }
      P = matmulDense(P, A);
    }
    const p = aplParts(m);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const v = aplValue(p, i, j)!;
        expect(Math.abs(v - num[i][j] / den[i][j]), `${i},${j}`).toBeLessThan(1e-9);
        expect(v).toBeGreaterThanOrEqual(1);
      }
    // Country level: ratio of the block sums of the same series.
    const c = aplCountries(m, p);
    let nb = 0;
    let db = 0;
    for (let i = 0; i < 3; i++)
      for (let j = 6; j < 9; j++) {
        nb += num[i][j];
        db += den[i][j];
      }
    expect(Math.abs(c[0 * 3 + 2] - nb / db)).toBeLessThan(1e-9);
    const rows = aplResult(m, { origins: ['Argentina'], destinations: ['Germany'] }).rows;
    expect(rows).toHaveLength(1);
    expect(Math.abs((rows[0].apl as number) - nb / db)).toBeLessThan(1e-9);
    expect(aplResult(m, { level: 'sector', origins: ['Turkey'] }).rows).toHaveLength(3 * 9);
  });

  it('names an unknown country', async () => {
    const m = await leather();
    expect(() => aplResult(m, { origins: ['Atlantis'] })).toThrow(OptionError);
    expect(() => aplResult(m, { origins: ['Atlantis'] })).toThrow(/origins: country 'Atlantis' is not in the table/);
  });
});

describe('Rasmussen–Hirschman linkages', () => {
  it('backward from L and forward from an independently inverted Ghosh matrix; normalised means are 1', async () => {
    const m = await leather();
    const n = m.GN;
    const Bout = new Matrix(n, n);
    const Z = m.table.Z;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Bout.set(i, j, (i === j ? 1 : 0) - Z.get(i, j) / m.x[i]);
    const G = inverse(Bout);
    const L = inverse(Matrix.fromRows(dense(m.A).map((r, i) => r.map((a, j) => (i === j ? 1 : 0) - a))));
    const lk = rasmussenLinkages(m);
    for (let i = 0; i < n; i++) {
      let rs = 0;
      let cs = 0;
      for (let j = 0; j < n; j++) {
        rs += G.get(i, j);
        cs += L.get(j, i);
      }
      expect(Math.abs(lk.forwardRaw[i] - rs)).toBeLessThan(1e-10);
      expect(Math.abs(lk.backwardRaw[i] - cs)).toBeLessThan(1e-10);
    }
    const mean = (v: Float64Array) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(Math.abs(mean(lk.backward) - 1)).toBeLessThan(1e-12);
    expect(Math.abs(mean(lk.forward) - 1)).toBeLessThan(1e-12);
    const rows = linkagesResult(m).rows;
    for (const r of rows) {
      const b = r.backward as number;
      const f = r.forward as number;
      expect(r.quadrant).toBe(b > 1 ? (f > 1 ? 'key' : 'backward') : f > 1 ? 'forward' : 'weak');
    }
  });

  it('sectors with x ≤ 0 on WIOD get empty cells and no NaN', async () => {
    const m = Model.build(await readTable(dataPath('wiod2013', 'wiot1995_2013rel_int.csv.gz')));
    const r = linkagesResult(m);
    expect(m.zeroOutput.length).toBeGreaterThan(0);
    for (const i of m.zeroOutput) expect(r.rows[i].backward).toBeNull();
    for (const row of r.rows) for (const v of Object.values(row)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
  });
});
