/**
 * A country × year panel of country-level indicators over the tables of one series: the data
 * the index builder and the regression runner start from on the dashboard.
 */
import { INDICATORS, OptionError, indicators, type Result, type Row } from '@catena/engine';
import type { ServerContext } from '../context.js';

export async function indicatorPanel(ctx: ServerContext, id: string, ids: string[]): Promise<Result> {
  const known = new Set(INDICATORS.filter((i) => i.id !== 'rca_va').map((i) => i.id));
  for (const i of ids) {
    if (!known.has(i))
      throw new OptionError(`indicator ${i} is not a country-level indicator; expected some of ${[...known].join(', ')}`, 'indicators');
  }
  const entry = await ctx.tables.entry(id);
  const series = (await ctx.tables.list()).filter((t) => t.series === entry.series).sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
  const rows: Row[] = [];
  for (const t of series) {
    const r = await ctx.tables.cached(t.id, 'indicators', { level: 'country', set: ids }, async () =>
      indicators(await ctx.tables.model(t.id), { level: 'country', set: ids }),
    );
    const byCountry = new Map<string, Row>();
    for (const x of r.rows) {
      const c = String(x.country);
      let row = byCountry.get(c);
      if (!row) byCountry.set(c, (row = { country: c, year: t.year }));
      row[String(x.indicator)] = x.value;
    }
    rows.push(...byCountry.values());
  }
  return { columns: ['country', 'year', ...ids], rows, meta: { kind: 'view:panel', series: entry.series, indicators: ids } };
}
