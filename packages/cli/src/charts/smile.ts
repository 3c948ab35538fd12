/**
 * The smile-curve chart, drawn from the smile analysis's Result with ECharts' server-side SVG
 * renderer (the engine computes the data; drawing is the front end's).
 */
import { createRequire } from 'node:module';
import type { Result } from '@catena/engine';

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
