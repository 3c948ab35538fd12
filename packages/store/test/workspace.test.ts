/**
 * The workspace on real data (WIOD 2013 release, 2011, and the leather table from shared/data):
 * import, provenance, bit-exact round trip of the matrices, deduplication, the results cache,
 * export read back by DuckDB itself, and deletion.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { Model, indicators, readTable, sampleWorld, type Result } from '@catena/engine';
import { CATENA_VERSION, Workspace, WorkspaceError, canonicalJson, resultKey } from '@catena/store';
import { dataPath } from '../../engine/test/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'catena-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WIOD = dataPath('wiod2013', 'wiot2011_2013rel_int.csv.gz');
const LEATHER = dataPath('leather', 'leather_wide.csv');
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

async function query(path: string, sql: string): Promise<unknown[][]> {
  const db = await DuckDBInstance.create(path);
  const con = await db.connect();
  try {
    return (await con.runAndReadAll(sql)).getRowsJS();
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

describe('workspace tables', () => {
  const path = join(dir, 'a', 'nested', 'ws.duckdb');

  it('imports WIOD 2011 with its provenance and loads it back bit for bit', async () => {
    const ws = await Workspace.open(path);
    try {
      const info = await ws.importTable({ path: WIOD });
      expect(info.checksum).toBe(sha(WIOD));
      expect(info).toMatchObject({ name: 'wiot2011_2013rel_int.csv.gz', file: WIOD, layout: 'wide', vintage: '2013 release', year: 2011 });
      expect(info).toMatchObject({ unit: 'million USD', G: 41, N: 35, F: 5, version: CATENA_VERSION, parts: ['Z', 'Y', 'storedOutput'] });
      const direct = await readTable(WIOD);
      const loaded = await ws.loadTable(info.id);
      expect(loaded.countries).toEqual(direct.countries);
      expect(loaded.sectors).toEqual(direct.sectors);
      expect(loaded.fdCategories).toEqual(direct.fdCategories);
      // Exact: the blobs are the Float64 bytes themselves.
      expect(Buffer.from(loaded.Z.data.buffer).equals(Buffer.from(direct.Z.data.buffer))).toBe(true);
      expect(Buffer.from(loaded.Y.data.buffer).equals(Buffer.from(direct.Y.data.buffer))).toBe(true);
      expect(Array.from(loaded.storedOutput!)).toEqual(Array.from(direct.storedOutput!));
      expect(loaded.storedVA).toBeUndefined();
      expect(loaded.source).toBe(direct.source);

      // The same file again is the same table, stored once.
      const again = await ws.importTable({ path: WIOD });
      expect(again.id).toBe(info.id);
      expect(await ws.listTables()).toHaveLength(1);
      // Other read options are another table.
      const keep = await ws.importTable({ path: WIOD }, { countries: ['CHN', 'USA'] });
      expect(keep.id).not.toBe(info.id);
      expect(keep.checksum).toBe(info.checksum);
      expect(keep.readOptions).toEqual({ countries: ['CHN', 'USA'] });
      expect((await ws.listTables()).map((t) => t.id)).toEqual([info.id, keep.id]);
      expect(await ws.verify()).toEqual([]);
    } finally {
      ws.close();
    }
  });

  it('keeps tables across close and open, and imports uploaded bytes', async () => {
    const ws = await Workspace.open(path);
    try {
      expect(await ws.listTables()).toHaveLength(2);
      const bytes = readFileSync(LEATHER);
      const up = await ws.importTable({ name: 'uploads/leather_wide.csv', bytes });
      expect(up).toMatchObject({ name: 'leather_wide.csv', file: null, layout: 'wide', G: 3, N: 3, checksum: sha(LEATHER) });
      const direct = await readTable(LEATHER);
      const t = await ws.loadTable(up.id);
      expect(Array.from(t.Z.data)).toEqual(Array.from(direct.Z.data));
      // The in-memory sample world is stored once, by the checksum of its contents.
      const a = await ws.addTable(sampleWorld(), { name: 'sample world', layout: 'sample' });
      const b = await ws.addTable(sampleWorld(), { name: 'sample world', layout: 'sample' });
      expect(b.id).toBe(a.id);
      expect(Array.from((await ws.loadTable(a.id)).Y.data)).toEqual(Array.from(sampleWorld().Y.data));
    } finally {
      ws.close();
    }
  });

  it('names the problem for unknown ids, bad files and a second process', async () => {
    const ws = await Workspace.open(path);
    try {
      await expect(ws.tableInfo('nope')).rejects.toThrow(
        /no table 'nope' in workspace .*known: [0-9a-f]{16} \(wiot2011_2013rel_int\.csv\.gz\)/,
      );
      await expect(ws.importTable({ name: 'x.csv', bytes: new TextEncoder().encode('a\n') })).rejects.toThrow(
        /x\.csv.*layout no reader recognises/,
      );
      await expect(ws.importTable({ name: '..', bytes: new Uint8Array(1) })).rejects.toThrow(WorkspaceError);
      const tables = await ws.listTables();
      expect(tables).toHaveLength(4);
    } finally {
      ws.close();
    }
  });
});

describe('results cache', () => {
  const path = join(dir, 'results.duckdb');

  it('computes once, returns the stored result after, and keys on canonical options and version', async () => {
    const ws = await Workspace.open(path);
    try {
      const t = await ws.importTable({ path: WIOD });
      let computed = 0;
      const compute = async (): Promise<Result> => {
        computed++;
        return indicators(Model.build(await ws.loadTable(t.id)), { level: 'country', set: ['participation'] });
      };
      const first = await ws.cached(t.id, 'indicators', { level: 'country', set: ['participation'] }, compute);
      const second = await ws.cached(t.id, 'indicators', { set: ['participation'], level: 'country' }, compute);
      expect(computed).toBe(1);
      expect(second.columns).toEqual(first.columns);
      expect(second.rows).toEqual(first.rows);
      expect(second.meta).toEqual(JSON.parse(JSON.stringify(first.meta)));
      const list = await ws.listResults();
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        tableId: t.id,
        analysis: 'indicators',
        rowCount: first.rows.length,
        options: { level: 'country', set: ['participation'] },
      });

      expect(canonicalJson({ b: [1, { d: 2, c: undefined }], a: 'x' })).toBe('{"a":"x","b":[1,{"d":2}]}');
      expect(() => canonicalJson({ tol: Number.NaN })).toThrow(/option tol is NaN/);
      const parts = { tableKey: t.key, analysis: 'indicators', options: { level: 'country', set: ['participation'] } };
      expect(resultKey(parts)).toBe(list[0].key);
      expect(resultKey({ ...parts, version: '0.0.0' })).not.toBe(list[0].key);
    } finally {
      ws.close();
    }
  });

  it('stores mixed, null and integer columns as they were, once per key', async () => {
    const ws = await Workspace.open(path);
    try {
      const r: Result = {
        columns: ['year', 'exporter', 'term', 'value'],
        rows: [
          { year: 2011, exporter: 'CHN', term: 1, value: 0.25 },
          { year: 2011, exporter: 'USA', term: 'DVA', value: null },
          { year: 2012, exporter: null, term: null, value: -1e-300 },
        ],
        meta: { kind: 'test', diagnostics: [{ code: 'x' }] },
      };
      const key = { tableKey: 'k', analysis: 'test', options: { a: 1 } };
      const put = await ws.putResult(key, r, { jobId: 'j1' });
      expect(put).toMatchObject({ written: true, columnTypes: ['integer', 'varchar', 'json', 'double'], jobId: 'j1', tableId: null });
      const again = await ws.putResult(key, { ...r, rows: [] });
      expect(again.written).toBe(false);
      expect(again.rowCount).toBe(3);
      const back = await ws.getResult(key);
      expect(back).toEqual(r);
      expect(await ws.getResult({ ...key, options: { a: 2 } })).toBeUndefined();

      const csv = join(dir, 'out.csv');
      await ws.exportResult(key, 'csv', csv);
      expect(readFileSync(csv, 'utf8')).toBe('year,exporter,term,value\n2011,CHN,1,0.25\n2011,USA,"""DVA""",\n2012,,,-1e-300\n');
      await expect(ws.exportResult(key, 'csv', csv)).rejects.toThrow(/out\.csv exists/);
      writeFileSync(csv, 'mine');
      await expect(ws.exportResult(key, 'parquet', csv)).rejects.toThrow(WorkspaceError);
      expect(readFileSync(csv, 'utf8')).toBe('mine');
      const pq = join(dir, 'out.parquet');
      await ws.exportResult(key, 'parquet', pq);
      const rows = await query(':memory:', `SELECT year, exporter, value FROM read_parquet('${pq}')`);
      expect(rows).toEqual([
        [2011, 'CHN', 0.25],
        [2011, 'USA', null],
        [2012, null, -1e-300],
      ]);
      expect(await ws.deleteResult(key)).toBe(true);
      expect(await ws.deleteResult(key)).toBe(false);
      expect(await ws.getResult(key)).toBeUndefined();
    } finally {
      ws.close();
    }
  });

  it('deletes a table with its cached results and leaves the file consistent', async () => {
    const ws = await Workspace.open(path);
    const [t] = await ws.listTables();
    expect((await ws.listResults({ tableId: t.id })).length).toBe(1);
    expect(await ws.deleteTable(t.id)).toBe(true);
    expect(await ws.deleteTable(t.id)).toBe(false);
    expect(await ws.listTables()).toEqual([]);
    expect(await ws.listResults()).toEqual([]);
    expect(await ws.verify()).toEqual([]);
    ws.close();
    expect(await query(path, 'SELECT count(*) FROM table_data')).toEqual([[0n]]);
    expect(await query(path, "SELECT count(*) FROM duckdb_tables() WHERE starts_with(table_name, 'rows_')")).toEqual([[0n]]);
    expect(existsSync(path)).toBe(true);
  });
});
