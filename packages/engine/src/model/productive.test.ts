/**
 * Productiveness and condition of I − A, checked against an independent dense computation in the
 * test (Gauss–Jordan inverse with partial pivoting, no library code): a table whose Leontief
 * inverse has negative entries is stopped with the columns named; a table with one column sum of
 * A above 1 that is still productive (dense B ≥ 0) passes; a near-singular one carries the gecon
 * warning; singular systems are named by country-sector.
 */
import { describe, expect, it } from 'vitest';
import { Matrix } from '@catena/linalg';
import { IcioTable } from '../table/icio-table.js';
import { Model } from './model.js';
import { numericalWarnings } from './productive.js';

function table(Z: number[][], Y: number[][]): IcioTable {
  return new IcioTable({
    countries: ['AAA', 'BBB'],
    sectors: ['agri', 'manu'],
    fdCategories: ['final'],
    Z: Matrix.fromRows(Z),
    Y: Matrix.fromRows(Y),
    source: 'test table',
  });
}

/** (I − A)⁻¹ by Gauss–Jordan elimination on plain arrays (independent of the linalg package). */
function denseLeontief(Z: number[][], Y: number[][]): number[][] {
  const n = Z.length;
  const x = Z.map((r, i) => r.reduce((a, b) => a + b, 0) + Y[i].reduce((a, b) => a + b, 0));
  const M = Z.map((r, i) => [...r.map((z, j) => (i === j ? 1 : 0) - (x[j] > 0 ? z / x[j] : 0)), ...r.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    const d = M[c][c];
    for (let k = 0; k < 2 * n; k++) M[c][k] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c];
      for (let k = 0; k < 2 * n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((r) => r.slice(n));
}

describe('productive tables (Hawkins–Simon) and the condition of I − A', () => {
  it('stops a non-productive table, naming the columns, and computes it when allowed', () => {
    // AAA_manu uses more intermediate inputs than it produces: its column sum of A is 1.83
    const Z = [
      [20, 10, 5, 4],
      [8, 30, 6, 10],
      [4, 6, 25, 8],
      [3, 9, 7, 30],
    ];
    const Y = [
      [50, 11],
      [-40, 16],
      [9, 60],
      [12, 55],
    ];
    const dense = denseLeontief(Z, Y);
    expect(Math.min(...dense.flat())).toBeLessThan(0); // the independent inverse has negative entries
    expect(() => Model.build(table(Z, Y))).toThrow(
      /not productive.*AAA_manu \(-24\.1\).*input coefficients of AAA_manu \(1\.833\) sum to 1 or more/,
    );
    const m = Model.build(table(Z, Y), { allowUnproductive: true });
    const B = m.B;
    // the model's B equals the dense one to 1e-10 (relative)
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) expect(Math.abs(B.get(i, j) - dense[i][j])).toBeLessThan(1e-10 * Math.max(1, Math.abs(dense[i][j])));
    expect(numericalWarnings(m.lu).join(' ')).toMatch(/computed anyway/);
  });

  it('a column sum of A above 1 alone is not enough to stop: B ≥ 0 decides', () => {
    // AAA_agri's column sums to 1.05 (negative value added) but its own sales are small: ρ(A) < 1
    const Z = [
      [1, 0, 0, 0],
      [20, 10, 0, 0],
      [20, 0, 10, 0],
      [22, 0, 0, 10],
    ];
    const Y = [
      [59, 0],
      [40, 30],
      [30, 40],
      [20, 50],
    ];
    const dense = denseLeontief(Z, Y);
    expect(Math.min(...dense.flat())).toBeGreaterThanOrEqual(0);
    const x0 = Z[0].reduce((a, b) => a + b, 0) + Y[0].reduce((a, b) => a + b, 0);
    expect((1 + 20 + 20 + 22) / x0).toBeGreaterThan(1);
    const m = Model.build(table(Z, Y));
    expect(numericalWarnings(m.lu)).toEqual([]);
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) expect(Math.abs(m.B.get(i, j) - dense[i][j])).toBeLessThan(1e-10 * Math.max(1, dense[i][j]));
  });

  it('a nearly singular I − A carries the gecon warning; an exactly singular one names the country-sector', () => {
    // AAA_agri sells almost all of its output to itself: (I − A)_00 = 1e-10 / x
    const Z = [
      [1e6, 0, 0, 0],
      [0, 10, 0, 0],
      [0, 0, 10, 0],
      [0, 0, 0, 10],
    ];
    const Y = [
      [1e-4, 0],
      [10, 10],
      [10, 10],
      [10, 10],
    ];
    const m = Model.build(table(Z, Y));
    const w = numericalWarnings(m.lu);
    expect(w.join(' ')).toMatch(/nearly singular: LAPACK gecon estimates the reciprocal condition number at \d\.\d\de-1\d/);
    expect(m.lu.rcond).toBeLessThan(1e-8);
    // B_00 = x/y = 1e10 (dense check of the one large entry)
    expect(Math.abs(m.B.get(0, 0) - denseLeontief(Z, Y)[0][0]) / 1e10).toBeLessThan(1e-4);
    const S = [
      [10, 0, 0, 0],
      [0, 10, 0, 0],
      [0, 0, 25, 8],
      [0, 0, 7, 30],
    ];
    const YS = [
      [0, 0],
      [5, 0],
      [9, 60],
      [12, 55],
    ];
    expect(() => Model.build(table(S, YS))).toThrow(/I − A is (numerically )?singular.* at AAA_agri/);
  });
});
