// Text readers at byte speed (issue 16.1): MB/s of uncompressed text, plain and gzip, per reader.
// Generates deterministic synthetic tables into bench/out/text/ once (wide CSV 77 × 45 and 49 × 163,
// OECD ICIO 2023 layout 77 × 45, an Eora26-style tab-separated T matrix), then reads each in a
// fresh child process (so the peak resident memory is the reader's own) and reports wall and CPU
// time, MB/s of text, the dense table produced (Z + Y in float64) and the peak RSS above the
// process's baseline. The real WIOD 2011 table (4.9 MB of text, gzip) is read too.
// Run: npx tsc -b && node bench/readers-text.mjs [--reps N] [--large]
import { spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { machine, ROOT, WIOD } from './_util.mjs';

const OUT = join(ROOT, 'bench', 'out', 'text');
const args = process.argv.slice(2);
const reps = Number(args[args.indexOf('--reps') + 1]) || 3;

function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 4294967296;
}

/** A WIOD-like cell: most intermediate cells small or zero, numbers to 9 significant digits. */
function cellText(rand, domestic) {
  const u = rand();
  if (u < (domestic ? 0.1 : 0.45)) return '0';
  const v = (domestic ? 5000 : 50) * rand() ** 3;
  return String(Number(v.toPrecision(9)));
}

async function writeText(path, lines) {
  const ws = createWriteStream(path);
  for (const l of lines()) if (!ws.write(l)) await once(ws, 'drain');
  ws.end();
  await once(ws, 'finish');
}

async function gzip(path) {
  if (existsSync(`${path}.gz`)) return;
  await pipeline(Readable.from(readFileSync(path)), createGzip({ level: 6 }), createWriteStream(`${path}.gz`));
}

/** A wide CSV: row, CCC_sNN…, CCC_Fk…, GO; G countries × N sectors, F categories. */
async function wide(G, N, F = 5) {
  const path = join(OUT, `wide_${G}x${N}.csv`);
  if (!existsSync(path)) {
    const c = (g) => `C${String(g).padStart(2, '0')}`;
    const labels = [];
    for (let g = 0; g < G; g++) for (let n = 0; n < N; n++) labels.push(`${c(g)}_s${String(n + 1).padStart(3, '0')}`);
    const fd = [];
    for (let g = 0; g < G; g++) for (let f = 0; f < F; f++) fd.push(`${c(g)}_F${f + 1}`);
    const rand = rng(G * 1000 + N);
    await writeText(path, function* () {
      yield ['row', ...labels, ...fd, 'GO'].join(',') + '\n';
      for (let i = 0; i < G * N; i++) {
        const gi = Math.floor(i / N);
        const cells = [labels[i]];
        for (let j = 0; j < G * N; j++) cells.push(cellText(rand, Math.floor(j / N) === gi));
        for (let k = 0; k < G * F; k++) cells.push(cellText(rand, Math.floor(k / F) === gi));
        cells.push('1e6');
        yield cells.join(',') + '\n';
      }
    });
  }
  await gzip(path);
  return path;
}

/** An OECD ICIO 2023-layout CSV (V1, CCC_sector…, CCC_HFCE…, OUT; TLS, VA, OUT rows). */
async function icio(G, N) {
  const path = join(OUT, `ICIO2023_${G}x${N}`, '2020.csv');
  if (!existsSync(path)) {
    mkdirSync(join(OUT, `ICIO2023_${G}x${N}`), { recursive: true });
    const cats = ['HFCE', 'NPISH', 'GGFC', 'GFCF', 'INVNT', 'DPABR'];
    const c = (g) => `C${String.fromCharCode(65 + Math.floor(g / 26))}${String.fromCharCode(65 + (g % 26))}`;
    const labels = [];
    for (let g = 0; g < G; g++) for (let n = 0; n < N; n++) labels.push(`${c(g)}_S${String(n + 1).padStart(2, '0')}`);
    const fd = [];
    for (let g = 0; g < G; g++) for (const k of cats) fd.push(`${c(g)}_${k}`);
    const rand = rng(G + N);
    await writeText(path, function* () {
      yield ['V1', ...labels, ...fd, 'OUT'].join(',') + '\n';
      const row = (label, gi) => {
        const cells = [label];
        for (let j = 0; j < G * N; j++) cells.push(cellText(rand, Math.floor(j / N) === gi));
        for (let k = 0; k < G * cats.length; k++) cells.push(cellText(rand, Math.floor(k / cats.length) === gi));
        cells.push('1e6');
        return cells.join(',') + '\n';
      };
      for (let i = 0; i < G * N; i++) yield row(labels[i], Math.floor(i / N));
      for (const l of ['TLS', 'VA', 'OUT']) yield row(l, -1);
    });
  }
  await gzip(path);
  return path;
}

/** An Eora26-style folder: tab-separated T and FD matrices with label files (G regions × N sectors). */
async function eora(G, N) {
  const dir = join(OUT, `eora_${G}x${N}`);
  const T = join(dir, 'Eora26_2015_bp_T.txt');
  if (!existsSync(T)) {
    mkdirSync(dir, { recursive: true });
    const R = G * N;
    const cats = ['Household final consumption P.3h', 'NPISH', 'Government', 'GFCF', 'Inventory', 'Acquisitions'];
    const lt = [];
    const lf = [];
    for (let g = 0; g < G; g++) {
      for (let n = 0; n < N; n++) lt.push(`Region ${g}\tR${String(g).padStart(3, '0')}\tIndustries\tSector ${n}`);
      for (const k of cats) lf.push(`Region ${g}\tR${String(g).padStart(3, '0')}\tFinal Demand\t${k}`);
    }
    writeFileSync(join(dir, 'labels_T.txt'), lt.join('\n') + '\n');
    writeFileSync(join(dir, 'labels_FD.txt'), lf.join('\n') + '\n');
    const rand = rng(R);
    await writeText(T, function* () {
      for (let i = 0; i < R; i++) {
        const gi = Math.floor(i / N);
        const cells = [];
        for (let j = 0; j < R; j++) cells.push(cellText(rand, Math.floor(j / N) === gi));
        yield cells.join('\t') + '\n';
      }
    });
    await writeText(join(dir, 'Eora26_2015_bp_FD.txt'), function* () {
      for (let i = 0; i < R; i++) {
        const cells = [];
        for (let k = 0; k < G * cats.length; k++) cells.push(cellText(rand, Math.floor(k / cats.length) === Math.floor(i / N)));
        yield cells.join('\t') + '\n';
      }
    });
  }
  return { dir, T };
}

const CHILD = `
const [, mod, fn, path, opts] = process.argv;
const E = await import(mod);
const base = process.memoryUsage().rss;
const u0 = process.cpuUsage();
const t0 = performance.now();
const t = await E[fn](path, JSON.parse(opts));
const wall = (performance.now() - t0) / 1000;
const u = process.cpuUsage(u0);
const dense = (t.Z.data.byteLength + t.Y.data.byteLength) / 2 ** 20;
console.log(JSON.stringify({ wall, cpu: (u.user + u.system) / 1e6, dense, peak: (process.resourceUsage().maxRSS * 1024 - base) / 2 ** 20, GN: t.GN }));
`;

function runChild(fn, path, opts = {}) {
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      CHILD,
      '--',
      pathToFileURL(join(ROOT, 'packages/engine/dist/index.js')).href,
      fn,
      path,
      JSON.stringify(opts),
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** Bytes of text of a file (gzip inflated by gzip itself, so this process stays small: see below). */
function textBytes(path) {
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  readSync(fd, head, 0, 2, 0);
  closeSync(fd);
  if (head[0] !== 0x1f || head[1] !== 0x8b) return statSync(path).size;
  return Number(spawnSync('sh', ['-c', `gzip -dc '${path}' | wc -c`], { encoding: 'utf8' }).stdout.trim());
}

mkdirSync(OUT, { recursive: true });
// Linux keeps a process's peak resident set across exec, so a child forked from a parent that
// holds much memory reports the parent's peak as its own. The files are generated here; the
// reads are timed by a fresh copy of this script that holds nothing (--measure).
if (!args.includes('--measure')) {
  await wide(77, 45);
  if (args.includes('--large')) await wide(49, 163);
  await icio(77, 45);
  await eora(120, 26);
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--measure', ...args], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const cases = [];
const w77 = await wide(77, 45);
cases.push({ name: 'wide CSV 77 × 45 (plain)', fn: 'readWideCsv', path: w77, text: w77 });
cases.push({ name: 'wide CSV 77 × 45 (gzip)', fn: 'readWideCsv', path: `${w77}.gz`, text: w77 });
if (args.includes('--large')) {
  const w49 = await wide(49, 163);
  cases.push({ name: 'wide CSV 49 × 163 (plain)', fn: 'readWideCsv', path: w49, text: w49 });
  cases.push({ name: 'wide CSV 49 × 163 (gzip)', fn: 'readWideCsv', path: `${w49}.gz`, text: w49 });
}
cases.push({ name: 'WIOD 2011 real (gzip)', fn: 'readWideCsv', path: WIOD(2011), text: WIOD(2011) });
const ic = await icio(77, 45);
cases.push({ name: 'OECD ICIO 2023 layout 77 × 45 (plain)', fn: 'readOecdIcio', path: ic, text: ic });
cases.push({ name: 'OECD ICIO 2023 layout 77 × 45 (gzip)', fn: 'readOecdIcio', path: `${ic}.gz`, text: ic });
const eo = await eora(120, 26);
cases.push({
  name: 'Eora26-style T + FD, 120 × 26 (tab)',
  fn: 'readEora26',
  path: eo.dir,
  text: [eo.T, join(eo.dir, 'Eora26_2015_bp_FD.txt')],
});

console.log(
  `machine: ${machine()}; load average ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
console.log(
  '| reader and file | text (MB) | best wall (s) | CPU (s) | MB/s (wall) | MB per CPU-s | dense Z+Y (MiB) | peak RSS above start (MiB) | peak / dense |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const c of cases) {
  const mb = [c.text].flat().reduce((a, p) => a + textBytes(p), 0) / 1e6;
  const runs = Array.from({ length: reps }, () => runChild(c.fn, c.path));
  runs.sort((a, b) => a.wall - b.wall);
  const b = runs[0];
  const cpu = Math.min(...runs.map((r) => r.cpu));
  const peak = Math.max(...runs.map((r) => r.peak));
  console.log(
    `| ${c.name} | ${mb.toFixed(1)} | ${b.wall.toFixed(3)} | ${cpu.toFixed(3)} | ${(mb / b.wall).toFixed(0)} | ${(mb / cpu).toFixed(0)} | ${b.dense.toFixed(0)} | ${peak.toFixed(0)} | ${(peak / b.dense).toFixed(2)} |`,
  );
}
