/**
 * Scenarios and network: forms generated from the registered analyses' option schemas (JSON
 * Schema from GET /api/analyses). Until the shocks and network analyses are registered the page
 * says so.
 */
import { useState } from 'react';
import { post, type Result } from '../api';
import { Chart, type Option } from '../chart';
import { useChosenTable, useFetch } from '../data';
import { setParams, useParam } from '../url';
import { DataTable, Loading, Message, Select, TablePicker } from '../ui';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  enum?: string[];
  default?: unknown;
  items?: JsonSchema;
}
interface AnalysisInfo {
  id: string;
  summary: string;
  input: string;
  options: JsonSchema;
}

const KINDS = {
  scenario: { match: /shock|extract|exposure|resilien|scenario/, what: 'scenario analyses (shocks, hypothetical extraction, exposure)' },
  network: { match: /network|centralit|linkage|embodied/, what: 'network analyses (value-added network, centralities, linkages)' },
};

export function RunnerPage({ kind }: { kind: keyof typeof KINDS }) {
  const list = useFetch<{ analyses: AnalysisInfo[] }>('/api/analyses');
  const { tables, entry } = useChosenTable();
  const [chosen] = useParam('analysis');
  const [optsText, setOpts] = useParam('options', '{}');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const mine = (list.data?.analyses ?? []).filter((a) => KINDS[kind].match.test(a.id) && a.input === 'model');
  if (list.loading || !entry) return <Loading />;
  if (list.error) return <Message kind="error">{list.error}</Message>;
  if (mine.length === 0) {
    return (
      <Message>The {KINDS[kind].what} are not registered in this build of Catena yet; this page lists them as soon as they are.</Message>
    );
  }
  const a = mine.find((x) => x.id === chosen) ?? mine[0];
  let opts: Record<string, unknown> = {};
  try {
    opts = JSON.parse(optsText);
  } catch {
    opts = {};
  }
  const setOpt = (k: string, v: unknown) => setOpts(JSON.stringify({ ...opts, [k]: v === '' ? undefined : v }));
  const run = async () => {
    setBusy(true);
    setError('');
    try {
      setResult(await post<Result>(`/api/analyses/${a.id}/run`, { table: entry.id, options: opts, mode: 'sync' }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <section className="controls">
        <TablePicker tables={tables} value={entry.id} onChange={(v) => setParams({ table: v })} />
        <Select
          label="Analysis"
          value={a.id}
          options={mine.map((x) => [x.id, `${x.id}: ${x.summary}`] as [string, string])}
          onChange={(v) => setParams({ analysis: v, options: undefined })}
          testId="analysis"
        />
      </section>
      <section className="controls">
        {Object.entries(a.options.properties ?? {}).map(([k, s]) => (
          <OptionInput key={k} name={k} schema={s} value={opts[k]} onChange={(v) => setOpt(k, v)} />
        ))}
        <button onClick={run} disabled={busy} data-testid="run">
          {busy ? 'Running…' : 'Run'}
        </button>
      </section>
      {error ? <Message kind="error">{error}</Message> : null}
      {result ? <ResultView id={a.id} r={result} /> : null}
    </>
  );
}

function OptionInput({
  name,
  schema,
  value,
  onChange,
}: {
  name: string;
  schema: JsonSchema;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const title = schema.description ?? name;
  if (schema.enum)
    return <Select label={name} value={String(value ?? schema.default ?? '')} options={['', ...schema.enum]} onChange={onChange} />;
  if (schema.type === 'boolean') {
    return (
      <label className="field" title={title}>
        <span>{name}</span>
        <input type="checkbox" checked={Boolean(value ?? schema.default)} onChange={(e) => onChange(e.target.checked)} />
      </label>
    );
  }
  const isNum = schema.type === 'number' || schema.type === 'integer';
  const isList = schema.type === 'array';
  return (
    <label className="field" title={title}>
      <span>{name}</span>
      <input
        placeholder={schema.default !== undefined ? String(schema.default) : isList ? 'a, b, c' : ''}
        defaultValue={
          value === undefined
            ? ''
            : Array.isArray(value)
              ? value.join(', ')
              : typeof value === 'object'
                ? JSON.stringify(value)
                : String(value)
        }
        onBlur={(e) => {
          const t = e.target.value.trim();
          if (!t) return onChange('');
          if (isNum) return onChange(Number(t));
          if (isList)
            return onChange(
              t
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean),
            );
          if (schema.type === 'object') {
            try {
              return onChange(JSON.parse(t));
            } catch {
              return onChange(t);
            }
          }
          onChange(t);
        }}
      />
    </label>
  );
}

export function ResultView({ id, r }: { id: string; r: Result }) {
  const key = ['country', 'exporter', 'node', 'region'].find((c) => r.columns.includes(c));
  const val = r.columns.includes('value') ? 'value' : undefined;
  let chart: { option: Option } | null = null;
  if (key && val) {
    const series = ['term', 'measure', 'indicator', 'scenario', 'stage'].find((c) => r.columns.includes(c));
    const keys = [...new Set(r.rows.map((x) => String(x[key])))].slice(0, 60);
    const groups = series ? [...new Set(r.rows.map((x) => String(x[series])))].slice(0, 8) : ['value'];
    const sum = (k: string, g: string) =>
      r.rows
        .filter((x) => String(x[key]) === k && (!series || String(x[series]) === g))
        .reduce((a, x) => a + (typeof x[val] === 'number' ? (x[val] as number) : 0), 0);
    chart = {
      option: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 60, right: 10, top: 30, bottom: 40 },
        xAxis: { type: 'category', data: keys },
        yAxis: { type: 'value' },
        series: groups.map((g) => ({ name: g, type: 'bar', data: keys.map((k) => sum(k, g)) })),
      },
    };
  }
  return (
    <>
      {chart ? <Chart id={id} title={`${id} by ${key}`} option={chart.option} data={r} /> : null}
      <DataTable columns={r.columns} rows={r.rows} />
    </>
  );
}
