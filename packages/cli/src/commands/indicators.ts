import { existsSync } from 'node:fs';
import {
  concatResults,
  indicators,
  INDICATORS,
  knownSetNames,
  lockinTrend,
  LOCKIN_TRENDS,
  toCsv,
  toJson,
  writeParquet,
  type IndicatorOptions,
  type Result,
} from '@catena/engine';
import { choiceOpt, listOpt, stringOpt, UserError, type Command, type Values } from '../command.js';
import { expandTables } from '../batch.js';
import { writeOutput } from '../format.js';
import { formatFromOut, publishParquet } from '../output-file.js';
import { withProgress } from '../progress.js';
import { buildModel, loadTable, TABLE_HELP, TABLE_OPTIONS } from '../table-args.js';
import { withDiagnostics } from '../diagnostics.js';

/**
 * `--block NAME=CCC,CCC,…` (or a built-in name alone, e.g. `--block EU`), repeatable; `--group` is
 * the former name of the same flag and maps to the same option (`blocks`).
 */
export function parseBlocks(values: Values): IndicatorOptions['blocks'] {
  const specs: [string, unknown][] = [];
  for (const flag of ['block', 'group'] as const) {
    const raw = values[flag];
    for (const spec of raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) specs.push([flag, spec]);
  }
  const blocks: Record<string, string[] | undefined> = {};
  for (const [flag, spec] of specs) {
    if (typeof spec !== 'string') throw new UserError(`--${flag} takes a value: NAME=CCC,CCC,… or a built-in group name`);
    const eq = spec.indexOf('=');
    const name = (eq < 0 ? spec : spec.slice(0, eq)).trim();
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name))
      throw new UserError(`--${flag} ${spec}: the name '${name}' must start with a letter and hold only letters, digits, _ and -`);
    if (name in blocks) throw new UserError(`--${flag} ${name} is given twice`);
    const members =
      eq < 0
        ? undefined
        : spec
            .slice(eq + 1)
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
    if (members && members.length === 0) throw new UserError(`--${flag} ${spec}: no countries after '='; expected ${name}=CCC,CCC,…`);
    blocks[name] = members;
  }
  return blocks;
}

export const indicatorsCommand: Command = {
  name: 'indicators',
  summary: 'GVC participation, production lengths, upstreamness, position, RCA, lock-in, chain shape, regional chains',
  usage:
    '<table|folder…> --set <ids,…> [--level sector|country] [--block NAME=CCC,…] [--inventory-correction] [--format csv|json|parquet] [--out FILE] [--force] [table options]',
  help: `Computes position-in-the-chain indicators for every country-sector (or country) of one table,
or of several tables (a folder of yearly tables, several paths, or a comma-separated list),
with one LU factorisation of I − A per table. Output rows: year, country, sector, indicator, value
(sector empty at country level). Countries, groups and the world sum numerators and denominators.
Ratios whose denominator is not positive (x ≤ 0, negative value added …) are empty cells.

Options:
  --set IDS            indicator ids or bundles, comma-separated (default all):
                       bundles: all, production, participation, lengths, rca, lockin, chain, rvc
                       short names va_pure_domestic, va_traditional_trade, va_gvc_simple,
                       va_gvc_complex give both the _forward and _backward ids
  --level L            sector (default) or country
  --block NAME=C,C,…   treat the countries as one domestic block (repeatable; each block in
                       turn, the others alone); a built-in name alone (EU, EA20, USMCA, RCEP,
                       ASEAN, OECD, BRICS) uses its members in the table. Adds NAME:<id> rows for
                       the production ids and the rvc_* split, for each member and for NAME as a
                       whole. --group is the former name of this flag
OECD split parts (CN1–CN4, MX1–MX3 on a table read with --keep-splits) are reported with CHN and
MEX, and trade among them is domestic.
  --inventory-correction
                       Antràs & Chor (2018): upstreamness and downstreamness (and final_use_share,
                       va_output_share) corrected for net inventories; the inventory change is the
                       final-demand category INVEN (WIOD), INVNT (OECD ICIO, ADB MRIO, FIGARO) or a
                       category named "…inventor…"
  --format F           csv (default), json or parquet (parquet needs --out)
  --out FILE           write there (default: standard output)
  --force              replace FILE if it exists
${TABLE_HELP}

With two or more years and the lockin bundle, trend rows follow (year empty):
lockin_participation_trend and lockin_position_trend (least-squares change per year) and
lockin_trend: ${Object.entries(LOCKIN_TRENDS)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ')}.

Indicators:
${INDICATORS.map((i) => `  ${i.id.padEnd(34)} ${i.summary}`).join('\n')}`,
  options: {
    ...TABLE_OPTIONS,
    set: { type: 'string' },
    level: { type: 'string' },
    block: { type: 'string', multiple: true },
    group: { type: 'string', multiple: true },
    'inventory-correction': { type: 'boolean' },
    format: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(values, positionals, io) {
    const format = choiceOpt(
      values,
      'format',
      ['csv', 'json', 'parquet'] as const,
      formatFromOut(values, ['csv', 'json', 'parquet'] as const, 'csv'),
    );
    const level = choiceOpt(values, 'level', ['sector', 'country'] as const, 'sector');
    const out = stringOpt(values, 'out');
    const force = values.force === true;
    if (format === 'parquet' && !out) throw new UserError('--format parquet needs --out FILE');
    if (out && existsSync(out) && !force) throw new UserError(`${out} exists; pass --force to replace it`);
    const set = listOpt(values, 'set');
    const unknown = (set ?? []).filter((s) => !knownSetNames().includes(s));
    if (unknown.length) throw new UserError(`unknown indicator ${unknown.join(', ')}; known ids: ${knownSetNames().join(', ')}`);
    const blocks = parseBlocks(values);
    if (positionals.length === 0) throw new UserError('missing the table: give the path of a table file or folder');
    const paths = expandTables(positionals);
    if (paths.length > 1 && values.year !== undefined)
      throw new UserError('--year applies to one table; with several tables the years come from the file names');

    const result = await withProgress(io, `computing indicators for ${paths.length} table${paths.length > 1 ? 's' : ''}`, async (p) => {
      const parts: Result[] = [];
      p.tick(0, paths.length);
      for (const path of paths) {
        const table = await loadTable([path], values);
        const model = buildModel(table);
        parts.push(
          withDiagnostics(
            indicators(model, { set, level, blocks, inventoryCorrection: values['inventory-correction'] === true }),
            table,
            model,
          ),
        );
        p.tick();
      }
      const all = parts.length === 1 ? parts[0] : concatResults(parts);
      if (parts.length > 1) {
        all.meta.years = parts.map((r) => r.meta.year ?? null);
        all.meta.diagnostics = parts.map((r) => ({ year: r.meta.year ?? null, source: r.meta.source, diagnostics: r.meta.diagnostics }));
        const trend = lockinTrend(parts);
        if (trend.length) {
          all.rows.push(...trend);
          all.meta.lockinTrends = LOCKIN_TRENDS;
        }
      }
      return all;
    });

    if (format === 'parquet') {
      await publishParquet((tmp) => writeParquet(result, tmp), out!, force);
      return 0;
    }
    const text = format === 'json' ? toJson(result) : toCsv(result);
    if (out) writeOutput(out, text, force);
    else io.out(text);
    return 0;
  },
};
