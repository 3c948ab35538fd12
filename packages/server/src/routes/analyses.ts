/**
 * Analyses from the registry: listed with their option schemas, run synchronously on small
 * tables and as jobs on large ones (or when asked), jobs followed over server-sent events.
 */
import { analyses, findAnalysis, dataFrame, type AnalysisDef, type Result, type RunContext } from '@catena/engine';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError, errorAnswer, parseWith } from '../errors.js';
import { formatSchema, sendResult } from '../respond.js';
import type { ServerContext } from '../context.js';
import { jsonSchemaOf } from '../openapi.js';

const tableId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.-]+$/, 'letters, digits, -, _ or .');

export const runSchema = z.object({
  table: tableId.optional().describe('the table to run on (analyses on one Model)'),
  tables: z.array(tableId).min(1).max(200).optional().describe('the tables to run on (analyses over several Models, or one per table)'),
  data: z
    .object({
      columns: z.array(z.string().min(1)).min(1),
      rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
    })
    .optional()
    .describe('a data frame (analyses on data: index, regress)'),
  options: z.record(z.string(), z.unknown()).default({}).describe("the analysis's options (GET /api/analyses lists each schema)"),
  mode: z.enum(['auto', 'sync', 'job']).default('auto').describe('auto: synchronous on small tables, a job on large ones'),
});
export type RunBody = z.infer<typeof runSchema>;

const idParams = z.object({ id: z.string().min(1).max(100) });
const jobParams = z.object({ id: z.uuid('a job id') });
const formatQuery = z.object({ format: formatSchema, token: z.string().optional() });

function analysisOf(id: string): AnalysisDef {
  const def = findAnalysis(id);
  if (!def) {
    const ids = analyses().map((a) => a.id);
    throw new HttpError(
      404,
      `params.id: analysis ${id} is not known; expected one of ${ids.join(', ') || '(none registered)'}`,
      'params.id',
    );
  }
  return def;
}

/** Collects a streamed output (async iterable of row batches) into one Result. */
async function materialise(out: unknown): Promise<Result> {
  const o = out as Result & { batches?: () => AsyncIterable<Result['rows']> };
  if (Array.isArray(o.rows)) return o;
  if (typeof o.batches === 'function') {
    const rows: Result['rows'] = [];
    for await (const b of o.batches()) rows.push(...b);
    return { columns: o.columns, rows, meta: o.meta };
  }
  throw new Error('an analysis returned neither rows nor batches');
}

/** Checks the request against the analysis and returns the work that runs it. */
async function prepare(
  ctx: ServerContext,
  def: AnalysisDef,
  body: RunBody,
): Promise<{ work: (rc: RunContext) => Promise<Result>; rows: number; tables: string[] }> {
  const options = parseWith(def.options, body.options, 'body.options');
  const run = async (input: unknown, rc: RunContext) => materialise(await def.run(input, options, rc));
  if (def.input === 'data') {
    if (!body.data) throw new HttpError(400, `body.data: analysis ${def.id} runs on a data frame: give {columns, rows}`, 'body.data');
    const { columns, rows } = body.data;
    const cols: Record<string, number[] | string[]> = {};
    for (const c of columns) {
      const vals = rows.map((r) => r[c] ?? null);
      cols[c] = vals.every((v) => v === null || typeof v === 'number')
        ? vals.map((v) => (v === null ? NaN : (v as number)))
        : vals.map((v) => (v === null ? '' : String(v)));
    }
    const df = dataFrame(cols, 'request body');
    return { work: (rc) => run(df, rc), rows: rows.length, tables: [] };
  }
  const ids = body.tables ?? (body.table ? [body.table] : []);
  if (ids.length === 0) throw new HttpError(400, `body.table: analysis ${def.id} runs on a table: give table (or tables)`, 'body.table');
  const entries = await Promise.all(ids.map((id, i) => ctx.tables.entry(id, body.tables ? `body.tables.${i}` : 'body.table')));
  const rows = Math.max(...entries.map((e) => e.countries.length * e.sectors.length));
  if (def.input === 'models') {
    return { work: async (rc) => run(await Promise.all(ids.map((id) => ctx.tables.model(id))), rc), rows: rows * ids.length, tables: ids };
  }
  if (ids.length > 1) {
    // One Model analysis over several tables: one part per table, joined (year column kept).
    return {
      work: async (rc) => {
        const parts: Result[] = [];
        for (let i = 0; i < ids.length; i++) {
          rc.progress?.(i, ids.length, ids[i]);
          parts.push(await run(await ctx.tables.model(ids[i]), { signal: rc.signal }));
          if (rc.signal?.aborted) break;
        }
        const combine = (def as { combine?: (parts: Result[]) => Result }).combine;
        return combine
          ? combine(parts)
          : { columns: parts[0].columns, rows: parts.flatMap((p) => p.rows), meta: { ...parts[0].meta, parts: parts.length } };
      },
      rows: rows * ids.length,
      tables: ids,
    };
  }
  return { work: async (rc) => run(await ctx.tables.model(ids[0]), rc), rows, tables: ids };
}

export function analysisRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/analyses', async () => ({
    analyses: analyses().map((a) => ({ id: a.id, summary: a.summary, input: a.input, options: jsonSchemaOf(a.options) })),
  }));

  app.get('/api/analyses/:id', async (req) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const a = analysisOf(id);
    return { id: a.id, summary: a.summary, input: a.input, options: jsonSchemaOf(a.options) };
  });

  app.post('/api/analyses/:id/run', async (req, reply) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const { format } = parseWith(formatQuery, req.query ?? {}, 'query');
    const def = analysisOf(id);
    const body = parseWith(runSchema, req.body ?? {}, 'body');
    const p = await prepare(ctx, def, body);
    const asJob = body.mode === 'job' || (body.mode === 'auto' && (p.rows > ctx.syncRows || p.tables.length > 1));
    if (asJob) {
      const status = ctx.jobs.submit({ analysis: id, tables: p.tables, options: body.options }, p.work);
      return reply.code(202).header('location', `/api/jobs/${status.id}`).send(status);
    }
    const r = p.tables.length === 1 ? await ctx.tables.cached(p.tables[0], id, body.options, () => p.work({})) : await p.work({});
    return sendResult(reply, r, format, id);
  });

  app.post('/api/jobs', async (req, reply) => {
    const body = parseWith(runSchema.extend({ analysis: z.string().min(1) }), req.body ?? {}, 'body');
    const def = findAnalysis(body.analysis);
    if (!def)
      throw new HttpError(
        400,
        `body.analysis: ${body.analysis} is not known; expected one of ${analyses()
          .map((a) => a.id)
          .join(', ')}`,
        'body.analysis',
      );
    const p = await prepare(ctx, def, body);
    const status = ctx.jobs.submit({ analysis: def.id, tables: p.tables, options: body.options }, p.work);
    return reply.code(202).header('location', `/api/jobs/${status.id}`).send(status);
  });

  app.get('/api/jobs', async () => ({ jobs: ctx.jobs.list() }));

  const jobOf = (params: unknown) => {
    const { id } = parseWith(jobParams, params, 'params');
    const s = ctx.jobs.status(id);
    if (!s) throw new HttpError(404, `params.id: no job ${id}`, 'params.id');
    return s;
  };

  app.get('/api/jobs/:id', async (req) => jobOf(req.params));

  app.delete('/api/jobs/:id', async (req) => ctx.jobs.cancel(jobOf(req.params).id));

  app.get('/api/jobs/:id/result', async (req, reply) => {
    const s = jobOf(req.params);
    const { format } = parseWith(formatQuery, req.query ?? {}, 'query');
    if (s.state === 'failed') return reply.code(s.errorStatus ?? 500).send({ error: 'Job failed', message: s.error });
    if (s.state !== 'done')
      throw new HttpError(409, `params.id: job ${s.id} is ${s.state}; its result is there when it is done`, 'params.id');
    return sendResult(reply, ctx.jobs.result(s.id)!, format, s.spec.analysis);
  });

  app.get('/api/jobs/:id/events', async (req, reply) => {
    const s = jobOf(req.params);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('state', { state: s.state, ...s.progress, error: s.error });
    if (!['queued', 'running'].includes(s.state)) return void res.end();
    const off = ctx.jobs.subscribe(s.id, (e) => {
      send(e.type, e);
      if (e.type === 'state' && !['queued', 'running'].includes(e.state)) {
        off();
        res.end();
      }
    });
    req.raw.on('close', off);
  });
}

export const describeJobError = (err: unknown) => {
  const a = errorAnswer(err);
  return { status: a.status, message: a.body.message };
};
