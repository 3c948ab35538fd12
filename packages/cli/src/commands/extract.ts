import { EXTRACTION_MODES, extraction } from '@catena/engine';
import { choiceOpt, UserError, type Command } from '../command.js';
import { withProgress } from '../progress.js';
import { buildModel, loadTable, TABLE_HELP, TABLE_OPTIONS } from '../table-args.js';
import { emitResult, OUTPUT_HELP, OUTPUT_OPTIONS, outputTarget, repeated } from './shocks-output.js';

export const extractCommand: Command = {
  name: 'extract',
  summary: 'Hypothetical extraction: output and value added lost without a country-sector, country or link',
  usage:
    '<table> --target T [--target T …] [--mode backward|forward|total] [--format csv|json|parquet] [--out FILE] [--force] [table options]',
  help: `Removes the target from the economy and reports, for the world and each country, the output
and value added lost (levels and shares of the baseline). Rows: target, country, indicator, value
with indicators output_loss, output_loss_share, va_loss, va_loss_share (country World = all).
Computed by closed-form Sherman–Morrison / Woodbury updates of the table's one Leontief inverse.

Options:
  --target T           repeatable: COUNTRY_SECTOR (CHN_c14), COUNTRY (CHN), a link FROM:TO
                       (CHN:USA: all intermediate and final flows from CHN to USA), FROM:* (all
                       exports of FROM; its va_loss is its domestic value added in exports, Los,
                       Timmer & de Vries 2016), all-sectors or all-countries (one row set each)
  --mode M             backward (default: the target buys no intermediates, final demand kept),
                       forward (it sells no intermediates, Ghosh, primary inputs kept) or total
                       (both, Leontief); links take backward or forward
${OUTPUT_HELP}
${TABLE_HELP}`,
  options: { ...TABLE_OPTIONS, ...OUTPUT_OPTIONS, target: { type: 'string', multiple: true }, mode: { type: 'string' } },
  async run(values, positionals, io) {
    const target = outputTarget(values);
    const mode = choiceOpt(values, 'mode', EXTRACTION_MODES, 'backward');
    const targets = repeated(values, 'target');
    if (targets.length === 0)
      throw new UserError('missing --target: give a country-sector, a country, a link FROM:TO, all-sectors or all-countries');
    const result = await withProgress(io, 'extracting', async () => {
      const table = await loadTable(positionals, values);
      return extraction(buildModel(table), { targets, mode });
    });
    await emitResult(result, target, (t) => io.out(t));
    return 0;
  },
};
