import { type Result, toCsv } from '@catena/engine';
import { choiceOpt, stringOpt, type Command } from '../command.js';
import { writeOutput } from '../format.js';
import { formatFromOut } from '../output-file.js';
import { withProgress } from '../progress.js';
import { buildModel, loadTable, TABLE_HELP, TABLE_OPTIONS } from '../table-args.js';
import { withDiagnostics } from '../diagnostics.js';

export const leontiefCommand: Command = {
  name: 'leontief',
  summary: 'Write the global Leontief inverse B = (I − A)⁻¹ of a table',
  usage: '<table> [--out FILE] [--format csv|json] [--force] [table options]',
  help: `Computes A = Z x̂⁻¹ (zero columns where x ≤ 0) and B = (I − A)⁻¹ from one LU factorisation.
CSV is wide: a 'row' label column and one column per country-sector. JSON is
{ "labels": [...], "rows": [[...], ...], "meta": {...} }.

Options:
  --out FILE           write there (default: standard output)
  --format csv|json    output format (default csv)
  --force              replace FILE if it exists
${TABLE_HELP}`,
  options: { ...TABLE_OPTIONS, out: { type: 'string' }, format: { type: 'string' }, force: { type: 'boolean' } },
  async run(values, positionals, io) {
    const format = choiceOpt(values, 'format', ['csv', 'json'] as const, formatFromOut(values, ['csv', 'json'] as const, 'csv'));
    const out = stringOpt(values, 'out');
    const text = await withProgress(io, 'computing the Leontief inverse', async () => {
      const table = await loadTable(positionals, values);
      const model = buildModel(table);
      const B = await model.leontiefAsync();
      const labels = table.labels();
      if (format === 'json') {
        const res = {
          labels,
          rows: B.toRows(),
          meta: {
            kind: 'leontief',
            source: table.source,
            year: table.year ?? null,
            conventions: model.conventions,
            diagnostics: withDiagnostics<Result>({ columns: [], rows: [], meta: { kind: 'leontief' } }, table, model).meta.diagnostics,
          },
        };
        return JSON.stringify(res) + '\n';
      }
      const rows = labels.map((l, i) => {
        const row: Record<string, string | number> = { row: l };
        for (let j = 0; j < labels.length; j++) row[labels[j]] = B.data[i + j * B.rows];
        return row;
      });
      const result: Result = { columns: ['row', ...labels], rows, meta: { kind: 'leontief' } };
      return toCsv(result);
    });
    if (out) writeOutput(out, text, values.force === true);
    else io.out(text);
    return 0;
  },
};
