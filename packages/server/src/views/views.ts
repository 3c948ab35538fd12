/**
 * The dashboard's views, each one Result (tidy rows `part, country, sector, partner, measure,
 * value`) composed from the engine's analyses on one Model, so a view is cached, downloaded as
 * CSV and checked against the engine like any other result.
 *
 * - profile: TiVA terms of a country's gross exports (OECD TiVA definitions, `trade/tiva.ts`),
 *   WWYZ participation, position and lengths (`indicators()`), top partners and sectors, and the
 *   lock-in quadrant of each sector.
 * - flows: value added of each origin absorbed in each destination's final demand (TiVA FD_VA),
 *   and for one exporter the origins of the value added in its gross exports, v̂ B e_s summed by
 *   origin country (it sums to the exports, since v B = 1ᵀ), and its gross exports by destination.
 * - smile: the smile curve (`smileCurve`) with a quadratic fitted to it (see fit.ts).
 */
import { OptionError, decompose, indicators, smileCurve, type Model, type Result, type Row } from '@catena/engine';
import { fitQuadratic } from './fit.js';

export const VIEW_COLUMNS = ['year', 'part', 'country', 'sector', 'partner', 'measure', 'value'];

const view = (model: Model, kind: string, rows: Row[], extra: Record<string, unknown> = {}): Result => ({
  columns: VIEW_COLUMNS,
  rows,
  meta: {
    kind: `view:${kind}`,
    unit: model.table.unit,
    source: model.table.source,
    year: model.table.year,
    conventions: model.conventions,
    ...extra,
  },
});

export function countryIndex(model: Model, country: string, option = 'country'): number {
  const g = model.table.countries.indexOf(country);
  if (g < 0) throw new OptionError(`country ${country} is not in the table; expected one of ${model.table.countries.join(', ')}`, option);
  return g;
}

const row = (
  year: number | null,
  part: string,
  country: string,
  sector: string | null,
  partner: string | null,
  measure: string,
  value: unknown,
): Row => ({
  year,
  part,
  country,
  sector,
  partner,
  measure,
  value: typeof value === 'number' && Number.isFinite(value) ? value : null,
});

/** The profile parts shown on the Country profile page. */
export function profileView(model: Model, country: string): Result {
  countryIndex(model, country);
  const year = model.table.year ?? null;
  const rows: Row[] = [];
  const tiva = decompose(model, { method: 'tiva', level: 'country', exporters: [country] });
  for (const r of tiva.rows) rows.push(row(year, 'exports', country, null, null, String(r.term), r.value));
  const bySector = decompose(model, { method: 'tiva', level: 'sector', exporters: [country] });
  for (const r of bySector.rows) {
    if (['EXGR', 'EXGR_DVA', 'EXGR_FVA'].includes(String(r.term)))
      rows.push(row(year, 'sectors', country, String(r.sector), null, String(r.term), r.value));
  }
  const bilateral = decompose(model, { method: 'tiva', level: 'bilateral', exporters: [country] });
  for (const r of bilateral.rows) {
    if (r.importer === country) continue;
    if (['EXGR', 'EXGR_DVA', 'FD_VA'].includes(String(r.term)))
      rows.push(row(year, 'partners', country, null, String(r.importer), String(r.term), r.value));
  }
  const ind = indicators(model, { level: 'country', set: ['participation', 'lengths'] });
  for (const r of ind.rows)
    if (r.country === country) rows.push(row(year, 'indicators', country, null, null, String(r.indicator), r.value));
  const lock = indicators(model, { level: 'sector', set: ['lockin'] });
  for (const r of lock.rows)
    if (r.country === country) rows.push(row(year, 'lockin', country, String(r.sector), null, String(r.indicator), r.value));
  return view(model, 'profile', rows, { country });
}

/** The measures of one year that the profile's "over time" charts draw. */
export const SERIES_MEASURES = [
  'EXGR_DVASH',
  'EXGR_FVASH',
  'gvc_participation_backward',
  'gvc_participation_forward',
  'gvc_position',
  'plv',
  'ply',
];

/** The rows of a profile that the series keeps. */
export function seriesPoint(p: Result): Row[] {
  return p.rows.filter((r) => (r.part === 'exports' || r.part === 'indicators') && SERIES_MEASURES.includes(String(r.measure)));
}

/** Bilateral value added flows, and the origins and destinations of one exporter's exports. */
export function flowsView(model: Model, exporter: string): Result {
  const s = countryIndex(model, exporter, 'exporter');
  const { G, N, GN } = model;
  const countries = model.table.countries;
  const year = model.table.year ?? null;
  const rows: Row[] = [];
  const bil = decompose(model, { method: 'tiva', level: 'bilateral' });
  for (const r of bil.rows) {
    if (r.term === 'FD_VA') rows.push(row(year, 'fdva', String(r.exporter), null, String(r.importer), 'FD_VA', r.value));
  }
  const e = new Float64Array(GN);
  for (let i = s * N; i < (s + 1) * N; i++) e[i] = model.E[i];
  const b = model.solve(e);
  for (let g = 0; g < G; g++) {
    let va = 0;
    for (let k = g * N; k < (g + 1) * N; k++) va += model.v[k] * b[k];
    rows.push(row(year, 'origins', countries[g], null, exporter, 'VA_IN_EXGR', va));
  }
  for (let r = 0; r < G; r++) {
    if (r === s) continue;
    let x = 0;
    for (let i = s * N; i < (s + 1) * N; i++) x += model.Esr.data[i + r * GN];
    rows.push(row(year, 'destinations', exporter, null, countries[r], 'EXGR', x));
  }
  return view(model, 'flows', rows, { exporter });
}

/** The smile curve of a product (country and sector) or of a country's exports, with its fit. */
export function smileView(model: Model, country: string, sector?: string): Result {
  countryIndex(model, country);
  if (sector !== undefined && !model.table.sectors.includes(sector)) {
    throw new OptionError(`sector ${sector} is not in the table; expected one of ${model.table.sectors.join(', ')}`, 'sector');
  }
  const r = smileCurve(model, { country, sector });
  const pts = r.rows.filter((x) => typeof x.stage === 'number' && typeof x.va_rate === 'number' && typeof x.value_added === 'number');
  const fit = fitQuadratic(
    pts.map((x) => x.stage as number),
    pts.map((x) => x.va_rate as number),
    pts.map((x) => x.value_added as number),
  );
  const year = model.table.year ?? null;
  const rows: Row[] = [];
  for (const x of r.rows) {
    for (const m of ['stage', 'value_added', 'share', 'va_rate'])
      rows.push(row(year, 'points', String(x.country), String(x.sector), null, m, x[m]));
  }
  if (fit) {
    rows.push(row(year, 'fit', country, sector ?? null, null, 'a', fit.a), row(year, 'fit', country, sector ?? null, null, 'b', fit.b));
    rows.push(row(year, 'fit', country, sector ?? null, null, 'c', fit.c), row(year, 'fit', country, sector ?? null, null, 'r2', fit.r2));
  }
  return view(model, 'smile', rows, { product: r.meta.product, basis: r.meta.basis, fit: fit ?? null });
}
