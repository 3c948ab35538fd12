/**
 * A GVC resilience index over yearly tables: for every country and year, a security dimension
 * (how dependent and how concentrated its foreign supply is, looking through the chain, and what
 * losing its largest supplier would cost) and a stability dimension (how much its participation
 * and value added swing, and how it resisted and recovered around a shock year), normalised and
 * weighted by the index systems of composite/ (entropy weights by default, TOPSIS closeness).
 *
 * Components (buying sectors J: the `sector` group, e.g. manufacturing, or all; direction in []):
 *   security
 *     lt_foreign             Σ_{s≠c} LT_s, look-through foreign share of J's inputs [cost] (exposure.ts)
 *     supplier_hhi_lt        Σ_s σ_s² over foreign suppliers, look-through shares σ [cost]
 *     top_supplier_share_lt  max_s σ_s [cost]
 *     supplier_export_hhi    Σ_n w_n H_n: J's foreign inputs by sector × concentration of world
 *                            exports of that sector (low substitutability) [cost]
 *     top_supplier_va_loss   c's value-added loss share when the link TOP:c (all intermediate and
 *                            final flows from the top look-through supplier) is extracted,
 *                            backward (Leontief; extract.ts) [cost]
 *   stability
 *     participation_volatility, va_volatility  sample s.d. of the year-on-year growth rates of
 *                            GVC participation (`participation`, default backward) and of J's value
 *                            added over a trailing window of `window` years — the same full window
 *                            for every year: years without one are left out [cost]
 *     resistance, recovery   with `shockYear` t: Martin (2012) (Δ_c − Δ_E)/|Δ_E| with Δ the growth of
 *                            J's value added, E the world's, over t−1 → t (resistance) and
 *                            t → t + recoveryYears (recovery); one value per country, every year [benefit]
 */
import { z } from 'zod';
import { computeIndex, SCORE_METHODS, type ScoreMethod } from '../composite/index-system.js';
import { volatility } from '../composite/gvc-features.js';
import type { LongRow } from '../composite/join.js';
import { panelFromRows, type Direction } from '../composite/panel.js';
import { OptionError } from '../errors.js';
import { indicators } from '../indicators/indicators.js';
import type { Model } from '../model/model.js';
import { registerAnalysis, type RunContext } from '../registry/analysis.js';
import type { Result, Row } from '../results/result.js';
import { checkAbort, parseOptions } from './common.js';
import { exposure, resolveSectors } from './exposure.js';
import { baselineOf, linkDelta } from './extract.js';

export const RESILIENCE_COLUMNS = ['kind', 'country', 'year', 'dimension', 'indicator', 'direction', 'method', 'value'];

export const resilienceOptions = z.object({
  sector: z
    .array(z.string().min(1))
    .optional()
    .describe('the buying sectors of the chain (manufacturing, or sector codes); default all sectors'),
  window: z.number().int().min(3).default(5).describe('years in the rolling volatility window, the same for every year (at least 3)'),
  shockYear: z.number().int().optional().describe('year of the shock for resistance and recovery (Martin 2012), e.g. 2009'),
  recoveryYears: z.number().int().min(1).default(2).describe('years after the shock year over which recovery is measured'),
  methods: z
    .array(z.enum(SCORE_METHODS as unknown as [ScoreMethod, ...ScoreMethod[]]))
    .min(1)
    .default(['entropy', 'topsis'])
    .describe('score methods of the index system: entropy (default weights), critic, pca, equal, user, topsis'),
  participation: z
    .string()
    .default('gvc_participation_backward')
    .describe('the indicators id whose volatility is the participation component'),
});
export type ResilienceIndexOptions = z.input<typeof resilienceOptions>;

interface Component {
  name: string;
  dimension: 'security' | 'stability';
  direction: Direction;
  formula: string;
}

export const RESILIENCE_COMPONENTS: Component[] = [
  {
    name: 'lt_foreign',
    dimension: 'security',
    direction: 'cost',
    formula: 'Σ_{s≠c} LT_s, LT on (L − I)x̂ (Baldwin, Freeman & Theodorakopoulos 2023)',
  },
  { name: 'supplier_hhi_lt', dimension: 'security', direction: 'cost', formula: 'Σ_s σ_s² over foreign look-through supplier shares' },
  { name: 'top_supplier_share_lt', dimension: 'security', direction: 'cost', formula: 'max_s σ_s' },
  {
    name: 'supplier_export_hhi',
    dimension: 'security',
    direction: 'cost',
    formula: 'Σ_n w_n H_n, H_n = Σ_c (E_cn/Σ_c E_cn)² (substitutability)',
  },
  {
    name: 'top_supplier_va_loss',
    dimension: 'security',
    direction: 'cost',
    formula: 'va_loss_share of c, backward extraction of the link TOP:c',
  },
  {
    name: 'participation_volatility',
    dimension: 'stability',
    direction: 'cost',
    formula: 's.d. of growth of GVC participation over the window',
  },
  {
    name: 'va_volatility',
    dimension: 'stability',
    direction: 'cost',
    formula: 's.d. of growth of value added of the sectors over the window',
  },
  { name: 'resistance', dimension: 'stability', direction: 'benefit', formula: '(Δ_c − Δ_E)/|Δ_E| over t−1 → t (Martin 2012)' },
  { name: 'recovery', dimension: 'stability', direction: 'benefit', formula: '(Δ_c − Δ_E)/|Δ_E| over t → t + k (Martin 2012)' },
];

/** Per country of one model: the security components, the group's value added and participation. */
function yearFeatures(model: Model, o: z.output<typeof resilienceOptions>): LongRow[] {
  const { table, G, N } = model;
  if (table.year === undefined)
    throw new OptionError(`table ${table.source} has no year; the resilience index needs one per table`, 'models');
  const year = String(table.year);
  const ex = exposure(model, { level: 'country', sector: o.sector, sales: false }).rows;
  const out: LongRow[] = [];
  const L = model.B;
  const b = baselineOf(model, L);
  const sel = resolveSectors(table.sectors, o.sector);
  for (const r of ex) {
    if (r.country === 'World') continue;
    const country = String(r.country);
    if (r.supplier === 'foreign' && ['lt', 'supplier_hhi_lt', 'supplier_export_hhi'].includes(String(r.indicator))) {
      out.push({
        country,
        year,
        indicator: r.indicator === 'lt' ? 'lt_foreign' : String(r.indicator),
        value: typeof r.value === 'number' ? r.value : NaN,
      });
    }
    if (r.indicator === 'top_supplier_share_lt') {
      out.push({ country, year, indicator: 'top_supplier_share_lt', value: typeof r.value === 'number' ? r.value : NaN });
      const c = table.countries.indexOf(country);
      const top = table.countries.indexOf(String(r.supplier));
      let loss = NaN;
      if (top >= 0) {
        const dx = linkDelta(model, { label: `${r.supplier}:${country}`, from: top, to: [c] }, 'backward', L, b);
        let va = 0;
        let base = 0;
        for (let i = c * N; i < (c + 1) * N; i++) {
          va -= b.v[i] * dx[i];
          base += b.v[i] * b.x[i];
        }
        loss = base > 0 ? va / base : NaN;
      }
      out.push({ country, year, indicator: 'top_supplier_va_loss', value: loss });
    }
  }
  for (let c = 0; c < G; c++) {
    let va = 0;
    for (const n of sel) va += model.v[c * N + n] * model.x[c * N + n];
    out.push({ country: table.countries[c], year, indicator: 'group_va', value: va });
  }
  for (const row of indicators(model, { set: [o.participation], level: 'country' }).rows) {
    if (row.country === 'World' || row.indicator !== o.participation) continue;
    out.push({ country: String(row.country), year, indicator: 'participation', value: typeof row.value === 'number' ? row.value : NaN });
  }
  return out;
}

/** Martin (2012): (g_c − g_E)/|g_E| for the growth of group value added between two years. */
function martin(long: LongRow[], from: number, to: number, name: string): Map<string, number> {
  const va = new Map<string, number>();
  for (const r of long) if (r.indicator === 'group_va') va.set(`${r.country}\u0000${r.year}`, r.value);
  const countries = [...new Set(long.map((r) => r.country))];
  const get = (c: string, y: number) => {
    const v = va.get(`${c}\u0000${y}`);
    if (v === undefined) throw new OptionError(`${name} needs the table of ${y}; the folder has no table for that year`, 'shockYear');
    return v;
  };
  let w0 = 0;
  let w1 = 0;
  for (const c of countries) {
    w0 += get(c, from);
    w1 += get(c, to);
  }
  const gw = w1 / w0 - 1;
  if (gw === 0)
    throw new OptionError(
      `${name}: world value added did not change from ${from} to ${to}; the Martin (2012) index divides by it`,
      'shockYear',
    );
  return new Map(countries.map((c) => [c, (get(c, to) / get(c, from) - 1 - gw) / Math.abs(gw)]));
}

/** The resilience index over yearly models (one table per year). */
export function resilienceIndex(models: readonly Model[], options: ResilienceIndexOptions = {}, ctx: RunContext = {}): Result {
  const o = parseOptions(resilienceOptions, options);
  if (models.length < o.window) {
    throw new OptionError(
      `${models.length} tables for a ${o.window}-year volatility window; expected at least ${o.window} consecutive years`,
      'window',
    );
  }
  const long: LongRow[] = [];
  models.forEach((m, k) => {
    checkAbort(ctx);
    ctx.progress?.(k, models.length, String(m.table.year ?? ''));
    long.push(...yearFeatures(m, o));
  });
  const years = [...new Set(long.map((r) => Number(r.year)))].sort((a, b) => a - b);
  if (years.length !== models.length) throw new OptionError('two tables have the same year; expected one table per year', 'models');
  // A year keeps its volatility only with the full window of consecutive years behind it.
  const full = (y: number) => years.includes(y - o.window + 1) && years.filter((t) => t > y - o.window && t <= y).length === o.window;
  const vol = [
    ...volatility(long, 'participation', 'participation_volatility', o.window),
    ...volatility(long, 'group_va', 'va_volatility', o.window),
  ].filter((r) => full(Number(r.year)));
  const comps = RESILIENCE_COMPONENTS.filter((c) => o.shockYear !== undefined || !['resistance', 'recovery'].includes(c.name));
  const byKey = new Map<string, Record<string, string | number>>();
  for (const r of [...long, ...vol]) {
    if (!full(Number(r.year))) continue;
    const key = `${r.country}\u0000${r.year}`;
    let rec = byKey.get(key);
    if (!rec) byKey.set(key, (rec = { country: r.country, year: Number(r.year) }));
    rec[r.indicator] = r.value;
  }
  if (o.shockYear !== undefined) {
    const t = o.shockYear;
    const res = martin(long, t - 1, t, 'resistance');
    const rec = martin(long, t, t + o.recoveryYears, 'recovery');
    for (const r of byKey.values()) {
      r.resistance = res.get(String(r.country))!;
      r.recovery = rec.get(String(r.country))!;
    }
  }
  const panelRows = [...byKey.values()];
  const panel = panelFromRows(
    panelRows,
    { id: 'country', time: 'year', indicators: comps.map((c) => ({ name: c.name, direction: c.direction })) },
    'resilience components',
  );
  const index = computeIndex(panel, {
    methods: o.methods,
    dimensions: ['security', 'stability'].map((d) => ({ name: d, indicators: comps.filter((c) => c.dimension === d).map((c) => c.name) })),
  });
  const rows: Row[] = [];
  for (const r of panelRows) {
    for (const c of comps) {
      const v = r[c.name];
      rows.push({
        kind: 'component',
        country: r.country,
        year: r.year,
        dimension: c.dimension,
        indicator: c.name,
        direction: c.direction,
        method: '',
        value: typeof v === 'number' && Number.isFinite(v) ? v : null,
      });
    }
  }
  for (const r of index.rows) {
    for (const col of index.scoreColumns) {
      const [method, dimension = ''] = col.split(':');
      rows.push({
        kind: 'score',
        country: String(r.id),
        year: Number(r.time),
        dimension,
        indicator: 'score',
        direction: '',
        method,
        value: r[col] as number,
      });
    }
  }
  for (const [method, w] of Object.entries(index.weights ?? {})) {
    for (const c of comps) {
      if (w[c.name] !== undefined)
        rows.push({
          kind: 'weight',
          country: '',
          year: null,
          dimension: c.dimension,
          indicator: c.name,
          direction: c.direction,
          method,
          value: w[c.name],
        });
    }
  }
  for (const [method, w] of Object.entries(index.dimensionWeights ?? {})) {
    for (const [d, v] of Object.entries(w))
      rows.push({ kind: 'dimension_weight', country: '', year: null, dimension: d, indicator: '', direction: '', method, value: v });
  }
  return {
    columns: RESILIENCE_COLUMNS,
    rows,
    meta: {
      kind: 'resilience',
      method: `GVC resilience index (${o.methods.join(', ')})`,
      years: years.filter(full),
      sector: o.sector ?? null,
      window: o.window,
      shockYear: o.shockYear ?? null,
      components: comps,
      index: index.meta,
      conventions: {
        window: 'every volatility uses the same trailing window of consecutive years; earlier years are left out',
        scores: 'weights on min–max normalised components (cost components reversed); TOPSIS with entropy weights',
      },
    },
  };
}

export const resilienceAnalysis = registerAnalysis({
  id: 'resilience',
  summary: 'GVC resilience index (security and stability) over yearly tables, entropy or TOPSIS scores',
  input: 'models',
  options: resilienceOptions,
  run: (models: readonly Model[], options: ResilienceIndexOptions, ctx?: RunContext) => resilienceIndex(models, options, ctx),
});
