/**
 * One ECharts chart with its downloads: PNG (canvas), SVG (the same option drawn again by the SVG
 * renderer) and the chart's data as CSV. Only the ECharts modules used here are bundled.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, ChordChart, LineChart, MapChart, SankeyChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import type { Row } from './api';
import { download, downloadText, toCsv } from './data';

echarts.use([
  BarChart,
  ChordChart,
  LineChart,
  MapChart,
  SankeyChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
  SVGRenderer,
]);

export { echarts };
export type Option = Parameters<echarts.ECharts['setOption']>[0];

export interface ChartProps {
  id: string;
  title: string;
  option: Option;
  data: { columns: string[]; rows: Row[] };
  height?: number;
}

export function Chart({ id, title, option, data, height = 320 }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, null, { renderer: 'canvas' });
    chart.current = c;
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ animation: false, ...(option as object) }, true);
  }, [option]);

  const png = () =>
    chart.current && download(`${id}.png`, chart.current.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }));
  const svg = () => {
    const box = el.current!;
    const div = document.createElement('div');
    const c = echarts.init(div, null, { renderer: 'svg', width: box.clientWidth || 800, height });
    c.setOption({ animation: false, ...(option as object) });
    downloadText(`${id}.svg`, c.renderToSVGString(), 'image/svg+xml');
    c.dispose();
  };
  return (
    <figure className="chart" data-chart={id}>
      <figcaption>
        <span>{title}</span>
        <span className="tools">
          <button onClick={png}>PNG</button>
          <button onClick={svg}>SVG</button>
          <button onClick={() => downloadText(`${id}.csv`, toCsv(data.columns, data.rows))}>CSV</button>
        </span>
      </figcaption>
      <div ref={el} style={{ height }} />
    </figure>
  );
}
