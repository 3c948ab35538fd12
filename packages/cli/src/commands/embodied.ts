import {
  concatResults,
  embodiedChange,
  embodiedResult,
  footprintResult,
  readExtension,
  toCsv,
  toJson,
  type Extension,
  type IcioTable,
  type Result,
} from '@catena/engine/node';
import { choiceOpt, stringOpt, UserError, type Command, type Values } from '../command.js';
import { expandTables } from '../batch.js';
import { writeOutput } from '../format.js';
import { withProgress } from '../progress.js';
import { buildModel, loadTable, TABLE_HELP, TABLE_OPTIONS } from '../table-args.js';
import { checkOutputs } from './network.js';
import { parseBlocks } from './indicators.js';

/** The extension for a table's year: the file's only value set, or the one of that year. */
export function extensionFor(exts: Extension[], table: IcioTable, path: string): Extension {
  const undated = exts.find((e) => e.year === undefined);
  if (undated && exts.length === 1) return undated;
  const match = exts.find((e) => e.year === table.year);
  if (match) return match;
  const years = exts.map((e) => e.year ?? 'undated').join(', ');
  throw new UserError(
    `${path}: no rows for year ${table.year ?? '(unknown: pass --year)'} of ${table.source}; the file has years ${years}`,
  );
}

const EXT_OPTIONS = {
  ...TABLE_OPTIONS,
  extension: { type: 'string' },
  indicator: { type: 'string' },
  unit: { type: 'string' },
  level: { type: 'string' },
  block: { type: 'string', multiple: true },
  format: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
} as const;

const EXT_HELP = `  --extension FILE     the satellite account: a CSV country,sector,indicator,unit,value[,year],
                       an EXIOBASE 3 satellite folder (F.txt, unit.txt), an Eora26 Q file or folder
                       (with labels_Q.txt, labels_T.txt), or a pymrio extension .txt
  --unit U             check that the indicator is in this unit
  --block NAME=A,B,…   treat the countries as one (repeatable; a built-in group name alone uses
                       its members): flows inside the block are domestic
  --format F           csv (default) or json
  --out FILE           write there (default: standard output)
  --force              replace FILE if it exists`;

async function runOver(
  values: Values,
  positionals: string[],
  io: Parameters<Command['run']>[2],
  label: string,
  one: (table: IcioTable, ext: Extension) => Result,
): Promise<Result[]> {
  const extPath = stringOpt(values, 'extension', true);
  checkOutputs(values, ['out']);
  if (positionals.length === 0) throw new UserError('missing the table: give the path of a table file or folder');
  const paths = expandTables(positionals);
  const exts = readExtension(extPath);
  const parts: Result[] = [];
  await withProgress(io, `${label} for ${paths.length} table${paths.length > 1 ? 's' : ''}`, async (p) => {
    p.tick(0, paths.length);
    for (const path of paths) {
      const table = await loadTable([path], values);
      parts.push(one(table, extensionFor(exts, table, extPath)));
      p.tick();
    }
  });
  return parts;
}

function emit(values: Values, io: Parameters<Command['run']>[2], result: Result): number {
  const format = choiceOpt(values, 'format', ['csv', 'json'] as const, 'csv');
  const text = format === 'json' ? toJson(result) : toCsv(result);
  const out = stringOpt(values, 'out');
  if (out) writeOutput(out, text, values.force === true);
  else io.out(text);
  return 0;
}

export const embodiedCommand: Command = {
  name: 'embodied',
  summary: 'Foreign R&D embodied in intermediates and the global innovation chain embedding index',
  usage:
    '<table|folder…> --extension FILE [--indicator rd] [--level sector|country] [--unit U] [--format csv|json] [--out FILE] [--force] [table options]',
  help: `Nishioka & Ripoll (2012): with R&D expenditure by country-sector (an extension) and ρ = R&D / x,
rows year, country, sector, measure, value with
  rd_intensity       ρ (country level: R&D over output)
  embodied_total     Σ_s Σ_i ρ_si L_si,cj, R&D embodied per unit of cj's output (country level: weighted by output)
  embodied_foreign   the same over origins s ≠ c (foreign R&D embodied through intermediates)
  gic_share          embodied_foreign / embodied_total (global innovation chain embedding)
With several tables, rows with an empty year follow: <measure>_change = last year − first year.
An extension without a year column is used for every table. examples/extensions/ has a synthetic
example for WIOD.

Options:
  --indicator ID       the R&D indicator in the extension (default rd)
  --level L            sector (default) or country
${EXT_HELP}
${TABLE_HELP}`,
  options: EXT_OPTIONS,
  async run(values, positionals, io) {
    const level = choiceOpt(values, 'level', ['sector', 'country'] as const, 'sector');
    const indicator = stringOpt(values, 'indicator') ?? 'rd';
    const unit = stringOpt(values, 'unit');
    const blocks = parseBlocks(values) as Record<string, string[] | undefined> | undefined;
    const parts = await runOver(values, positionals, io, 'embodied R&D', (table, ext) =>
      embodiedResult(buildModel(table), ext, { indicator, unit, level, blocks }),
    );
    const result = parts.length === 1 ? parts[0] : concatResults(parts);
    result.rows.push(...embodiedChange(parts));
    return emit(values, io, result);
  },
};

export const footprintCommand: Command = {
  name: 'footprint',
  summary: 'Intensities, multipliers, footprints and content in exports of a satellite account',
  usage:
    '<table|folder…> --extension FILE --indicator ID [--level country|sector] [--unit U] [--format csv|json] [--out FILE] [--force] [table options]',
  help: `Environmentally extended input-output: q = e ⊘ x, m′ = q′L. Rows year, country, sector,
indicator, unit, measure, value. Country level (default): production (Σ e), footprint (content in
the country's final demand, Σ_i m_i y_ir), footprint_domestic, footprint_foreign, foreign_share,
exports_content (Σ m_j E_j). Sector level: extension, intensity, multiplier,
downstream_multiplier (Ghosh: (L e)_i / x_i − q_i), exports_content.

Options:
  --indicator ID       the indicator (as in the file; for pymrio files with a compartment,
                       'name|compartment' or the name alone)
  --level L            country (default) or sector
${EXT_HELP}
${TABLE_HELP}`,
  options: EXT_OPTIONS,
  async run(values, positionals, io) {
    const level = choiceOpt(values, 'level', ['country', 'sector'] as const, 'country');
    const indicator = stringOpt(values, 'indicator', true);
    const unit = stringOpt(values, 'unit');
    const blocks = parseBlocks(values) as Record<string, string[] | undefined> | undefined;
    const parts = await runOver(values, positionals, io, 'footprints', (table, ext) =>
      footprintResult(buildModel(table), ext, { indicator, unit, level, blocks }),
    );
    return emit(values, io, parts.length === 1 ? parts[0] : concatResults(parts));
  },
};
