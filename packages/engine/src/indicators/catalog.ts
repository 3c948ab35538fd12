/**
 * The indicator ids `indicators()` and `catena indicators --set` accept, with their bundles.
 * Each id is documented (formula, paper, reading) in docs/indicators.md.
 */
import { OptionError } from '../errors.js';

export interface IndicatorInfo {
  id: string;
  bundle: 'production' | 'participation' | 'lengths' | 'rca' | 'lockin' | 'chain' | 'rvc';
  /** level (table unit), share (0–1 for non-negative tables), ratio, count or code. */
  kind: 'level' | 'share' | 'ratio' | 'count' | 'code';
  /** Whether the id is also computed with a user group as the domestic block (`NAME:id`). */
  grouped: boolean;
  summary: string;
}

const P = (id: string, summary: string): IndicatorInfo => ({ id, bundle: 'production', kind: 'level', grouped: true, summary });
const S = (id: string, summary: string): IndicatorInfo => ({ id, bundle: 'participation', kind: 'share', grouped: true, summary });
const Lg = (id: string, summary: string): IndicatorInfo => ({ id, bundle: 'lengths', kind: 'ratio', grouped: false, summary });

export const INDICATORS: IndicatorInfo[] = [
  P('va', 'value added v_i (B y)_i that the forward terms decompose'),
  P('va_pure_domestic_forward', 'WWYZ forward: V L Y^D, value added absorbed at home without crossing a border'),
  P('va_traditional_trade_forward', 'WWYZ forward: V L Y^F, value added exported in final goods'),
  P('va_gvc_simple_forward', 'WWYZ forward: V L A^F L Y^D, crosses one border as intermediates'),
  P('va_gvc_complex_forward', 'WWYZ forward: V L A^F (B Y − L Y^D), crosses at least two borders'),
  P('final_goods', 'final goods output y_j that the backward terms decompose'),
  P('va_pure_domestic_backward', 'WWYZ backward: column sums of V L Y^D'),
  P('va_traditional_trade_backward', 'WWYZ backward: column sums of V L Y^F'),
  P('va_gvc_simple_backward', 'WWYZ backward: column sums of V L A^F L Y^D'),
  P('va_gvc_complex_backward', 'WWYZ backward: column sums of V L A^F (B Y − L Y^D)'),
  S('gvc_participation_forward', '(simple + complex GVC forward) / VA'),
  S('gvc_participation_forward_simple', 'simple GVC forward / VA'),
  S('gvc_participation_forward_complex', 'complex GVC forward / VA'),
  S('gvc_participation_backward', '(simple + complex GVC backward) / final goods output'),
  S('gvc_participation_backward_simple', 'simple GVC backward / final goods output'),
  S('gvc_participation_backward_complex', 'complex GVC backward / final goods output'),
  Lg('plv', 'production length of value added, (B x)_i / x_i (WWYZ 2017b)'),
  Lg('ply', 'production length of final goods, Σ_i B_ij (WWYZ 2017b)'),
  Lg('upstreamness', 'Antràs–Chor–Fally–Hillberry (2012) upstreamness, row sums of the Ghosh inverse'),
  Lg('downstreamness', 'Fally (2012) number of stages embodied, column sums of B'),
  Lg('plv_gvc', 'forward GVC production length (WWYZ 2017b)'),
  Lg('ply_gvc', 'backward GVC production length (WWYZ 2017b)'),
  Lg('gvc_position', 'plv_gvc / ply_gvc (WWYZ 2017b); above 1 upstream'),
  { id: 'rca_va', bundle: 'rca', kind: 'ratio', grouped: false, summary: 'value-added (new) RCA, KWW 2014; sector level only' },
  {
    id: 'lockin_participation',
    bundle: 'lockin',
    kind: 'ratio',
    grouped: false,
    summary: 'GVC participation relative to the world same sector(s)',
  },
  { id: 'lockin_position', bundle: 'lockin', kind: 'ratio', grouped: false, summary: 'GVC position relative to the world same sector(s)' },
  {
    id: 'lockin_quadrant',
    bundle: 'lockin',
    kind: 'code',
    grouped: false,
    summary: '1 upstream-embedded, 2 low-end lock-in, 3 upstream-detached, 4 downstream-detached',
  },
  { id: 'chain_length', bundle: 'chain', kind: 'ratio', grouped: false, summary: 'stages embodied in output (= ply)' },
  {
    id: 'chain_foreign_share',
    bundle: 'chain',
    kind: 'share',
    grouped: false,
    summary: 'foreign value added / value added embodied in output',
  },
  {
    id: 'chain_origins',
    bundle: 'chain',
    kind: 'count',
    grouped: false,
    summary: 'origin countries supplying ≥ 1% of foreign value added',
  },
  {
    id: 'chain_hhi',
    bundle: 'chain',
    kind: 'share',
    grouped: false,
    summary: 'Herfindahl–Hirschman index of the origins of foreign value added',
  },
  {
    id: 'chain_effective_origins',
    bundle: 'chain',
    kind: 'ratio',
    grouped: false,
    summary: '1 / HHI, effective number of origin countries',
  },
  {
    id: 'rvc_national',
    bundle: 'rvc',
    kind: 'level',
    grouped: true,
    summary: 'VA absorbed at home, never crossing a border (needs a group)',
  },
  { id: 'rvc_regional', bundle: 'rvc', kind: 'level', grouped: true, summary: 'VA absorbed in the group, crossing only borders inside it' },
  { id: 'rvc_return', bundle: 'rvc', kind: 'level', grouped: true, summary: 'VA absorbed in the group after leaving it' },
  { id: 'rvc_leave', bundle: 'rvc', kind: 'level', grouped: true, summary: 'VA absorbed outside the group' },
];

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
 * rvc ids are left out of 'all' and bundles unless groups are given.
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
    throw new OptionError(`the rvc_* indicators need a group (option groups / --group NAME=CCC,…): they split value added by a region`);
  }
  return ids;
}
