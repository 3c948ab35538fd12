import { describe, expect, it } from 'vitest';
import { inverse, Matrix } from '@catena/linalg';
import { readTable } from '../sources/registry.js';
import { Model } from '../model/model.js';
import { dataPath } from '../../test/shared.js';
import { chainLeaders, chainSignature, networkRoles } from './roles.js';
import { chainShape, valueAddedOrigins } from '../indicators/chain.js';
import { OptionError } from '../errors.js';

const regional = async () => Model.build(await readTable(dataPath('wiod2013_regional7', 'wiot2011_regional7.csv.gz')));

describe('roles and chain leadership', () => {
  it('roles follow the documented rule on WIOD 2011', async () => {
    const m = Model.build(await readTable(dataPath('wiod2013', 'wiot2011_2013rel_int.csv.gz')));
    const rows = networkRoles(m).rows;
    expect(rows).toHaveLength(41);
    const top = Math.ceil(0.2 * 41);
    const role = new Map(rows.map((r) => [r.node, r.role]));
    for (const r of rows) {
      const isHub = (r.pagerank_rank as number) <= top && (r.strength_rank as number) <= top;
      expect(r.role === 'hub', String(r.node)).toBe(isHub);
      if (r.role === 'spoke') expect(role.get(r.main_partner as string)).toBe('hub');
    }
    expect(role.get('USA')).toBe('hub');
    expect(role.get('CHN')).toBe('hub');
  });

  it('value-added capture of a chain equals a dense v̂ L y^chain and sums to the chain’s final demand', async () => {
    const m = await regional();
    const t = m.table;
    const n = m.GN;
    const IA = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) IA.set(i, j, (i === j ? 1 : 0) - m.A.get(i, j));
    const L = inverse(IA);
    const chain = t.sectors.indexOf('c14');
    const y = m.Yc.rowSums();
    const rows = chainLeaders(m, { sectors: ['c14'] }).rows;
    let total = 0;
    let yc = 0;
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let j = 0; j < n; j++) if (j % m.N === chain) c += L.get(i, j) * y[j];
      const got = rows.find(
        (r) => r.country === t.countries[Math.floor(i / m.N)] && r.sector === t.sectors[i % m.N] && r.measure === 'va_capture',
      )!;
      expect(Math.abs((got.value as number) - m.v[i] * c)).toBeLessThan(1e-6 * Math.max(1, Math.abs(m.v[i] * c)));
      total += got.value as number;
      if (i % m.N === chain) yc += y[i];
    }
    expect(Math.abs(total - yc) / yc).toBeLessThan(1e-9);
    const shares = chainLeaders(m, { sectors: ['c14'], level: 'country' }).rows.filter((r) => r.measure === 'direct_supply_share');
    expect(Math.abs(shares.reduce((a, r) => a + (r.value as number), 0) - 1)).toBeLessThan(1e-12);
  });

  it('spider/snake signature uses the chain-shape indicators and the medians', async () => {
    const m = await regional();
    const sig = chainSignature(m, { sectors: ['c14', 'c15'] });
    const O = valueAddedOrigins(m);
    const g = 0;
    const idx = [g * m.N + m.table.sectors.indexOf('c14'), g * m.N + m.table.sectors.indexOf('c15')].filter((j) => m.x[j] > 0);
    expect(sig.rows[0].effective_origins).toBeCloseTo(chainShape(O, m.N, idx).effectiveOrigins!, 12);
    const med = sig.meta.medians as { effectiveOrigins: number; length: number };
    for (const r of sig.rows) {
      const broad = (r.effective_origins as number) >= med.effectiveOrigins;
      const deep = (r.length as number) >= med.length;
      expect(r.signature).toBe(broad ? (deep ? 'mixed' : 'spider') : deep ? 'snake' : 'short');
    }
    expect(() => chainLeaders(m, { sectors: ['c99'] })).toThrow(OptionError);
    expect(() => chainLeaders(m, { sectors: ['c99'] })).toThrow(/sector 'c99' is not in the table/);
  });
});
