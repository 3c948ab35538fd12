/**
 * Embodied content of a satellite account (docs/networks.md):
 *   intensities  q = e ⊘ x (0 where x ≤ 0; a non-zero e there is reported in the diagnostics)
 *   multipliers  m' = q'L (one transposed solve with the Model's factorisation); downstream
 *                (Ghosh) multipliers m_down_i = Σ_j (G_ij − δ_ij) q_j = (L e)_i / x_i − q_i, with
 *                G = x̂⁻¹ L x̂ (pymrio's M_down = S (Gᵀ − I))
 *   footprint    F_r = Σ_i m_i y_ir, the content embodied in country r's final demand; by origin
 *                F_sr = Σ_{i∈s} q_i (L Y_r)_i, domestic F_rr, foreign Σ_{s≠r} F_sr (pymrio's
 *                D_imp_reg), foreign_share = foreign / F_r
 *   exports      Σ_{j∈s} m_j E_j, the content embodied in s's gross exports
 *   production   Σ_{i∈s} e_i (the territorial total); Σ_r F_r = Σ_s production (over x > 0)
 */
import { z } from 'zod';
import { blocksOption } from '../registry/fields.js';
import { Matrix } from '@catena/linalg';
import type { Model } from '../model/model.js';
import type { BlockSpec } from '../model/partition.js';
import { registerAnalysis } from '../registry/analysis.js';
import type { Result, Row } from '../results/result.js';
import { parseOptions } from '../network/options.js';
import { alignExtension, type Extension } from './extension.js';

export const FOOTPRINT_COLUMNS = ['year', 'country', 'sector', 'indicator', 'unit', 'measure', 'value'];
export const COUNTRY_FOOTPRINT_MEASURES = [
  'production',
  'footprint',
  'footprint_domestic',
  'footprint_foreign',
  'foreign_share',
  'exports_content',
] as const;
export const SECTOR_FOOTPRINT_MEASURES = ['extension', 'intensity', 'multiplier', 'downstream_multiplier', 'exports_content'] as const;

export interface Footprint {
  q: Float64Array;
  m: Float64Array;
  /** Downstream (Ghosh) multipliers (L e)_i / x_i − q_i, 0 where x ≤ 0. */
  mDown: Float64Array;
  /** F[s·G + r]: content from origin s in r's final demand. */
  byOrigin: Float64Array;
  footprint: Float64Array;
  production: Float64Array;
  exports: Float64Array;
  /** Country-sectors with x ≤ 0 and e ≠ 0 (their e is left out). */
  dropped: number[];
}

/** Intensities, multipliers, footprints by origin and content in exports, for extension values e. */
export function footprints(model: Model, e: Float64Array, blocks?: BlockSpec): Footprint {
  const { GN, x } = model;
  const p = model.partition(blocks ?? {});
  const G = p.G;
  const home = p.blockOf;
  const q = new Float64Array(GN);
  const dropped: number[] = [];
  for (let i = 0; i < GN; i++) {
    if (x[i] > 0) q[i] = e[i] / x[i];
    else if (e[i] !== 0) dropped.push(i);
  }
  const m = model.solve(q.slice(), true);
  const Le = model.solve(Float64Array.from(q, (qi, i) => qi * x[i]));
  const mDown = Float64Array.from(Le, (v, i) => (x[i] > 0 ? v / x[i] - q[i] : 0));
  const LY = model.solve(new Matrix(GN, G, p.Y.slice()));
  const byOrigin = new Float64Array(G * G);
  for (let r = 0; r < G; r++) for (let i = 0; i < GN; i++) byOrigin[home[i] * G + r] += q[i] * LY.data[i + r * GN];
  const footprint = new Float64Array(G);
  for (let s = 0; s < G; s++) for (let r = 0; r < G; r++) footprint[r] += byOrigin[s * G + r];
  const production = new Float64Array(G);
  const exports = new Float64Array(G);
  const E = p.E;
  for (let i = 0; i < GN; i++) {
    const s = home[i];
    if (x[i] > 0) production[s] += e[i];
    exports[s] += m[i] * E[i];
  }
  return { q, m, mDown, byOrigin, footprint, production, exports, dropped };
}

/** The satellite account, as an option (front ends read it from a file: readExtension). */
export const extensionField = z
  .custom<Extension>((v) => typeof v === 'object' && v !== null && Array.isArray((v as Extension).indicators), {
    message: 'expected an extension read by readExtension',
  })
  .describe('the satellite account (indicators by country-sector), e.g. from readExtension(path)');

export const footprintOptions = z.object({
  indicator: z.string().min(1).describe('the extension indicator (id as in the file)'),
  unit: z.string().optional().describe("the indicator's unit, checked against the file's"),
  level: z.enum(['country', 'sector']).default('country').describe('country totals or country-sector intensities and multipliers'),
  blocks: blocksOption('country blocks, e.g. { EU: [] }: a block is one country, its internal flows domestic'),
});
export type FootprintOptions = z.input<typeof footprintOptions>;

/** Footprint rows for one table and one extension indicator. */
export function footprintResult(model: Model, extension: Extension, options: FootprintOptions): Result {
  const o = parseOptions(footprintOptions, options);
  const t = model.table;
  const { indicator, e } = alignExtension(extension, t.countries, t.sectors, o.indicator, o.unit);
  const f = footprints(model, e, o.blocks);
  const p = model.partition(o.blocks ?? {});
  const year = t.year ?? null;
  const base = { year, indicator: indicator.id, unit: indicator.unit };
  const rows: Row[] = [];
  const { N } = model;
  const G = p.G;
  if (o.level === 'country') {
    for (let r = 0; r < G; r++) {
      const dom = f.byOrigin[r * G + r];
      const fp = f.footprint[r];
      const vals: Record<(typeof COUNTRY_FOOTPRINT_MEASURES)[number], number | null> = {
        production: f.production[r],
        footprint: fp,
        footprint_domestic: dom,
        footprint_foreign: fp - dom,
        foreign_share: fp !== 0 ? (fp - dom) / fp : null,
        exports_content: f.exports[r],
      };
      for (const measure of COUNTRY_FOOTPRINT_MEASURES)
        rows.push({ ...base, country: p.names[r], sector: null, measure, value: vals[measure] });
    }
  } else {
    for (let i = 0; i < model.GN; i++) {
      const vals = {
        extension: e[i],
        intensity: f.q[i],
        multiplier: f.m[i],
        downstream_multiplier: f.mDown[i],
        exports_content: f.m[i] * model.E[i],
      };
      for (const measure of SECTOR_FOOTPRINT_MEASURES)
        rows.push({ ...base, country: t.countries[Math.floor(i / N)], sector: t.sectors[i % N], measure, value: vals[measure] });
    }
  }
  return {
    columns: FOOTPRINT_COLUMNS,
    rows,
    meta: {
      kind: 'footprint',
      method: 'environmentally-extended input-output (q = e ⊘ x, m = q′L)',
      level: o.level,
      unit: indicator.unit,
      source: t.source,
      extension: extension.source,
      year: t.year,
      options: o,
      conventions: {
        ...model.conventions,
        footprint: 'content embodied in the final demand of each country (all final-demand categories)',
        exports_content: 'Σ m_j E_j over the exporter’s country-sectors (gross exports)',
      },
      diagnostics: f.dropped.length
        ? [
            {
              code: 'extension-without-output',
              severity: 'warning' as const,
              message: `${f.dropped.length} country-sector(s) with x ≤ 0: their extension is left out of the intensities`,
              items: f.dropped.map((i) => ({ label: t.label(i), index: i })),
            },
          ]
        : [],
    },
  };
}

const footprintRunOptions = footprintOptions.extend({ extension: extensionField });

export const footprintDef = registerAnalysis<z.output<typeof footprintRunOptions>, Model>({
  id: 'footprint',
  summary: 'Intensities, multipliers, footprints (content in final demand), content in exports and foreign share of a satellite account',
  input: 'model',
  options: footprintRunOptions,
  run: (model, { extension, ...options }) => footprintResult(model, extension, options),
});
