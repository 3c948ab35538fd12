/** Country profile, TiVA-style: value added in exports, participation, position and length over time, partners, sectors, lock-in. */
import { useMemo } from 'react';
import { viewUrl, type Result, type Row } from '../api';
import { Chart, type Option } from '../chart';
import { pick, useChosenTable, useFetch, value } from '../data';
import { setParams } from '../url';
import { Figure, Loading, Message, Select, TablePicker } from '../ui';

const num = (r: Row) => (typeof r.value === 'number' ? r.value : 0);

export function ProfilePage() {
  const { tables, entry, error } = useChosenTable();
  const country = new URLSearchParams(location.search).get('country') ?? entry?.countries[0] ?? '';
  const valid = entry && entry.countries.includes(country);
  const prof = useFetch<Result>(valid ? viewUrl(entry.id, 'profile', { country }) : null);
  const series = useFetch<Result>(valid ? viewUrl(entry.id, 'profile-series', { country }) : null);
  const p = prof.data;
  const charts = useMemo(() => (p ? profileCharts(p, country) : null), [p, country]);
  const time = useMemo(() => (series.data ? seriesCharts(series.data) : null), [series.data]);
  if (error) return <Message kind="error">{error}</Message>;
  if (!entry) return <Loading />;
  return (
    <>
      <section className="controls">
        <TablePicker tables={tables} value={entry.id} onChange={(v) => setParams({ table: v, country: undefined })} />
        <Select label="Country" value={country} options={entry.countries} onChange={(v) => setParams({ country: v })} testId="country" />
      </section>
      {!valid ? <Message kind="error">Country {country} is not in this table.</Message> : null}
      {prof.error ? <Message kind="error">{prof.error}</Message> : null}
      {prof.loading ? <Loading /> : null}
      {p && charts ? (
        <>
          <div className="figures">
            <Figure id="EXGR" label="Gross exports" value={value(p, 'exports', 'EXGR')} unit={entry.unit} />
            <Figure id="EXGR_DVA" label="Domestic VA in exports" value={value(p, 'exports', 'EXGR_DVA')} unit={entry.unit} />
            <Figure id="EXGR_FVA" label="Foreign VA in exports" value={value(p, 'exports', 'EXGR_FVA')} unit={entry.unit} />
            <Figure id="EXGR_DVASH" label="DVA share of exports, %" value={value(p, 'exports', 'EXGR_DVASH')} />
            <Figure
              id="gvc_participation_backward"
              label="Backward participation"
              value={value(p, 'indicators', 'gvc_participation_backward')}
            />
            <Figure
              id="gvc_participation_forward"
              label="Forward participation"
              value={value(p, 'indicators', 'gvc_participation_forward')}
            />
            <Figure id="gvc_position" label="GVC position (plv/ply, GVC)" value={value(p, 'indicators', 'gvc_position')} />
            <Figure id="ply" label="Production length (ply)" value={value(p, 'indicators', 'ply')} />
          </div>
          <div className="grid">
            <Chart id={`dva-fva-${country}`} title="Domestic and foreign value added in gross exports, by sector" {...charts.sectors} />
            <Chart id={`partners-${country}`} title="Top partners: gross exports and their domestic value added" {...charts.partners} />
            {time ? <Chart id={`participation-${country}`} title="GVC participation over time" {...time.participation} /> : null}
            {time ? <Chart id={`position-${country}`} title="Position and length over time" {...time.position} /> : null}
            <Chart
              id={`lockin-${country}`}
              title="Lock-in quadrant of each sector (relative to the world, 1 = world)"
              {...charts.lockin}
              height={380}
            />
          </div>
        </>
      ) : null}
    </>
  );
}

function profileCharts(p: Result, _country: string) {
  const sectorRows = pick(p, 'sectors');
  const sectors = [...new Set(sectorRows.map((r) => String(r.sector)))];
  const by = (m: string) => sectors.map((s) => num(sectorRows.find((r) => r.sector === s && r.measure === m) ?? { value: 0 }));
  const sectorsOpt: Option = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 60, right: 10, top: 30, bottom: 60 },
    xAxis: { type: 'category', data: sectors, axisLabel: { rotate: 60, fontSize: 9 } },
    yAxis: { type: 'value' },
    series: [
      { name: 'EXGR_DVA', type: 'bar', stack: 'va', data: by('EXGR_DVA') },
      { name: 'EXGR_FVA', type: 'bar', stack: 'va', data: by('EXGR_FVA') },
    ],
  };
  const partnerRows = pick(p, 'partners');
  const top = partnerRows
    .filter((r) => r.measure === 'EXGR')
    .sort((a, b) => num(b) - num(a))
    .slice(0, 12)
    .map((r) => String(r.partner));
  const pv = (m: string) => top.map((c) => num(partnerRows.find((r) => r.partner === c && r.measure === m) ?? { value: 0 }));
  const partnersOpt: Option = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 60, right: 10, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: top },
    yAxis: { type: 'value' },
    series: [
      { name: 'EXGR', type: 'bar', data: pv('EXGR') },
      { name: 'EXGR_DVA', type: 'bar', data: pv('EXGR_DVA') },
    ],
  };
  const lock = pick(p, 'lockin');
  const lockSectors = [...new Set(lock.map((r) => String(r.sector)))];
  const lv = (s: string, m: string) => lock.find((r) => r.sector === s && r.measure === m)?.value ?? null;
  const points = lockSectors
    .map((s) => ({ name: s, value: [lv(s, 'lockin_participation'), lv(s, 'lockin_position')] }))
    .filter((d) => d.value.every((v) => typeof v === 'number'));
  const lockinOpt: Option = {
    tooltip: {
      formatter: (x: unknown) => {
        const d = x as { name: string; value: number[] };
        return `${d.name}: participation ${d.value[0].toFixed(3)}, position ${d.value[1].toFixed(3)}`;
      },
    },
    grid: { left: 60, right: 20, top: 20, bottom: 50 },
    xAxis: { type: 'value', name: 'participation / world', nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { type: 'value', name: 'position / world', nameLocation: 'middle', nameGap: 40, scale: true },
    series: [
      {
        type: 'scatter',
        data: points,
        label: { show: true, formatter: '{b}', position: 'right', fontSize: 9 },
        markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed' }, data: [{ xAxis: 1 }, { yAxis: 1 }] },
      },
    ],
  };
  return {
    sectors: { option: sectorsOpt, data: { columns: p.columns, rows: sectorRows } },
    partners: { option: partnersOpt, data: { columns: p.columns, rows: partnerRows } },
    lockin: { option: lockinOpt, data: { columns: p.columns, rows: lock } },
  };
}

function seriesCharts(s: Result) {
  const years = [...new Set(s.rows.map((r) => Number(r.year)))].sort((a, b) => a - b);
  const line = (ms: string[]): Option => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 50, right: 10, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value', scale: true },
    series: ms.map((m) => ({
      name: m,
      type: 'line',
      data: years.map((y) => s.rows.find((r) => Number(r.year) === y && r.measure === m)?.value ?? null),
    })),
  });
  return {
    participation: {
      option: line(['gvc_participation_backward', 'gvc_participation_forward']),
      data: { columns: s.columns, rows: s.rows.filter((r) => String(r.measure).startsWith('gvc_participation')) },
    },
    position: {
      option: line(['gvc_position', 'plv', 'ply']),
      data: { columns: s.columns, rows: s.rows.filter((r) => ['gvc_position', 'plv', 'ply'].includes(String(r.measure))) },
    },
  };
}
