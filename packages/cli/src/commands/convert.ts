import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { STATA_COUNTRIES, STATA_TABLE, writeStataIcio } from '@catena/engine';
import { choiceOpt, stringOpt, UserError, type Command } from '../command.js';
import { requireFiniteTable } from '../diagnostics.js';
import { withProgress } from '../progress.js';
import { loadTable, TABLE_HELP, TABLE_OPTIONS } from '../table-args.js';

const TARGETS = ['stata-icio'] as const;

export const convertCommand: Command = {
  name: 'convert',
  summary: 'Write a table in another tool’s format (Stata icio user table)',
  usage: '<table> --to stata-icio --out DIR [--force] [table options]',
  help: `Reads a table in any layout Catena knows and writes it for another tool, so that the same
table can be analysed there and the results compared.

  --to stata-icio      the Stata icio "user" table: DIR/${STATA_TABLE} (headerless: GN rows of
                       intermediate sales, final sales by destination country, output) and
                       DIR/${STATA_COUNTRIES} (one country code a line). Load it in Stata with
                       icio_load, iciotable(user, userpath(DIR) tablename(${STATA_TABLE})
                       countrylistname(${STATA_COUNTRIES}))
  --out DIR            the folder to write into (created when missing)
  --force              replace existing files (never replaced otherwise)

${TABLE_HELP}`,
  options: { ...TABLE_OPTIONS, to: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
  positionals: true,
  async run(values, positionals, io) {
    const to = choiceOpt(values, 'to', TARGETS, 'stata-icio');
    if (values.to === undefined) throw new UserError(`missing --to; expected one of ${TARGETS.join(', ')}`);
    const dir = stringOpt(values, 'out', true);
    const force = values.force === true;
    if (!force) {
      for (const f of [STATA_TABLE, STATA_COUNTRIES]) {
        if (existsSync(join(dir, f))) throw new UserError(`${join(dir, f)} exists; pass --force to replace it`);
      }
    }
    const table = await withProgress(io, 'reading', () => loadTable(positionals, values));
    requireFiniteTable(table, `convert ${positionals[0]}`);
    let files: { table: string; countries: string };
    try {
      files = await withProgress(io, `writing ${to}`, () => writeStataIcio(table, dir, { overwrite: force }));
    } catch (e) {
      // the writer's temporary files go when it fails (a full disk, a folder that cannot be written)
      for (const f of [STATA_TABLE, STATA_COUNTRIES]) rmSync(join(dir, `${f}.tmp-${process.pid}`), { force: true });
      throw e;
    }
    io.out(
      `wrote ${files.table} (${table.GN} rows × ${table.GN + table.G + 1} numbers) and ${files.countries} (${table.G} countries: ${table.countries.join(' ')})\n`,
    );
    io.out(`Stata: icio_load, iciotable(user, userpath("${dir}") tablename("${STATA_TABLE}") countrylistname("${STATA_COUNTRIES}"))\n`);
    return 0;
  },
};
