/**
 * The hostile-input harness: each case builds its inputs on the fly in a fresh folder, runs
 * `catena` (in-process through main(), or as a real process through bin/catena.js when the case
 * is about the process: uid, stdout, memory limit, concurrency) and checks what every case must
 * satisfy: the exit code, that stderr names what it should (file, row, column or option), no
 * stack lines, no NaN or Infinity in any output, every file that was there before byte-identical
 * afterwards (inputs and pre-existing outputs), and no temporary files left behind.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { main } from '../../src/main.js';
import { TEMP_PATTERN } from '../../src/output-file.js';

export const BIN = fileURLToPath(new URL('../../bin/catena.js', import.meta.url));

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

/** A fresh folder for one case (world-writable, so cases run as another user can write where asked). */
export function caseDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `catena-hostile-${name.replace(/[^a-z0-9]+/gi, '-')}-`));
}

/** Runs `catena argv` in this process. */
export async function runIn(argv: string[]): Promise<RunResult> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false });
  return { code, out, err };
}

export interface SpawnOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Run as this uid/gid (the suite runs as root in CI containers: permissions need another user). */
  uid?: number;
  /** V8 heap limit in MiB (a memory limit for the case). */
  maxOldSpaceMiB?: number;
  /** Where the child's stdout goes: captured (default) or a file path opened for writing. */
  stdoutFile?: string;
  /** Kill the child after this many ms (bounded; default 60 s). */
  timeoutMs?: number;
}

/** Runs `node bin/catena.js argv` as a real process. */
export function runBin(argv: string[], o: SpawnOptions = {}): Promise<RunResult> {
  return new Promise((resolveRun, reject) => {
    const args = [...(o.maxOldSpaceMiB ? [`--max-old-space-size=${o.maxOldSpaceMiB}`] : []), BIN, ...argv];
    import('node:fs').then(({ openSync, closeSync }) => {
      const fd = o.stdoutFile ? openSync(o.stdoutFile, 'w') : undefined;
      const child = spawn(process.execPath, args, {
        cwd: o.cwd,
        env: { ...process.env, CATENA_QUIET_LINALG: '1', ...o.env },
        uid: o.uid,
        gid: o.uid,
        stdio: ['ignore', fd ?? 'pipe', 'pipe'],
      });
      if (fd !== undefined) closeSync(fd);
      let out = '';
      let err = '';
      child.stdout?.on('data', (d) => (out += d));
      child.stderr?.on('data', (d) => (err += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolveRun({ code: code ?? (signal ? 128 : -1), out, err });
      });
    });
  });
}

/** Every file under `dir` (relative path → bytes). */
export function snapshot(dir: string): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) m.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return m;
}

/** Files of `dir` that look like our temporary files. */
export function tempFiles(dir: string): string[] {
  return [...snapshot(dir).keys()].filter((f) => TEMP_PATTERN.test(f) || /\.tmp-\d+$/.test(f));
}

/** The tally of the suite: every case counts as tried; a case that passes every check is clear. */
export const tally = { tried: 0, clear: 0 };

export interface Expect {
  code: number;
  /** What stderr must name (the file, row, column or option) — every pattern must match. */
  names?: (RegExp | string)[];
  /** Files created by the run that are allowed (relative to the case folder); others are an error. */
  creates?: string[];
  /** Files that are expected to change (e.g. --force replacing an output). */
  changes?: string[];
}

/** Checks one run against the rules every hostile case obeys (see the module comment). */
export function check(dir: string, before: Map<string, Buffer>, r: RunResult, e: Expect): void {
  tally.tried++;
  const ctx = `exit ${r.code}\nstderr: ${r.err}\nstdout: ${r.out.slice(0, 400)}`;
  expect(r.code, ctx).toBe(e.code);
  expect(r.err, 'no stack trace lines').not.toMatch(/^\s+at /m);
  expect(r.err, 'no internal error').not.toMatch(/internal error/);
  if (e.code !== 0) {
    expect(r.err.trim().length, 'an error says something').toBeGreaterThan(0);
    // the error is the last message (after any block of table warnings): at most three lines
    const lines = r.err.trimEnd().split('\n');
    const last = lines.map((l) => /^catena[: ]/.test(l)).lastIndexOf(true);
    expect(lines.length - last, `one short message:\n${r.err}`).toBeLessThanOrEqual(3);
  }
  for (const n of e.names ?? []) {
    if (typeof n === 'string') expect(r.err, ctx).toContain(n);
    else expect(r.err, ctx).toMatch(n);
  }
  expect(r.out, 'no NaN/Infinity on stdout').not.toMatch(/\bNaN\b|\bInfinity\b|\b-?Inf\b/);
  const after = snapshot(dir);
  for (const [f, bytes] of before) {
    if (e.changes?.includes(f)) continue;
    expect(after.has(f), `${f} is still there`).toBe(true);
    expect(after.get(f)!.equals(bytes), `${f} is byte-identical`).toBe(true);
  }
  for (const [f, bytes] of after) {
    if (!before.has(f)) expect(e.creates ?? [], `unexpected new file ${f}`).toContain(f);
    expect(bytes.toString('latin1'), `no NaN/Infinity in ${f}`).not.toMatch(/\bNaN\b|\bInfinity\b|(^|[,\s])-?Inf([,\s]|$)/m);
  }
  expect(tempFiles(dir), 'no temporary files left').toEqual([]);
  tally.clear++;
}
