/**
 * Roles and leadership in value-added networks (docs/networks.md).
 *
 * Hubs, spokes and periphery, after Criscuolo & Timmis (2018, OECD "GVC centrality"): from the
 * PageRank and the total strength (in + out) of each node, ranked 1 = largest:
 *   hub        in the top 20 % of nodes by PageRank and by strength;
 *   spoke      not a hub, not in the bottom half by both, and its main partner (largest w_ij + w_ji)
 *              is a hub;
 *   periphery  every other node.
 *
 * Chain leaders for a product chain (a sector group, e.g. c14, with the final products of those
 * sectors in every country, y^c): which country-sectors capture its value added,
 *   va_capture_i = v_i (B y^c)_i (Σ_i va_capture_i = Σ y^c; Timmer et al. 2014 "GVC income"),
 * and which set the terms upstream, by their forward linkages into the chain:
 *   upstream_requirement_i = (B y^c − y^c)_i, the output of i used directly and indirectly as input,
 *   direct_supply_share_i = Σ_{j∈chain} Z_ij / Σ_k Σ_{j∈chain} Z_kj.
 * This is a structural signature of position in the input-output network, not a measure of the
 * market power of firms.
 *
 * Spider or snake (Baldwin & Venables 2013) per country of the chain: breadth = effective number of
 * foreign value-added origins of the chain's output (1/HHI, indicators/chain.ts), depth = the
 * output-weighted production length Σ_i B_ij (Fally's number of stages). spider: breadth at or above
 * the median over countries and depth below; snake: depth at or above and breadth below; mixed:
 * both at or above; short: both below.
 */
import { z } from 'zod';
import type { Model } from '../model/model.js';
import { OptionError } from '../errors.js';
import { registerAnalysis } from '../registry/analysis.js';
import type { Result, Row } from '../results/result.js';
import { chainShape, valueAddedOrigins } from '../indicators/chain.js';
import { buildGraph, GRAPH_KINDS } from './graphs.js';
import { networkMeasures } from './measures.js';
import { parseOptions } from './options.js';

export const ROLE_COLUMNS = [
  'year',
  'node',
  'role',
  'pagerank',
  'strength',
  'pagerank_rank',
  'strength_rank',
  'main_partner',
  'main_partner_share',
];
export const LEADER_COLUMNS = ['year', 'country', 'sector', 'measure', 'value'];
export const SIGNATURE_COLUMNS = ['year', 'country', 'foreign_share', 'origins', 'effective_origins', 'length', 'signature'];
export const STRUCTURAL_NOTE = 'a structural signature of position in the input-output network, not a measure of firm power';

export const rolesOptions = z.object({
  graph: z.enum(GRAPH_KINDS).default('va-final-demand').describe('the network whose roles are read'),
  damping: z.number().gt(0).lt(1).default(0.85).describe('PageRank damping factor'),
});

const ranks = (v: Float64Array) => {
  const order = Array.from(v.keys()).sort((a, b) => v[b] - v[a] || a - b);
  const r = new Int32Array(v.length);
  order.forEach((i, k) => (r[i] = k + 1));
  return r;
};

/** Hub, spoke or periphery for each country of a network. */
export function networkRoles(model: Model, options: z.input<typeof rolesOptions> = {}): Result {
  const o = parseOptions(rolesOptions, options);
  const g = buildGraph(model, { graph: o.graph, level: 'country' });
  const m = networkMeasures(g.nodes, g.W, { measures: ['pagerank', 'in_strength', 'out_strength'], damping: o.damping });
  const n = g.nodes.length;
  const pr = m.node.pagerank!;
  const st = m.node.in_strength!.map((v, i) => v + m.node.out_strength![i]);
  const rp = ranks(pr);
  const rs = ranks(st);
  const top = Math.max(1, Math.ceil(0.2 * n));
  const half = Math.ceil(n / 2);
  const hub = Array.from({ length: n }, (_, i) => rp[i] <= top && rs[i] <= top);
  const year = model.table.year ?? null;
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bw = 0;
    let tw = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const w = g.W[i * n + j] + g.W[j * n + i];
      tw += w;
      if (w > bw) {
        bw = w;
        best = j;
      }
    }
    const bottom = rp[i] > n - half && rs[i] > n - half;
    const role = hub[i] ? 'hub' : !bottom && best >= 0 && hub[best] ? 'spoke' : 'periphery';
    rows.push({
      year,
      node: g.nodes[i],
      role,
      pagerank: pr[i],
      strength: st[i],
      pagerank_rank: rp[i],
      strength_rank: rs[i],
      main_partner: best >= 0 ? g.nodes[best] : null,
      main_partner_share: tw > 0 ? bw / tw : null,
    });
  }
  return {
    columns: ROLE_COLUMNS,
    rows,
    meta: {
      kind: 'network-roles',
      method: o.graph,
      source: model.table.source,
      year: model.table.year,
      options: o,
      conventions: {
        hub: `top 20 % (rank ≤ ${top} of ${n}) by PageRank and by strength (in + out)`,
        spoke: 'not a hub, not in the bottom half by both, main partner (largest w_ij + w_ji) a hub',
        periphery: 'every other node',
        after: 'Criscuolo & Timmis (2018), GVC centrality',
      },
    },
  };
}

export const chainOptions = z.object({
  sectors: z.array(z.string()).min(1).describe('the sector codes whose final products make the chain (e.g. c14)'),
  level: z.enum(['sector', 'country']).default('sector').describe('country-sectors or countries'),
});

function chainRows(model: Model, sectors: string[]): number[] {
  const t = model.table;
  const idx = sectors.map((s) => {
    const n = t.sectors.indexOf(s);
    if (n < 0) throw new OptionError(`sector '${s}' is not in the table; known: ${t.sectors.join(', ')}`, 'sectors');
    return n;
  });
  const rows: number[] = [];
  for (let g = 0; g < model.G; g++) for (const n of idx) rows.push(g * model.N + n);
  return rows.sort((a, b) => a - b);
}

/** Who captures the chain's value added and who supplies it upstream. */
export function chainLeaders(model: Model, options: z.input<typeof chainOptions>): Result {
  const o = parseOptions(chainOptions, options);
  const t = model.table;
  const { GN, N, G } = model;
  const chain = chainRows(model, o.sectors);
  const inChain = new Uint8Array(GN);
  for (const j of chain) inChain[j] = 1;
  const yc = new Float64Array(GN);
  const y = model.Yc.rowSums();
  for (const j of chain) yc[j] = y[j];
  const By = model.solve(yc.slice());
  const cap = By.map((b, i) => model.v[i] * b);
  const req = By.map((b, i) => b - yc[i]);
  const direct = new Float64Array(GN);
  const Z = t.Z.data;
  for (const j of chain) for (let i = 0; i < GN; i++) direct[i] += Z[i + j * GN];
  const sum = (v: Float64Array) => v.reduce((a, b) => a + b, 0);
  const [sCap, sReq, sDir] = [sum(cap), sum(req), sum(direct)];
  const year = t.year ?? null;
  const rows: Row[] = [];
  const emit = (country: string, sector: string | null, c: number, r: number, d: number) => {
    rows.push({ year, country, sector, measure: 'va_capture', value: c });
    rows.push({ year, country, sector, measure: 'va_capture_share', value: sCap !== 0 ? c / sCap : null });
    rows.push({ year, country, sector, measure: 'upstream_requirement', value: r });
    rows.push({ year, country, sector, measure: 'upstream_share', value: sReq !== 0 ? r / sReq : null });
    rows.push({ year, country, sector, measure: 'direct_supply_share', value: sDir !== 0 ? d / sDir : null });
  };
  if (o.level === 'sector') for (let i = 0; i < GN; i++) emit(t.countries[Math.floor(i / N)], t.sectors[i % N], cap[i], req[i], direct[i]);
  else
    for (let g = 0; g < G; g++) {
      let c = 0;
      let r = 0;
      let d = 0;
      for (let i = g * N; i < (g + 1) * N; i++) {
        c += cap[i];
        r += req[i];
        d += direct[i];
      }
      emit(t.countries[g], null, c, r, d);
    }
  return {
    columns: LEADER_COLUMNS,
    rows,
    meta: {
      kind: 'chain-leaders',
      source: t.source,
      year: t.year,
      options: o,
      chainFinalDemand: sum(yc),
      note: STRUCTURAL_NOTE,
      conventions: {
        ...model.conventions,
        va_capture: 'v_i (B y^chain)_i; the shares sum to 1',
        upstream_requirement: '(B y^chain − y^chain)_i: output of i used directly and indirectly as input to the chain',
        direct_supply_share: 'share of the chain sectors’ intermediate purchases Σ_j∈chain Z_ij',
      },
    },
  };
}

/** Spider/snake signature of the chain in each country. */
export function chainSignature(model: Model, options: z.input<typeof chainOptions>): Result {
  const o = parseOptions(chainOptions, options);
  const t = model.table;
  const { G, N, GN, x } = model;
  const chain = chainRows(model, o.sectors);
  const O = valueAddedOrigins(model);
  const ones = new Float64Array(GN).fill(1);
  const len = model.solve(ones, true); // Σ_i B_ij
  const stats = Array.from({ length: G }, (_, g) => {
    const idx = chain.filter((j) => Math.floor(j / N) === g && x[j] > 0);
    const shape = chainShape(O, N, idx);
    let xs = 0;
    let l = 0;
    for (const j of idx) {
      xs += x[j];
      l += x[j] * len[j];
    }
    return { ...shape, length: xs > 0 ? l / xs : null };
  });
  const median = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
  };
  const mb = median(stats.flatMap((s) => (s.effectiveOrigins !== null ? [s.effectiveOrigins] : [])));
  const ml = median(stats.flatMap((s) => (s.length !== null ? [s.length] : [])));
  const year = t.year ?? null;
  const rows: Row[] = stats.map((s, g) => {
    let signature: string | null = null;
    if (s.effectiveOrigins !== null && s.length !== null) {
      const broad = s.effectiveOrigins >= mb;
      const deep = s.length >= ml;
      signature = broad ? (deep ? 'mixed' : 'spider') : deep ? 'snake' : 'short';
    }
    return {
      year,
      country: t.countries[g],
      foreign_share: s.foreignShare,
      origins: s.origins,
      effective_origins: s.effectiveOrigins,
      length: s.length,
      signature,
    };
  });
  return {
    columns: SIGNATURE_COLUMNS,
    rows,
    meta: {
      kind: 'chain-signature',
      source: t.source,
      year: t.year,
      options: o,
      medians: { effectiveOrigins: mb, length: ml },
      note: STRUCTURAL_NOTE,
      conventions: {
        breadth: 'effective number of foreign value-added origins, 1/HHI of their shares (origins with ≥ 1 % counted in origins)',
        depth: 'output-weighted production length Σ_i B_ij of the chain sectors',
        signature: 'spider: breadth ≥ median, depth < median; snake: depth ≥ median, breadth < median; mixed: both ≥; short: both <',
      },
    },
  };
}

export const rolesDef = registerAnalysis<z.output<typeof rolesOptions>, Model>({
  id: 'network-roles',
  summary: 'Hubs, spokes and periphery of a value-added network (after Criscuolo & Timmis 2018)',
  input: 'model',
  options: rolesOptions,
  run: (model, options) => networkRoles(model, options),
});

export const chainLeadersDef = registerAnalysis<z.output<typeof chainOptions>, Model>({
  id: 'chain-leaders',
  summary: 'Who captures a product chain’s value added and who supplies it upstream (a structural signature, not firm power)',
  input: 'model',
  options: chainOptions,
  run: (model, options) => chainLeaders(model, options),
});

export const chainSignatureDef = registerAnalysis<z.output<typeof chainOptions>, Model>({
  id: 'chain-signature',
  summary: 'Spider or snake: sourcing breadth versus sequential depth of a product chain in each country',
  input: 'model',
  options: chainOptions,
  run: (model, options) => chainSignature(model, options),
});
