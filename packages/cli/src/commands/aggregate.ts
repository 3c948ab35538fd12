import { concordanceFor, technologyConcordance, toCsv } from '@catena/engine';
import { stringOpt, UserError, type Command } from '../command.js';
import { writeOutput } from '../format.js';
import { requireFiniteTable } from '../diagnostics.js';
import { withProgress } from '../progress.js';
import { loadTable, TABLE_HELP, TABLE_OPTIONS } from '../table-args.js';

export const aggregateCommand: Command = {
  name: 'aggregate',
  summary: 'Aggregate a table by country and sector concordances and write it as a wide CSV',
  usage: '<table> [--countries FILE|GROUPS] [--rest NAME] [--sectors FILE|TECH] --out FILE [--force] [table options]',
  help: `Sums the table's flows over groups of countries and sectors (totals are checked).

  --countries FILE     a CSV from,to mapping every country of the table to a group
  --countries G1,G2    ready-made groups (EU27, EA20, USMCA, RCEP, ASEAN, OECD, BRICS, …); the
                       other countries keep their code, or go to --rest NAME
  --sectors FILE       a CSV from,to mapping every sector to a group
  --sectors TECH       manufacturing by technology intensity (OECD; ISIC rev.3 or rev.4 codes),
                       other sectors kept
Concordance files are checked: every code mapped once (no gaps, no overlaps), no code the table
lacks; errors name the file, line and code. The output is a wide CSV (catena info reads it).

  --out FILE           where to write (required)
  --force              replace FILE if it exists
${TABLE_HELP.split('\n')
  .filter((l) => !/--countries|--sectors/.test(l))
  .join('\n')}`,
  options: {
    ...TABLE_OPTIONS,
    countries: { type: 'string' },
    sectors: { type: 'string' },
    rest: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  positionals: true,
  async run(values, positionals, io) {
    const out = stringOpt(values, 'out', true);
    const countries = stringOpt(values, 'countries');
    const sectors = stringOpt(values, 'sectors');
    if (!countries && !sectors) throw new UserError('give --countries and/or --sectors');
    const text = await withProgress(io, 'aggregating', async () => {
      const table = await loadTable(positionals, { ...values, countries: undefined, sectors: undefined });
      const sectorMap = sectors?.toUpperCase() === 'TECH' ? technologyConcordance(table.sectors).sectors : undefined;
      const agg = table.aggregate(
        concordanceFor(table, { countries, sectors: sectorMap ? undefined : sectors, rest: stringOpt(values, 'rest'), sectorMap }),
      );
      requireFiniteTable(agg, `aggregate ${positionals[0]}`);
      const labels = agg.labels();
      const fdLabels = agg.countries.flatMap((c) => agg.fdCategories.map((f) => `${c}_${f}`));
      const rows = labels.map((l, i) => {
        const row: Record<string, string | number> = { row: l };
        labels.forEach((c, j) => (row[c] = agg.Z.data[i + j * agg.GN]));
        fdLabels.forEach((c, j) => (row[c] = agg.Y.data[i + j * agg.GN]));
        return row;
      });
      return toCsv({ columns: ['row', ...labels, ...fdLabels], rows, meta: { kind: 'table' } });
    });
    writeOutput(out, text, values.force === true);
    io.out(`${out}: written\n`);
    return 0;
  },
};
