/**
 * Key sectors and propagation (docs/networks.md).
 *
 * Rasmussen–Hirschman linkages from the Leontief inverse L = (I − A)⁻¹ (the Model's B) and the
 * Ghosh inverse G = (I − x̂⁻¹Z)⁻¹ = x̂⁻¹ L x̂ (no second inversion):
 *   backward_raw_j = Σ_i L_ij, forward_raw_i = Σ_j G_ij;
 *   backward_j = backward_raw_j / mean(backward_raw), forward_i likewise (normalised, mean 1 over
 *   the country-sectors with x > 0; those with x ≤ 0 are left out and get empty cells);
 *   quadrant: key (both > 1), backward (only backward > 1), forward (only forward > 1), weak.
 *
 * Average propagation length (Dietzenbacher, Romero & Bosma 2005): the average number of steps a
 * demand impulse in j takes to reach the output of i,
 *   APL = [L(L − I)] ⊘ (L − I) elementwise  (= Σ_k k A^k ⊘ Σ_k A^k),
 * empty where (L − I)_ij ≤ 0 (no path). Aggregated to countries s, r as the ratio of block sums,
 *   APL_sr = Σ_{i∈s, j∈r} [L(L − I)]_ij / Σ_{i∈s, j∈r} (L − I)_ij (an average weighted by L − I).
 */
import { z } from 'zod';
import { Matrix } from '@catena/linalg';
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import { registerAnalysis } from '../registry/analysis.js';
import type { Result, Row } from '../results/result.js';
import { parseOptions } from './options.js';

export const LINKAGE_COLUMNS = ['year', 'country', 'sector', 'backward', 'forward', 'backward_raw', 'forward_raw', 'quadrant'];
export const APL_COLUMNS = ['year', 'origin_country', 'origin_sector', 'destination_country', 'destination_sector', 'apl'];
export const QUADRANTS = {
  key: 'backward and forward linkage above average',
  backward: 'backward linkage above average only',
  forward: 'forward linkage above average only',
  weak: 'both at or below average',
} as const;

export interface Linkages {
  backwardRaw: Float64Array;
  forwardRaw: Float64Array;
  backward: Float64Array;
  forward: Float64Array;
  /** Whether each country-sector enters (x > 0). */
  active: Uint8Array;
}

/** Rasmussen–Hirschman backward (from L) and forward (from Ghosh G) linkages. */
export function rasmussenLinkages(model: Model): Linkages {
  const { GN, x } = model;
  const L = model.B.data;
  const backwardRaw = new Float64Array(GN);
  const forwardRaw = new Float64Array(GN);
  const active = Uint8Array.from(x, (v) => (v > 0 ? 1 : 0));
  for (let j = 0; j < GN; j++) {
    let cs = 0;
    const o = j * GN;
    for (let i = 0; i < GN; i++) {
      const l = L[o + i];
      cs += l;
      if (active[i] && active[j]) forwardRaw[i] += l * x[j];
    }
    backwardRaw[j] = cs;
  }
  for (let i = 0; i < GN; i++) forwardRaw[i] = active[i] ? forwardRaw[i] / x[i] : 1;
  let nb = 0;
  let sb = 0;
  let sf = 0;
  for (let i = 0; i < GN; i++)
    if (active[i]) {
      nb++;
      sb += backwardRaw[i];
      sf += forwardRaw[i];
    }
  const mb = sb / nb;
  const mf = sf / nb;
  return {
    backwardRaw,
    forwardRaw,
    backward: backwardRaw.map((b) => b / mb),
    forward: forwardRaw.map((f) => f / mf),
    active,
  };
}

export function quadrant(backward: number, forward: number): keyof typeof QUADRANTS {
  return backward > 1 ? (forward > 1 ? 'key' : 'backward') : forward > 1 ? 'forward' : 'weak';
}

export interface Apl {
  /** L(L − I), column-major GN × GN. */
  numerator: Matrix;
  /** L − I, column-major GN × GN. */
  denominator: Matrix;
}

/** The two matrices of the average propagation length: one product L·L on the active backend. */
export function aplParts(model: Model): Apl {
  const L = model.B;
  const num = model.mul(L, L);
  const GN = model.GN;
  const den = L.clone();
  for (let i = 0; i < GN; i++) den.data[i + i * GN] -= 1;
  for (let k = 0; k < num.data.length; k++) num.data[k] -= L.data[k];
  return { numerator: num, denominator: den };
}

/** APL_ij (null where there is no path). */
export function aplValue(p: Apl, i: number, j: number): number | null {
  const n = p.denominator.rows;
  const d = p.denominator.data[i + j * n];
  return d > 0 ? p.numerator.data[i + j * n] / d : null;
}

/** Country-level APL: G × G, row-major [s·G + r], NaN where the block has no path. */
export function aplCountries(model: Model, p: Apl): Float64Array {
  const { G, N, GN } = model;
  const num = new Float64Array(G * G);
  const den = new Float64Array(G * G);
  for (let j = 0; j < GN; j++) {
    const r = Math.floor(j / N);
    for (let i = 0; i < GN; i++) {
      const k = Math.floor(i / N) * G + r;
      num[k] += p.numerator.data[i + j * GN];
      den[k] += p.denominator.data[i + j * GN];
    }
  }
  return num.map((v, k) => (den[k] > 0 ? v / den[k] : NaN));
}

export const linkageOptions = z.object({});
export type LinkageOptions = z.input<typeof linkageOptions>;

/** Linkages of every country-sector, one row each. */
export function linkagesResult(model: Model, options: LinkageOptions = {}): Result {
  parseOptions(linkageOptions, options);
  const t = model.table;
  const lk = rasmussenLinkages(model);
  const year = t.year ?? null;
  const rows: Row[] = [];
  for (let i = 0; i < model.GN; i++) {
    const on = lk.active[i] === 1;
    rows.push({
      year,
      country: t.countries[Math.floor(i / model.N)],
      sector: t.sectors[i % model.N],
      backward: on ? lk.backward[i] : null,
      forward: on ? lk.forward[i] : null,
      backward_raw: on ? lk.backwardRaw[i] : null,
      forward_raw: on ? lk.forwardRaw[i] : null,
      quadrant: on ? quadrant(lk.backward[i], lk.forward[i]) : null,
    });
  }
  const inactive = model.zeroOutput.map((i) => t.label(i));
  return {
    columns: LINKAGE_COLUMNS,
    rows,
    meta: {
      kind: 'linkages',
      method: 'rasmussen-hirschman',
      source: t.source,
      year: t.year,
      conventions: {
        ...model.conventions,
        backward: 'column sums of L = (I − A)⁻¹ over their mean',
        forward: 'row sums of the Ghosh inverse G = x̂⁻¹ L x̂ over their mean',
        quadrants: Object.entries(QUADRANTS)
          .map(([k, v]) => `${k}: ${v}`)
          .join('; '),
      },
      diagnostics: inactive.length
        ? [{ kind: 'zero-output', countrySectors: inactive, note: 'x ≤ 0: left out of the means, empty cells' }]
        : [],
    },
  };
}

export const aplOptions = z.object({
  level: z.enum(['country', 'sector']).default('country').describe('country pairs (block averages) or country-sector pairs'),
  origins: z.array(z.string()).optional().describe('origin (supplying) countries to report; default all'),
  destinations: z.array(z.string()).optional().describe('destination (using) countries to report; default all'),
});
export type AplOptions = z.input<typeof aplOptions>;

/** Average propagation lengths, one row per origin × destination. */
export function aplResult(model: Model, options: AplOptions = {}): Result {
  const o = parseOptions(aplOptions, options);
  const t = model.table;
  const pick = (list: string[] | undefined, field: string) => {
    if (!list) return t.countries.map((_, g) => g);
    return list.map((c) => {
      const g = t.countries.indexOf(c);
      if (g < 0) throw new OptionError(`${field}: country '${c}' is not in the table; known: ${t.countries.join(', ')}`, field);
      return g;
    });
  };
  const from = pick(o.origins, 'origins');
  const to = pick(o.destinations, 'destinations');
  const p = aplParts(model);
  const year = t.year ?? null;
  const rows: Row[] = [];
  const { G, N } = model;
  if (o.level === 'country') {
    const c = aplCountries(model, p);
    for (const s of from)
      for (const r of to) {
        const v = c[s * G + r];
        rows.push({
          year,
          origin_country: t.countries[s],
          origin_sector: null,
          destination_country: t.countries[r],
          destination_sector: null,
          apl: Number.isNaN(v) ? null : v,
        });
      }
  } else {
    for (const s of from)
      for (const r of to)
        for (let a = 0; a < N; a++)
          for (let b = 0; b < N; b++)
            rows.push({
              year,
              origin_country: t.countries[s],
              origin_sector: t.sectors[a],
              destination_country: t.countries[r],
              destination_sector: t.sectors[b],
              apl: aplValue(p, s * N + a, r * N + b),
            });
  }
  return {
    columns: APL_COLUMNS,
    rows,
    meta: {
      kind: 'apl',
      method: 'dietzenbacher-romero-bosma-2005',
      level: o.level,
      source: t.source,
      year: t.year,
      options: o,
      conventions: {
        ...model.conventions,
        apl: 'APL = [L(L − I)] ⊘ (L − I); steps from a demand impulse in the destination to the output of the origin',
        country: 'ratio of block sums Σ L(L − I) / Σ (L − I)',
        empty: 'no path: (L − I) ≤ 0',
      },
    },
  };
}

export const linkagesDef = registerAnalysis<z.output<typeof linkageOptions>, Model>({
  id: 'linkages',
  summary: 'Rasmussen–Hirschman backward and forward linkages (normalised) and the key-sector quadrant',
  input: 'model',
  options: linkageOptions,
  run: (model, options) => linkagesResult(model, options),
});

export const aplDef = registerAnalysis<z.output<typeof aplOptions>, Model>({
  id: 'apl',
  summary: 'Average propagation length (Dietzenbacher, Romero & Bosma 2005) between countries or country-sectors',
  input: 'model',
  options: aplOptions,
  run: (model, options) => aplResult(model, options),
});
