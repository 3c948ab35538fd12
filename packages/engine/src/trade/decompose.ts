/**
 * decompose(model, options): one entry point for every decomposition of gross exports.
 * Each method lives in its own file and registers a TradeMethod in TRADE_METHODS (methods.ts).
 *
 * Rows are long: `year, exporter, sector, importer, term, value`; keys that do not apply at the
 * chosen level are null (empty in CSV).
 */
import { groupInTable, groupMembers } from '../concordance/groups.js';
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import { resolveBlocks } from './frame.js';
import type { Result, Row } from '../results/result.js';

export type Level = 'country' | 'sector' | 'bilateral' | 'sector-bilateral';
export type Approach = 'source' | 'sink';
export type MethodId = 'bm' | 'kww' | 'wwz' | 'hiy' | 'my' | 'tiva' | 'koopman';

export const DECOMPOSITION_COLUMNS = ['year', 'exporter', 'sector', 'importer', 'term', 'value'];

/** The common components `--summary` reports, so methods can be compared side by side. */
export const SUMMARY_TERMS = ['GEXP', 'DC', 'DVA', 'VAX', 'REF', 'DDC', 'FC', 'FVA', 'FDC', 'GVC', 'GVCB', 'GVCF'] as const;

export interface DecomposeOptions {
  method: MethodId;
  /** BM: exporter | world | sector | bilateral | sector-bilateral | importer. */
  perspective?: string;
  approach?: Approach;
  level?: Level;
  /** Country codes to report as exporters (default: all). */
  exporters?: string[];
  /** Country codes to report as importers (bilateral levels; default: all). */
  importers?: string[];
  /** Sector codes to report (sector levels; default: all). */
  sectors?: string[];
  /** Report the common components only (SUMMARY_TERMS). */
  summary?: boolean;
  /**
   * Groups of countries each treated as one domestic block, e.g. { NAFTA: ['MEX', 'USA'] }: trade
   * among the members is domestic, the block exports and imports as one country, and its rows
   * are reported under the block's name (which `exporters` and `importers` also accept).
   * Members are countries of the table or country groups (EU27, USMCA …, expanded to their
   * members in the table); a country belongs to one block at most. Every method honours it.
   */
  blocks?: Record<string, string[]>;
}

/** One decomposition method. */
export interface TradeMethod {
  id: MethodId;
  name: string;
  /** Paper(s), as cited in docs/methods.md. */
  paper: string;
  perspectives: string[];
  approaches: Approach[];
  levels: Level[];
  /** The method's own terms, in their canonical order. */
  terms: string[];
  run(model: Model, o: Required<Pick<DecomposeOptions, 'perspective' | 'approach' | 'level'>> & DecomposeOptions): Result;
  /** Maps the method's rows onto SUMMARY_TERMS (rows keep their keys, terms change). */
  summarize(rows: Row[]): Row[];
  /** The level used when none is asked for, if it depends on the perspective (default: country). */
  defaultLevel?(perspective: string): Level;
}

/** Filled by methods.ts (one import per method file). */
export const TRADE_METHODS: Partial<Record<MethodId, TradeMethod>> = {};

export function registerTradeMethod(m: TradeMethod): void {
  TRADE_METHODS[m.id] = m;
}

/** Indices of the countries and sectors an analysis reports (all when the option is absent). */
export interface Selection {
  exporters: number[];
  importers: number[];
  sectors: number[];
}

function pickCountries(option: string, codes: string[] | undefined, countries: string[]): number[] {
  if (!codes) return countries.map((_, g) => g);
  const out = new Set<number>();
  for (const code of codes) {
    const g = countries.indexOf(code);
    if (g >= 0) {
      out.add(g);
      continue;
    }
    const members = groupMembers(code);
    const inTable = members ? groupInTable(members, countries) : [];
    if (inTable.length === 0) {
      throw new OptionError(
        `${option}: '${code}' is neither a country of the table nor a country group with members in it; the table's countries are ${countries.join(', ')}`,
      );
    }
    for (const c of inTable) out.add(countries.indexOf(c));
  }
  return [...out].sort((a, b) => a - b);
}

/** Resolves the exporters, importers and sectors options (country groups such as EU27 expand to their members). */
export function selection(model: Model, o: Pick<DecomposeOptions, 'exporters' | 'importers' | 'sectors'>): Selection {
  const t = model.table;
  const sectors = o.sectors
    ? [
        ...new Set(
          o.sectors.map((code) => {
            const n = t.sectors.indexOf(code);
            if (n < 0) throw new OptionError(`sectors: '${code}' is not a sector of the table; its sectors are ${t.sectors.join(', ')}`);
            return n;
          }),
        ),
      ].sort((a, b) => a - b)
    : t.sectors.map((_, n) => n);
  return {
    exporters: pickCountries('exporters', o.exporters, t.countries),
    importers: pickCountries('importers', o.importers, t.countries),
    sectors,
  };
}

/** Wraps a method's rows into a Result with the decomposition's metadata. */
export function decompositionResult(model: Model, o: DecomposeOptions, terms: string[], rows: Row[]): Result {
  const t = model.table;
  return {
    columns: [...DECOMPOSITION_COLUMNS],
    rows,
    meta: {
      kind: 'decomposition',
      method: o.method,
      perspective: o.perspective,
      approach: o.approach,
      level: o.level,
      terms,
      unit: t.unit,
      source: t.source,
      year: t.year,
      conventions: model.conventions,
      diagnostics: model.zeroOutput.length
        ? [
            {
              code: 'nonpositive-output',
              severity: 'warning',
              message: `${model.zeroOutput.length} country-sector(s) with output x ≤ 0 have zero coefficients and add nothing to the decomposition`,
              items: model.zeroOutput.map((i) => ({ label: t.label(i), index: i, value: model.x[i] })),
            },
          ]
        : [],
    },
  };
}

function oneOf<T extends string>(option: string, found: string | undefined, allowed: readonly T[], fallback: T, method?: string): T {
  if (found === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(found)) {
    throw new OptionError(
      `${option} '${found}' is not known${method ? ` for method ${method}` : ''}; expected one of ${allowed.join(', ')}`,
    );
  }
  return found as T;
}

/** Country codes with block names (that are not countries of the table) replaced by the block's members. */
function withBlockMembers(
  codes: string[] | undefined,
  blocks: Record<string, string[]> | undefined,
  countries: string[],
): string[] | undefined {
  if (!codes || !blocks) return codes;
  return codes.flatMap((c) => (blocks[c] && !countries.includes(c) ? blocks[c] : [c]));
}

/**
 * Decomposes the gross exports of a model's table with one method (Borin–Mancini, KWW, WWZ,
 * HIY, Miroudot–Ye, TiVA, Koopman et al.). Validates the options (unknown method, perspective,
 * approach, level, country or block → OptionError naming what was found and what is allowed), applies
 * each method's defaults (its first perspective and approach; level country unless the method's
 * defaultLevel says otherwise for the perspective), and with
 * `summary: true` maps the rows onto the common components (SUMMARY_TERMS).
 * The methods register themselves in trade/methods.ts, which the package index imports.
 */
export function decompose(model: Model, options: DecomposeOptions): Result {
  const known = Object.keys(TRADE_METHODS);
  const m = TRADE_METHODS[options.method];
  if (!m) throw new OptionError(`method '${String(options.method)}' is not known; expected one of ${known.join(', ')}`);
  const perspective = oneOf('perspective', options.perspective, m.perspectives, m.perspectives[0], m.id);
  const approach = oneOf('approach', options.approach, m.approaches, m.approaches[0], m.id);
  const level = oneOf(
    'level',
    options.level,
    m.levels,
    m.defaultLevel?.(perspective) ?? (m.levels.includes('country') ? 'country' : m.levels[0]),
    m.id,
  );
  const blocks = options.blocks ? resolveBlocks(model.table.countries, options.blocks) : undefined;
  const o = {
    ...options,
    perspective,
    approach,
    level,
    blocks,
    exporters: withBlockMembers(options.exporters, blocks, model.table.countries),
    importers: withBlockMembers(options.importers, blocks, model.table.countries),
  };
  selection(model, o);
  const res = m.run(model, o);
  if (!options.summary) return res;
  const rows = m.summarize(res.rows);
  const present = new Set(rows.map((r) => r.term));
  return { ...res, rows, meta: { ...res.meta, summary: true, terms: SUMMARY_TERMS.filter((t) => present.has(t)) } };
}
