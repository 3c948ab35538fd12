import { findAnalysis, INDICATORS, LOCKIN_TRENDS, type IndicatorOptions } from '@catena/engine/node';
import { UserError, type Values } from '../command.js';
import { commandFromAnalysis } from '../analysis-command.js';

/**
 * `--block NAME=CCC,CCC,…` (or a built-in name alone, e.g. `--block EU`), repeatable; `--group` is
 * the former name of the same flag and maps to the same option (`blocks`).
 */
export function parseBlocks(given: string | string[] | boolean | Values, flag = '--block'): IndicatorOptions['blocks'] {
  // Called with the raw flag value (from the registry command), or with all values (--block and --group).
  const raw = typeof given === 'object' && !Array.isArray(given) ? ([given.block ?? [], given.group ?? []].flat() as string[]) : given;
  const specs = Array.isArray(raw) ? raw : [raw];
  const groups: Record<string, string[] | undefined> = {};
  for (const spec of specs) {
    if (typeof spec !== 'string') throw new UserError(`${flag} takes a value: NAME=CCC,CCC,… or a built-in group name`);
    const eq = spec.indexOf('=');
    const name = (eq < 0 ? spec : spec.slice(0, eq)).trim();
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name))
      throw new UserError(`${flag} ${spec}: the name '${name}' must start with a letter and hold only letters, digits, _ and -`);
    if (name in groups) throw new UserError(`${flag} ${name} is given twice`);
    const members =
      eq < 0
        ? undefined
        : spec
            .slice(eq + 1)
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
    if (members && members.length === 0) throw new UserError(`${flag} ${spec}: no countries after '='; expected ${name}=CCC,CCC,…`);
    groups[name] = members;
  }
  return groups;
}

export const indicatorsCommand = commandFromAnalysis<IndicatorOptions>(findAnalysis('indicators')!, {
  usage:
    '<table|folder…> --set <ids,…> [--level sector|country] [--block NAME=CCC,…] [--inventory-correction] [--format csv|json|parquet] [--out FILE] [--force] [table options]',
  intro: `Computes position-in-the-chain indicators for every country-sector (or country) of one table,
or of several tables (a folder of yearly tables, several paths, or a comma-separated list),
with one LU factorisation of I − A per table. Output rows: year, country, sector, indicator, value
(sector empty at country level). Countries, groups and the world sum numerators and denominators.
Ratios whose denominator is not positive (x ≤ 0, negative value added …) are empty cells.`,
  input: 'tables',
  fields: {
    set: {
      placeholder: 'IDS',
      help: `indicator ids or bundles, comma-separated (default all):
bundles: all, production, participation, lengths, rca, lockin, chain, rvc
short names va_pure_domestic, va_traditional_trade, va_gvc_simple,
va_gvc_complex give both the _forward and _backward ids`,
    },
    level: { placeholder: 'L' },
    blocks: {
      flag: 'block',
      aliases: ['group'],
      placeholder: 'NAME=C,C,…',
      repeatable: true,
      parse: parseBlocks,
      help: `treat the countries as one domestic block (repeatable; each block in
turn, the others alone); a built-in name alone (EU, EA20, USMCA, RCEP,
ASEAN, OECD, BRICS) uses its members in the table. Adds NAME:<id> rows for
the production ids and the rvc_* split, for each member and for NAME as a
whole. --group is the former name of this flag`,
    },
    inventoryCorrection: {
      help: `Antràs & Chor (2018): upstreamness and downstreamness (and final_use_share,
va_output_share) corrected for net inventories; the inventory change is the
final-demand category INVEN (WIOD), INVNT (OECD ICIO, ADB MRIO, FIGARO) or a
category named "…inventor…"`,
    },
  },
  extraHelp: `OECD split parts (CN1–CN4, MX1–MX3 on a table read with --keep-splits) are reported with CHN and
MEX, and trade among them is domestic.`,
  footer: `With two or more years and the lockin bundle, trend rows follow (year empty):
lockin_participation_trend and lockin_position_trend (least-squares change per year) and
lockin_trend: ${Object.entries(LOCKIN_TRENDS)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ')}.

Indicators:
${INDICATORS.map((i) => `  ${i.id.padEnd(34)} ${i.summary}`).join('\n')}`,
});
