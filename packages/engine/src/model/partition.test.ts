/**
 * The partition on a 2016-edition split table: China as CN1–CN4 and Mexico as MX1–MX3 (the CHN
 * and MEX rows and columns zero, as in the OECD's extended tables), built here from the exvatools
 * test table wiodtest_data.csv (6 countries × 3 sectors, shared/data/exvatools_testdata) by
 * splitting the CHN and MEX rows and columns proportionally with shares that differ by sector.
 * Such a split has identical coefficients in every part of a country-sector, so aggregation is
 * exact: every decomposition and indicator at the block level (CHN = CHN ∪ CN1 … CN4) must equal
 * the same one on the table melded back by hand. Tolerance 1e-9 relative (absolute below 1).
 */
import { Matrix } from '@catena/linalg';
import { describe, expect, it } from 'vitest';
import { close, dataPath } from '../../test/shared.js';
import { OptionError } from '../errors.js';
import { indicators } from '../indicators/indicators.js';
import type { Result } from '../results/result.js';
import { readTable } from '../sources/registry.js';
import { meldSplits } from '../sources/splits.js';
import { IcioTable } from '../table/icio-table.js';
import { decompose, TRADE_METHODS, type DecomposeOptions, type MethodId } from '../trade/decompose.js';
import '../trade/methods.js';
import { Model } from './model.js';

const PARTS: Record<string, string[]> = { CHN: ['CN1', 'CN2', 'CN3', 'CN4'], MEX: ['MX1', 'MX2', 'MX3'] };

/** Splits the rows and columns of CHN and MEX into their parts; row (country-sector) i of a parent goes to part p with share α_ip. */
function splitTable(t: IcioTable): IcioTable {
  const { N, GN, F } = t;
  const parts = Object.values(PARTS).flat();
  const countries = [...t.countries, ...parts];
  const G2 = countries.length;
  const GN2 = G2 * N;
  // Where each original row goes: [new row, share] pairs.
  const to: [number, number][][] = [];
  for (let i = 0; i < GN; i++) {
    const c = t.countries[Math.floor(i / N)];
    const n = i % N;
    const ps = PARTS[c];
    if (!ps) {
      to.push([[i, 1]]);
      continue;
    }
    const w = ps.map((_, k) => 1 + ((k + 2 * n) % ps.length) + 0.5 * k);
    const tot = w.reduce((a, b) => a + b, 0);
    to.push(ps.map((p, k) => [countries.indexOf(p) * N + n, w[k] / tot]));
  }
  const Z = new Matrix(GN2, GN2);
  for (let j = 0; j < GN; j++)
    for (let i = 0; i < GN; i++) {
      const z = t.Z.data[i + j * GN];
      for (const [i2, a] of to[i]) for (const [j2, b] of to[j]) Z.data[i2 + j2 * GN2] += z * a * b;
    }
  // Final demand stays with the absorbing country (CHN, MEX); the parts have zero final-use columns.
  const Y = new Matrix(GN2, G2 * F);
  for (let c = 0; c < t.G * F; c++)
    for (let i = 0; i < GN; i++) for (const [i2, a] of to[i]) Y.data[i2 + c * GN2] += t.Y.data[i + c * GN] * a;
  return new IcioTable({
    countries,
    sectors: t.sectors,
    fdCategories: t.fdCategories,
    Z,
    Y,
    unit: t.unit,
    year: t.year,
    source: 'wiodtest split',
  });
}

/** The split table melded back by hand: parts' rows and columns summed into CHN and MEX. */
function meldByHand(s: IcioTable, original: IcioTable): IcioTable {
  const { N } = s;
  const G = original.G;
  const GN = G * N;
  const parent = (c: string) => Object.keys(PARTS).find((p) => PARTS[p].includes(c)) ?? c;
  const to = Int32Array.from({ length: s.GN }, (_, i) => original.countries.indexOf(parent(s.countries[Math.floor(i / N)])) * N + (i % N));
  const Z = new Matrix(GN, GN);
  for (let j = 0; j < s.GN; j++) for (let i = 0; i < s.GN; i++) Z.data[to[i] + to[j] * GN] += s.Z.data[i + j * s.GN];
  const F = s.F;
  const Y = new Matrix(GN, G * F);
  for (let c = 0; c < G * F; c++) for (let i = 0; i < s.GN; i++) Y.data[to[i] + c * GN] += s.Y.data[i + c * s.GN];
  return new IcioTable({
    countries: original.countries,
    sectors: s.sectors,
    fdCategories: s.fdCategories,
    Z,
    Y,
    unit: s.unit,
    source: 'melded',
  });
}

const keyOf = (r: Record<string, unknown>, columns: string[]) =>
  columns
    .filter((c) => c !== 'value')
    .map((c) => String(r[c]))
    .join('|');

/** Every row of a equals the row of b with the same keys (1e-9; nulls alike); returns the number compared. */
function expectSameRows(a: Result, b: Result, what: string): number {
  const want = new Map(b.rows.map((r) => [keyOf(r, b.columns), r.value]));
  expect(a.rows.length, what).toBe(b.rows.length);
  for (const r of a.rows) {
    const k = keyOf(r, a.columns);
    expect(want.has(k), `${what}: ${k} missing on the melded table`).toBe(true);
    const w = want.get(k);
    if (w === null || r.value === null) expect(r.value, `${what} ${k}`).toBe(w);
    else expect(close(Number(r.value), Number(w), 1e-9), `${what} ${k}: ${r.value} vs ${w}`).toBe(true);
  }
  return a.rows.length;
}

const loaded = (async () => {
  const original = await readTable(dataPath('exvatools_testdata', 'wiodtest_data.csv'));
  const split = splitTable(original);
  const melded = meldByHand(split, original);
  return { original, split, melded, ms: Model.build(split), mm: Model.build(melded) };
})();

describe('model.partition() on a 2016-edition split table (CN1–CN4, MX1–MX3)', () => {
  it('folds every split part into its parent; the melded tables are the source table', async () => {
    const { original, split, melded, ms } = await loaded;
    const p = ms.partition();
    expect(p.names).toEqual(['ESP', 'FRA', 'MEX', 'USA', 'CHN', 'ROW']);
    expect(p.members).toEqual({ MEX: ['MEX', 'MX1', 'MX2', 'MX3'], CHN: ['CHN', 'CN1', 'CN2', 'CN3', 'CN4'] });
    expect(p.rows[p.indexOf('CHN')].length).toBe(5 * 3);
    expect(ms.partition()).toBe(p); // cached per model and key
    // meldSplits (the readers' melding) knows CN3, CN4 and MX3 too, and gives the hand-melded table.
    const viaReader = meldSplits(split);
    expect(viaReader.countries).toEqual(original.countries);
    for (let k = 0; k < melded.Z.data.length; k++) expect(close(viaReader.Z.data[k], melded.Z.data[k], 1e-12)).toBe(true);
    for (let k = 0; k < original.Z.data.length; k++) expect(close(melded.Z.data[k], original.Z.data[k], 1e-9)).toBe(true);
  });

  it('every decomposition (all methods, perspectives, approaches, levels, with and without a block) equals the melded table’s, 1e-9', async () => {
    const { ms, mm } = await loaded;
    let runs = 0;
    let rows = 0;
    for (const id of Object.keys(TRADE_METHODS) as MethodId[]) {
      const m = TRADE_METHODS[id]!;
      for (const perspective of m.perspectives)
        for (const approach of m.approaches)
          for (const level of m.levels)
            for (const blocks of [undefined, { NAFTA: ['MEX', 'USA'] }]) {
              const o: DecomposeOptions = { method: id, perspective, approach, level, blocks };
              let want: Result;
              try {
                want = decompose(mm, o);
              } catch (e) {
                expect(e, `${id} ${perspective} ${approach} ${level}`).toBeInstanceOf(OptionError);
                expect(() => decompose(ms, o)).toThrow(OptionError);
                continue;
              }
              rows += expectSameRows(decompose(ms, o), want, `${id} ${perspective}/${approach} ${level} ${blocks ? 'NAFTA' : ''}`);
              runs++;
            }
    }
    expect(runs).toBeGreaterThanOrEqual(60);
    expect(rows).toBeGreaterThan(10000);
  });

  it('every indicator at sector and country level, with blocks, equals the melded table’s, 1e-9', async () => {
    const { ms, mm } = await loaded;
    for (const level of ['sector', 'country'] as const) {
      const o = { set: ['all'], level, blocks: { NAFTA: ['MEX', 'USA'], EUR: ['ESP', 'FRA'] } };
      const n = expectSameRows(indicators(ms, o), indicators(mm, o), `indicators ${level}`);
      expect(n).toBeGreaterThan(level === 'sector' ? 6 * 3 * 30 : 6 * 30);
    }
  });

  it('the block factorisations are shared: a country alone has one LU in every partition', async () => {
    const { mm } = await loaded;
    const p = mm.partition();
    const q = mm.partition({ NAFTA: ['MEX', 'USA'] });
    expect(q.lu(q.indexOf('ESP'))).toBe(p.lu(p.indexOf('ESP')));
    expect(q.rows[q.indexOf('NAFTA')].length).toBe(6);
    // (I − A_bb) L_bb = I on the block's rows.
    const b = q.indexOf('NAFTA');
    const L = q.localInverse(b);
    const rs = q.rows[b];
    for (let i = 0; i < rs.length; i++)
      for (let j = 0; j < rs.length; j++) {
        let s = L.get(i, j);
        for (let k = 0; k < rs.length; k++) s -= mm.A.get(rs[i], rs[k]) * L.get(k, j);
        expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-12);
      }
    expect(() => mm.partition({ X: ['USA', 'Narnia'] })).toThrow(/blocks: X lists 'Narnia', which is not a country of the table/);
  });
});
