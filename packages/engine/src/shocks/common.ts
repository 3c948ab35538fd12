/** Small helpers shared by the analyses of this folder. */
import type { z } from 'zod';
import { CancelledError, OptionError } from '../errors.js';
import type { RunContext } from '../registry/analysis.js';

/** Throws CancelledError when the caller aborted the run. */
export function checkAbort(ctx: RunContext | undefined): void {
  if (ctx?.signal?.aborted) throw new CancelledError('the run was cancelled');
}

/** Parses options with a zod schema; a failure is an OptionError naming the first bad field. */
export function parseOptions<T>(schema: z.ZodType<T>, options: unknown): T {
  const r = schema.safeParse(options);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.map(String).join('.');
  throw new OptionError(`option ${field || '(options)'}: ${issue.message}`, issue.path.length ? String(issue.path[0]) : undefined);
}
