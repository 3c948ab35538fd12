/**
 * The local job runner on WIOD 2013 release tables (shared/data): a job over two years × two
 * option sets runs on worker threads, reports progress, writes each result once, and its results
 * equal the engine's direct computation on the same tables (exact: same code, same data).
 * Cached tasks are not recomputed; cancellation stops a job; bad specs name the field.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Model, decompose, indicators, readTable, type DecomposeOptions } from '@catena/engine';
import { createRunner, type JobEvent, type JobRunner } from '@catena/jobs';
import { Workspace, type TableInfo } from '@catena/store';
import { dataPath } from '../../engine/test/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'catena-jobs-'));
const path = join(dir, 'ws.duckdb');
const files = [2010, 2011].map((y) => dataPath('wiod2013', `wiot${y}_2013rel_int.csv.gz`));
let tables: TableInfo[];
let runner: JobRunner;

beforeAll(async () => {
  const ws = await Workspace.open(path);
  tables = [];
  for (const f of files) tables.push(await ws.importTable({ path: f }));
  ws.close();
  runner = createRunner({ workspacePath: path, concurrency: 2 });
});
afterAll(async () => {
  await runner?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function collect(jobId: string): Promise<JobEvent[]> {
  const out: JobEvent[] = [];
  for await (const e of runner.events(jobId)) out.push(e);
  return out;
}

describe('local job runner', () => {
  const optionSets: (DecomposeOptions & Record<string, unknown>)[] = [
    { method: 'kww', level: 'country' },
    { method: 'wwz', level: 'country' },
  ];

  it('runs an analysis over tables × option sets on threads and writes each result once', async () => {
    expect(runner.mode).toBe('local');
    const id = await runner.submit({ analysis: 'decompose', tables: tables.map((t) => t.id), options: optionSets });
    const events = await collect(id);
    const last = events.at(-1)!;
    expect(last.type).toBe('done');
    const taskDone = events.filter((e) => e.type === 'task-done');
    expect(taskDone).toHaveLength(4);
    expect(taskDone.every((e) => e.type === 'task-done' && !e.cached)).toBe(true);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    const s = (await runner.status(id))!;
    expect(s).toMatchObject({ state: 'done', finished: 4, total: 4, fraction: 1, error: null });
    expect(s.tasks.map((t) => [t.year, t.attempts, t.state])).toEqual([
      [2010, 1, 'done'],
      [2010, 1, 'done'],
      [2011, 1, 'done'],
      [2011, 1, 'done'],
    ]);

    const ws = await Workspace.open(path);
    try {
      const results = await ws.listResults();
      expect(results).toHaveLength(4);
      expect(new Set(results.map((r) => r.key))).toEqual(new Set(s.resultKeys));
      expect(results.every((r) => r.jobId === id)).toBe(true);
      // Against the engine run directly on the file.
      const model = Model.build(await readTable(files[1]));
      for (const o of optionSets) {
        const direct = decompose(model, o);
        const stored = await ws.getResult({ tableKey: tables[1].key, analysis: 'decompose', options: o });
        expect(stored!.rows).toEqual(direct.rows);
        expect(stored!.columns).toEqual(direct.columns);
      }
      expect((await ws.getJob(id))!.state).toBe('done');
    } finally {
      ws.close();
    }

    // The same job again: every task is served from the workspace.
    const again = await runner.submit({ analysis: 'decompose', tables: tables.map((t) => t.id), options: optionSets });
    const ev2 = await collect(again);
    expect(ev2.filter((e) => e.type === 'task-done' && e.cached)).toHaveLength(4);
    expect(ev2.at(-1)!.type).toBe('done');
  });

  it('selects tables by year and computes indicators equal to the engine', async () => {
    const id = await runner.submit({ analysis: 'indicators', years: [2011], options: { level: 'country' } });
    const events = await collect(id);
    expect(events.at(-1)).toMatchObject({ type: 'done' });
    const s = (await runner.status(id))!;
    expect(s.tasks.map((t) => t.tableId)).toEqual([tables[1].id]);
    const ws = await Workspace.open(path);
    try {
      const stored = await ws.getResult(s.resultKeys[0]);
      const direct = indicators(Model.build(await readTable(files[1])), { level: 'country' });
      expect(stored!.rows.length).toBe(direct.rows.length);
      expect(stored!.rows).toEqual(direct.rows);
    } finally {
      ws.close();
    }
  });

  it('cancels a running job and leaves no result of it', async () => {
    const id = await runner.submit({
      analysis: 'decompose',
      tables: [tables[0].id],
      options: { method: 'wwz', level: 'sector-bilateral' },
    });
    const it = runner.events(id);
    expect(await runner.cancel(id)).toBe(true);
    const seen: JobEvent[] = [];
    for await (const e of it) seen.push(e);
    expect(seen.at(-1)).toEqual({ type: 'cancelled', jobId: id });
    expect((await runner.status(id))!.state).toBe('cancelled');
    expect(await runner.cancel(id)).toBe(false);
    const ws = await Workspace.open(path);
    try {
      const parts = { tableKey: tables[0].key, analysis: 'decompose', options: { method: 'wwz', level: 'sector-bilateral' } };
      expect(await ws.resultInfo(parts)).toBeUndefined();
    } finally {
      ws.close();
    }
    // The pool still works after its thread was terminated.
    const next = await runner.submit({ analysis: 'decompose', tables: [tables[0].id], options: { method: 'bm', level: 'country' } });
    expect((await collect(next)).at(-1)!.type).toBe('done');
  });

  it('names the field of a bad spec, and fails a job whose options the analysis refuses', async () => {
    await expect(runner.submit({ analysis: 'nope' })).rejects.toThrow(/analysis 'nope' is not known; expected one of .*decompose/);
    await expect(runner.submit({ analysis: 'decompose', years: [1900] })).rejects.toThrow(
      /years: no table of 1900; the tables have years 2010, 2011/,
    );
    await expect(runner.submit({ analysis: 'decompose', tables: ['zzz'] })).rejects.toThrow(/tables\.0: no table 'zzz'/);
    await expect(runner.submit({ analysis: 'decompose', retries: -1 } as never)).rejects.toMatchObject({ option: 'retries' });
    const id = await runner.submit({ analysis: 'decompose', tables: [tables[0].id], options: { method: 'xyz' } });
    const last = (await collect(id)).at(-1)!;
    expect(last.type).toBe('failed');
    expect(last.type === 'failed' && last.error).toMatch(/OptionError: method 'xyz' is not known/);
    expect((await runner.status(id))!.tasks[0].attempts).toBe(1);
  });
});
