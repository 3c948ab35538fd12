/**
 * Which analysis a job runs. The engine's analysis registry (`findAnalysis`) is asked first;
 * while an analysis is not registered there, a small local map of engine functions stands in
 * (decompose and indicators, which every front end already offers), with the same run signature.
 */
import * as engine from '@catena/engine';
import { OptionError, decompose, indicators, type DecomposeOptions, type IndicatorOptions, type Model, type Result } from '@catena/engine';

export interface RunCtx {
  signal?: AbortSignal;
  progress?(done: number, total: number, label?: string): void;
}

/** What the job runner needs of an analysis. */
export interface JobAnalysis {
  id: string;
  input: string;
  /** Parses and checks options (throws OptionError naming the field); identity when the analysis has no schema here. */
  parse(options: unknown): unknown;
  run(model: Model, options: unknown, ctx: RunCtx): Result | Promise<Result>;
}

const LOCAL: Record<string, (m: Model, o: unknown) => Result> = {
  decompose: (m, o) => decompose(m, o as DecomposeOptions),
  indicators: (m, o) => indicators(m, o as IndicatorOptions),
};

interface RegistryDef {
  id: string;
  input: string;
  options: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } } };
  run(input: unknown, options: unknown, ctx?: RunCtx): Result | Promise<Result>;
}

function registry(): ((id: string) => RegistryDef | undefined) | undefined {
  const f = (engine as Record<string, unknown>).findAnalysis;
  return typeof f === 'function' ? (f as (id: string) => RegistryDef | undefined) : undefined;
}

function known(): string[] {
  const list = (engine as Record<string, unknown>).analyses;
  const reg = typeof list === 'function' ? (list as () => { id: string }[])().map((a) => a.id) : [];
  return [...new Set([...reg, ...Object.keys(LOCAL)])];
}

/** The analysis with this id; OptionError('analysis') naming the known ids when there is none. */
export function findJobAnalysis(id: string): JobAnalysis {
  const def = registry()?.(id);
  if (def) {
    return {
      id,
      input: def.input,
      parse(options) {
        const r = def.options.safeParse(options ?? {});
        if (!r.success) {
          const issue = r.error!.issues[0];
          const field = issue.path.map(String).join('.');
          throw new OptionError(`${id}: option ${field || '(options)'}: ${issue.message}`, field || undefined);
        }
        return r.data;
      },
      run: (model, options, ctx) => def.run(model, options, ctx),
    };
  }
  const local = LOCAL[id];
  if (!local) throw new OptionError(`analysis '${id}' is not known; expected one of ${known().join(', ')}`, 'analysis');
  return { id, input: 'model', parse: (o) => o ?? {}, run: (m, o) => local(m, o) };
}
