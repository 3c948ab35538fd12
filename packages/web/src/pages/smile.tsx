/** Smile curve: value-added rate of each contributing country-sector against its production stage, with the fitted quadratic. */
import { useMemo } from 'react';
import { viewUrl, type Result } from '../api';
import { Chart, type Option } from '../chart';
import { pick, useChosenTable, useFetch } from '../data';
import { setParams } from '../url';
import { Figure, Loading, Message, Select, TablePicker } from '../ui';

interface Fit {
  a: number;
  b: number;
  c: number;
  r2: number;
}

export function SmilePage() {
  const { tables, entry, error } = useChosenTable();
  const q = new URLSearchParams(location.search);
  const country = q.get('country') ?? entry?.countries[0] ?? '';
  const sector = q.get('sector') ?? '';
  const valid = entry && entry.countries.includes(country) && (!sector || entry.sectors.includes(sector));
  const smile = useFetch<Result>(valid ? viewUrl(entry.id, 'smile', { country, sector: sector || undefined }) : null);
  const chart = useMemo(() => (smile.data ? smileChart(smile.data) : null), [smile.data]);
  if (error) return <Message kind="error">{error}</Message>;
  if (!entry) return <Loading />;
  const fit = smile.data?.meta.fit as Fit | null | undefined;
  return (
    <>
      <section className="controls">
        <TablePicker tables={tables} value={entry.id} onChange={(v) => setParams({ table: v, country: undefined, sector: undefined })} />
        <Select label="Country" value={country} options={entry.countries} onChange={(v) => setParams({ country: v })} testId="country" />
        <Select
          label="Product"
          value={sector}
          options={[['', 'all gross exports'], ...entry.sectors.map((s) => [s, `final goods of ${s}`] as [string, string])]}
          onChange={(v) => setParams({ sector: v })}
          testId="sector"
        />
      </section>
      {smile.error ? <Message kind="error">{smile.error}</Message> : null}
      {smile.loading ? <Loading /> : null}
      {smile.data && chart ? (
        <>
          <p className="note">
            {String(smile.data.meta.product)}: each point is a country-sector whose value added enters the product; x its production stage
            (1 = the last stage), y its value-added rate, size its value added. The curve is a quadratic in the stage, fitted by least
            squares weighted by value added.
          </p>
          <div className="figures">
            <Figure id="fit-a" label="fit: constant a" value={fit?.a ?? null} />
            <Figure id="fit-b" label="fit: stage b" value={fit?.b ?? null} />
            <Figure id="fit-c" label="fit: stage² c (> 0: a smile)" value={fit?.c ?? null} />
            <Figure id="fit-r2" label="weighted R²" value={fit?.r2 ?? null} />
          </div>
          <Chart id={`smile-${country}${sector ? `-${sector}` : ''}`} title="Smile curve" {...chart} height={460} />
        </>
      ) : null}
    </>
  );
}

function smileChart(r: Result) {
  const pts = new Map<string, Record<string, number>>();
  for (const x of pick(r, 'points')) {
    const k = `${x.country}_${x.sector}`;
    pts.set(k, { ...(pts.get(k) ?? {}), [String(x.measure)]: Number(x.value) });
  }
  const data = [...pts.entries()].filter(([, p]) => Number.isFinite(p.stage) && Number.isFinite(p.va_rate));
  const maxVa = Math.max(1e-12, ...data.map(([, p]) => p.value_added));
  const fit = r.meta.fit as Fit | null;
  const xs = data.map(([, p]) => p.stage);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const curve = fit
    ? Array.from({ length: 41 }, (_, i) => lo + ((hi - lo) * i) / 40).map((x) => [x, fit.a + fit.b * x + fit.c * x * x])
    : [];
  const option: Option = {
    tooltip: { trigger: 'item' },
    legend: { top: 0 },
    grid: { left: 60, right: 20, top: 30, bottom: 50 },
    xAxis: { type: 'value', name: 'production stage', nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { type: 'value', name: 'value-added rate', nameLocation: 'middle', nameGap: 40, scale: true },
    series: [
      {
        name: 'country-sectors',
        type: 'scatter',
        data: data.map(([k, p]) => ({ name: k, value: [p.stage, p.va_rate], symbolSize: 4 + 30 * Math.sqrt(p.value_added / maxVa) })),
      },
      { name: 'fitted quadratic', type: 'line', showSymbol: false, data: curve, smooth: true },
    ],
  };
  return { option, data: { columns: r.columns, rows: r.rows } };
}
