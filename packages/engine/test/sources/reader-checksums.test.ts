// Every reader's numbers, bit for bit, on every table of $CATENA_SHARED/data:
// (1) against checksums captured with the readers as they were before the one-text-stack rewrite
//     (commit ca3767a; scripts/reader-checksums.mjs states how), tolerance 0 (SHA-256 of the bytes);
// (2) the wide CSV tables against an independent straightforward parse in this test (split on
//     commas, Number() per cell), tolerance 0 (Object.is on every cell);
// (3) a table read from bytes in memory (an upload) equals the same table read from its path.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readerFor, readTable } from '../../src/index.js';
import { dataPath } from '../shared.js';

const want = JSON.parse(readFileSync(new URL('./fixtures/reader-checksums.json', import.meta.url), 'utf8')) as Record<
  string,
  {
    format: string;
    countries: number;
    sectors: number;
    fd: string;
    Z: string;
    Y: string;
    storedOutput: string | null;
    storedVA: string | null;
  }
>;

const hash = (a: Float64Array | undefined) =>
  a
    ? createHash('sha256')
        .update(Buffer.from(a.buffer, a.byteOffset, a.byteLength))
        .digest('hex')
        .slice(0, 16)
    : null;

describe('every reader on every shared table gives the numbers of the readers before the rewrite', () => {
  const names = Object.keys(want);
  it(`covers the shared tables (${names.length})`, () => {
    expect(names.length).toBe(45);
    expect(new Set(names.map((n) => want[n].format))).toEqual(
      new Set(['wide', 'matrices', 'pymrio', 'china-nbs', 'oecd-niot', 'oecd-icio', 'eora26', 'exiobase', 'gloria', 'wiod-xlsx']),
    );
  });
  for (const name of names) {
    it(name, async () => {
      const w = want[name];
      const path = dataPath(...name.split('/'));
      expect(readerFor(path).format).toBe(w.format);
      const t = await readTable(path);
      expect([t.countries.length, t.sectors.length, t.fdCategories.join(' ')]).toEqual([w.countries, w.sectors, w.fd]);
      expect({ Z: hash(t.Z.data), Y: hash(t.Y.data), storedOutput: hash(t.storedOutput), storedVA: hash(t.storedVA) }).toEqual({
        Z: w.Z,
        Y: w.Y,
        storedOutput: w.storedOutput,
        storedVA: w.storedVA,
      });
    });
  }
});

/** The straightforward parse: lines, commas, Number() (the wide tables have no quotes or NA). */
function referenceWide(path: string) {
  let buf = readFileSync(path);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  const lines = buf
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const cs = rows.filter((r) => header.indexOf(r[0]) > 0);
  return { header, cs, num: (c: string) => (c.trim() === '' ? 0 : Number(c)) };
}

describe('wide CSV tables equal a straightforward Number() parse of their text', () => {
  const tables = [
    ['wiod2013', 'wiot1995_2013rel_int.csv.gz'],
    ['wiod2013', 'wiot2011_2013rel_int.csv.gz'],
    ['wiod2013_regional7', 'wiot2011_regional7.csv.gz'],
    ['exvatools_testdata', 'wiodtest_data.csv'],
    ['leather', 'leather_wide.csv'],
  ];
  for (const parts of tables) {
    it(parts.join('/'), async () => {
      const path = dataPath(...parts);
      const { header, cs, num } = referenceWide(path);
      // read with the splits kept: melding sums rows, the reference does not
      const t = await readTable(path, { keepSplits: true });
      const GN = cs.length;
      expect(t.GN).toBe(GN);
      let checked = 0;
      for (let i = 0; i < GN; i++)
        for (let j = 0; j < GN; j++) {
          const v = num(cs[i][j + 1]);
          if (!Object.is(t.Z.data[i + j * GN], v))
            throw new Error(`${path}: Z[${i}, ${j}] = ${t.Z.data[i + j * GN]}, text ${cs[i][j + 1]}`);
          checked++;
        }
      // final demand: each CCC_category column summed into its place is checked through the row totals
      const fdCols = header.map((_, j) => j).filter((j) => j > GN && !/^(go|out|output|total_output|total|x)$/i.test(header[j]));
      for (let i = 0; i < GN; i++) {
        const want = fdCols.reduce((a, j) => a + num(cs[i][j]), 0);
        let got = 0;
        for (let k = 0; k < t.Y.cols; k++) got += t.Y.data[i + k * GN];
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
      }
      expect(checked).toBe(GN * GN);
    });
  }

  it('reads the same table from bytes in memory (an upload, gzip) as from its path', async () => {
    const path = dataPath('wiod2013', 'wiot2011_2013rel_int.csv.gz');
    const a = await readTable(path);
    const b = await readTable({ name: 'wiot2011_2013rel_int.csv.gz', bytes: readFileSync(path) });
    expect(hash(b.Z.data)).toBe(hash(a.Z.data));
    expect(hash(b.Y.data)).toBe(hash(a.Y.data));
    expect(b.countries).toEqual(a.countries);
    const lp = dataPath('leather', 'leather_wide.csv');
    const c = await readTable({ name: 'leather_wide.csv', bytes: new Uint8Array(readFileSync(lp)) });
    expect(hash(c.Z.data)).toBe(hash((await readTable(lp)).Z.data));
  });
});
