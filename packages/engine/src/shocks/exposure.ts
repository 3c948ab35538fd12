/**
 * Exposure and dependence of a country-sector (or a country, or a country's group of sectors
 * such as manufacturing) on each supplier country, at face value and looking through the chain.
 *
 * Purchase side, for buyer j and supplier country s (sums over the buyer's sectors J at country
 * or group level, each buyer weighted by its output):
 *   FV_s = Σ_{j∈J} Σ_{i∈s} Z_ij / Σ_{j∈J} Σ_i Z_ij                      (direct inputs)
 *   LT_s = Σ_{j∈J} x_j Σ_{i∈s} (L − I)_ij / Σ_{j∈J} x_j Σ_i (L − I)_ij   (all tiers: (L − I)x̂ = LZ)
 *   hidden_s = LT_s − FV_s
 * These are Baldwin, Freeman & Theodorakopoulos's (2023) face-value and look-through exposures:
 * the share of country s in a buyer's inputs, FV on the direct inputs Z, LT on the total (direct
 * and indirect) input requirements L − I, the identity (the buyer's own unit of output) left out;
 * their country-level figures for manufacturing weight industries by gross output, as we do.
 * Sales side (allocation, rows of the Ghosh inverse G = x̂⁻¹Lx̂, so x̂(G − I) = (L − I)x̂ too):
 *   FV_sales_s = Σ_{j∈s} Z_ij / Σ_j Z_ij,   LT_sales_s = Σ_{j∈s} (L − I)_ij x_j / Σ_j (L − I)_ij x_j.
 * Per buyer: foreign totals (Σ over s other than the buyer's country), supplier concentration over
 * the foreign suppliers (shares renormalised to the foreign total): HHI = Σ s², top-supplier share
 * (the supplier named in the row), face value and look-through; supplier_export_hhi = Σ_n w_n H_n,
 * the buyer's foreign look-through inputs by supplying sector n (weights w_n) times the
 * concentration of world exports of sector n across countries, H_n = Σ_c (E_cn / Σ_c E_cn)² — a
 * low-substitutability exposure (one row per sector n: export_hhi, country World).
 */
import { z } from 'zod';
import { OptionError } from '../errors.js';
import { technologyLevels } from '../concordance/technology.js';
import type { Model } from '../model/model.js';
import { registerAnalysis, type RunContext } from '../registry/analysis.js';
import type { Result, Row } from '../results/result.js';
import { checkAbort, parseOptions } from './common.js';

export const EXPOSURE_COLUMNS = ['country', 'sector', 'supplier', 'indicator', 'value'];

export const exposureOptions = z.object({
  level: z
    .enum(['sector', 'country'])
    .default('sector')
    .describe('sector: every buying country-sector; country: the buying sectors of each country together'),
  sector: z
    .array(z.string().min(1))
    .optional()
    .describe(
      'buying sectors to report (sector level) or to aggregate (country level); "manufacturing" = the manufacturing sectors of the table',
    ),
  sales: z.boolean().default(true).describe('also the sales-side (Ghosh) exposures fv_sales, lt_sales, hidden_sales'),
});
export type ExposureOptions = z.input<typeof exposureOptions>;

/** The sector indices named by `sectors` (with "manufacturing" expanded), in table order. */
export function resolveSectors(sectors: readonly string[], names: readonly string[] | undefined): number[] {
  if (!names || names.length === 0) return sectors.map((_, n) => n);
  const want = new Set<number>();
  for (const name of names) {
    if (name.toLowerCase() === 'manufacturing') {
      let levels: Record<string, unknown>;
      try {
        levels = technologyLevels([...sectors]);
      } catch (e) {
        throw new OptionError(`sector manufacturing: ${(e as Error).message}`, 'sector');
      }
      const manu = Object.keys(levels);
      if (manu.length === 0)
        throw new OptionError('sector manufacturing: no sector of the table is in the manufacturing classification', 'sector');
      for (const s of manu) want.add(sectors.indexOf(s));
    } else {
      const n = sectors.indexOf(name);
      if (n < 0)
        throw new OptionError(`sector '${name}' is not in the table; expected manufacturing or one of ${sectors.join(', ')}`, 'sector');
      want.add(n);
    }
  }
  return [...want].filter((n) => n >= 0).sort((a, b) => a - b);
}

/** A buying unit: a country and its columns. */
interface Unit {
  country: number;
  sector: string;
  cols: number[];
}

/** Shares of a vector (null when the total is not positive). */
function shares(v: Float64Array): (number | null)[] {
  const t = v.reduce((a, x) => a + x, 0);
  return Array.from(v, (x) => (t > 0 ? x / t : null));
}

/** HHI and the top share over the entries other than `own`, renormalised; null without a positive total. */
export function concentration(v: ArrayLike<number>, own: number): { hhi: number | null; top: number | null; at: number } {
  let t = 0;
  for (let k = 0; k < v.length; k++) if (k !== own) t += Math.max(0, v[k]);
  if (!(t > 0)) return { hhi: null, top: null, at: -1 };
  let hhi = 0;
  let top = -1;
  let at = -1;
  for (let k = 0; k < v.length; k++) {
    if (k === own) continue;
    const s = Math.max(0, v[k]) / t;
    hhi += s * s;
    if (s > top) [top, at] = [s, k];
  }
  return { hhi, top, at };
}

/** World export concentration of each sector across countries: H_n = Σ_c (E_cn / Σ_c E_cn)². */
export function exportConcentration(model: Model): Float64Array {
  const { G, N } = model;
  const h = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    const e = Float64Array.from({ length: G }, (_, c) => Math.max(0, model.E[c * N + n]));
    h[n] = concentration(e, -1).hhi ?? NaN;
  }
  return h;
}

/** Exposure of every buying unit to every supplier country; one pass over L for each side. */
export function exposure(model: Model, options: ExposureOptions = {}, ctx: RunContext = {}): Result {
  const o = parseOptions(exposureOptions, options);
  const { G, N, GN, table } = model;
  const L = model.B;
  const Z = table.Z.data;
  const x = model.x;
  const sel = resolveSectors(table.sectors, o.sector);
  const groupName = o.sector && o.sector.length ? o.sector.join('+') : '';
  const units: Unit[] = [];
  for (let c = 0; c < G; c++) {
    if (o.level === 'sector') for (const n of sel) units.push({ country: c, sector: table.sectors[n], cols: [c * N + n] });
    else units.push({ country: c, sector: groupName, cols: sel.map((n) => c * N + n) });
  }
  const H = exportConcentration(model);
  const rows: Row[] = [];
  const push = (u: Unit, supplier: string, indicator: string, value: number | null) =>
    rows.push({ country: table.countries[u.country], sector: u.sector, supplier, indicator, value });
  units.forEach((u, k) => {
    if (k % 64 === 0) checkAbort(ctx);
    ctx.progress?.(k, units.length);
    const fv = new Float64Array(G);
    const lt = new Float64Array(G);
    const ltSector = new Float64Array(N);
    const fvS = new Float64Array(G);
    const ltS = new Float64Array(G);
    for (const j of u.cols) {
      const o1 = j * GN;
      for (let i = 0; i < GN; i++) {
        const s = Math.floor(i / N);
        fv[s] += Z[o1 + i];
        const l = (L.data[o1 + i] - (i === j ? 1 : 0)) * x[j];
        lt[s] += l;
        if (s !== u.country) ltSector[i % N] += l;
      }
      // Sales side: row j of Z and of (L − I)x̂.
      for (let c = 0; c < GN; c++) {
        const s = Math.floor(c / N);
        fvS[s] += Z[j + c * GN];
        ltS[s] += (L.data[j + c * GN] - (c === j ? 1 : 0)) * x[c];
      }
    }
    const sides: [string, Float64Array, Float64Array][] = [['', fv, lt]];
    if (o.sales) sides.push(['_sales', fvS, ltS]);
    for (const [suffix, f, l] of sides) {
      const fs = shares(f);
      const ls = shares(l);
      let ff = 0;
      let lf = 0;
      let foreignKnown = fs[0] !== null && ls[0] !== null;
      for (let s = 0; s < G; s++) {
        const a = fs[s];
        const b = ls[s];
        push(u, table.countries[s], `fv${suffix}`, a);
        push(u, table.countries[s], `lt${suffix}`, b);
        push(u, table.countries[s], `hidden${suffix}`, a === null || b === null ? null : b - a);
        if (s !== u.country) {
          if (a === null || b === null) foreignKnown = false;
          else {
            ff += a;
            lf += b;
          }
        }
      }
      push(u, 'foreign', `fv${suffix}`, foreignKnown ? ff : null);
      push(u, 'foreign', `lt${suffix}`, foreignKnown ? lf : null);
      push(u, 'foreign', `hidden${suffix}`, foreignKnown ? lf - ff : null);
    }
    for (const [name, v] of [
      ['fv', fv],
      ['lt', lt],
    ] as const) {
      const c = concentration(v, u.country);
      const top = c.at >= 0 ? table.countries[c.at] : '';
      push(u, 'foreign', `supplier_hhi_${name}`, c.hhi);
      push(u, top, `top_supplier_share_${name}`, c.top);
    }
    const w = shares(ltSector);
    let sub: number | null = 0;
    for (let n = 0; n < N; n++) {
      const wn = w[n];
      if (wn === null) {
        sub = null;
        break;
      }
      if (wn !== 0) sub += wn * (Number.isFinite(H[n]) ? H[n] : 0);
    }
    push(u, 'foreign', 'supplier_export_hhi', sub);
  });
  for (let n = 0; n < N; n++) {
    rows.push({
      country: 'World',
      sector: table.sectors[n],
      supplier: '',
      indicator: 'export_hhi',
      value: Number.isFinite(H[n]) ? H[n] : null,
    });
  }
  return {
    columns: EXPOSURE_COLUMNS,
    rows,
    meta: {
      kind: 'exposure',
      method: 'face-value and look-through exposure (Baldwin, Freeman & Theodorakopoulos 2023), purchase and sales sides',
      level: o.level,
      sector: o.sector ?? null,
      source: table.source,
      year: table.year,
      conventions: {
        ...model.conventions,
        fv: 'share of supplier country s in the direct intermediate inputs Z of the buyer',
        lt: 'share of s in the total input requirements (L − I)x̂ = LZ of the buyer (identity left out)',
        sales: 'the same on the rows: shares of buyer countries in the intermediate sales Z and in (L − I)x̂ (rows of x̂(G − I))',
        aggregation: 'country level sums numerators and denominators over the buying sectors (output weights for LT)',
        concentration:
          'over foreign suppliers, shares renormalised to the foreign total; supplier column of top_supplier_share names the supplier',
        substitutability:
          'export_hhi: concentration of world exports of a sector across countries; supplier_export_hhi: its mean over the buyer’s foreign look-through inputs by sector',
        missing: 'a buyer without intermediate inputs gives empty cells',
      },
    },
  };
}

export const exposureAnalysis = registerAnalysis({
  id: 'exposure',
  summary: 'Face-value, look-through and hidden exposure to supplier countries; concentration and substitutability',
  input: 'model',
  options: exposureOptions,
  run: (model: Model, options: ExposureOptions, ctx?: RunContext) => exposure(model, options, ctx),
});
