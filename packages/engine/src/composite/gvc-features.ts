/**
 * Country-year features of GVC outputs that the GVC resilience index uses: ratios of two terms,
 * the concentration of foreign suppliers, and volatility over the years. Each returns long rows
 * (country, year, indicator, value), ready for joinGvc.
 */
import { OptionError } from '../errors.js';
import type { Result } from '../results/result.js';
import { longRows, type LongRow } from './join.js';

/**
 * value = numerator / denominator per country and year (e.g. DVA / GEXP, GVC / GEXP). A zero
 * denominator gives a missing value (NaN), reported by computeIndex if the indicator is used.
 */
export function gvcRatio(
  r: Pick<Result, 'columns' | 'rows'> | readonly LongRow[],
  numerator: string,
  denominator: string,
  name: string,
): LongRow[] {
  const rows = Array.isArray(r) ? (r as readonly LongRow[]) : longRows(r as Pick<Result, 'columns' | 'rows'>);
  const num = new Map<string, number>();
  const den = new Map<string, number>();
  const order: string[] = [];
  for (const x of rows) {
    const key = `${x.country}\u0000${x.year}`;
    if (x.indicator === numerator) num.set(key, x.value);
    else if (x.indicator === denominator) den.set(key, x.value);
    else continue;
    if (!order.includes(key)) order.push(key);
  }
  if (num.size === 0) throw new OptionError(`no rows of term '${numerator}'; expected it among the GVC rows`);
  if (den.size === 0) throw new OptionError(`no rows of term '${denominator}'; expected it among the GVC rows`);
  return order.map((key) => {
    const [country, year] = key.split('\u0000');
    const a = num.get(key);
    const b = den.get(key);
    return { country, year, indicator: name, value: a !== undefined && b !== undefined && b !== 0 ? a / b : NaN };
  });
}

/** One flow from a supplier (source) country into a country's production or exports. */
export interface SupplierFlow {
  country: string;
  year: string | number;
  supplier: string;
  value: number;
}

/**
 * Concentration of a country's foreign suppliers per year, from flows by supplier (e.g. foreign
 * value added in exports by source country); the country's own flow, if present, is left out:
 *   s_k = v_k / Σ_l v_l,  supplier_hhi = Σ_k s_k²,  top_supplier_share = max_k s_k.
 * Negative flows are an error; a country-year with no positive foreign flow gives NaN.
 */
export function supplierConcentration(flows: readonly SupplierFlow[]): LongRow[] {
  const groups = new Map<string, number[]>();
  for (const f of flows) {
    if (f.supplier === f.country) continue;
    if (!(f.value >= 0)) {
      throw new OptionError(`supplier flow ${f.supplier} → ${f.country} (${f.year}) is ${f.value}; expected a non-negative number`);
    }
    const key = `${f.country}\u0000${f.year}`;
    const g = groups.get(key);
    if (g) g.push(f.value);
    else groups.set(key, [f.value]);
  }
  const out: LongRow[] = [];
  for (const [key, v] of groups) {
    const [country, year] = key.split('\u0000');
    const total = v.reduce((s, x) => s + x, 0);
    let hhi = NaN;
    let top = NaN;
    if (total > 0) {
      hhi = v.reduce((s, x) => s + (x / total) ** 2, 0);
      top = Math.max(...v) / total;
    }
    out.push({ country, year, indicator: 'supplier_hhi', value: hhi }, { country, year, indicator: 'top_supplier_share', value: top });
  }
  return out;
}

/**
 * Volatility of one indicator over the years, per country: the sample standard deviation of the
 * year-on-year growth rates g_t = x_t / x_{t−1} − 1 over the trailing `window` years ending at t
 * (so at most window − 1 growth rates; consecutive years only). Years with fewer than two growth
 * rates in the window, or a zero base, give NaN (missing).
 */
export function volatility(rows: readonly LongRow[], indicator: string, name: string, window = 5): LongRow[] {
  if (!(Number.isInteger(window) && window >= 3)) {
    throw new OptionError(`volatility window ${window}; expected an integer ≥ 3 (two growth rates at least)`);
  }
  const byCountry = new Map<string, Map<number, number>>();
  for (const r of rows) {
    if (r.indicator !== indicator) continue;
    const y = Number(r.year);
    if (!Number.isInteger(y)) throw new OptionError(`volatility needs integer years; found '${r.year}' for ${r.country}`);
    let m = byCountry.get(r.country);
    if (!m) byCountry.set(r.country, (m = new Map()));
    m.set(y, r.value);
  }
  if (byCountry.size === 0) throw new OptionError(`no rows of indicator '${indicator}'; expected it among the GVC rows`);
  const out: LongRow[] = [];
  for (const [country, series] of byCountry) {
    for (const y of [...series.keys()].sort((a, b) => a - b)) {
      const g: number[] = [];
      for (let t = y - window + 2; t <= y; t++) {
        const a = series.get(t - 1);
        const b = series.get(t);
        if (a !== undefined && b !== undefined && a !== 0 && Number.isFinite(a) && Number.isFinite(b)) g.push(b / a - 1);
      }
      let sd = NaN;
      if (g.length >= 2) {
        const mean = g.reduce((s, x) => s + x, 0) / g.length;
        sd = Math.sqrt(g.reduce((s, x) => s + (x - mean) ** 2, 0) / (g.length - 1));
      }
      out.push({ country, year: String(y), indicator: name, value: sd });
    }
  }
  return out;
}
