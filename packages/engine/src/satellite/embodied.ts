/**
 * Embodied R&D and global innovation chain (GIC) embedding (Nishioka & Ripoll 2012): with R&D
 * expenditure by country-sector as an extension and ρ = R&D / x (per unit of output),
 *   embodied_total_cj   = Σ_s Σ_i ρ_si L_si,cj    R&D embodied, directly and indirectly, per unit of cj's output
 *   embodied_foreign_cj = Σ_{s≠c} Σ_i ρ_si L_si,cj the part from other countries' R&D (through intermediates)
 *   gic_share_cj        = embodied_foreign / embodied_total, the GIC embedding index
 * Country rows weight by output: Σ_{j∈c} x_j embodied_·,cj (R&D embodied in c's output) and the
 * share of the two sums. With several tables, change rows (year empty): last year − first year.
 */
import { z } from 'zod';
import { blocksOption } from '../registry/fields.js';
import type { Model } from '../model/model.js';
import type { BlockSpec } from '../model/partition.js';
import { registerAnalysis } from '../registry/analysis.js';
import type { Result, Row } from '../results/result.js';
import { parseOptions } from '../network/options.js';
import { alignExtension, type Extension } from './extension.js';
import { extensionField } from './footprint.js';

export const EMBODIED_COLUMNS = ['year', 'country', 'sector', 'measure', 'value'];
export const EMBODIED_MEASURES = ['rd_intensity', 'embodied_total', 'embodied_foreign', 'gic_share'] as const;

export const embodiedOptions = z.object({
  indicator: z.string().min(1).default('rd').describe('the R&D indicator of the extension'),
  unit: z.string().optional().describe("the indicator's unit, checked against the file's"),
  level: z.enum(['country', 'sector']).default('sector').describe('country-sectors, or countries weighted by output'),
  blocks: blocksOption('country blocks: R&D from inside the block is domestic; country rows are per block'),
});
export type EmbodiedOptions = z.input<typeof embodiedOptions>;

export interface Embodied {
  rho: Float64Array;
  total: Float64Array;
  foreign: Float64Array;
}

/** ρ and the R&D embodied in each country-sector's output, in total and from abroad (G transposed solves). */
export function embodiedRd(model: Model, rd: Float64Array, blocks?: BlockSpec): Embodied {
  const { G, N, GN, x } = model;
  const p = model.partition(blocks ?? {});
  const rho = Float64Array.from(rd, (v, i) => (x[i] > 0 ? v / x[i] : 0));
  // Column s of R holds ρ on country s's rows: (I − A)ᵀ X = R gives X[j, s] = Σ_{i∈s} ρ_i L_ij.
  const R = model.Yc.clone();
  R.data.fill(0);
  for (let s = 0; s < G; s++) for (let i = s * N; i < (s + 1) * N; i++) R.data[i + s * GN] = rho[i];
  const X = model.solve(R, true);
  const total = new Float64Array(GN);
  const foreign = new Float64Array(GN);
  for (let j = 0; j < GN; j++) {
    const c = p.blockOf[j];
    for (let s = 0; s < G; s++) {
      const v = X.data[j + s * GN];
      total[j] += v;
      if (p.blockOfCountry[s] !== c) foreign[j] += v;
    }
  }
  return { rho, total, foreign };
}

/** Embodied R&D rows for one table. */
export function embodiedResult(model: Model, extension: Extension, options: EmbodiedOptions = {}): Result {
  const o = parseOptions(embodiedOptions, options);
  const t = model.table;
  const { indicator, e } = alignExtension(extension, t.countries, t.sectors, o.indicator, o.unit);
  const em = embodiedRd(model, e, o.blocks);
  const p = model.partition(o.blocks ?? {});
  const year = t.year ?? null;
  const rows: Row[] = [];
  const { N, x } = model;
  const share = (f: number, tot: number) => (tot > 0 ? f / tot : null);
  if (o.level === 'sector') {
    for (let j = 0; j < model.GN; j++) {
      const on = x[j] > 0;
      const vals = {
        rd_intensity: em.rho[j],
        embodied_total: em.total[j],
        embodied_foreign: em.foreign[j],
        gic_share: share(em.foreign[j], em.total[j]),
      };
      for (const measure of EMBODIED_MEASURES)
        rows.push({ year, country: t.countries[Math.floor(j / N)], sector: t.sectors[j % N], measure, value: on ? vals[measure] : null });
    }
  } else {
    for (let c = 0; c < p.G; c++) {
      let rd = 0;
      let out = 0;
      let tot = 0;
      let fr = 0;
      for (const j of p.rows[c]) {
        if (!(x[j] > 0)) continue;
        rd += e[j];
        out += x[j];
        tot += x[j] * em.total[j];
        fr += x[j] * em.foreign[j];
      }
      const vals = { rd_intensity: out > 0 ? rd / out : null, embodied_total: tot, embodied_foreign: fr, gic_share: share(fr, tot) };
      for (const measure of EMBODIED_MEASURES) rows.push({ year, country: p.names[c], sector: null, measure, value: vals[measure] });
    }
  }
  return {
    columns: EMBODIED_COLUMNS,
    rows,
    meta: {
      kind: 'embodied',
      method: 'nishioka-ripoll-2012',
      level: o.level,
      unit: indicator.unit,
      source: t.source,
      extension: extension.source,
      year: t.year,
      options: o,
      conventions: {
        ...model.conventions,
        rho: 'R&D per unit of output, ρ = R&D ⊘ x (0 where x ≤ 0)',
        embodied: 'Σ_i ρ_si L_si,cj per unit of output (sector level); weighted by output x_j (country level)',
        gic_share: 'foreign embodied R&D over total embodied R&D',
      },
    },
  };
}

/** Change rows (year empty, measure `<measure>_change`): last minus first of several years' results. */
export function embodiedChange(parts: Result[]): Row[] {
  if (parts.length < 2) return [];
  const key = (r: Row) => `${r.country}\u0000${r.sector ?? ''}\u0000${r.measure}`;
  const first = new Map(parts[0].rows.map((r) => [key(r), r.value]));
  const out: Row[] = [];
  for (const r of parts[parts.length - 1].rows) {
    const a = first.get(key(r));
    const b = r.value;
    out.push({
      year: null,
      country: r.country,
      sector: r.sector,
      measure: `${r.measure}_change`,
      value: typeof a === 'number' && typeof b === 'number' ? b - a : null,
    });
  }
  return out;
}

const embodiedRunOptions = embodiedOptions.extend({ extension: extensionField });

export const embodiedDef = registerAnalysis<z.output<typeof embodiedRunOptions>, Model>({
  id: 'embodied',
  summary: 'Foreign R&D embodied in intermediates and the global innovation chain embedding index (Nishioka & Ripoll 2012)',
  input: 'model',
  options: embodiedRunOptions,
  run: (model, { extension, ...options }) => embodiedResult(model, extension, options),
});
