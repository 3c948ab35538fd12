/**
 * Command-line arguments in the user's words: node's parseArgs does the parsing, but its own
 * texts ("argument is ambiguous", "To specify a positional argument …") never reach the user.
 * Negative numbers are option values (`--value -3`, `--shock -0.1`); an option given twice with
 * different values is an error (the last one silently winning hides a typo); empty values are
 * named; unknown options get the closest known one.
 */
import { parseArgs } from 'node:util';
import { UserError, type Command, type Values } from './command.js';

/** A token that is a negative number (or a list/assignment starting with one), not an option. */
const NEGATIVE = /^-(\d|\.\d|inf)/i;

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** The known option closest to `name` (by edit distance or prefix), if any is close. */
export function closestOption(name: string, known: string[]): string | undefined {
  const prefix = known.filter((k) => k.startsWith(name));
  if (prefix.length === 1) return prefix[0];
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dist = editDistance(name, k);
    if (dist < bestD) [best, bestD] = [k, dist];
  }
  return bestD <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * Joins `--name -3` into `--name=-3` for string options whose next token is a negative number
 * (or is not an option of the command at all, e.g. `--out -`), so parseArgs reads it as the value.
 */
function joinNegativeValues(cmd: Command, args: string[]): string[] {
  const out: string[] = [];
  const known = new Set(Object.keys(cmd.options));
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.push(...args.slice(i));
      break;
    }
    const m = /^--([^=]+)$/.exec(a);
    const next = args[i + 1];
    if (m && cmd.options[m[1]]?.type === 'string' && next !== undefined && next.startsWith('-')) {
      const nextName = /^--?([^=]+)/.exec(next)?.[1];
      if (NEGATIVE.test(next) || next === '-' || (nextName !== undefined && !known.has(nextName) && !/^-[a-z]$/i.test(next))) {
        out.push(`${a}=${next}`);
        i++;
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

function usageLine(cmd: Command): string {
  return `Usage: catena ${cmd.name} ${cmd.usage}`;
}

/** Parses a command's arguments, or throws a UserError in plain words. */
export function parseCommandArgs(cmd: Command, rest: string[]): { values: Values; positionals: string[] } {
  const args = joinNegativeValues(cmd, rest);
  let parsed;
  try {
    parsed = parseArgs({ args, options: cmd.options, allowPositionals: cmd.positionals ?? true, strict: true, tokens: true });
  } catch (e) {
    throw new UserError(`${translate(cmd, e as NodeJS.ErrnoException, args)}\n${usageLine(cmd)}`);
  }
  // the same option twice, the value given as its own token (--method bm --method kww)
  const counts = new Map<string, number>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option' || cmd.options[t.name]?.multiple || cmd.options[t.name]?.type === 'boolean') continue;
    counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  }
  for (const [name, n] of counts) {
    if (n < 2) continue;
    const given = (parsed.tokens ?? []).filter((t) => t.kind === 'option' && t.name === name).map((t) => (t as { value?: string }).value);
    if (new Set(given).size > 1)
      throw new UserError(`--${name} is given ${n} times (${given.join(', ')}); give it once\n${usageLine(cmd)}`);
  }
  for (const [name, v] of Object.entries(parsed.values)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (typeof x === 'string' && x.trim() === '') throw new UserError(`--${name} is empty; give a value\n${usageLine(cmd)}`);
    }
  }
  return { values: parsed.values as Values, positionals: parsed.positionals };
}

/** parseArgs' error, said in terms of the command's options. */
function translate(cmd: Command, e: NodeJS.ErrnoException, args: string[]): string {
  const known = Object.keys(cmd.options);
  const opt = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1] ?? '';
  const name = opt.replace(/^-+/, '').replace(/=.*$/, '');
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const near = closestOption(name, known);
      return `${opt} is not an option of catena ${cmd.name}${near ? `; did you mean --${near}?` : ''} (catena ${cmd.name} --help lists them)`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const def = cmd.options[name];
      if (def?.type === 'boolean') return `--${name} is a switch and takes no value`;
      return `--${name} needs a value${name === 'out' ? ' (a file name)' : ''}`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const extra = /'([^']*)'/.exec(e.message)?.[1] ?? args.find((a) => !a.startsWith('-')) ?? '';
      return `catena ${cmd.name} takes no positional arguments; got '${extra}' (options start with --)`;
    }
    default:
      return `the arguments cannot be read (${e.message.split('\n')[0].replace(/ To specify.*$/, '')})`;
  }
}

/** CATENA_LINALG must be unset, ts or native. */
export function checkLinalgEnv(nativeOk: () => { ok: boolean; reason?: string }): void {
  const want = process.env.CATENA_LINALG;
  if (want === undefined || want === '') return;
  const w = want.toLowerCase();
  if (w !== 'ts' && w !== 'native') throw new UserError(`CATENA_LINALG=${want} is not known; expected ts or native (or leave it unset)`);
  if (w === 'native') {
    const n = nativeOk();
    if (!n.ok)
      throw new UserError(
        `CATENA_LINALG=native, but the native linear algebra cannot be loaded (${n.reason}); unset it to use the TypeScript fallback`,
      );
  }
}
