import { aplResult, concatResults, linkagesResult, QUADRANTS, toCsv, toJson, type Result } from '@catena/engine';
import { choiceOpt, listOpt, stringOpt, UserError, type Command } from '../command.js';
import { expandTables } from '../batch.js';
import { writeOutput } from '../format.js';
import { withProgress } from '../progress.js';
import { buildModel, loadTable, TABLE_HELP, TABLE_OPTIONS } from '../table-args.js';
import { checkOutputs } from './network.js';

export const linkagesCommand: Command = {
  name: 'linkages',
  summary: 'Rasmussen–Hirschman key sectors and average propagation lengths',
  usage:
    '<table|folder…> [--apl] [--level country|sector] [--origins A,B] [--destinations A,B] [--format csv|json] [--out FILE] [--force] [table options]',
  help: `Without --apl: one row per country-sector, columns year, country, sector, backward, forward,
backward_raw, forward_raw, quadrant. backward = column sum of L = (I − A)⁻¹ over the mean, forward =
row sum of the Ghosh inverse G = x̂⁻¹ L x̂ over the mean; quadrant: ${Object.entries(QUADRANTS)
    .map(([k, v]) => `${k} (${v})`)
    .join(', ')}. Country-sectors with x ≤ 0 have empty cells.

With --apl: average propagation length APL = [L(L − I)] ⊘ (L − I) (Dietzenbacher, Romero & Bosma
2005), columns year, origin_country, origin_sector, destination_country, destination_sector, apl:
the average number of production steps from a demand impulse in the destination to the output of
the origin. At country level (default) the ratio of block sums; at sector level every pair of
country-sectors of the chosen countries (WIOD: 2 million pairs for all countries).

Options:
  --apl                average propagation lengths instead of linkages
  --level L            country (default) or sector, for --apl
  --origins A,B        origin (supplying) countries for --apl (default all)
  --destinations A,B   destination (using) countries for --apl (default all)
  --format F           csv (default) or json
  --out FILE           write there (default: standard output)
  --force              replace FILE if it exists
${TABLE_HELP}`,
  options: {
    ...TABLE_OPTIONS,
    apl: { type: 'boolean' },
    level: { type: 'string' },
    origins: { type: 'string' },
    destinations: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(values, positionals, io) {
    const format = choiceOpt(values, 'format', ['csv', 'json'] as const, 'csv');
    const level = choiceOpt(values, 'level', ['country', 'sector'] as const, 'country');
    const apl = values.apl === true;
    if (!apl && (values.level !== undefined || values.origins !== undefined || values.destinations !== undefined))
      throw new UserError('--level, --origins and --destinations apply to --apl');
    checkOutputs(values, ['out']);
    if (positionals.length === 0) throw new UserError('missing the table: give the path of a table file or folder');
    const paths = expandTables(positionals);
    const parts: Result[] = [];
    await withProgress(
      io,
      `${apl ? 'propagation lengths' : 'linkages'} for ${paths.length} table${paths.length > 1 ? 's' : ''}`,
      async (p) => {
        p.tick(0, paths.length);
        for (const path of paths) {
          const model = buildModel(await loadTable([path], values));
          await model.leontiefAsync();
          parts.push(
            apl
              ? aplResult(model, { level, origins: listOpt(values, 'origins'), destinations: listOpt(values, 'destinations') })
              : linkagesResult(model),
          );
          p.tick();
        }
      },
    );
    const result = parts.length === 1 ? parts[0] : concatResults(parts);
    const text = format === 'json' ? toJson(result) : toCsv(result);
    const out = stringOpt(values, 'out');
    if (out) writeOutput(out, text, values.force === true);
    else io.out(text);
    return 0;
  },
};
