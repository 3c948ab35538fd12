/**
 * Batch over tables (a folder of yearly tables, several files): one analysis, the same options,
 * one input after the other — each loaded only when its turn comes and dropped after it — with
 * progress and cancellation through the RunContext. Browser-safe: the caller says how to load
 * each input (the CLI reads files, the server reads its workspace).
 */
import { CancelledError, TableError } from '../errors.js';
import { collectResult, concatResults, type AnalysisOutput, type Result } from '../results/result.js';
import type { AnalysisDef, RunContext } from './analysis.js';

/** One input of a batch: a label for messages and progress (the file), and how to load it. */
export interface BatchItem<I> {
  label: string;
  load(): I | Promise<I>;
}

/** One finished part of a batch. */
export interface BatchPart {
  index: number;
  label: string;
  output: AnalysisOutput;
}

function checkCancelled(ctx: RunContext): void {
  if (ctx.signal?.aborted) throw new CancelledError('the run was cancelled');
}

/**
 * Runs `def` on each item in turn and yields each output as soon as it is done (a writer can
 * write it and let it go). Progress counts items: `progress(done, total, label)`, with the
 * analysis's own progress passed through between them. Throws CancelledError once the signal
 * is aborted (checked before each item and by the analysis itself).
 */
export async function* batchParts<O, I>(
  def: AnalysisDef<O, I>,
  items: readonly BatchItem<I>[],
  options: O,
  ctx: RunContext = {},
): AsyncGenerator<BatchPart> {
  const total = items.length;
  ctx.progress?.(0, total, items[0]?.label);
  for (let index = 0; index < total; index++) {
    checkCancelled(ctx);
    const { label } = items[index];
    const input = await items[index].load();
    checkCancelled(ctx);
    const output = await def.run(input, options, { signal: ctx.signal });
    if (total > 1 && output.meta.year === undefined) {
      throw new TableError(
        `${label}: the table does not say its year, which a batch needs for its year column; name the year in the file name, or run the table alone`,
      );
    }
    ctx.progress?.(index + 1, total, label);
    yield { index, label, output };
  }
}

/**
 * Runs `def` over every item and joins the parts into one result (the analysis's `combine`,
 * or rows one after another with the year column; `meta.years` and `meta.sources` list the
 * parts). One item gives that item's result unchanged.
 */
export async function runBatch<O, I>(
  def: AnalysisDef<O, I>,
  items: readonly BatchItem<I>[],
  options: O,
  ctx: RunContext = {},
): Promise<Result> {
  if (items.length === 0) throw new TableError('a batch needs at least one table');
  const parts: Result[] = [];
  for await (const p of batchParts(def, items, options, ctx)) parts.push(await collectResult(p.output));
  if (parts.length === 1) return parts[0];
  return def.combine ? def.combine(parts) : concatResults(parts);
}
