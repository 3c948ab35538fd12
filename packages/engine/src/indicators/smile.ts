/**
 * Smile curve of a product or of a country's exports: the value added each contributing
 * country-sector captures, against its production stage (Meng, Ye & Wei 2020, "Measuring
 * smile curves in global value chains", Oxford Bulletin of Economics and Statistics).
 *
 * For a demand vector d (the final goods of one country-sector, or the gross exports of a
 * country or country-sector): b = B d, value added of i in it = v_i b_i, and the stage of i
 * = (B B d)_i / (B d)_i, the average number of production stages from i's value added to the
 * product (1 = made in the last stage). Two solves with the model's factorisation.
 * The chart is drawn by ECharts' server-side SVG renderer.
 */
import { createRequire } from 'node:module';
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

export interface SmileChartOptions {
  width?: number;
  height?: number;
  /** How many countries get their own series (the rest are 'other'); default 8. */
  maxSeries?: number;
  /** Contributors with at least this share are labelled on the chart (default 0.05). */
  labelShare?: number;
}

/**
 * SVG chart of a smile curve: one scatter series per contributing country (largest first), x the
 * production stage (upstream on the left, final stage on the right), y the share of the
 * product's value added, symbol area growing with the share.
 */
export function smileChartSvg(r: Result, o: SmileChartOptions = {}): string {
  const width = o.width ?? 900;
  const height = o.height ?? 560;
  const byCountry = new Map<string, number>();
  for (const row of r.rows) byCountry.set(String(row.country), (byCountry.get(String(row.country)) ?? 0) + Number(row.share));
  const ranked = [...byCountry.entries()].sort((a, b) => b[1] - a[1]).map((e) => e[0]);
  const keep = new Set(ranked.slice(0, o.maxSeries ?? 8));
  const names = [...ranked.filter((c) => keep.has(c)), ...(ranked.some((c) => !keep.has(c)) ? ['other'] : [])];
  const series = names.map((name) => ({
    name,
    type: 'scatter' as const,
    data: r.rows
      .filter((row) => (name === 'other' ? !keep.has(String(row.country)) : row.country === name))
      .map((row) => ({
        name: `${row.country}_${row.sector}`,
        value: [Number(row.stage), 100 * Number(row.share)],
        // Name the large contributors on the chart itself.
        label: { show: Number(row.share) >= (o.labelShare ?? 0.05), formatter: '{b}', position: 'top' as const, fontSize: 10 },
      })),
    symbolSize: (val: number[]) => Math.max(4, Math.min(40, 4 * Math.sqrt(val[1]) * 2)),
  }));
  // ECharts is loaded on first use: it is large, and only charts need it.
  const echarts = createRequire(import.meta.url)('echarts') as typeof import('echarts');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      title: { text: `Smile curve: ${String(r.meta.product)}${r.meta.year ? ` (${String(r.meta.year)})` : ''}`, left: 'center' },
      legend: { top: 32, data: names },
      grid: { top: 80, left: 70, right: 30, bottom: 60 },
      xAxis: {
        type: 'value',
        name: 'production stage (stages from final product; upstream ← → downstream)',
        nameLocation: 'middle',
        nameGap: 32,
        inverse: true,
        scale: true,
      },
      yAxis: { type: 'value', name: 'share of value added (%)', nameLocation: 'middle', nameGap: 48 },
      series,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
