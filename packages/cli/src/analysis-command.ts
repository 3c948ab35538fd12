/**
 * A `catena` command made from a registered analysis (engine registry/): its flags, their help
 * and their checks come from the analysis's zod options schema — camelCase field → `--kebab-case`
 * flag (rename with `fields`), `.describe()` → the help line, enums and bounds → the checks —
 * so the CLI, the HTTP server and the job runner agree on every option. The command adds what
 * is the CLI's own: the table arguments, --format/--out/--force, and how the output is written.
 *
 *   export const fooCommand = commandFromAnalysis(findAnalysis('foo')!, {
 *     usage: '<table> --bar X [--out FILE] [table options]',
 *     intro: 'What foo computes, in a paragraph.',
 *     input: 'tables',                         // or 'table', or 'none' (the command reads its own data)
 *     fields: { bar: { placeholder: 'X' } },   // optional: flag names, placeholders, longer help, parsers
 *   });
 */
import {
  batchParts,
  optionFields,
  runBatch,
  wordIssue,
  type AnalysisDef,
  type AnalysisOutput,
  type Model,
  type BatchItem,
  type OptionField,
  type OptionIssue,
  type RunContext,
} from '@catena/engine/node';
/* eslint-disable @typescript-eslint/no-explicit-any -- a command wraps analyses of any input type */
import { UserError, type Command, type Io, type Options, type Values } from './command.js';
import { expandTables } from './batch.js';
import { writeAnalysisOutput, OUTPUT_HELP, OUTPUT_OPTIONS, outputTarget, type OutputTarget } from './output.js';
import { Progress } from './progress.js';
import { withDiagnostics } from './diagnostics.js';
import { buildModel, loadTable, TABLE_HELP, TABLE_OPTIONS } from './table-args.js';

/** How one schema field appears on the command line. */
export interface FlagSpec {
  /** The flag without dashes (default: the field name in kebab-case). */
  flag?: string;
  /** Shown after the flag in the help (default from the kind: A,B,… for lists, X for numbers …). */
  placeholder?: string;
  /** Help text (default: the field's `.describe()`); may span several lines. */
  help?: string;
  /** The flag can be given several times (lists and records). */
  repeatable?: boolean;
  /** Other flags for the same field (former names); their values join the flag's. */
  aliases?: string[];
  /** Turns the raw flag value into the schema's input; throw UserError naming the flag. */
  parse?(raw: string | string[] | boolean, flag: string): unknown;
  /** Not a flag: the command sets this field itself. */
  hidden?: boolean;
}

export interface AnalysisCommandSpec<O> {
  /** Command name (default: the analysis id). */
  name?: string;
  summary?: string;
  usage: string;
  /** The help text before the list of options. */
  intro: string;
  /** Help text after the options (tables of ids, notes). */
  footer?: string;
  /**
   * 'tables': positional paths (files, folders of yearly tables), each read and modelled, the
   * analysis run over them as a batch; 'table': exactly one; 'none': the command's `run` reads
   * its own input.
   */
  input: 'tables' | 'table' | 'none';
  fields?: Partial<Record<keyof O & string, FlagSpec>>;
  /** Flags the command handles itself (besides the table and output flags), with their help lines. */
  extraOptions?: Options;
  extraHelp?: string;
  /** Which output flags to offer (default csv, json, parquet with --format/--out/--force). */
  output?: { formats: readonly string[]; defaultFormat?: string } | 'none';
  /** Checks before any table is read (e.g. options that only make sense together). */
  check?(options: O, values: Values, target: OutputTarget | null): void;
  /** Replaces the default run (batch over the tables, write the Result). */
  run?(a: AnalysisRun<O>): Promise<number>;
}

/** What a custom run gets: the parsed options and everything the default run would use. */
export interface AnalysisRun<O> {
  def: AnalysisDef<O, any>;
  options: O;
  values: Values;
  positionals: string[];
  io: Io;
  target: OutputTarget | null;
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function placeholderOf(f: OptionField): string {
  if (f.kind === 'boolean') return '';
  if (f.kind === 'enum') return f.values!.length <= 4 ? f.values!.join('|') : f.name.charAt(0).toUpperCase();
  if (f.kind === 'list') return 'A,B,…';
  if (f.kind === 'number' || f.kind === 'integer') return 'X';
  if (f.kind === 'record') return 'NAME=…';
  return f.name.toUpperCase();
}

interface Flag {
  field: OptionField;
  flag: string;
  spec: FlagSpec;
}

/** Help lines: two spaces, the flag and its placeholder padded to 21 columns, the text. */
export function helpLines(entries: { head: string; text: string }[]): string {
  return entries
    .map(({ head, text }) => {
      const [first, ...rest] = text.split('\n');
      const lead = head.length > 20 ? `  ${head}\n${' '.repeat(23)}` : `  ${head.padEnd(21)}`;
      return [lead + first, ...rest.map((l) => ' '.repeat(23) + l.trimStart())].join('\n');
    })
    .join('\n');
}

/** Converts one raw flag value into the schema's input for the field. */
function rawToInput(f: Flag, raw: string | string[] | boolean): unknown {
  if (f.spec.parse) return f.spec.parse(raw, `--${f.flag}`);
  const one = (): string => {
    if (Array.isArray(raw)) return raw[raw.length - 1];
    if (typeof raw !== 'string') throw new UserError(`--${f.flag} takes a value`);
    return raw;
  };
  switch (f.field.kind) {
    case 'boolean':
      return raw === true;
    case 'number':
    case 'integer': {
      const t = one();
      const v = Number(t);
      if (t.trim() === '' || !Number.isFinite(v)) throw new UserError(`--${f.flag} ${t} is not a number`);
      if (f.field.kind === 'integer' && !Number.isInteger(v)) throw new UserError(`--${f.flag} ${t}: expected a whole number`);
      return v;
    }
    case 'list': {
      const items = (Array.isArray(raw) ? raw : [one()])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean);
      if (items.length === 0) throw new UserError(`--${f.flag} is empty; give a comma-separated list`);
      return items;
    }
    case 'record':
      throw new Error(`--${f.flag}: a record option needs a parse function in the command's fields`);
    default:
      return one();
  }
}

/** The values of a flag and of its alias together (lists concatenated, records merged). */
function join(a: unknown, b: unknown, flag: string): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of Object.keys(b)) if (k in a) throw new UserError(`${flag} ${k} is given twice`);
    return { ...a, ...b };
  }
  return b;
}

/** Builds the `catena` command of a registered analysis. */
export function commandFromAnalysis<O>(def: AnalysisDef<O, any>, spec: AnalysisCommandSpec<O>): Command {
  const fieldSpecs = (spec.fields ?? {}) as Record<string, FlagSpec>;
  const flags: Flag[] = optionFields(def.options)
    .filter((field) => !fieldSpecs[field.name]?.hidden)
    .map((field) => {
      const s = fieldSpecs[field.name] ?? {};
      return { field, flag: s.flag ?? kebab(field.name), spec: s };
    });
  const byField = new Map(flags.map((f) => [f.field.name, f]));
  const output = spec.output === 'none' ? null : (spec.output ?? { formats: ['csv', 'json', 'parquet'] });
  const options: Options = {
    ...(spec.input === 'none' ? {} : TABLE_OPTIONS),
    ...Object.fromEntries(
      flags.flatMap((f) =>
        [f.flag, ...(f.spec.aliases ?? [])].map((name) => [
          name,
          { type: f.field.kind === 'boolean' ? 'boolean' : 'string', ...(f.spec.repeatable ? { multiple: true } : {}) },
        ]),
      ),
    ),
    ...(output ? OUTPUT_OPTIONS : {}),
    ...(spec.extraOptions ?? {}),
  } as Options;
  const optionHelp = helpLines(
    flags.map((f) => {
      const ph = f.spec.placeholder ?? placeholderOf(f.field);
      return { head: `--${f.flag}${ph ? ` ${ph}` : ''}`, text: f.spec.help ?? f.field.description };
    }),
  );
  const help = [
    spec.intro.trimEnd(),
    '',
    'Options:',
    optionHelp,
    ...(spec.extraHelp ? [spec.extraHelp.trimEnd()] : []),
    ...(output ? [OUTPUT_HELP(output.formats, output.defaultFormat ?? output.formats[0])] : []),
    ...(spec.input === 'none' ? [] : [TABLE_HELP]),
    ...(spec.footer ? ['', spec.footer.trimEnd()] : []),
  ].join('\n');

  /** The raw flags → the parsed options, worded with the flags on error. */
  function parseValues(values: Values): O {
    const input: Record<string, unknown> = {};
    for (const f of flags) {
      for (const name of [f.flag, ...(f.spec.aliases ?? [])]) {
        const raw = values[name];
        if (raw === undefined) continue;
        const v = rawToInput({ ...f, flag: name }, raw as string | string[] | boolean);
        input[f.field.name] = f.field.name in input ? join(input[f.field.name], v, `--${name}`) : v;
      }
    }
    const r = def.options.safeParse(input);
    if (r.success) return r.data;
    const issue = r.error.issues[0] as OptionIssue;
    const f = byField.get(String(issue.path[0]));
    if (!f) throw new UserError(issue.message);
    const raw = values[f.flag];
    if (issue.code === 'invalid_type' && raw === undefined) throw new UserError(`missing --${f.flag}`);
    const found = raw === undefined || typeof raw === 'boolean' ? undefined : Array.isArray(raw) ? raw.join(',') : raw;
    throw new UserError(wordIssue(issue, `--${f.flag}`, found));
  }

  return {
    name: spec.name ?? def.id,
    summary: spec.summary ?? def.summary,
    usage: spec.usage,
    help,
    options,
    positionals: spec.input !== 'none',
    flagFor: (option) => byField.get(option)?.flag,
    async run(values, positionals, io) {
      const parsed = parseValues(values);
      const target = output ? outputTarget(values, output.formats, output.defaultFormat ?? output.formats[0]) : null;
      spec.check?.(parsed, values, target);
      if (spec.run) return spec.run({ def, options: parsed, values, positionals, io, target });
      if (positionals.length === 0)
        throw new UserError('missing the table: give the path of a table file, several files, or a folder of yearly tables');
      if (spec.input === 'table' && positionals.length > 1)
        throw new UserError(`one table at a time; got ${positionals.length} paths (${positionals.join(', ')})`);
      const paths = expandTables(positionals);
      if (paths.length > 1 && values.year !== undefined)
        throw new UserError('--year applies to one table; with several tables the years come from the file names');
      const items: BatchItem<Model>[] = paths.map((path) => ({
        label: path,
        load: async () => buildModel(await loadTable([path], values)),
      }));
      // The table's and model's warnings join each part's diagnostics (printed once on stderr).
      const withWarnings: AnalysisDef<O, Model> = {
        ...def,
        run: async (m, o, ctx) => withDiagnostics(await def.run(m, o, ctx), m.table, m),
      };
      await runOverTables(withWarnings, items, parsed, io, target!);
      return 0;
    },
  };
}

/**
 * The default run: the analysis over each table, with a progress line. Parts are written as
 * they come when the analysis has no `combine` and the output is CSV; otherwise the batch is
 * joined first (runBatch).
 */
async function runOverTables<O>(def: AnalysisDef<O, Model>, items: BatchItem<Model>[], options: O, io: Io, target: OutputTarget) {
  const p = new Progress(io, `${def.id}: ${items.length} table${items.length > 1 ? 's' : ''}`);
  let done = 0;
  const ctx: RunContext = {
    progress: (d, total) => {
      p.tick(d - done, total);
      done = d;
    },
  };
  try {
    if (!def.combine && target.format === 'csv') {
      async function* outputs(): AsyncGenerator<AnalysisOutput> {
        for await (const part of batchParts(def, items, options, ctx)) yield part.output;
      }
      await writeAnalysisOutput(outputs(), target, io);
    } else {
      await writeAnalysisOutput(await runBatch(def, items, options, ctx), target, io);
    }
  } finally {
    p.end();
  }
}
