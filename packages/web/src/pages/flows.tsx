/** Value flows: bilateral value added (chord), origin → exporter → destination (Sankey), world map. */
import { useEffect, useMemo, useState } from 'react';
import { viewUrl, type Result, type Row } from '../api';
import { Chart, echarts, type Option } from '../chart';
import { pick, useChosenTable, useFetch } from '../data';
import { setParams } from '../url';
import { Figure, Loading, Message, Select, TablePicker } from '../ui';

const num = (r: Row) => (typeof r.value === 'number' ? r.value : 0);
let worldLoaded: Promise<void> | null = null;

function useWorld(): boolean {
  const [ok, setOk] = useState(false);
  useEffect(() => {
    worldLoaded ??= fetch('/world.json')
      .then((r) => r.json())
      .then((geo) => echarts.registerMap('world', geo));
    void worldLoaded.then(() => setOk(true));
  }, []);
  return ok;
}

export function FlowsPage() {
  const { tables, entry, error } = useChosenTable();
  const exporter = new URLSearchParams(location.search).get('exporter') ?? entry?.countries[0] ?? '';
  const topN = Number(new URLSearchParams(location.search).get('top') ?? 10);
  const valid = entry && entry.countries.includes(exporter);
  const flows = useFetch<Result>(valid ? viewUrl(entry.id, 'flows', { exporter }) : null);
  const world = useWorld();
  const charts = useMemo(() => (flows.data ? flowCharts(flows.data, exporter, topN) : null), [flows.data, exporter, topN]);
  if (error) return <Message kind="error">{error}</Message>;
  if (!entry) return <Loading />;
  const f = flows.data;
  const sum = (part: string) => pick(f, part).reduce((a, r) => a + num(r), 0);
  return (
    <>
      <section className="controls">
        <TablePicker tables={tables} value={entry.id} onChange={(v) => setParams({ table: v, exporter: undefined })} />
        <Select
          label="Exporter"
          value={exporter}
          options={entry.countries}
          onChange={(v) => setParams({ exporter: v })}
          testId="exporter"
        />
        <Select label="Countries shown" value={String(topN)} options={['5', '10', '15', '20']} onChange={(v) => setParams({ top: v })} />
      </section>
      {flows.error ? <Message kind="error">{flows.error}</Message> : null}
      {flows.loading ? <Loading /> : null}
      {f && charts ? (
        <>
          <div className="figures">
            <Figure id="exports" label={`${exporter} gross exports`} value={sum('destinations')} unit={entry.unit} />
            <Figure id="va-in-exports" label="Value added in them (all origins)" value={sum('origins')} unit={entry.unit} />
            <Figure
              id="domestic-va"
              label={`of which ${exporter}'s own`}
              value={num(pick(f, 'origins').find((r) => r.country === exporter) ?? { value: 0 })}
              unit={entry.unit}
            />
          </div>
          <div className="grid">
            <Chart
              id={`sankey-${exporter}`}
              title={`Origin of value added → ${exporter} → destination of its exports`}
              {...charts.sankey}
              height={420}
            />
            <Chart
              id="chord-fdva"
              title="Value added absorbed abroad: origin ↔ destination final demand (FD_VA)"
              {...charts.chord}
              height={420}
            />
            {world ? (
              <Chart
                id={`map-${exporter}`}
                title={`${exporter}'s value added absorbed in each country's final demand`}
                {...charts.map}
                height={420}
              />
            ) : (
              <Loading />
            )}
          </div>
        </>
      ) : null}
    </>
  );
}

function flowCharts(f: Result, exporter: string, topN: number) {
  const origins = pick(f, 'origins').sort((a, b) => num(b) - num(a));
  const dests = pick(f, 'destinations').sort((a, b) => num(b) - num(a));
  const fold = (rows: Row[], key: 'country' | 'partner') => {
    const head = rows.slice(0, topN).map((r) => ({ name: String(r[key]), value: num(r) }));
    const rest = rows.slice(topN).reduce((a, r) => a + num(r), 0);
    return rest > 0 ? [...head, { name: 'others', value: rest }] : head;
  };
  const o = fold(origins, 'country');
  const d = fold(dests, 'partner');
  const sankey: Option = {
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'sankey',
        left: 10,
        right: 90,
        nodeGap: 6,
        data: [...o.map((x) => ({ name: `${x.name} (VA)` })), { name: exporter }, ...d.map((x) => ({ name: `${x.name} (dest.)` }))],
        links: [
          ...o.map((x) => ({ source: `${x.name} (VA)`, target: exporter, value: x.value })),
          ...d.map((x) => ({ source: exporter, target: `${x.name} (dest.)`, value: x.value })),
        ],
        label: { fontSize: 10 },
      },
    ],
  };
  const fd = pick(f, 'fdva').filter((r) => r.country !== r.partner);
  const abroad = new Map<string, number>();
  for (const r of fd) abroad.set(String(r.country), (abroad.get(String(r.country)) ?? 0) + num(r));
  const top = [...abroad.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topN)
    .map((x) => x[0]);
  const chord: Option = {
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'chord',
        data: top.map((name) => ({ name })),
        links: fd
          .filter((r) => top.includes(String(r.country)) && top.includes(String(r.partner)))
          .map((r) => ({ source: String(r.country), target: String(r.partner), value: num(r) })),
        label: { show: true, fontSize: 10 },
        lineStyle: { color: 'source', opacity: 0.4 },
      },
    ],
  };
  const mine = pick(f, 'fdva').filter((r) => r.country === exporter && r.partner !== exporter);
  const max = Math.max(1e-12, ...mine.map(num));
  const map: Option = {
    tooltip: { trigger: 'item' },
    visualMap: { min: 0, max, left: 10, bottom: 10, calculable: true, inRange: { color: ['#e0ecf4', '#08519c'] } },
    series: [
      {
        type: 'map',
        map: 'world',
        roam: true,
        data: mine.map((r) => ({ name: String(r.partner), value: num(r) })),
        emphasis: { label: { show: false } },
      },
    ],
  };
  return {
    sankey: { option: sankey, data: { columns: f.columns, rows: [...origins, ...dests] } },
    chord: { option: chord, data: { columns: f.columns, rows: fd } },
    map: { option: map, data: { columns: f.columns, rows: mine } },
  };
}
