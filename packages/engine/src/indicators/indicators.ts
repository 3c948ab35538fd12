/**
 * indicators(model, { set, level, groups }): where countries and sectors sit in value chains.
 *
 * Rows are long: `year, country, sector, indicator, value` (sector null at country level).
 * Every indicator is a level, or a ratio of two levels, per country-sector; a country (or a
 * group, or the world) sums the levels — numerators and denominators — of its country-sectors
 * before dividing, never averaging ratios. A ratio whose denominator is not positive (e.g. a
 * country-sector with x ≤ 0, or with negative value added for a share of value added) is null:
 * an empty cell, never NaN or Infinity; such country-sectors are listed in the diagnostics.
 *
 * With groups, the WWYZ production decomposition and the regional split (rvc_*) are computed
 * again with each group as the domestic block, for the group's members and the group as a
 * whole, under indicator ids prefixed `NAME:`.
 */
import type { Matrix } from '@catena/linalg';
import { groupInTable, groupMembers } from '../concordance/groups.js';
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import { Blocks } from '../production/blocks.js';
import { productionLengths, type Lengths, type RatioParts } from '../production/lengths.js';
import { productionDecomposition, type ProductionDecomposition } from '../production/wwyz.js';
import type { Result, ResultDiagnostic, Row } from '../results/result.js';
import { chainShape, valueAddedOrigins } from './chain.js';
import { INDICATORS, LOCKIN_QUADRANTS, resolveSet } from './catalog.js';
import { vaExportsForward } from './rca.js';
import { regionalSplit, type RegionalSplit } from './regional.js';

export const INDICATOR_COLUMNS = ['year', 'country', 'sector', 'indicator', 'value'];

export interface IndicatorOptions {
  /** Indicator ids, bundle names or 'all' (default 'all'); see INDICATORS. */
  set?: string[];
  /** 'sector' (each country-sector, default) or 'country'. */
  level?: 'sector' | 'country';
  /**
   * Groups treated as the domestic block: name → member codes, or name → [] / undefined for a
   * built-in group (EU, USMCA, RCEP, … from concordance/groups.ts).
   */
  groups?: Record<string, string[] | undefined>;
  /** Share of foreign value added an origin needs to count in chain_origins (default 0.01). */
  originThreshold?: number;
}

/** A reporting unit: its label and the country-sectors it sums. */
interface Unit {
  country: string;
  sector: string | null;
  countries: number[];
  sectors: number[];
  idx: number[];
}

const sum = (a: Float64Array, idx: number[]): number => {
  let s = 0;
  for (const i of idx) s += a[i];
  return s;
};

/** Σ w·num / Σ w·den over idx; null unless the denominator is positive. One index: num/den. */
function ratio(p: RatioParts, idx: number[]): number | null {
  if (idx.length === 1) {
    const d = p.den[idx[0]];
    return d > 0 ? p.num[idx[0]] / d : null;
  }
  let n = 0;
  let d = 0;
  for (const i of idx) {
    const w = p.w ? p.w[i] : 1;
    n += w * p.num[i];
    d += w * p.den[i];
  }
  return d > 0 ? n / d : null;
}

const div = (a: number | null, b: number | null): number | null => (a === null || b === null || !(b > 0) ? null : a / b);

/** Everything one block structure needs, computed on first use. */
class Computations {
  private _prod?: ProductionDecomposition;
  private _len?: Lengths;
  private _f?: Float64Array;
  private _O?: Matrix;
  private _rvc?: RegionalSplit;

  constructor(
    readonly model: Model,
    readonly blocks: Blocks,
  ) {}

  get prod(): ProductionDecomposition {
    return (this._prod ??= productionDecomposition(this.model, this.blocks));
  }
  get len(): Lengths {
    return (this._len ??= productionLengths(this.model, this.blocks));
  }
  get f(): Float64Array {
    return (this._f ??= vaExportsForward(this.model));
  }
  get O(): Matrix {
    return (this._O ??= valueAddedOrigins(this.model));
  }
  get rvc(): RegionalSplit {
    return (this._rvc ??= regionalSplit(this.model, this.blocks));
  }

  private parts = new Map<string, RatioParts>();
  /** GVC participation as num/den: (simple, complex or both) over VA (forward) or final goods (backward). */
  gvcParts(dir: 'forward' | 'backward', part: 'all' | 'simple' | 'complex'): RatioParts {
    const key = `${dir}/${part}`;
    let r = this.parts.get(key);
    if (!r) {
      const t = this.prod[dir];
      const num = part === 'simple' ? t.gvcSimple : part === 'complex' ? t.gvcComplex : t.gvcSimple.map((s, i) => s + t.gvcComplex[i]);
      r = { num, den: dir === 'forward' ? this.prod.va : this.prod.y };
      this.parts.set(key, r);
    }
    return r;
  }
}

/** Indicator-id spelling of each WWYZ term → its field in the production decomposition. */
const WWYZ_TERMS = {
  pure_domestic: 'pureDomestic',
  traditional_trade: 'traditionalTrade',
  gvc_simple: 'gvcSimple',
  gvc_complex: 'gvcComplex',
} as const;

/** Value of one indicator for one unit; `world` is the same sectors over all countries. */
function evaluate(id: string, c: Computations, u: Unit, world: Unit, all: Unit, o: IndicatorOptions): number | null {
  const p = c.prod;
  // The WWYZ terms and participation ratios are named <term>_<direction>[_<part>]: read the
  // name rather than list every combination.
  const term = /^va_(pure_domestic|traditional_trade|gvc_simple|gvc_complex)_(forward|backward)$/.exec(id);
  if (term) return sum(p[term[2] as 'forward' | 'backward'][WWYZ_TERMS[term[1] as keyof typeof WWYZ_TERMS]], u.idx);
  const part = /^gvc_participation_(forward|backward)(?:_(simple|complex))?$/.exec(id);
  if (part) return ratio(c.gvcParts(part[1] as 'forward' | 'backward', (part[2] ?? 'all') as 'all' | 'simple' | 'complex'), u.idx);
  switch (id) {
    case 'va':
      return sum(p.va, u.idx);
    case 'final_goods':
      return sum(p.y, u.idx);
    case 'plv':
      return ratio(c.len.plv, u.idx);
    case 'ply':
    case 'chain_length':
      return ratio(c.len.ply, u.idx);
    case 'upstreamness':
      return ratio(c.len.upstreamness, u.idx);
    case 'downstreamness':
      return ratio(c.len.downstreamness, u.idx);
    case 'plv_gvc':
      return ratio(c.len.plvGvc, u.idx);
    case 'ply_gvc':
      return ratio(c.len.plyGvc, u.idx);
    case 'gvc_position':
      return position(c, u);
    case 'rca_va': {
      if (u.sector === null) return null;
      const f = c.f;
      const own = sum(f, u.idx);
      const country = sum(f, unitIdx(c.model, u.countries, allSectors(c.model)));
      const sectorWorld = sum(f, world.idx);
      const worldAll = sum(f, all.idx);
      return div(div(own, country), div(sectorWorld, worldAll));
    }
    case 'lockin_participation':
      return div(participation(c, u), participation(c, world));
    case 'lockin_position':
      return div(position(c, u), position(c, world));
    case 'lockin_quadrant': {
      const rp = div(participation(c, u), participation(c, world));
      const rq = div(position(c, u), position(c, world));
      if (rp === null || rq === null) return null;
      return rp >= 1 ? (rq >= 1 ? 1 : 2) : rq >= 1 ? 3 : 4;
    }
    case 'chain_foreign_share':
      return chainShape(c.O, c.model.N, u.idx, o.originThreshold).foreignShare;
    case 'chain_origins':
      return chainShape(c.O, c.model.N, u.idx, o.originThreshold).origins;
    case 'chain_hhi':
      return chainShape(c.O, c.model.N, u.idx, o.originThreshold).hhi;
    case 'chain_effective_origins':
      return chainShape(c.O, c.model.N, u.idx, o.originThreshold).effectiveOrigins;
    case 'rvc_national':
      return sum(c.rvc.national, u.idx);
    case 'rvc_regional':
      return sum(c.rvc.regional, u.idx);
    case 'rvc_return':
      return sum(c.rvc.returned, u.idx);
    case 'rvc_leave':
      return sum(c.rvc.leave, u.idx);
  }
  throw new OptionError(`indicator '${id}' has no computation`);
}

/** WWYZ (2017b) GVC position of a unit: its forward over its backward GVC length. */
function position(c: Computations, u: Unit): number | null {
  return div(ratio(c.len.plvGvc, u.idx), ratio(c.len.plyGvc, u.idx));
}

/** GVC participation for the lock-in diagnostic: (forward + backward GVC) / (VA + final goods). */
function participation(c: Computations, u: Unit): number | null {
  const f = c.prod.forward;
  const b = c.prod.backward;
  let n = 0;
  let d = 0;
  for (const i of u.idx) {
    n += f.gvcSimple[i] + f.gvcComplex[i] + b.gvcSimple[i] + b.gvcComplex[i];
    d += c.prod.va[i] + c.prod.y[i];
  }
  return d > 0 ? n / d : null;
}

const allSectors = (m: Model): number[] => Array.from({ length: m.N }, (_, n) => n);
const allCountries = (m: Model): number[] => Array.from({ length: m.G }, (_, g) => g);

function unitIdx(m: Model, countries: number[], sectors: number[]): number[] {
  const idx: number[] = [];
  for (const g of countries) for (const n of sectors) idx.push(g * m.N + n);
  return idx;
}

function makeUnit(m: Model, label: string, countries: number[], sector: number | null): Unit {
  const sectors = sector === null ? allSectors(m) : [sector];
  return {
    country: label,
    sector: sector === null ? null : m.table.sectors[sector],
    countries,
    sectors,
    idx: unitIdx(m, countries, sectors),
  };
}

/** Units of a level: each country (or each member, and the group as a whole) × each sector. */
function units(m: Model, level: 'sector' | 'country', members: number[], groupName?: string): Unit[] {
  const out: Unit[] = [];
  const sectors: (number | null)[] = level === 'country' ? [null] : allSectors(m);
  for (const g of members) for (const n of sectors) out.push(makeUnit(m, m.table.countries[g], [g], n));
  if (groupName) for (const n of sectors) out.push(makeUnit(m, groupName, members, n));
  return out;
}

/** Resolves the groups option against the table: name → member indices. */
export function resolveGroups(model: Model, groups: IndicatorOptions['groups']): { name: string; members: number[] }[] {
  const out: { name: string; members: number[] }[] = [];
  const table = model.table;
  for (const [name, given] of Object.entries(groups ?? {})) {
    let codes = given && given.length ? given : groupMembers(name);
    if (!codes) throw new OptionError(`group ${name}: no members given and no built-in group of that name; give ${name}=CCC,CCC,…`);
    if (given && given.length) {
      const missing = given.filter((c) => groupInTable([c], table.countries).length === 0);
      if (missing.length) {
        throw new OptionError(`group ${name}: ${missing.join(', ')} not in the table; known: ${table.countries.join(', ')}`);
      }
    }
    codes = groupInTable(codes, table.countries);
    if (codes.length === 0)
      throw new OptionError(`group ${name}: none of its members is a country of the table (${table.countries.join(', ')})`);
    if (table.countries.includes(name)) throw new OptionError(`group name ${name} is also a country of the table; choose another name`);
    out.push({ name, members: codes.map((c) => table.countryIndex(c)).sort((a, b) => a - b) });
  }
  return out;
}

/**
 * GVC position, participation, lengths, RCA, lock-in, chain shape and regional chains of every
 * country-sector (or country) of a model. Papers and formulas: docs/indicators.md.
 */
export function indicators(model: Model, o: IndicatorOptions = {}): Result {
  const level = o.level ?? 'sector';
  if (level !== 'sector' && level !== 'country') throw new OptionError(`level '${String(level)}' is not known; expected sector or country`);
  const groups = resolveGroups(model, o.groups);
  const ids = resolveSet(o.set, groups.length > 0);
  const year = model.table.year ?? null;
  const rows: Row[] = [];
  let nulls = 0;
  const push = (u: Unit, indicator: string, value: number | null) => {
    if (value !== null && !Number.isFinite(value)) value = null;
    if (value === null) nulls++;
    rows.push({ year, country: u.country, sector: u.sector, indicator, value });
  };

  const national = new Computations(model, Blocks.national(model));
  const everyone = allCountries(model);
  const all = makeUnit(model, 'World', everyone, null);
  const worldOf = (u: Unit): Unit => (u.sector === null ? all : { ...u, countries: everyone, idx: unitIdx(model, everyone, u.sectors) });
  const nationalIds = ids.filter((id) => !id.startsWith('rvc_'));
  for (const u of units(model, level, everyone)) {
    const w = worldOf(u);
    for (const id of nationalIds) push(u, id, evaluate(id, national, u, w, all, o));
  }
  const groupedIds = ids.filter((id) => INDICATORS.find((i) => i.id === id)!.grouped);
  for (const g of groups) {
    if (groupedIds.length === 0) break;
    const c = new Computations(model, Blocks.group(model, g.members, g.name));
    for (const u of units(model, level, g.members, g.name)) {
      const w = worldOf(u);
      for (const id of groupedIds) push(u, `${g.name}:${id}`, evaluate(id, c, u, w, all, o));
    }
  }

  const diagnostics: ResultDiagnostic[] = model.table
    .validate()
    .filter((d) => d.code === 'nonpositive-output' || d.code === 'negative-value-added');
  if (ids.some((id) => INDICATORS.find((i) => i.id === id)!.bundle !== 'rvc')) {
    // Net inventory drawdowns make final demand negative; WWYZ terms of such sectors can then be
    // negative and their shares leave [0, 1]. They are reported as computed, and listed here.
    const { y, yD } = national.prod;
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
      groups: Object.fromEntries(groups.map((g) => [g.name, g.members.map((k) => model.table.countries[k])])),
      lockinQuadrants: ids.includes('lockin_quadrant') ? LOCKIN_QUADRANTS : undefined,
      conventions: {
        ...model.conventions,
        aggregation: 'countries, groups and the world sum numerators and denominators over their country-sectors',
        ratios: 'empty (null) where the denominator is not positive',
      },
      diagnostics,
    },
  };
}
