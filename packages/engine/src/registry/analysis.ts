/**
 * The analysis registry: every analysis Catena offers — decompositions, indicators, Leontief,
 * smile, national measures, index systems, regressions, shocks, networks — is registered once as
 * an AnalysisDef. Front ends derive what they show from it: the CLI its flags and help, the HTTP
 * server its routes and OpenAPI document, the dashboard its forms. Browser-safe: no node:* here.
 */
import type { z } from 'zod';
import type { Result } from '../results/result.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the registry holds analyses of every option and input type */

/** What an analysis runs on. */
export type AnalysisInput =
  /** one table's Model (decompose, indicators, shock, network …) */
  | 'model'
  /** several Models, one per year (resilience over a folder of tables) */
  | 'models'
  /** a data frame, not a table (regress, index) */
  | 'data';

/** Passed to every run: progress and cancellation, for the CLI, the job runner and the server. */
export interface RunContext {
  /** Aborted by the caller; long analyses check it between steps and throw `CancelledError`. */
  signal?: AbortSignal;
  /** Progress of the run: `done` of `total` steps, with a short label of the current step. */
  progress?(done: number, total: number, label?: string): void;
}

/** One registered analysis. `O` is the parsed options type (the zod schema's output). */
export interface AnalysisDef<O = unknown, I = unknown> {
  /** Stable id, used as the CLI command or sub-option, the route and the cache key (kebab-case). */
  id: string;
  /** One line for help texts and the OpenAPI summary. */
  summary: string;
  input: AnalysisInput;
  /**
   * The options, as a zod schema with a `.describe()` on every field: the CLI derives its flags
   * (camelCase field → `--kebab-case` flag) and help from it, the server its request schema.
   */
  options: z.ZodType<O>;
  /** Runs the analysis. Throws OptionError (with `option` set to the field name) for bad options. */
  run(input: I, options: O, ctx?: RunContext): Result | Promise<Result>;
}

const ANALYSES = new Map<string, AnalysisDef<any, any>>();

/** Registers an analysis; a second registration of the same id is a programming error. */
export function registerAnalysis<O, I>(def: AnalysisDef<O, I>): AnalysisDef<O, I> {
  if (ANALYSES.has(def.id)) throw new Error(`analysis ${def.id} is registered twice`);
  ANALYSES.set(def.id, def);
  return def;
}

/** Every registered analysis, in registration order. */
export function analyses(): AnalysisDef<any, any>[] {
  return [...ANALYSES.values()];
}

/** The analysis with this id, or undefined. */
export function findAnalysis(id: string): AnalysisDef<any, any> | undefined {
  return ANALYSES.get(id);
}
