/** Concordance files, ready-made groups, ISO3 matching and technology-intensity groups. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleWorld } from '../sources/sample-world.js';
import { IcioTable } from '../table/icio-table.js';
import { checkConcordance, concordanceFor, groupConcordance, readConcordanceFile } from './files.js';
import { groupInTable, groupMembers } from './groups.js';
import { toIso3 } from './iso3.js';
import { isicRevision, technologyConcordance, technologyLevels } from './technology.js';

const tmp = mkdtempSync(join(tmpdir(), 'catena-conc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

/** A sample world relabelled with the given country and sector codes. */
function world(countries: string[], sectors: string[]): IcioTable {
  const w = sampleWorld({ countries: countries.length, sectors: sectors.length, seed: 7 });
  return new IcioTable({ countries, sectors, fdCategories: w.fdCategories, Z: w.Z, Y: w.Y, source: 'sample' });
}

describe('ISO3 across databases', () => {
  it('maps EXIOBASE/FIGARO ISO2, Eurostat EL/UK, ADB PRC, WIOD ROM, OECD splits', () => {
    expect(['AT', 'EL', 'UK', 'GB', 'PRC', 'ROM', 'CN1', 'MX2', 'usa', 'WA', 'FIGW1'].map(toIso3)).toEqual([
      'AUT',
      'GRC',
      'GBR',
      'GBR',
      'CHN',
      'ROU',
      'CHN',
      'MEX',
      'USA',
      'WA',
      'ROW',
    ]);
  });
});

describe('ready-made groups across databases', () => {
  it('match EXIOBASE (ISO2, EL), ADB (PRC) and WIOD (ROM) codes', () => {
    const exio = ['AT', 'BE', 'EL', 'GB', 'US', 'CN', 'WA'];
    expect(groupInTable(groupMembers('EU27')!, exio)).toEqual(['AT', 'BE', 'EL']);
    expect(groupInTable(groupMembers('RCEP')!, ['PRC', 'JPN', 'USA'])).toEqual(['PRC', 'JPN']);
    expect(groupInTable(groupMembers('EU27')!, ['ROM', 'DEU', 'GBR'])).toEqual(['ROM', 'DEU']);
  });
});

describe('concordance files', () => {
  const t = world(['AT', 'DE', 'US', 'PRC'], ['a', 'b', 'c']);

  it('reads from,to with a header, checks completeness and matches through ISO3', () => {
    const c = readConcordanceFile(file('ok.csv', 'from,to\nAUT,EU\nDEU,EU\nUSA,NA\nCHN,ASIA\n'));
    expect(checkConcordance(c, t.countries, 'country')).toEqual({ AT: 'EU', DE: 'EU', US: 'NA', PRC: 'ASIA' });
    const agg = t.aggregate(concordanceFor(t, { countries: join(tmp, 'ok.csv') }));
    expect(agg.countries).toEqual(['EU', 'NA', 'ASIA']);
    expect(agg.totals().output).toBeCloseTo(t.totals().output, 6);
  });

  it('names the file, line and code of an overlap, a gap, an unknown code and a bad line', () => {
    expect(() => readConcordanceFile(file('overlap.csv', 'a,X\nb,Y\na,Z\n'))).toThrow(
      /overlap\.csv, line 3, code a: found a mapped to Z, but line 1 maps it to X/,
    );
    const gap = readConcordanceFile(file('gap.csv', 'a,X\nb,X\n'));
    expect(() => checkConcordance(gap, t.sectors, 'sector')).toThrow(
      /gap\.csv: found no line for c; expected every sector of the table mapped/,
    );
    const unknown = readConcordanceFile(file('unknown.csv', 'a,X\nb,X\nc,Y\nd,Y\n'));
    expect(() => checkConcordance(unknown, t.sectors, 'sector')).toThrow(
      /unknown\.csv, line 4, code d: found a sector the table does not have/,
    );
    expect(() => readConcordanceFile(file('bad.csv', 'a,X\nb\n'))).toThrow(/bad\.csv, line 2: found 1 cells/);
    expect(() => readConcordanceFile(file('empty.csv', 'a,X\nb,\n'))).toThrow(/empty\.csv, line 2, code b: found an empty to cell/);
    // the same code spelt two ways (AT and AUT) into different groups is an overlap too
    const twice = readConcordanceFile(file('twice.csv', 'AT,EU\nAUT,OTHER\nDE,EU\nUS,NA\nPRC,ASIA\n'));
    expect(() => checkConcordance(twice, t.countries, 'country')).toThrow(/twice\.csv, line 2, code AUT: .*no overlaps/);
  });

  it('ready-made groups: members go to the group, others kept or to --rest; overlapping groups refused', () => {
    expect(groupConcordance(['EU27'], t.countries)).toEqual({ AT: 'EU27', DE: 'EU27', US: 'US', PRC: 'PRC' });
    expect(groupConcordance(['EU27', 'USMCA'], t.countries, 'ROW')).toEqual({ AT: 'EU27', DE: 'EU27', US: 'USMCA', PRC: 'ROW' });
    expect(() => groupConcordance(['EU27', 'OECD'], t.countries)).toThrow(/AT is in both EU27 and OECD/);
    expect(() => groupConcordance(['NOPE'], t.countries)).toThrow(/'NOPE' is not known/);
  });
});

describe('manufacturing by technology intensity', () => {
  it('WIOD 2013 (rev.3 c-codes)', () => {
    const s = Array.from({ length: 35 }, (_, k) => `c${k + 1}`);
    expect(isicRevision(s)).toBe('rev3');
    const lv = technologyLevels(s);
    expect(Object.keys(lv)).toEqual(Array.from({ length: 14 }, (_, k) => `c${k + 3}`));
    expect(lv.c14).toBe('HIGH');
    expect(lv.c9).toBe('MEDIUM_HIGH');
    expect(lv.c8).toBe('MEDIUM_LOW');
    expect(lv.c3).toBe('LOW');
    const t = world(['A', 'B'], s);
    const agg = t.aggregate(technologyConcordance(t.sectors));
    expect(agg.sectors).toContain('MFG_HIGH');
    expect(agg.N).toBe(35 - 14 + 4);
    expect(agg.totals().output).toBeCloseTo(t.totals().output, 6);
  });

  it('OECD ICIO 2021 and WIOD 2016 (rev.4) codes, with or without prefixes', () => {
    const icio = ['D01T02', 'D10T12', 'D19', 'D20', 'D21', 'D22', 'D26', 'D29', 'D31T33', 'D35'];
    expect(isicRevision(icio)).toBe('rev4');
    expect(technologyLevels(icio)).toEqual({
      D10T12: 'MEDIUM_LOW',
      D19: 'MEDIUM_LOW',
      D20: 'MEDIUM_HIGH',
      D21: 'HIGH',
      D22: 'MEDIUM',
      D26: 'HIGH',
      D29: 'MEDIUM_HIGH',
      D31T33: 'MEDIUM',
    });
    expect(technologyLevels(['C10-C12', 'C21', 'C26', 'C31_C32', 'A01'])).toEqual({
      'C10-C12': 'MEDIUM_LOW',
      C21: 'HIGH',
      C26: 'HIGH',
      C31_C32: 'MEDIUM',
    });
    const c = technologyConcordance(icio, { others: 'NON_MFG' });
    expect(c.sectors!.D01T02).toBe('NON_MFG');
    expect(() => technologyConcordance(['x', 'y'])).toThrow(/no manufacturing sector/);
  });
});
