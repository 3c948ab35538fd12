// Hostile and unusual text input to the readers (issues 10.3, 10.5, 10.7, 16.2), each built on the
// fly: detection with a long header line, one number grammar in every reader, bounded inflating,
// and messages that name the actual problem.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeflateRaw, deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readerFor, readTable, TableFormatError } from '../../src/index.js';
import { forEachSourceLine, LineSplitter, MAX_LINE } from '../../src/sources/lines.js';
import { textSource } from '../../src/sources/stream.js';
import { dataPath } from '../shared.js';

const tmp = mkdtempSync(join(tmpdir(), 'catena-text-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const dir = () => {
  const d = join(tmp, `d${n++}`);
  mkdirSync(d);
  return d;
};
const write = (name: string, text: string | Buffer) => {
  const p = join(dir(), name);
  writeFileSync(p, text);
  return p;
};

async function failure(f: () => Promise<unknown>): Promise<TableFormatError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(TableFormatError);
    return e as TableFormatError;
  }
  throw new Error('expected a TableFormatError');
}

/** A wide CSV of G countries × N sectors with long labels, numbers from a seeded sequence. */
function wideCsv(G: number, N: number, label: (g: number, s: number) => string): { text: string; Z: number[][] } {
  const labels: string[] = [];
  for (let g = 0; g < G; g++) for (let s = 0; s < N; s++) labels.push(label(g, s));
  const fd = Array.from({ length: G }, (_, g) => `${label(g, 0).split('_')[0]}_HH`);
  const lines = [['row', ...labels, ...fd].join(',')];
  const Z: number[][] = [];
  let x = 7;
  for (let i = 0; i < labels.length; i++) {
    const z: number[] = [];
    for (let j = 0; j < labels.length; j++) z.push((x = (x * 48271) % 2147483647) % 1000);
    Z.push(z);
    lines.push([labels[i], ...z, ...fd.map((_, g) => 100 + g)].join(','));
  }
  return { text: lines.join('\n') + '\n', Z };
}

describe('layout detection reads the first line to its end, however long', () => {
  it('detects and reads a wide CSV whose header line is over 200 KB', async () => {
    // 8 countries × 25 sectors with 1 KB labels: a 200 KB header, checked cell by cell after reading
    const long = 'sector-with-a-very-long-descriptive-name-'.repeat(25);
    const { text, Z } = wideCsv(8, 25, (g, s) => `C${g}_${long}${s}`);
    const header = text.slice(0, text.indexOf('\n'));
    expect(header.length).toBeGreaterThan(200_000);
    const p = write('long_header.csv', text);
    expect(readerFor(p).format).toBe('wide');
    const t = await readTable(p);
    expect([t.G, t.N]).toEqual([8, 25]);
    for (let i = 0; i < t.GN; i++) for (let j = 0; j < t.GN; j++) expect(t.Z.data[i + j * t.GN]).toBe(Z[i][j]);
    // the same through gzip
    const g = write('long_header.csv.gz', gzipSync(text));
    expect(readerFor(g).format).toBe('wide');
    expect(Array.from((await readTable(g)).Z.data)).toEqual(Array.from(t.Z.data));
  });

  it('stops with a clear error when the first line has no end within 16 MiB', async () => {
    const p = write('noline.csv', 'a,'.repeat(9 << 20));
    const e = await failure(async () => readerFor(p));
    expect(e.message).toMatch(/noline\.csv, line 1: found no line end in the first 16777216 bytes/);
  });
});

describe('one number grammar in every reader: decimal and exponent only, with file, line and column', () => {
  const bad = ['0x10', 'Inf', 'Infinity', 'NaN', '1e400', '1,5', 'abc'];
  /** Each reader with a copy of one of its shared tables and how to put a bad cell in it. */
  const cases: { layout: string; make: (cell: string) => string; where: RegExp }[] = [
    {
      layout: 'wide',
      make: (cell) => {
        const lines = readFileSync(dataPath('leather', 'leather_wide.csv'), 'utf8').split('\n');
        const c = lines[3].split(',');
        c[5] = cell.includes(',') ? `"${cell}"` : cell;
        lines[3] = c.join(',');
        return write('leather_wide.csv', lines.join('\n'));
      },
      where: /leather_wide\.csv, line 4, column Turkey_Textile_and_Leather: found '/,
    },
    {
      layout: 'matrices',
      make: (cell) => {
        const d = dir();
        for (const f of ['inter', 'final', 'out']) copyFileSync(dataPath('leather', `leather_${f}.csv`), join(d, `leather_${f}.csv`));
        const p = join(d, 'leather_inter.csv');
        const lines = readFileSync(p, 'utf8').split('\n');
        const c = lines[2].split(',');
        c[1] = cell.includes(',') ? `"${cell}"` : cell;
        lines[2] = c.join(',');
        writeFileSync(p, lines.join('\n'));
        return p;
      },
      where: /leather_inter\.csv, line 3, column \S+: found '/,
    },
    {
      layout: 'oecd-icio',
      make: (cell) => {
        const p = join(dir(), 'ICIO2018_2010.CSV');
        const lines = readFileSync(dataPath('mock_formats', 'oecd_mock', 'ICIO2018_2010.CSV'), 'utf8').split('\n');
        const c = lines[2].split(',');
        c[3] = cell.includes(',') ? `"${cell}"` : cell;
        lines[2] = c.join(',');
        writeFileSync(p, lines.join('\n'));
        return p;
      },
      where: /ICIO2018_2010\.CSV, line 3, column 4 \('[^']+'\): found '/,
    },
    {
      layout: 'eora26',
      make: (cell) => {
        const d = join(dir(), 'eora');
        cpSync(dataPath('mock_formats', 'eora26_mock'), d, { recursive: true });
        const p = join(d, 'Eora26_2010_bp_T.txt');
        const lines = readFileSync(p, 'utf8').split('\n');
        const c = lines[1].split('\t');
        c[2] = cell;
        lines[1] = c.join('\t');
        writeFileSync(p, lines.join('\n'));
        return d;
      },
      where: /Eora26_2010_bp_T\.txt, line 2, column 3: found '/,
    },
    {
      layout: 'china-nbs',
      make: (cell) => {
        const p = join(dir(), 'china_2018_42.csv');
        const lines = readFileSync(dataPath('china_nbs_io', 'china_2018_42.csv'), 'utf8').split('\n');
        lines[3] = lines[3].replace(/,(-?[0-9.]+),/, `,${cell.includes(',') ? `"${cell}"` : cell},`);
        writeFileSync(p, lines.join('\n'));
        return p;
      },
      where: /china_2018_42\.csv, line 4, column \S+: found '/,
    },
    {
      layout: 'oecd-niot',
      make: (cell) => {
        const p = join(dir(), 'OECD21ed_JPN_2018.csv');
        const lines = readFileSync(dataPath('oecd_niot2021_chn_jpn', 'OECD21ed_JPN_2018.csv'), 'utf8').split('\n');
        lines[2] = lines[2].replace(/,(-?[0-9.E+-]+),/, `,${cell.includes(',') ? `"${cell}"` : cell},`);
        writeFileSync(p, lines.join('\n'));
        return p;
      },
      where: /OECD21ed_JPN_2018\.csv, line 3, column \S+: found '/,
    },
    {
      layout: 'pymrio',
      make: (cell) => {
        const d = join(dir(), 'pymrio');
        cpSync(dataPath('pymrio_testmrio'), d, { recursive: true });
        const p = join(d, 'mrio_data', 'trade_flows_Z.txt');
        const lines = readFileSync(p, 'utf8').split('\n');
        const c = lines[4].split('\t');
        c[5] = cell;
        lines[4] = c.join('\t');
        writeFileSync(p, lines.join('\n'));
        return d;
      },
      where: /trade_flows_Z\.txt, line 5, column \S+: found '/,
    },
  ];
  for (const c of cases) {
    it(`${c.layout}: ${bad.join(', ')} are errors naming the place`, async () => {
      for (const cell of bad) {
        const p = c.make(cell);
        const e = await failure(() => readTable(p));
        expect(e.message).toMatch(c.where);
        expect(e.message).toContain(`'${cell}'`);
        expect(e.message).toMatch(/expected a number \(digits with an optional decimal point and exponent/);
      }
    });
  }
});

/** A zip archive (no ZIP64) with one deflated entry whose sizes the directory declares as given. */
function zipWith(name: string, compressed: Buffer, declared: number): Buffer {
  const u16 = (v: number) => Buffer.from([v & 0xff, (v >> 8) & 0xff]);
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    return b;
  };
  const nm = Buffer.from(name);
  // prettier-ignore
  const local = Buffer.concat([u32(0x04034b50), u16(20), u16(0), u16(8), u16(0), u16(0), u32(0),
    u32(compressed.length), u32(declared), u16(nm.length), u16(0), nm]);
  // prettier-ignore
  const central = Buffer.concat([u32(0x02014b50), u16(20), u16(20), u16(0), u16(8), u16(0), u16(0), u32(0),
    u32(compressed.length), u32(declared), u16(nm.length), u16(0), u16(0), u16(0), u16(0), u32(0), u32(0), nm]);
  // prettier-ignore
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(1), u16(1), u32(central.length),
    u32(local.length + compressed.length), u16(0)]);
  return Buffer.concat([local, compressed, central, end]);
}

/** Deflates `times` copies of `piece` without holding the inflated text (the bomb is generated, small). */
async function deflateRepeated(piece: string, bytes: number): Promise<{ body: Buffer; size: number; lines: number }> {
  const d = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  d.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((r) => d.on('end', r));
  const per = Math.floor((1 << 20) / piece.length);
  const chunk = Buffer.from(piece.repeat(per));
  const k = Math.ceil(bytes / chunk.length);
  for (let i = 0; i < k; i++) if (!d.write(chunk)) await new Promise((r) => d.once('drain', r));
  d.end();
  await done;
  return { body: Buffer.concat(out), size: k * chunk.length, lines: k * per };
}

describe('bounded input: compressed data never inflate past their limit', () => {
  it('a zip entry that declares more than the limit is refused before it is inflated', async () => {
    const { body, size } = await deflateRepeated('0,0,0,0,0,0,0\n', 96 << 20);
    expect(body.length).toBeLessThan(1 << 20);
    const p = write('ICIO2023_bomb.zip', zipWith('2020.csv', body, size));
    const e = await failure(() => forEachSourceLine(textSource(p), () => {}));
    expect(e.message).toMatch(
      new RegExp(`ICIO2023_bomb\\.zip:2020\\.csv, size: found an entry that declares ${size} bytes; expected at most 67108864 bytes`),
    );
    const e2 = await failure(() => readTable(p));
    expect(e2.message).toMatch(/ICIO2023_bomb\.zip:2020\.csv, size: found an entry that declares/);
  });

  it('gzip data that inflate past 200 × their compressed size stop with a clear error, memory bounded', async () => {
    // 96 MiB of short lines deflate to about 100 KB (≈ 1000:1); gzip declares no size we trust
    const { body, lines: total } = await deflateRepeated('0,0,0,0,0,0,0\n', 96 << 20);
    // a gzip member around the deflate data: header, data, CRC (not checked before the end) and size
    const gz = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), body, Buffer.alloc(8)]);
    const p = write('bomb.csv.gz', gz);
    const rss0 = process.memoryUsage().rss;
    let lines = 0;
    const e = await failure(() => forEachSourceLine(textSource(p), () => void lines++));
    expect(e.message).toMatch(/bomb\.csv\.gz, size: found more than 67108864 bytes of text inflated/);
    expect(e.message).toMatch(/200 times its size; pass maxBytes, --max-bytes on the command line, to raise it/);
    expect(lines).toBeGreaterThan(4e6); // it did read up to the limit, line by line
    expect(lines).toBeLessThan(total);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(64 << 20);
    // the limit can be lowered or raised with maxBytes
    const e2 = await failure(() => forEachSourceLine(textSource(p, undefined, { maxBytes: 1 << 20 }), () => {}));
    expect(e2.message).toMatch(/found more than 1048576 bytes of text inflated/);
    // read as a table, the bomb is refused at its first row, long before the limit
    const e3 = await failure(() => readTable(p));
    expect(e3.message).toMatch(/bomb\.csv\.gz, lines 2 and 3: found the row label '0' twice/);
  });

  it('a zip entry that inflates past the size its directory declares is refused', async () => {
    const body = deflateRawSync(Buffer.from('row,A_x,A_HH\nA_x,1,2\n'.repeat(100)));
    const p = write('lying.zip', zipWith('table.csv', body, 50));
    const e = await failure(() => forEachSourceLine(textSource(p), () => {}));
    expect(e.message).toMatch(/lying\.zip:table\.csv, compressed data: found more than the 50 bytes the archive's directory declares/);
  });

  it('a gzip table read by a reader stops at maxBytes, named', async () => {
    const { text } = wideCsv(3, 4, (g, s) => `C${g}_s${s}`);
    const p = write('wide.csv.gz', gzipSync(text));
    expect((await readTable(p)).GN).toBe(12);
    const e = await failure(() => readTable(p, { maxBytes: 100 }));
    expect(e.message).toMatch(/wide\.csv\.gz, size: found more than 100 bytes of text inflated/);
  });

  it('a line longer than the line limit stops the read', () => {
    // MAX_LINE (64 MiB) for the readers; the same splitter with a 1 MiB limit here, to stay small
    const lines = new LineSplitter(() => {}, 'long.csv', 1 << 20);
    lines.push(Buffer.from('a,b\nc,'), false);
    expect(() => lines.push(Buffer.alloc(2 << 20, 0x31), false)).toThrow(
      /long\.csv, line 2: found a line longer than 1048576 bytes \(no line end\); expected a text table with one row a line/,
    );
    expect(MAX_LINE).toBe(64 << 20);
  });
});

describe('messages name the actual problem', () => {
  it('an empty file', async () => {
    const e = await failure(async () => readerFor(write('empty.csv', '')));
    expect(e.message).toBe(
      `${join(tmp, `d${n - 1}`, 'empty.csv')}: found an empty file (0 bytes); expected a table: a header line and data rows`,
    );
    const e2 = await failure(async () => readerFor(write('blank.csv', '\n\n')));
    expect(e2.message).toMatch(/blank\.csv: found an empty file \(no text, only blank lines\)/);
  });

  it('a header-only file, and one with a 50,000-column header', async () => {
    const e = await failure(() => readTable(write('head.csv', 'row,A_x,A_y,A_HH\n')));
    expect(e.message).toMatch(/head\.csv: found a header line and no data rows; expected a header line/);
    const wide = ['row', ...Array.from({ length: 50_000 }, (_, k) => `C${k % 100}_s${k}`)].join(',');
    const e2 = await failure(() => readTable(write('wide50k.csv', wide + '\n')));
    expect(e2.message).toMatch(/wide50k\.csv: found a header line and no data rows/);
    expect(e2.message.length).toBeLessThan(300);
  });

  it('a semicolon-separated CSV, with or without decimal commas', async () => {
    const e = await failure(async () => readerFor(write('semi.csv', 'row;A_x;A_HH\nA_x;1,5;2,25\n')));
    expect(e.message).toMatch(
      /semi\.csv: found semicolon-separated values with decimal commas \(as 1,5\) \(3 cells in line 1\); expected comma-separated values with a decimal point/,
    );
    const e2 = await failure(async () => readerFor(write('semi2.csv', 'row;A_x;A_HH\nA_x;1.5;2\n')));
    expect(e2.message).toMatch(/semi2\.csv: found semicolon-separated values \(3 cells in line 1\)/);
  });

  it('decimal commas in a comma-separated file name the cell', async () => {
    const e = await failure(() => readTable(write('dec.csv', 'row,A_x,A_y,A_HH\nA_x,"1,5",2,3\nA_y,1,2,3\n')));
    expect(e.message).toMatch(/dec\.csv, line 2, column A_x: found '1,5' \(a decimal comma\? numbers use a decimal point\)/);
  });

  it('a file without an extension is read by its content, or named as such', async () => {
    const { text } = wideCsv(2, 2, (g, s) => `C${g}_s${s}`);
    const p = write('mytable', text);
    expect(readerFor(p).format).toBe('wide');
    expect((await readTable(p)).GN).toBe(4);
    const e = await failure(async () => readerFor(write('notes', 'just some words\nmore words\n')));
    expect(e.message).toMatch(
      /notes: found a file without an extension whose first line has 1 comma-separated cells; expected a table file named by its layout/,
    );
  });

  it('an unknown layout lists at most the three closest layouts and why each was rejected', async () => {
    const e = await failure(async () => readerFor(write('odd.csv', 'a,b\n1,2\n')));
    expect(e.message).toMatch(
      /odd\.csv: found a layout no reader recognises \(line 1: 'a,b'\); expected a known layout; the closest: wide: line 1 has 2 comma-separated cells/,
    );
    expect(e.message).toMatch(
      /oecd-icio: no CCC_HFCE or HFCE_CCC column in line 1; china-nbs \/ oecd-niot: line 1 does not begin Code, Description/,
    );
    expect(e.message.length).toBeLessThan(500);
  });

  it('duplicate labels name the label and both lines or columns', async () => {
    const e = await failure(() => readTable(write('duprow.csv', 'row,A_x,A_y,A_HH\nA_x,1,2,3\nA_y,1,2,3\nA_x,4,5,6\n')));
    expect(e.message).toMatch(/duprow\.csv, lines 2 and 4: found the row label 'A_x' twice; expected each row label once/);
    const e2 = await failure(() => readTable(write('dupcol.csv', 'row,A_x,A_y,A_x,A_HH\nA_x,1,2,3,4\nA_y,1,2,3,4\n')));
    expect(e2.message).toMatch(/dupcol\.csv, line 1, columns 2 and 4: found the label 'A_x' twice; expected each column label once/);
  });
});
