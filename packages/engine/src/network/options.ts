/**
 * Parses an analysis's options with its zod schema; a value that does not fit becomes an
 * OptionError naming the field, what was found and what was expected (never a ZodError).
 */
import type { z } from 'zod';
import { OptionError } from '../errors.js';

export function parseOptions<S extends z.ZodType>(schema: S, options: unknown): z.output<S> {
  const r = schema.safeParse(options ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.map(String).join('.');
  const found = field ? (options as Record<string, unknown> | undefined)?.[String(issue.path[0])] : options;
  throw new OptionError(`${field || 'options'}: ${issue.message} (found ${JSON.stringify(found)})`, field || undefined);
}
