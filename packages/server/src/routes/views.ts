/**
 * The dashboard's views of a table (see views/views.ts) and the data-frame tools: the index
 * builder and the regression runner, on rows the page sends (e.g. an indicator panel).
 */
import {
  FormulaError,
  OptionError,
  TableError,
  TableFormatError,
  computeIndex,
  dataFrame,
  indexToResult,
  indicatorSpecs,
  panelFromRows,
  regress,
  regressionJson,
  regressionTable,
  SCORE_METHODS,
  WEIGHT_METHODS,
  type Result,
  type Row,
} from '@catena/engine';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError, parseWith } from '../errors.js';
import { formatSchema, sendResult, type Format } from '../respond.js';
import type { ServerContext } from '../context.js';
import { idParams } from './tables.js';
import { flowsView, profileView, seriesPoint, smileView, VIEW_COLUMNS } from '../views/views.js';
import { indicatorPanel } from '../views/panel.js';

const code = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[\w.-]+$/, 'a code of letters, digits, -, _ or .');
const q = <T extends z.ZodRawShape>(shape: T) => z.object({ format: formatSchema, token: z.string().optional(), ...shape });

export const viewQueries = {
  profile: q({ country: code.describe('the country (ISO3 code as in the table)') }),
  'profile-series': q({ country: code.describe('the country') }),
  flows: q({ exporter: code.describe('the exporter whose value added origins and destinations are shown') }),
  smile: q({
    country: code.describe('the country'),
    sector: code.optional().describe("the sector: its final goods; without, the country's exports"),
  }),
  panel: q({
    indicators: z
      .string()
      .min(1)
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .describe('comma-separated country-level indicators (catena indicators --set ids)'),
  }),
};

const rowsSchema = z
  .array(z.record(z.string(), z.union([z.string(), z.number(), z.null()])))
  .min(1)
  .max(200_000);

export const indexBody = z.object({
  rows: rowsSchema.describe('one row per unit and time, one column per indicator'),
  id: z.string().min(1).default('country').describe('the unit column'),
  time: z.string().min(1).default('year').describe('the time column'),
  benefit: z.array(z.string().min(1)).default([]).describe('indicators where more is better'),
  cost: z.array(z.string().min(1)).default([]).describe('indicators where less is better'),
  methods: z.array(z.enum(SCORE_METHODS)).min(1).default(['entropy']).describe('weighting and scoring methods'),
  topsisWeights: z.enum(WEIGHT_METHODS).optional(),
  userWeights: z.record(z.string(), z.number()).optional(),
  perYear: z.boolean().default(false),
  impute: z.enum(['none', 'mean', 'linear']).default('none'),
});

export const regressBody = z.object({
  rows: rowsSchema.describe('the data frame, one object per observation'),
  formula: z.string().min(3).describe('fixest-style formula, e.g. "y ~ x1 + x2 | country + year"'),
  vcov: z.enum(['iid', 'hc1', 'cluster']).optional(),
  cluster: z.array(z.string().min(1)).max(2).optional(),
  panel: z.object({ id: z.string().min(1), time: z.string().min(1) }).optional(),
});

function frameOf(rows: Row[]) {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cols: Record<string, number[] | string[]> = {};
  for (const c of names) {
    const vals = rows.map((r) => r[c] ?? null);
    cols[c] = vals.every((v) => v === null || typeof v === 'number')
      ? vals.map((v) => (v === null ? NaN : (v as number)))
      : vals.map((v) => (v === null ? '' : String(v)));
  }
  return dataFrame(cols, 'request body');
}

export function viewRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const view = (name: keyof typeof viewQueries, compute: (id: string, query: Record<string, unknown>) => Promise<Result>) =>
    app.get(`/api/tables/:id/views/${name}`, async (req, reply) => {
      const { id } = parseWith(idParams, req.params, 'params');
      const query = parseWith(
        viewQueries[name] as z.ZodType<{ format: Format; token?: string } & Record<string, unknown>>,
        req.query ?? {},
        'query',
      );
      await ctx.tables.entry(id, 'params.id');
      const { format: _f, token: _t, ...options } = query;
      const r = await ctx.tables.cached(id, `view:${name}`, options, () => compute(id, options));
      return sendResult(reply, r, query.format, `${name}-${Object.values(options).join('-')}`);
    });

  view('profile', async (id, o) => profileView(await ctx.tables.model(id), o.country as string));
  view('flows', async (id, o) => flowsView(await ctx.tables.model(id), o.exporter as string));
  view('smile', async (id, o) => smileView(await ctx.tables.model(id), o.country as string, o.sector as string | undefined));
  view('profile-series', async (id, o) => {
    const entry = await ctx.tables.entry(id);
    const series = (await ctx.tables.list()).filter((t) => t.series === entry.series).sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
    const rows: Row[] = [];
    for (const t of series) {
      const part = await ctx.tables.cached(t.id, 'view:profile', { country: o.country as string }, async () =>
        profileView(await ctx.tables.model(t.id), o.country as string),
      );
      rows.push(...seriesPoint(part));
    }
    return {
      columns: VIEW_COLUMNS,
      rows,
      meta: { kind: 'view:profile-series', country: o.country, series: entry.series, years: series.map((t) => t.year) },
    };
  });
  view('panel', async (id, o) => indicatorPanel(ctx, id, o.indicators as string[]));

  app.post('/api/index', async (req, reply) => {
    const b = parseWith(indexBody, req.body ?? {}, 'body');
    const { format } = parseWith(q({}), req.query ?? {}, 'query');
    if (b.benefit.length + b.cost.length === 0) throw new OptionError('give at least one indicator in benefit or cost', 'benefit');
    const panel = panelFromRows(b.rows, { id: b.id, time: b.time, indicators: indicatorSpecs(b.benefit, b.cost) }, 'request body');
    const r = computeIndex(panel, {
      methods: b.methods,
      topsisWeights: b.topsisWeights,
      userWeights: b.userWeights,
      perYear: b.perYear,
      impute: b.impute,
    });
    const result = indexToResult(r);
    if (format !== 'json') return sendResult(reply, result, format, 'index');
    return { ...result, weights: r.weights, meta: r.meta };
  });

  app.post('/api/regress', async (req) => {
    const b = parseWith(regressBody, req.body ?? {}, 'body');
    let fit;
    try {
      fit = regress(frameOf(b.rows), b.formula, { vcov: b.vcov, cluster: b.cluster, panel: b.panel });
    } catch (err) {
      // The formula names what the rows lack, or cannot be parsed: both are the formula's fault.
      if (err instanceof FormulaError || err instanceof TableError || err instanceof TableFormatError)
        throw new HttpError(400, `body.formula: ${err.message}`, 'body.formula');
      throw err;
    }
    return { fit: regressionJson(fit), markdown: regressionTable([fit], 'md'), html: regressionTable([fit], 'html') };
  });
}
