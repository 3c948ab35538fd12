import { resilienceIndex, type Model } from '@catena/engine';
import { listOpt, stringOpt, UserError, type Command, type Values } from '../command.js';
import { expandTables } from '../batch.js';
import { withProgress } from '../progress.js';
import { buildModel, loadTable, TABLE_HELP, TABLE_OPTIONS } from '../table-args.js';
import { emitResult, OUTPUT_HELP, OUTPUT_OPTIONS, outputTarget } from './shocks-output.js';

function intOpt(values: Values, name: string): number | undefined {
  const v = stringOpt(values, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UserError(`--${name} ${v} is not a whole number`);
  return n;
}

export const resilienceCommand: Command = {
  name: 'resilience',
  summary: 'GVC resilience index (security and stability) of every country and year of a folder of tables',
  usage:
    '<folder|tables…> [--sector manufacturing|S,…] [--window N] [--shock-year YYYY] [--recovery-years K] [--method entropy,topsis,…] [--participation ID] [--format csv|json|parquet] [--out FILE] [--force] [table options]',
  help: `Builds, for every country and year, the components of a GVC resilience index and scores them
with the index systems of catena index. Security: lt_foreign, supplier_hhi_lt,
top_supplier_share_lt, supplier_export_hhi, top_supplier_va_loss (backward extraction of the link
from the top supplier). Stability: participation_volatility and va_volatility (trailing window,
the same for every year: years without a full window are left out), and with --shock-year the
Martin (2012) resistance and recovery. Rows: kind (component, score, weight, dimension_weight),
country, year, dimension, indicator, direction (cost/benefit), method, value.

Options:
  --sector S,…         the chain's buying sectors: manufacturing or sector codes (default all)
  --window N           years in the volatility window (default 5, at least 3)
  --shock-year YYYY    shock year for resistance (t−1 → t) and recovery (t → t+K)
  --recovery-years K   years of the recovery period (default 2)
  --method M,…         entropy, critic, pca, equal, topsis (default entropy,topsis)
  --participation ID   the indicator whose volatility is used (default gvc_participation_backward)
${OUTPUT_HELP}
${TABLE_HELP}`,
  options: {
    ...TABLE_OPTIONS,
    ...OUTPUT_OPTIONS,
    sector: { type: 'string' },
    window: { type: 'string' },
    'shock-year': { type: 'string' },
    'recovery-years': { type: 'string' },
    method: { type: 'string' },
    participation: { type: 'string' },
  },
  async run(values, positionals, io) {
    const target = outputTarget(values);
    if (positionals.length === 0) throw new UserError('missing the tables: give a folder of yearly tables or several table files');
    const paths = expandTables(positionals);
    if (values.year !== undefined)
      throw new UserError('--year applies to one table; the resilience index takes the years from the file names');
    const options = {
      sector: listOpt(values, 'sector'),
      window: intOpt(values, 'window'),
      shockYear: intOpt(values, 'shock-year'),
      recoveryYears: intOpt(values, 'recovery-years'),
      methods: listOpt(values, 'method') as ('entropy' | 'topsis')[] | undefined,
      participation: stringOpt(values, 'participation'),
    };
    const result = await withProgress(io, `resilience index over ${paths.length} tables`, async (p) => {
      const models: Model[] = [];
      p.tick(0, paths.length + 1);
      for (const path of paths) {
        models.push(buildModel(await loadTable([path], values)));
        p.tick();
      }
      return resilienceIndex(models, options);
    });
    await emitResult(result, target, (t) => io.out(t));
    return 0;
  },
};
