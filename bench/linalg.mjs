// Issue 2 targets: Leontief inverse on WIOD 2011 (GN = 1,435) and on a synthetic GN = 3,500 table,
// native and fallback; fallback GFLOP/s on a 2,000 × 2,000 product; reading WIOD 2011 and
// `catena info` end to end.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, WIOD, machine, time } from './_util.mjs';

const la = await import(join(ROOT, 'packages/linalg/dist/node.js'));
const eng = await import(join(ROOT, 'packages/engine/dist/index.js'));
const { Matrix } = la;

console.log(`machine: ${machine()}; OpenBLAS: ${la.nativeAvailable().ok ? la.useBackend('native').describe() : 'not built'}`);

function imA(table) {
  const m = eng.Model.build(table);
  const n = m.GN;
  const M = new Matrix(n, n);
  for (let k = 0; k < M.data.length; k++) M.data[k] = -m.A.data[k];
  for (let i = 0; i < n; i++) M.data[i + i * n] += 1;
  return M;
}

const wiod = await eng.readTable(WIOD(2011));
const big = eng.sampleWorld({ countries: 70, sectors: 50, seed: 1 });
const systems = [
  ['WIOD 2011', imA(wiod)],
  ['synthetic GN=3500', imA(big)],
];
const rows = [];
for (const backend of ['native', 'ts']) {
  la.useBackend(backend);
  for (const [name, M] of systems) {
    if (backend === 'ts' && M.rows > 2000 && process.env.BENCH_TS_LARGE !== '1') continue;
    const n = M.rows;
    const r = await time(() => la.inverse(M), backend === 'ts' ? 1 : 3);
    const gflops = (2 * n ** 3) / r.best / 1e9; // LU (2/3 n³) + inverse from LU (4/3 n³)
    rows.push([backend, `inverse ${name} (n=${n})`, r.best.toFixed(3), gflops.toFixed(1)]);
  }
  const A = la.Matrix.fromRows([[0]]);
  void A;
  const n = 2000;
  const X = new Matrix(n, n);
  const Y = new Matrix(n, n);
  for (let k = 0; k < X.data.length; k++) {
    X.data[k] = Math.sin(k);
    Y.data[k] = Math.cos(k);
  }
  const r = await time(() => la.matmul(X, Y), backend === 'ts' ? 2 : 3);
  rows.push([backend, `gemm 2000×2000`, r.best.toFixed(3), ((2 * n ** 3) / r.best / 1e9).toFixed(1)]);
}

la.useBackend('native');
const read = await time(() => eng.readTable(WIOD(2011)), 3);
rows.push(['-', 'read wiot2011 (csv.gz → IcioTable)', read.best.toFixed(3), '']);
const cli = join(ROOT, 'packages/cli/bin/catena.js');
const info = await time(() => spawnSync(process.execPath, [cli, 'info', WIOD(2011)], { stdio: 'ignore' }), 3);
rows.push(['-', 'catena info wiot2011 end to end (process)', info.best.toFixed(3), '']);

// numpy with the same system OpenBLAS, when Debian's python3-numpy is installed
try {
  const py = `import numpy as np, time
for n in (1435, 3500):
    rng = np.random.default_rng(1); A = rng.random((n, n)) - 0.5; A[np.diag_indices(n)] += 40
    best = min((lambda t0: (np.linalg.inv(A), time.perf_counter() - t0)[1])(time.perf_counter()) for _ in range(3))
    print(n, best)`;
  const out = execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  for (const l of out.trim().split('\n')) {
    const [n, t] = l.split(' ');
    rows.push([
      'numpy',
      `inverse n=${n} (Debian numpy, same OpenBLAS)`,
      Number(t).toFixed(3),
      ((2 * Number(n) ** 3) / Number(t) / 1e9).toFixed(1),
    ]);
  }
} catch {
  rows.push(['numpy', 'not available (apt-get install python3-numpy to compare)', '', '']);
}

console.log('backend | task | seconds (best) | GFLOP/s');
console.log('---|---|---|---');
for (const r of rows) console.log(r.join(' | '));
