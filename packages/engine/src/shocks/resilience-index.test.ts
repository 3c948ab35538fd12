/**
 * The GVC resilience index on WIOD 2009–2011 (manufacturing, window 3, shock year 2010): components
 * recomputed independently — value added summed from the tables, the Martin (2012) ratios and the
 * volatility by hand, the top-supplier extraction by brute force (a fresh factorisation) — to
 * 1e-9; entropy weights sum to one, TOPSIS scores lie in [0, 1].
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { bruteLeontief } from '../../test/shocks-brute.js';
import { modelOf } from '../../test/trade-refs.js';
import { technologyLevels } from '../concordance/technology.js';
import type { Model } from '../model/model.js';
import type { Result } from '../results/result.js';
import { resilienceIndex } from './resilience-index.js';

const YEARS = [2009, 2010, 2011];

describe('GVC resilience index on WIOD 2009–2011', () => {
  let models: Model[];
  let r: Result;
  beforeAll(async () => {
    models = await Promise.all(YEARS.map((y) => modelOf(['wiod2013', `wiot${y}_2013rel_int.csv.gz`])));
    r = resilienceIndex(models, { sector: ['manufacturing'], window: 3, shockYear: 2010, recoveryYears: 1 });
  });
  const comp = (c: string, name: string) =>
    r.rows.find((x) => x.kind === 'component' && x.country === c && x.indicator === name)!.value as number;

  test('one full window: only 2011 is scored, every country, every component', () => {
    const comps = r.rows.filter((x) => x.kind === 'component');
    expect(new Set(comps.map((x) => x.year))).toEqual(new Set([2011]));
    expect(comps).toHaveLength(41 * 9);
    expect(comps.every((x) => typeof x.value === 'number' && Number.isFinite(x.value))).toBe(true);
  });

  test('value-added volatility, resistance and recovery recomputed from the tables', () => {
    const m0 = models[0];
    const manu = Object.keys(technologyLevels(m0.table.sectors)).map((s) => m0.table.sectors.indexOf(s));
    const va = (m: Model, c: number) => manu.reduce((a, n) => a + m.v[c * m.N + n] * m.x[c * m.N + n], 0);
    const world = (m: Model) => m.table.countries.reduce((a, _c, c) => a + va(m, c), 0);
    const gw1 = world(models[1]) / world(models[0]) - 1;
    const gw2 = world(models[2]) / world(models[1]) - 1;
    for (const c of ['CHN', 'USA', 'DEU', 'MEX']) {
      const g = m0.table.countries.indexOf(c);
      const [a, b, d] = models.map((m) => va(m, g));
      const g1 = b / a - 1;
      const g2 = d / b - 1;
      const mean = (g1 + g2) / 2;
      const sd = Math.sqrt(((g1 - mean) ** 2 + (g2 - mean) ** 2) / 1);
      expect(Math.abs(comp(c, 'va_volatility') - sd)).toBeLessThan(1e-9);
      expect(Math.abs(comp(c, 'resistance') - (g1 - gw1) / Math.abs(gw1))).toBeLessThan(1e-9);
      expect(Math.abs(comp(c, 'recovery') - (g2 - gw2) / Math.abs(gw2))).toBeLessThan(1e-9);
    }
  });

  test('top_supplier_va_loss equals a brute-force extraction of the link from the top supplier', () => {
    const m = models[2];
    for (const c of ['CHN', 'MEX']) {
      const top = r.rows.find((x) => x.kind === 'component' && x.country === c && x.indicator === 'top_supplier_share_lt');
      expect(top).toBeDefined();
      const g = m.table.countries.indexOf(c);
      // The top look-through supplier of c's manufacturing, found here from L directly.
      const manu = Object.keys(technologyLevels(m.table.sectors)).map((s) => m.table.sectors.indexOf(s));
      const by = new Float64Array(m.G);
      for (const n of manu) {
        const j = g * m.N + n;
        for (let i = 0; i < m.GN; i++) by[Math.floor(i / m.N)] += (m.B.get(i, j) - (i === j ? 1 : 0)) * m.x[j];
      }
      by[g] = -Infinity;
      const s = by.indexOf(Math.max(...by));
      const inS = (i: number) => Math.floor(i / m.N) === s;
      const inC = (j: number) => Math.floor(j / m.N) === g;
      const dy = new Float64Array(m.GN);
      for (let i = 0; i < m.GN; i++) if (inS(i)) dy[i] = m.Yc.get(i, g);
      const dx = bruteLeontief(m, (i, j) => inS(i) && inC(j), dy);
      let loss = 0;
      let base = 0;
      for (let i = g * m.N; i < (g + 1) * m.N; i++) {
        loss -= m.v[i] * dx[i];
        base += m.v[i] * m.x[i];
      }
      expect(Math.abs(comp(c, 'top_supplier_va_loss') - loss / base)).toBeLessThan(1e-9);
    }
  });

  test('weights sum to one, TOPSIS in [0, 1], directions stated', () => {
    const w = r.rows.filter((x) => x.kind === 'weight' && x.method === 'entropy');
    expect(w).toHaveLength(9);
    expect(Math.abs(w.reduce((a, x) => a + (x.value as number), 0) - 1)).toBeLessThan(1e-12);
    expect(w.find((x) => x.indicator === 'resistance')!.direction).toBe('benefit');
    expect(w.find((x) => x.indicator === 'lt_foreign')!.direction).toBe('cost');
    const t = r.rows.filter((x) => x.kind === 'score' && x.method === 'topsis' && x.dimension === '');
    expect(t).toHaveLength(41);
    for (const x of t) expect((x.value as number) >= 0 && (x.value as number) <= 1).toBe(true);
  });

  test('a window longer than the tables is a clear error', () => {
    expect(() => resilienceIndex(models, { window: 5 })).toThrow(/3 tables for a 5-year volatility window/);
  });
});
