// KWW, WWZ (and Miroudot–Ye, TiVA, HIY) decompositions (issue 3, part B). WIOD 2011 (41 × 35)
// after reading: KWW and WWZ for all 41 exporters (target < 2 s each), peak memory (< 1.5 GB).
// Every timing starts from a fresh Model (nothing cached: the global inverse B, the local inverses
// and the term cubes are all computed inside the timed run); the model build (one LU of I − A)
// is timed separately. Runs on the built packages: `npx tsc -b` first.
import { decompose, Model, readTable } from '../packages/engine/dist/index.js';
import { machine, peakRssMiB, WIOD } from './_util.mjs';

const s = (x) => `${x.toFixed(3)} s`;
console.log(`machine: ${machine()}`);

let t0 = performance.now();
const table = await readTable(WIOD(2011), { format: 'wide' });
console.log(`read WIOD 2011 (${table.G} × ${table.N}): ${s((performance.now() - t0) / 1000)}`);

const cases = [
  ['KWW, country, 41 exporters', { method: 'kww', level: 'country' }],
  ['KWW, sector', { method: 'kww', level: 'sector' }],
  ['KWW, sector-bilateral, all pairs', { method: 'kww', level: 'sector-bilateral' }],
  ['WWZ, country, 41 exporters', { method: 'wwz', level: 'country' }],
  ['WWZ, bilateral', { method: 'wwz', level: 'bilateral' }],
  ['WWZ, sector-bilateral, all pairs (16 terms × 57,400 flows)', { method: 'wwz', level: 'sector-bilateral' }],
  ['Miroudot–Ye, country', { method: 'my', level: 'country' }],
  ['TiVA set, country', { method: 'tiva', level: 'country' }],
  ['TiVA set, sector-bilateral', { method: 'tiva', level: 'sector-bilateral' }],
  ['HIY, country (origin country × exporter)', { method: 'hiy', level: 'country' }],
  ['HIY, sector (1,435 × 1,435 origins)', { method: 'hiy', level: 'sector' }],
];
const reps = Number(process.env.REPS ?? 3);
for (const [label, o] of cases) {
  const runs = [];
  let builds = 0;
  let rows = 0;
  for (let i = 0; i < reps; i++) {
    t0 = performance.now();
    const model = Model.build(table);
    builds += (performance.now() - t0) / 1000;
    t0 = performance.now();
    rows = decompose(model, o).rows.length;
    runs.push((performance.now() - t0) / 1000);
  }
  runs.sort((a, b) => a - b);
  console.log(
    `${label}: best ${s(runs[0])}, median ${s(runs[Math.floor(reps / 2)])} (${rows} rows; model build ${s(builds / reps)} on top)`,
  );
}

// Warm: a second method on the same model reuses B and the cubes (WWZ after KWW costs the rows only).
const model = Model.build(table);
t0 = performance.now();
decompose(model, { method: 'kww' });
const tk = (performance.now() - t0) / 1000;
t0 = performance.now();
decompose(model, { method: 'wwz' });
console.log(`same model: KWW country ${s(tk)}, then WWZ country ${s((performance.now() - t0) / 1000)}`);
console.log(`peak RSS: ${peakRssMiB()} MiB`);
