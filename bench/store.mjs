// The workspace (packages/store) on WIOD 2011 (1,435 × 1,435, 41 × 35): import, loadTable,
// and the results cache with a large result (WWZ sector-bilateral, 918,400 rows); and, for the
// choice of matrix layout, reading 2.3 M doubles back from Float64 blobs in chunks of several
// sizes against one DOUBLE[] list per matrix column.
// Run: npx tsc -b && node bench/store.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBListType, DOUBLE } from '@duckdb/node-api';
import { Model, decompose, readTable } from '@catena/engine';
import { Workspace } from '@catena/store';
import { WIOD, machine, time } from './_util.mjs';

const dir = mkdtempSync(join(tmpdir(), 'catena-bench-store-'));
const f = (s) => s.toFixed(3);
console.log(`machine: ${machine()}`);
try {
  const ws = await Workspace.open(join(dir, 'ws.duckdb'));
  const imp = await time(async () => {
    const w = await Workspace.open(join(dir, `imp-${Math.random()}.duckdb`));
    await w.importTable({ path: WIOD(2011) });
    w.close();
  }, 3);
  console.log(`import WIOD 2011 into a new workspace (checksum, read, write): best ${f(imp.best)} s, median ${f(imp.median)} s`);
  const info = await ws.importTable({ path: WIOD(2011) });
  const again = await time(() => ws.importTable({ path: WIOD(2011) }), 3);
  console.log(`import again (same checksum, nothing read): best ${f(again.best)} s`);
  const load = await time(() => ws.loadTable(info.id), 5);
  console.log(
    `loadTable WIOD 2011 (Z, Y, stored output: ${((1435 * 1435 + 1435 * 205 + 1435) * 8) / 2 ** 20} MiB): best ${f(load.best)} s, median ${f(load.median)} s`,
  );
  const read = await time(() => readTable(WIOD(2011)), 3);
  console.log(`  for comparison, readTable of the csv.gz: best ${f(read.best)} s`);

  const model = Model.build(await ws.loadTable(info.id));
  const r = decompose(model, { method: 'wwz', level: 'sector-bilateral' });
  const key = { tableKey: info.key, analysis: 'decompose', options: { method: 'wwz', level: 'sector-bilateral' } };
  const put = await time(async () => {
    await ws.deleteResult(key);
    await ws.putResult(key, r);
  }, 2);
  console.log(`putResult ${r.rows.length} rows × ${r.columns.length} columns: best ${f(put.best)} s`);
  const get = await time(() => ws.getResult(key), 3);
  console.log(`getResult of it: best ${f(get.best)} s, median ${f(get.median)} s`);
  const pq = await time(() => ws.exportResult(key, 'parquet', join(dir, 'r.parquet'), { force: true }), 2);
  console.log(`exportResult parquet: best ${f(pq.best)} s`);
  const hit = await time(
    () => ws.cached(info.id, 'decompose', { method: 'wwz', level: 'country' }, () => decompose(model, { method: 'wwz', level: 'country' })),
    5,
  );
  console.log(`cached(), country-level WWZ (656 rows), after the first call: best ${f(hit.best)} s, median ${f(hit.median)} s`);
  ws.close();

  // Matrix layout: blobs of various chunk sizes against DOUBLE[] per column.
  const n = 1435;
  const data = (await readTable(WIOD(2011))).Z.data;
  for (const chunk of [1 << 20, 1 << 17, 1 << 14]) {
    const db = await DuckDBInstance.create(join(dir, `blob${chunk}.duckdb`));
    const con = await db.connect();
    await con.run('CREATE TABLE d (chunk INTEGER, data BLOB)');
    const w = await time(async () => {
      await con.run('DELETE FROM d');
      const ap = await con.createAppender('d');
      for (let c = 0; c * chunk < data.length; c++) {
        const s = data.subarray(c * chunk, Math.min(data.length, (c + 1) * chunk));
        ap.appendInteger(c);
        ap.appendBlob(new Uint8Array(s.buffer, s.byteOffset, s.byteLength));
        ap.endRow();
      }
      ap.flushSync();
      ap.closeSync();
      await con.run('CHECKPOINT');
    }, 2);
    const rd = await time(async () => {
      const res = await con.runAndReadAll('SELECT chunk, data FROM d ORDER BY chunk');
      const [cs, ds] = res.getColumns();
      const out = new Float64Array(data.length);
      for (let i = 0; i < cs.length; i++) new Uint8Array(out.buffer, cs[i] * chunk * 8, ds[i].bytes.byteLength).set(ds[i].bytes);
      return out;
    }, 5);
    console.log(`Z as blobs of ${chunk} doubles: write ${f(w.best)} s, read best ${f(rd.best)} s, median ${f(rd.median)} s`);
    con.closeSync();
    db.closeSync();
  }
  {
    const db = await DuckDBInstance.create(join(dir, 'list.duckdb'));
    const con = await db.connect();
    await con.run('CREATE TABLE d (col INTEGER, data DOUBLE[])');
    const type = new DuckDBListType(DOUBLE);
    const w = await time(async () => {
      await con.run('DELETE FROM d');
      const ap = await con.createAppender('d');
      for (let c = 0; c < n; c++) {
        ap.appendInteger(c);
        ap.appendList(Array.from(data.subarray(c * n, (c + 1) * n)), type);
        ap.endRow();
      }
      ap.flushSync();
      ap.closeSync();
      await con.run('CHECKPOINT');
    }, 1);
    const rd = await time(async () => {
      const res = await con.runAndReadAll('SELECT data FROM d ORDER BY col');
      const [ls] = res.getColumnsJS();
      const out = new Float64Array(data.length);
      ls.forEach((l, c) => out.set(l, c * n));
      return out;
    }, 3);
    console.log(`Z as one DOUBLE[] per column: write ${f(w.best)} s, read best ${f(rd.best)} s, median ${f(rd.median)} s`);
    con.closeSync();
    db.closeSync();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
