/** Output options shared by the shock, extract, exposure and resilience commands. */
import { existsSync } from 'node:fs';
import { toCsv, toJson, writeParquet, type Result } from '@catena/engine';
import { choiceOpt, stringOpt, UserError, type Options, type Values } from '../command.js';
import { writeOutput } from '../format.js';

export const OUTPUT_OPTIONS: Options = { format: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } };

export const OUTPUT_HELP = `  --format F           csv (default), json or parquet (parquet needs --out)
  --out FILE           write there (default: standard output)
  --force              replace FILE if it exists`;

/** Checks the output options before any work is done. */
export function outputTarget(values: Values): { format: 'csv' | 'json' | 'parquet'; out?: string; force: boolean } {
  const format = choiceOpt(values, 'format', ['csv', 'json', 'parquet'] as const, 'csv');
  const out = stringOpt(values, 'out');
  const force = values.force === true;
  if (format === 'parquet' && !out) throw new UserError('--format parquet needs --out FILE');
  if (out && existsSync(out) && !force) throw new UserError(`${out} exists; pass --force to replace it`);
  return { format, out, force };
}

/** Writes a result where outputTarget said. */
export async function emitResult(result: Result, t: ReturnType<typeof outputTarget>, write: (text: string) => void): Promise<void> {
  if (t.format === 'parquet') {
    await writeParquet(result, t.out!);
    return;
  }
  const text = t.format === 'json' ? toJson(result) : toCsv(result);
  if (t.out) writeOutput(t.out, text, t.force);
  else write(text);
}

/** The values of a repeatable string option, in order. */
export function repeated(values: Values, name: string): string[] {
  const v = values[name];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((s) => {
    if (typeof s !== 'string') throw new UserError(`--${name} takes a value`);
    return s;
  });
}
