import { Matrix } from '@catena/linalg';
import { TableError } from '../errors.js';
import { IcioTable } from './icio-table.js';

/**
 * Maps countries to regions and/or sectors to groups. Every country (sector) of the table must
 * be mapped exactly once; groups keep the order in which they first appear.
 */
export interface Concordance {
  countries?: Record<string, string>;
  sectors?: Record<string, string>;
}

function groupIndex(codes: string[], map: Record<string, string> | undefined, what: string): { groups: string[]; of: Int32Array } {
  if (!map) return { groups: codes.slice(), of: Int32Array.from(codes, (_, i) => i) };
  const unknown = Object.keys(map).filter((k) => !codes.includes(k));
  if (unknown.length)
    throw new TableError(`the ${what} concordance names ${unknown.join(', ')}, which the table does not have; known: ${codes.join(', ')}`);
  const missing = codes.filter((c) => map[c] === undefined);
  if (missing.length)
    throw new TableError(`the ${what} concordance leaves out ${missing.join(', ')}: every ${what} must be mapped to a group`);
  const groups: string[] = [];
  const of = new Int32Array(codes.length);
  codes.forEach((c, i) => {
    const g = map[c];
    if (!g) throw new TableError(`the ${what} concordance maps ${c} to an empty group name`);
    let k = groups.indexOf(g);
    if (k < 0) k = groups.push(g) - 1;
    of[i] = k;
  });
  return { groups, of };
}

/** Aggregates a table by summing flows over the groups of a concordance; totals are checked. */
export function aggregateTable(t: IcioTable, c: Concordance, source?: string): IcioTable {
  const cg = groupIndex(t.countries, c.countries, 'country');
  const sg = groupIndex(t.sectors, c.sectors, 'sector');
  const G2 = cg.groups.length;
  const N2 = sg.groups.length;
  const GN2 = G2 * N2;
  const { G, N, F, GN } = t;
  const to = new Int32Array(GN);
  for (let g = 0; g < G; g++) for (let n = 0; n < N; n++) to[g * N + n] = cg.of[g] * N2 + sg.of[n];

  const Z = new Matrix(GN2, GN2);
  for (let j = 0; j < GN; j++) {
    const src = t.Z.col(j);
    const dst = Z.col(to[j]);
    for (let i = 0; i < GN; i++) dst[to[i]] += src[i];
  }
  const Y = new Matrix(GN2, G2 * F);
  for (let g = 0; g < G; g++) {
    for (let f = 0; f < F; f++) {
      const src = t.Y.col(g * F + f);
      const dst = Y.col(cg.of[g] * F + f);
      for (let i = 0; i < GN; i++) dst[to[i]] += src[i];
    }
  }
  const sumBy = (v: Float64Array | undefined) => {
    if (!v) return undefined;
    const out = new Float64Array(GN2);
    for (let i = 0; i < GN; i++) out[to[i]] += v[i];
    return out;
  };
  const agg = new IcioTable({
    countries: cg.groups,
    sectors: sg.groups,
    fdCategories: t.fdCategories.slice(),
    Z,
    Y,
    storedVA: sumBy(t.storedVA),
    storedOutput: sumBy(t.storedOutput),
    unit: t.unit,
    year: t.year,
    source: source ?? `${t.source} (aggregated to ${G2} × ${N2})`,
  });
  const before = t.totals();
  const after = agg.totals();
  for (const k of ['output', 'valueAdded', 'finalDemand', 'intermediate'] as const) {
    const a = before[k];
    const b = after[k];
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a))) {
      throw new TableError(`aggregation changed total ${k} from ${a} to ${b}; the concordance must be a partition`);
    }
  }
  return agg;
}
