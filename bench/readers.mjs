// Full-size reads of the published layouts: an OECD ICIO CSV (2023 extended layout, 81 × 45
// country-sector rows with CN1/CN2, MX1/MX2, generated from sampleWorld with numbers to 9
// significant digits as OECD writes them) and a WIOD 2013 release Excel file (1,435 × 1,641,
// written with exceljs from the real wiot2011 table). Each read runs in a fresh process, which
// reports wall time and its peak resident memory above the baseline after loading the modules;
// the dense table is Z + Y in float64.
// Run: npx tsc -b && node bench/readers.mjs   (files are generated into bench/out/ once)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, WIOD, machine } from './_util.mjs';

// The reader modules themselves (not the package index, so the benchmark does not depend on
// unrelated modules).
const src = (m) => join(ROOT, 'packages/engine/dist/sources', m);
async function engine() {
  return {
    ...(await import(src('oecd-icio.js'))),
    ...(await import(src('wiod-xlsx.js'))),
    ...(await import(src('wide-csv.js'))),
    ...(await import(src('sample-world.js'))),
    ...(await import(src('layout-writers.js'))),
  };
}
const out = join(ROOT, 'bench', 'out');
const OECD = join(out, 'ICIO2023_2020.csv');
const OECDZIP = join(out, 'ICIO2023_2020.zip');
const WIODX = join(out, 'wiot11_row_sep12.xlsx');

if (process.argv[2] === '--child') {
  // A read in a fresh process: time and peak memory above the baseline.
  const E = await engine();
  const kind = process.argv[3];
  const path = process.argv[4];
  if (globalThis.gc) globalThis.gc();
  const base = process.memoryUsage().rss;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const t = kind === 'oecd' ? await E.readOecdIcio(path) : await E.readWiodXlsx(path);
  const secs = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  const cpu = (cu.user + cu.system) / 1e6;
  const peak = process.resourceUsage().maxRSS * 1024;
  let check = '';
  if (kind === 'wiod') {
    const csv = await E.readWideCsv(WIOD(2011));
    let d = 0;
    for (let k = 0; k < csv.Z.data.length; k++) d = Math.max(d, Math.abs(csv.Z.data[k] - t.Z.data[k]));
    for (let k = 0; k < csv.Y.data.length; k++) d = Math.max(d, Math.abs(csv.Y.data[k] - t.Y.data[k]));
    check = `max |xlsx − csv| = ${d}`;
  } else {
    check = `countries ${t.G} (melded), source ${t.source.replace(/^.*\(/, '(')}`;
  }
  console.log(JSON.stringify({ secs, cpu, rows: t.GN, dense: t.bytes, above: peak - base, base, check }));
  process.exit(0);
}

mkdirSync(out, { recursive: true });
const E = await engine();

if (!existsSync(OECD)) {
  const t0 = performance.now();
  const s = E.sampleWorld({ countries: 77, sectors: 45, categories: 6, seed: 2023 });
  // OECD codes are three characters: C021 → X21.
  const w = s.aggregate({ countries: Object.fromEntries(s.countries.map((c) => [c, c.length === 3 ? c : `X${c.slice(-2)}`])) });
  await E.writeOecdCsv(w, OECD, { edition: 2023, splits: true, digits: 9 });
  console.log(`generated ${OECD} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
if (!existsSync(OECDZIP)) {
  const { zipSync } = await import('fflate');
  const { readFileSync, writeFileSync } = await import('node:fs');
  writeFileSync(OECDZIP, zipSync({ '2020.csv': readFileSync(OECD) }, { level: 6 }));
  console.log(`generated ${OECDZIP}`);
}
if (!existsSync(WIODX)) {
  const t0 = performance.now();
  await E.writeWiod2013Xlsx(await E.readWideCsv(WIOD(2011)), WIODX);
  console.log(`generated ${WIODX} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const MiB = (b) => (b / 2 ** 20).toFixed(0);
console.log(`machine: ${machine()}`);
for (const [kind, path, dims, limit] of [
  ['oecd', OECD, '3,645 rows × 4,108 columns (3,645 + 77·6 final use + OUT)', 5],
  ['oecd', OECDZIP, 'the same CSV in a zip archive', 5],
  ['wiod', WIODX, '1,435 rows × 1,641 columns (1,435 + 41·5 final use + output)', 6],
]) {
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const p = spawnSync(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname, '--child', kind, path], { encoding: 'utf8' });
    if (p.status !== 0) {
      console.error(p.stderr);
      process.exit(1);
    }
    runs.push(JSON.parse(p.stdout.trim().split('\n').pop()));
  }
  runs.sort((a, b) => a.secs - b.secs);
  const best = runs[0];
  const med = runs[2];
  const worst = Math.max(...runs.map((r) => r.above));
  const ratio = worst / best.dense;
  console.log(
    `${kind}: ${dims}, file ${MiB(statSync(path).size)} MiB — read best ${best.secs.toFixed(2)} s (CPU ${best.cpu.toFixed(2)} s), median ${med.secs.toFixed(2)} s (limit ${limit} s); ` +
      `dense table ${MiB(best.dense)} MiB, peak RSS above baseline ${MiB(Math.min(...runs.map((r) => r.above)))}–${MiB(worst)} MiB, at most ${ratio.toFixed(2)} × dense (limit 3); ${best.check}`,
  );
}
