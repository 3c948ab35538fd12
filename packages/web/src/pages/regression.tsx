/** Regression runner: a formula with fixed effects and clusters on the indicator panel of a series (or pasted CSV) → a regression table. */
import { useState } from 'react';
import { post, viewUrl, type Result, type Row } from '../api';
import { Chart, type Option } from '../chart';
import { useChosenTable, useFetch } from '../data';
import { setParams, useParam } from '../url';
import { Figure, Loading, Message, Select, TablePicker } from '../ui';
import { PANEL_INDICATORS } from './index-builder';

interface Fit {
  fit: { n: number; r2: number; coef: Record<string, { estimate: number; se: number; t: number; p: number }> };
  markdown: string;
  html: string;
}

function parseCsv(text: string): Row[] {
  const lines = text.trim().split(/\r?\n/);
  const head = lines[0].split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(
      head.map((h, i) => {
        const v = (cells[i] ?? '').trim().replace(/^"|"$/g, '');
        return [h, v !== '' && Number.isFinite(Number(v)) ? Number(v) : v === '' ? null : v];
      }),
    );
  });
}

export function RegressionPage() {
  const { tables, entry, error } = useChosenTable();
  const [formula, setFormula] = useParam('formula', 'gvc_participation_backward ~ plv + gvc_position | country');
  const [vcov, setVcov] = useParam('vcov', 'cluster');
  const [cluster, setCluster] = useParam('cluster', 'country');
  const [source, setSource] = useParam('source', 'panel');
  const [csv, setCsv] = useState('');
  const vars = [...new Set(formula.split(/[^A-Za-z0-9_]+/).filter((w) => PANEL_INDICATORS.includes(w)))];
  const panel = useFetch<Result>(
    entry && source === 'panel' && vars.length ? viewUrl(entry.id, 'panel', { indicators: vars.join(',') }) : null,
  );
  const [fit, setFit] = useState<Fit | null>(null);
  const [err, setErr] = useState('');
  const [busy, setBusy] = useState(false);
  if (error) return <Message kind="error">{error}</Message>;
  if (!entry) return <Loading />;
  const run = async () => {
    setBusy(true);
    setErr('');
    try {
      const rows = source === 'panel' ? panel.data?.rows : parseCsv(csv);
      if (!rows?.length) throw new Error(source === 'panel' ? 'the panel has no rows yet' : 'paste a CSV with a header line');
      setFit(
        await post<Fit>('/api/regress', {
          rows,
          formula,
          vcov,
          cluster: vcov === 'cluster' && cluster ? cluster.split(',').map((c) => c.trim()) : undefined,
        }),
      );
    } catch (e) {
      setFit(null);
      setErr((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const coefs = fit ? Object.entries(fit.fit.coef) : [];
  const option: Option = {
    tooltip: { trigger: 'axis' },
    grid: { left: 160, right: 20, top: 10, bottom: 30 },
    yAxis: { type: 'category', data: coefs.map((c) => c[0]) },
    xAxis: { type: 'value', scale: true },
    series: [
      { type: 'bar', name: 'estimate', data: coefs.map((c) => c[1].estimate) },
      {
        type: 'scatter',
        name: '95% interval',
        symbolSize: 4,
        data: coefs.flatMap(([k, c]) => [
          [c.estimate - 1.96 * c.se, k],
          [c.estimate + 1.96 * c.se, k],
        ]),
      },
    ],
  };
  return (
    <>
      <section className="controls">
        <Select
          label="Data"
          value={source}
          options={[
            ['panel', "indicator panel of the table's series"],
            ['csv', 'pasted CSV'],
          ]}
          onChange={setSource}
        />
        {source === 'panel' ? <TablePicker tables={tables} value={entry.id} onChange={(v) => setParams({ table: v })} /> : null}
        <label className="field" style={{ minWidth: '28rem' }}>
          <span>Formula (y ~ x1 + x2 | fixed effects)</span>
          <input value={formula} onChange={(e) => setFormula(e.target.value)} data-testid="formula" />
        </label>
        <Select label="Standard errors" value={vcov} options={['iid', 'hc1', 'cluster']} onChange={setVcov} />
        {vcov === 'cluster' ? (
          <label className="field">
            <span>Clusters</span>
            <input value={cluster} onChange={(e) => setCluster(e.target.value)} />
          </label>
        ) : null}
        <button onClick={run} disabled={busy} data-testid="run">
          {busy ? 'Fitting…' : 'Fit'}
        </button>
      </section>
      {source === 'panel' ? (
        <p className="note">Panel variables: country, year, and the indicators named in the formula ({PANEL_INDICATORS.join(', ')}).</p>
      ) : (
        <textarea value={csv} onChange={(e) => setCsv(e.target.value)} placeholder="firm,year,inv,value,capital" />
      )}
      {panel.error ? <Message kind="error">{panel.error}</Message> : null}
      {err ? <Message kind="error">{err}</Message> : null}
      {fit ? (
        <>
          <p className="note" data-testid="nobs" data-value={fit.fit.n}>
            {fit.fit.n} observations, R² {fit.fit.r2.toFixed(4)}
          </p>
          <div className="figures">
            {coefs.map(([k, c]) => (
              <Figure key={k} id={`coef-${k}`} label={`${k} (se ${c.se.toPrecision(3)})`} value={c.estimate} />
            ))}
          </div>
          <div className="grid">
            <Chart
              id="coefficients"
              title="Coefficients with 95% intervals"
              option={option}
              data={{ columns: ['term', 'estimate', 'se', 't', 'p'], rows: coefs.map(([term, c]) => ({ term, ...c })) }}
            />
            <pre data-testid="regression-table">{fit.markdown}</pre>
          </div>
        </>
      ) : null}
    </>
  );
}
