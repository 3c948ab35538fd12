/**
 * catena decompose: CSV, JSON and Parquet output (the Parquet file read back with DuckDB), option
 * errors, and a batch over the two WIOD regional tables (1995, 2011) giving one result with years.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decompose, Model, readTable } from '@catena/engine/node';
import { close, dataPath } from '../../engine/test/shared.js';
import { run } from './io.js';

const tmp = mkdtempSync(join(tmpdir(), 'catena-decompose-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const LEATHER = dataPath('leather', 'leather_wide.csv');

function parseCsv(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, j) => [cols[j], v])));
}

describe('catena decompose', () => {
  it('writes long CSV with the columns year, exporter, sector, importer, term, value', async () => {
    const r = await run(['decompose', LEATHER, '--method', 'bm', '--level', 'bilateral', '--exporter', 'Argentina']);
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n')[0]).toBe('year,exporter,sector,importer,term,value');
    const rows = parseCsv(r.out);
    expect(rows.length).toBe(2 * 13);
    expect(new Set(rows.map((x) => x.importer))).toEqual(new Set(['Turkey', 'Germany']));
    expect(rows.every((x) => x.sector === '' && x.year === '' && x.exporter === 'Argentina')).toBe(true);
    // the bilateral rows add up to the country figure printed by R icio (Argentina GEXP 64.3, DVA 52.81756)
    const sum = (t: string) => rows.filter((x) => x.term === t).reduce((a, x) => a + Number(x.value), 0);
    expect(close(sum('GEXP'), 64.3, 1e-9)).toBe(true);
    expect(close(sum('DVA'), 52.81756, 1e-6)).toBe(true);
  });

  it('writes JSON with the metadata', async () => {
    const r = await run(['decompose', LEATHER, '--method', 'bm', '--perspective', 'world', '--approach', 'sink', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.columns).toEqual(['year', 'exporter', 'sector', 'importer', 'term', 'value']);
    expect(j.meta).toMatchObject({ kind: 'decomposition', method: 'bm', perspective: 'world', approach: 'sink', level: 'country' });
    const fva = j.rows.find((x: { exporter: string; term: string }) => x.exporter === 'Argentina' && x.term === 'FVA');
    expect(close(fva.value, 8.471827, 1e-6)).toBe(true);
  });

  it('writes Parquet (read back with DuckDB), refuses to overwrite without --force, needs --out', async () => {
    const out = join(tmp, 'bm.parquet');
    const r = await run(['decompose', LEATHER, '--method', 'koopman', '--level', 'sector', '--format', 'parquet', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(out)).toBe(true);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const reader = await con.runAndReadAll(
      `SELECT exporter, sector, term, value FROM read_parquet('${out}') WHERE term = 'GEXP' ORDER BY exporter, sector`,
    );
    const rows = reader.getRowObjects();
    con.closeSync();
    db.closeSync();
    expect(rows.length).toBe(9);
    const arg = rows.filter((x) => x.exporter === 'Argentina').reduce((a, x) => a + Number(x.value), 0);
    expect(close(arg, 64.3, 1e-9)).toBe(true);
    const again = await run(['decompose', LEATHER, '--method', 'koopman', '--format', 'parquet', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/exists; pass --force/);
    const noOut = await run(['decompose', LEATHER, '--method', 'bm', '--format', 'parquet']);
    expect(noOut.code).toBe(1);
    expect(noOut.err).toMatch(/--out FILE/);
  });

  it('exits 1 naming the allowed values for an unknown method, perspective, level or country', async () => {
    const m = await run(['decompose', LEATHER, '--method', 'nope']);
    expect(m.code).toBe(1);
    expect(m.err).toMatch(/--method nope is not known; expected one of bm, .*koopman/);
    const p = await run(['decompose', LEATHER, '--method', 'bm', '--perspective', 'galaxy']);
    expect(p.code).toBe(1);
    expect(p.err).toMatch(
      /perspective 'galaxy' is not known for method bm; expected one of exporter, world, sector, bilateral, sector-bilateral, importer/,
    );
    const l = await run(['decompose', LEATHER, '--method', 'bm', '--level', 'planet']);
    expect(l.code).toBe(1);
    expect(l.err).toMatch(/--level planet is not known; expected one of country, sector, bilateral, sector-bilateral/);
    const c = await run(['decompose', LEATHER, '--method', 'bm', '--exporter', 'XXX']);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/'XXX' is neither a country of the table.*Argentina, Turkey, Germany/);
    const none = await run(['decompose', '--method', 'bm']);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/missing the table/);
  });

  it('runs a batch over a folder of yearly tables: one result with the year column', async () => {
    const folder = dataPath('wiod2013_regional7');
    const r = await run(['decompose', folder, '--method', 'bm', '--summary']);
    expect(r.code, r.err).toBe(0);
    const rows = parseCsv(r.out);
    expect([...new Set(rows.map((x) => x.year))]).toEqual(['1995', '2011']);
    expect(rows.length).toBe(2 * 7 * 12);
    // each year's rows are that table's own decomposition
    const t = await readTable(join(folder, 'wiot2011_regional7.csv.gz'), { format: 'wide' });
    const want = decompose(Model.build(t), { method: 'bm', summary: true });
    for (const w of want.rows) {
      const got = rows.find((x) => x.year === '2011' && x.exporter === w.exporter && x.term === w.term);
      expect(got, `${w.exporter} ${w.term}`).toBeDefined();
      expect(close(Number(got!.value), w.value as number, 1e-12)).toBe(true);
    }
    const files = [join(folder, 'wiot1995_regional7.csv.gz'), join(folder, 'wiot2011_regional7.csv.gz')];
    const listed = await run(['decompose', ...files, '--method', 'koopman', '--format', 'json']);
    expect(listed.code, listed.err).toBe(0);
    expect(new Set(JSON.parse(listed.out).rows.map((x: { year: number }) => x.year))).toEqual(new Set([1995, 2011]));
    expect(JSON.parse(listed.out).meta.years).toEqual([1995, 2011]);
  });

  it('--block NAME=CCC,CCC makes a group one domestic block (repeatable); bad blocks exit 1 naming them', async () => {
    // iciotest with its CN/MX splits kept; NAFTA = MEX (with MX1, MX2) and USA. Reference: exvatools 0.9.0
    // bm_src, exporter NAFTA (exvatools_testdata_decompositions.csv): EXGR 10485.4015503936, DVA 4613.25668749005.
    const ICIO = dataPath('exvatools_testdata', 'iciotest_data.csv');
    const r = await run(['decompose', ICIO, '--keep-splits', '--method', 'bm', '--block', 'NAFTA=MEX,USA', '--block', 'EUR=ESP,FRA']);
    expect(r.code, r.err).toBe(0);
    const rows = parseCsv(r.out);
    expect(new Set(rows.map((x) => x.exporter))).toEqual(new Set(['EUR', 'NAFTA', 'CHN', 'ROW']));
    const value = (exporter: string, term: string) => Number(rows.find((x) => x.exporter === exporter && x.term === term)!.value);
    expect(close(value('NAFTA', 'GEXP'), 10485.4015503936, 1e-9)).toBe(true);
    expect(close(value('NAFTA', 'DVA'), 4613.25668749005, 1e-9)).toBe(true);
    const only = await run(['decompose', ICIO, '--keep-splits', '--method', 'kww', '--block', 'NAFTA = MEX, USA', '--exporter', 'NAFTA']);
    expect(only.code, only.err).toBe(0);
    expect(new Set(parseCsv(only.out).map((x) => x.exporter))).toEqual(new Set(['NAFTA']));
    const malformed = await run(['decompose', ICIO, '--method', 'bm', '--block', 'NAFTA']);
    expect(malformed.code).toBe(1);
    expect(malformed.err).toMatch(/--block 'NAFTA': expected NAME=CCC,CCC/);
    const twice = await run(['decompose', ICIO, '--method', 'bm', '--block', 'A=MEX,USA', '--block', 'B=USA']);
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/'USA' is in both A and B/);
    const unknown = await run(['decompose', ICIO, '--method', 'bm', '--block', 'NAFTA=MEX,CAN']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/NAFTA lists 'CAN', which is not a country of the table/);
    const help = await run(['decompose', '--help']);
    expect(help.out).toMatch(/--block NAME=A,B,…/);
  });
});
