/**
 * Readers, IcioTable and Model on every layout in shared/data that the foundation reads.
 * Totals are checked against sums of the files' own cells, computed here independently of the
 * readers (plain string splitting).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Matrix, matvec } from '@catena/linalg';
import { IcioTable, Model, TableFormatError, readTable, sampleWorld } from '../src/index.js';
import { close, dataPath } from './shared.js';

/** Raw cells of a (possibly gzipped) CSV, quotes stripped. */
function rawCsv(path: string): string[][] {
  let buf = readFileSync(path);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  return buf
    .toString('utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

/** Sums of a wide CSV: intermediate block, final-demand block and output column, from the raw cells. */
function wideSums(path: string): { Z: number; Y: number; GO: number; rows: number; cols: number } {
  const cells = rawCsv(path);
  const head = cells[0];
  const labels = new Set(cells.slice(1).map((r) => r[0]));
  let Z = 0;
  let Y = 0;
  let GO = 0;
  for (const r of cells.slice(1)) {
    head.forEach((h, j) => {
      if (j === 0) return;
      const v = Number(r[j]);
      if (labels.has(h)) Z += v;
      else if (/^(GO|out|total_output)$/i.test(h)) GO += v;
      else Y += v;
    });
  }
  return { Z, Y, GO, rows: cells.length - 1, cols: head.length };
}

const WIOD2011 = dataPath('wiod2013', 'wiot2011_2013rel_int.csv.gz');

describe('wide CSV reader', () => {
  const files: [string, number, number, number][] = [
    // path, G, N, F
    [WIOD2011, 41, 35, 5],
    [dataPath('wiod2013', 'wiot1995_2013rel_int.csv.gz'), 41, 35, 5],
    [dataPath('wiod2013_regional7', 'wiot2011_regional7.csv.gz'), 7, 35, 5],
    [dataPath('wiod2013_regional7', 'wiot1995_regional7.csv.gz'), 7, 35, 5],
    [dataPath('leather', 'leather_wide.csv'), 3, 3, 1],
    [dataPath('exvatools_testdata', 'wiodtest_data.csv'), 6, 3, 2],
    [dataPath('textbook_miller_blair', 'mb2009_ch2_two_sector.csv'), 1, 2, 1],
  ];
  for (const [path, G, N, F] of files) {
    it(`reads ${path.split('/').slice(-2).join('/')} with the file's dimensions and sums`, async () => {
      const t = await readTable(path);
      expect([t.G, t.N, t.F]).toEqual([G, N, F]);
      const s = wideSums(path);
      const tot = t.totals();
      expect(close(tot.intermediate, s.Z, 1e-12)).toBe(true);
      expect(close(tot.finalDemand, s.Y, 1e-12)).toBe(true);
      expect(close(tot.output, s.Z + s.Y, 1e-12)).toBe(true);
      if (t.storedOutput)
        expect(
          close(
            t.storedOutput.reduce((a, b) => a + b, 0),
            s.GO,
            1e-12,
          ),
        ).toBe(true);
      // VA = x − column sums of Z, so total VA equals total final demand
      expect(close(tot.valueAdded, tot.finalDemand, 1e-9)).toBe(true);
    });
  }

  it('names WIOD years and units from the file', async () => {
    const t = await readTable(WIOD2011);
    expect(t.year).toBe(2011);
    expect(t.unit).toBe('million USD');
    expect(t.countries[6]).toBe('CHN');
    expect(t.sectors[0]).toBe('c1');
    expect(t.fdCategories).toEqual(['CONS_h', 'CONS_np', 'CONS_g', 'GFCF', 'INVEN']);
  });

  it('melds the OECD CN1/CN2 and MX1/MX2 splits into CHN and MEX (exvatools ICIO test table)', async () => {
    const path = dataPath('exvatools_testdata', 'iciotest_data.csv');
    const melded = await readTable(path);
    const kept = await readTable(path, { keepSplits: true });
    expect(melded.countries).toEqual(['ESP', 'FRA', 'MEX', 'USA', 'CHN', 'ROW']);
    expect(kept.countries).toEqual(['ESP', 'FRA', 'MEX', 'USA', 'CHN', 'ROW', 'MX1', 'MX2', 'CN1', 'CN2']);
    expect(melded.F).toBe(2);
    // totals preserved; the split rows are the only source of the CHN rows
    const s = wideSums(path);
    expect(close(melded.totals().intermediate, s.Z, 1e-12)).toBe(true);
    expect(close(melded.totals().finalDemand, s.Y, 1e-12)).toBe(true);
    const chn = melded.countryIndex('CHN') * 3;
    const cn1 = kept.countryIndex('CN1') * 3;
    const cn2 = kept.countryIndex('CN2') * 3;
    const esp = 0;
    // flow CHN_01T09 → ESP_01T09 = CN1_01T09 → ESP_01T09 + CN2_01T09 → ESP_01T09
    expect(melded.Z.get(chn, esp)).toBeCloseTo(kept.Z.get(cn1, esp) + kept.Z.get(cn2, esp), 10);
    // flow ESP_10T39 → CHN_41T98 (column meld)
    expect(melded.Z.get(1, chn + 2)).toBeCloseTo(kept.Z.get(1, cn1 + 2) + kept.Z.get(1, cn2 + 2), 10);
  });
});

describe('matrices (leather) and pymrio readers', () => {
  it('reads the leather triplet: the same numbers as the wide file', async () => {
    const tri = await readTable(dataPath('leather'), {
      countries: ['Argentina', 'Turkey', 'Germany'],
      sectors: ['Agriculture', 'Textile_and_Leather', 'Transport_Equipment'],
    });
    const wide = await readTable(dataPath('leather', 'leather_wide.csv'));
    expect(tri.labels()).toEqual(wide.labels());
    expect(Array.from(tri.Z.data)).toEqual(Array.from(wide.Z.data));
    expect(Array.from(tri.Y.data)).toEqual(Array.from(wide.Y.data));
    // leather rows balance exactly: x equals the stored output
    tri.x.forEach((x, i) => expect(x).toBeCloseTo(tri.storedOutput![i], 9));
    expect(tri.validate().filter((d) => d.code === 'output-imbalance')).toEqual([]);
  });

  it('reads the pymrio test MRIO with its sums', async () => {
    const t = await readTable(dataPath('pymrio_testmrio'));
    expect([t.G, t.N, t.F]).toEqual([6, 8, 7]);
    expect(t.countries).toEqual(['reg1', 'reg2', 'reg3', 'reg4', 'reg5', 'reg6']);
    expect(t.unit).toBe('Mill USD');
    const sumFile = (name: string, skip: number, labels: number) =>
      readFileSync(dataPath('pymrio_testmrio', 'mrio_data', name), 'utf8')
        .split('\n')
        .slice(skip)
        .filter((l) => l.trim())
        .reduce(
          (acc, l) =>
            acc +
            l
              .split('\t')
              .slice(labels)
              .reduce((a, c) => a + Number(c), 0),
          0,
        );
    expect(close(t.totals().intermediate, sumFile('trade_flows_Z.txt', 2, 3), 1e-12)).toBe(true);
    expect(close(t.totals().finalDemand, sumFile('finald_demand_Y.txt', 2, 3), 1e-12)).toBe(true);
    expect(
      close(
        t.storedVA!.reduce((a, b) => a + b, 0),
        sumFile('factor_input.txt', 2, 2),
        1e-12,
      ),
    ).toBe(true);
  });
});

describe('diagnostics on WIOD 2011', () => {
  it('name exactly the country-sectors with x ≤ 0 and with negative value added', async () => {
    const t = await readTable(WIOD2011);
    // independent computation from the raw cells
    const cells = rawCsv(WIOD2011);
    const head = cells[0];
    const rows = cells.slice(1);
    const GN = rows.length;
    const x = rows.map((r) => r.slice(1, head.length - 1).reduce((a, c) => a + Number(c), 0));
    const colSum = new Array(GN).fill(0);
    for (const r of rows) for (let j = 0; j < GN; j++) colSum[j] += Number(r[j + 1]);
    const nonpos = rows.filter((_, i) => x[i] <= 0).map((r) => r[0]);
    const negva = rows.filter((_, i) => x[i] - colSum[i] < 0).map((r) => r[0]);
    const d = t.validate();
    const got = (code: string) => d.find((e) => e.code === code)?.items.map((it) => it.label) ?? [];
    expect(got('nonpositive-output')).toEqual(nonpos);
    expect(got('negative-value-added')).toEqual(negva);
    expect(nonpos.length).toBeGreaterThanOrEqual(18);
    expect(nonpos.length).toBeLessThanOrEqual(22);
    expect(nonpos).toContain('AUS_c35');
    expect(negva).toContain('LUX_c24');
  });
});

describe('Model', () => {
  it('on leather, B·y = x and v·B = 1', async () => {
    const t = await readTable(dataPath('leather', 'leather_wide.csv'));
    const m = Model.build(t);
    const y = t.Y.rowSums();
    const By = matvec(m.B, y);
    By.forEach((v, i) => expect(close(v, t.x[i], 1e-12)).toBe(true));
    const vB = matvec(m.B, m.v, true);
    vB.forEach((v) => expect(v).toBeCloseTo(1, 12));
    // the factorisation solves the same system without the inverse
    const x2 = m.solve(y);
    x2.forEach((v, i) => expect(close(v, t.x[i], 1e-12)).toBe(true));
  });

  it('local inverses are (I − A_ss)⁻¹', () => {
    const t = sampleWorld({ countries: 3, sectors: 4, seed: 7 });
    const m = Model.build(t);
    const L = m.partition().localInverse(1);
    const A11 = m.Ass(1);
    // (I − A11)·L = I
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        let s = L.get(i, j);
        for (let k = 0; k < 4; k++) s -= A11.get(i, k) * L.get(k, j);
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });

  it('exports: E_sr has no domestic flows and sums to the gross exports of the table', async () => {
    const t = await readTable(dataPath('exvatools_testdata', 'wiodtest_data.csv'));
    const m = Model.build(t);
    for (let s = 0; s < t.G; s++) for (let i = s * t.N; i < (s + 1) * t.N; i++) expect(m.Esr.get(i, s)).toBe(0);
    expect(
      close(
        m.E.reduce((a, b) => a + b, 0),
        t.totals().exports,
        1e-12,
      ),
    ).toBe(true);
    expect(m.memoryBytes()).toBeGreaterThan(m.A.data.byteLength);
  });

  it('WIOD 2011: sectors with x ≤ 0 get zero coefficients, no NaN anywhere', async () => {
    const t = await readTable(WIOD2011);
    const m = Model.build(t);
    expect(m.zeroOutput.length).toBe(t.validate().find((d) => d.code === 'nonpositive-output')!.items.length);
    for (const j of m.zeroOutput) {
      expect(m.v[j]).toBe(0);
      expect(m.A.col(j).every((a) => a === 0)).toBe(true);
    }
    expect(m.v.every(Number.isFinite)).toBe(true);
    const x = m.solve(t.Y.rowSums());
    x.forEach((v, i) => expect(close(v, t.x[i], 1e-8)).toBe(true));
  });
});

describe('aggregate', () => {
  it('countries → regions and sectors → groups preserve totals and flows', () => {
    const t = sampleWorld({ countries: 4, sectors: 3, seed: 3 });
    const a = t.aggregate({
      countries: { CHN: 'ASIA', USA: 'AMER', DEU: 'EUR', JPN: 'ASIA' },
      sectors: { s01: 'primary', s02: 'manuf', s03: 'manuf' },
    });
    expect(a.countries).toEqual(['ASIA', 'AMER', 'EUR']);
    expect(a.sectors).toEqual(['primary', 'manuf']);
    expect(close(a.totals().output, t.totals().output, 1e-12)).toBe(true);
    // ASIA_manuf → EUR_primary = sum over CHN, JPN × s02, s03 → DEU_s01
    let want = 0;
    for (const s of [0, 3]) for (const n of [1, 2]) want += t.Z.get(s * 3 + n, 2 * 3 + 0);
    expect(a.Z.get(0 * 2 + 1, 2 * 2 + 0)).toBeCloseTo(want, 10);
  });

  it('rejects incomplete or unknown mappings, naming the codes', () => {
    const t = sampleWorld({ countries: 3, sectors: 2 });
    expect(() => t.aggregate({ countries: { CHN: 'A', USA: 'A' } })).toThrow(/leaves out DEU/);
    expect(() => t.aggregate({ countries: { CHN: 'A', USA: 'A', DEU: 'B', XXX: 'B' } })).toThrow(/XXX/);
  });
});

describe('malformed input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'catena-bad-'));
  const leather = readFileSync(dataPath('leather', 'leather_wide.csv'), 'utf8').split('\n');

  it('a ragged row names the file, the line and the cell counts', async () => {
    const p = join(dir, 'ragged.csv');
    writeFileSync(p, [leather[0], leather[1], leather[2].split(',').slice(0, -2).join(','), ...leather.slice(3)].join('\n'));
    await expect(readTable(p)).rejects.toThrow(TableFormatError);
    await expect(readTable(p)).rejects.toThrow(/ragged\.csv, line 3: found 12 cells; expected 14 cells/);
  });

  it('text in a number cell names the line, the column and the text', async () => {
    const p = join(dir, 'text.csv');
    const cells = leather[4].split(',');
    cells[5] = 'n/a';
    writeFileSync(p, [...leather.slice(0, 4), cells.join(','), ...leather.slice(5)].join('\n'));
    await expect(readTable(p)).rejects.toThrow(/text\.csv, line 5, column Turkey_Textile_and_Leather: found 'n\/a'; expected a number/);
  });

  it('a missing file says so', async () => {
    await expect(readTable(join(dir, 'nope.csv'))).rejects.toThrow(/nope\.csv: found no such file or folder/);
  });

  it('a non-square Z is rejected with its shape', async () => {
    const sub = mkdtempSync(join(tmpdir(), 'catena-nonsquare-'));
    const inter = readFileSync(dataPath('leather', 'leather_inter.csv'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(',').slice(0, 8).join(','));
    writeFileSync(join(sub, 'bad_inter.csv'), inter.join('\n'));
    writeFileSync(join(sub, 'bad_final.csv'), readFileSync(dataPath('leather', 'leather_final.csv')));
    await expect(readTable(sub)).rejects.toThrow(/found a 9 × 8 matrix; expected a square intermediate matrix/);
  });

  it('rows out of country order are rejected', async () => {
    const p = join(dir, 'order.csv');
    writeFileSync(p, [leather[0], leather[4], leather[2], leather[3], leather[1], ...leather.slice(5)].join('\n'));
    await expect(readTable(p)).rejects.toThrow(TableFormatError);
  });

  it('an IcioTable with inconsistent shapes says what was expected', () => {
    expect(
      () => new IcioTable({ countries: ['A', 'B'], sectors: ['x'], fdCategories: ['f'], Z: new Matrix(2, 3), Y: new Matrix(2, 2) }),
    ).toThrow(/Z is \(2, 3\), expected \(2, 2\)/);
  });

  it('a singular I − A is reported, not turned into NaN', () => {
    // one sector using exactly its whole output as its own input: column sum of A = 1
    const t = new IcioTable({
      countries: ['A'],
      sectors: ['s1', 's2'],
      fdCategories: ['f'],
      Z: Matrix.fromRows([
        [10, 0],
        [0, 5],
      ]),
      Y: Matrix.fromRows([[0], [5]]),
    });
    expect(() => Model.build(t)).toThrow(/singular at A_s1/);
  });
});

describe('NaN in a table', () => {
  it('is reported by validate() and stops Model.build naming the cell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catena-nan-'));
    const lines = readFileSync(dataPath('leather', 'leather_wide.csv'), 'utf8').split('\n');
    const cells = lines[2].split(',');
    cells[4] = 'NA';
    const p = join(dir, 'nan.csv');
    writeFileSync(p, [lines[0], lines[1], cells.join(','), ...lines.slice(3)].join('\n'));
    const t = await readTable(p);
    const d = t.validate().find((e) => e.code === 'non-finite');
    expect(d?.severity).toBe('error');
    expect(d?.items[0].label).toBe('Argentina_Textile_and_Leather');
    expect(() => Model.build(t)).toThrow(
      /intermediate flow Argentina_Textile_and_Leather → Turkey_Agriculture is NaN; expected a finite number/,
    );
  });
});
