/**
 * Eora26, EXIOBASE (1, 2, 3) and GLORIA readers on the mock distributions of
 * shared/data/mock_formats, on corrupted copies, and against the pymrio integration reference
 * (the mocks carry the pymrio test MRIO: 6 regions × 8 sectors).
 */
import { copyFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inverse, Matrix } from '@catena/linalg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readerFor, readTable, TableFormatError, type IcioTable } from '../../src/index.js';
import { readEora26 } from '../../src/sources/eora26.js';
import { readExiobase } from '../../src/sources/exiobase.js';
import { readGloria } from '../../src/sources/gloria.js';
import { close, dataPath, refPath } from '../shared.js';

const MOCK = (...p: string[]) => dataPath('mock_formats', ...p);
const tmp = mkdtempSync(join(tmpdir(), 'catena-readers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Sum of every number in a tab-separated file without labels (an independent parse). */
function fileSum(path: string, sep = '\t'): number {
  let s = 0;
  for (const l of readFileSync(path, 'utf8').split('\n')) for (const c of l.split(sep)) if (c.trim() !== '') s += Number(c);
  return s;
}

function copyDir(src: string, name: string): string {
  const d = join(tmp, name);
  cpSync(src, d, { recursive: true });
  return d;
}

describe('Eora26 reader', () => {
  let t: IcioTable;
  beforeAll(async () => {
    t = await readEora26(MOCK('eora26_mock'));
  });

  it('reads labels, dimensions, year and the flows as in the files', () => {
    expect([t.G, t.N, t.F]).toEqual([6, 8, 7]);
    expect(t.countries).toEqual(['reg1', 'reg2', 'reg3', 'reg4', 'reg5', 'reg6']);
    expect(t.sectors[0]).toBe('food');
    expect(t.year).toBe(2010);
    const tot = t.totals();
    expect(close(tot.intermediate, fileSum(MOCK('eora26_mock', 'Eora26_2010_bp_T.txt')), 1e-12)).toBe(true);
    expect(close(tot.finalDemand, fileSum(MOCK('eora26_mock', 'Eora26_2010_bp_FD.txt')), 1e-12)).toBe(true);
    expect(
      close(
        t.storedVA!.reduce((a, b) => a + b, 0),
        fileSum(MOCK('eora26_mock', 'Eora26_2010_bp_VA.txt')),
        1e-12,
      ),
    ).toBe(true);
  });

  it('reproduces the pymrio integration reference M = (VA/x)(I − A)⁻¹ (rtol 1e-5, as pymrio)', () => {
    const ref = JSON.parse(readFileSync(refPath('REFERENCE_pymrio_test_integration.json'), 'utf8')) as { M: number[] };
    const x = t.x;
    const GN = t.GN;
    const IA = new Matrix(GN, GN);
    for (let j = 0; j < GN; j++) for (let i = 0; i < GN; i++) IA.data[i + j * GN] = (i === j ? 1 : 0) - t.Z.data[i + j * GN] / x[j];
    const L = inverse(IA);
    for (let j = 0; j < GN; j++) {
      let m = 0;
      for (let i = 0; i < GN; i++) m += (t.storedVA![i] / x[i]) * L.data[i + j * GN];
      expect(Math.abs(m - ref.M[j])).toBeLessThanOrEqual(1e-5 * Math.abs(ref.M[j]) + 1e-8);
    }
  });

  it("keeps Eora's one-sector rest of the world, padded to the common sectors (world totals kept)", async () => {
    const d = copyDir(MOCK('eora26_mock'), 'eora-row');
    const rd = (f: string) => readFileSync(join(d, f), 'utf8').trim().split('\n');
    const wr = (f: string, lines: string[]) => writeFileSync(join(d, f), lines.join('\n') + '\n');
    wr('labels_T.txt', [...rd('labels_T.txt'), 'Rest of the World\tROW\tIndustries\tTOTAL']);
    const fdLabels = rd('labels_FD.txt');
    const cats = fdLabels.slice(0, 7).map((l) => l.split('\t')[3]);
    wr('labels_FD.txt', [...fdLabels, ...cats.map((c) => `Rest of the World\tROW\tFinal Demand\t${c}`)]);
    const T = rd('Eora26_2010_bp_T.txt').map((l, i) => `${l}\t${i + 1}`);
    T.push(Array.from({ length: 49 }, (_, j) => String(j === 48 ? 5 : 2)).join('\t'));
    wr('Eora26_2010_bp_T.txt', T);
    const FD = rd('Eora26_2010_bp_FD.txt').map((l) => `${l}\t1\t0\t0\t0\t0\t0\t0`);
    FD.push(Array.from({ length: 49 }, () => '3').join('\t'));
    wr('Eora26_2010_bp_FD.txt', FD);
    wr(
      'Eora26_2010_bp_VA.txt',
      rd('Eora26_2010_bp_VA.txt').map((l) => `${l}\t7`),
    );
    const t2 = await readEora26(d);
    expect(t2.countries).toEqual([...t.countries, 'ROW']);
    expect(t2.N).toBe(8);
    const row0 = 6 * 8;
    expect(t2.Z.get(row0, row0)).toBe(5);
    expect(t2.Z.get(0, row0)).toBe(1);
    expect(t2.Z.get(row0, 0)).toBe(2);
    for (let n = 1; n < 8; n++) expect(t2.x[row0 + n]).toBe(0);
    expect(close(t2.totals().intermediate, fileSum(join(d, 'Eora26_2010_bp_T.txt')), 1e-12)).toBe(true);
    expect(close(t2.totals().finalDemand, fileSum(join(d, 'Eora26_2010_bp_FD.txt')), 1e-12)).toBe(true);
    expect(t2.Y.get(0, 6 * 7)).toBe(1);
  });

  it('is detected from the folder and from any of its files', () => {
    expect(readerFor(MOCK('eora26_mock')).format).toBe('eora26');
    expect(readerFor(MOCK('eora26_mock', 'Eora26_2010_bp_FD.txt')).format).toBe('eora26');
  });

  it('names the missing label file', async () => {
    const d = copyDir(MOCK('eora26_mock'), 'eora-nolabels');
    rmSync(join(d, 'labels_T.txt'));
    await expect(readEora26(d)).rejects.toThrow(TableFormatError);
    await expect(readEora26(d)).rejects.toThrow(/labels_T\.txt.*Eora26_2010_bp_T\.txt/);
  });

  it('names a renamed sector label', async () => {
    const d = copyDir(MOCK('eora26_mock'), 'eora-renamed');
    const f = join(d, 'labels_T.txt');
    const lines = readFileSync(f, 'utf8').split('\n');
    lines[9] = lines[9].replace('mining', 'minerals');
    writeFileSync(f, lines.join('\n'));
    await expect(readEora26(d)).rejects.toThrow(
      /labels_T\.txt, region reg2: found sectors food, minerals, manufactoring…; expected the sector list of the other regions/,
    );
  });

  it('reports a truncated matrix with the file and the row count', async () => {
    const d = copyDir(MOCK('eora26_mock'), 'eora-trunc');
    const f = join(d, 'Eora26_2010_bp_T.txt');
    writeFileSync(f, readFileSync(f, 'utf8').split('\n').slice(0, 30).join('\n'));
    await expect(readEora26(d)).rejects.toThrow(/Eora26_2010_bp_T\.txt.*30 rows \(truncated\?\); expected 48 rows/);
  });

  it('reports a cut line and a non-numeric cell with line and column', async () => {
    const d = copyDir(MOCK('eora26_mock'), 'eora-cell');
    const f = join(d, 'Eora26_2010_bp_FD.txt');
    const lines = readFileSync(f, 'utf8').split('\n');
    lines[4] = lines[4].replace(/^[^\t]+/, 'abc');
    writeFileSync(f, lines.join('\n'));
    await expect(readEora26(d)).rejects.toThrow(/Eora26_2010_bp_FD\.txt, line 5, column 1: found 'abc'; expected a number/);
  });
});

describe('EXIOBASE reader', () => {
  let eora: IcioTable;
  beforeAll(async () => {
    eora = await readEora26(MOCK('eora26_mock'));
  });

  it('EXIOBASE 3 (A, Y; x derived) carries the same MRIO as the Eora mock', async () => {
    const t = await readExiobase(MOCK('exio3_mock'));
    expect([t.G, t.N, t.F]).toEqual([6, 8, 7]);
    expect(t.countries).toEqual(['AUS', 'BRA', 'FIN', 'FRA', 'KOR', 'WWF']);
    expect(t.unit).toBe('Mill USD');
    for (let k = 0; k < t.Z.data.length; k++) expect(close(t.Z.data[k], eora.Z.data[k], 1e-7)).toBe(true);
    for (let k = 0; k < t.Y.data.length; k++) expect(close(t.Y.data[k], eora.Y.data[k], 1e-7)).toBe(true);
    expect(readerFor(MOCK('exio3_mock')).format).toBe('exiobase');
  });

  it('EXIOBASE 1 (folder) and 2 (zip) give the same table', async () => {
    const e1 = await readExiobase(MOCK('exio1_mock'));
    const e2 = await readExiobase(MOCK('exio2_mock', 'mrIOT_PxP_ita_coefficient_version2.2.2.zip'));
    expect(e1.countries).toEqual(eora.countries);
    for (let k = 0; k < e1.Z.data.length; k++) {
      expect(close(e1.Z.data[k], eora.Z.data[k], 1e-7)).toBe(true);
      expect(close(e2.Z.data[k], e1.Z.data[k], 1e-9)).toBe(true);
    }
    // stored VA = VA coefficients × x reproduces the Eora VA file
    for (let i = 0; i < e1.GN; i++) expect(close(e1.storedVA![i], eora.storedVA![i], 1e-6)).toBe(true);
  });

  it('reads an EXIOBASE 3 zip as downloaded (one top folder) and uses x.txt when present', async () => {
    const d = copyDir(MOCK('exio3_mock'), 'IOT_2011_ixi');
    const ref = await readExiobase(d);
    const x = ref.x;
    const lines = ['region\tsector\tindout', ...ref.labels().map((l, i) => `${l.split('_')[0]}\t${l.slice(l.indexOf('_') + 1)}\t${x[i]}`)];
    writeFileSync(join(d, 'x.txt'), lines.join('\n') + '\n');
    const { zipSync } = await import('fflate');
    const files: Record<string, Uint8Array> = {};
    for (const f of ['A.txt', 'Y.txt', 'x.txt', 'unit.txt']) files[`IOT_2011_ixi/${f}`] = readFileSync(join(d, f));
    const zip = join(tmp, 'IOT_2011_ixi.zip');
    writeFileSync(zip, zipSync(files));
    const t = await readTable(zip);
    expect(t.source).toMatch(/EXIOBASE 3 ixi/);
    expect(t.year).toBe(2011);
    expect(t.storedOutput).toBeDefined();
    for (let k = 0; k < t.Z.data.length; k++) expect(close(t.Z.data[k], ref.Z.data[k], 1e-9)).toBe(true);
    // a damaged zip
    const bad = join(tmp, 'IOT_2012_ixi.zip');
    writeFileSync(bad, readFileSync(zip).subarray(0, 200));
    await expect(readExiobase(bad)).rejects.toThrow(/IOT_2012_ixi\.zip: found a damaged zip/);
    // cut inside an entry: the central directory is gone, or the entry runs past the end
    const cut = join(tmp, 'IOT_2013_ixi.zip');
    writeFileSync(cut, readFileSync(zip).subarray(0, Math.floor(readFileSync(zip).length * 0.7)));
    await expect(readExiobase(cut)).rejects.toThrow(/IOT_2013_ixi\.zip: found a damaged zip .*truncated\?/);
  });

  it('names a renamed column and a truncated file', async () => {
    const d = copyDir(MOCK('exio3_mock'), 'exio-renamed');
    const f = join(d, 'A.txt');
    const lines = readFileSync(f, 'utf8').split('\n');
    lines[1] = lines[1].replace('\tmining\t', '\tminerals\t');
    writeFileSync(f, lines.join('\n'));
    await expect(readExiobase(d)).rejects.toThrow(/A\.txt, column 2 of the data: found AUS \/ minerals; expected AUS \/ mining/);
    const d2 = copyDir(MOCK('exio3_mock'), 'exio-trunc');
    const f2 = join(d2, 'Y.txt');
    const t = readFileSync(f2, 'utf8');
    writeFileSync(f2, t.slice(0, Math.floor(t.length * 0.6)));
    await expect(readExiobase(d2)).rejects.toThrow(
      /Y\.txt, line \d+: found \d+ cells; expected 44 cells, as the header \(a truncated file\?\)/,
    );
  });
});

describe('GLORIA reader (streaming, fixed product sales structure)', () => {
  const dir = MOCK('gloria_mock', 'GLORIA_MRIOs_59_2022');
  const T = join(dir, '0_120secMother_AllCountries_002_T-Results_2022_059_Markup001(full).csv');
  const rows = readFileSync(T, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(',').map(Number));
  const N = 3;
  const isInd = (k: number) => k % (2 * N) < N;

  it('reads labels from the ReadMe and keeps supply and use totals', async () => {
    const t = await readGloria(MOCK('gloria_mock'));
    expect(t.countries).toEqual(['AUS', 'AUT', 'AZE']);
    expect(t.sectors).toEqual(['Forestry and logging', 'Fishing', 'Crustaceans and molluscs']);
    expect(t.fdCategories.length).toBe(2);
    expect(t.year).toBe(2022);
    // x_i = Σ_p D_ip (use_p + final_p), D = market shares of the supply rows; intermediate inputs of j = use column sums
    const Yrows = readFileSync(join(dir, '0_120secMother_AllCountries_002_Y-Results_2022_059_Markup001(full).csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(',').map(Number));
    const x = t.x;
    const zc = t.Z.colSums();
    let k = 0;
    for (let r = 0; r < rows.length; r++) {
      if (!isInd(r)) continue;
      const idx = Math.floor(r / (2 * N)) * N + (r % (2 * N));
      let use = 0;
      for (let p = 0; p < rows.length; p++) if (!isInd(p)) use += rows[p][r];
      expect(close(zc[idx], use, 1e-10)).toBe(true);
      let want = 0;
      for (let c = 0; c < rows.length; c++) {
        if (rows[r][c] === 0) continue;
        let q = 0;
        for (let i = 0; i < rows.length; i++) if (isInd(i)) q += rows[i][c];
        const demand = rows[c].reduce((a, b) => a + b, 0) + Yrows[c].reduce((a, b) => a + b, 0);
        want += (rows[r][c] / q) * demand;
      }
      expect(close(x[idx], want, 1e-9)).toBe(true);
      k++;
    }
    expect(k).toBe(9);
    expect(readerFor(dir).format).toBe('gloria');
    expect(readerFor(T).format).toBe('gloria');
  });

  it('reads the T file of another markup when given', async () => {
    const t5 = await readGloria(join(dir, '0_120secMother_AllCountries_002_T-Results_2022_059_Markup005(full).csv'));
    expect(t5.source).toMatch(/Markup005/);
  });

  it('attributes a product nobody supplies to the industry of the same number (no flow lost)', async () => {
    const d = copyDir(MOCK('gloria_mock'), 'gloria-nosupply');
    const T2 = join(d, 'GLORIA_MRIOs_59_2022', '0_120secMother_AllCountries_002_T-Results_2022_059_Markup001(full).csv');
    const m = rows.map((r) => r.slice());
    m[2] = m[2].map(() => 0); // AUS industry 3 supplies nothing: product 3 of AUS has q = 0
    writeFileSync(T2, m.map((r) => r.join(',')).join('\n'));
    const t = await readGloria(d);
    const ref = await readGloria(MOCK('gloria_mock'));
    // the use of that product still reaches Z: same intermediate totals and column sums
    expect(close(t.totals().intermediate, ref.totals().intermediate, 1e-12)).toBe(true);
    const a = t.Z.colSums();
    const b = ref.Z.colSums();
    for (let j = 0; j < t.GN; j++) expect(close(a[j], b[j], 1e-12)).toBe(true);
  });

  it('names a renamed column of the ReadMe workbook', async () => {
    const d = copyDir(MOCK('gloria_mock'), 'gloria-readme');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(d, 'GLORIA_ReadMe_059.xlsx'));
    wb.getWorksheet('Regions')!.getRow(1).getCell(2).value = 'Region_codes';
    await wb.xlsx.writeFile(join(d, 'GLORIA_ReadMe_059.xlsx'));
    await expect(readGloria(d)).rejects.toThrow(
      /GLORIA_ReadMe_059\.xlsx, sheet Regions, row 1: found columns Lfd_Nr, Region_codes, Region_names; expected a column Region_acronyms/,
    );
  });

  it('names the missing ReadMe, a truncated T file and a misplaced value', async () => {
    const d = join(tmp, 'gloria-noreadme', 'GLORIA_MRIOs_59_2022');
    cpSync(dir, d, { recursive: true });
    await expect(readGloria(d)).rejects.toThrow(/GLORIA_ReadMe/);
    const d2 = copyDir(MOCK('gloria_mock'), 'gloria-trunc');
    const T2 = join(
      d2,
      'GLORIA_MRIOs_59_2022',
      readdirSync(join(d2, 'GLORIA_MRIOs_59_2022')).find((f) => f.includes('T-Results') && f.includes('001'))!,
    );
    writeFileSync(T2, readFileSync(T, 'utf8').split('\n').slice(0, 10).join('\n'));
    await expect(readGloria(d2)).rejects.toThrow(/found 10 rows \(truncated\?\); expected 18/);
    const bad = rows.map((r) => r.slice());
    bad[0][10] = 5; // an industry supplying another region's product
    writeFileSync(T2, bad.map((r) => r.join(',')).join('\n'));
    await expect(readGloria(d2)).rejects.toThrow(/line 1, column 11: .*expected supply only to the products of the industry's own region/);
    copyFileSync(T, T2);
    const t = await readGloria(d2);
    expect(t.G).toBe(3);
  });
});
