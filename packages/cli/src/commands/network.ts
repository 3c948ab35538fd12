import { existsSync } from 'node:fs';
import {
  chainLeaders,
  chainSignature,
  concatResults,
  edgeList,
  GRAPH_KINDS,
  GRAPH_LEVELS,
  networkAnalysis,
  networkRoles,
  STRUCTURAL_NOTE,
  toCsv,
  toGraphml,
  toJson,
  type Result,
} from '@catena/engine';
import { choiceOpt, listOpt, stringOpt, UserError, type Command, type Values } from '../command.js';
import { expandTables } from '../batch.js';
import { writeOutput } from '../format.js';
import { withProgress } from '../progress.js';
import { buildModel, loadTable, TABLE_HELP, TABLE_OPTIONS } from '../table-args.js';
import { parseBlocks } from './indicators.js';

/** A number option; UserError naming the flag when it is not a number or out of range. */
export function numberOpt(values: Values, name: string, check?: (x: number) => boolean, expected = 'a number'): number | undefined {
  const v = stringOpt(values, name);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || (check && !check(x))) throw new UserError(`--${name} ${v}: expected ${expected}`);
  return x;
}

/** Refuses to start when an output file exists and --force is not given (before any work). */
export function checkOutputs(values: Values, names: string[]): void {
  for (const n of names) {
    const p = stringOpt(values, n);
    if (p && existsSync(p) && values.force !== true) throw new UserError(`${p} exists; pass --force to replace it`);
  }
}

export const networkCommand: Command = {
  name: 'network',
  summary: 'Centrality, HITS, betweenness, clustering and Louvain communities of value-added and intermediates networks',
  usage: `<table|folder…> [--graph ${GRAPH_KINDS.join('|')}] [--view measures|roles|leaders|signature] [--chain S,S] [--block NAME=A,B]… [--level country|sector] [--threshold X | --top-k K] [--damping 0.85] [--seed S] [--edges FILE] [--graphml FILE] [--format csv|json] [--out FILE] [--force] [table options]`,
  help: `Builds a weighted directed network from each table and writes its measures as rows
year, node, measure, value (graph-level measures have an empty node). docs/networks.md has the
definitions.

Graphs (--graph):
  va-final-demand   s → r: value added of s absorbed in r's final demand (v̂ B Y, s ≠ r); at sector
                    level i → j: value added of i in the final products of j (other countries)
  fva-exports       s → r: value added of s in r's gross exports (Borin–Mancini, exporter
                    perspective, source approach); at sector level origin i → exporting j
  intermediates     s → r: intermediate inputs Z (between country-sectors at sector level)

Measures: in_strength, out_strength, in_degree, out_degree, pagerank, eigenvector, hub, authority,
betweenness (distance 1/weight), clustering (Fagiolo weighted directed), community (Louvain);
graph rows: nodes, edges, density, reciprocity, weighted_reciprocity, modularity, communities.

Options:
  --graph G            the flows (default va-final-demand)
  --level L            country (default) or sector (country-sectors)
  --threshold X        keep edges of at least X (in the table's unit)
  --top-k K            keep each node's K largest outgoing edges
  --damping D          PageRank damping factor (default 0.85)
  --seed S             Louvain seed (default 1; same seed, same communities)
  --view V             measures (default); roles: hub, spoke or periphery of each country (top 20 %
                       by PageRank and strength = hub; a spoke's main partner is a hub; after
                       Criscuolo & Timmis 2018); leaders: with --chain, who captures the chain's
                       value added (va_capture) and who supplies it upstream (upstream_requirement,
                       direct_supply_share) at --level; signature: with --chain, spider or snake per
                       country (breadth = effective foreign origins, depth = production length).
                       Leaders and signatures are ${STRUCTURAL_NOTE}
  --chain S,S          the sectors whose final products make the chain (e.g. c14)
  --block NAME=A,B,…   treat the countries as one node whose internal flows are domestic
                       (repeatable; a built-in group name alone, e.g. --block EU, uses its members)
  --edges FILE         also write the edge list (year, source, target, weight) as CSV
  --graphml FILE       also write GraphML (one table only) with the measures as node attributes
  --format F           csv (default) or json
  --out FILE           write the measures there (default: standard output)
  --force              replace files that exist
${TABLE_HELP}`,
  options: {
    ...TABLE_OPTIONS,
    graph: { type: 'string' },
    view: { type: 'string' },
    block: { type: 'string', multiple: true },
    chain: { type: 'string' },
    level: { type: 'string' },
    threshold: { type: 'string' },
    'top-k': { type: 'string' },
    damping: { type: 'string' },
    seed: { type: 'string' },
    edges: { type: 'string' },
    graphml: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(values, positionals, io) {
    const graph = choiceOpt(values, 'graph', GRAPH_KINDS, 'va-final-demand');
    const level = choiceOpt(values, 'level', GRAPH_LEVELS, 'country');
    const format = choiceOpt(values, 'format', ['csv', 'json'] as const, 'csv');
    const threshold = numberOpt(values, 'threshold', (x) => x >= 0, 'a number ≥ 0');
    const topK = numberOpt(values, 'top-k', (x) => Number.isInteger(x) && x >= 1, 'a whole number ≥ 1');
    const damping = numberOpt(values, 'damping', (x) => x > 0 && x < 1, 'a number between 0 and 1 (exclusive)');
    const seed = numberOpt(values, 'seed', Number.isInteger, 'a whole number');
    const view = choiceOpt(values, 'view', ['measures', 'roles', 'leaders', 'signature'] as const, 'measures');
    const chain = listOpt(values, 'chain');
    if ((view === 'leaders' || view === 'signature') && !chain)
      throw new UserError(`--view ${view} needs --chain SECTORS (e.g. --chain c14)`);
    if (view !== 'measures' && (values.edges !== undefined || values.graphml !== undefined))
      throw new UserError('--edges and --graphml go with --view measures');
    const blocks = parseBlocks(values);
    if (view !== 'measures' && Object.keys(blocks ?? {}).length) throw new UserError('--block goes with --view measures');
    checkOutputs(values, ['out', 'edges', 'graphml']);
    if (positionals.length === 0) throw new UserError('missing the table: give the path of a table file or folder');
    const paths = expandTables(positionals);
    const graphml = stringOpt(values, 'graphml');
    if (graphml && paths.length > 1) throw new UserError('--graphml writes one graph: give one table');
    const parts: Result[] = [];
    const edges: Result[] = [];
    let graphmlText = '';
    await withProgress(io, `network measures for ${paths.length} table${paths.length > 1 ? 's' : ''}`, async (p) => {
      p.tick(0, paths.length);
      for (const path of paths) {
        const table = await loadTable([path], values);
        const model = buildModel(table);
        if (view !== 'measures') {
          if (view === 'roles') parts.push(networkRoles(model, { graph, damping }));
          else if (view === 'leaders')
            parts.push(chainLeaders(model, { sectors: chain!, level: level === 'country' ? 'country' : 'sector' }));
          else parts.push(chainSignature(model, { sectors: chain! }));
          p.tick();
          continue;
        }
        const run = networkAnalysis(model, {
          graph,
          level,
          threshold,
          topK,
          damping,
          seed,
          blocks: blocks as Record<string, string[] | undefined>,
        });
        parts.push(run.result);
        edges.push(edgeList(run.graph, table.year));
        if (graphml) graphmlText = toGraphml(run.graph, run.measures);
        p.tick();
      }
    });
    const result = parts.length === 1 ? parts[0] : concatResults(parts);
    const force = values.force === true;
    const edgesPath = stringOpt(values, 'edges');
    if (edgesPath) writeOutput(edgesPath, toCsv(edges.length === 1 ? edges[0] : concatResults(edges)), force);
    if (graphml) writeOutput(graphml, graphmlText, force);
    const text = format === 'json' ? toJson(result) : toCsv(result);
    const out = stringOpt(values, 'out');
    if (out) writeOutput(out, text, force);
    else io.out(text);
    return 0;
  },
};
