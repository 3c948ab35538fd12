/**
 * indicators(model, { set, level, blocks }): where countries and sectors sit in value chains.
 *
 * Rows are long: `year, country, sector, indicator, value` (sector null at country level).
 * Every indicator is a level, or a ratio of two levels, per country-sector; a country (or a
 * block, or the world) sums the levels — numerators and denominators — of its country-sectors
 * before dividing, never averaging ratios. A ratio whose denominator is not positive (e.g. a
 * country-sector with x ≤ 0, or with negative value added for a share of value added) is null:
 * an empty cell, never NaN or Infinity; such country-sectors are listed in the diagnostics.
 *
 * Countries are the blocks of the model's national partition (model.partition()): OECD split
 * parts (CN1–CN4, MX1–MX3) are reported with their parent, and trade among them is domestic.
 * With blocks, each block in turn is the domestic block (the other countries alone, as
 * model.partition({ NAME: members })): the WWYZ production decomposition and the regional split
 * (rvc_*) are computed again for the block's members and the block as a whole, under indicator
 * ids prefixed `NAME:`. Blocks may overlap (EU27 and EA20): each is its own partition.
 * The values come from the table of definitions in catalog.ts.
 */
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { BlockSpec, Partition } from '../model/partition.js';
import type { Result, Row } from '../results/result.js';
import { inventoryCategory } from '../production/antras-chor.js';
import { Computations, type EvalContext, type Unit } from './computations.js';
import { definition, INDICATORS, LOCKIN_QUADRANTS, resolveSet } from './catalog.js';

export const INDICATOR_COLUMNS = ['year', 'country', 'sector', 'indicator', 'value'];

export interface IndicatorOptions {
  /** Indicator ids, bundle names or 'all' (default 'all'); see INDICATORS. */
  set?: string[];
  /** 'sector' (each country-sector, default) or 'country'. */
  level?: 'sector' | 'country';
  /**
   * Blocks, each in turn treated as the domestic block: name → member codes (countries of the
   * table or country groups such as EU27), or name → undefined for a built-in group (EU, USMCA,
   * RCEP, … from concordance/groups.ts). Checked by the partition's resolver (model/partition.ts).
   */
  blocks?: BlockSpec;
  /** Share of foreign value added an origin needs to count in chain_origins (default 0.01). */
  originThreshold?: number;
  /**
   * Antràs & Chor (2018): upstreamness and downstreamness (and final_use_share, va_output_share)
   * corrected for net inventories, N_i = the inventory final-demand category (INVEN in WIOD,
   * INVNT in OECD ICIO, ADB MRIO, FIGARO; see production/antras-chor.ts). Default false.
   */
  inventoryCorrection?: boolean;
}

/** Rows of the given blocks of a partition with sector n (or every sector), ascending. */
function rowsOf(p: Partition, blocks: number[], n: number | null): number[] {
  const out: number[] = [];
  for (const b of blocks) for (const i of n === null ? p.rows[b] : p.sectorRows(b, n)) out.push(i);
  return out.sort((a, c) => a - c);
}

/** Units of a level: each block of `p` in `blocks` (and the union as `groupName`) × each sector. */
function units(
  p: Partition,
  level: 'sector' | 'country',
  blocks: number[],
  group?: { name: string; rows: (n: number | null) => number[] },
): Unit[] {
  const out: Unit[] = [];
  const sectors: (number | null)[] = level === 'country' ? [null] : p.sectors.map((_, n) => n);
  const unit = (country: string, n: number | null, idx: number[], countryIdx: number[]): Unit => ({
    country,
    sector: n === null ? null : p.sectors[n],
    idx,
    countryIdx,
  });
  for (const b of blocks) {
    const all = rowsOf(p, [b], null);
    for (const n of sectors) out.push(unit(p.names[b], n, n === null ? all : rowsOf(p, [b], n), all));
  }
  if (group) {
    const all = group.rows(null);
    for (const n of sectors) out.push(unit(group.name, n, n === null ? all : group.rows(n), all));
  }
  return out;
}

/**
 * GVC position, participation, lengths, RCA, lock-in, chain shape and regional chains of every
 * country-sector (or country) of a model. Papers and formulas: docs/indicators.md.
 */
export function indicators(model: Model, o: IndicatorOptions = {}): Result {
  const level = o.level ?? 'sector';
  if (level !== 'sector' && level !== 'country')
    throw new OptionError(`level '${String(level)}' is not known; expected sector or country`, 'level');
  const national = model.partition();
  const inventory = o.inventoryCorrection ? model.table.fdCategories[inventoryCategory(model.table.fdCategories)] : undefined;
  // Each block is its own partition (blocks may overlap); the resolver checks every one.
  const groups = Object.entries(o.blocks ?? {}).map(([name, members]) => {
    if (national.names.includes(name))
      throw new OptionError(`blocks: the block name ${name} is also a country of the table; choose another name`, 'blocks');
    const p = model.partition({ [name]: members });
    return { name, p, b: p.indexOf(name) };
  });
  const ids = resolveSet(o.set, groups.length > 0);
  const year = model.table.year ?? null;
  const rows: Row[] = [];
  let nulls = 0;
  const push = (u: Unit, indicator: string, value: number | null) => {
    if (value !== null && !Number.isFinite(value)) value = null;
    if (value === null) nulls++;
    rows.push({ year, country: u.country, sector: u.sector, indicator, value });
  };

  const nat = new Computations(model, national);
  const everyone = national.names.map((_, b) => b);
  const allRows = rowsOf(national, everyone, null);
  const all: Unit = { country: 'World', sector: null, idx: allRows, countryIdx: allRows };
  const worldBySector = national.sectors.map((_, n) => rowsOf(national, everyone, n));
  const ctxOf = (u: Unit): EvalContext => {
    const n = u.sector === null ? -1 : national.sectors.indexOf(u.sector);
    const world = n < 0 ? all : { ...all, sector: u.sector, idx: worldBySector[n] };
    return { world, all, originThreshold: o.originThreshold, inventoryCorrection: o.inventoryCorrection === true };
  };
  const nationalIds = ids.filter((id) => !id.startsWith('rvc_')).map(definition);
  for (const u of units(national, level, everyone)) {
    const ctx = ctxOf(u);
    for (const d of nationalIds) push(u, d.id, d.value(nat, u, ctx));
  }
  const groupedIds = ids.map(definition).filter((d) => d.grouped);
  for (const g of groups) {
    if (groupedIds.length === 0) break;
    const c = new Computations(model, g.p, national, g.b);
    // The members as national units (each with its split parts), then the block as a whole.
    const memberBlocks = [...new Set(g.p.rows[g.b].map((i) => national.blockOf[i]))].sort((a, b) => a - b);
    for (const u of units(national, level, memberBlocks, { name: g.name, rows: (n) => rowsOf(g.p, [g.b], n) })) {
      const ctx = ctxOf(u);
      for (const d of groupedIds) push(u, `${g.name}:${d.id}`, d.value(c, u, ctx));
    }
  }
  const order = (codes: string[]) => [...codes].sort((a, b) => model.table.countries.indexOf(a) - model.table.countries.indexOf(b));
  const blockMeta = Object.fromEntries(groups.map((g) => [g.name, order(g.p.blocks[g.name])]));

  const diagnostics: unknown[] = model.table.validate().filter((d) => d.code === 'nonpositive-output' || d.code === 'negative-value-added');
  if (ids.some((id) => INDICATORS.find((i) => i.id === id)!.bundle !== 'rvc')) {
    // Net inventory drawdowns make final demand negative; WWYZ terms of such sectors can then be
    // negative and their shares leave [0, 1]. They are reported as computed, and listed here.
    const { y, yD } = nat.prod;
    const items = [];
    for (let i = 0; i < model.GN; i++) {
      if (yD[i] < 0 || y[i] - yD[i] < 0) items.push({ label: model.table.label(i), index: i, value: yD[i], foreign: y[i] - yD[i] });
    }
    if (items.length) {
      diagnostics.push({
        code: 'negative-final-demand',
        severity: 'info',
        message: `${items.length} country-sectors have negative domestic or foreign final demand (net inventory changes); their WWYZ terms can be negative and their participation shares outside [0, 1]`,
        items,
      });
    }
  }
  if (nulls > 0) {
    diagnostics.push({
      code: 'undefined-ratio',
      severity: 'info',
      message: `${nulls} values are empty: ratios whose denominator is not positive (x ≤ 0, value added or final goods ≤ 0, no GVC activity) and rca_va at country level`,
    });
  }
  return {
    columns: INDICATOR_COLUMNS,
    rows,
    meta: {
      kind: 'indicators',
      level,
      unit: model.table.unit,
      source: model.table.source,
      year: model.table.year,
      indicators: ids,
      blocks: blockMeta,
      /** The former name of blocks. */
      groups: blockMeta,
      ...(national.folded ? { domesticBlocks: national.members } : {}),
      ...(inventory ? { inventoryCorrection: { method: 'Antràs & Chor (2018)', inventoryCategory: inventory } } : {}),
      lockinQuadrants: ids.includes('lockin_quadrant') ? LOCKIN_QUADRANTS : undefined,
      conventions: {
        ...model.conventions,
        aggregation: 'countries, blocks and the world sum numerators and denominators over their country-sectors',
        ratios: 'empty (null) where the denominator is not positive',
      },
      diagnostics,
    },
  };
}
