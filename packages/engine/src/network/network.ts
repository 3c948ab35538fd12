/**
 * The `network` analysis: measures of a value-added, foreign-value-added or intermediates network
 * built from one table (graphs.ts, measures.ts), as tidy rows `year, node, measure, value`
 * (graph-level measures have an empty node), plus the edge list and GraphML for Gephi/networkx.
 */
import { z } from 'zod';
import { blocksOption } from '../registry/fields.js';
import { registerAnalysis } from '../registry/analysis.js';
import type { Model } from '../model/model.js';
import type { Result, ResultDiagnostic, Row } from '../results/result.js';
import { buildGraph, GRAPH_KINDS, GRAPH_LEVELS, type DenseGraph } from './graphs.js';
import { parseOptions } from './options.js';
import { GRAPH_MEASURES, networkMeasures, NODE_MEASURES, type Measures } from './measures.js';

export const NETWORK_COLUMNS = ['year', 'node', 'measure', 'value'];
export const EDGE_COLUMNS = ['year', 'source', 'target', 'weight'];

export const networkOptions = z.object({
  graph: z
    .enum(GRAPH_KINDS)
    .default('va-final-demand')
    .describe('which flows are the edges: va-final-demand, fva-exports or intermediates'),
  level: z.enum(GRAPH_LEVELS).default('country').describe('nodes are countries or country-sectors'),
  threshold: z.number().min(0).optional().describe('keep edges whose weight is at least this, in the table unit'),
  topK: z.number().int().min(1).optional().describe("keep each node's K largest outgoing edges"),
  damping: z.number().gt(0).lt(1).default(0.85).describe('PageRank damping factor'),
  blocks: blocksOption(
    'country blocks, e.g. { NAFTA: [MEX, USA] } (no members: the built-in group of that name): each block is one node, its internal flows domestic',
  ),
  seed: z.number().int().default(1).describe('seed of the Louvain random generator (same seed, same communities)'),
});
export type NetworkOptions = z.input<typeof networkOptions>;

export interface NetworkRun {
  graph: DenseGraph;
  measures: Measures;
  result: Result;
}

/** Builds the graph, computes every measure and returns the graph, the measures and the rows. */
export function networkAnalysis(model: Model, options: NetworkOptions = {}): NetworkRun {
  const o = parseOptions(networkOptions, options);
  const graph = buildGraph(model, { graph: o.graph, level: o.level, threshold: o.threshold, topK: o.topK, blocks: o.blocks });
  const measures = networkMeasures(graph.nodes, graph.W, { damping: o.damping, seed: o.seed });
  const year = model.table.year ?? null;
  const rows: Row[] = [];
  for (const m of GRAPH_MEASURES) {
    const v = measures.graph[m];
    if (v !== undefined) rows.push({ year, node: null, measure: m, value: v });
  }
  for (const m of NODE_MEASURES) {
    const vals = measures.node[m];
    if (!vals) continue;
    for (let i = 0; i < graph.nodes.length; i++) rows.push({ year, node: graph.nodes[i], measure: m, value: vals[i] });
  }
  const diagnostics: ResultDiagnostic[] = [];
  if (graph.negativeFlows > 0)
    diagnostics.push({
      code: 'negative-flows',
      severity: 'info',
      message: `${graph.negativeFlows} pairs with a negative flow are not edges`,
    });
  for (const m of measures.notConverged)
    diagnostics.push({ code: 'not-converged', severity: 'warning', message: `${m}: the power iteration did not converge; no rows` });
  const result: Result = {
    columns: NETWORK_COLUMNS,
    rows,
    meta: {
      kind: 'network',
      method: o.graph,
      level: o.level,
      unit: graph.unit,
      source: model.table.source,
      year: model.table.year,
      options: o,
      pruning: graph.pruning,
      conventions: {
        ...model.conventions,
        edges: 'self-loops and non-positive flows are not edges',
        betweenness: 'shortest paths with distance 1/weight, normalised by (n−1)(n−2)',
        eigenvector: 'in-centrality (x ∝ Wᵀx), unit Euclidean norm',
        community: `Louvain, seed ${o.seed}; numbered in order of first node`,
        graphRows: 'graph-level measures have an empty node',
      },
      diagnostics,
    },
  };
  return { graph, measures, result };
}

/** The edge list of a graph (weights > 0), as a Result for CSV writers (Gephi, networkx). */
export function edgeList(graph: DenseGraph, year?: number): Result {
  const n = graph.nodes.length;
  const rows: Row[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const w = graph.W[i * n + j];
      if (w > 0) rows.push({ year: year ?? null, source: graph.nodes[i], target: graph.nodes[j], weight: w });
    }
  return {
    columns: EDGE_COLUMNS,
    rows,
    meta: { kind: 'network-edges', method: graph.kind, level: graph.level, unit: graph.unit, pruning: graph.pruning },
  };
}

const xmlEscape = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** GraphML (directed, edge attribute `weight`, node attributes the measures) for Gephi and networkx. */
export function toGraphml(graph: DenseGraph, measures?: Measures): string {
  const n = graph.nodes.length;
  const keys = measures ? NODE_MEASURES.filter((m) => measures.node[m]) : [];
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>',
    ...keys.map((k) => `  <key id="${k}" for="node" attr.name="${k}" attr.type="double"/>`),
    `  <graph id="${xmlEscape(graph.kind)}" edgedefault="directed">`,
  ];
  for (let i = 0; i < n; i++) {
    const data = keys.map((k) => `<data key="${k}">${measures!.node[k]![i]}</data>`).join('');
    out.push(`    <node id="${xmlEscape(graph.nodes[i])}">${data}</node>`);
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const w = graph.W[i * n + j];
      if (w > 0)
        out.push(
          `    <edge source="${xmlEscape(graph.nodes[i])}" target="${xmlEscape(graph.nodes[j])}"><data key="weight">${w}</data></edge>`,
        );
    }
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

export const networkDef = registerAnalysis<z.output<typeof networkOptions>, Model>({
  id: 'network',
  summary:
    'Strength, PageRank, eigenvector, HITS, betweenness, clustering and Louvain communities of a value-added or intermediates network',
  input: 'model',
  options: networkOptions,
  run: (model, options) => networkAnalysis(model, options).result,
});
