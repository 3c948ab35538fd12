// Networks, linkages and APL on WIOD 2011 (issue 13). Figures go to bench/RESULTS.md.
//   node bench/network.mjs      (after npm run build; numpy is used for the reference inverse time)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Model,
  readTable,
  networkAnalysis,
  rasmussenLinkages,
  aplParts,
  aplCountries,
  NODE_MEASURES,
} from '../packages/engine/dist/index.js';
import { machine, peakRssMiB, time, WIOD } from './_util.mjs';

console.log(machine());
const table = await readTable(WIOD(2011));
const built = await time(() => Model.build(table), 3);
console.log(`model build (one LU of I − A), WIOD 2011: ${built.best.toFixed(3)} s`);

// 41-country networks: every measure, after the model (the first run of a graph that needs B pays for it).
for (const graph of ['va-final-demand', 'fva-exports', 'intermediates']) {
  const m = Model.build(table);
  const cold = await time(() => networkAnalysis(m, { graph }), 1);
  const warm = await time(() => networkAnalysis(m, { graph }), 5);
  console.log(
    `${graph.padEnd(16)} 41 nodes, all ${NODE_MEASURES.length} node measures + graph measures: first ${cold.best.toFixed(3)} s, then best ${warm.best.toFixed(3)} s (median ${warm.median.toFixed(3)})`,
  );
}

// 1,435-node intermediates graph (country-sectors), all measures.
{
  const m = Model.build(table);
  for (const o of [{ topK: 10 }, { topK: 20 }, { threshold: 100 }]) {
    const r = await time(() => networkAnalysis(m, { graph: 'intermediates', level: 'sector', ...o }), 2);
    const p = r.result.graph.pruning;
    console.log(
      `intermediates 1,435 nodes ${JSON.stringify(o)}: ${p.edgesAfter} of ${p.edgesBefore} edges, all measures ${r.best.toFixed(2)} s`,
    );
  }
}

// Linkages and APL from a fresh model: B from the factorisation, Ghosh by scaling, one L·L product.
{
  const runs = [];
  for (let k = 0; k < 3; k++) {
    const m = Model.build(table);
    const t0 = performance.now();
    if (m.B.rows !== m.GN) throw new Error('B has the wrong size');
    const t1 = performance.now();
    rasmussenLinkages(m);
    const p = aplParts(m);
    aplCountries(m, p);
    const t2 = performance.now();
    runs.push({ inv: (t1 - t0) / 1000, rest: (t2 - t1) / 1000, total: (t2 - t0) / 1000 });
  }
  runs.sort((a, b) => a.total - b.total);
  const best = runs[0];
  const dir = mkdtempSync(join(tmpdir(), 'catena-bench-'));
  const m = Model.build(table);
  const n = m.GN;
  const IA = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) IA[i * n + j] = (i === j ? 1 : 0) - m.A.data[i + j * n];
  writeFileSync(join(dir, 'ia.bin'), new Uint8Array(IA.buffer));
  const py = `
import numpy as np, time
a = np.fromfile('${join(dir, 'ia.bin')}', dtype=np.float64).reshape(${n}, ${n})
t = []
for _ in range(5):
    t0 = time.perf_counter(); np.linalg.inv(a); t.append(time.perf_counter() - t0)
print(min(t), np.__version__)
`;
  const r = spawnSync('python3', ['-c', py], { encoding: 'utf8' });
  rmSync(dir, { recursive: true });
  const [np, ver] = r.status === 0 ? r.stdout.trim().split(' ') : [NaN, 'absent'];
  console.log(
    `linkages + APL (country-sector and country), WIOD 2011: ${best.total.toFixed(3)} s = B ${best.inv.toFixed(3)} s + linkages/L·L/APL ${best.rest.toFixed(3)} s; numpy ${ver} inverse ${Number(np).toFixed(3)} s; ratio ${(best.total / Number(np)).toFixed(2)}`,
  );
}
console.log(`peak RSS ${peakRssMiB()} MiB`);
