// Streaming read of a GLORIA-layout release with bounded memory (and a full-size Eora26 year).
// Generates GLORIA-format files (T, Y, V result CSVs and a ReadMe xlsx) in bench/out/ for
// 164 regions × N sectors (T is 2·164·N square, as the real release with N = 120), reads them
// with the gloria reader (line by line) and reports time, file size, the dense output size
// (Z + Y) and the peak resident memory above the baseline.
// Run: npx tsc -b && node bench/readers-streaming.mjs [N ...]   (default N = 8 16 32)
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { readGloria } = await import(join(root, 'packages/engine/dist/sources/gloria.js'));
const { readEora26 } = await import(join(root, 'packages/engine/dist/sources/eora26.js'));
const G = 164;
const F = 6;
const K = 6;
const sizes = process.argv[2] === '--read' ? [] : process.argv.slice(2).map(Number).filter(Boolean);

function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 4294967296;
}

async function writeLines(path, rows, width, cell, sep = ',') {
  const ws = createWriteStream(path);
  const parts = new Array(width);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) parts[c] = cell(r, c);
    if (!ws.write(parts.join(sep) + '\n')) await once(ws, 'drain');
  }
  ws.end();
  await once(ws, 'finish');
}

async function generate(N) {
  const dir = join(root, 'bench', 'out', `gloria_${N}`);
  const mrio = join(dir, 'GLORIA_MRIOs_59_2022');
  const T = join(mrio, `0_120secMother_AllCountries_002_T-Results_2022_059_Markup001(full).csv`);
  if (existsSync(T)) return dir;
  mkdirSync(mrio, { recursive: true });
  const W = 2 * G * N;
  const rand = rng(N);
  const isInd = (k) => k % (2 * N) < N;
  const reg = (k) => Math.floor(k / (2 * N));
  const n = (k) => k % N;
  // supply: industry i of r makes product i of r (and a little of i+1); use: about one cell in three
  await writeLines(T, W, W, (r, c) => {
    if (isInd(r))
      return !isInd(c) && reg(c) === reg(r) && (n(c) === n(r) || n(c) === (n(r) + 1) % N) ? (n(c) === n(r) ? '1000.0' : '50.0') : '0.0';
    if (!isInd(c) || rand() > 0.33) return '0.0';
    return (rand() * (reg(c) === reg(r) ? 20 : 2)).toFixed(4);
  });
  await writeLines(join(mrio, `0_120secMother_AllCountries_002_Y-Results_2022_059_Markup001(full).csv`), W, G * F, (r, c) =>
    isInd(r) ? '0.0' : (rand() * (Math.floor(c / F) === reg(r) ? 50 : 2)).toFixed(3),
  );
  await writeLines(join(mrio, `0_120secMother_AllCountries_002_V-Results_2022_059_Markup001(full).csv`), G * K, W, (r, c) =>
    isInd(c) && reg(c) === Math.floor(r / K) ? (rand() * 100).toFixed(3) : '0.0',
  );
  const wb = new ExcelJS.Workbook();
  const s1 = wb.addWorksheet('Regions');
  s1.addRow(['Lfd_Nr', 'Region_acronyms', 'Region_names']);
  for (let g = 0; g < G; g++) s1.addRow([g + 1, `R${String(g).padStart(3, '0')}`, `Region ${g}`]);
  const s2 = wb.addWorksheet('Sectors');
  s2.addRow(['Lfd_Nr', 'Sector_names']);
  for (let k = 0; k < N; k++) s2.addRow([k + 1, `Sector ${k}`]);
  const s3 = wb.addWorksheet('Value added and final demand');
  s3.addRow(['Lfd_Nr', 'Value_added_names', 'Final_demand_names']);
  for (let k = 0; k < 6; k++) s3.addRow([k + 1, `VA ${k}`, `FD ${k}`]);
  await wb.xlsx.writeFile(join(dir, 'GLORIA_ReadMe_059.xlsx'));
  return dir;
}

// A full-size Eora26 year: 189 countries × 26 sectors + a one-sector ROW (4,915 rows), 6 final-demand categories.
async function generateEora() {
  const dir = join(root, 'bench', 'out', 'eora26_full');
  const T = join(dir, 'Eora26_2015_bp_T.txt');
  if (existsSync(T)) return dir;
  mkdirSync(dir, { recursive: true });
  const C = 189;
  const N = 26;
  const R = C * N + 1;
  const rand = rng(26);
  const code = (g) => (g < C ? `C${String(g).padStart(3, '0')}` : 'ROW');
  const text = async (name, lines) => {
    const ws = createWriteStream(join(dir, name));
    for (const l of lines) if (!ws.write(l + '\n')) await once(ws, 'drain');
    ws.end();
    await once(ws, 'finish');
  };
  const lt = [];
  for (let g = 0; g < C; g++) for (let n = 0; n < N; n++) lt.push(`Country ${g}\t${code(g)}\tIndustries\tSector ${n}`);
  lt.push('Rest of the World\tROW\tIndustries\tTOTAL');
  await text('labels_T.txt', lt);
  const cats = ['P.3h', 'P.3n', 'P.3g', 'P.51', 'P.52', 'P.53'];
  await text(
    'labels_FD.txt',
    Array.from({ length: C + 1 }, (_, g) => cats.map((c) => `Country ${g}\t${code(g)}\tFinal Demand\t${c}`)).flat(),
  );
  await text(
    'labels_VA.txt',
    ['D.1', 'D.29', 'D.39', 'B.2n', 'B.3n', 'K.1'].map((k) => `Primary Inputs\t${k}`),
  );
  const region = (i) => Math.min(Math.floor(i / N), C);
  const ws = createWriteStream(T);
  const parts = new Array(R);
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < R; j++) parts[j] = region(j) === region(i) || rand() < 0.3 ? (rand() * 1000).toPrecision(6) : '0';
    if (!ws.write(parts.join('\t') + '\n')) await once(ws, 'drain');
  }
  ws.end();
  await once(ws, 'finish');
  await writeLines(join(dir, 'Eora26_2015_bp_FD.txt'), R, (C + 1) * 6, () => (rand() * 100).toPrecision(6), '\t');
  await writeLines(join(dir, 'Eora26_2015_bp_VA.txt'), 6, R, () => (rand() * 100).toPrecision(6), '\t');
  return dir;
}

async function readEoraOnce(dir) {
  const T = join(dir, 'Eora26_2015_bp_T.txt');
  const base = process.memoryUsage().rss;
  const t0 = performance.now();
  const t = await readEora26(dir);
  const secs = (performance.now() - t0) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  const out = t.Z.data.byteLength + t.Y.data.byteLength;
  const file = statSync(T).size;
  return {
    table: `Eora26 ${t.G} × ${t.N}`,
    'T file MB': +(file / 2 ** 20).toFixed(0),
    'read s': +secs.toFixed(1),
    'output MB (Z+Y)': +(out / 2 ** 20).toFixed(0),
    'peak RSS above start MB': +((peak - base) / 2 ** 20).toFixed(0),
    'peak minus output MB': +((peak - base - out) / 2 ** 20).toFixed(0),
  };
}

async function readOnce(dir, N) {
  const T = join(dir, 'GLORIA_MRIOs_59_2022', `0_120secMother_AllCountries_002_T-Results_2022_059_Markup001(full).csv`);
  const base = process.memoryUsage().rss;
  const t0 = performance.now();
  const t = await readGloria(dir);
  const secs = (performance.now() - t0) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  const out = t.Z.data.byteLength + t.Y.data.byteLength;
  const file = statSync(T).size;
  return {
    sectors: N,
    'T rows': 2 * G * N,
    'T cells (M)': +((2 * G * N) ** 2 / 1e6).toFixed(1),
    'T file MB': +(file / 2 ** 20).toFixed(0),
    'read s': +secs.toFixed(1),
    'MB/s': +(file / 2 ** 20 / secs).toFixed(0),
    'output MB (Z+Y)': +(out / 2 ** 20).toFixed(0),
    'peak RSS above start MB': +((peak - base) / 2 ** 20).toFixed(0),
    'peak minus output MB': +((peak - base - out) / 2 ** 20).toFixed(0),
  };
}

if (process.argv[2] === '--read') {
  // child: read only, so that the peak resident memory is the reader's
  console.log(
    JSON.stringify(
      process.argv[4] === 'eora' ? await readEoraOnce(process.argv[3]) : await readOnce(process.argv[3], Number(process.argv[4])),
    ),
  );
} else {
  const { execFileSync } = await import('node:child_process');
  const results = [];
  for (const N of sizes.length ? sizes : [8, 16, 32]) {
    const dir = await generate(N);
    const line = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--read', dir, String(N)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const row = JSON.parse(line.trim().split('\n').pop());
    results.push(row);
    console.log(JSON.stringify(row));
  }
  console.table(results);
  const eora = await generateEora();
  const line = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--read', eora, 'eora'], { encoding: 'utf8' });
  console.table([JSON.parse(line.trim().split('\n').pop())]);
}
