/**
 * Crash safety: a process importing WIOD 2011 (shared/data) is killed with SIGKILL after its
 * import transaction has written a chunk of the matrices; the workspace, opened again, holds the
 * tables committed before and nothing of the killed import, and importing again works.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { readTable } from '@catena/engine';
import { Workspace } from '@catena/store';
import { dataPath } from '../../engine/test/shared.js';

const CHILD = fileURLToPath(new URL('./fixtures/import-child.mjs', import.meta.url));
const WIOD = dataPath('wiod2013', 'wiot2011_2013rel_int.csv.gz');
const dir = mkdtempSync(join(tmpdir(), 'catena-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child; resolves with its stdout once `until` appears in it (or it exits). */
function child(args: string[], env: Record<string, string>, until: RegExp) {
  const p = spawn(process.execPath, [CHILD, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const seen = new Promise<string>((res, rej) => {
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (until.test(out)) res(out);
    });
    p.on('exit', (code, sig) =>
      until.test(out) ? res(out) : rej(new Error(`child exited (${code ?? sig}) before ${until}: ${out}${err}`)),
    );
  });
  const exited = new Promise<NodeJS.Signals | number | null>((res) => p.on('exit', (code, sig) => res(sig ?? code)));
  return { p, seen, exited };
}

it('a SIGKILL mid-import leaves no half table, and a re-import works', async () => {
  const path = join(dir, 'ws.duckdb');
  const ws = await Workspace.open(path);
  const before = await ws.importTable({ path: dataPath('leather', 'leather_wide.csv') });
  // A second process cannot open the file while this one has it open, and is told why.
  const locked = child([path], { CATENA_CHILD_MODE: 'open' }, /\n/);
  expect(await locked.seen).toMatch(new RegExp(`WorkspaceError: workspace ${path} is open in another process \\(pid ${process.pid}\\)`));
  ws.close();

  const c = child([path, WIOD], {}, /written 1 of \d+/);
  expect(await c.seen).toMatch(/written 1 of \d+/);
  c.p.kill('SIGKILL');
  expect(await c.exited).toBe('SIGKILL');

  const db = await DuckDBInstance.create(path);
  const con = await db.connect();
  const counts = (await con.runAndReadAll('SELECT (SELECT count(*) FROM tables), (SELECT count(*) FROM table_data)')).getRowsJS();
  const ids = (await con.runAndReadAll('SELECT DISTINCT table_id FROM table_data')).getRowsJS();
  con.closeSync();
  db.closeSync();
  // Only the leather table: 1 row, one chunk each of Z, Y (its file has no stored output column).
  expect(ids).toEqual([[before.id]]);
  expect(counts[0][0]).toBe(1n);

  const again = await Workspace.open(path);
  try {
    expect((await again.listTables()).map((t) => t.id)).toEqual([before.id]);
    expect(await again.verify()).toEqual([]);
    const t = await again.importTable({ path: WIOD });
    const loaded = await again.loadTable(t.id);
    const direct = await readTable(WIOD);
    expect(Buffer.from(loaded.Z.data.buffer).equals(Buffer.from(direct.Z.data.buffer))).toBe(true);
    expect(Buffer.from(loaded.Y.data.buffer).equals(Buffer.from(direct.Y.data.buffer))).toBe(true);
    expect(await again.verify()).toEqual([]);
  } finally {
    again.close();
  }
});
