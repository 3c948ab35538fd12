import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFrame, factorCodes } from './data.js';
import { readPanel } from './read.js';

function file(name: string, text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'catena-panel-')), name);
  writeFileSync(p, text);
  return p;
}

describe('readPanel', () => {
  it('numeric and text columns, missing cells, quotes, the cell that makes a column text', () => {
    const p = file('p.csv', 'id,year,"value, usd",code\r\n01,2000,1.5,"A"\r\n1,2001,NA,B\r\n02,2002,,C\r\nX7,2003,"2,5",.\r\n');
    const df = readPanel(p);
    expect(df.n).toBe(4);
    // id turns text at line 5: the earlier cells keep their spelling ("01" and "1" stay distinct)
    expect(df.columns.get('id')).toEqual(['01', '1', '02', 'X7']);
    expect(df.textBecause!.get('id')).toBe("line 5: 'X7'");
    expect(Array.from(df.columns.get('year') as Float64Array)).toEqual([2000, 2001, 2002, 2003]);
    expect(df.columns.get('value, usd')).toEqual(['1.5', '', '', '2,5']);
    expect(df.columns.get('code')).toEqual(['A', 'B', 'C', '']);
  });
  it('tab-separated; errors name the file, the line and the header column', () => {
    const df = readPanel(file('p.tsv', 'a\tb\n1\t2\n3\t4\n'), '\t');
    expect(Array.from(df.columns.get('b') as Float64Array)).toEqual([2, 4]);
    expect(() => readPanel(file('bad.csv', 'a,b\n1,2\n3\n'))).toThrow(/bad\.csv, line 3: found 1 cells; expected 2 cells/);
    expect(() => readPanel(file('dup.csv', 'a,a\n1,2\n'))).toThrow(/column 2 of the header: found 'a' a second time/);
  });
  it('factor codes in order of first appearance, missing → −1', () => {
    const df = dataFrame({ g: ['b', 'a', '', 'b'], h: [2000, 1999, NaN, 2000] });
    const rows = Int32Array.from([0, 1, 2, 3]);
    expect(factorCodes(df.columns.get('g')!, rows)).toMatchObject({ codes: Int32Array.from([0, 1, -1, 0]), levels: 2, labels: ['b', 'a'] });
    expect(factorCodes(df.columns.get('h')!, rows)).toMatchObject({ codes: Int32Array.from([0, 1, -1, 0]), levels: 2 });
  });
});
