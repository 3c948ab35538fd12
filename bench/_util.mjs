// Shared helpers for the benchmark scripts.
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED = resolve(process.env.CATENA_SHARED ?? join(ROOT, '..', 'shared'));
export const WIOD = (year) => join(SHARED, 'data', 'wiod2013', `wiot${year}_2013rel_int.csv.gz`);

/** Best and median wall time of `reps` runs of fn (seconds). */
export async function time(fn, reps = 3) {
  const t = [];
  let last;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    last = await fn();
    t.push((performance.now() - t0) / 1000);
  }
  t.sort((a, b) => a - b);
  return { best: t[0], median: t[Math.floor(t.length / 2)], result: last };
}

export function machine() {
  const c = cpus();
  return `${c.length} × ${c[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

export const peakRssMiB = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);
