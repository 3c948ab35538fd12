/**
 * Scale-out on a real Redis: Debian's redis-server, started here on a free 127.0.0.1 port (or
 * $CATENA_TEST_REDIS_URL), two `catena worker` processes on one queue, a job over two WIOD
 * 2013 release years (shared/data). The worker that takes the first task is SIGKILLed while it
 * runs it; the task is run again by the other worker, each task completes exactly once, and the
 * results in the workspace equal the engine's direct computation (exact: same code, same data).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { Model, decompose, readTable } from '@catena/engine';
import { createRunner, type JobEvent } from '@catena/jobs';
import { Workspace } from '@catena/store';
import { dataPath } from '../../engine/test/shared.js';

const CATENA = fileURLToPath(new URL('../../cli/bin/catena.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'catena-redis-'));
const procs: ChildProcess[] = [];
afterAll(() => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

/** $CATENA_TEST_REDIS_URL, or a redis-server of our own (failing, not skipping, when there is none). */
async function redisUrl(): Promise<string> {
  if (process.env.CATENA_TEST_REDIS_URL) return process.env.CATENA_TEST_REDIS_URL;
  const which = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) {
    throw new Error('redis-server is not installed (apt-get install -y redis-server), and CATENA_TEST_REDIS_URL is not set');
  }
  const port = await freePort();
  const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  procs.push(p);
  await new Promise<void>((res, rej) => {
    let out = '';
    p.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/Ready to accept connections/.test(out)) res();
    });
    p.on('exit', (code) => rej(new Error(`redis-server exited (${code}): ${out}`)));
  });
  return `redis://127.0.0.1:${port}`;
}

interface WorkerProc {
  p: ChildProcess;
  lines: string[];
  on(re: RegExp): Promise<string>;
}

function worker(url: string, queue: string): WorkerProc {
  const p = spawn(process.execPath, [CATENA, 'worker', '--redis', url, '--queue', queue, '--lock-duration', '3000'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CATENA_REDIS_URL: '' },
  });
  procs.push(p);
  const lines: string[] = [];
  const waiters: { re: RegExp; res: (l: string) => void }[] = [];
  let buf = '';
  p.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of waiters.splice(0))
        if (w.re.test(line)) w.res(line);
        else waiters.push(w);
    }
  });
  p.stderr!.on('data', (d: Buffer) => lines.push(`stderr: ${d.toString()}`));
  return {
    p,
    lines,
    on: (re) =>
      new Promise((res) => {
        const have = lines.find((l) => re.test(l));
        if (have) res(have);
        else waiters.push({ re, res });
      }),
  };
}

it('two catena workers on one queue: a worker killed mid-task loses nothing, each result is written once', async () => {
  const url = await redisUrl();
  const queue = `test-${process.pid}-${Date.now()}`;
  const path = join(dir, 'ws.duckdb');
  const files = [2010, 2011].map((y) => dataPath('wiod2013', `wiot${y}_2013rel_int.csv.gz`));
  const ws0 = await Workspace.open(path);
  const tables = [];
  for (const f of files) tables.push(await ws0.importTable({ path: f }));
  ws0.close();

  const a = worker(url, queue);
  const b = worker(url, queue);
  await Promise.all([a.on(/ready on queue/), b.on(/ready on queue/)]);

  const runner = createRunner({ workspacePath: path, redisUrl: url, queue });
  expect(runner.mode).toBe('redis');
  const options = { method: 'wwz', level: 'sector' };
  const id = await runner.submit({ analysis: 'decompose', tables: tables.map((t) => t.id), options });
  const events: JobEvent[] = [];
  const done = (async () => {
    for await (const e of runner.events(id)) events.push(e);
  })();

  // Kill whichever worker starts a task first, while it runs it.
  const first = await Promise.race([
    a.on(/^started /).then((l) => ({ w: a, other: b, l })),
    b.on(/^started /).then((l) => ({ w: b, other: a, l })),
  ]);
  first.w.p.kill('SIGKILL');
  const killedTask = /^started (\S+):/.exec(first.l)![1];
  await done;
  await runner.close();
  for (const w of [a, b]) w.p.kill('SIGTERM');

  const story = JSON.stringify({ events: events.filter((e) => e.type !== 'progress'), a: a.lines, b: b.lines }, null, 1);
  expect(events.at(-1), story).toMatchObject({ type: 'done' });
  // The killed worker finished nothing it started; the other one ran the killed task again.
  expect(
    first.w.lines.filter((l) => l.startsWith(`done ${killedTask}:`)),
    story,
  ).toEqual([]);
  expect(
    first.other.lines.some((l) => l.startsWith(`started ${killedTask}:`)),
    story,
  ).toBe(true);
  expect(
    first.other.lines.filter((l) => l.startsWith(`done ${killedTask}:`)),
    story,
  ).toHaveLength(1);
  expect(
    events.some((e) => e.type === 'task-retry'),
    story,
  ).toBe(true);
  // Each task completed exactly once across both workers.
  const doneLines = [...a.lines, ...b.lines].filter((l) => l.startsWith('done ')).map((l) => l.split(':')[0]);
  expect(doneLines.sort(), story).toEqual(tables.map((_, i) => `done ${id}-t${i}`).sort());

  const ws = await Workspace.open(path);
  try {
    const results = await ws.listResults();
    expect(results).toHaveLength(2);
    expect(results.every((r) => r.jobId === id)).toBe(true);
    const direct = decompose(Model.build(await readTable(files[1])), options as never);
    const stored = await ws.getResult({ tableKey: tables[1].key, analysis: 'decompose', options });
    expect(stored!.rows.length).toBe(direct.rows.length);
    expect(stored!.rows).toEqual(direct.rows);
    expect((await ws.getJob(id))!.state).toBe('done');
  } finally {
    ws.close();
  }
});
