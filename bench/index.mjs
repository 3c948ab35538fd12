// Index systems: entropy and TOPSIS on 100,000 rows × 20 indicators (target: under 1 s), plus
// CRITIC/PCA, year by year, and reading the panel from CSV. Runs on the built dist (`npx tsc -b`
// first). Data: 5,000 units × 20 years from a seeded generator, half benefit, half cost.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix } from '../packages/linalg/dist/node.js';
import {
  mulberry32,
  computeIndex,
  entropyWeights,
  indicatorSpecs,
  minMaxNormalise,
  panelFromRows,
  readPanelCsv,
  topsis,
  weightedSum,
} from '../packages/engine/dist/index.js';
import { machine, peakRssMiB, time } from './_util.mjs';

const UNITS = Number(process.env.UNITS ?? 5000);
const YEARS = 20;
const M = 20;
const n = UNITS * YEARS;
const names = Array.from({ length: M }, (_, j) => `x${j + 1}`);
const specs = indicatorSpecs(names.slice(0, M / 2), names.slice(M / 2));
const dirs = specs.map((s) => s.direction);
const r = mulberry32(7);
const values = new Matrix(n, M);
for (let j = 0; j < M; j++) for (let i = 0; i < n; i++) values.data[i + j * n] = Math.exp(r() * (1 + j / 5)) + (i % YEARS) * 0.01;
const ids = [];
const times = [];
for (let u = 0; u < UNITS; u++) {
  for (let y = 0; y < YEARS; y++) {
    ids.push(`U${u}`);
    times.push(String(2000 + y));
  }
}
const panel = { ids, times, indicators: specs, values, source: 'bench' };

const report = (label, t) => {
  console.log(`${label.padEnd(58)} best ${t.best.toFixed(3)} s   median ${t.median.toFixed(3)} s`);
};

console.log(`index systems: ${n.toLocaleString('en-US')} rows × ${M} indicators; ${machine()}`);
report(
  'kernels: min–max + entropy weights + entropy score + TOPSIS',
  await time(() => {
    const Xn = minMaxNormalise(values, dirs);
    const w = entropyWeights(Xn).weights;
    return [weightedSum(Xn, w), topsis(values, w, dirs).closeness];
  }, 5),
);
report('computeIndex entropy,topsis (pooled, rows built)', await time(() => computeIndex(panel, { methods: ['entropy', 'topsis'] }), 5));
report(
  'computeIndex entropy,topsis,critic,pca (pooled)',
  await time(() => computeIndex(panel, { methods: ['entropy', 'topsis', 'critic', 'pca'] }), 5),
);
report(
  'computeIndex entropy,topsis --per-year (20 years)',
  await time(() => computeIndex(panel, { methods: ['entropy', 'topsis'], perYear: true }), 5),
);

const dir = mkdtempSync(join(tmpdir(), 'catena-bench-index-'));
const file = join(dir, 'panel.csv');
const lines = [`id,year,${names.join(',')}`];
for (let i = 0; i < n; i++) lines.push(`${ids[i]},${times[i]},${names.map((_, j) => values.data[i + j * n].toPrecision(8)).join(',')}`);
writeFileSync(file, lines.join('\n') + '\n');
report(
  'readPanelCsv (100,000 × 22 CSV) + computeIndex entropy,topsis',
  await time(() => computeIndex(readPanelCsv(file, { id: 'id', time: 'year', indicators: specs }), { methods: ['entropy', 'topsis'] }), 3),
);
rmSync(dir, { recursive: true });
// panelFromRows is the path of joined tables (--gvc); time it on plain objects.
const objs = Array.from({ length: n }, (_, i) =>
  Object.fromEntries([['id', ids[i]], ['year', times[i]], ...names.map((nm, j) => [nm, values.data[i + j * n]])]),
);
report(
  'panelFromRows (100,000 objects) + computeIndex entropy,topsis',
  await time(() => computeIndex(panelFromRows(objs, { id: 'id', time: 'year', indicators: specs }), { methods: ['entropy', 'topsis'] }), 3),
);
console.log(`peak RSS ${peakRssMiB()} MiB`);
