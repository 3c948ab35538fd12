/**
 * Writers quote per RFC 4180 (header cells too): write → read → equal, for every writer, with
 * hostile labels (comma, quote, newline, CR, leading/trailing space, unicode). Long results are
 * read back by DuckDB's CSV reader (an independent RFC 4180 reader) and by JSON.parse; the wide
 * table writers (aggregate, leontief) by Catena's own wide reader through `catena info --json`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32, toCsv, toJson, writeParquet, type Result, type Row } from '@catena/engine/node';
import { caseDir, check, runIn, snapshot, tally } from './harness.js';
import { wideTable } from './tables.js';

const HOSTILE = ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere', ' padded ', 'Zürich–São Paulo 北京', '"', ',', '', 'x""y'];

function randomResult(seed: number): Result {
  const r = mulberry32(seed); // seeded, so a failure can be replayed
  const pick = () => HOSTILE[Math.floor(r() * HOSTILE.length)] + (r() < 0.3 ? HOSTILE[Math.floor(r() * HOSTILE.length)] : '');
  // column names are hostile too, but distinct and non-empty
  const columns = ['k,ey', 'lab"el', 'mul\nti', 'value'];
  const rows: Row[] = [];
  for (let i = 0; i < 25; i++)
    rows.push({ [columns[0]]: pick(), [columns[1]]: pick(), [columns[2]]: pick(), value: (r() - 0.5) * 10 ** Math.floor(r() * 12 - 6) });
  return { columns, rows, meta: { kind: 'test', source: 'roundtrip "seed" ' + seed } };
}

async function duckRows(sql: string): Promise<Record<string, unknown>[]> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const reader = await con.runAndReadAll(sql);
  const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
  con.closeSync();
  db.closeSync();
  return rows;
}

describe('every writer round-trips hostile labels', () => {
  it('toCsv → DuckDB read_csv (all VARCHAR) gives back every cell and header', async () => {
    const dir = caseDir('rt-csv');
    for (let seed = 1; seed <= 5; seed++) {
      const res = randomResult(seed);
      const f = join(dir, `r${seed}.csv`);
      writeFileSync(f, toCsv(res));
      const got = await duckRows(
        `SELECT * FROM read_csv('${f}', header = true, all_varchar = true, quote = '"', escape = '"', delim = ',', strict_mode = true, null_padding = false, nullstr = '\u0001')`,
      );
      expect(got).toHaveLength(res.rows.length);
      expect(Object.keys(got[0])).toEqual(res.columns);
      res.rows.forEach((row, i) => {
        for (const c of res.columns) {
          const want = typeof row[c] === 'number' ? String(row[c]) : (row[c] as string);
          expect(got[i][c] ?? '', `seed ${seed} row ${i} column ${JSON.stringify(c)}`).toBe(want);
        }
      });
    }
  });

  it('toJson → JSON.parse is the same result; Parquet → DuckDB is the same rows', async () => {
    const dir = caseDir('rt-json');
    const res = randomResult(9);
    expect(JSON.parse(toJson(res))).toEqual(res);
    const f = join(dir, 'r.parquet');
    await writeParquet(res, f);
    const got = await duckRows(`SELECT * FROM read_parquet('${f}')`);
    expect(got.map((r) => Object.keys(r))[0]).toEqual(res.columns);
    res.rows.forEach((row, i) => {
      for (const c of res.columns) expect(got[i][c] ?? '').toEqual(typeof row[c] === 'number' ? row[c] : row[c]);
    });
  });

  it('aggregate with hostile group names writes a table catena reads back with the same labels', async () => {
    const dir = caseDir('rt-aggregate');
    const table = join(dir, 't.csv');
    writeFileSync(table, wideTable({ countries: ['AAA', 'BBB', 'CCC'], Z: z3(), Y: y3() }));
    const groups = ['Süd, "Amerika"', 'Nord Europa'];
    writeFileSync(join(dir, 'map.csv'), `from,to\nAAA,"${groups[0].replace(/"/g, '""')}"\nBBB,${groups[1]}\nCCC,${groups[1]}\n`);
    const before = snapshot(dir);
    const out = join(dir, 'agg.csv');
    const r = await runIn(['aggregate', table, '--countries', join(dir, 'map.csv'), '--out', out]);
    check(dir, before, r, { code: 0, creates: ['agg.csv'] });
    const info = await runIn(['info', out, '--json']);
    expect(info.code, info.err).toBe(0);
    const js = JSON.parse(info.out);
    expect(js.countries).toEqual(groups);
    expect(js.sectors).toEqual(['agri', 'manu']);
    // totals are kept by aggregation (independent sum of the input cells)
    const total = [...z3().flat(), ...y3().flat()].reduce((a, b) => a + b, 0);
    expect(Math.abs(js.totals.output - total)).toBeLessThan(1e-9 * total);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toContain('"Süd, ""Amerika""_agri"');
  });

  it('leontief with hostile sector labels writes a header that reads back cell for cell', async () => {
    tally.tried++;
    const dir = caseDir('rt-leontief');
    const table = join(dir, 't.csv');
    const sectors = ['agri, fish', 'manu "heavy"'];
    writeFileSync(table, wideTable({ sectors }));
    const r = await runIn(['leontief', table, '--out', join(dir, 'b.csv')]);
    expect(r.code, r.err).toBe(0);
    const got = await duckRows(`SELECT * FROM read_csv('${join(dir, 'b.csv')}', header = true, all_varchar = true)`);
    const labels = ['AAA', 'BBB'].flatMap((c) => sectors.map((s) => `${c}_${s}`));
    expect(Object.keys(got[0])).toEqual(['row', ...labels]);
    expect(got.map((g) => g.row)).toEqual(labels);
    tally.clear++;
  });
});

function z3(): number[][] {
  const n = 6;
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 20 : 2 + ((i * 7 + j * 3) % 5))));
}
function y3(): number[][] {
  return Array.from({ length: 6 }, (_, i) => [30 + i, 10 + 2 * i, 5 + i]);
}
