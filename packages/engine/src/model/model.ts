/**
 * Model: everything expensive about a table, computed once and shared by every analysis.
 *
 *   A = Z x̂⁻¹ (columns of country-sectors with x ≤ 0 are zero), v = VA / x (0 where x ≤ 0),
 *   one LU factorisation of I − A, B = (I − A)⁻¹ on demand, final demand by absorbing country Yc,
 *   exports E and bilateral exports E_sr. The split into domestic blocks (countries with their
 *   OECD split parts, or user blocks such as NAFTA) and the block factorisations I − A_ss are the
 *   model's partitions: model.partition(blocks), see partition.ts.
 *
 * Layout: country-major, sector-minor (index g·N + n); matrices column-major.
 */
import { LU, Matrix, matmul } from '@catena/linalg';
import { TableError } from '../errors.js';
import { checkProductive, factorLeontief, factorLeontiefAsync } from './productive.js';
import { TABLE_CONVENTIONS, type IcioTable } from '../table/icio-table.js';
import { blockInverse, blockLU, partitionBytes, partitionOf, type BlockSpec, type Partition } from './partition.js';

export interface ModelOptions {
  /** Reject I − A whose reciprocal condition number is below this (default 1e-14). */
  rcondMin?: number;
  /** Build the model of a non-productive table (spectral radius of A ≥ 1) instead of stopping (see productive.ts). */
  allowUnproductive?: boolean;
}

export class Model {
  readonly table: IcioTable;
  readonly G: number;
  readonly N: number;
  readonly GN: number;
  /** Output, row sums of Z and Y. */
  readonly x: Float64Array;
  /** Value added, x − column sums of Z. */
  readonly va: Float64Array;
  /** Value-added coefficients VA/x, 0 where x ≤ 0. */
  readonly v: Float64Array;
  /**
   * Value-added coefficients that trace gross exports (the decompositions' V): VA/x where x > 0
   * and 1 where x ≤ 0. A country-sector with x ≤ 0 that still delivers (exports or intermediates
   * drawn from inventories) has zero input coefficients, and its deliveries count as its own
   * domestic value added, so that V B = 1 in every column and GEXP = DC + FC holds for every
   * exporter of every table (docs/methods.md, "Sectors with x ≤ 0"). Equal to v elsewhere.
   */
  get vTrace(): Float64Array {
    if (!this._vTrace) {
      const t = this.v.slice();
      for (const j of this.zeroOutput) t[j] = 1;
      this._vTrace = t;
    }
    return this._vTrace;
  }
  private _vTrace?: Float64Array;

  /** Input coefficients Z x̂⁻¹. */
  readonly A: Matrix;
  /** Indices of the country-sectors with x ≤ 0. */
  readonly zeroOutput: number[];
  /** The factorisation of I − A. */
  readonly lu: LU;
  /**
   * Final demand by absorbing country (GN × G): the table's, plus the intermediate deliveries to
   * country-sectors with x ≤ 0, absorbed by their country (see absorbedInputs).
   */
  readonly Yc: Matrix;
  /** Intermediate exports of each country-sector to each country (GN × G, zero at home). */
  readonly EsrInt: Matrix;
  /** Final-goods exports (GN × G, zero at home). */
  readonly EsrFin: Matrix;
  /** Gross bilateral exports EsrInt + EsrFin (GN × G). */
  readonly Esr: Matrix;
  /** Gross exports of each country-sector (row sums of Esr). */
  readonly E: Float64Array;

  /**
   * Country-sectors with x ≤ 0 that buy intermediates: their zero coefficient columns cannot carry
   * those inputs, which Yc therefore counts as final demand of their country (and EsrFin as
   * final-goods exports), so that x = A x + Yc·1 and every decomposition adds up to gross exports.
   */
  readonly absorbedInputs: number[];

  private _B?: Matrix;

  private constructor(table: IcioTable, lu: LU, A: Matrix, v: Float64Array, zeroOutput: number[]) {
    this.table = table;
    this.G = table.G;
    this.N = table.N;
    this.GN = table.GN;
    this.x = table.x;
    this.va = table.va;
    this.v = v;
    this.A = A;
    this.zeroOutput = zeroOutput;
    this.lu = lu;
    const { G, N, GN } = this;
    const Z = table.Z.data;
    // Deliveries to a country-sector with x ≤ 0 (its inputs, which zero coefficients cannot carry)
    // are absorbed where they arrive: final demand of its country, so that x = A x + y exactly.
    const absorbing = zeroOutput.filter((j) => table.Z.col(j).some((z) => z !== 0));
    if (absorbing.length === 0) this.Yc = table.Yc;
    else {
      this.Yc = table.Yc.clone();
      for (const j of absorbing) {
        const dst = this.Yc.col(Math.floor(j / N));
        const src = table.Z.col(j);
        for (let i = 0; i < GN; i++) dst[i] += src[i];
      }
    }
    this.absorbedInputs = absorbing;
    const isZero = new Uint8Array(GN);
    for (const j of absorbing) isZero[j] = 1;
    this.EsrInt = new Matrix(GN, G);
    this.EsrFin = new Matrix(GN, G);
    for (let r = 0; r < G; r++) {
      const dst = this.EsrInt.col(r);
      for (let j = r * N; j < (r + 1) * N; j++) {
        if (isZero[j]) continue;
        const o = j * GN;
        for (let i = 0; i < GN; i++) dst[i] += Z[o + i];
      }
      this.EsrFin.col(r).set(this.Yc.col(r));
      // Flows within the exporting country are not exports.
      for (let i = r * N; i < (r + 1) * N; i++) {
        dst[i] = 0;
        this.EsrFin.data[i + r * GN] = 0;
      }
    }
    this.Esr = new Matrix(
      GN,
      G,
      this.EsrInt.data.map((e: number, k: number) => e + this.EsrFin.data[k]),
    );
    this.E = this.Esr.rowSums();
  }

  private static coefficients(table: IcioTable): { A: Matrix; v: Float64Array; zero: number[]; IminusA: Matrix } {
    const GN = table.GN;
    const x = table.x;
    const va = table.va;
    // A NaN or infinite cell makes its row's output non-finite: name the cell, not a pivot.
    for (let i = 0; i < GN; i++) if (!Number.isFinite(x[i])) throw nonFiniteCell(table, i);
    const A = new Matrix(GN, GN);
    const IminusA = new Matrix(GN, GN);
    const v = new Float64Array(GN);
    const zero: number[] = [];
    const Z = table.Z.data;
    for (let j = 0; j < GN; j++) {
      const o = j * GN;
      if (x[j] > 0) {
        const inv = 1 / x[j];
        for (let i = 0; i < GN; i++) {
          const a = Z[o + i] * inv;
          A.data[o + i] = a;
          IminusA.data[o + i] = -a;
        }
        v[j] = va[j] * inv;
      } else zero.push(j);
      IminusA.data[o + j] += 1;
    }
    return { A, v, zero, IminusA };
  }

  /** Builds the model: coefficients and one LU factorisation of I − A. */
  static build(table: IcioTable, o: ModelOptions = {}): Model {
    const { A, v, zero, IminusA } = Model.coefficients(table);
    const lu = factorLeontief(table, IminusA, o);
    checkProductive(table, A, lu, o);
    return new Model(table, lu, A, v, zero);
  }

  /** As build(), with the factorisation on the libuv pool. */
  static async buildAsync(table: IcioTable, o: ModelOptions = {}): Promise<Model> {
    const { A, v, zero, IminusA } = Model.coefficients(table);
    const lu = await factorLeontiefAsync(table, IminusA, o);
    checkProductive(table, A, lu, o);
    return new Model(table, lu, A, v, zero);
  }

  /** The conventions in force, for result metadata. */
  get conventions(): Record<string, string> {
    return { ...TABLE_CONVENTIONS };
  }

  /** Global Leontief inverse B = (I − A)⁻¹, computed from the factorisation on first use. */
  get B(): Matrix {
    if (!this._B) this._B = this.lu.inverse();
    return this._B;
  }

  /** As B, computed on the libuv pool. */
  async leontiefAsync(): Promise<Matrix> {
    if (!this._B) this._B = await this.lu.inverseAsync();
    return this._B;
  }

  /** Solves (I − A) X = R (or (I − A)ᵀ X = R) with the table's one factorisation. */
  solve<T extends Matrix | Float64Array>(R: T, trans = false): T {
    return this.lu.solve(R, trans);
  }

  /** Rows/columns [s·N, (s+1)·N) of country s. */
  range(s: number): [number, number] {
    return [s * this.N, (s + 1) * this.N];
  }

  /** The domestic block A_ss (N × N) of table country s. */
  Ass(s: number): Matrix {
    const [a] = this.range(s);
    return this.A.block(a, a, this.N, this.N);
  }

  /**
   * The domestic/foreign split of the model's rows for a grouping of its countries (cached per
   * model and resolved blocks): with no argument every country is a block of its own, with its
   * OECD split parts (CN1–CN4, MX1–MX3) folded in; `{ NAFTA: ['MEX', 'USA'] }` makes the listed
   * countries (or country groups such as EU27) one block and leaves the others alone. The
   * partition gives the block rows, flows by absorbing block and the cached factorisations of
   * I − A_ss per block. OptionError (option 'blocks') for unknown or doubly used countries.
   */
  partition(blocks: BlockSpec = {}): Partition<Model> {
    return partitionOf(this, blocks);
  }

  /**
   * Factorisation of I − A_ss for table country s alone (its own N rows, split parts not
   * included), shared with the partitions' cache. For domestic blocks use partition().lu(b).
   */
  localLU(s: number): LU {
    return blockLU(this, [s]);
  }

  /** Local Leontief inverse (I − A_ss)⁻¹ of table country s alone (N × N), cached as localLU. */
  localInverse(s: number): Matrix {
    return blockInverse(this, [s]);
  }

  /** Product helper on the active backend. */
  mul(A: Matrix, B: Matrix, transA = false, transB = false): Matrix {
    return matmul(A, B, { transA, transB });
  }

  /** Bytes held by the model (coefficients, factorisation, cached inverses incl. the partitions' block factorisations, exports). */
  memoryBytes(): number {
    let b = this.A.data.byteLength + this.lu.bytes + this.v.byteLength + this.Esr.data.byteLength * 3 + this.E.byteLength;
    if (this._B) b += this._B.data.byteLength;
    return b + partitionBytes(this);
  }
}

/** The first NaN or infinite cell in row i of Z or Y, as an error naming both labels. */
function nonFiniteCell(t: IcioTable, i: number): TableError {
  const { GN, F } = t;
  for (let j = 0; j < GN; j++) {
    const z = t.Z.data[i + j * GN];
    if (!Number.isFinite(z))
      return new TableError(`${t.source}: intermediate flow ${t.label(i)} → ${t.label(j)} is ${z}; expected a finite number`);
  }
  for (let c = 0; c < t.Y.cols; c++) {
    const y = t.Y.data[i + c * GN];
    if (!Number.isFinite(y)) {
      const where = `${t.countries[Math.floor(c / F)]}_${t.fdCategories[c % F]}`;
      return new TableError(`${t.source}: final demand ${t.label(i)} → ${where} is ${y}; expected a finite number`);
    }
  }
  return new TableError(`${t.source}: output of ${t.label(i)} is not finite; expected a finite number`);
}
