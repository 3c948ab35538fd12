/**
 * NationalTable: a single-country input-output table with imports as their own block.
 *
 * Layout: N sectors (products = industries, as in the NBS and OECD national tables).
 *   Zd (N×N)  domestic intermediate use: Zd[i, j] = domestic product i used by sector j
 *   Zm (N×N)  imported intermediate use: Zm[i, j] = imported product i used by sector j
 *   Yd (N×F)  domestic final use of domestic products, by category (exports excluded)
 *   Ym (N×F)  domestic final use of imported products
 *   e  (N)    exports of domestic products; reexports (N) imported products exported again
 * Conventions (as IcioTable): x = row sums of Zd + row sums of Yd + e; value added (all primary
 * inputs, net taxes on products included) VA = x − column sums of Zd − column sums of Zm.
 *
 * `toIcioTable()` maps the table onto the multi-country IcioTable as two "countries": the
 * country itself and ROW, whose N sectors are the imported products. ROW has no intermediate
 * inputs (its output is the imports, all of it foreign value added); exports and re-exports are
 * final demand of ROW in a category EXPORTS. With that mapping the global Leontief inverse of the
 * country block is the domestic inverse (I − Ad)⁻¹, so every IcioTable analysis reads as its
 * national counterpart (DVA in exports, foreign content = imported content).
 */
import { Matrix } from '@catena/linalg';
import { TableError } from '../errors.js';
import { IcioTable } from '../table/icio-table.js';

/** How the imports were separated from domestic flows. */
export type ImportSplit = 'table' | 'proportional';

export interface NationalTableInit {
  country: string;
  sectors: string[];
  /** Sector names (descriptions) in the file, for output; optional. */
  sectorNames?: string[];
  fdCategories: string[];
  Zd: Matrix;
  Zm: Matrix;
  Yd: Matrix;
  Ym: Matrix;
  exports: Float64Array;
  reexports?: Float64Array;
  /** Primary-input rows as stored in the file (value added components, taxes), diagnostics only. */
  primaryInputs?: { code: string; values: Float64Array }[];
  /** Output as stored in the file (GO / TI / OUTPUT), diagnostics only. */
  storedOutput?: Float64Array;
  /** 'table' when the file gives the import block; 'proportional' when it was estimated from an imports column. */
  importSplit: ImportSplit;
  unit?: string;
  year?: number;
  source?: string;
}

export class NationalTable {
  readonly country: string;
  readonly sectors: string[];
  readonly sectorNames: string[];
  readonly fdCategories: string[];
  readonly Zd: Matrix;
  readonly Zm: Matrix;
  readonly Yd: Matrix;
  readonly Ym: Matrix;
  readonly exports: Float64Array;
  readonly reexports: Float64Array;
  readonly primaryInputs: { code: string; values: Float64Array }[];
  readonly storedOutput?: Float64Array;
  readonly importSplit: ImportSplit;
  readonly unit: string;
  readonly year?: number;
  readonly source: string;

  constructor(init: NationalTableInit) {
    const N = init.sectors.length;
    const F = init.fdCategories.length;
    if (N === 0) throw new TableError('a national table needs at least one sector');
    const dims: [string, Matrix, number, number][] = [
      ['Zd', init.Zd, N, N],
      ['Zm', init.Zm, N, N],
      ['Yd', init.Yd, N, F],
      ['Ym', init.Ym, N, F],
    ];
    for (const [name, m, r, c] of dims) {
      if (m.rows !== r || m.cols !== c)
        throw new TableError(
          `${name} is (${m.rows}, ${m.cols}), expected (${r}, ${c}) = (N, ${c === N ? 'N' : 'F'}) with N = ${N}, F = ${F}`,
        );
    }
    if (init.exports.length !== N) throw new TableError(`exports have ${init.exports.length} entries, expected ${N}`);
    const dup = init.sectors.find((s, i) => init.sectors.indexOf(s) !== i);
    if (dup !== undefined) throw new TableError(`sector '${dup}' appears twice`);
    this.country = init.country;
    this.sectors = init.sectors;
    this.sectorNames = init.sectorNames ?? init.sectors;
    this.fdCategories = init.fdCategories;
    this.Zd = init.Zd;
    this.Zm = init.Zm;
    this.Yd = init.Yd;
    this.Ym = init.Ym;
    this.exports = init.exports;
    this.reexports = init.reexports ?? new Float64Array(N);
    this.primaryInputs = init.primaryInputs ?? [];
    this.storedOutput = init.storedOutput;
    this.importSplit = init.importSplit;
    this.unit = init.unit ?? 'unknown unit';
    this.year = init.year;
    this.source = init.source ?? 'unknown source';
  }

  get N(): number {
    return this.sectors.length;
  }

  /** Output x = row sums of Zd + row sums of Yd + exports. */
  get x(): Float64Array {
    const x = this.Zd.rowSums();
    const y = this.Yd.rowSums();
    for (let i = 0; i < x.length; i++) x[i] += y[i] + this.exports[i];
    return x;
  }

  /** Imports by product: row sums of Zm + row sums of Ym + re-exports. */
  get imports(): Float64Array {
    const m = this.Zm.rowSums();
    const y = this.Ym.rowSums();
    for (let i = 0; i < m.length; i++) m[i] += y[i] + this.reexports[i];
    return m;
  }

  /** Value added (all primary inputs): x − column sums of Zd − column sums of Zm. */
  get va(): Float64Array {
    const x = this.x;
    const d = this.Zd.colSums();
    const m = this.Zm.colSums();
    return x.map((xi, j) => xi - d[j] - m[j]);
  }

  /** Totals: output, value added, exports, imports, domestic final demand. */
  totals(): {
    output: number;
    valueAdded: number;
    exports: number;
    imports: number;
    domesticFinalDemand: number;
    importedFinalDemand: number;
  } {
    const sum = (v: ArrayLike<number>) => {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i];
      return s;
    };
    return {
      output: sum(this.x),
      valueAdded: sum(this.va),
      exports: sum(this.exports),
      imports: sum(this.imports),
      domesticFinalDemand: sum(this.Yd.data),
      importedFinalDemand: sum(this.Ym.data),
    };
  }

  /**
   * The table as a two-country IcioTable: [country, ROW]. ROW's sectors are the imported
   * products; ROW rows carry Zm and Ym, ROW columns only exports (final demand category EXPORTS).
   */
  toIcioTable(rowCode = 'ROW'): IcioTable {
    const N = this.N;
    const F = this.fdCategories.length + 1;
    const GN = 2 * N;
    const Z = new Matrix(GN, GN);
    for (let j = 0; j < N; j++) {
      const dst = Z.col(j);
      dst.set(this.Zd.col(j), 0);
      dst.set(this.Zm.col(j), N);
    }
    const Y = new Matrix(GN, 2 * F);
    for (let f = 0; f < F - 1; f++) {
      const dst = Y.col(f);
      dst.set(this.Yd.col(f), 0);
      dst.set(this.Ym.col(f), N);
    }
    const ex = Y.col(F + F - 1);
    ex.set(this.exports, 0);
    ex.set(this.reexports, N);
    return new IcioTable({
      countries: [this.country, rowCode],
      sectors: this.sectors,
      fdCategories: [...this.fdCategories, 'EXPORTS'],
      Z,
      Y,
      unit: this.unit,
      year: this.year,
      source: `${this.source} (national table: ${rowCode} = the imports block)`,
    });
  }
}

/**
 * Splits a competitive-import table (one flow matrix for domestic and imported products, and an
 * imports column) into domestic and imported blocks by the proportionality assumption: every user
 * of product i takes the same import share m_i = IM_i / (Σ_j Z_ij + Σ_f Y_if), domestic use only
 * (exports are domestic products). Shares are clamped to [0, 1]; the products where that was
 * needed are returned.
 */
export function splitImportsProportionally(
  Z: Matrix,
  Y: Matrix,
  imports: Float64Array,
): { Zd: Matrix; Zm: Matrix; Yd: Matrix; Ym: Matrix; shares: Float64Array; clamped: number[] } {
  const N = Z.rows;
  const use = Z.rowSums();
  const fy = Y.rowSums();
  const shares = new Float64Array(N);
  const clamped: number[] = [];
  for (let i = 0; i < N; i++) {
    const d = use[i] + fy[i];
    let s = d > 0 ? imports[i] / d : 0;
    if (s < 0 || s > 1 || (d <= 0 && imports[i] !== 0)) clamped.push(i);
    s = Math.min(1, Math.max(0, s));
    shares[i] = s;
  }
  const split = (M: Matrix) => {
    const dom = new Matrix(M.rows, M.cols);
    const imp = new Matrix(M.rows, M.cols);
    for (let j = 0; j < M.cols; j++) {
      const src = M.col(j);
      const a = dom.col(j);
      const b = imp.col(j);
      for (let i = 0; i < N; i++) {
        b[i] = src[i] * shares[i];
        a[i] = src[i] - b[i];
      }
    }
    return [dom, imp];
  };
  const [Zd, Zm] = split(Z);
  const [Yd, Ym] = split(Y);
  return { Zd, Zm, Yd, Ym, shares, clamped };
}
