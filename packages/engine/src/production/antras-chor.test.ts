/**
 * Antràs & Chor (2018) inventory-corrected upstreamness and downstreamness, final_use_share and
 * va_output_share: a table worked by hand (exact fractions, 1e-12) and WIOD 2013 2011 against an
 * independent dense computation written out in the test (explicit inverses of I − Δ and I − Ã
 * from their definitions; 1e-9 relative).
 */
import { lu, Matrix } from '@catena/linalg';
import { describe, expect, it } from 'vitest';
import { close, dataPath } from '../../test/shared.js';
import { OptionError } from '../errors.js';
import { indicators } from '../indicators/indicators.js';
import { Model } from '../model/model.js';
import type { Result } from '../results/result.js';
import { readTable } from '../sources/registry.js';
import { IcioTable } from '../table/icio-table.js';

const value = (r: Result, sector: string | null, id: string) => r.rows.find((x) => x.sector === sector && x.indicator === id)?.value;
const IDS = ['upstreamness', 'downstreamness', 'final_use_share', 'va_output_share'];

describe('Antràs–Chor (2018) on a hand-worked table with inventories', () => {
  // One country, three sectors, final demand CONS and INVEN (the inventory change):
  //   Z = [[20, 30, 0], [10, 40, 0], [0, 0, 0]], CONS = [40, 50, 0], INVEN = [10, −20, 0]
  //   x = [100, 80, 0], N = [10, −20, 0], x − N = [90, 100, ·], F = [40, 50, 0].
  // Δ = [[2/9, 1/3], [1/10, 2/5]] → U = (I − Δ)⁻¹1 = [28/13, 79/39];
  // final-use share F/(x − N) = [4/9, 1/2]; Ã = Ŝ Z x̂⁻¹ with S = x/(x − N) = [10/9, 4/5]:
  // Ã = [[2/9, 5/12], [2/25, 2/5]] → VA share 1 − colsums = [157/225, 11/60];
  // D' = 1'(I − Ã)⁻¹ = [102/65, 215/78]. Sector 3 has zero output: U = D = VA share = 1, no final-use share.
  const Z = new Matrix(3, 3);
  [
    [0, 0, 20],
    [0, 1, 30],
    [1, 0, 10],
    [1, 1, 40],
  ].forEach(([i, j, z]) => Z.set(i, j, z));
  const Y = new Matrix(3, 2);
  [40, 50, 0].forEach((v, i) => Y.set(i, 0, v));
  [10, -20, 0].forEach((v, i) => Y.set(i, 1, v));
  const t = new IcioTable({ countries: ['HOM'], sectors: ['s1', 's2', 's3'], fdCategories: ['CONS', 'INVEN'], Z, Y, source: 'hand table' });
  const m = Model.build(t);

  it('gives the hand-worked values (1e-12)', () => {
    const r = indicators(m, { set: IDS, inventoryCorrection: true });
    const want: Record<string, (number | null)[]> = {
      upstreamness: [28 / 13, 79 / 39, 1],
      downstreamness: [102 / 65, 215 / 78, 1],
      final_use_share: [4 / 9, 1 / 2, null],
      va_output_share: [157 / 225, 11 / 60, 1],
    };
    for (const [id, vals] of Object.entries(want))
      vals.forEach((w, k) => {
        const got = value(r, `s${k + 1}`, id);
        if (w === null) expect(got, `${id} s${k + 1}`).toBeNull();
        else expect(close(Number(got), w, 1e-12), `${id} s${k + 1}: ${got} vs ${w}`).toBe(true);
      });
    expect(r.meta.inventoryCorrection).toMatchObject({ inventoryCategory: 'INVEN' });
    // Country level: output-weighted U and D, Σ F / Σ (x − N).
    const c = indicators(m, { set: IDS, level: 'country', inventoryCorrection: true });
    expect(close(Number(value(c, null, 'upstreamness')), (100 * (28 / 13) + 80 * (79 / 39)) / 180, 1e-12)).toBe(true);
    expect(close(Number(value(c, null, 'final_use_share')), 90 / 190, 1e-12)).toBe(true);
  });

  it('without the correction (N = 0) the ids are the uncorrected measures', () => {
    const r = indicators(m, { set: IDS });
    // U = row sums of the Ghosh inverse, final-use share y/x, VA share VA/x.
    expect(close(Number(value(r, 's1', 'final_use_share')), 50 / 100, 1e-12)).toBe(true);
    expect(close(Number(value(r, 's2', 'va_output_share')), m.va[1] / m.x[1], 1e-12)).toBe(true);
    const ghosh = (w: number) => Number(value(r, `s${w + 1}`, 'upstreamness'));
    const Bx = m.solve(Float64Array.from(m.x));
    expect(close(ghosh(0), Bx[0] / m.x[0], 1e-12)).toBe(true);
  });

  it('a table without an inventory category is an OptionError naming its categories', () => {
    const noInv = new IcioTable({ countries: ['HOM'], sectors: ['s1', 's2', 's3'], fdCategories: ['CONS', 'GFCF'], Z, Y });
    expect(() => indicators(Model.build(noInv), { set: IDS, inventoryCorrection: true })).toThrow(OptionError);
    expect(() => indicators(Model.build(noInv), { set: IDS, inventoryCorrection: true })).toThrow(
      /found CONS, GFCF; expected one of INVEN/,
    );
  });
});

describe('Antràs–Chor (2018) on WIOD 2013, 2011, against a dense computation (1e-9)', () => {
  it('upstreamness, downstreamness, final_use_share and va_output_share of every country-sector', async () => {
    const t = await readTable(dataPath('wiod2013', 'wiot2011_2013rel_int.csv.gz'), { format: 'wide' });
    const m = Model.build(t);
    const r = indicators(m, { set: IDS, inventoryCorrection: true });
    const { GN, F } = t;
    const inv = t.fdCategories.indexOf('INVEN');
    expect(inv).toBeGreaterThanOrEqual(0);
    // N_i: INVEN summed over the 41 absorbing countries; output Y_i from the flows.
    const x = new Float64Array(GN);
    const N = new Float64Array(GN);
    for (let i = 0; i < GN; i++) {
      for (let j = 0; j < GN; j++) x[i] += t.Z.get(i, j);
      for (let c = 0; c < t.Y.cols; c++) {
        x[i] += t.Y.get(i, c);
        if (c % F === inv) N[i] += t.Y.get(i, c);
      }
    }
    const ok = (i: number) => x[i] > 0 && x[i] - N[i] > 0;
    const ImD = new Matrix(GN, GN);
    const ImA = new Matrix(GN, GN);
    for (let i = 0; i < GN; i++)
      for (let j = 0; j < GN; j++) {
        const delta = ok(i) ? t.Z.get(i, j) / (x[i] - N[i]) : 0;
        const atil = ok(i) && ok(j) ? (t.Z.get(i, j) * (x[i] / (x[i] - N[i]))) / x[j] : 0;
        ImD.set(i, j, (i === j ? 1 : 0) - delta);
        ImA.set(i, j, (i === j ? 1 : 0) - atil);
      }
    const Linv = lu(ImD).inverse();
    const Ainv = lu(ImA).inverse();
    const zRow = t.Z.rowSums();
    const byKey = new Map(r.rows.map((row) => [`${row.country}_${row.sector}|${row.indicator}`, row.value]));
    let checked = 0;
    for (let i = 0; i < GN; i++) {
      const get = (id: string) => byKey.get(`${t.label(i)}|${id}`);
      let U = 0;
      let D = 0;
      let colA = 0;
      for (let k = 0; k < GN; k++) {
        U += Linv.get(i, k);
        D += Ainv.get(k, i);
        if (k !== i) colA -= ImA.get(k, i);
      }
      colA += 1 - ImA.get(i, i);
      if (!ok(i)) {
        expect([get('upstreamness'), get('downstreamness'), get('va_output_share'), get('final_use_share')]).toEqual([1, 1, 1, null]);
        continue;
      }
      const fus = (x[i] - zRow[i] - N[i]) / (x[i] - N[i]);
      expect(close(Number(get('upstreamness')), U, 1e-9), `${t.label(i)} U`).toBe(true);
      expect(close(Number(get('downstreamness')), D, 1e-9), `${t.label(i)} D`).toBe(true);
      expect(close(Number(get('va_output_share')), 1 - colA, 1e-9), `${t.label(i)} VA share`).toBe(true);
      expect(close(Number(get('final_use_share')), fus, 1e-9), `${t.label(i)} final-use share`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(1400);
  });
});
