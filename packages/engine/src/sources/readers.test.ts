/**
 * Readers of the published distributions: WIOD (2013, 2016 Excel), OECD ICIO (2016, 2018, 2021,
 * 2023; CSV and zip; CN/MX splits), ADB MRIO, FIGARO (matrix and long), Stata icio user tables.
 *
 * Sources of truth: the mock files in shared/data/mock_formats (cell values read independently
 * with exceljs or from the CSV text), the real WIOD 2013 7-region table (the Excel reader must give
 * exactly the CSV reader's table), the exvatools ICIO test table (the OECD path must give exactly
 * the wide reader's melded table, and gross exports must match exvatools 0.9.0's EXGR to 1e-9
 * relative), and fixtures written in each layout from known tables (round trips exact, or to
 * 1e-12 relative where a split is melded back by summation).
 */
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, statSync, truncateSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { zipSync, strToU8 } from 'fflate';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, beforeAll } from 'vitest';
import { TableFormatError } from '../errors.js';
import type { IcioTable } from '../table/icio-table.js';
import { dataPath, refPath } from '../../test/shared.js';
import { readerFor, readTable } from './registry.js';
import { readWideCsv } from './wide-csv.js';
import { readWiodXlsx } from './wiod-xlsx.js';
import { readOecdIcio } from './oecd-icio.js';
import { readAdbMrio } from './adb-mrio.js';
import { parseNumberBytes } from './cells.js';
import { readFigaro } from './figaro.js';
import { readStataIcio, writeStataIcio, STATA_TABLE, STATA_COUNTRIES } from './stata-icio.js';
import { sampleWorld } from './sample-world.js';
import { writeAdbXlsx, writeFigaroCsv, writeOecdCsv, writeWiod2013Xlsx, writeWiod2016Xlsx } from './layout-writers.js';
import { run } from '../../../cli/test/io.js';

const MOCK = (...p: string[]) => dataPath('mock_formats', ...p);
const WIOD_MOCK = MOCK('wiod_mock', 'wiot09_row_sep12.xlsx');
const OECD16 = MOCK('oecd_mock', 'ICIO2016_2003.csv');
const OECD18 = MOCK('oecd_mock', 'ICIO2018_2010.CSV');
const OECD18ZIP = MOCK('oecd_mock', 'ICIO2018_2010.zip');
const ICIOTEST = dataPath('exvatools_testdata', 'iciotest_data.csv');

const tmp = () => mkdtempSync(join(tmpdir(), 'catena-readers-'));

/** max |a − b| / max(1, |b|) over two arrays of the same length. */
function maxRel(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]) / Math.max(1, Math.abs(b[k])));
  return m;
}

function expectSameTable(a: IcioTable, b: IcioTable, tol = 0): void {
  expect(a.countries).toEqual(b.countries);
  expect(a.sectors).toEqual(b.sectors);
  expect(a.fdCategories).toEqual(b.fdCategories);
  expect(maxRel(a.Z.data, b.Z.data)).toBeLessThanOrEqual(tol);
  expect(maxRel(a.Y.data, b.Y.data)).toBeLessThanOrEqual(tol);
}

async function formatError(f: () => unknown): Promise<TableFormatError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(TableFormatError);
    return e as TableFormatError;
  }
  throw new Error('expected a TableFormatError');
}

/** A copy of a text file with one replacement. */
function edited(src: string, dir: string, name: string, from: string | RegExp, to: string): string {
  const text = readFileSync(src, 'utf8');
  const out = text.replace(from, to);
  expect(out).not.toBe(text);
  const p = join(dir, name);
  writeFileSync(p, out);
  return p;
}

/** A copy of a file cut to a fraction of its size. */
function truncated(src: string, dir: string, name: string, fraction: number): string {
  const p = join(dir, name);
  copyFileSync(src, p);
  truncateSync(p, Math.floor(statSync(p).size * fraction));
  return p;
}

describe('numbers parsed from bytes', () => {
  it('equal Number() on the text, fast path and fallback alike; NaN for what is not a number', async () => {
    const cases = [
      '0',
      '-0.5',
      '23697.221',
      '1E-3',
      '1.5e+10',
      '-7e22',
      '4.9e-324',
      '0.1',
      '0.30000000000000004',
      '123456789012345678',
      '9007199254740993',
      '.5',
    ];
    for (const c of cases) {
      const b = new TextEncoder().encode(c);
      expect(parseNumberBytes(b, 0, b.length)).toBe(Number(c));
    }
    // one grammar (decimal and exponent only): hexadecimal, infinities, NaN and out-of-range values are not numbers
    for (const c of ['abc', '1.2.3', '--1', 'e5', '0x10', 'Inf', 'Infinity', '-Infinity', 'NaN', '1e400', '-1e400', '1,5', '1e', '']) {
      const b = new TextEncoder().encode(c);
      expect(parseNumberBytes(b, 0, b.length)).toBeNaN();
    }
  });
});

// -------------------------------------------------------------------------------------------
describe('WIOD 2013 release Excel (wiotYY_row_sep12.xlsx)', () => {
  it('reads the mock file: labels, every number (checked against exceljs) and the bottom rows', async () => {
    const t = await readWiodXlsx(WIOD_MOCK);
    expect(t.countries).toEqual(['AUS', 'BEL', 'LUX', 'ROM', 'USA', 'RoW']);
    expect(t.sectors).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c35']);
    expect(t.fdCategories).toEqual(['CONS_h', 'CONS_np', 'CONS_g', 'GFCF', 'INVEN']);
    expect(t.year).toBe(2009);
    expect(t.unit).toBe('million USD');
    // Independent reading of the same sheet with exceljs.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(WIOD_MOCK);
    const ws = wb.worksheets[0];
    const { GN, G, F } = t;
    for (let i = 0; i < GN; i++) {
      const row = ws.getRow(7 + i);
      for (let j = 0; j < GN; j++) expect(t.Z.get(i, j)).toBe(Number(row.getCell(5 + j).value ?? 0));
      for (let c = 0; c < G * F; c++) expect(t.Y.get(i, c)).toBe(Number(row.getCell(5 + GN + c).value ?? 0));
    }
    // storedOutput = the output row r69; storedVA = all primary-input rows = r69 − r60.
    const r60 = ws.getRow(55);
    const r69 = ws.getRow(62);
    for (let j = 0; j < GN; j++) {
      expect(t.storedOutput![j]).toBe(Number(r69.getCell(5 + j).value));
      const expected = Number(r69.getCell(5 + j).value) - Number(r60.getCell(5 + j).value);
      expect(Math.abs(t.storedVA![j] - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
    }
  });

  it('is detected from its name, through readTable', async () => {
    expect(readerFor(WIOD_MOCK).format).toBe('wiod-xlsx');
    const t = await readTable(WIOD_MOCK);
    expect(t.source).toMatch(/WIOD 2013 release/);
  });

  it('gives exactly the CSV reader’s table on real WIOD data (7 regions, 1995) written in the Excel layout', async () => {
    const csv = await readWideCsv(dataPath('wiod2013_regional7', 'wiot1995_regional7.csv.gz'));
    const dir = tmp();
    const path = join(dir, 'wiot95_row_sep12.xlsx');
    await writeWiod2013Xlsx(csv, path);
    const t = await readWiodXlsx(path);
    expectSameTable(t, csv, 0);
    expect(t.year).toBe(1995);
    expect(maxRel(t.storedOutput!, csv.x)).toBe(0);
    expect(maxRel(t.storedVA!, csv.va)).toBeLessThan(1e-12);
  });

  it('errors name the file, the row or column, what was found and what was expected', async () => {
    const dir = tmp();
    const t = sampleWorld({ countries: 3, sectors: 4, categories: 5 });
    const good = join(dir, 'wiot09_row_sep12.xlsx');
    await writeWiod2013Xlsx(t, good);
    // truncated
    const cut = truncated(good, dir, 'wiot08_row_sep12.xlsx', 0.5);
    const e1 = await formatError(() => readWiodXlsx(cut));
    expect(e1.message).toContain(cut);
    expect(e1.message).toMatch(/zip|truncated/);
    // a renamed country in the header (column F of the country row)
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(good);
    wb.worksheets[0].getRow(5).getCell(6).value = 'XXX';
    const renamed = join(dir, 'wiot07_row_sep12.xlsx');
    await wb.xlsx.writeFile(renamed);
    const e2 = await formatError(() => readWiodXlsx(renamed));
    expect(e2.message).toContain(renamed);
    expect(e2.message).toMatch(/header, column F: found 'XXX' 's02'; expected 'CHN' 's02'/);
    expect(e2.message).not.toMatch(/compressed data/);
    expect(e2.message).toMatch(/known: WIOD 2013 release wiotYY_row_sep12\.xlsx/);
    // rows out of order (a data row of another country)
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(good);
    wb2.worksheets[0].getRow(8).getCell(3).value = 'ZZZ';
    const swapped = join(dir, 'wiot06_row_sep12.xlsx');
    await wb2.xlsx.writeFile(swapped);
    const e3 = await formatError(() => readWiodXlsx(swapped));
    expect(e3.message).toMatch(/sheet row 8/);
    expect(e3.message).toMatch(/'ZZZ'/);
    // missing file
    const e4 = await formatError(() => readWiodXlsx(join(dir, 'wiot05_row_sep12.xlsx')));
    expect(e4.message).toMatch(/no such file/);
    // not a workbook
    const e5 = await formatError(() => readWiodXlsx(OECD16));
    expect(e5.message).toMatch(/not an Excel workbook/);
  });
});

describe('WIOD 2016 release Excel (WIOTyyyy_Nov16_ROW.xlsx)', () => {
  it('reads a file in the 2016 layout: sector codes from column A, GO column, bottom rows', async () => {
    const base = sampleWorld({ countries: 4, sectors: 6, categories: 5, seed: 7 });
    const t0 = base.aggregate({
      sectors: Object.fromEntries(base.sectors.map((s, k) => [s, ['A01', 'A02', 'B', 'C10-C12', 'T', 'U'][k]])),
    });
    const dir = tmp();
    const path = join(dir, 'WIOT2014_Nov16_ROW.xlsx');
    await writeWiod2016Xlsx(t0, path);
    expect(readerFor(path).format).toBe('wiod-xlsx');
    const t = await readTable(path);
    expect(t.sectors).toEqual(['A01', 'A02', 'B', 'C10-C12', 'T', 'U']);
    expect(t.fdCategories).toEqual(['CONS_h', 'CONS_np', 'CONS_g', 'GFCF', 'INVEN']);
    expect(t.countries).toEqual(t0.countries);
    expect(maxRel(t.Z.data, t0.Z.data)).toBe(0);
    expect(maxRel(t.Y.data, t0.Y.data)).toBe(0);
    expect(t.year).toBe(2014);
    expect(t.source).toMatch(/WIOD 2016 release/);
    expect(maxRel(t.storedOutput!, t0.x)).toBe(0);
    expect(maxRel(t.storedVA!, t0.va)).toBeLessThan(1e-12);
    expect(t.validate().filter((d) => d.code === 'output-imbalance' || d.code === 'value-added-imbalance')).toEqual([]);
  });
});

describe('ADB MRIO Excel', () => {
  it('reads a file in the ADB layout (economy in C, sector in D, F1…F5, ToT)', async () => {
    const t0 = sampleWorld({ countries: 5, sectors: 4, categories: 5, seed: 3 });
    const dir = tmp();
    const path = join(dir, 'ADB-MRIO-2019_Mar2022.xlsx');
    await writeAdbXlsx(t0, path);
    expect(readerFor(path).format).toBe('adb-mrio');
    const t = await readAdbMrio(path);
    expect(t.fdCategories).toEqual(['HFCE', 'NPISH', 'GGFC', 'GFCF', 'INVNT']);
    expect(t.countries).toEqual(t0.countries);
    expect(t.sectors).toEqual(t0.sectors);
    expect(maxRel(t.Z.data, t0.Z.data)).toBe(0);
    expect(maxRel(t.Y.data, t0.Y.data)).toBe(0);
    expect(t.year).toBe(2019);
    expect(maxRel(t.storedOutput!, t0.x)).toBe(0);
    // truncated copy
    const cut = truncated(path, dir, 'ADB-MRIO-2018_Mar2022.xlsx', 0.7);
    const e = await formatError(() => readAdbMrio(cut));
    expect(e.message).toContain(cut);
    const e2 = await formatError(() => readAdbMrio(join(dir, 'ADB-MRIO-2017_Mar2022.xlsx')));
    expect(e2.message).toMatch(/no such file/);
  });
});

// -------------------------------------------------------------------------------------------
describe('OECD ICIO', () => {
  it('2016 mock: category-first final-use columns, DISC, CN1/CN2 melded into CHN', async () => {
    const kept = await readOecdIcio(OECD16, { keepSplits: true });
    expect(kept.countries).toEqual(['AUS', 'NZL', 'CHN', 'PER', 'CN1', 'CN2']);
    expect(kept.fdCategories).toEqual(['HFCE', 'NPISH', 'GGFC', 'GFCF', 'INVNT', 'DPABR', 'DISC']);
    expect(kept.year).toBe(2003);
    // First cell of the file, and the first HFCE_AUS cell (column 50 of line 2).
    const line2 = readFileSync(OECD16, 'utf8').split('\n')[1].split(',');
    expect(kept.Z.get(0, 0)).toBe(Number(line2[1]));
    expect(kept.Y.get(0, 0)).toBe(Number(line2[49]));
    // DISC is final use of the producing country: row sums keep it.
    const disc = kept.fdCategories.indexOf('DISC');
    expect(kept.Y.get(0, 0 * kept.F + disc)).toBe(Number(line2[73]));
    const melded = await readOecdIcio(OECD16);
    expect(melded.countries).toEqual(['AUS', 'NZL', 'CHN', 'PER']);
    const N = kept.N;
    const gi = (t: IcioTable, c: string, n: number) => t.countryIndex(c) * N + n;
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < N; j++) {
        // CHN row of AUS's inputs = CHN + CN1 + CN2 rows; CHN column = sum of the three columns.
        const rowSum = ['CHN', 'CN1', 'CN2'].reduce((a, c) => a + kept.Z.get(gi(kept, c, n), gi(kept, 'AUS', j)), 0);
        expect(melded.Z.get(gi(melded, 'CHN', n), gi(melded, 'AUS', j))).toBeCloseTo(rowSum, 6);
      }
    }
    expect(melded.totals().output).toBeCloseTo(kept.totals().output, 3);
    expect(melded.source).toMatch(/CN1, CN2 melded into CHN/);
  });

  it('2018 mock: CSV and zip give the same table; MX1 melded; TAXSUB + VALU kept as stored VA', async () => {
    const a = await readOecdIcio(OECD18);
    const b = await readOecdIcio(OECD18ZIP);
    expectSameTable(a, b, 0);
    expect(a.countries).toEqual(['AUS', 'BEL', 'MEX', 'BRA', 'COL']);
    expect(a.fdCategories).toEqual(['HFCE', 'NPISH', 'GGFC', 'INVNT', 'DPABR']);
    const kept = await readOecdIcio(OECD18, { keepSplits: true });
    expect(kept.countries).toContain('MX1');
    // stored VA of column 1 = VALU + every CCC_TAXSUB row, from the file text
    const lines = readFileSync(OECD18, 'utf8').trim().split('\n');
    const col1 = lines.filter((l) => /^(VALU|[A-Z]{3}_TAXSUB),/.test(l)).reduce((s, l) => s + Number(l.split(',')[1]), 0);
    expect(kept.storedVA![0]).toBeCloseTo(col1, 6);
    const out = lines.find((l) => l.startsWith('OUTPUT,'))!.split(',');
    expect(kept.storedOutput![0]).toBe(Number(out[1]));
    expect(readerFor(OECD18).format).toBe('oecd-icio');
    expect(readerFor(OECD18ZIP).format).toBe('oecd-icio');
  });

  it('exvatools ICIO test table (extended layout): the OECD path equals the wide reader, and gross exports match exvatools', async () => {
    const a = await readOecdIcio(ICIOTEST);
    const b = await readWideCsv(ICIOTEST);
    // The same sums in another order (melded while reading vs. aggregated after): 1e-15 relative.
    expectSameTable(a, b, 1e-15);
    expect(a.countries).toEqual(['ESP', 'FRA', 'MEX', 'USA', 'CHN', 'ROW']);
    // Gross exports by exporter, exvatools 0.9.0 (kww, EXGR), shared/reference; tolerance 1e-9 relative.
    const ref = readFileSync(refPath('exvatools_testdata_decompositions.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','))
      .filter((c) => c[0] === 'iciotest' && c[1] === 'kww' && c[3] === 'EXGR');
    const seen = new Set<string>();
    const { N, G, GN } = a;
    const Yc = a.Yc;
    for (const [, , exporter, , value] of ref) {
      if (seen.has(exporter) || !a.countries.includes(exporter)) continue; // skip groups (NAFTA …)
      seen.add(exporter);
      const s = a.countryIndex(exporter);
      let e = 0;
      for (let i = s * N; i < (s + 1) * N; i++) {
        for (let j = 0; j < GN; j++) if (Math.floor(j / N) !== s) e += a.Z.get(i, j);
        for (let r = 0; r < G; r++) if (r !== s) e += Yc.get(i, r);
      }
      expect(Math.abs(e - Number(value)) / Number(value)).toBeLessThan(1e-9);
    }
    expect(seen.size).toBe(6);
  });

  describe('2016, 2021 and 2023 layouts, with China and Mexico split (written from a known table)', () => {
    // Sector codes as in the 2023 edition, some with underscores (A01_02).
    const codes = ['A01_02', 'A03', 'B05_06', 'C10T12', 'T'];
    const world = sampleWorld({ countries: 12, sectors: 5, categories: 6, seed: 11 });
    const base = world.aggregate({ sectors: Object.fromEntries(world.sectors.map((s, k) => [s, codes[k]])) });
    const dir = tmp();
    const files: Record<string, string> = {};
    beforeAll(async () => {
      files[2016] = join(dir, 'ICIO2016_2011.csv');
      files[2018] = join(dir, 'ICIO2018_2015.CSV');
      files[2021] = join(dir, 'ICIO2021_2018.csv');
      files[2023] = join(dir, '2020.csv');
      for (const ed of [2016, 2018, 2021, 2023] as const) await writeOecdCsv(base, files[ed], { edition: ed, splits: true });
    });

    for (const ed of [2016, 2018, 2021, 2023] as const) {
      it(`${ed}: melding CN1/CN2, MX1/MX2 gives back the table; stored VA and output match`, async () => {
        expect(readerFor(files[ed]).format).toBe('oecd-icio');
        const t = await readTable(files[ed]);
        expect(t.countries).toEqual(base.countries);
        expect(t.sectors).toEqual(base.sectors);
        expect(t.fdCategories.slice(0, 6)).toEqual(['HFCE', 'NPISH', 'GGFC', 'GFCF', 'INVNT', 'DPABR']);
        const F0 = base.F;
        // Y of the file's 6 categories equals the base table's (2016 adds DISC, all zero here).
        for (let g = 0; g < base.G; g++) {
          for (let f = 0; f < F0; f++) {
            const a = t.Y.col(g * t.F + f);
            const b = base.Y.col(g * F0 + f);
            expect(maxRel(Float64Array.from(a), Float64Array.from(b))).toBeLessThan(1e-12);
          }
        }
        expect(maxRel(t.Z.data, base.Z.data)).toBeLessThan(1e-12);
        expect(maxRel(t.x, base.x)).toBeLessThan(1e-12);
        expect(maxRel(t.storedOutput!, base.x)).toBeLessThan(1e-12);
        expect(maxRel(t.storedVA!, base.va)).toBeLessThan(1e-9);
        expect(t.year).toBe(ed === 2016 ? 2011 : ed === 2018 ? 2015 : ed === 2021 ? 2018 : 2020);
      });
    }

    it('keepSplits keeps CN1, CN2, MX1, MX2 (CHN and MEX rows zero) and the splits sum to the parents', async () => {
      const t = await readOecdIcio(files[2023], { keepSplits: true });
      expect(t.countries).toEqual([...base.countries, 'CN1', 'CN2', 'MX1', 'MX2']);
      const x = t.x;
      const N = t.N;
      const part = (c: string) => x.slice(t.countryIndex(c) * N, (t.countryIndex(c) + 1) * N);
      expect(Array.from(part('CHN')).every((v) => v === 0)).toBe(true);
      const chn = base.x.slice(base.countryIndex('CHN') * N, (base.countryIndex('CHN') + 1) * N);
      const sum = part('CN1').map((v, k) => v + part('CN2')[k]);
      expect(maxRel(sum, chn)).toBeLessThan(1e-12);
    });

    it('reads the zip as downloaded, choosing the year when it holds several tables', async () => {
      const one = join(dir, 'ICIO2021_2018.zip');
      writeFileSync(one, zipSync({ 'ICIO2021_2018.csv': readFileSync(files[2021]) }));
      expectSameTable(await readOecdIcio(one), await readOecdIcio(files[2021]), 0);
      const several = join(dir, '2016-2020.zip');
      writeFileSync(
        several,
        zipSync({ '2019.csv': strToU8('x'), '2020.csv': readFileSync(files[2023]), 'ReadMe.txt': strToU8('read me') }),
      );
      expectSameTable(await readOecdIcio(several, { year: 2020 }), await readOecdIcio(files[2023]), 0);
      const e = await (async () => {
        try {
          await readOecdIcio(several);
        } catch (err) {
          return err as Error;
        }
        return null;
      })();
      expect(e).toBeInstanceOf(TableFormatError);
      expect(e!.message).toMatch(/2019\.csv, 2020\.csv/);
      expect(e!.message).toMatch(/--year/);
    });

    it('reads a gzip copy; a truncated gzip copy is an error naming the file', async () => {
      const gz = join(dir, 'ICIO2021_2010.csv.gz');
      writeFileSync(gz, gzipSync(readFileSync(files[2021])));
      expect(readerFor(gz).format).toBe('oecd-icio');
      expectSameTable(await readOecdIcio(gz), await readOecdIcio(files[2021]), 0);
      const cut = truncated(gz, dir, 'ICIO2021_2009.csv.gz', 0.5);
      const e = await formatError(() => readOecdIcio(cut));
      expect(e.message).toContain(cut);
      expect(e.message).toMatch(/gzip/);
    });

    it('corrupted copies: truncated CSV and zip, renamed columns, a missing file', async () => {
      const d = tmp();
      const cut = truncated(files[2021], d, 'ICIO2021_2017.csv', 0.5);
      const e1 = await formatError(() => readOecdIcio(cut));
      expect(e1.message).toContain(cut);
      expect(e1.message).toMatch(/line \d+/);
      expect(e1.message).toMatch(/cells|ends after/);
      const zip = join(d, 'ICIO2021_2016.zip');
      writeFileSync(zip, zipSync({ 'ICIO2021_2016.csv': readFileSync(files[2021]) }));
      const zcut = truncated(zip, d, 'ICIO2021_2015.zip', 0.6);
      const e2 = await formatError(() => readOecdIcio(zcut));
      expect(e2.message).toContain(zcut);
      // the 2023 renaming done wrong: TOTAL → TOTL
      const r1 = edited(files[2021], d, 'ICIO2021_2014.csv', /,TOTAL\n/, ',TOTL\n');
      const e3 = await formatError(() => readOecdIcio(r1));
      expect(e3.message).toMatch(/line 1, column \d+/);
      expect(e3.message).toMatch(/'TOTL'/);
      expect(e3.message).toMatch(/known: OECD ICIO 2016 edition/);
      // a renamed final-use column
      const r2 = edited(files[2021], d, 'ICIO2021_2013.csv', 'USA_HFCE', 'USA_HFCX');
      const e4 = await formatError(() => readOecdIcio(r2));
      expect(e4.message).toMatch(/final-use category HFCX in 'USA_HFCX' but not for CHN/);
      expect(e4.message).toMatch(/line 1, column \d+/);
      // a renamed row
      const r3 = edited(files[2021], d, 'ICIO2021_2012.csv', /\nUSA_A03,/, '\nUSA_A3,');
      const e5 = await formatError(() => readOecdIcio(r3));
      expect(e5.message).toMatch(/row label 'USA_A3'/);
      expect(e5.message).toMatch(/known: OECD ICIO 2016 edition/);
      expect(e5.message).toMatch(/'USA_A03'/);
      // a number that is not one
      const r4 = edited(files[2021], d, 'ICIO2021_2011.csv', /\nUSA_A01_02,[^,]+,/, '\nUSA_A01_02,n/a,');
      const e6 = await formatError(() => readOecdIcio(r4));
      expect(e6.message).toMatch(/column 2 \('CHN_A01_02'\)/);
      expect(e6.message).toMatch(/'n\/a'/);
      const e7 = await formatError(() => readTable(join(d, 'ICIO2021_1999.csv')));
      expect(e7.message).toMatch(/no such file/);
    });
  });
});

// -------------------------------------------------------------------------------------------
describe('FIGARO', () => {
  const iso2: Record<string, string> = { CHN: 'CN', USA: 'US', DEU: 'DE', JPN: 'JP' };
  const base = sampleWorld({ countries: 4, sectors: 3, categories: 5, seed: 5 });
  const t0 = base.aggregate({ sectors: { s01: 'A01', s02: 'C10T12', s03: 'N' } });

  for (const format of ['matrix', 'long'] as const) {
    it(`${format} format round trip (ISO 2 → ISO 3, P3_S13… → GGFC…, W2 rows as stored VA)`, async () => {
      const dir = tmp();
      const name = format === 'matrix' ? 'matrix_eu-ic-io_ind-by-ind_23ed_2021.csv' : 'flatfile_eu-ic-io_ind-by-ind_23ed_2021.csv';
      const path = join(dir, name);
      await writeFigaroCsv(t0, path, { format, iso2: (c) => iso2[c] });
      expect(readerFor(path).format).toBe('figaro');
      const t = await readFigaro(path);
      expect(t.countries).toEqual(t0.countries);
      expect(t.sectors).toEqual(t0.sectors);
      expect(t.fdCategories).toEqual(['GGFC', 'HFCE', 'NPISH', 'GFCF', 'INVNT']);
      expect(maxRel(t.Z.data, t0.Z.data)).toBe(0);
      expect(maxRel(t.Y.data, t0.Y.data)).toBe(0);
      expect(maxRel(t.storedVA!, t0.va)).toBeLessThan(1e-12);
      expect(t.year).toBe(2021);
      expect(t.source).toMatch(/industry by industry/);
    });
  }

  it('errors: truncated matrix, renamed final-use column', async () => {
    const dir = tmp();
    const path = join(dir, 'matrix_eu-ic-io_prod-by-prod_23ed_2020.csv');
    await writeFigaroCsv(t0, path, { format: 'matrix', iso2: (c) => iso2[c] });
    const cut = truncated(path, dir, 'matrix_eu-ic-io_prod-by-prod_23ed_2019.csv', 0.4);
    const e1 = await formatError(() => readFigaro(cut));
    expect(e1.message).toContain(cut);
    const ren = edited(path, dir, 'matrix_eu-ic-io_prod-by-prod_23ed_2018.csv', 'DE_P51G', 'DE_P51X');
    const e2 = await formatError(() => readFigaro(ren));
    expect(e2.message).toMatch(/'DE_P51X' after the final-use columns/);
    expect(e2.message).toMatch(/known: FIGARO 2021–2024 editions/);
    const e3 = await formatError(() => readFigaro(join(dir, 'matrix_eu-ic-io_prod-by-prod_23ed_2017.csv')));
    expect(e3.message).toMatch(/no such file/);
  });
});

// -------------------------------------------------------------------------------------------
describe('the CLI reads these layouts (detected, or named with --layout)', () => {
  it('catena info on the OECD 2018 zip and the WIOD mock; --layout oecd-icio on the exvatools table', async () => {
    const a = await run(['info', OECD18ZIP, '--json']);
    expect(a.code).toBe(0);
    const ja = JSON.parse(a.out);
    expect(ja.countries).toEqual(['AUS', 'BEL', 'MEX', 'BRA', 'COL']);
    expect(ja.source).toMatch(/OECD ICIO 2018 edition/);
    const b = await run(['info', WIOD_MOCK, '--json']);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.out).dimensions).toEqual({ countries: 6, sectors: 8, countrySectors: 48, finalDemandCategories: 5 });
    const c = await run(['info', ICIOTEST, '--layout', 'oecd-icio', '--json']);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.out).source).toMatch(/^OECD ICIO: .*melded into MEX, CHN/);
    const d = await run(['info', dataPath('leather', 'leather_wide.csv'), '--layout', 'oecd-icio']);
    expect(d.code).toBe(1);
    expect(d.err).toMatch(/leather_wide\.csv, line 1/);
  });
});

describe('Stata icio user table', () => {
  it('writes and reads back the leather table exactly (Z, final demand by destination, output)', async () => {
    const t = await readWideCsv(dataPath('leather', 'leather_wide.csv'));
    const dir = tmp();
    const files = await writeStataIcio(t, dir);
    expect(files.table).toBe(join(dir, STATA_TABLE));
    const first = readFileSync(files.table, 'utf8').split('\n')[0].split(',');
    expect(first.length).toBe(t.GN + t.G + 1);
    expect(readFileSync(files.countries, 'utf8').trim().split('\n')).toEqual(t.countries);
    expect(readerFor(dir).format).toBe('stata-icio');
    const back = await readStataIcio(dir, { sectors: t.sectors });
    expect(back.countries).toEqual(t.countries);
    expect(back.fdCategories).toEqual(['FD']);
    expect(maxRel(back.Z.data, t.Z.data)).toBe(0);
    expect(maxRel(back.Y.data, t.Yc.data)).toBe(0);
    expect(maxRel(back.x, t.x)).toBe(0);
    expect(maxRel(back.storedOutput!, t.x)).toBe(0);
    // never overwrites unless asked
    await expect(writeStataIcio(t, dir)).rejects.toThrow(/existing file/);
    await writeStataIcio(t, dir, { overwrite: true });
  });

  it('reads the variants: without the output column, with a last value-added row; rejects wrong dimensions', async () => {
    const t = sampleWorld({ countries: 3, sectors: 2 });
    const dir = tmp();
    const { GN, G } = t;
    const rows: string[] = [];
    for (let i = 0; i < GN; i++) {
      const cells: number[] = [];
      for (let j = 0; j < GN; j++) cells.push(t.Z.get(i, j));
      for (let g = 0; g < G; g++) cells.push(t.Yc.get(i, g));
      rows.push(cells.join(','));
    }
    rows.push(Array.from(t.va).join(',') + ',0'.repeat(G));
    writeFileSync(join(dir, 'mytable.csv'), rows.join('\n') + '\n');
    writeFileSync(join(dir, 'countrylist.csv'), t.countries.join('\n') + '\n');
    const back = await readStataIcio(join(dir, 'mytable.csv'));
    expect(back.sectors).toEqual(['s01', 's02']);
    expect(maxRel(back.Z.data, t.Z.data)).toBe(0);
    expect(back.storedOutput).toBeUndefined();
    expect(maxRel(back.storedVA!, t.va)).toBe(0);
    writeFileSync(join(dir, 'countrylist.csv'), 'AAA\nBBB\nCCC\nDDD\n');
    const e = await (async () => {
      try {
        await readStataIcio(join(dir, 'mytable.csv'));
      } catch (err) {
        return err as Error;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(TableFormatError);
    expect(e!.message).toMatch(/7 rows × 9 columns with 4 countries/);
    // the country list missing
    const lone = tmp();
    writeFileSync(join(lone, 'mytable.csv'), rows.join('\n') + '\n');
    const e2 = await (async () => {
      try {
        await readStataIcio(lone);
      } catch (err) {
        return err as Error;
      }
      return null;
    })();
    expect(e2).toBeInstanceOf(TableFormatError);
    expect(e2!.message).toMatch(/no Stata icio table and country list/);
  });

  it('catena convert --to stata-icio writes, refuses to overwrite without --force, then replaces with it', async () => {
    const dir = tmp();
    const out = join(dir, 'stata');
    const r1 = await run(['convert', dataPath('leather', 'leather_wide.csv'), '--to', 'stata-icio', '--out', out]);
    expect(r1.err).toBe('');
    expect(r1.code).toBe(0);
    expect(r1.out).toMatch(/icio_load, iciotable\(user/);
    expect(existsSync(join(out, STATA_TABLE))).toBe(true);
    writeFileSync(join(out, STATA_COUNTRIES), 'mine\n');
    const r2 = await run(['convert', dataPath('leather', 'leather_wide.csv'), '--to', 'stata-icio', '--out', out]);
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/exists; pass --force/);
    expect(readFileSync(join(out, STATA_COUNTRIES), 'utf8')).toBe('mine\n');
    const r3 = await run(['convert', dataPath('leather', 'leather_wide.csv'), '--to', 'stata-icio', '--out', out, '--force']);
    expect(r3.code).toBe(0);
    expect(readFileSync(join(out, STATA_COUNTRIES), 'utf8').trim().split('\n').length).toBe(3);
    const r4 = await run(['convert', dataPath('leather', 'leather_wide.csv'), '--to', 'excel', '--out', out]);
    expect(r4.code).toBe(1);
    expect(r4.err).toMatch(/--to excel is not known/);
  });
});
