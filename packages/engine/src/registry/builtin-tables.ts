/**
 * The analyses of a table's Model, registered once: decompose, indicators, leontief, smile, and
 * national (of a single-country table). Each wraps the analysis's public entry function; the
 * schemas here are what the CLI shows as flags and the server as its request body.
 */
import { z } from 'zod';
import { blocksOption } from './fields.js';
import { knownSetNames } from '../indicators/catalog.js';
import { indicators } from '../indicators/indicators.js';
import { lockinTrend, LOCKIN_TRENDS } from '../indicators/lockin.js';
import { smileCurve } from '../indicators/smile.js';
import type { Model } from '../model/model.js';
import type { NationalTable } from '../national/table.js';
import { nationalValueChains } from '../national/nvc.js';
import { concatResults, type AnalysisOutput, type Result, type ResultMeta, type Row, type StreamedResult } from '../results/result.js';
import { decompose, selection, type DecomposeOptions, type MethodId } from '../trade/decompose.js';
import { TRADE_METHODS } from '../trade/decompose.js';
import '../trade/methods.js';
import { registerAnalysis, type AnalysisDef, type RunContext } from './analysis.js';
import { CancelledError } from '../errors.js';

/** Adds what the registry knows to an analysis's metadata: its id, the options, the table. */
export function withRunMeta<R extends AnalysisOutput>(r: R, id: string, options: object, model?: { table: Model['table'] }): R {
  const t = model?.table;
  const meta: ResultMeta = {
    ...r.meta,
    analysis: id,
    options: { ...options },
    ...(t ? { table: { source: t.source, year: t.year, unit: t.unit } } : {}),
  };
  return { ...r, meta };
}

/**
 * Registers a built-in analysis whose output gets the registry's metadata (withRunMeta: the id,
 * the options and, when it runs on a table's Model, the table); a synchronous run stays synchronous.
 */
export function registerBuiltin<O extends object, I>(def: AnalysisDef<O, I>): AnalysisDef<O, I> {
  const run = def.run.bind(def);
  return registerAnalysis<O, I>({
    ...def,
    run(input, o, ctx) {
      const model = def.input === 'model' ? (input as Model) : undefined;
      const out = run(input, o, ctx);
      return out instanceof Promise ? out.then((r) => withRunMeta(r, def.id, o, model)) : withRunMeta(out, def.id, o, model);
    },
  });
}

const list = (what: string) => z.array(z.string()).min(1).optional().describe(what);

const METHOD_ORDER: MethodId[] = ['bm', 'kww', 'wwz', 'hiy', 'my', 'tiva', 'koopman'];
const methodIds = METHOD_ORDER.filter((m) => TRADE_METHODS[m]) as [MethodId, ...MethodId[]];

export const decomposeOptions = z.object({
  method: z.enum(methodIds).describe('bm (Borin–Mancini), kww, wwz, hiy, my (Miroudot–Ye), tiva (OECD TiVA), koopman'),
  perspective: z.string().optional().describe('bm: exporter (default), world, sector, bilateral, sector-bilateral, importer'),
  approach: z.enum(['source', 'sink']).optional().describe('source (default) or sink'),
  level: z
    .enum(['country', 'sector', 'bilateral', 'sector-bilateral'])
    .optional()
    .describe('country, sector, bilateral or sector-bilateral (default: country, or the widest level the perspective allows)'),
  exporters: list('exporters to report (country codes or groups such as EU27; default all)'),
  importers: list('importers to report (bilateral levels; default all)'),
  sectors: list('sectors to report (sector levels; default all)'),
  blocks: z
    .record(z.string(), z.array(z.string()).min(1))
    .optional()
    .describe('groups of countries each treated as one domestic block, e.g. { NAFTA: [MEX, USA] }'),
  summary: z
    .boolean()
    .optional()
    .describe('report the common components GEXP, DC, DVA, VAX, REF, DDC, FC, FVA, FDC (and GVC, GVCB, GVCF where defined)'),
});
export type DecomposeRunOptions = z.output<typeof decomposeOptions>;

/**
 * A sector-bilateral decomposition, one exporter at a time: each batch is one exporter's rows
 * (the model's factorisation and the method's per-frame cache are shared across exporters).
 */
function decomposeByExporter(model: Model, o: DecomposeOptions, ctx: RunContext | undefined): StreamedResult {
  const exporters = selection(model, o).exporters.map((g) => model.table.countries[g]);
  const first = decompose(model, { ...o, exporters: [exporters[0]] });
  async function* batches(): AsyncGenerator<Row[]> {
    yield first.rows;
    for (let k = 1; k < exporters.length; k++) {
      if (ctx?.signal?.aborted) throw new CancelledError('the run was cancelled');
      ctx?.progress?.(k, exporters.length, exporters[k]);
      yield decompose(model, { ...o, exporters: [exporters[k]] }).rows;
    }
  }
  return { columns: first.columns, batches, meta: { ...first.meta, streamed: 'one batch per exporter' } };
}

registerBuiltin<DecomposeRunOptions, Model>({
  id: 'decompose',
  summary: 'Decompose gross exports into value added and double counting (BM, KWW, WWZ, HIY, Miroudot–Ye, TiVA, Koopman)',
  input: 'model',
  options: decomposeOptions,
  run(model, o, ctx) {
    return o.level === 'sector-bilateral' && !o.blocks && model.table.countries.length > 1
      ? decomposeByExporter(model, o, ctx)
      : decompose(model, o);
  },
});

export const indicatorOptions = z.object({
  set: z
    .array(z.string())
    .min(1)
    .optional()
    .superRefine((ids, ctx) => {
      const unknown = (ids ?? []).filter((s) => !knownSetNames().includes(s));
      if (unknown.length)
        ctx.addIssue({ code: 'custom', message: `unknown indicator ${unknown.join(', ')}; known ids: ${knownSetNames().join(', ')}` });
    })
    .describe('indicator ids or bundles (default all)'),
  level: z.enum(['sector', 'country']).default('sector').describe('sector (default) or country'),
  blocks: blocksOption('blocks each treated in turn as the domestic block: name → members, or a built-in group name with no members'),
  inventoryCorrection: z
    .boolean()
    .optional()
    .describe('Antràs & Chor (2018): upstreamness and downstreamness corrected for net inventories'),
});
export type IndicatorRunOptions = z.output<typeof indicatorOptions>;

registerBuiltin<IndicatorRunOptions, Model>({
  id: 'indicators',
  summary: 'GVC participation, production lengths, upstreamness, position, RCA, lock-in, chain shape, regional chains',
  input: 'model',
  options: indicatorOptions,
  run: (model, o) => indicators(model, o),
  combine(parts: Result[]): Result {
    const all = concatResults(parts);
    const trend = lockinTrend(parts);
    if (trend.length) return { ...all, rows: [...all.rows, ...trend], meta: { ...all.meta, lockinTrends: LOCKIN_TRENDS } };
    return all;
  },
});

const LEONTIEF_BATCH = 256;

registerBuiltin<Record<string, never>, Model>({
  id: 'leontief',
  summary: 'The global Leontief inverse B = (I − A)⁻¹ of a table',
  input: 'model',
  options: z.object({}),
  async run(model) {
    const B = await model.leontiefAsync();
    const labels = model.table.labels();
    function* batches(): Generator<Row[]> {
      for (let i0 = 0; i0 < labels.length; i0 += LEONTIEF_BATCH) {
        const rows: Row[] = [];
        for (let i = i0; i < Math.min(labels.length, i0 + LEONTIEF_BATCH); i++) {
          const row: Row = { row: labels[i] };
          for (let j = 0; j < labels.length; j++) row[labels[j]] = B.data[i + j * B.rows];
          rows.push(row);
        }
        yield rows;
      }
    }
    const out: StreamedResult = {
      columns: ['row', ...labels],
      batches,
      meta: {
        kind: 'leontief',
        source: model.table.source,
        year: model.table.year,
        unit: 'output per unit of final demand',
        conventions: { ...model.conventions, layout: 'wide: one row and one column per country-sector, B[row][column]' },
      },
    };
    return out;
  },
});

export const smileOptions = z.object({
  country: z.string().describe('the producing or exporting country'),
  sector: z.string().optional().describe('one sector (default: all sectors of the country)'),
  basis: z
    .enum(['final', 'exports'])
    .optional()
    .describe('final (final goods output; default with a sector) or exports (gross exports; default without)'),
  minShare: z.number().min(0).max(1).optional().describe('leave out contributors below this share of the value added (default 0.001)'),
});
export type SmileRunOptions = z.output<typeof smileOptions>;

registerBuiltin<SmileRunOptions, Model>({
  id: 'smile',
  summary: 'Smile curve: value added by contributing country-sector against its production stage',
  input: 'model',
  options: smileOptions,
  run: (model, o) => smileCurve(model, o),
});

registerBuiltin<Record<string, never>, NationalTable>({
  id: 'national',
  summary: 'National value chain measures of a single-country table (China NBS, OECD NIOT)',
  input: 'national',
  options: z.object({}),
  run: (t) => nationalValueChains(t),
});
