// Issue 4 targets: all indicators for one WIOD year under 1 s after reading; all 17 WIOD years
// (1995–2011) read and computed under 30 s. Runs on the built dist: `npx tsc -b` first.
import { join } from 'node:path';
import { ROOT, WIOD, machine, peakRssMiB, time } from './_util.mjs';

const eng = await import(join(ROOT, 'packages/engine/dist/index.js'));
const la = await import(join(ROOT, 'packages/linalg/dist/node.js'));
console.log(`machine: ${machine()}; backend: ${la.nativeAvailable().ok ? 'native OpenBLAS' : 'TypeScript fallback'}`);

const read = (year) => eng.readTable(WIOD(year), { format: 'wide' });

// One year: reading, model (one LU), each bundle, everything, everything with groups.
const t2011 = await time(() => read(2011), 3);
const table = t2011.result;
const build = await time(() => eng.Model.build(table), 3);
const bundles = ['production', 'participation', 'lengths', 'rca', 'lockin', 'chain'];
const lines = [`read WIOD 2011: ${t2011.best.toFixed(3)} s`, `Model.build (A, one LU of I − A): ${build.best.toFixed(3)} s`];
for (const b of bundles) {
  const t = await time(() => eng.indicators(eng.Model.build(table), { set: [b] }), 3);
  lines.push(`  ${b.padEnd(14)} model + indicators: ${t.best.toFixed(3)} s`);
}
const all = await time(() => eng.indicators(eng.Model.build(table), { set: ['all'] }), 3);
lines.push(`all indicators (sector level, model included): ${all.best.toFixed(3)} s, ${all.result.rows.length} rows`);
const allC = await time(() => eng.indicators(eng.Model.build(table), { set: ['all'], level: 'country' }), 3);
lines.push(`all indicators (country level, model included): ${allC.best.toFixed(3)} s`);
const grp = await time(
  () => eng.indicators(eng.Model.build(table), { set: ['all'], blocks: { EU: undefined, RCEP: undefined, USMCA: undefined } }),
  3,
);
lines.push(`all indicators + blocks EU, RCEP, USMCA (sector level): ${grp.best.toFixed(3)} s, ${grp.result.rows.length} rows`);

// All 17 years, read and computed, one after another.
const t0 = performance.now();
let rows = 0;
for (let y = 1995; y <= 2011; y++) {
  const r = eng.indicators(eng.Model.build(await read(y)), { set: ['all'] });
  rows += r.rows.length;
}
const total = (performance.now() - t0) / 1000;
lines.push(`17 WIOD years 1995–2011, read + all indicators: ${total.toFixed(2)} s (${rows} rows)`);
lines.push(`peak RSS: ${peakRssMiB()} MiB`);
console.log(lines.join('\n'));
