import { Model, readTable, type IcioTable } from '@catena/engine';
import { listOpt, stringOpt, UserError, type Options, type Values } from './command.js';
import { reportModel, reportTable } from './diagnostics.js';
import { currentRun } from './run-context.js';

/** Options every command that reads a table accepts. */
export const TABLE_OPTIONS: Options = {
  layout: { type: 'string' },
  'keep-splits': { type: 'boolean' },
  countries: { type: 'string' },
  sectors: { type: 'string' },
  year: { type: 'string' },
  'max-bytes': { type: 'string' },
  'allow-unproductive': { type: 'boolean' },
};

export const TABLE_HELP = `Table options:
  --layout NAME        the file's layout when it cannot be detected (catena info --help lists them)
  --keep-splits        keep OECD CN1–CN4 and MX1–MX3 as rows of their own (default: meld into CHN, MEX)
  --countries A,B,…    country names for layouts without labels (matrices)
  --sectors A,B,…      sector names for layouts without labels (matrices)
  --year YYYY          the table's year when the file name does not say it
  --max-bytes N        the most text a compressed table may inflate to (bytes, or with K, M, G: 20G);
                       default 200 times the compressed size (at least 64M)
  --allow-unproductive compute even when the table is not productive (spectral radius of A ≥ 1,
                       so the Leontief inverse has negative entries); stops with an error otherwise`;

/** Parses --max-bytes: a byte count, or one with a K, M or G suffix (powers of 1024). */
export function maxBytesOpt(values: Values): number | undefined {
  const t = stringOpt(values, 'max-bytes');
  if (t === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]i?B?|B)?$/i.exec(t.trim());
  const unit = m?.[2]?.[0]?.toUpperCase();
  const n = m ? Number(m[1]) * (unit === 'K' ? 1024 : unit === 'M' ? 1024 ** 2 : unit === 'G' ? 1024 ** 3 : 1) : NaN;
  if (!Number.isFinite(n) || n < 1) throw new UserError(`--max-bytes ${t} is not a size; give bytes or a size such as 512M or 20G`);
  return Math.floor(n);
}

/** Reads the table named by the first positional argument, with the common table options. */
export async function loadTable(positionals: string[], values: Values, layoutOverride?: string): Promise<IcioTable> {
  const path = positionals[0];
  if (!path) throw new UserError('missing the table: give the path of a table file or folder');
  if (positionals.length > 1) throw new UserError(`one table at a time; got ${positionals.length} paths (${positionals.join(', ')})`);
  const yearText = stringOpt(values, 'year');
  const year = yearText === undefined ? undefined : Number(yearText);
  if (year !== undefined && !(Number.isInteger(year) && year >= 1800 && year <= 2200))
    throw new UserError(`--year ${yearText} is not a year; expected four digits, e.g. 2015`);
  const countries = listOpt(values, 'countries');
  const sectors = listOpt(values, 'sectors');
  const table = await readTable(path, {
    format: layoutOverride ?? stringOpt(values, 'layout'),
    keepSplits: values['keep-splits'] === true,
    countries,
    sectors,
    year,
    maxBytes: maxBytesOpt(values),
  });
  // --countries and --sectors name the rows of label-less layouts; a table with its own labels ignores them
  for (const [opt, given, own] of [
    ['countries', countries, table.countries],
    ['sectors', sectors, table.sectors],
  ] as const) {
    if (given && (given.length !== own.length || given.some((g, k) => g !== own[k]))) {
      const shown = own.length > 8 ? `${own.slice(0, 8).join(', ')}, …` : own.join(', ');
      throw new UserError(
        `--${opt} names the rows of a table without labels, but ${path} has its own ${opt} (${shown}); leave --${opt} out`,
      );
    }
  }
  if (values['allow-unproductive'] === true) ALLOW_UNPRODUCTIVE.add(table);
  // info shows the findings itself; every other command gets them as one block on stderr
  if (currentRun()?.command !== 'info') reportTable(table);
  return table;
}

/** Tables read with --allow-unproductive. */
const ALLOW_UNPRODUCTIVE = new WeakSet<IcioTable>();

/** Builds the model of a table (one factorisation), printing its numerical warnings. */
export function buildModel(t: IcioTable): Model {
  const m = Model.build(t, { allowUnproductive: ALLOW_UNPRODUCTIVE.has(t) });
  reportModel(m);
  return m;
}
