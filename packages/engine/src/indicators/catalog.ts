/**
 * The indicators, as one table of definitions: each id with its bundle, kind, summary and the
 * function that computes it for a unit (computations.ts). `indicators()` evaluates these and
 * nothing else; `catena indicators --set` accepts the ids and bundles. Each id is documented
 * (formula, paper, reading) in docs/indicators.md.
 */
import { OptionError } from '../errors.js';
import { div, ratio, sum, type Computations, type EvalContext, type Unit } from './computations.js';
import { chainShape, type ChainShape } from './chain.js';

export interface IndicatorInfo {
  id: string;
  bundle: 'production' | 'participation' | 'lengths' | 'rca' | 'lockin' | 'chain' | 'rvc';
  /** level (table unit), share (0–1 for non-negative tables), ratio, count or code. */
  kind: 'level' | 'share' | 'ratio' | 'count' | 'code';
  /** Whether the id is also computed with a user block as the domestic block (`NAME:id`). */
  grouped: boolean;
  summary: string;
}

/** An indicator: its description and its value for one unit (null when undefined, e.g. a ratio over a non-positive denominator). */
export interface IndicatorDefinition extends IndicatorInfo {
  value(c: Computations, u: Unit, ctx: EvalContext): number | null;
}

type Value = IndicatorDefinition['value'];
const def = (
  id: string,
  bundle: IndicatorInfo['bundle'],
  kind: IndicatorInfo['kind'],
  grouped: boolean,
  summary: string,
  value: Value,
): IndicatorDefinition => ({ id, bundle, kind, grouped, summary, value });

type Dir = 'forward' | 'backward';
type WwyzField = 'pureDomestic' | 'traditionalTrade' | 'gvcSimple' | 'gvcComplex';
const term =
  (dir: Dir, field: WwyzField): Value =>
  (c, u) =>
    sum(c.prod[dir][field], u.idx);
const part =
  (dir: Dir, p: 'all' | 'simple' | 'complex'): Value =>
  (c, u) =>
    ratio(c.gvcParts(dir, p), u.idx);
const length =
  (key: keyof Computations['len']): Value =>
  (c, u) =>
    ratio(c.len[key], u.idx);
const chain =
  (key: keyof ChainShape): Value =>
  (c, u, ctx) =>
    chainShape(c.O, c.partition.blockOf, u.idx, ctx.originThreshold)[key];
const rvc =
  (key: keyof Computations['rvc']): Value =>
  (c, u) =>
    sum(c.rvc[key], u.idx);

const P = (id: string, summary: string, value: Value) => def(id, 'production', 'level', true, summary, value);
const S = (id: string, summary: string, value: Value) => def(id, 'participation', 'share', true, summary, value);
const Lg = (id: string, summary: string, value: Value) => def(id, 'lengths', 'ratio', false, summary, value);

/** Value-added RCA (KWW 2014): the sector's share in its country's VA exports over the world's same share. */
const rcaVa: Value = (c, u, ctx) => {
  if (u.sector === null) return null;
  const f = c.f;
  return div(div(sum(f, u.idx), sum(f, u.countryIdx)), div(sum(f, ctx.world.idx), sum(f, ctx.all.idx)));
};
const relParticipation: Value = (c, u, ctx) => div(c.participation(u), c.participation(ctx.world));
const relPosition: Value = (c, u, ctx) => div(c.position(u), c.position(ctx.world));

/** Every indicator, in catalogue (and output) order. */
export const DEFINITIONS: readonly IndicatorDefinition[] = [
  P('va', 'value added v_i (B y)_i that the forward terms decompose', (c, u) => sum(c.prod.va, u.idx)),
  P(
    'va_pure_domestic_forward',
    'WWYZ forward: V L Y^D, value added absorbed at home without crossing a border',
    term('forward', 'pureDomestic'),
  ),
  P('va_traditional_trade_forward', 'WWYZ forward: V L Y^F, value added exported in final goods', term('forward', 'traditionalTrade')),
  P('va_gvc_simple_forward', 'WWYZ forward: V L A^F L Y^D, crosses one border as intermediates', term('forward', 'gvcSimple')),
  P('va_gvc_complex_forward', 'WWYZ forward: V L A^F (B Y − L Y^D), crosses at least two borders', term('forward', 'gvcComplex')),
  P('final_goods', 'final goods output y_j that the backward terms decompose', (c, u) => sum(c.prod.y, u.idx)),
  P('va_pure_domestic_backward', 'WWYZ backward: column sums of V L Y^D', term('backward', 'pureDomestic')),
  P('va_traditional_trade_backward', 'WWYZ backward: column sums of V L Y^F', term('backward', 'traditionalTrade')),
  P('va_gvc_simple_backward', 'WWYZ backward: column sums of V L A^F L Y^D', term('backward', 'gvcSimple')),
  P('va_gvc_complex_backward', 'WWYZ backward: column sums of V L A^F (B Y − L Y^D)', term('backward', 'gvcComplex')),
  S('gvc_participation_forward', '(simple + complex GVC forward) / VA', part('forward', 'all')),
  S('gvc_participation_forward_simple', 'simple GVC forward / VA', part('forward', 'simple')),
  S('gvc_participation_forward_complex', 'complex GVC forward / VA', part('forward', 'complex')),
  S('gvc_participation_backward', '(simple + complex GVC backward) / final goods output', part('backward', 'all')),
  S('gvc_participation_backward_simple', 'simple GVC backward / final goods output', part('backward', 'simple')),
  S('gvc_participation_backward_complex', 'complex GVC backward / final goods output', part('backward', 'complex')),
  Lg('plv', 'production length of value added, (B x)_i / x_i (WWYZ 2017b)', length('plv')),
  Lg('ply', 'production length of final goods, Σ_i B_ij (WWYZ 2017b)', length('ply')),
  Lg(
    'upstreamness',
    'Antràs–Chor–Fally–Hillberry (2012) upstreamness, row sums of the Ghosh inverse; with inventoryCorrection Antràs–Chor (2018) (I − Δ)⁻¹1',
    (c, u, ctx) => (ctx.inventoryCorrection ? ratio(c.ac(true).upstreamness, u.idx) : ratio(c.len.upstreamness, u.idx)),
  ),
  Lg(
    'downstreamness',
    'Fally (2012) number of stages embodied, column sums of B; with inventoryCorrection Antràs–Chor (2018) 1ᵀ(I − Ã)⁻¹',
    (c, u, ctx) => (ctx.inventoryCorrection ? ratio(c.ac(true).downstreamness, u.idx) : ratio(c.len.downstreamness, u.idx)),
  ),
  def(
    'final_use_share',
    'lengths',
    'share',
    false,
    'Antràs–Chor (2018) final use / (output − net inventories); without inventoryCorrection final use / output',
    (c, u, ctx) => ratio(c.ac(ctx.inventoryCorrection === true).finalUseShare, u.idx),
  ),
  def(
    'va_output_share',
    'lengths',
    'share',
    false,
    'Antràs–Chor (2018) value added / output, 1 − Σ_i Ã_ij; without inventoryCorrection VA / x',
    (c, u, ctx) => ratio(c.ac(ctx.inventoryCorrection === true).vaOutputShare, u.idx),
  ),
  Lg('plv_gvc', 'forward GVC production length (WWYZ 2017b)', length('plvGvc')),
  Lg('ply_gvc', 'backward GVC production length (WWYZ 2017b)', length('plyGvc')),
  Lg('gvc_position', 'plv_gvc / ply_gvc (WWYZ 2017b); above 1 upstream', (c, u) => c.position(u)),
  def('rca_va', 'rca', 'ratio', false, 'value-added (new) RCA, KWW 2014; sector level only', rcaVa),
  def('lockin_participation', 'lockin', 'ratio', false, 'GVC participation relative to the world same sector(s)', relParticipation),
  def('lockin_position', 'lockin', 'ratio', false, 'GVC position relative to the world same sector(s)', relPosition),
  def(
    'lockin_quadrant',
    'lockin',
    'code',
    false,
    '1 upstream-embedded, 2 low-end lock-in, 3 upstream-detached, 4 downstream-detached',
    (c, u, ctx) => {
      const rp = relParticipation(c, u, ctx);
      const rq = relPosition(c, u, ctx);
      if (rp === null || rq === null) return null;
      return rp >= 1 ? (rq >= 1 ? 1 : 2) : rq >= 1 ? 3 : 4;
    },
  ),
  def('chain_length', 'chain', 'ratio', false, 'stages embodied in output (= ply)', length('ply')),
  def('chain_foreign_share', 'chain', 'share', false, 'foreign value added / value added embodied in output', chain('foreignShare')),
  def('chain_origins', 'chain', 'count', false, 'origin countries supplying ≥ 1% of foreign value added', chain('origins')),
  def('chain_hhi', 'chain', 'share', false, 'Herfindahl–Hirschman index of the origins of foreign value added', chain('hhi')),
  def('chain_effective_origins', 'chain', 'ratio', false, '1 / HHI, effective number of origin countries', chain('effectiveOrigins')),
  def('rvc_national', 'rvc', 'level', true, 'VA absorbed at home, never crossing a border (needs a block)', rvc('national')),
  def('rvc_regional', 'rvc', 'level', true, 'VA absorbed in the block, crossing only borders inside it', rvc('regional')),
  def('rvc_return', 'rvc', 'level', true, 'VA absorbed in the block after leaving it', rvc('returned')),
  def('rvc_leave', 'rvc', 'level', true, 'VA absorbed outside the block', rvc('leave')),
];

/** The definitions without their functions. */
export const INDICATORS: IndicatorInfo[] = DEFINITIONS.map(({ id, bundle, kind, grouped, summary }) => ({
  id,
  bundle,
  kind,
  grouped,
  summary,
}));

const BY_ID = new Map(DEFINITIONS.map((d) => [d.id, d]));

/** The definition of an id (OptionError for an unknown id). */
export function definition(id: string): IndicatorDefinition {
  const d = BY_ID.get(id);
  if (!d) throw new OptionError(`unknown indicator '${id}'; known ids: ${knownSetNames().join(', ')}`, 'set');
  return d;
}

/** The quadrant names of lockin_quadrant, by code. */
export const LOCKIN_QUADRANTS: Record<number, string> = {
  1: 'upstream-embedded (participation and position at or above the world)',
  2: 'low-end lock-in (participation at or above the world, position below)',
  3: 'upstream-detached (participation below the world, position at or above)',
  4: 'downstream-detached (participation and position below the world)',
};

const BUNDLES = ['production', 'participation', 'lengths', 'rca', 'lockin', 'chain', 'rvc'] as const;

/** Short names that expand to the forward and backward ids of a WWYZ term. */
const ALIASES: Record<string, string[]> = Object.fromEntries(
  ['va_pure_domestic', 'va_traditional_trade', 'va_gvc_simple', 'va_gvc_complex'].map((t) => [t, [`${t}_forward`, `${t}_backward`]]),
);

/** Every id and bundle name `--set` accepts. */
export function knownSetNames(): string[] {
  return ['all', ...BUNDLES, ...Object.keys(ALIASES), ...INDICATORS.map((i) => i.id)];
}

/**
 * Expands a set (ids, bundle names, 'all', the short WWYZ names) into ids in catalogue order.
 * rvc ids are left out of 'all' and bundles unless blocks are given.
 */
export function resolveSet(set: string[] | undefined, hasGroups: boolean): string[] {
  const want = new Set<string>();
  for (const raw of set ?? ['all']) {
    const s = raw.trim();
    if (s === 'all') INDICATORS.filter((i) => i.bundle !== 'rvc' || hasGroups).forEach((i) => want.add(i.id));
    else if ((BUNDLES as readonly string[]).includes(s)) INDICATORS.filter((i) => i.bundle === s).forEach((i) => want.add(i.id));
    else if (ALIASES[s]) ALIASES[s].forEach((id) => want.add(id));
    else if (INDICATORS.some((i) => i.id === s)) want.add(s);
    else throw new OptionError(`unknown indicator '${s}'; known ids: ${knownSetNames().join(', ')}`);
  }
  const ids = INDICATORS.map((i) => i.id).filter((id) => want.has(id));
  if (!hasGroups && ids.some((id) => id.startsWith('rvc_'))) {
    throw new OptionError(
      `the rvc_* indicators need a group of countries as a block (option blocks, e.g. { RCEP: undefined } or { NAFTA: ['MEX', 'USA'] }): they split value added by a region`,
      'set',
    );
  }
  return ids;
}
