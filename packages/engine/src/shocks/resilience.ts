/**
 * The GVC resilience index fed straight from input-output tables: per country and year, the
 * security indicators from the value added embodied in the country's output by origin country,
 * and the stability indicators from the yearly series of GVC participation and value added.
 * Indicator names match GVC_RESILIENCE_TEMPLATE. It lives with the analyses (it reads Models);
 * composite/ stays independent of tables. The index with look-through security and shock-based
 * stability components is resilience-index.ts.
 */
import { OptionError } from '../errors.js';
import { valueAddedOrigins } from '../indicators/chain.js';
import { indicators } from '../indicators/indicators.js';
import type { Model } from '../model/model.js';
import { supplierConcentration, volatility, type SupplierFlow } from '../composite/gvc-features.js';
import type { LongRow } from '../composite/join.js';

export interface ResilienceOptions {
  /** The `catena indicators` id whose volatility is the participation indicator (default gvc_participation_backward). */
  participation?: string;
  /** Years in the volatility window (default 5, at least 3). */
  window?: number;
}

/**
 * Long rows of one table (its year from the table): supplier_hhi and top_supplier_share (shares of
 * the foreign origins of the value added embodied in the country's output, O = (v̂ B)·x̂ summed by
 * origin country — supplier_hhi equals `catena indicators` chain_hhi), domestic_va_share (domestic
 * value added / all value added embodied in the country's output = 1 − chain_foreign_share),
 * value_added (Σ VA of the country's sectors) and the participation indicator.
 */
export function resilienceFeatures(model: Model, participation = 'gvc_participation_backward'): LongRow[] {
  const { G, N, table } = model;
  if (table.year === undefined) throw new OptionError(`table ${table.source ?? ''} has no year; the resilience index needs one per table`);
  const year = String(table.year);
  const O = valueAddedOrigins(model);
  const flows: SupplierFlow[] = [];
  const out: LongRow[] = [];
  for (let c = 0; c < G; c++) {
    const country = table.countries[c];
    const byOrigin = new Float64Array(G);
    let va = 0;
    for (let j = c * N; j < (c + 1) * N; j++) {
      for (let r = 0; r < G; r++) byOrigin[r] += O.data[r + j * G];
      va += model.va[j];
    }
    const total = byOrigin.reduce((s, x) => s + x, 0);
    byOrigin.forEach((value, r) => flows.push({ country, year, supplier: table.countries[r], value: Math.max(0, value) }));
    out.push({ country, year, indicator: 'domestic_va_share', value: total > 0 ? byOrigin[c] / total : NaN });
    out.push({ country, year, indicator: 'value_added', value: va });
  }
  out.push(...supplierConcentration(flows));
  const part = indicators(model, { set: [participation], level: 'country' });
  for (const row of part.rows) {
    const v = row.value;
    out.push({ country: String(row.country), year, indicator: participation, value: typeof v === 'number' ? v : NaN });
  }
  return out;
}

/**
 * Rows for GVC_RESILIENCE_TEMPLATE from yearly models (one per year): the security indicators of
 * each year and the volatilities of participation and value added over the trailing window. Years
 * too early for a volatility (fewer than two growth rates) are left out, so the panel is complete.
 */
export function resilienceTable(models: readonly Model[], o: ResilienceOptions = {}): Record<string, string | number>[] {
  const participation = o.participation ?? 'gvc_participation_backward';
  const window = o.window ?? 5;
  const long = models.flatMap((m) => resilienceFeatures(m, participation));
  const rows = [
    ...long.filter((r) => ['supplier_hhi', 'top_supplier_share', 'domestic_va_share'].includes(r.indicator)),
    ...volatility(long, participation, 'participation_volatility', window),
    ...volatility(long, 'value_added', 'va_volatility', window),
  ];
  const byKey = new Map<string, Record<string, string | number>>();
  for (const r of rows) {
    const key = `${r.country}\u0000${r.year}`;
    let rec = byKey.get(key);
    if (!rec) byKey.set(key, (rec = { country: r.country, year: Number(r.year) }));
    rec[r.indicator] = r.value;
  }
  return [...byKey.values()].filter((r) => Number.isFinite(r.participation_volatility) && Number.isFinite(r.va_volatility));
}
