import type { ParseArgsConfig } from 'node:util';

/** Exit codes: 0 success, 1 the user must fix something, 2 Catena failed. */
export const EXIT_OK = 0;
export const EXIT_USER = 1;
export const EXIT_INTERNAL = 2;

/** An error the user can fix (bad option, unreadable file, unbalanced table): exit code 1. */
export class UserError extends Error {
  override name = 'UserError';
}

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** Where a command writes; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is an interactive terminal (progress is drawn only there). */
  isTTY: boolean;
}

/** One `catena` sub-command. */
export interface Command {
  name: string;
  /** One line for `catena --help`. */
  summary: string;
  /** Usage text shown by `catena <name> --help` (after the usage line). */
  help: string;
  usage: string;
  options: Options;
  /** Whether positional arguments are accepted. */
  positionals?: boolean;
  /**
   * The flag (without dashes) of an analysis option field, for wording the engine's OptionError
   * (whose `option` is the field name, e.g. 'minShare' → 'min-share'). Default: the field in
   * kebab-case when the command has that flag.
   */
  flagFor?(option: string): string | undefined;
  run(values: Values, positionals: string[], io: Io): Promise<number>;
}

/** Reads a string option, or throws a UserError naming it when it is required and absent. */
export function stringOpt(values: Values, name: string, required: true): string;
export function stringOpt(values: Values, name: string, required?: false): string | undefined;
export function stringOpt(values: Values, name: string, required = false): string | undefined {
  const v = values[name];
  if (v === undefined) {
    if (required) throw new UserError(`missing --${name}`);
    return undefined;
  }
  if (typeof v !== 'string') throw new UserError(`--${name} takes a value`);
  return v;
}

/** Reads an option that must be one of a fixed set. */
export function choiceOpt<T extends string>(values: Values, name: string, choices: readonly T[], fallback: T): T {
  const v = stringOpt(values, name);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v)) {
    throw new UserError(`--${name} ${v} is not known; expected one of ${choices.join(', ')}`);
  }
  return v as T;
}

/** Comma-separated list option (empty → undefined). */
export function listOpt(values: Values, name: string): string[] | undefined {
  const v = stringOpt(values, name);
  if (v === undefined) return undefined;
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new UserError(`--${name} is empty; give a comma-separated list`);
  return items;
}
