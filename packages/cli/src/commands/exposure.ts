import { exposure } from '@catena/engine';
import { choiceOpt, listOpt, type Command } from '../command.js';
import { withProgress } from '../progress.js';
import { buildModel, loadTable, TABLE_HELP, TABLE_OPTIONS } from '../table-args.js';
import { emitResult, OUTPUT_HELP, OUTPUT_OPTIONS, outputTarget } from './shocks-output.js';

export const exposureCommand: Command = {
  name: 'exposure',
  summary: 'Face-value, look-through and hidden exposure to supplier countries; concentration and substitutability',
  usage:
    '<table> [--level sector|country] [--sector manufacturing|S,S,…] [--no-sales] [--format csv|json|parquet] [--out FILE] [--force] [table options]',
  help: `For each buying country-sector (or country) and supplier country: face-value exposure fv (share
of the supplier in the buyer's direct inputs Z), look-through exposure lt (its share in the total
input requirements (L − I)x̂, all tiers), hidden = lt − fv (Baldwin, Freeman & Theodorakopoulos
2023), the same on the sales side (fv_sales, lt_sales, hidden_sales; rows of the Ghosh inverse),
foreign totals (supplier "foreign"), supplier_hhi_fv/lt and top_supplier_share_fv/lt (supplier
column names the top supplier), supplier_export_hhi (substitutability of the buyer's foreign
inputs) and, per sector, export_hhi (concentration of world exports across countries).
Rows: country, sector, supplier, indicator, value.

Options:
  --level L            sector (default) or country (the selected sectors of each country together,
                       summing numerators and denominators; look-through weighted by output)
  --sector S,…         buying sectors to report or aggregate; manufacturing = the table's
                       manufacturing sectors
  --no-sales           leave out the sales-side rows
${OUTPUT_HELP}
${TABLE_HELP}`,
  options: { ...TABLE_OPTIONS, ...OUTPUT_OPTIONS, level: { type: 'string' }, sector: { type: 'string' }, 'no-sales': { type: 'boolean' } },
  async run(values, positionals, io) {
    const target = outputTarget(values);
    const level = choiceOpt(values, 'level', ['sector', 'country'] as const, 'sector');
    const sector = listOpt(values, 'sector');
    const result = await withProgress(io, 'computing exposure', async () => {
      const table = await loadTable(positionals, values);
      return exposure(buildModel(table), { level, sector, sales: values['no-sales'] !== true });
    });
    await emitResult(result, target, (t) => io.out(t));
    return 0;
  },
};
