/**
 * Weighted directed graphs built from one table's Model (docs/networks.md).
 *
 *   va-final-demand  country: s → r = Σ_{i∈s} v_i (B Y_r)_i, s ≠ r — value added of s absorbed in
 *                    r's final demand (v̂ B Y, TiVA's origin of value added in final demand).
 *                    sector: i → j = v_i B_ij y_j, home(i) ≠ home(j) — value added of i embodied in
 *                    the final products of j (y_j = final demand for j's output, all absorbers).
 *   fva-exports      Borin–Mancini exporter perspective, source approach: the foreign value added
 *                    of origin t in the gross exports of s, counted the first time it leaves s.
 *                    With W_s = (I − A_ss) B_ss − I, (I + W_s)⁻¹ = B_ss⁻¹ L_ss, so
 *                    FVA_{i,n} = v_i [B_{i,s} B_ss⁻¹ L_ss]_n E_n (i outside s, n a row of s);
 *                    country: t → s = Σ_{i∈t} Σ_{n∈s} FVA_{i,n}; sector: i → n (Amador & Cabral 2016).
 *   intermediates    country: s → r = Σ_{i∈s, j∈r} Z_ij, s ≠ r; sector: i → j = Z_ij, i ≠ j
 *                    (Cerina et al. 2015).
 *
 * Countries are the blocks of the model's partition (split parts folded, user blocks as one node);
 * at sector level, "home" is the block. Self-loops are never edges. Weights ≤ 0 are not edges (negative ones are counted in the
 * diagnostics). W is dense and row-major: W[i·n + j] is the weight of i → j.
 */
import { LU, Matrix } from '@catena/linalg';
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { BlockSpec } from '../model/partition.js';

export const GRAPH_KINDS = ['va-final-demand', 'fva-exports', 'intermediates'] as const;
export type GraphKind = (typeof GRAPH_KINDS)[number];
export const GRAPH_LEVELS = ['country', 'sector'] as const;
export type GraphLevel = (typeof GRAPH_LEVELS)[number];

export interface DenseGraph {
  kind: GraphKind;
  level: GraphLevel;
  nodes: string[];
  /** Row-major n × n weights, W[i·n + j] = weight of i → j (0 = no edge). */
  W: Float64Array;
  unit: string;
  /** How the graph was pruned (recorded in result metadata). */
  pruning: Pruning;
  /** Pairs with a negative flow that are not edges. */
  negativeFlows: number;
}

export interface Pruning {
  threshold?: number;
  topK?: number;
  /** Edges before and after pruning (positive weights, no self-loops). */
  edgesBefore: number;
  edgesAfter: number;
}

export interface GraphOptions {
  graph: GraphKind;
  level: GraphLevel;
  /** Keep edges whose weight is at least this (in the table's unit). */
  threshold?: number;
  /** Keep each node's K largest outgoing edges. */
  topK?: number;
  /** Country blocks (model.partition): each block is one node, its internal flows domestic. */
  blocks?: BlockSpec;
}

/**
 * The flow matrix of a graph before pruning, row-major, self-loops and non-positive flows zero.
 * Countries are the blocks of `model.partition(blocks)`: OECD split parts fold into their parent,
 * user blocks (NAFTA = MEX, USA) are one node whose internal flows are domestic.
 */
export function flowMatrix(
  model: Model,
  kind: GraphKind,
  level: GraphLevel,
  blocks?: BlockSpec,
): { nodes: string[]; W: Float64Array; negative: number } {
  const t = model.table;
  const { GN } = model;
  const p = model.partition(blocks ?? {});
  const home = p.blockOf;
  const G = p.G;
  const nodes = level === 'country' ? [...p.names] : t.labels();
  const n = nodes.length;
  const W = new Float64Array(n * n);
  const put = (i: number, j: number, w: number) => (W[i * n + j] += w);
  if (kind === 'intermediates') {
    const Z = t.Z.data;
    for (let j = 0; j < GN; j++)
      for (let i = 0; i < GN; i++) {
        const z = Z[i + j * GN];
        if (level === 'sector') put(i, j, z);
        else put(home[i], home[j], z);
      }
  } else if (kind === 'va-final-demand') {
    if (level === 'country') {
      const BY = model.solve(new Matrix(GN, G, p.Y.slice()));
      for (let r = 0; r < G; r++) for (let i = 0; i < GN; i++) put(home[i], r, model.v[i] * BY.data[i + r * GN]);
    } else {
      const B = model.B.data;
      const y = model.Yc.rowSums();
      for (let j = 0; j < GN; j++) for (let i = 0; i < GN; i++) if (home[i] !== home[j]) put(i, j, model.v[i] * B[i + j * GN] * y[j]);
    }
  } else {
    const B = model.B;
    const E = p.E;
    for (let b = 0; b < G; b++) {
      const rs = p.rows[b];
      const nb = rs.length;
      // K = B_bb⁻¹ L_bb, then M = B_{·,b} K: GN × n_b.
      const Bbb = new Matrix(nb, nb);
      const Bcols = new Matrix(GN, nb);
      for (let k = 0; k < nb; k++) {
        const col = B.data.subarray(rs[k] * GN, (rs[k] + 1) * GN);
        Bcols.data.set(col, k * GN);
        for (let l = 0; l < nb; l++) Bbb.data[l + k * nb] = col[rs[l]];
      }
      const K = LU.factor(Bbb, { context: `B_bb of ${p.names[b]}` }).solve(p.localInverse(b).clone());
      const M = model.mul(Bcols, K);
      for (let k = 0; k < nb; k++) {
        const e = E[rs[k]];
        for (let i = 0; i < GN; i++) {
          if (home[i] === b) continue;
          const w = model.v[i] * M.data[i + k * GN] * e;
          if (level === 'sector') put(i, rs[k], w);
          else put(home[i], b, w);
        }
      }
    }
  }
  let negative = 0;
  for (let i = 0; i < n; i++) W[i * n + i] = 0;
  for (let k = 0; k < W.length; k++) {
    if (W[k] < 0) negative++;
    if (!(W[k] > 0)) W[k] = 0;
  }
  return { nodes, W, negative };
}

/** Builds the graph and prunes it as asked. */
export function buildGraph(model: Model, o: GraphOptions): DenseGraph {
  if (!(GRAPH_KINDS as readonly string[]).includes(o.graph))
    throw new OptionError(`graph '${o.graph}' is not known; expected one of ${GRAPH_KINDS.join(', ')}`, 'graph');
  if (!(GRAPH_LEVELS as readonly string[]).includes(o.level))
    throw new OptionError(`level '${o.level}' is not known; expected one of ${GRAPH_LEVELS.join(', ')}`, 'level');
  const { nodes, W, negative } = flowMatrix(model, o.graph, o.level, o.blocks);
  const pruning = prune(W, nodes.length, o.threshold, o.topK);
  return { kind: o.graph, level: o.level, nodes, W, unit: model.table.unit, pruning, negativeFlows: negative };
}

/** Prunes W in place: weights below `threshold` and, per source node, all but the `topK` largest. */
export function prune(W: Float64Array, n: number, threshold?: number, topK?: number): Pruning {
  if (threshold !== undefined && !(Number.isFinite(threshold) && threshold >= 0))
    throw new OptionError(`threshold ${threshold} must be a number ≥ 0`, 'threshold');
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1))
    throw new OptionError(`topK ${topK} must be a whole number ≥ 1`, 'topK');
  const count = () => W.reduce((c, w) => c + (w > 0 ? 1 : 0), 0);
  const edgesBefore = count();
  if (threshold !== undefined) for (let k = 0; k < W.length; k++) if (W[k] < threshold) W[k] = 0;
  if (topK !== undefined && topK < n) {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const row = W.subarray(i * n, (i + 1) * n);
      for (let j = 0; j < n; j++) idx[j] = j;
      // Ties broken by node order, so pruning is reproducible.
      const order = Array.from(idx).sort((a, b) => row[b] - row[a] || a - b);
      for (let k = topK; k < n; k++) row[order[k]] = 0;
    }
  }
  return { threshold, topK, edgesBefore, edgesAfter: count() };
}

/** Weights as a column-major Matrix (for the linear-algebra measures). */
export function weightMatrix(W: Float64Array, n: number): Matrix {
  const M = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M.data[i + j * n] = W[i * n + j];
  return M;
}
