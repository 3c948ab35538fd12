// Issue 12 targets: backward extraction of every WIOD 2011 country-sector end to end against numpy
// reading the table and inverting I − A once; the all-sector sweep on a synthetic GN = 3,500 table
// after the model; the 41 country extractions (Woodbury) after the model; a 100-shock scenario
// file end to end. Not part of the tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, WIOD, machine, peakRssMiB, time } from './_util.mjs';

const eng = await import(join(ROOT, 'packages/engine/dist/index.js'));
const cli = join(ROOT, 'packages/cli/bin/catena.js');
const tmp = mkdtempSync(join(tmpdir(), 'catena-bench-shocks-'));
console.log(
  `machine: ${machine()}; load average at start ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
const rows = [];

// 1. all-sector backward extraction, in process: read + model + sweep + CSV text.
const e2e = await time(async () => {
  const t = await eng.readTable(WIOD(2011));
  const m = eng.Model.build(t);
  const r = eng.extraction(m, { targets: ['all-sectors'], mode: 'backward' });
  return eng.toCsv(r).length + r.rows.length;
}, 3);
rows.push(['extract all-sectors backward, WIOD 2011, read + model + sweep + CSV (in process)', e2e.best, e2e.median]);
const proc = await time(
  () =>
    spawnSync(process.execPath, [cli, 'extract', WIOD(2011), '--target', 'all-sectors', '--out', join(tmp, 'x.csv'), '--force'], {
      stdio: 'ignore',
    }),
  3,
);
rows.push(['catena extract --target all-sectors, WIOD 2011, whole process (241,080 rows written)', proc.best, proc.median]);

// numpy: read the same csv.gz and invert I − A once.
const py = `import numpy as np, time, gzip, sys
best = 1e9
for _ in range(3):
    t0 = time.perf_counter()
    with gzip.open(sys.argv[1], 'rt') as f:
        d = np.loadtxt(f, delimiter=',', skiprows=1, usecols=range(1, 1435 + 205 + 2))
    Z = d[:, :1435]; x = d[:, -1]
    inv = np.divide(1.0, x, out=np.zeros_like(x), where=x > 0)
    A = Z * inv[None, :]
    L = np.linalg.inv(np.eye(1435) - A)
    best = min(best, time.perf_counter() - t0)
print(best)`;
const np = spawnSync('python3', ['-c', py, WIOD(2011)], { encoding: 'utf8' });
const npBest = np.status === 0 ? Number(np.stdout.trim()) : NaN;
rows.push([`numpy ${np.status === 0 ? '' : '(not available) '}read csv.gz (np.loadtxt) + one inverse of I − A`, npBest, NaN]);

// 2. all-sector sweep on GN = 3,500 after the model (the Leontief inverse from the factorisation included).
const big = eng.sampleWorld({ countries: 70, sectors: 50, seed: 1 });
const sweepFresh = [];
for (let k = 0; k < 3; k++) {
  const m = eng.Model.build(big);
  const t0 = performance.now();
  eng.extraction(m, { targets: ['all-sectors'] });
  sweepFresh.push((performance.now() - t0) / 1000);
}
sweepFresh.sort((a, b) => a - b);
rows.push([
  'all-sectors sweep, synthetic GN = 3,500, after Model.build (B = (I − A)⁻¹ from the LU included, 71 × 3,500 × 4 rows)',
  sweepFresh[0],
  sweepFresh[1],
]);

// 3. 41 country extractions by Woodbury on WIOD 2011, after the model (B included).
const wt = await eng.readTable(WIOD(2011));
const cty = [];
for (let k = 0; k < 3; k++) {
  const m = eng.Model.build(wt);
  const t0 = performance.now();
  eng.extraction(m, { targets: ['all-countries'], mode: 'total' });
  cty.push((performance.now() - t0) / 1000);
}
cty.sort((a, b) => a - b);
rows.push(['41 country extractions (total), WIOD 2011, after Model.build (B included)', cty[0], cty[1]]);
const links = [];
for (let k = 0; k < 3; k++) {
  const m = eng.Model.build(wt);
  const t0 = performance.now();
  eng.extraction(m, { targets: wt.countries.map((c) => `${c}:*`) });
  links.push((performance.now() - t0) / 1000);
}
links.sort((a, b) => a - b);
rows.push(['41 Los–Timmer–de Vries extractions FROM:* (rank-35 Woodbury each), WIOD 2011, after Model.build', links[0], links[1]]);

// 4. a 100-shock scenario file, end to end (process).
const cs = wt.countries;
const pick = (k) => cs[(k * 7) % cs.length];
const lines = ['scenario,type,target,change'];
for (let k = 0; k < 100; k++) {
  const a = pick(k);
  const b = pick(k + 3) === a ? pick(k + 5) : pick(k + 3);
  const kind = k % 4;
  if (kind === 0) lines.push(`mix,final-demand,${a},-0.0${(k % 9) + 1}`);
  else if (kind === 1) lines.push(`mix,supply,${a},-0.1`);
  else if (kind === 2) lines.push(`mix,import-coefficients,${a}:${b},-0.5`);
  else lines.push(`mix,tariff,${a}:${b},0.25`);
}
writeFileSync(join(tmp, 'one.csv'), lines.join('\n') + '\n');
writeFileSync(join(tmp, 'many.csv'), lines.map((l, k) => (k === 0 ? l : l.replace(/^mix/, `s${k}`))).join('\n') + '\n');
for (const [file, what] of [
  ['one.csv', 'one scenario of 100 shocks (25 final-demand, 25 supply, 25 import-coefficient blocks, 25 tariffs)'],
  ['many.csv', '100 one-shock scenarios side by side'],
]) {
  const r = await time(() => {
    const s = spawnSync(
      process.execPath,
      [cli, 'shock', WIOD(2011), '--scenario', join(tmp, file), '--out', join(tmp, 'y.csv'), '--force'],
      { encoding: 'utf8' },
    );
    if (s.status !== 0) throw new Error(s.stderr);
  }, 3);
  rows.push([`catena shock --scenario, WIOD 2011, whole process: ${what}`, r.best, r.median]);
}
rmSync(tmp, { recursive: true, force: true });

console.log('task | seconds (best) | median');
for (const [t, b, m] of rows) console.log(`${t} | ${Number.isFinite(b) ? b.toFixed(3) : '—'} | ${Number.isFinite(m) ? m.toFixed(3) : '—'}`);
if (Number.isFinite(npBest))
  console.log(
    `ratio extract all-sectors (in process) / numpy read + inverse: ${(e2e.best / npBest).toFixed(2)}; whole process: ${(proc.best / npBest).toFixed(2)}`,
  );
console.log(`peak RSS ${peakRssMiB()} MiB`);
