import { READERS, type Diagnostic } from '@catena/engine/node';
import { type Command } from '../command.js';
import { fmt } from '../format.js';
import { withProgress } from '../progress.js';
import { loadTable, TABLE_HELP, TABLE_OPTIONS } from '../table-args.js';

function diagnosticLines(d: Diagnostic, max = 12): string[] {
  const items = d.items.slice(0, max).map((it) => {
    const extra = it.expected !== undefined ? ` (stored ${fmt(it.expected, 3)})` : '';
    const col = it.column ? ` → ${it.column}` : '';
    return `    ${it.label}${col}: ${fmt(it.value, 3)}${extra}`;
  });
  if (d.items.length > max) items.push(`    … and ${d.items.length - max} more (use --json for all)`);
  return [`  [${d.severity}] ${d.message}`, ...items];
}

export const infoCommand: Command = {
  name: 'info',
  summary: 'Dimensions, totals and diagnostics of a table',
  usage: '<table> [--json] [table options]',
  help: `Prints the countries, sectors and final-demand categories, the totals (output, value added,
final demand, exports) and the diagnostics: country-sectors with output x ≤ 0, negative value
added, negative flows, NaN, and imbalance against a stored output column.

Options:
  --json               machine-readable output
  --format NAME        same as --layout (the table's layout)
${TABLE_HELP}

Layouts:
${READERS.map((r) => `  ${r.format.padEnd(10)} ${r.description}`).join('\n')}`,
  options: { ...TABLE_OPTIONS, json: { type: 'boolean' }, format: { type: 'string' } },
  async run(values, positionals, io) {
    const table = await withProgress(io, 'reading', () => loadTable(positionals, values, values.format as string | undefined));
    const totals = table.totals();
    const diagnostics = table.validate();
    if (values.json) {
      io.out(
        JSON.stringify(
          {
            source: table.source,
            year: table.year ?? null,
            unit: table.unit,
            dimensions: { countries: table.G, sectors: table.N, countrySectors: table.GN, finalDemandCategories: table.F },
            countries: table.countries,
            sectors: table.sectors,
            finalDemandCategories: table.fdCategories,
            totals,
            conventions: {
              output: 'x = row sums of Z + row sums of Y',
              valueAdded: 'VA = x − column sums of Z',
            },
            diagnostics,
          },
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    const lines = [
      `table      ${table.source}`,
      `year       ${table.year ?? 'unknown'}`,
      `unit       ${table.unit}`,
      `size       ${table.G} ${table.G === 1 ? 'country' : 'countries'} × ${table.N} sectors = ${table.GN} country-sectors; ${table.F} final-demand ${table.F === 1 ? 'category' : 'categories'}`,
      `countries  ${table.countries.join(' ')}`,
      `sectors    ${table.sectors.join(' ')}`,
      `categories ${table.fdCategories.join(' ')}`,
      '',
      'totals (x = row sums of Z and Y; VA = x − column sums of Z)',
      `  output          ${fmt(totals.output)}`,
      `  value added     ${fmt(totals.valueAdded)}`,
      `  final demand    ${fmt(totals.finalDemand)}`,
      `  intermediates   ${fmt(totals.intermediate)}`,
      `  gross exports   ${fmt(totals.exports)}`,
      '',
      diagnostics.length ? 'diagnostics' : 'diagnostics: none',
      ...diagnostics.flatMap((d) => diagnosticLines(d)),
    ];
    io.out(lines.join('\n') + '\n');
    return 0;
  },
};
