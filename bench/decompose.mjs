// Borin–Mancini and Koopman decompositions (issue 3). WIOD 2011 (41 × 35) after reading: BM
// exporter/source for all exporters at country and sector level (target < 1 s), sector-bilateral
// BM for every exporter–importer pair (< 5 s), peak memory (< 1.5 GB); a synthetic GN = 3,500
// table (70 × 50): BM exporter/source for all countries (< 10 s). Also BM with a user block (the EU
// members as one domestic block), whose perimeters are block updates of size block × block.
// Runs on the built packages: `npx tsc -b` first. `SKIP_BIG=1` skips the 70 × 50 table.
import { decompose, Model, readTable, sampleWorld } from '../packages/engine/dist/index.js';
import { machine, peakRssMiB, time, WIOD } from './_util.mjs';

const s = (x) => `${x.toFixed(3)} s`;
console.log(`machine: ${machine()}`);

let t0 = performance.now();
const table = await readTable(WIOD(2011), { format: 'wide' });
console.log(`read WIOD 2011 (${table.G} × ${table.N}): ${s((performance.now() - t0) / 1000)}`);

// Cold: model (one LU of I − A) + everything BM derives from it (B, B·Y, local LUs) + the run.
t0 = performance.now();
let model = Model.build(table);
const tBuild = (performance.now() - t0) / 1000;
t0 = performance.now();
let r = decompose(model, { method: 'bm' });
const tFirst = (performance.now() - t0) / 1000;
console.log(
  `model build (LU of I − A): ${s(tBuild)}; first BM country run (incl. B, B·Y, local LUs): ${s(tFirst)} → cold total ${s(tBuild + tFirst)}`,
);

const cases = [
  ['BM exporter/source, country, 41 exporters', { method: 'bm', level: 'country' }],
  ['BM exporter/source, sector, 41 exporters', { method: 'bm', level: 'sector' }],
  ['BM exporter/sink, country', { method: 'bm', approach: 'sink' }],
  ['BM world/sink, country', { method: 'bm', perspective: 'world', approach: 'sink' }],
  ['BM exporter/source, sector-bilateral, all pairs', { method: 'bm', level: 'sector-bilateral' }],
  ['BM exporter/sink, sector-bilateral, all pairs', { method: 'bm', approach: 'sink', level: 'sector-bilateral' }],
  ['BM bilateral perspective/source, sector-bilateral, all pairs', { method: 'bm', perspective: 'bilateral', level: 'sector-bilateral' }],
  ['BM sector-bilateral perspective/source, all pairs', { method: 'bm', perspective: 'sector-bilateral', level: 'sector-bilateral' }],
  ['BM importer perspective, sector-bilateral', { method: 'bm', perspective: 'importer', level: 'sector-bilateral' }],
  ['Koopman participation/position, sector', { method: 'koopman', level: 'sector' }],
  // A user block: the EU members of WIOD (26 countries, 910 rows) as one domestic block.
  ['BM exporter/source, country, EU as one block', { method: 'bm', blocks: { EU: ['EU27'] } }],
  ['BM exporter/source, sector-bilateral, EU as one block', { method: 'bm', level: 'sector-bilateral', blocks: { EU: ['EU27'] } }],
  [
    'BM sector perspective/sink, sector, EU as one block',
    { method: 'bm', perspective: 'sector', approach: 'sink', level: 'sector', blocks: { EU: ['EU27'] } },
  ],
  ['BM importer perspective, country, EU as one block', { method: 'bm', perspective: 'importer', blocks: { EU: ['EU27'] } }],
];
for (const [label, o] of cases) {
  const { best, median, result } = await time(() => decompose(model, o), 3);
  console.log(`${label}: best ${s(best)}, median ${s(median)} (${result.rows.length} rows)`);
}

// Cold sector-bilateral on a fresh model (nothing cached), as a user running it once would see.
model = Model.build(table);
t0 = performance.now();
r = decompose(model, { method: 'bm', level: 'sector-bilateral' });
console.log(
  `cold BM exporter/source sector-bilateral (fresh model, build excluded): ${s((performance.now() - t0) / 1000)} (${r.rows.length} rows)`,
);
// Cold with a block: the frame, its 910 × 910 local inverse for the EU and the BM coefficients are built on first use.
model = Model.build(table);
t0 = performance.now();
r = decompose(model, { method: 'bm', blocks: { EU: ['EU27'] } });
console.log(
  `cold BM exporter/source country with the EU as one block (fresh model, build excluded): ${s((performance.now() - t0) / 1000)} (${r.rows.length} rows)`,
);
console.log(`peak RSS after WIOD: ${peakRssMiB()} MiB`);

if (!process.env.SKIP_BIG) {
  const big = sampleWorld({ countries: 70, sectors: 50 });
  t0 = performance.now();
  const m = Model.build(big);
  const tb = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const rb = decompose(m, { method: 'bm' });
  const tr = (performance.now() - t0) / 1000;
  console.log(
    `GN = ${big.GN} (70 × 50): model build ${s(tb)}, BM exporter/source country, all 70 exporters ${s(tr)} (${rb.rows.length} rows), total ${s(tb + tr)}`,
  );
  t0 = performance.now();
  decompose(m, { method: 'bm', level: 'sector' });
  console.log(`GN = ${big.GN}: BM exporter/source sector level (warm) ${s((performance.now() - t0) / 1000)}`);
  console.log(`peak RSS: ${peakRssMiB()} MiB`);
}
