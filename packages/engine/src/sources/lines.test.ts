/** The streaming line readers: byte-level number parsing equals Number(), errors name line and column. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forEachLine, forEachNumericRow } from './lines.js';

const tmp = mkdtempSync(join(tmpdir(), 'catena-lines-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

async function collect(path: string, sep: string, width: number): Promise<number[][]> {
  const out: number[][] = [];
  await forEachNumericRow(path, sep, width, (r) => void out.push(Array.from(r)));
  return out;
}

describe('forEachNumericRow', () => {
  it('parses exactly as Number() for decimals, exponents, signs, long mantissas', async () => {
    let seed = 12345;
    const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
    const cells: string[] = [
      '0.0',
      '-0',
      '+1.5',
      '1e5',
      '1E-5',
      '2.5e+3',
      '123456789012345678',
      '0.1',
      '0.30000000000000004',
      '1e-300',
      '9007199254740993',
      '-7.25',
      '5.',
      '.5',
    ];
    for (let k = 0; k < 3000; k++) {
      const v = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 30 - 12);
      cells.push(k % 3 === 0 ? v.toExponential(Math.floor(rnd() * 16)) : k % 3 === 1 ? v.toFixed(Math.floor(rnd() * 12)) : String(v));
    }
    const width = 10;
    while (cells.length % width) cells.push('0');
    const lines: string[] = [];
    for (let i = 0; i < cells.length; i += width) lines.push(cells.slice(i, i + width).join(','));
    const rows = await collect(file('nums.csv', '\uFEFF' + lines.join('\r\n') + '\r\n'), ',', width);
    expect(rows.length).toBe(lines.length);
    rows.flat().forEach((v, k) => expect(Object.is(v, Number(cells[k]))).toBe(true));
  });

  it('reads empty cells as 0, tolerates a trailing separator and skips blank lines', async () => {
    expect(await collect(file('e.tsv', '1\t\t3\t\n\n4\t5\t6\n'), '\t', 3)).toEqual([
      [1, 0, 3],
      [4, 5, 6],
    ]);
  });

  it('names line and column of a bad cell, a short and a long line', async () => {
    await expect(collect(file('bad.csv', '1,2,3\n4,x5,6\n'), ',', 3)).rejects.toThrow(
      /bad\.csv, line 2, column 2: found 'x5'; expected a number/,
    );
    await expect(collect(file('short.csv', '1,2,3\n4,5\n'), ',', 3)).rejects.toThrow(
      /short\.csv, line 2: found 2 cells \(a truncated line\?\); expected 3 cells/,
    );
    await expect(collect(file('long.csv', '1,2,3,4\n'), ',', 3)).rejects.toThrow(/long\.csv, line 1: found more than 3 cells/);
  });

  it('handles lines longer than the read chunk', async () => {
    const width = 700_000;
    const line = Array.from({ length: width }, (_, k) => String(k % 97)).join(',');
    let sum = 0;
    let n = 0;
    await forEachNumericRow(file('wide.csv', `${line}\n${line}\n`), ',', width, (r) => {
      n++;
      for (let k = 0; k < width; k++) sum += r[k];
    });
    let want = 0;
    for (let k = 0; k < width; k++) want += k % 97;
    expect(n).toBe(2);
    expect(sum).toBe(2 * want);
  });
});

describe('forEachLine', async () => {
  it('gives the same lines from a file and from a buffer', async () => {
    const text = 'a\r\nb\n\nc';
    const fromFile: string[] = [];
    forEachLine(file('l.txt', text), (l) => fromFile.push(l));
    const fromBuf: string[] = [];
    forEachLine(new TextEncoder().encode(text), (l) => fromBuf.push(l));
    expect(fromFile).toEqual(['a', 'b', '', 'c']);
    expect(fromBuf).toEqual(fromFile);
  });
});
