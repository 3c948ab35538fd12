// How whole `catena` commands grow with the size of the table, beside numpy's read + inverse.
//
// Generates WIOD-like synthetic wide CSV tables deterministically (the engine's seeded mulberry32;
// dense domestic blocks, thin foreign blocks, most foreign cells zero, whole-number cells like the WIOD
// 2013 release, and productive by construction: every column sum of A is below 0.7), then times
// whole processes with /usr/bin/time (wall seconds and peak resident memory):
//   catena info T · catena decompose T --method bm --level sector · numpy read + inverse of I − A
// Sizes: GN = 1,435 (41 × 35), 3,465 (77 × 45), 7,987 (49 × 163); 19,680 (164 × 120) with
// BENCH_LARGE=1. BENCH_SIZES=1435,3465 picks sizes. Tables are written under $BENCH_TMP (default
// the system temp folder) once and reused; they are large (7,987: about 0.13 GB of text).
// Not part of the tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 as rng } from '../packages/engine/dist/index.js';
import { ROOT, machine } from './_util.mjs';

const SIZES = [{ G: 41, N: 35 }, { G: 77, N: 45 }, { G: 49, N: 163 }, ...(process.env.BENCH_LARGE ? [{ G: 164, N: 120 }] : [])].filter(
  (s) => !process.env.BENCH_SIZES || process.env.BENCH_SIZES.split(',').includes(String(s.G * s.N)),
);
const F = 5;
const FD = ['CONS_h', 'CONS_np', 'CONS_g', 'GFCF', 'INVEN'];
const DIR = join(process.env.BENCH_TMP ?? tmpdir(), 'catena-scale');
const CLI = join(ROOT, 'packages/cli/bin/catena.js');

/**
 * Row i of Z as whole numbers: inputs from i to every j. Domestic cells are non-zero with
 * probability 0.5, foreign ones with 0.01 (and then 50 times smaller). Deterministic per row, so
 * the two passes of write() see the same numbers without holding Z.
 */
function zRow(i, G, N, out) {
  const r = rng(1000003 * (i + 1));
  const ci = Math.floor(i / N);
  const GN = G * N;
  for (let j = 0; j < GN; j++) {
    const home = Math.floor(j / N) === ci;
    const u = r();
    out[j] = home ? (u < 0.5 ? Math.floor(r() * 400) : 0) : u < 0.01 ? Math.floor(r() * 8) : 0;
  }
}

/** Writes the wide CSV (row, GN intermediate columns, G·F final-demand columns, GO). */
async function write(G, N, file) {
  const GN = G * N;
  const row = new Float64Array(GN);
  const colSum = new Float64Array(GN);
  const rowSum = new Float64Array(GN);
  for (let i = 0; i < GN; i++) {
    zRow(i, G, N, row);
    let s = 0;
    for (let j = 0; j < GN; j++) {
      colSum[j] += row[j];
      s += row[j];
    }
    rowSum[i] = s;
  }
  const labels = [];
  for (let g = 0; g < G; g++) for (let n = 0; n < N; n++) labels.push(`C${String(g).padStart(3, '0')}_s${n + 1}`);
  const tmp = `${file}.tmp-${process.pid}`;
  const ws = createWriteStream(tmp);
  const put = (s) => (ws.write(s) ? Promise.resolve() : new Promise((res) => ws.once('drain', res)));
  const fdLabels = [];
  for (let g = 0; g < G; g++) for (const f of FD) fdLabels.push(`C${String(g).padStart(3, '0')}_${f}`);
  await put(`row,${labels.join(',')},${fdLabels.join(',')},GO\n`);
  const fd = new Float64Array(G * F);
  for (let i = 0; i < GN; i++) {
    zRow(i, G, N, row);
    const r = rng(7 * (i + 1));
    // Final demand large enough that column sum of A_i = colSum_i / x_i stays below 0.7.
    const need = Math.max(0, colSum[i] / 0.7 - rowSum[i]);
    const total = Math.ceil(need + 50 + r() * 500);
    fd.fill(0);
    const home = Math.floor(i / N);
    fd[home * F] = Math.round(total * 0.6);
    fd[home * F + 3] = Math.round(total * 0.2);
    let rest = total - fd[home * F] - fd[home * F + 3];
    for (let k = 0; k < 3 && rest > 0; k++) {
      const c = Math.floor(r() * G) * F;
      const part = k === 2 ? rest : Math.floor(rest / 2);
      fd[c] += part;
      rest -= part;
    }
    let go = rowSum[i];
    for (let k = 0; k < fd.length; k++) go += fd[k];
    const parts = [labels[i]];
    for (let j = 0; j < GN; j++) parts.push(row[j]);
    for (let k = 0; k < fd.length; k++) parts.push(fd[k]);
    parts.push(go);
    await put(parts.join(',') + '\n');
  }
  await new Promise((res, rej) => ws.end((e) => (e ? rej(e) : res())));
  renameSync(tmp, file);
}

/** Runs a command under /usr/bin/time; returns wall seconds and peak RSS in MiB. */
function timed(cmd, args, env = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [sec, kib] = last.split(' ').map(Number);
  if (r.status !== 0) return { ok: false, sec, mib: kib / 1024, err: r.stderr.slice(-400) };
  return { ok: true, sec, mib: kib / 1024 };
}

const NUMPY = `
import sys, time, numpy as np
t0 = time.perf_counter()
f = open(sys.argv[1], 'rb'); head = f.readline().split(b',')
GN = int(sys.argv[2])
M = np.loadtxt(f, delimiter=',', usecols=range(1, len(head)), dtype=np.float64) if GN <= 1500 else None
if M is None:
    rows = []
    for line in f:
        rows.append(np.array(line.split(b',')[1:], dtype=np.float64))
    M = np.vstack(rows)
Z = M[:, :GN]; x = M[:, GN:-1].sum(1) + Z.sum(1)
t1 = time.perf_counter()
A = Z / np.where(x > 0, x, 1)
IA = np.eye(GN) - A
t2 = time.perf_counter(); B = np.linalg.inv(IA); t3 = time.perf_counter()
print(f"{t3 - t0:.3f} {t3 - t2:.3f} {t1 - t0:.3f}")
`;

function numpy(file, GN) {
  try {
    const out = execFileSync('/usr/bin/python3', ['-c', NUMPY, file, String(GN)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 20,
    });
    const [total, inv, read] = out.trim().split(' ').map(Number);
    return { total, inv, read };
  } catch (e) {
    return { error: String(e.message ?? e).slice(0, 200) };
  }
}

mkdirSync(DIR, { recursive: true });
console.log(`machine: ${machine()}; load average at start ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).trim()}`);
console.log(
  'GN | text MB | catena info s / MiB | catena decompose bm sector s / MiB | numpy read+inverse s (inverse alone) | ratio bm / numpy inverse',
);
console.log('---|---|---|---|---|---');
for (const { G, N } of SIZES) {
  const GN = G * N;
  const file = join(DIR, `scale_${G}x${N}.csv`);
  if (!existsSync(file)) await write(G, N, file);
  const mb = statSync(file).size / 1e6;
  const info = timed(process.execPath, [CLI, 'info', file, '--layout', 'wide']);
  const out = join(DIR, `bm_${GN}.csv`);
  rmSync(out, { force: true });
  const level = GN > 10000 ? 'country' : 'sector';
  const bm = timed(process.execPath, [CLI, 'decompose', file, '--layout', 'wide', '--method', 'bm', '--level', level, '--out', out]);
  rmSync(out, { force: true });
  const np = numpy(file, GN);
  const fmt = (r) => (r.ok ? `${r.sec.toFixed(2)} / ${r.mib.toFixed(0)}` : `failed (${(r.err ?? '').split('\n').slice(-2).join(' ')})`);
  const npText = np.error ? `failed (${np.error})` : `${np.total.toFixed(2)} (${np.inv.toFixed(2)})`;
  const ratio = bm.ok && !np.error ? (bm.sec / np.inv).toFixed(2) : '';
  console.log(`${GN}${level === 'country' ? ' (bm country)' : ''} | ${mb.toFixed(0)} | ${fmt(info)} | ${fmt(bm)} | ${npText} | ${ratio}`);
}
