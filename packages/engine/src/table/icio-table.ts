/**
 * IcioTable: an inter-country input-output table as plain data.
 *
 * Layout (country-major, sector-minor): country-sector i = g·N + n. Z is GN × GN with
 * Z[i, j] the intermediate inputs from i used by j; Y is GN × (G·F) with column g·F + f the
 * final demand of category f in absorbing country g. Matrices are column-major (@catena/linalg).
 *
 * Conventions (METHODS.md): output x = row sums of Z + row sums of Y; value added
 * VA = x − column sums of Z. A stored output or VA, when the file has one, is kept for
 * diagnostics only.
 *
 * Aggregation (aggregateTable, IcioTable.aggregate) lives here too, with the class it builds.
 */
import { Matrix } from '@catena/linalg';
import { TableError } from '../errors.js';
import { validateTable, type Diagnostic, type ValidateOptions } from './validate.js';

export interface IcioTableInit {
  countries: string[];
  sectors: string[];
  /** Final-demand categories per country (F of them); Y has G·F columns. */
  fdCategories: string[];
  Z: Matrix;
  Y: Matrix;
  /** Value added as stored in the file (optional, diagnostics only). */
  storedVA?: Float64Array;
  /** Output as stored in the file (optional, diagnostics only). */
  storedOutput?: Float64Array;
  unit?: string;
  year?: number;
  /** Where the table came from: database and vintage, or a file path. */
  source?: string;
}

/** The conventions every result states in its metadata. */
export const TABLE_CONVENTIONS = {
  output: 'x = row sums of Z + row sums of Y (stored output kept for diagnostics only)',
  valueAdded: 'VA = x − column sums of Z',
  zeroOutput: 'country-sectors with x ≤ 0 get zero coefficient columns and are excluded from ratios',
  ordering: 'country-major, sector-minor (index g·N + n)',
} as const;

export class IcioTable {
  readonly countries: string[];
  readonly sectors: string[];
  readonly fdCategories: string[];
  readonly Z: Matrix;
  readonly Y: Matrix;
  readonly storedVA?: Float64Array;
  readonly storedOutput?: Float64Array;
  readonly unit: string;
  readonly year?: number;
  readonly source: string;
  private cache: { x?: Float64Array; va?: Float64Array; Yc?: Matrix } = {};

  constructor(init: IcioTableInit) {
    const G = init.countries.length;
    const N = init.sectors.length;
    const F = init.fdCategories.length;
    const GN = G * N;
    if (G === 0 || N === 0) throw new TableError(`a table needs at least one country and one sector, got ${G} × ${N}`);
    if (F === 0) throw new TableError('a table needs at least one final-demand category');
    if (init.Z.rows !== GN || init.Z.cols !== GN) {
      throw new TableError(`Z is (${init.Z.rows}, ${init.Z.cols}), expected (${GN}, ${GN}) = (G*N, G*N) with G = ${G}, N = ${N}`);
    }
    if (init.Y.rows !== GN || init.Y.cols !== G * F) {
      throw new TableError(`Y is (${init.Y.rows}, ${init.Y.cols}), expected (${GN}, ${G * F}) = (G*N, G*F) with F = ${F}`);
    }
    for (const [name, v] of [
      ['stored VA', init.storedVA],
      ['stored output', init.storedOutput],
    ] as const) {
      if (v && v.length !== GN) throw new TableError(`${name} has ${v.length} entries, expected ${GN}`);
    }
    const dup = (xs: string[]) => xs.find((s, i) => xs.indexOf(s) !== i);
    const dc = dup(init.countries);
    if (dc !== undefined) throw new TableError(`country '${dc}' appears twice`);
    const ds = dup(init.sectors);
    if (ds !== undefined) throw new TableError(`sector '${ds}' appears twice`);
    this.countries = init.countries;
    this.sectors = init.sectors;
    this.fdCategories = init.fdCategories;
    this.Z = init.Z;
    this.Y = init.Y;
    this.storedVA = init.storedVA;
    this.storedOutput = init.storedOutput;
    this.unit = init.unit ?? 'unknown unit';
    this.year = init.year;
    this.source = init.source ?? 'unknown source';
  }

  get G(): number {
    return this.countries.length;
  }
  get N(): number {
    return this.sectors.length;
  }
  get F(): number {
    return this.fdCategories.length;
  }
  get GN(): number {
    return this.countries.length * this.sectors.length;
  }

  /** Label of country-sector i, `CCC_sector`. */
  label(i: number): string {
    return `${this.countries[Math.floor(i / this.N)]}_${this.sectors[i % this.N]}`;
  }

  labels(): string[] {
    return Array.from({ length: this.GN }, (_, i) => this.label(i));
  }

  /** Index of a country code; throws naming the known codes when it is not in the table. */
  countryIndex(code: string): number {
    const g = this.countries.indexOf(code);
    if (g < 0) throw new TableError(`country '${code}' is not in the table; known: ${this.countries.join(', ')}`);
    return g;
  }

  sectorIndex(code: string): number {
    const n = this.sectors.indexOf(code);
    if (n < 0) throw new TableError(`sector '${code}' is not in the table; known: ${this.sectors.join(', ')}`);
    return n;
  }

  /** Output x = row sums of Z plus row sums of Y. */
  get x(): Float64Array {
    if (!this.cache.x) {
      const x = this.Z.rowSums();
      const y = this.Y.rowSums();
      for (let i = 0; i < x.length; i++) x[i] += y[i];
      this.cache.x = x;
    }
    return this.cache.x!;
  }

  /** Value added VA = x − column sums of Z. */
  get va(): Float64Array {
    if (!this.cache.va) {
      const c = this.Z.colSums();
      const x = this.x;
      this.cache.va = x.map((xi, i) => xi - c[i]);
    }
    return this.cache.va!;
  }

  /** Final demand summed over categories: GN × G, column g = absorbed in country g. */
  get Yc(): Matrix {
    if (!this.cache.Yc) {
      const { GN, G, F } = this;
      const out = new Matrix(GN, G);
      for (let g = 0; g < G; g++) {
        const dst = out.col(g);
        for (let f = 0; f < F; f++) {
          const src = this.Y.col(g * F + f);
          for (let i = 0; i < GN; i++) dst[i] += src[i];
        }
      }
      this.cache.Yc = out;
    }
    return this.cache.Yc!;
  }

  /** Totals: output, value added, final demand, intermediate use and gross exports. */
  totals(): { output: number; valueAdded: number; finalDemand: number; intermediate: number; exports: number } {
    const sum = (v: Float64Array) => v.reduce((a, b) => a + b, 0);
    const { G, N } = this;
    let exports = 0;
    const Z = this.Z.data;
    const GN = this.GN;
    const Yc = this.Yc;
    for (let s = 0; s < G; s++) {
      for (let r = 0; r < G; r++) {
        if (r === s) continue;
        for (let j = r * N; j < (r + 1) * N; j++) {
          const o = j * GN;
          for (let i = s * N; i < (s + 1) * N; i++) exports += Z[o + i];
        }
        const y = Yc.col(r);
        for (let i = s * N; i < (s + 1) * N; i++) exports += y[i];
      }
    }
    return {
      output: sum(this.x),
      valueAdded: sum(this.va),
      finalDemand: sum(this.Y.data),
      intermediate: sum(this.Z.data),
      exports,
    };
  }

  /** Diagnostics: x ≤ 0, negative VA, imbalance against stored output, NaN and negative flows. */
  validate(options: ValidateOptions = {}): Diagnostic[] {
    return validateTable(this, options);
  }

  /** Countries → regions and sectors → groups, checked to preserve totals. */
  aggregate(concordance: Concordance, source?: string): IcioTable {
    return aggregateTable(this, concordance, source);
  }

  /** Bytes held by the matrices. */
  get bytes(): number {
    return this.Z.data.byteLength + this.Y.data.byteLength;
  }
}

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
