/**
 * A job: one analysis over tables × years × option sets. `expand` checks the spec against the
 * workspace (tables exist, years match, options parse) and lists its tasks, one per table and
 * option set, each with the cache key its result is written under.
 */
import { z } from 'zod';
import { OptionError } from '@catena/engine';
import type { TableInfo, Workspace } from '@catena/store';
import { findJobAnalysis } from './analyses.js';

export const jobSpecSchema = z.object({
  analysis: z.string().min(1).describe('analysis id from the registry (decompose, indicators, …)'),
  tables: z.array(z.string().min(1)).min(1).optional().describe('workspace table ids (default: every table)'),
  years: z.array(z.number().int()).min(1).optional().describe('keep only the tables of these years'),
  options: z
    .union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown())).min(1)])
    .optional()
    .describe('one option set, or several: each runs on each table'),
  retries: z.number().int().min(0).max(10).optional().describe('retries of a task whose thread or worker died (default 2)'),
});

export type JobSpec = z.infer<typeof jobSpecSchema>;

export interface Task {
  index: number;
  table: TableInfo;
  options: unknown;
  resultKey: string;
}

/** Parses a spec; OptionError naming the field (e.g. 'years.0') when it does not fit. */
export function parseSpec(spec: unknown): JobSpec {
  const r = jobSpecSchema.safeParse(spec);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue.path.map(String).join('.');
    throw new OptionError(`job spec: ${field || '(spec)'}: ${issue.message}`, field || undefined);
  }
  return r.data;
}

export async function expand(ws: Workspace, spec: JobSpec): Promise<Task[]> {
  const analysis = findJobAnalysis(spec.analysis);
  if (analysis.input !== 'model') {
    throw new OptionError(
      `analysis '${spec.analysis}' runs on ${analysis.input}, not on one table; jobs run analyses of one table`,
      'analysis',
    );
  }
  let tables: TableInfo[];
  if (spec.tables) {
    tables = [];
    for (const [i, id] of spec.tables.entries()) {
      try {
        tables.push(await ws.tableInfo(id));
      } catch (e) {
        throw new OptionError(`job spec: tables.${i}: ${(e as Error).message}`, `tables.${i}`);
      }
    }
  } else tables = await ws.listTables();
  if (spec.years) {
    const want = new Set(spec.years);
    const have = tables.map((t) => t.year);
    tables = tables.filter((t) => t.year !== null && want.has(t.year));
    if (tables.length === 0) {
      throw new OptionError(
        `job spec: years: no table of ${spec.years.join(', ')}; the tables have years ${have.map((y) => y ?? 'none').join(', ') || '(no tables)'}`,
        'years',
      );
    }
  }
  if (tables.length === 0) throw new OptionError('job spec: tables: the workspace holds no tables; import one first', 'tables');
  const sets = spec.options === undefined ? [{}] : Array.isArray(spec.options) ? spec.options : [spec.options];
  const parsed = sets.map((o, i) => {
    try {
      return analysis.parse(o);
    } catch (e) {
      if (e instanceof OptionError && sets.length > 1) throw new OptionError(`job spec: options.${i}: ${e.message}`, e.option);
      throw e;
    }
  });
  const tasks: Task[] = [];
  for (const table of tables) {
    for (const options of parsed) {
      const { key } = await ws.resultKeyFor(table.id, spec.analysis, options);
      tasks.push({ index: tasks.length, table, options, resultKey: key });
    }
  }
  return tasks;
}
