import { Model, readTable, type IcioTable } from '@catena/engine';
import { listOpt, stringOpt, UserError, type Options, type Values } from './command.js';

/** Options every command that reads a table accepts. */
export const TABLE_OPTIONS: Options = {
  layout: { type: 'string' },
  'keep-splits': { type: 'boolean' },
  countries: { type: 'string' },
  sectors: { type: 'string' },
  year: { type: 'string' },
};

export const TABLE_HELP = `Table options:
  --layout NAME        the file's layout when it cannot be detected (catena info --help lists them)
  --keep-splits        keep OECD CN1–CN4 and MX1–MX3 as rows of their own (default: meld into CHN, MEX)
  --countries A,B,…    country names for layouts without labels (matrices)
  --sectors A,B,…      sector names for layouts without labels (matrices)
  --year YYYY          the table's year when the file name does not say it`;

/** Reads the table named by the first positional argument, with the common table options. */
export async function loadTable(positionals: string[], values: Values, layoutOverride?: string): Promise<IcioTable> {
  const path = positionals[0];
  if (!path) throw new UserError('missing the table: give the path of a table file or folder');
  if (positionals.length > 1) throw new UserError(`one table at a time; got ${positionals.length} paths (${positionals.join(', ')})`);
  const yearText = stringOpt(values, 'year');
  const year = yearText === undefined ? undefined : Number(yearText);
  if (year !== undefined && !Number.isInteger(year)) throw new UserError(`--year ${yearText} is not a year`);
  return readTable(path, {
    format: layoutOverride ?? stringOpt(values, 'layout'),
    keepSplits: values['keep-splits'] === true,
    countries: listOpt(values, 'countries'),
    sectors: listOpt(values, 'sectors'),
    year,
  });
}

/** Builds the model of a table (one factorisation). */
export function buildModel(t: IcioTable): Model {
  return Model.build(t);
}
