/**
 * Partition: which rows of a Model are "domestic" to each other. Every analysis that speaks of
 * domestic and foreign — the trade decompositions, the production decomposition and lengths, the
 * indicators, national and regional value chains, shocks and networks — asks the model for one:
 *
 *   const p = model.partition();                            // countries (split parts folded)
 *   const q = model.partition({ NAFTA: ['MEX', 'USA'] });   // user blocks, others stay alone
 *   const e = model.partition({ EU: ['EU27'] });            // a member may be a country group
 *
 * Blocks. The table's countries are grouped into blocks b = 0 … G − 1 (G ≤ the table's countries):
 * - OECD ICIO split parts (CN1–CN4, MX1–MX3, every edition: concordance/splits.ts) always belong
 *   to their parent's block (CHN = CHN ∪ CN1 ∪ CN2 …), whether or not the parent has rows;
 * - each user block { NAME: members } is one block named NAME; members are countries of the table
 *   or country groups (EU27, USMCA … expanded to their members in the table); a member's split
 *   parts follow it; a country belongs to one block at most; `undefined` members mean the built-in
 *   group called NAME (e.g. { EU: undefined });
 * - every other country is a block of its own.
 * Blocks are ordered by their first table country; `names[b]` is CHN, MEX, NAFTA, … .
 *
 * Rows. Everything is over the model's rows (i < GN, country-major, sector-minor as in the table):
 * `blockOf[i]` is the block of row i, `sectorOf[i]` its sector, `rows[b]` the rows of block b
 * (ascending), `sectorRows(b, n)` the rows of sector n in block b (one, or one per split part or
 * member). A block's n_b = rows[b].length is N unless it holds several table countries.
 *
 * Algebra. With I_b the rows of block b, A^D = the blocks A[I_b, I_b] and A^F = A − A^D:
 * - `lu(b)` is the factorisation of I − A_bb and `localInverse(b)` = (I − A_bb)⁻¹ (n_b × n_b, rows in
 *   the order of rows[b]); both are computed on first use and cached per model and block, so a
 *   country block's factorisation is shared by every partition in which it stands alone;
 * - `applyL(R)` applies L = (I − A^D)⁻¹ (block-diagonal) to a GN-vector or GN × k matrix,
 *   `applyAD`, `applyAF` multiply by A^D and A^F, `finalSplit()` splits final goods y into the part
 *   absorbed in the producer's own block (y^D) and elsewhere (y^F).
 * Flows by absorbing block (GN × G, column-major, zero where the row's block absorbs): `Y`,
 * `EsrInt`, `EsrFin`, `Esr`, and gross exports `E` (GN) — the model's own arrays when nothing is
 * folded, else summed over the blocks' columns on first use.
 *
 * A partition is cached by the model: `model.partition(blocks)` returns the same object for the same
 * resolved blocks. It never factorises I − A itself; global solves go through model.solve.
 * Bad blocks throw OptionError naming the option `blocks`, the block and the country.
 */
import { LU, Matrix, matvec } from '@catena/linalg';
import { groupInTable, groupMembers } from '../concordance/groups.js';
import { splitParent } from '../concordance/splits.js';
import { OptionError } from '../errors.js';
import type { IcioTable } from '../table/icio-table.js';

/** User blocks: name → members (countries of the table or country groups); undefined = the built-in group NAME. */
export type BlockSpec = Record<string, readonly string[] | undefined>;

/** What a partition reads from its model (the Model class provides it). */
export interface PartitionModel {
  readonly table: IcioTable;
  readonly G: number;
  readonly N: number;
  readonly GN: number;
  readonly A: Matrix;
  readonly Yc: Matrix;
  readonly EsrInt: Matrix;
  readonly EsrFin: Matrix;
  readonly Esr: Matrix;
  readonly E: Float64Array;
  /** Columns whose inputs Yc counts as final demand (x ≤ 0; see Model.absorbedInputs). */
  readonly absorbedInputs?: readonly number[];
}

/**
 * Checks user blocks against the table's countries and returns them with country groups expanded
 * (EU27 → its members in the table), built-in groups filled in for `undefined` members and
 * duplicates dropped. OptionError (option `blocks`), naming the block and the country, when a
 * member is neither a country of the table nor a group with members in it, is a split part (list
 * its parent, the parts follow it), or is in two blocks; when a block is empty or has no built-in
 * group of its name; or when a block's name is a country of the table that the block does not contain.
 */
export function resolveBlocks(tableCountries: readonly string[], blocks: BlockSpec = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const owner = new Map<string, string>();
  const known = tableCountries.join(', ');
  for (const [name, given] of Object.entries(blocks)) {
    if (!name.trim()) throw new OptionError(`blocks: a block has an empty name; expected a name such as NAFTA`, 'blocks');
    let list = given;
    if (list === undefined) {
      list = groupMembers(name);
      if (!list)
        throw new OptionError(`blocks: ${name} has no members given and no built-in group of that name; give ${name}=CCC,CCC,…`, 'blocks');
    }
    if (!Array.isArray(list) || list.length === 0)
      throw new OptionError(`blocks: ${name} has no members; expected a list of countries of the table`, 'blocks');
    const members: string[] = [];
    // A built-in group stands for those of its members that the table has (ISO aliases such as ROM match).
    const expanded =
      given === undefined ? [groupInTable([...list], [...tableCountries])] : list.map((code) => expandMember(name, code, tableCountries));
    for (const codes of expanded) {
      for (const c of codes) {
        const parent = splitParent(c);
        if (parent && tableCountries.includes(parent))
          throw new OptionError(
            `blocks: ${name} lists '${c}', a split part of ${parent}; list ${parent} (its split parts follow it)`,
            'blocks',
          );
        const other = owner.get(c);
        if (other !== undefined && other !== name) {
          throw new OptionError(`blocks: '${c}' is in both ${other} and ${name}; a country can belong to one block only`, 'blocks');
        }
        owner.set(c, name);
        if (!members.includes(c)) members.push(c);
      }
    }
    if (members.length === 0) throw new OptionError(`blocks: ${name}: none of its members is a country of the table (${known})`, 'blocks');
    if (tableCountries.includes(name) && !members.includes(name)) {
      throw new OptionError(
        `blocks: the block name '${name}' is a country of the table that the block does not contain (${members.join(', ')}); choose another name`,
        'blocks',
      );
    }
    out[name] = members;
  }
  return out;
}

/** The table countries a listed member stands for: itself, its ISO alias in the table, or a country group's members. */
function expandMember(block: string, code: string, tableCountries: readonly string[]): string[] {
  if (tableCountries.includes(code)) return [code];
  const alias = groupInTable([code], [...tableCountries]);
  if (alias.length === 1 && !groupMembers(code)) return alias;
  const group = groupMembers(code);
  const codes = group ? groupInTable(group, [...tableCountries]) : [];
  if (codes.length > 0) return codes;
  // The parent of split parts whose own rows the table does not have (CHN of CN1, CN2).
  const parts = tableCountries.filter((c) => splitParent(c) === code);
  if (parts.length > 0) return parts;
  const known = tableCountries.join(', ');
  throw new OptionError(
    `blocks: ${block} lists '${code}', which is not a country of the table (${known}) nor a country group with members in it (${code} not in the table; known: ${known})`,
    'blocks',
  );
}

/** Factorisations and inverses of I − A_bb, per model, keyed by the block's table countries. */
const blockLUs = new WeakMap<object, Map<string, LU>>();
const blockInverses = new WeakMap<object, Map<string, Matrix>>();
const partitions = new WeakMap<object, Map<string, Partition<PartitionModel>>>();

function cacheOf<T>(map: WeakMap<object, Map<string, T>>, model: object): Map<string, T> {
  let m = map.get(model);
  if (!m) {
    m = new Map();
    map.set(model, m);
  }
  return m;
}

/** The partition of a model for the given blocks (cached per model and resolved blocks); see model.partition(). */
export function partitionOf<M extends PartitionModel>(model: M, blocks: BlockSpec = {}): Partition<M> {
  const resolved = resolveBlocks(model.table.countries, blocks);
  const key = JSON.stringify(resolved);
  const cache = cacheOf(partitions, model);
  let p = cache.get(key) as Partition<M> | undefined;
  if (!p) {
    p = new Partition(model, resolved, key);
    cache.set(key, p as unknown as Partition<PartitionModel>);
  }
  return p;
}

/**
 * Factorisation of I − A over the rows of the given table countries (indices, ascending), cached per
 * model and country set; `name` labels a block of several countries in error messages.
 */
export function blockLU(model: PartitionModel, countries: readonly number[], name?: string): LU {
  const cache = cacheOf(blockLUs, model);
  const key = countries.join(',');
  let f = cache.get(key);
  if (!f) {
    const { N, GN } = model;
    const rs: number[] = [];
    for (const c of countries) for (let n = 0; n < N; n++) rs.push(c * N + n);
    const n = rs.length;
    const A = model.A.data;
    const M = new Matrix(n, n);
    for (let c = 0; c < n; c++) {
      const o = rs[c] * GN;
      for (let r = 0; r < n; r++) M.data[r + c * n] = -A[o + rs[r]];
      M.data[c + c * n] += 1;
    }
    const who = countries.map((c) => model.table.countries[c]);
    const label = who.length === 1 ? who[0] : `${name ?? 'the block'} (${who.join(', ')})`;
    f = LU.factor(M, { context: `I − A_ss of ${label}`, overwrite: true });
    cache.set(key, f);
  }
  return f;
}

/** (I − A)⁻¹ over the rows of the given table countries (as blockLU), cached per model and country set. */
export function blockInverse(model: PartitionModel, countries: readonly number[], name?: string): Matrix {
  const cache = cacheOf(blockInverses, model);
  const key = countries.join(',');
  let m = cache.get(key);
  if (!m) {
    m = blockLU(model, countries, name).inverse();
    cache.set(key, m);
  }
  return m;
}

/** Bytes held by the block factorisations and inverses cached for a model. */
export function partitionBytes(model: object): number {
  let b = 0;
  for (const f of blockLUs.get(model)?.values() ?? []) b += f.bytes;
  for (const m of blockInverses.get(model)?.values() ?? []) b += m.data.byteLength;
  return b;
}

export class Partition<M extends PartitionModel = PartitionModel> {
  readonly model: M;
  /** Cache key: the resolved user blocks as JSON ('{}' for the national partition). */
  readonly key: string;
  /** The resolved user blocks: name → table countries (split parts not listed). */
  readonly blocks: Readonly<Record<string, string[]>>;
  /** Block names, reported as countries: CHN (with its parts), NAFTA, … . */
  readonly names: string[];
  /** Same as names (the decompositions call them countries). */
  readonly countries: string[];
  readonly sectors: string[];
  /** Number of blocks. */
  readonly G: number;
  readonly N: number;
  /** Rows of the model. */
  readonly GN: number;
  /** Block of each table country. */
  readonly blockOfCountry: Int32Array;
  /** Block of each row. */
  readonly blockOf: Int32Array;
  /** Sector of each row. */
  readonly sectorOf: Int32Array;
  /** Rows of each block, ascending. */
  readonly rows: Int32Array[];
  /** Whether some block holds several table countries (split parts or user blocks). */
  readonly folded: boolean;
  /** Table countries of each block that holds more than one. */
  readonly members: Record<string, string[]>;
  private flows?: { Y: Float64Array; EsrInt: Float64Array; EsrFin: Float64Array; Esr: Float64Array; E: Float64Array };
  private readonly bySector: Int32Array[][] = [];

  constructor(model: M, resolved: Record<string, string[]>, key: string) {
    this.model = model;
    this.key = key;
    this.blocks = resolved;
    const t = model.table;
    const { GN, N } = model;
    const userOf = new Map<string, string>();
    for (const [name, list] of Object.entries(resolved)) for (const c of list) userOf.set(splitParent(c) ?? c, name);
    const nameOf = t.countries.map((c) => {
      const p = splitParent(c) ?? c;
      return userOf.get(p) ?? p;
    });
    this.names = [...new Set(nameOf)];
    this.countries = this.names;
    this.sectors = t.sectors;
    this.G = this.names.length;
    this.N = N;
    this.GN = GN;
    this.folded = this.G !== t.G;
    this.blockOfCountry = Int32Array.from(nameOf, (p) => this.names.indexOf(p));
    this.blockOf = new Int32Array(GN);
    this.sectorOf = new Int32Array(GN);
    const counts = new Int32Array(this.G);
    for (let i = 0; i < GN; i++) {
      const b = this.blockOfCountry[Math.floor(i / N)];
      this.blockOf[i] = b;
      this.sectorOf[i] = i % N;
      counts[b]++;
    }
    this.rows = Array.from(counts, (n) => new Int32Array(n));
    const fill = new Int32Array(this.G);
    for (let i = 0; i < GN; i++) this.rows[this.blockOf[i]][fill[this.blockOf[i]]++] = i;
    this.members = {};
    for (const name of this.names) {
      const m = t.countries.filter((_, c) => nameOf[c] === name);
      if (m.length > 1) this.members[name] = m;
    }
  }

  /** Alias of blockOf (the decompositions' name). */
  get cOf(): Int32Array {
    return this.blockOf;
  }
  /** Alias of sectorOf. */
  get nOf(): Int32Array {
    return this.sectorOf;
  }

  /** The block index of a name (a block name, or a table country: its block), or −1. */
  indexOf(code: string): number {
    const b = this.names.indexOf(code);
    if (b >= 0) return b;
    const c = this.model.table.countries.indexOf(code);
    return c >= 0 ? this.blockOfCountry[c] : -1;
  }

  /** Table countries of block b, in table order. */
  countriesOf(b: number): string[] {
    return this.model.table.countries.filter((_, c) => this.blockOfCountry[c] === b);
  }

  /** Rows of block b that hold sector n (one, or one per split part or member), ascending. */
  sectorRows(b: number, n: number): Int32Array {
    const cache = (this.bySector[b] ??= []);
    return (cache[n] ??= this.rows[b].filter((i) => this.sectorOf[i] === n));
  }

  /** Whether rows i and j lie in the same block. */
  same(i: number, j: number): boolean {
    return this.blockOf[i] === this.blockOf[j];
  }

  /** Table-country indices of block b, ascending. */
  private countryIndices(b: number): number[] {
    const out: number[] = [];
    for (let c = 0; c < this.blockOfCountry.length; c++) if (this.blockOfCountry[c] === b) out.push(c);
    return out;
  }

  /** Factorisation of I − A_bb over rows[b] (cached per model and block). */
  lu(b: number): LU {
    return blockLU(this.model, this.countryIndices(b), this.names[b]);
  }

  /** Local Leontief inverse L_bb = (I − A_bb)⁻¹ (n_b × n_b over rows[b]), cached per model and block. */
  localInverse(b: number): Matrix {
    return blockInverse(this.model, this.countryIndices(b), this.names[b]);
  }

  /**
   * L·R (or Lᵀ·R with trans) for L = (I − A^D)⁻¹ and a GN-vector or GN × k matrix R, block by
   * block with the cached factorisations (exact for the block-diagonal L).
   */
  applyL<T extends Float64Array | Matrix>(R: T, trans = false): T {
    const GN = this.GN;
    const k = R instanceof Matrix ? R.cols : 1;
    const src: Float64Array = R instanceof Matrix ? R.data : (R as Float64Array);
    const out = new Float64Array(src.length);
    for (let b = 0; b < this.G; b++) {
      const idx = this.rows[b];
      const n = idx.length;
      const sub = new Matrix(n, k);
      for (let c = 0; c < k; c++) for (let r = 0; r < n; r++) sub.data[r + c * n] = src[idx[r] + c * GN];
      const x = this.lu(b).solve(sub, trans);
      for (let c = 0; c < k; c++) for (let r = 0; r < n; r++) out[idx[r] + c * GN] = x.data[r + c * n];
    }
    return (R instanceof Matrix ? new Matrix(R.rows, R.cols, out) : out) as T;
  }

  /** A^D·x (or xᵀ·A^D with trans) for a GN-vector: the within-block part of A. */
  applyAD(x: Float64Array, trans = false): Float64Array {
    const GN = this.GN;
    const A = this.model.A.data;
    const out = new Float64Array(GN);
    for (const idx of this.rows) {
      for (const j of idx) {
        const o = j * GN;
        if (trans) {
          let s = 0;
          for (const i of idx) s += A[o + i] * x[i];
          out[j] = s;
        } else {
          const xj = x[j];
          if (xj !== 0) for (const i of idx) out[i] += A[o + i] * xj;
        }
      }
    }
    return out;
  }

  /** A^F·x (or xᵀ·A^F with trans): the cross-block part of A. */
  applyAF(x: Float64Array, trans = false): Float64Array {
    const full = matvec(this.model.A, x, trans);
    const d = this.applyAD(x, trans);
    for (let i = 0; i < this.GN; i++) full[i] -= d[i];
    return full;
  }

  /** Final goods y (row sums of Y), their part absorbed in the producer's own block y^D, and y^F = y − y^D. */
  finalSplit(): { y: Float64Array; yD: Float64Array; yF: Float64Array } {
    const { GN } = this;
    const Yc = this.model.Yc.data;
    const y = new Float64Array(GN);
    const yD = new Float64Array(GN);
    for (let r = 0; r < this.model.G; r++) {
      const o = r * GN;
      const br = this.blockOfCountry[r];
      for (let i = 0; i < GN; i++) {
        const v = Yc[o + i];
        y[i] += v;
        if (this.blockOf[i] === br) yD[i] += v;
      }
    }
    return { y, yD, yF: y.map((v, i) => v - yD[i]) };
  }

  private flowArrays() {
    if (this.flows) return this.flows;
    const m = this.model;
    if (!this.folded) {
      this.flows = { Y: m.Yc.data, EsrInt: m.EsrInt.data, EsrFin: m.EsrFin.data, Esr: m.Esr.data, E: m.E };
      return this.flows;
    }
    const { GN, G } = this;
    const Y = new Float64Array(GN * G);
    const EsrInt = new Float64Array(GN * G);
    const Yc = m.Yc.data;
    const Z = m.table.Z.data;
    for (let c = 0; c < m.G; c++) {
      const o = this.blockOfCountry[c] * GN;
      for (let i = 0; i < GN; i++) Y[i + o] += Yc[i + c * GN];
    }
    const skip = new Set(m.absorbedInputs ?? []);
    for (let j = 0; j < GN; j++) {
      if (skip.has(j)) continue;
      const o = this.blockOf[j] * GN;
      for (let i = 0; i < GN; i++) EsrInt[o + i] += Z[i + j * GN];
    }
    const EsrFin = Y.slice();
    for (let i = 0; i < GN; i++) {
      const q = i + this.blockOf[i] * GN;
      EsrInt[q] = 0;
      EsrFin[q] = 0;
    }
    const Esr = EsrInt.map((e, q) => e + EsrFin[q]);
    const E = new Float64Array(GN);
    for (let g = 0; g < G; g++) for (let i = 0; i < GN; i++) E[i] += Esr[i + g * GN];
    this.flows = { Y, EsrInt, EsrFin, Esr, E };
    return this.flows;
  }

  /** Final demand of each row by absorbing block (GN × G, column-major). */
  get Y(): Float64Array {
    return this.flowArrays().Y;
  }
  /** Intermediate exports of each row to each block (GN × G, zero within the row's block). */
  get EsrInt(): Float64Array {
    return this.flowArrays().EsrInt;
  }
  /** Final-goods exports of each row to each block (GN × G, zero within the row's block). */
  get EsrFin(): Float64Array {
    return this.flowArrays().EsrFin;
  }
  /** Gross exports EsrInt + EsrFin (GN × G). */
  get Esr(): Float64Array {
    return this.flowArrays().Esr;
  }
  /** Gross exports of each row (row sums of Esr). */
  get E(): Float64Array {
    return this.flowArrays().E;
  }
}
