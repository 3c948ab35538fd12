/** Index builder: indicators of a table's series → weights → scores, with the weights shown. */
import { useEffect, useMemo, useState } from 'react';
import { post, viewUrl, type Result, type Row } from '../api';
import { Chart, type Option } from '../chart';
import { useChosenTable, useFetch } from '../data';
import { setParams, useParam } from '../url';
import { DataTable, Loading, Message, Select, TablePicker } from '../ui';

export const PANEL_INDICATORS = [
  'gvc_participation_backward',
  'gvc_participation_forward',
  'gvc_participation_backward_complex',
  'gvc_participation_forward_complex',
  'gvc_position',
  'plv',
  'ply',
  'upstreamness',
  'downstreamness',
  'chain_foreign_share',
  'chain_effective_origins',
];
const METHODS = ['entropy', 'critic', 'pca', 'equal', 'topsis'];

interface IndexAnswer extends Result {
  weights: Record<string, Record<string, number>>;
}

export function IndexPage() {
  const { tables, entry, error } = useChosenTable();
  const [benefit] = useParam('benefit', 'gvc_participation_backward,gvc_participation_forward,gvc_position');
  const [cost] = useParam('cost', '');
  const [method, setMethod] = useParam('method', 'entropy');
  const b = benefit.split(',').filter(Boolean);
  const c = cost.split(',').filter(Boolean);
  const all = [...b, ...c];
  const panel = useFetch<Result>(entry && all.length ? viewUrl(entry.id, 'panel', { indicators: all.join(',') }) : null);
  const [answer, setAnswer] = useState<IndexAnswer | null>(null);
  const [err, setErr] = useState('');
  useEffect(() => {
    if (!panel.data) return;
    setErr('');
    post<IndexAnswer>('/api/index', { rows: panel.data.rows, id: 'country', time: 'year', benefit: b, cost: c, methods: [method] }).then(
      setAnswer,
      (e: Error) => {
        setAnswer(null);
        setErr(e.message);
      },
    );
  }, [panel.data, method, benefit, cost]);
  const charts = useMemo(() => (answer ? indexCharts(answer, method) : null), [answer, method]);
  if (error) return <Message kind="error">{error}</Message>;
  if (!entry) return <Loading />;
  const toggle = (ind: string, dir: 'benefit' | 'cost' | '') => {
    const nb = b.filter((x) => x !== ind);
    const nc = c.filter((x) => x !== ind);
    if (dir === 'benefit') nb.push(ind);
    if (dir === 'cost') nc.push(ind);
    setParams({ benefit: nb.join(','), cost: nc.join(',') });
  };
  return (
    <>
      <section className="controls">
        <TablePicker tables={tables} value={entry.id} onChange={(v) => setParams({ table: v })} />
        <Select label="Weights and score" value={method} options={METHODS} onChange={setMethod} testId="method" />
      </section>
      <p className="note">
        Indicators (country level, every year of the table's series): more is better (benefit), less is better (cost), or left out.
      </p>
      <section className="controls">
        {PANEL_INDICATORS.map((ind) => (
          <Select
            key={ind}
            label={ind}
            value={b.includes(ind) ? 'benefit' : c.includes(ind) ? 'cost' : ''}
            options={[['', '—'], 'benefit', 'cost']}
            onChange={(v) => toggle(ind, v as 'benefit' | 'cost' | '')}
            testId={`ind-${ind}`}
          />
        ))}
      </section>
      {all.length === 0 ? <Message>Choose at least one indicator.</Message> : null}
      {panel.error ? <Message kind="error">{panel.error}</Message> : null}
      {err ? <Message kind="error">{err}</Message> : null}
      {panel.loading ? <Loading /> : null}
      {answer && charts ? (
        <>
          <div className="grid">
            <Chart
              id={`weights-${method}`}
              title={`Weights (${method === 'topsis' ? 'entropy, used by TOPSIS' : method})`}
              {...charts.weights}
            />
            <Chart id={`scores-${method}`} title="Scores" {...charts.scores} />
          </div>
          <DataTable columns={answer.columns} rows={answer.rows} />
        </>
      ) : null}
    </>
  );
}

function indexCharts(a: IndexAnswer, method: string) {
  const wm = method === 'topsis' ? 'entropy' : method;
  const w = a.weights?.[wm] ?? {};
  const wRows: Row[] = Object.entries(w).map(([indicator, weight]) => ({ indicator, weight }));
  const weights: Option = {
    tooltip: { trigger: 'axis' },
    grid: { left: 180, right: 20, top: 10, bottom: 30 },
    yAxis: { type: 'category', data: wRows.map((r) => String(r.indicator)) },
    xAxis: { type: 'value' },
    series: [
      {
        type: 'bar',
        data: wRows.map((r) => r.weight as number),
        label: { show: true, position: 'right', formatter: (p: unknown) => (p as { value: number }).value.toFixed(3) },
      },
    ],
  };
  const times = [...new Set(a.rows.map((r) => String(r.time)))].sort();
  const last = times.at(-1);
  const sc = a.rows.filter((r) => String(r.time) === last).sort((x, y) => Number(y[method]) - Number(x[method]));
  const scores: Option = {
    tooltip: { trigger: 'axis' },
    grid: { left: 50, right: 10, top: 10, bottom: 40 },
    xAxis: { type: 'category', data: sc.map((r) => String(r.id)), axisLabel: { rotate: 60, fontSize: 9 } },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', name: `${method} ${last}`, data: sc.map((r) => r[method] as number) }],
  };
  return {
    weights: { option: weights, data: { columns: ['indicator', 'weight'], rows: wRows } },
    scores: { option: scores, data: { columns: a.columns, rows: sc } },
  };
}
