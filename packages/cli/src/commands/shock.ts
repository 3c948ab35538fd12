import { readFileSync } from 'node:fs';
import { parseScenarioText, parseShockText, shock, type Scenario, type Shock, type ShockType } from '@catena/engine';
import { choiceOpt, stringOpt, UserError, type Command } from '../command.js';
import { withProgress } from '../progress.js';
import { buildModel, loadTable, TABLE_HELP, TABLE_OPTIONS } from '../table-args.js';
import { emitResult, OUTPUT_HELP, OUTPUT_OPTIONS, outputTarget, repeated } from './shocks-output.js';

const FLAGS: [string, ShockType][] = [
  ['final-demand', 'final-demand'],
  ['supply', 'supply'],
  ['import-coefficients', 'import-coefficients'],
  ['tariff', 'tariff'],
];

export const shockCommand: Command = {
  name: 'shock',
  summary: 'Final-demand, supply (Ghosh), import-coefficient and tariff shocks; scenarios side by side',
  usage:
    '<table> [--final-demand T=δ …] [--supply T=δ …] [--import-coefficients B:S=δ …] [--tariff B:S=τ …] [--scenario FILE …] [--name NAME] [--level sector|country] [--format csv|json|parquet] [--out FILE] [--force] [table options]',
  help: `Applies relative changes to a table's final demand, primary inputs, import coefficients or
import prices and reports, per country-sector (or country), output_change, output_change_share,
va_change, va_change_share and price_change (p − 1). Fixed technical coefficients, no
substitution. With several scenarios, one value column per scenario.

Shocks (each repeatable, δ a relative change ≥ −1: -0.1 = −10 %):
  --final-demand T=δ          USA (all of USA's final demand), USA:CHN (USA's final demand for
                              CHN's products) or USA:CHN_c14; Leontief Δx = L Δy
  --supply T=δ                CHN_c14 or CHN: primary inputs (value added); Ghosh Δx′ = Δva′G,
                              read as a cost-push price change (Dietzenbacher 1997)
  --import-coefficients B:S=δ buyer B's intermediate inputs from supplier S (CHN:JPN; either side
                              may be a country-sector); the new A by a Woodbury update of the one
                              inverse; the buyer's value-added share takes up the change
  --tariff B:S=τ              ad-valorem tariff on B's inputs from S (USA:CHN=0.25); cost-push
                              price model p′ = p′(A + τ∘A_SB) + v′
  --scenario FILE             CSV (columns scenario, type, target, change; scenario optional) or
                              JSON ([{scenario?, type, target, change}] or {"name": [shocks]});
                              types final-demand, supply, import-coefficients, tariff
  --name NAME                 name of the scenario the flags above make (default scenario)
  --level L                   sector (default) or country (countries and World; price_change is
                              the output-weighted mean)
${OUTPUT_HELP}
${TABLE_HELP}`,
  options: {
    ...TABLE_OPTIONS,
    ...OUTPUT_OPTIONS,
    'final-demand': { type: 'string', multiple: true },
    supply: { type: 'string', multiple: true },
    'import-coefficients': { type: 'string', multiple: true },
    tariff: { type: 'string', multiple: true },
    scenario: { type: 'string', multiple: true },
    name: { type: 'string' },
    level: { type: 'string' },
  },
  async run(values, positionals, io) {
    const target = outputTarget(values);
    const level = choiceOpt(values, 'level', ['sector', 'country'] as const, 'sector');
    const flagShocks: Shock[] = [];
    for (const [flag, type] of FLAGS) {
      repeated(values, flag).forEach((text) => flagShocks.push(parseShockText(type, text, `--${flag}`)));
    }
    const scenarios: Scenario[] = [];
    if (flagShocks.length) scenarios.push({ name: stringOpt(values, 'name') ?? 'scenario', shocks: flagShocks });
    for (const file of repeated(values, 'scenario')) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new UserError(`--scenario ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      scenarios.push(...parseScenarioText(text, file, stringOpt(values, 'name') ?? 'scenario'));
    }
    if (scenarios.length === 0)
      throw new UserError('no shock given: use --final-demand, --supply, --import-coefficients, --tariff or --scenario FILE');
    const result = await withProgress(io, 'applying shocks', async () => {
      const table = await loadTable(positionals, values);
      return shock(buildModel(table), { scenarios, level });
    });
    await emitResult(result, target, (t) => io.out(t));
    return 0;
  },
};
