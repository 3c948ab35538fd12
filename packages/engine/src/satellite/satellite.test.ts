import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inverse, Matrix } from '@catena/linalg';
import { readTable } from '../sources/registry.js';
import { readExtension } from '../sources/extensions.js';
import { Model } from '../model/model.js';
import { dataPath, refPath } from '../../test/shared.js';
import { alignExtension, parseUserCsv, type Extension } from './extension.js';
import { footprintResult, footprints } from './footprint.js';
import { embodiedChange, embodiedRd, embodiedResult } from './embodied.js';
import { OptionError, TableFormatError } from '../errors.js';

const PYMRIO = dataPath('pymrio_testmrio', 'mrio_data');
const ref = JSON.parse(readFileSync(refPath('REFERENCE_pymrio_test_integration.json'), 'utf8')) as {
  M: number[];
  M_down: number[];
  D_imp_reg: number[];
};
const pymrio = async () => Model.build(await readTable(PYMRIO));

/** A user CSV for the leather table: one indicator over its 9 country-sectors. */
function leatherCsv(values: number[], indicator = 'rd', unit = 'million USD'): string {
  const c = ['Argentina', 'Turkey', 'Germany'];
  const s = ['Agriculture', 'Textile_and_Leather', 'Transport_Equipment'];
  const rows = values.map((v, i) => `${c[Math.floor(i / 3)]},${s[i % 3]},${indicator},${unit},${v}`);
  return ['country,sector,indicator,unit,value', ...rows].join('\n');
}

describe('satellite accounts on the pymrio test MRIO', () => {
  it('multipliers S L and imported content by consuming region equal pymrio (REFERENCE_pymrio_test_integration.json, rtol 1e-5)', async () => {
    const m = await pymrio();
    const [ext] = readExtension(`${PYMRIO}/factor_input.txt`);
    const { e } = alignExtension(ext, m.table.countries, m.table.sectors, 'Value Added');
    const f = footprints(m, e);
    // M is printed to 8 significant digits; pymrio's own tolerance is rtol 1e-5.
    f.m.forEach((v, i) => expect(Math.abs(v - ref.M[i]) / ref.M[i], `M[${i}]`).toBeLessThan(1e-5));
    // M_down = S (Gᵀ − I), printed to 9 significant digits.
    f.mDown.forEach((v, i) => expect(Math.abs(v - ref.M_down[i]) / ref.M_down[i], `M_down[${i}]`).toBeLessThan(1e-5));
    const G = m.G;
    for (let r = 0; r < G; r++) {
      const imported = f.footprint[r] - f.byOrigin[r * G + r];
      expect(Math.abs(imported - ref.D_imp_reg[r]) / ref.D_imp_reg[r]).toBeLessThan(1e-9);
    }
    const rows = footprintResult(m, ext, { indicator: 'Value Added', unit: 'Mill USD' }).rows;
    const fs = rows.find((r) => r.country === 'reg1' && r.measure === 'footprint_foreign')!;
    expect(Math.abs((fs.value as number) - ref.D_imp_reg[0]) / ref.D_imp_reg[0]).toBeLessThan(1e-9);
  });

  it('footprints sum to total extension use (emissions; identity Σ_r q′L y_r = Σ e, 1e-9 relative)', async () => {
    const m = await pymrio();
    const [ext] = readExtension(`${PYMRIO}/emissions.txt`);
    for (const id of ['emission_type1', 'emission_type2|water']) {
      const { e } = alignExtension(ext, m.table.countries, m.table.sectors, id);
      const f = footprints(m, e);
      const total = e.reduce((a, b) => a + b, 0);
      const fp = f.footprint.reduce((a, b) => a + b, 0);
      expect(Math.abs(fp - total) / total).toBeLessThan(1e-9);
      expect(Math.abs(f.production.reduce((a, b) => a + b, 0) - total) / total).toBeLessThan(1e-12);
    }
  });

  it('with a block, footprints by block are sums of the country footprints and foreign excludes the members', async () => {
    const m = await pymrio();
    const [ext] = readExtension(`${PYMRIO}/emissions.txt`);
    const { e } = alignExtension(ext, m.table.countries, m.table.sectors, 'emission_type1');
    const f = footprints(m, e);
    const fb = footprints(m, e, { AB: ['reg1', 'reg2'] });
    const G = m.G;
    expect(Math.abs(fb.footprint[0] - f.footprint[0] - f.footprint[1]) / f.footprint[0]).toBeLessThan(1e-12);
    let foreign = 0;
    for (let s = 2; s < G; s++) foreign += f.byOrigin[s * G + 0] + f.byOrigin[s * G + 1];
    expect(Math.abs(fb.footprint[0] - fb.byOrigin[0] - foreign) / foreign).toBeLessThan(1e-12);
    const rows = footprintResult(m, ext, { indicator: 'emission_type1', blocks: { AB: ['reg1', 'reg2'] } }).rows;
    expect(new Set(rows.map((r) => r.country))).toEqual(new Set(['AB', 'reg3', 'reg4', 'reg5', 'reg6']));
  });

  it('reads EXIOBASE 3 satellite folders, EXIOBASE 1 text and Eora26 Q (mock layouts)', () => {
    const mock = (p: string) => dataPath('mock_formats', p);
    const exio3 = readExtension(mock('exio3_mock/satellite'))[0];
    expect(exio3.indicators).toEqual([
      { id: 'emission_type1', unit: 'kg' },
      { id: 'emission_type2', unit: 'kg' },
    ]);
    expect([exio3.countries[0], exio3.sectors[0], exio3.values[0][0]]).toEqual(['AUS', 'food', 1848064.8]);
    const eora = readExtension(mock('eora26_mock'))[0];
    expect(eora.indicators[0]).toEqual({ id: 'emission_type1', unit: 'kg' });
    expect(eora.values[0][0]).toBe(1848064.8);
    expect(eora.countries).toHaveLength(48);
    const exio1 = readExtension(mock('exio1_mock/mrEmissions.txt'))[0];
    expect(exio1.indicators[1]).toEqual({ id: 'emission_type2|water', unit: 'kg/M.EUR' });
  });
});

describe('embodied R&D (Nishioka & Ripoll 2012) on leather', () => {
  const rd = [2, 5, 30, 1, 4, 12, 3, 9, 60];
  it('foreign embodied R&D and the GIC share equal a dense computation with an independent inverse', async () => {
    const m = Model.build(await readTable(dataPath('leather', 'leather_wide.csv')));
    const [ext] = parseUserCsv(leatherCsv(rd), 'rd.csv');
    const n = 9;
    const IA = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) IA.set(i, j, (i === j ? 1 : 0) - m.table.Z.get(i, j) / m.x[j]);
    const L = inverse(IA);
    const em = embodiedRd(m, Float64Array.from(rd));
    for (let j = 0; j < n; j++) {
      let tot = 0;
      let fr = 0;
      for (let i = 0; i < n; i++) {
        const v = (rd[i] / m.x[i]) * L.get(i, j);
        tot += v;
        if (Math.floor(i / 3) !== Math.floor(j / 3)) fr += v;
      }
      expect(Math.abs(em.total[j] - tot)).toBeLessThan(1e-12);
      expect(Math.abs(em.foreign[j] - fr)).toBeLessThan(1e-12);
    }
    const rows = embodiedResult(m, ext, { indicator: 'rd' }).rows;
    const g = rows.find((r) => r.country === 'Turkey' && r.sector === 'Textile_and_Leather' && r.measure === 'gic_share')!;
    expect(Math.abs((g.value as number) - em.foreign[4] / em.total[4])).toBeLessThan(1e-14);
    // Change rows between two "years": doubling Germany's R&D raises every foreign share outside Germany.
    const [ext2] = parseUserCsv(leatherCsv(rd.map((v, i) => (i >= 6 ? 2 * v : v))), 'rd2.csv');
    const a = embodiedResult(m, ext, { level: 'country' });
    const b = embodiedResult(m, ext2, { level: 'country' });
    const ch = embodiedChange([a, b]).find((r) => r.country === 'Argentina' && r.measure === 'gic_share_change')!;
    expect(ch.value as number).toBeGreaterThan(0);
  });

  it('with a block, R&D from inside the block is domestic', async () => {
    const m = Model.build(await readTable(dataPath('leather', 'leather_wide.csv')));
    const a = embodiedRd(m, Float64Array.from(rd));
    const b = embodiedRd(m, Float64Array.from(rd), { AT: ['Argentina', 'Turkey'] });
    const n = 9;
    const IA = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) IA.set(i, j, (i === j ? 1 : 0) - m.A.get(i, j));
    const L = inverse(IA);
    for (let j = 0; j < 6; j++) {
      let fr = 0;
      for (let i = 6; i < 9; i++) fr += (rd[i] / m.x[i]) * L.get(i, j);
      expect(Math.abs(b.foreign[j] - fr)).toBeLessThan(1e-12);
      expect(Math.abs(b.total[j] - a.total[j])).toBeLessThan(1e-14);
    }
  });

  it('bad input: unknown indicator, units mismatch, a sector missing', async () => {
    const m = Model.build(await readTable(dataPath('leather', 'leather_wide.csv')));
    const [ext] = parseUserCsv(leatherCsv(rd), 'rd.csv');
    expect(() => embodiedResult(m, ext, { indicator: 'co2' })).toThrow(OptionError);
    expect(() => embodiedResult(m, ext, { indicator: 'co2' })).toThrow(/indicator 'co2' is not in rd.csv; known: rd/);
    expect(() => embodiedResult(m, ext, { indicator: 'rd', unit: 'EUR' })).toThrow(
      /unit 'EUR' does not match rd.csv, where rd is in 'million USD'/,
    );
    const mixed = leatherCsv(rd).replace(/Germany,Agriculture,rd,million USD/, 'Germany,Agriculture,rd,thousand EUR');
    expect(() => parseUserCsv(mixed, 'mixed.csv')).toThrow(TableFormatError);
    expect(() => parseUserCsv(mixed, 'mixed.csv')).toThrow(
      /mixed.csv, row 8, column unit: found 'thousand EUR' for indicator rd; expected one unit per indicator: row 2 has 'million USD' \(units mismatch\)/,
    );
    const lines = leatherCsv(rd).split('\n');
    const [missing] = parseUserCsv(lines.filter((_, k) => k !== 5).join('\n'), 'missing.csv') as Extension[];
    expect(() => embodiedResult(m, missing, {})).toThrow(/missing.csv: found no rd value for sector Textile_and_Leather of Turkey/);
    expect(() => parseUserCsv('country,sector,value\nA,B,1', 'h.csv')).toThrow(/missing indicator, unit/);
    expect(() => parseUserCsv(leatherCsv(rd).replace(',12', ',twelve'), 'n.csv')).toThrow(
      /n.csv, row 7, column value: found 'twelve'; expected a number/,
    );
  });
});
