/**
 * Writing an analysis's output: CSV, JSON or Parquet, to standard output or a file. Rows are
 * written batch by batch (a streamed result, or the parts of a batch over tables, is never
 * joined into one string); a file is published as output-file.ts does (temporary file, then an
 * atomic link or rename), and an existing file is replaced only with --force.
 */
import { closeSync, existsSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import {
  collectResult,
  concatResults,
  csvHeader,
  csvLines,
  resultBatches,
  toJson,
  writeParquet,
  type AnalysisOutput,
  type Result,
} from '@catena/engine/node';
import { choiceOpt, stringOpt, UserError, type Io, type Options, type Values } from './command.js';
import { checkOutPath, formatFromOut, publishParquet, publishTemp, tempPathFor } from './output-file.js';

export const OUTPUT_OPTIONS: Options = {
  format: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
};

export const OUTPUT_HELP = (formats: readonly string[], dflt: string): string =>
  [
    `  --format F           ${[`${dflt} (default)`, ...formats.filter((f) => f !== dflt)].join(', ').replace(/, ([^,]*)$/, ' or $1')}${formats.includes('parquet') ? ' (parquet needs --out)' : ''}`,
    '  --out FILE           write there (default: standard output)',
    '  --force              replace FILE if it exists',
  ].join('\n');

export interface OutputTarget {
  format: string;
  out?: string;
  force: boolean;
}

/** Reads --format, --out and --force, and refuses what cannot work before anything is computed. */
export function outputTarget(values: Values, formats: readonly string[], dflt: string): OutputTarget {
  const format = choiceOpt(values, 'format', formats, formatFromOut(values, formats, dflt));
  const out = stringOpt(values, 'out');
  const force = values.force === true;
  if (format === 'parquet' && !out) throw new UserError('--format parquet needs --out FILE (Parquet is written to a file)');
  if (out && existsSync(out) && !force) throw new UserError(`${out} exists; pass --force to replace it`);
  return { format, out, force };
}

/** Text pieces to standard output, or to a file through a temporary name. */
async function writeText(pieces: AsyncIterable<string>, target: OutputTarget, io: Io): Promise<void> {
  if (!target.out) {
    for await (const t of pieces) io.out(t);
    return;
  }
  checkOutPath(target.out, target.force);
  const tmp = tempPathFor(target.out);
  const fd = openSync(tmp, 'wx', 0o666);
  try {
    for await (const t of pieces) writeSync(fd, t);
    fsyncSync(fd);
    closeSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  publishTemp(tmp, target.out, target.force);
}

/** CSV of one or more outputs of the same columns: the header once, then every batch of rows. */
async function* csvPieces(outputs: AsyncIterable<AnalysisOutput>): AsyncGenerator<string> {
  let columns: string[] | null = null;
  for await (const o of outputs) {
    if (!columns) {
      columns = o.columns;
      yield csvHeader(columns);
    }
    for await (const rows of resultBatches(o)) if (rows.length) yield csvLines(columns, rows);
  }
}

async function* one<T>(x: T): AsyncGenerator<T> {
  yield x;
}

/** Writes an output (or the outputs of a batch, in order) in the target's format. */
export async function writeAnalysisOutput(
  output: AnalysisOutput | AsyncIterable<AnalysisOutput>,
  target: OutputTarget,
  io: Io,
): Promise<void> {
  const outputs = Symbol.asyncIterator in output ? (output as AsyncIterable<AnalysisOutput>) : one(output as AnalysisOutput);
  if (target.format === 'csv') return writeText(csvPieces(outputs), target, io);
  const parts: Result[] = [];
  for await (const o of outputs) parts.push(await collectResult(o));
  const all = concatResults(parts);
  if (target.format === 'parquet') return publishParquet((tmp) => writeParquet(all, tmp), target.out!, target.force);
  if (target.format === 'json') return writeText(one(toJson(all)), target, io);
  throw new Error(`no writer for format ${target.format}`);
}
