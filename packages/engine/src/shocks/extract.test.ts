/**
 * Hypothetical extraction: the closed forms (Sherman–Morrison, Woodbury, the O(GN²) sweep) against
 * brute force — the modified matrix factorised from scratch — on leather (every target) and on
 * WIOD 2011 (sampled targets): outputs after extraction to 1e-9 relative (absolute below 1). Los–Timmer–de Vries against
 * Borin–Mancini's exporter-perspective DVA, to 1e-9 relative.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { close } from '../../test/shared.js';
import { bruteGhosh, bruteLeontief } from '../../test/shocks-brute.js';
import { modelOf } from '../../test/trade-refs.js';
import type { Model } from '../model/model.js';
import { decompose } from '../trade/decompose.js';
import '../trade/methods.js';
import { baselineOf, extraction, extractionDelta, resolveTargets, type Target } from './extract.js';
import { sweepSectors, type ExtractionMode } from './update.js';

const MODES: ExtractionMode[] = ['backward', 'forward', 'total'];
const TOL = 1e-9;

/** The brute-force Δx of a target. */
function brute(m: Model, t: Target, mode: ExtractionMode): Float64Array {
  const N = m.N;
  if ('link' in t) {
    const { from, to } = t.link;
    const inFrom = (i: number) => Math.floor(i / N) === from;
    const inTo = (j: number) => to.includes(Math.floor(j / N));
    const cut = (i: number, j: number) => inFrom(i) && inTo(j);
    if (mode === 'forward') return bruteGhosh(m, cut);
    const dy = new Float64Array(m.GN);
    for (let i = 0; i < m.GN; i++) if (inFrom(i)) for (const r of to) dy[i] += m.Yc.get(i, r);
    return bruteLeontief(m, cut, dy);
  }
  const S = new Set(t.set);
  if (mode === 'forward') return bruteGhosh(m, (i) => S.has(i));
  if (mode === 'backward') return bruteLeontief(m, (_i, j) => S.has(j));
  return bruteLeontief(m, (i, j) => S.has(i) || S.has(j));
}

/**
 * Compares the outputs after extraction, x̄ = x + Δx, relative to max(1, |x̄|): the brute-force
 * Δx is a difference of two solves and carries their rounding (about 1e-16 · x · cond).
 */
function expectClose(m: Model, a: Float64Array, b: Float64Array, what: string): void {
  let worst = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const xa = m.x[i] + a[i];
    const xb = m.x[i] + b[i];
    const e = Math.abs(xa - xb) / Math.max(1, Math.abs(xb));
    if (e > worst) [worst, at] = [e, i];
  }
  expect(worst, `${what}: worst relative error ${worst} at ${at}`).toBeLessThan(TOL);
}

describe('extraction on leather: every target, every mode, against brute force', () => {
  let m: Model;
  beforeAll(async () => {
    m = await modelOf(['leather', 'leather_wide.csv']);
  });

  test('country-sectors, countries and links (backward, forward, total) equal the re-solved system', () => {
    const texts = ['all-sectors', 'all-countries'];
    for (const a of m.table.countries) {
      texts.push(`${a}:*`);
      for (const b of m.table.countries) if (a !== b) texts.push(`${a}:${b}`);
    }
    const targets = resolveTargets(m, texts);
    expect(targets).toHaveLength(9 + 3 + 3 + 6);
    for (const mode of MODES) {
      for (const t of targets) {
        if ('link' in t && mode === 'total') continue;
        expectClose(m, extractionDelta(m, t, mode), brute(m, t, mode), `${mode} ${t.label}`);
      }
    }
  });

  test('the O(GN²) sweep equals the per-target closed forms, aggregated by country', () => {
    const L = m.B;
    const b = baselineOf(m, L);
    for (const mode of MODES) {
      const s = sweepSectors(L, mode, b, m.G, m.N);
      for (let j = 0; j < m.GN; j++) {
        const dx = brute(m, { label: '', set: [j] }, mode);
        for (let c = 0; c < m.G; c++) {
          let out = 0;
          let va = 0;
          for (let i = c * m.N; i < (c + 1) * m.N; i++) {
            out -= dx[i];
            va -= m.v[i] * dx[i];
          }
          expect(close(s.output[c + j * m.G], out, TOL), `${mode} ${m.table.label(j)} output in ${m.table.countries[c]}`).toBe(true);
          expect(close(s.va[c + j * m.G], va, TOL), `${mode} ${m.table.label(j)} va in ${m.table.countries[c]}`).toBe(true);
        }
      }
    }
  });

  test('extracting nothing changes nothing: an empty set and a zero-output-free identity', () => {
    for (const mode of MODES) {
      const dx = extractionDelta(m, { label: 'none', set: [] }, mode);
      expect(dx.every((v) => v === 0)).toBe(true);
    }
  });
});

describe('extraction on WIOD 2011 (41 × 35): sampled targets against brute force', () => {
  let m: Model;
  beforeAll(async () => {
    m = await modelOf(['wiod2013', 'wiot2011_2013rel_int.csv.gz']);
  });

  test('sampled country-sectors, countries and links, every mode', () => {
    const texts = ['CHN_c14', 'JPN_c12', 'LUX', 'CHN:USA', 'CHN:*'];
    for (const mode of MODES) {
      for (const t of resolveTargets(m, texts)) {
        if ('link' in t && mode === 'total') continue;
        expectClose(m, extractionDelta(m, t, mode), brute(m, t, mode), `${mode} ${t.label}`);
      }
    }
  });

  test('zero-output sectors: extracting one changes nothing (backward and forward)', () => {
    expect(m.zeroOutput.length).toBeGreaterThan(0);
    const j = m.zeroOutput[0];
    for (const mode of ['backward', 'forward'] as const) {
      const dx = extractionDelta(m, { label: m.table.label(j), set: [j] }, mode);
      expect(Math.max(...dx.map(Math.abs))).toBe(0);
    }
  });

  test('Los–Timmer–de Vries: GDP − GDP without all exports of s = Borin–Mancini exporter DVA (source) of s, every country, 1e-9', () => {
    const bm = decompose(m, { method: 'bm', perspective: 'exporter', approach: 'source', level: 'country' });
    const dva = new Map(bm.rows.filter((r) => r.term === 'DVA').map((r) => [r.exporter, r.value as number]));
    const r = extraction(m, { targets: m.table.countries.map((c) => `${c}:*`) });
    for (const c of m.table.countries) {
      const loss = r.rows.find((x) => x.target === `${c}:*` && x.country === c && x.indicator === 'va_loss')!.value as number;
      expect(close(loss, dva.get(c)!, TOL), `${c}: ${loss} vs BM DVA ${dva.get(c)}`).toBe(true);
    }
  });
});
