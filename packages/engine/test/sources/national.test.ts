/**
 * National tables (China NBS, OECD NIOT 2021) and the national value chain measures: totals
 * against the files' own total rows and columns, the measures' identities and ranges, a hand
 * example, and corrupted copies.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inverse, Matrix } from '@catena/linalg';
import { afterAll, describe, expect, it } from 'vitest';
import { Model, nationalMeasures, NationalTable, readerFor, readNationalTable, readTable, TableFormatError } from '../../src/index.js';
import { close, dataPath } from '../shared.js';

const tmp = mkdtempSync(join(tmpdir(), 'catena-national-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The file as rows of cells keyed by code (+ origin), read independently of the reader. */
function cells(path: string): { header: string[]; get: (code: string, col: string, origin?: string) => number } {
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n');
  const split = (l: string) => (l.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
  const header = split(lines[0]);
  const rows = lines.slice(1).map(split);
  const hasOrigin = header[3] === 'Origin';
  return {
    header,
    get: (code, col, origin) => {
      const r = rows.find((x) => x[0] === code && (!hasOrigin || !origin || x[3] === origin));
      if (!r) throw new Error(`no row ${code}`);
      return Number(r[header.indexOf(col)]);
    },
  };
}

const NBS = ['china_2012_139', 'china_2015_42', 'china_2017_42', 'china_2018_42', 'china_2020_153', 'china_2020_42'];

describe('China NBS reader', () => {
  for (const name of NBS) {
    it(`${name}: x = GO, totals equal the file's TII/TVA/TI rows and TIU/TFU columns`, async () => {
      const path = dataPath('china_nbs_io', `${name}.csv`);
      const t = await readNationalTable(path);
      const f = cells(path);
      const nonComp = f.header[3] === 'Origin';
      expect(t.importSplit).toBe(nonComp ? 'table' : 'proportional');
      expect(t.country).toBe('CHN');
      expect(t.year).toBe(Number(name.slice(6, 10)));
      const x = t.x;
      const va = t.va;
      const zd = t.Zd.colSums();
      const zm = t.Zm.colSums();
      const zdr = t.Zd.rowSums();
      const zmr = t.Zm.rowSums();
      t.sectors.forEach((s, j) => {
        // output: x = GO (row) and = TI (column)
        expect(close(x[j], f.get(s, 'GO', 'Domestic'), 1e-9)).toBe(true);
        expect(close(x[j], f.get('TI', s), 1e-6)).toBe(true);
        // intermediate inputs = TII; value added = TVA (1e-6: the file's own rounding)
        expect(close(zd[j] + zm[j], f.get('TII', s), 1e-9)).toBe(true);
        expect(close(va[j], f.get('TVA', s), 1e-6)).toBe(true);
        // intermediate use of the product = TIU (domestic and imported rows together)
        const tiu = nonComp ? f.get(s, 'TIU', 'Domestic') : f.get(s, 'TIU');
        expect(close(zdr[j] + (nonComp ? 0 : zmr[j]), tiu, 1e-9)).toBe(true);
        if (nonComp) expect(close(zmr[j], f.get(s, 'TIU', 'Imports'), 1e-9)).toBe(true);
      });
      // imports: the IM column or the Imports rows' GO
      const imp = t.imports;
      const fileImports = t.sectors.reduce((a, s) => a + (nonComp ? f.get(s, 'GO', 'Imports') : Math.abs(f.get(s, 'IM'))), 0);
      expect(
        close(
          imp.reduce((a, b) => a + b, 0),
          fileImports,
          1e-9,
        ),
      ).toBe(true);
      // final uses read are the leaves of TFU: Σ leaves + EX = TFU (+ ERR kept as a column)
      const yd = t.Yd.rowSums();
      const ym = t.Ym.rowSums();
      t.sectors.forEach((s, j) => {
        const err = t.fdCategories.includes('ERR') ? f.get(s, 'ERR') : 0;
        const tfu = nonComp ? f.get(s, 'TFU', 'Domestic') : f.get(s, 'TFU');
        expect(close(yd[j] + (nonComp ? 0 : ym[j]) + t.exports[j] - err, tfu, 1e-9)).toBe(true);
      });
    });
  }

  it('is detected from the header and maps onto a two-country IcioTable (ROW = imports)', async () => {
    const path = dataPath('china_nbs_io', 'china_2017_42.csv');
    expect(readerFor(path).format).toBe('china-nbs');
    const icio = await readTable(path);
    const t = await readNationalTable(path);
    expect(icio.countries).toEqual(['CHN', 'ROW']);
    expect(icio.fdCategories).toEqual([...t.fdCategories, 'EXPORTS']);
    const x = icio.x;
    const va = icio.va;
    const tx = t.x;
    const tva = t.va;
    for (let j = 0; j < t.N; j++) {
      expect(close(x[j], tx[j], 1e-12)).toBe(true);
      expect(close(va[j], tva[j], 1e-9)).toBe(true);
      expect(close(x[t.N + j], t.imports[j], 1e-12)).toBe(true);
    }
  });

  it('the IcioTable mapping gives the same DVA shares through the global Model (v B = v Ld on the country block)', async () => {
    for (const path of [dataPath('china_nbs_io', 'china_2020_42.csv'), dataPath('oecd_niot2021_chn_jpn', 'OECD21ed_CHN_2011.csv')]) {
      const t = await readNationalTable(path);
      const d = nationalMeasures(t);
      const model = Model.build(await readTable(path));
      // domestic VA only: v with the ROW (imports) entries set to 0; (I − A)ᵀ w = vᵀ → w = (v B)ᵀ
      const vDom = model.v.map((x, i) => (i < t.N ? x : 0));
      const w = model.solve(vDom, true);
      // and all VA (ROW's v is 1: imports are foreign value added): v B = 1ᵀ on the country block
      const all = model.solve(model.v, true);
      for (let j = 0; j < t.N; j++) {
        if (!(t.x[j] > 0)) continue;
        expect(Math.abs(w[j] - d.bySector.dva_share[j])).toBeLessThan(1e-9);
        expect(Math.abs(all[j] - 1)).toBeLessThan(1e-9);
      }
    }
  });

  it('names a renamed column, a missing row and a broken cell', async () => {
    const src = readFileSync(dataPath('china_nbs_io', 'china_2015_42.csv'), 'utf8');
    const f1 = join(tmp, 'china_2015_renamed.csv');
    writeFileSync(f1, src.replace('"IM",', '"IMP",'));
    await expect(readNationalTable(f1)).rejects.toThrow(TableFormatError);
    await expect(readNationalTable(f1)).rejects.toThrow(
      /china_2015_renamed\.csv, line 1 \(header\): found no column IM .*expected a column IM; known NBS layouts/,
    );
    const f2 = join(tmp, 'china_2017_trunc.csv');
    const src17 = readFileSync(dataPath('china_nbs_io', 'china_2017_42.csv'), 'utf8').split('\n');
    writeFileSync(f2, src17.slice(0, 60).join('\n'));
    await expect(readNationalTable(f2)).rejects.toThrow(/china_2017_trunc\.csv, column Code\/Origin: found no row 18 with Origin Imports/);
    const f3 = join(tmp, 'china_2018_cell.csv');
    const src18 = readFileSync(dataPath('china_nbs_io', 'china_2018_42.csv'), 'utf8').split('\n');
    src18[3] = src18[3].replace(/,([0-9.]+),/, ',x12,');
    writeFileSync(f3, src18.join('\n'));
    await expect(readNationalTable(f3)).rejects.toThrow(/china_2018_cell\.csv, line 4, column \d+: found 'x12'; expected a number/);
  });
});

describe('OECD NIOT reader', () => {
  for (const name of ['CHN_1995', 'CHN_2011', 'CHN_2018', 'JPN_1995', 'JPN_2011', 'JPN_2018']) {
    it(`OECD21ed_${name}: x = OUTPUT and VA = VALU + net taxes within the file's rounding`, async () => {
      const path = dataPath('oecd_niot2021_chn_jpn', `OECD21ed_${name}.csv`);
      const t = await readNationalTable(path);
      expect(t.country).toBe(name.slice(0, 3));
      expect(t.year).toBe(Number(name.slice(4)));
      const f = cells(path);
      const x = t.x;
      const va = t.va;
      let outSum = 0;
      let impSum = 0;
      t.sectors.forEach((s, j) => {
        const out = f.get('OUTPUT', s);
        outSum += out;
        impSum -= f.get(s, 'IMPO');
        // the file is published to 0.1: 0.05 per cell over up to 55 cells
        expect(Math.abs(x[j] - out)).toBeLessThanOrEqual(3);
        const primary = f.get('VALU', s) + f.get('TXS_IMP_FNL', s) + f.get('TXS_INT_FNL', s);
        expect(Math.abs(va[j] - primary)).toBeLessThanOrEqual(6);
      });
      expect(
        close(
          t.imports.reduce((a, b) => a + b, 0),
          impSum,
          1e-9,
        ),
      ).toBe(true);
      expect(
        close(
          x.reduce((a, b) => a + b, 0),
          outSum,
          1e-4,
        ),
      ).toBe(true);
      expect(readerFor(path).format).toBe('oecd-niot');
    });
  }

  it('names a renamed column and a truncated file', async () => {
    const f = join(tmp, 'OECD21ed_JPN_2018.csv');
    writeFileSync(f, readFileSync(dataPath('oecd_niot2021_chn_jpn', 'OECD21ed_JPN_2018.csv'), 'utf8').replace('"EXPO"', '"EXPORTS"'));
    await expect(readNationalTable(f)).rejects.toThrow(
      /OECD21ed_JPN_2018\.csv, line 1 \(header\): found no column EXPO .*known OECD NIOT layouts/,
    );
    const g = join(tmp, 'OECD21ed_CHN_2011.csv');
    writeFileSync(g, readFileSync(dataPath('oecd_niot2021_chn_jpn', 'OECD21ed_CHN_2011.csv'), 'utf8').split('\n').slice(0, 48).join('\n'));
    await expect(readNationalTable(g)).rejects.toThrow(/OECD21ed_CHN_2011\.csv, column Code: found no row OUTPUT/);
  });
});

describe('national value chain measures', () => {
  it('one-sector hand example: x = 100, Ad = 0.2, Am = 0.1, v = 0.7', () => {
    const m = (v: number) => Matrix.fromRows([[v]]);
    const t = new NationalTable({
      country: 'XXX',
      sectors: ['s'],
      fdCategories: ['c'],
      Zd: m(20),
      Zm: m(10),
      Yd: m(50),
      Ym: m(5),
      exports: Float64Array.of(30),
      importSplit: 'table',
    });
    const d = nationalMeasures(t);
    expect(d.bySector.output[0]).toBe(100);
    expect(d.bySector.dva_share[0]).toBeCloseTo(0.7 / 0.8, 14);
    expect(d.bySector.dva_exports[0]).toBeCloseTo(26.25, 12);
    expect(d.bySector.vs_share[0]).toBeCloseTo(0.125, 14);
    expect(d.bySector.length_backward[0]).toBeCloseTo(1.25, 14);
    expect(d.bySector.length_forward[0]).toBeCloseTo(1.25, 14);
    expect(d.bySector.import_direct_share[0]).toBeCloseTo(1 / 3, 14);
    expect(d.bySector.import_penetration[0]).toBeCloseTo(15 / 85, 14);
  });

  for (const path of [
    ...NBS.map((n) => dataPath('china_nbs_io', `${n}.csv`)),
    dataPath('oecd_niot2021_chn_jpn', 'OECD21ed_JPN_2018.csv'),
    dataPath('oecd_niot2021_chn_jpn', 'OECD21ed_CHN_2018.csv'),
  ]) {
    it(`${path.split('/').pop()}: shares in [0,1], DVA + VS = 1, lengths ≥ 1, equal to an explicit inverse`, async () => {
      const t = await readNationalTable(path);
      const d = nationalMeasures(t);
      const x = t.x;
      const N = t.N;
      // explicit Ld for an independent check (1e-9)
      const IA = new Matrix(N, N);
      for (let j = 0; j < N; j++)
        for (let i = 0; i < N; i++) IA.data[i + j * N] = (i === j ? 1 : 0) - (x[j] > 0 ? t.Zd.data[i + j * N] / x[j] : 0);
      const Ld = inverse(IA);
      const va = t.va;
      for (let j = 0; j < N; j++) {
        const b = d.bySector;
        if (!(x[j] > 0)) {
          expect(d.zeroOutput).toContain(t.sectors[j]);
          continue;
        }
        for (const k of ['dva_share', 'vs_share', 'import_direct_share', 'import_penetration'] as const) {
          expect(b[k][j]).toBeGreaterThanOrEqual(-1e-12);
          expect(b[k][j]).toBeLessThanOrEqual(1 + 1e-12);
        }
        expect(Math.abs(b.dva_share[j] + b.vs_share[j] - 1)).toBeLessThan(1e-9);
        expect(b.length_backward[j]).toBeGreaterThanOrEqual(1 - 1e-12);
        expect(b.length_forward[j]).toBeGreaterThanOrEqual(1 - 1e-12);
        let dva = 0;
        let plb = 0;
        for (let i = 0; i < N; i++) {
          if (x[i] > 0) dva += (va[i] / x[i]) * Ld.data[i + j * N];
          plb += Ld.data[i + j * N];
        }
        expect(close(b.dva_share[j], dva, 1e-9)).toBe(true);
        expect(close(b.length_backward[j], plb, 1e-9)).toBe(true);
      }
      // national totals: DVAR = DVA / E, DVA + VS = E, output-weighted lengths agree (1ᵀ Ld x both ways)
      expect(close(d.total.dva + d.total.vs, d.total.exports, 1e-9)).toBe(true);
      expect(d.total.dvar).toBeGreaterThan(0.5);
      expect(d.total.dvar).toBeLessThan(1);
      expect(close(d.total.lengthBackward, d.total.lengthForward, 1e-9)).toBe(true);
    });
  }
});
