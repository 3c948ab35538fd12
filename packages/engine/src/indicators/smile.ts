/**
 * Smile curve of a product or of a country's exports: the value added each contributing
 * country-sector captures, against its production stage (Meng, Ye & Wei 2020, "Measuring
 * smile curves in global value chains", Oxford Bulletin of Economics and Statistics).
 *
 * For a demand vector d (the final goods of one country-sector, or the gross exports of a
 * country or country-sector): b = B d, value added of i in it = v_i b_i, and the stage of i
 * = (B B d)_i / (B d)_i, the average number of production stages from i's value added to the
 * product (1 = made in the last stage). Two solves with the model's factorisation.
 * Drawing the chart is the front end's (the CLI draws it with ECharts, cli/src/charts/smile.ts).
 */
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { Result, Row } from '../results/result.js';

export const SMILE_COLUMNS = ['year', 'product', 'country', 'sector', 'stage', 'value_added', 'share', 'va_rate'];

export interface SmileOptions {
  /** Country code of the product or exporter. */
  country: string;
  /** Sector code; without it, all sectors of the country. */
  sector?: string;
  /** 'final': final goods output (default with a sector); 'exports': gross exports (default without). */
  basis?: 'final' | 'exports';
  /** Contributors below this share of the total value added are left out (default 0.001). */
  minShare?: number;
}

/** The contributors to a product's value added, with their stage, as a Result (one row each). */
export function smileCurve(model: Model, o: SmileOptions): Result {
  const t = model.table;
  const g = t.countries.indexOf(o.country);
  if (g < 0) throw new OptionError(`country '${o.country}' is not in the table; known: ${t.countries.join(', ')}`);
  let sectors: number[];
  if (o.sector !== undefined) {
    const n = t.sectors.indexOf(o.sector);
    if (n < 0) throw new OptionError(`sector '${o.sector}' is not in the table; known: ${t.sectors.join(', ')}`);
    sectors = [n];
  } else sectors = t.sectors.map((_, n) => n);
  const basis = o.basis ?? (o.sector !== undefined ? 'final' : 'exports');
  const { GN, N, v } = model;
  const d = new Float64Array(GN);
  const y = model.Yc.rowSums();
  for (const n of sectors) d[g * N + n] = basis === 'final' ? y[g * N + n] : model.E[g * N + n];
  const b = model.solve(d);
  const bb = model.solve(b);
  const contrib = b.map((bi, i) => v[i] * bi);
  const total = contrib.reduce((a, c) => a + c, 0);
  const product = `${o.country}${o.sector !== undefined ? `_${o.sector}` : ''} ${basis === 'final' ? 'final goods' : 'exports'}`;
  if (!(total > 0))
    throw new OptionError(
      `${product}: no positive value added to trace (the ${basis === 'final' ? 'final goods output' : 'gross exports'} are ${total})`,
    );
  const minShare = o.minShare ?? 0.001;
  const rows: Row[] = [];
  for (let i = 0; i < GN; i++) {
    const share = contrib[i] / total;
    if (!(b[i] > 0) || !(contrib[i] > 0) || share < minShare) continue;
    rows.push({
      year: t.year ?? null,
      product,
      country: t.countries[Math.floor(i / N)],
      sector: t.sectors[i % N],
      stage: bb[i] / b[i],
      value_added: contrib[i],
      share,
      va_rate: v[i],
    });
  }
  return {
    columns: SMILE_COLUMNS,
    rows,
    meta: {
      kind: 'smile',
      product,
      basis,
      unit: t.unit,
      source: t.source,
      year: t.year,
      totalValueAdded: total,
      minShare,
      conventions: { ...model.conventions, stage: '(B B d)_i / (B d)_i: production stages from the value added of i to the product' },
    },
  };
}
