/**
 * A killed job leaves the workspace consistent and loses nothing: a process running a job over three
 * WIOD 2013 release years (shared/data) on local threads is SIGKILLed after its first result
 * is written; the workspace opens with no half result, and the next runner on it takes the job
 * up, serves the written results from the cache and computes the rest, each result stored once
 * and equal to the engine's direct computation (exact: same code, same data).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { Model, decompose, readTable } from '@catena/engine';
import { createRunner, type JobEvent } from '@catena/jobs';
import { Workspace } from '@catena/store';
import { dataPath } from '../../engine/test/shared.js';

const CHILD = fileURLToPath(new URL('./fixtures/job-child.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'catena-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a job whose process is killed is resumed by the next runner, each result written once', async () => {
  const path = join(dir, 'ws.duckdb');
  const years = [2009, 2010, 2011];
  const files = years.map((y) => dataPath('wiod2013', `wiot${y}_2013rel_int.csv.gz`));
  const ws0 = await Workspace.open(path);
  const tables = [];
  for (const f of files) tables.push(await ws0.importTable({ path: f }));
  ws0.close();
  const options = { method: 'wwz', level: 'sector' };

  const child = spawn(process.execPath, [CHILD, path, JSON.stringify({ analysis: 'decompose', options })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<string | number | null>((res) => child.on('exit', (code, sig) => res(sig ?? code)));
  await new Promise<void>((res, rej) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/event task-done 0/.test(out)) {
        child.kill('SIGKILL');
        res();
      }
    });
    child.on('exit', () => rej(new Error(`child exited before its first result: ${out}${err}`)));
  });
  expect(await exited).toBe('SIGKILL');
  const jobId = /submitted (\S+)/.exec(out)![1];
  expect(out).not.toMatch(/event done/);

  const ws1 = await Workspace.open(path);
  const written = await ws1.listResults();
  expect(await ws1.verify()).toEqual([]);
  expect((await ws1.getJob(jobId))!.state).toBe('running');
  ws1.close();
  expect(written.length).toBeGreaterThanOrEqual(1);
  expect(written.length).toBeLessThan(years.length);

  const runner = createRunner({ workspacePath: path, concurrency: 1 });
  const events: JobEvent[] = [];
  try {
    for await (const e of runner.events(jobId)) events.push(e);
  } finally {
    await runner.close();
  }
  expect(events.at(-1)).toMatchObject({ type: 'done' });
  const done = events.filter((e) => e.type === 'task-done');
  // The results written before the kill come from the cache, the others are computed now.
  expect(done.filter((e) => e.type === 'task-done' && e.cached).length).toBe(written.length);
  expect(done).toHaveLength(years.length);

  const ws = await Workspace.open(path);
  try {
    expect(await ws.verify()).toEqual([]);
    const results = await ws.listResults();
    expect(results).toHaveLength(years.length);
    expect(new Set(results.map((r) => r.key)).size).toBe(years.length);
    expect((await ws.getJob(jobId))!.state).toBe('done');
    const direct = decompose(Model.build(await readTable(files[2])), options as never);
    const stored = await ws.getResult({ tableKey: tables[2].key, analysis: 'decompose', options });
    expect(stored!.rows).toEqual(direct.rows);
  } finally {
    ws.close();
  }
});
