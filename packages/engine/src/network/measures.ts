/**
 * Network measures on a weighted directed graph (docs/networks.md), with graphology for the graph
 * algorithms and a dense matrix computation where that is the plain way:
 *
 *   in_strength, out_strength  column and row sums of W; in_degree, out_degree edge counts
 *   pagerank       graphology-metrics pagerank: weighted, damping α (0.85), dangling mass spread evenly
 *   eigenvector    graphology-metrics eigenvector (in-centrality: x ∝ Wᵀx, iterated on I + W/max W,
 *                  which has the same eigenvectors), unit Euclidean norm
 *   hub, authority HITS (Kleinberg 1999), weighted: a ∝ Wᵀh, h ∝ W a, each normalised to sum 1.
 *                  A sparse power iteration here rather than graphology-metrics' hits, whose
 *                  per-iteration edge arrays make it ~30× slower on the 1,435-node graph (the test
 *                  checks the two agree)
 *   betweenness    graphology-metrics betweenness, Dijkstra distances 1/w, normalised by (n−1)(n−2)
 *   clustering     Fagiolo (2007) weighted directed ("total") clustering on Ŵ = W / max W:
 *                  C_i = [(Ŵ^{1/3} + Ŵ^{1/3}ᵀ)³]_ii / (2 [d_i (d_i − 1) − 2 d_i↔]), 0 where the
 *                  denominator is 0 (d_i total degree, d_i↔ reciprocated pairs)
 *   community      graphology-communities-louvain (directed modularity, seeded rng), numbered
 *                  0, 1, … in order of first node
 * Graph-level: nodes, edges, density m / (n(n−1)), reciprocity (share of edges whose reverse is an
 * edge), weighted_reciprocity Σ min(w_ij, w_ji) / Σ w_ij (Squartini et al. 2013), modularity, communities.
 */
import GraphModule from 'graphology';
import pagerankModule from 'graphology-metrics/centrality/pagerank.js';
import eigenvectorModule from 'graphology-metrics/centrality/eigenvector.js';
import betweennessModule from 'graphology-metrics/centrality/betweenness.js';
import louvainModule from 'graphology-communities-louvain';
import { Matrix, matmul } from '@catena/linalg';
import { mulberry32 } from '../econometrics/mediation.js';

/**
 * These packages are CommonJS with `export default` typings; under NodeNext the default import is
 * typed as the module object while at run time it is the function (or class) itself.
 */
function cjs<T>(m: { default: T }): T {
  return ((m as unknown as { default?: T }).default ?? m) as T;
}
const Graph = cjs(GraphModule as unknown as { default: typeof GraphModule.default });
const pagerank = cjs(pagerankModule);
const eigenvector = cjs(eigenvectorModule);
const betweenness = cjs(betweennessModule);
const louvain = cjs(louvainModule);

export const NODE_MEASURES = [
  'in_strength',
  'out_strength',
  'in_degree',
  'out_degree',
  'pagerank',
  'eigenvector',
  'hub',
  'authority',
  'betweenness',
  'clustering',
  'community',
] as const;
export type NodeMeasure = (typeof NODE_MEASURES)[number];
export const GRAPH_MEASURES = ['nodes', 'edges', 'density', 'reciprocity', 'weighted_reciprocity', 'modularity', 'communities'] as const;
export type GraphMeasure = (typeof GRAPH_MEASURES)[number];

export interface MeasureOptions {
  damping?: number;
  /** Seed of the Louvain random generator (default 1). */
  seed?: number;
  /** Measures to compute (default all). */
  measures?: NodeMeasure[];
}

export interface Measures {
  node: Partial<Record<NodeMeasure, Float64Array>>;
  graph: Partial<Record<GraphMeasure, number>>;
  /** Measures an iteration failed to converge on (their values are left out). */
  notConverged: string[];
}

/** A graphology graph of W (row-major n × n); every node is added, edges where w > 0. */
export function toGraphology(nodes: string[], W: Float64Array): InstanceType<typeof Graph> {
  const n = nodes.length;
  const g = new Graph({ type: 'directed', multi: false, allowSelfLoops: false });
  for (const id of nodes) g.addNode(id);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const w = W[i * n + j];
      if (w > 0 && i !== j) g.addDirectedEdge(nodes[i], nodes[j], { weight: w });
    }
  return g;
}

/** Computes the measures of a graph given as a dense weight matrix. */
export function networkMeasures(nodes: string[], W: Float64Array, o: MeasureOptions = {}): Measures {
  const n = nodes.length;
  const want = new Set<NodeMeasure>(o.measures ?? NODE_MEASURES);
  const damping = o.damping ?? 0.85;
  const node: Measures['node'] = {};
  const graph: Measures['graph'] = {};
  const notConverged: string[] = [];
  const g = toGraphology(nodes, W);
  const vec = (m: Record<string, number>) => Float64Array.from(nodes, (id) => m[id]);

  const inS = new Float64Array(n);
  const outS = new Float64Array(n);
  const inD = new Float64Array(n);
  const outD = new Float64Array(n);
  let maxW = 0;
  let total = 0;
  let edges = 0;
  let mutual = 0;
  let minSum = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const w = i === j ? 0 : W[i * n + j];
      if (!(w > 0)) continue;
      outS[i] += w;
      inS[j] += w;
      outD[i]++;
      inD[j]++;
      edges++;
      total += w;
      if (w > maxW) maxW = w;
      const back = W[j * n + i];
      if (back > 0) {
        mutual++;
        minSum += Math.min(w, back);
      }
    }
  if (want.has('in_strength')) node.in_strength = inS;
  if (want.has('out_strength')) node.out_strength = outS;
  if (want.has('in_degree')) node.in_degree = inD;
  if (want.has('out_degree')) node.out_degree = outD;

  const tryIter = (name: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      if (e instanceof Error && /failed to converge/.test(e.message)) notConverged.push(name);
      else throw e;
    }
  };
  if (want.has('pagerank'))
    tryIter('pagerank', () => {
      node.pagerank =
        n === 0
          ? new Float64Array(0)
          : vec(pagerank(g, { getEdgeWeight: 'weight', alpha: damping, maxIterations: 10000, tolerance: 1e-14 }));
    });
  if (want.has('eigenvector'))
    tryIter('eigenvector', () => {
      if (edges === 0) {
        node.eigenvector = new Float64Array(n).fill(n ? 1 / Math.sqrt(n) : 0);
        return;
      }
      node.eigenvector = vec(
        eigenvector(g, {
          getEdgeWeight: (_e: string, a: Record<string, number>) => a.weight / maxW,
          maxIterations: 100000,
          tolerance: 1e-14,
        }),
      );
    });
  if (want.has('hub') || want.has('authority'))
    tryIter('hits', () => {
      if (edges === 0) {
        const u = new Float64Array(n).fill(n ? 1 / n : 0);
        node.hub = u;
        node.authority = u.slice();
        return;
      }
      const h = hitsScores(W, n);
      if (want.has('hub')) node.hub = h.hubs;
      if (want.has('authority')) node.authority = h.authorities;
    });
  if (want.has('betweenness')) {
    const b = n <= 2 ? {} : betweenness(g, { getEdgeWeight: (_e: string, a: Record<string, number>) => maxW / a.weight, normalized: true });
    node.betweenness = Float64Array.from(nodes, (id) => (b as Record<string, number>)[id] ?? 0);
  }
  if (want.has('clustering')) node.clustering = fagioloClustering(W, n, maxW);
  if (want.has('community')) {
    const rng = mulberry32(o.seed ?? 1);
    const det = edges === 0 ? undefined : louvain.detailed(g, { getEdgeWeight: 'weight', rng });
    const relabel = new Map<number, number>();
    node.community = Float64Array.from(nodes, (id) => {
      const c = det ? det.communities[id] : nodes.indexOf(id);
      if (!relabel.has(c)) relabel.set(c, relabel.size);
      return relabel.get(c)!;
    });
    graph.modularity = det ? det.modularity : 0;
    graph.communities = relabel.size;
  }
  graph.nodes = n;
  graph.edges = edges;
  graph.density = n > 1 ? edges / (n * (n - 1)) : 0;
  graph.reciprocity = edges > 0 ? mutual / edges : 0;
  graph.weighted_reciprocity = total > 0 ? minSum / total : 0;
  return { node, graph, notConverged };
}

/** Fagiolo (2007) total clustering of a weighted directed graph, W row-major. */
export function fagioloClustering(W: Float64Array, n: number, maxW?: number): Float64Array {
  const mx = maxW ?? W.reduce((a, b) => Math.max(a, b), 0);
  const out = new Float64Array(n);
  if (!(mx > 0)) return out;
  // S = Ŵ^{1/3} + (Ŵ^{1/3})ᵀ, symmetric; diag(S³)_i = Σ_j (S²)_ij S_ji.
  const S = new Matrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const a = W[i * n + j] > 0 ? Math.cbrt(W[i * n + j] / mx) : 0;
      S.data[i + j * n] += a;
      S.data[j + i * n] += a;
    }
  const S2 = matmul(S, S);
  for (let i = 0; i < n; i++) {
    let num = 0;
    let dTot = 0;
    let dBi = 0;
    for (let j = 0; j < n; j++) {
      num += S2.data[i + j * n] * S.data[j + i * n];
      if (i === j) continue;
      const o = W[i * n + j] > 0;
      const b = W[j * n + i] > 0;
      dTot += (o ? 1 : 0) + (b ? 1 : 0);
      if (o && b) dBi++;
    }
    const den = 2 * (dTot * (dTot - 1) - 2 * dBi);
    out[i] = den > 0 ? num / den : 0;
  }
  return out;
}

/** HITS hubs and authorities by power iteration on the positive entries of W (row-major). */
export function hitsScores(
  W: Float64Array,
  n: number,
  tolerance = 1e-13,
  maxIterations = 100000,
): { hubs: Float64Array; authorities: Float64Array } {
  const starts = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let j = 0; j < n; j++) if (i !== j && W[i * n + j] > 0) c++;
    starts[i + 1] = starts[i] + c;
  }
  const cols = new Int32Array(starts[n]);
  const vals = new Float64Array(starts[n]);
  for (let i = 0, k = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (i !== j && W[i * n + j] > 0) {
        cols[k] = j;
        vals[k++] = W[i * n + j];
      }
  let h = new Float64Array(n).fill(1 / n);
  let a = new Float64Array(n);
  const normalise = (v: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += v[i];
    if (s > 0) for (let i = 0; i < n; i++) v[i] /= s;
  };
  for (let it = 0; it < maxIterations; it++) {
    a = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let k = starts[i]; k < starts[i + 1]; k++) a[cols[k]] += vals[k] * h[i];
    normalise(a);
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = starts[i]; k < starts[i + 1]; k++) s += vals[k] * a[cols[k]];
      next[i] = s;
    }
    normalise(next);
    let err = 0;
    for (let i = 0; i < n; i++) err += Math.abs(next[i] - h[i]);
    h = next;
    if (err < tolerance * Math.max(1, n)) return { hubs: h, authorities: a };
  }
  throw new Error('HITS failed to converge');
}
