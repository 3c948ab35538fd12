import { nativeAvailable } from '@catena/linalg';
import { checkLinalgEnv, parseCommandArgs } from './args.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USER, type Command, type Io } from './command.js';
import { commands } from './commands/index.js';
import { systemErrorMessage } from './errors.js';
import { preflightOut } from './output-file.js';
import { withRun } from './run-context.js';

export { commands } from './commands/index.js';
export type { Command, Io } from './command.js';

const VERSION = '0.1.0';

const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: !!process.stderr.isTTY,
};

function topHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'catena — global value chain analysis on input-output tables',
    '',
    'Usage: catena <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `catena <command> --help` for the options of a command.',
    'Exit codes: 0 success, 1 a problem with the input or options (the message says what to fix), 2 an internal error.',
    '',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return `Usage: catena ${c.name} ${c.usage}\n\n${c.summary}\n\n${c.help.trimEnd()}\n`;
}

/** Known user-facing error classes from the engine and linalg (by name, to avoid a hard import cycle). */
const USER_ERROR_NAMES = new Set([
  'UserError',
  'TableFormatError',
  'TableError',
  'FormulaError',
  'DataError',
  'SingularMatrixError',
  'IllConditionedError',
  'NonFiniteError',
  'DimensionError',
  'OptionError',
]);

/** Runs the command line; returns the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(topHelp());
    return name ? EXIT_OK : EXIT_USER;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${VERSION}\n`);
    return EXIT_OK;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`catena: unknown command '${name}'. Commands: ${commands.map((c) => c.name).join(', ')}\n`);
    return EXIT_USER;
  }
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(commandHelp(cmd));
      return EXIT_OK;
    }
    checkLinalgEnv(nativeAvailable);
    const { values, positionals } = parseCommandArgs(cmd, rest);
    const out = preflightOut(cmd.name, values, positionals);
    return await withRun({ command: cmd.name, io, out, warned: new Set() }, () => cmd.run(values, positionals, io));
  } catch (e) {
    const err = e as Error;
    if (USER_ERROR_NAMES.has(err?.name)) {
      io.err(`catena ${cmd.name}: ${err.message}\n`);
      return EXIT_USER;
    }
    const sys = systemErrorMessage(e);
    if (sys) {
      io.err(`catena ${cmd.name}: ${sys}\n`);
      return EXIT_USER;
    }
    io.err(`catena ${cmd.name}: internal error: ${err?.stack ?? String(e)}\n`);
    return EXIT_INTERNAL;
  }
}
