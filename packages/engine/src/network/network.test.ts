import { describe, expect, it } from 'vitest';
import { readTable } from '../sources/registry.js';
import { Model } from '../model/model.js';
import { dataPath } from '../../test/shared.js';
import { buildGraph, flowMatrix } from './graphs.js';
import { networkMeasures, NODE_MEASURES, GRAPH_MEASURES, toGraphology, hitsScores, fagioloClustering } from './measures.js';
import { edgeList, networkAnalysis, toGraphml } from './network.js';
import { OptionError } from '../errors.js';
import { decompose } from '../trade/decompose.js';
import '../trade/methods.js';
import hitsModule from 'graphology-metrics/centrality/hits.js';
import modularityModule from 'graphology-metrics/graph/modularity.js';

const cjs = <T>(m: { default: T }): T => ((m as unknown as { default?: T }).default ?? m) as T;
const hits = cjs(hitsModule);
const modularity = cjs(modularityModule);

const leather = async () => Model.build(await readTable(dataPath('leather', 'leather_wide.csv')));
const wiod = async (year: number) => Model.build(await readTable(dataPath('wiod2013', `wiot${year}_2013rel_int.csv.gz`)));

/** Independent dense PageRank: x ← α Pᵀx + (α·dangling + 1 − α)/n, P = row-normalised W. */
function densePagerank(W: Float64Array, n: number, alpha: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) out[i] += W[i * n + j];
  let x = new Float64Array(n).fill(1 / n);
  for (let it = 0; it < 100000; it++) {
    const y = new Float64Array(n);
    let dangling = 0;
    for (let i = 0; i < n; i++) {
      if (out[i] === 0) dangling += x[i];
      else for (let j = 0; j < n; j++) if (i !== j) y[j] += (alpha * x[i] * W[i * n + j]) / out[i];
    }
    for (let j = 0; j < n; j++) y[j] += (alpha * dangling + 1 - alpha) / n;
    let d = 0;
    for (let j = 0; j < n; j++) d += Math.abs(y[j] - x[j]);
    x = y;
    if (d < 1e-16) break;
  }
  return x;
}

/** Independent dense eigenvector in-centrality: plain power iteration x ← Wᵀx / ‖Wᵀx‖₂. */
function denseEigenvector(W: Float64Array, n: number): Float64Array {
  let x = new Float64Array(n).fill(1);
  for (let it = 0; it < 100000; it++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) y[j] += W[i * n + j] * x[i];
    const norm = Math.hypot(...y);
    let d = 0;
    for (let j = 0; j < n; j++) {
      y[j] /= norm;
      d += Math.abs(y[j] - x[j]);
    }
    x = y;
    if (d < 1e-15) break;
  }
  return x;
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

describe('network graphs against published decompositions (leather)', () => {
  it('va-final-demand out-strength is VAX and fva-exports in-strength is Borin–Mancini FVA (icio::bm, exporter/source)', async () => {
    const m = await leather();
    // leather_reference_outputs.md, "Borin-Mancini, country, exporter perspective / source": printed to 7 digits.
    const VAX = [46.73209, 77.34144, 96.71914];
    const FVA = [10.43484, 20.55564, 35.06489];
    const va = networkAnalysis(m, { graph: 'va-final-demand' }).measures.node.out_strength!;
    const fva = networkAnalysis(m, { graph: 'fva-exports' }).measures.node.in_strength!;
    for (let s = 0; s < 3; s++) {
      expect(Math.abs(va[s] - VAX[s])).toBeLessThan(1e-5);
      expect(Math.abs(fva[s] - FVA[s])).toBeLessThan(1e-5);
    }
  });

  it('fva-exports at sector level: in-strength of each exporting sector is its BM sector FVA', async () => {
    const m = await leather();
    // "Borin-Mancini, sector level, exporter/source", FVA column.
    const FVA = [3.3423229, 6.3486717, 0.7438425, 7.2556717, 10.8426216, 2.4573486, 5.4445468, 5.102148, 24.5181932];
    const fva = networkAnalysis(m, { graph: 'fva-exports', level: 'sector' }).measures.node.in_strength!;
    expect(maxDiff(fva, FVA)).toBeLessThan(1e-6);
  });

  it('with a country block, the block is one node and its in-strength is the block’s BM FVA (decompose with blocks)', async () => {
    const m = await leather();
    const blocks = { AT: ['Argentina', 'Turkey'] };
    const bm = decompose(m, { method: 'bm', blocks, level: 'country' }).rows.filter((r) => r.term === 'FVA' || r.term === 'VAX');
    const get = (c: string, term: string) => bm.find((r) => r.exporter === c && r.term === term)!.value as number;
    const fva = networkAnalysis(m, { graph: 'fva-exports', blocks });
    expect(fva.graph.nodes).toEqual(['AT', 'Germany']);
    expect(Math.abs(fva.measures.node.in_strength![0] - get('AT', 'FVA'))).toBeLessThan(1e-9);
    expect(Math.abs(fva.measures.node.in_strength![1] - get('Germany', 'FVA'))).toBeLessThan(1e-9);
    const va = networkAnalysis(m, { graph: 'va-final-demand', blocks });
    expect(Math.abs(va.measures.node.out_strength![0] - get('AT', 'VAX'))).toBeLessThan(1e-9);
    expect(() => networkAnalysis(m, { blocks: { AT: ['Atlantis'] } })).toThrow(/blocks/);
  });

  it('intermediates at country level are the off-diagonal block sums of Z', async () => {
    const m = await leather();
    const { W } = flowMatrix(m, 'intermediates', 'country');
    const Z = m.table.Z;
    let s = 0;
    for (let i = 0; i < 3; i++) for (let j = 3; j < 6; j++) s += Z.get(i, j);
    expect(Math.abs(W[0 * 3 + 1] - s)).toBeLessThan(1e-12);
    expect(W[0]).toBe(0);
  });
});

describe('network measures on WIOD 2011 (41 countries)', () => {
  it('PageRank and eigenvector centrality equal an independent dense power iteration (1e-9)', async () => {
    const m = await wiod(2011);
    for (const graph of ['va-final-demand', 'intermediates'] as const) {
      const g = buildGraph(m, { graph, level: 'country' });
      const r = networkMeasures(g.nodes, g.W, { measures: ['pagerank', 'eigenvector'] });
      expect(maxDiff(r.node.pagerank!, densePagerank(g.W, g.nodes.length, 0.85))).toBeLessThan(1e-9);
      expect(maxDiff(r.node.eigenvector!, denseEigenvector(g.W, g.nodes.length))).toBeLessThan(1e-9);
      const r2 = networkMeasures(g.nodes, g.W, { measures: ['pagerank'], damping: 0.5 });
      expect(maxDiff(r2.node.pagerank!, densePagerank(g.W, g.nodes.length, 0.5))).toBeLessThan(1e-9);
    }
  });

  it('HITS equals graphology-metrics hits; Louvain is the same under one seed and its modularity checks out', async () => {
    const m = await wiod(2011);
    const g = buildGraph(m, { graph: 'va-final-demand', level: 'country' });
    const n = g.nodes.length;
    const mine = hitsScores(g.W, n);
    const ref = hits(toGraphology(g.nodes, g.W), { getEdgeWeight: 'weight', maxIterations: 10000, tolerance: 1e-14 });
    expect(
      maxDiff(
        mine.hubs,
        g.nodes.map((id) => ref.hubs[id]),
      ),
    ).toBeLessThan(1e-8);
    expect(
      maxDiff(
        mine.authorities,
        g.nodes.map((id) => ref.authorities[id]),
      ),
    ).toBeLessThan(1e-8);

    const a = networkMeasures(g.nodes, g.W, { measures: ['community'], seed: 7 });
    const b = networkMeasures(g.nodes, g.W, { measures: ['community'], seed: 7 });
    expect(Array.from(a.node.community!)).toEqual(Array.from(b.node.community!));
    expect(a.graph.communities).toBeGreaterThan(1);
    const graph = toGraphology(g.nodes, g.W);
    const q = modularity(graph, { getNodeCommunity: (id: string) => a.node.community![g.nodes.indexOf(id)], getEdgeWeight: 'weight' });
    expect(Math.abs(q - a.graph.modularity!)).toBeLessThan(1e-9);
  });

  it('top-k and threshold pruning are applied and recorded', async () => {
    const m = await wiod(2011);
    const k = networkAnalysis(m, { graph: 'intermediates', topK: 5 });
    expect(k.result.meta.pruning).toMatchObject({ topK: 5, edgesAfter: 41 * 5 });
    const rowCounts = g2rows(k.graph.W, 41);
    expect(rowCounts.every((c) => c === 5)).toBe(true);
    const t = networkAnalysis(m, { graph: 'intermediates', threshold: 10000 });
    const w = Array.from(t.graph.W).filter((x) => x > 0);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(10000);
    expect(t.result.meta.pruning).toMatchObject({ threshold: 10000, edgesAfter: w.length });
    const edges = edgeList(t.graph, 2011);
    expect(edges.rows.length).toBe(w.length);
    const xml = toGraphml(t.graph, t.measures);
    expect(xml.match(/<edge /g)?.length).toBe(w.length);
    expect(xml.match(/<node /g)?.length).toBe(41);
  });
});

const g2rows = (W: Float64Array, n: number) =>
  Array.from({ length: n }, (_, i) => W.subarray(i * n, (i + 1) * n).filter((x) => x > 0).length);

describe('degenerate graphs and bad options', () => {
  it('an isolated node, a zero-weight edge and a self-loop give defined values for every measure', () => {
    const nodes = ['A', 'B', 'C', 'D', 'E'];
    const n = 5;
    const W = new Float64Array(n * n);
    const set = (i: number, j: number, w: number) => (W[i * n + j] = w);
    set(0, 1, 3);
    set(1, 2, 2);
    set(2, 0, 1);
    set(1, 0, 0.5);
    set(3, 0, 0); // zero-weight edge
    set(2, 2, 9); // self-loop: not an edge
    // E (index 4) is isolated; D only has a zero edge.
    const r = networkMeasures(nodes, W);
    for (const m of NODE_MEASURES) {
      const v = r.node[m]!;
      expect(v, m).toHaveLength(n);
      for (const x of v) expect(Number.isFinite(x), `${m} ${x}`).toBe(true);
    }
    for (const m of GRAPH_MEASURES) expect(Number.isFinite(r.graph[m]), m).toBe(true);
    expect(r.graph.edges).toBe(4);
    expect(r.node.in_strength![2]).toBe(2); // the self-loop is not counted
    expect(r.node.out_degree![3]).toBe(0);
    expect(r.node.betweenness![4]).toBe(0);
    expect(r.node.clustering![4]).toBe(0);
    // PageRank still sums to 1 with dangling nodes and matches the dense iteration.
    expect(Math.abs(r.node.pagerank!.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
    expect(
      maxDiff(
        r.node.pagerank!,
        densePagerank(
          W.map((w, k) => (k % 6 === 0 ? 0 : w)),
          n,
          0.85,
        ),
      ),
    ).toBeLessThan(1e-9);
    // A graph with no edges at all.
    const empty = networkMeasures(nodes, new Float64Array(n * n));
    for (const m of NODE_MEASURES) for (const x of empty.node[m]!) expect(Number.isFinite(x), m).toBe(true);
  });

  it('Fagiolo clustering of a complete graph with equal weights is 1', () => {
    const n = 4;
    const W = new Float64Array(n * n).map((_, k) => (k % (n + 1) === 0 ? 0 : 2));
    for (const c of fagioloClustering(W, n)) expect(Math.abs(c - 1)).toBeLessThan(1e-12);
  });

  it('bad options name the field', async () => {
    const m = await leather();
    expect(() => networkAnalysis(m, { graph: 'trade' as never })).toThrow(OptionError);
    expect(() => networkAnalysis(m, { topK: 0 })).toThrow(/topK/);
    expect(() => networkAnalysis(m, { damping: 1.5 })).toThrow(/damping/);
  });
});
