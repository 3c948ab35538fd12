/**
 * Frame: the country blocks a decomposition works with, on top of a Model.
 *
 * Normally a country's block is its N rows. A table read with `keepSplits` (OECD ICIO with
 * CN1/CN2 and MX1/MX2) keeps the split parts as rows of their own, and the frame puts them in
 * their parent's domestic block (CHN = CHN ∪ CN1 ∪ CN2, MEX = MEX ∪ MX1 ∪ MX2), as the OECD TiVA
 * indicators and R `exvatools` do: the local inverse, "domestic" and "exports" are then those of
 * the whole country, and results are reported for the parent with the parts summed by sector.
 * (Melding the rows and columns first, the default of the readers, changes A and gives slightly
 * different multipliers: aggregation is not neutral in input-output analysis.)
 *
 * Every array is over the model's rows (index i < GN, country-major as in the table); the
 * country of row i is cOf[i] (a frame country), its sector nOf[i].
 */
import { LU, Matrix } from '@catena/linalg';
import type { Model } from '../model/model.js';
import { groupInTable, groupMembers } from '../concordance/groups.js';
import { OptionError } from '../errors.js';
import { SPLIT_PARENTS } from '../sources/splits.js';

export interface Frame {
  model: Model;
  /** Countries reported (split parts folded into their parent). */
  countries: string[];
  sectors: string[];
  G: number;
  N: number;
  /** Rows of the model. */
  GN: number;
  /** Frame country of each row. */
  cOf: Int32Array;
  /** Sector of each row. */
  nOf: Int32Array;
  /** Rows of each frame country (ascending). */
  rows: Int32Array[];
  /** Final demand by absorbing frame country (GN × G, column-major). */
  Y: Float64Array;
  /** Intermediate, final and gross exports to each frame country (GN × G, zero at home). */
  EsrInt: Float64Array;
  EsrFin: Float64Array;
  Esr: Float64Array;
  /** Gross exports of each row. */
  E: Float64Array;
  /** Whether some frame countries hold several table countries (split parts, blocks). */
  folded: boolean;
  /** Table countries of each frame country that holds more than one. */
  members: Record<string, string[]>;
}

const frames = new WeakMap<Model, Map<string, Frame>>();

/**
 * Checks the `blocks` option against the table's countries and returns it with country groups
 * expanded (a member such as EU27 or USMCA stands for its members in the table) and duplicates
 * dropped. OptionError, naming the block and the country, when a member is neither a country of
 * the table nor a group with members in it, is a split part (CN1 …: list its parent, the parts
 * follow it), or is in two blocks; when a block is empty; or when a block's name is a country of
 * the table that the block does not contain.
 */
export function resolveBlocks(tableCountries: string[], blocks: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const owner = new Map<string, string>();
  for (const [name, list] of Object.entries(blocks)) {
    if (!name.trim()) throw new OptionError(`blocks: a block has an empty name; expected a name such as NAFTA`);
    if (!Array.isArray(list) || list.length === 0)
      throw new OptionError(`blocks: ${name} has no members; expected a list of countries of the table`);
    const members: string[] = [];
    for (const code of list) {
      let codes: string[];
      if (tableCountries.includes(code)) codes = [code];
      else {
        const group = groupMembers(code);
        codes = group ? groupInTable(group, tableCountries) : [];
        if (codes.length === 0) {
          throw new OptionError(
            `blocks: ${name} lists '${code}', which is not a country of the table (${tableCountries.join(', ')}) nor a country group with members in it`,
          );
        }
      }
      for (const c of codes) {
        const parent = SPLIT_PARENTS[c];
        if (parent && tableCountries.includes(parent)) {
          throw new OptionError(`blocks: ${name} lists '${c}', a split part of ${parent}; list ${parent} (its split parts follow it)`);
        }
        const other = owner.get(c);
        if (other !== undefined && other !== name) {
          throw new OptionError(`blocks: '${c}' is in both ${other} and ${name}; a country can belong to one block only`);
        }
        owner.set(c, name);
        if (!members.includes(c)) members.push(c);
      }
    }
    if (tableCountries.includes(name) && !members.includes(name)) {
      throw new OptionError(
        `blocks: the block name '${name}' is a country of the table that the block does not contain (${members.join(', ')}); choose another name`,
      );
    }
    out[name] = members;
  }
  return out;
}

/**
 * The frame of a model (cached). `blocks` names groups of countries to be treated as one
 * domestic block each (e.g. { NAFTA: ['USA', 'CAN', 'MEX'] }): the group is then one exporter, its
 * internal trade is domestic, and the other countries trade with the group as a whole.
 * The blocks are checked with resolveBlocks (OptionError on unknown or doubly used countries).
 */
export function frameOf(model: Model, blocks: Record<string, string[]> = {}): Frame {
  const resolved = resolveBlocks(model.table.countries, blocks);
  const key = JSON.stringify(resolved);
  let byKey = frames.get(model);
  if (!byKey) {
    byKey = new Map();
    frames.set(model, byKey);
  }
  const hit = byKey.get(key);
  if (hit) return hit;
  const t = model.table;
  const { GN, N } = model;
  const Gt = t.G;
  const blockOf = new Map<string, string>();
  for (const [name, members] of Object.entries(resolved)) for (const c of members) blockOf.set(c, name);
  const parentOf = t.countries.map((c) => {
    const p = SPLIT_PARENTS[c] && t.countries.includes(SPLIT_PARENTS[c]) ? SPLIT_PARENTS[c] : c;
    return blockOf.get(p) ?? p;
  });
  const countries = [...new Set(parentOf)];
  const folded = countries.length !== Gt;
  const G = countries.length;
  const groupOfTable = Int32Array.from(parentOf, (p) => countries.indexOf(p));
  const cOf = new Int32Array(GN);
  const nOf = new Int32Array(GN);
  for (let i = 0; i < GN; i++) {
    cOf[i] = groupOfTable[Math.floor(i / N)];
    nOf[i] = i % N;
  }
  const rows = countries.map((_, g) => Int32Array.from({ length: GN }, (_, i) => i).filter((i) => cOf[i] === g));
  let Y: Float64Array, EsrInt: Float64Array, EsrFin: Float64Array, Esr: Float64Array, E: Float64Array;
  if (!folded) {
    Y = model.Yc.data;
    EsrInt = model.EsrInt.data;
    EsrFin = model.EsrFin.data;
    Esr = model.Esr.data;
    E = model.E;
  } else {
    Y = new Float64Array(GN * G);
    EsrInt = new Float64Array(GN * G);
    const Yc = model.Yc.data;
    const Z = t.Z.data;
    for (let c = 0; c < Gt; c++) {
      const g = groupOfTable[c];
      for (let i = 0; i < GN; i++) Y[i + g * GN] += Yc[i + c * GN];
    }
    for (let j = 0; j < GN; j++) {
      const o = cOf[j] * GN;
      for (let i = 0; i < GN; i++) EsrInt[o + i] += Z[i + j * GN];
    }
    EsrFin = Y.slice();
    for (let i = 0; i < GN; i++) {
      const q = i + cOf[i] * GN;
      EsrInt[q] = 0;
      EsrFin[q] = 0;
    }
    Esr = EsrInt.map((e, q) => e + EsrFin[q]);
    E = new Float64Array(GN);
    for (let g = 0; g < G; g++) for (let i = 0; i < GN; i++) E[i] += Esr[i + g * GN];
  }
  const members: Record<string, string[]> = {};
  for (const c of countries) {
    const m = t.countries.filter((_, i) => parentOf[i] === c);
    if (m.length > 1) members[c] = m;
  }
  const f: Frame = { model, countries, sectors: t.sectors, G, N, GN, cOf, nOf, rows, Y, EsrInt, EsrFin, Esr, E, folded, members };
  byKey.set(key, f);
  return f;
}

/**
 * `build` computed once per frame: the returned function keeps its value in a WeakMap keyed by
 * the frame (dropped with it). The decompositions' per-frame tables (local inverses, W and w,
 * term cubes, the Borin–Mancini context) are cached with it.
 */
export function perFrame<T>(build: (f: Frame) => T): (f: Frame) => T {
  const cache = new WeakMap<Frame, T>();
  return (f) => {
    let value = cache.get(f);
    if (value === undefined) {
      value = build(f);
      cache.set(f, value);
    }
    return value;
  };
}

const locals = perFrame((): Matrix[] => []);

/** Local Leontief inverse (I − A_ss)⁻¹ over the rows of frame country s (n_s × n_s), cached. */
export function localInverseOf(f: Frame, s: number): Matrix {
  const cache = locals(f);
  const hit = cache[s];
  if (hit) return hit;
  let inv: Matrix;
  if (!f.folded) inv = f.model.localInverse(s);
  else {
    const rs = f.rows[s];
    const n = rs.length;
    const A = f.model.A.data;
    const M = new Matrix(n, n);
    for (let b = 0; b < n; b++) {
      for (let a = 0; a < n; a++) M.data[a + b * n] = -A[rs[a] + rs[b] * f.GN];
      M.data[b + b * n] += 1;
    }
    inv = LU.factor(M, { context: `I − A_ss of ${f.countries[s]} (with its split parts)` }).inverse();
  }
  cache[s] = inv;
  return inv;
}

/**
 * W (GN × G): W[j, t] = Σ_{k ∈ t} v_k B_kj, the value added of country t embodied in one unit of
 * output of row j (from the global inverse B). Σ_t W[j, t] = 1 where x_j > 0. Cached per frame.
 */
export const vaByOrigin = perFrame((f: Frame): Float64Array => {
  const { G, GN, cOf } = f;
  const v = f.model.v;
  const B = f.model.B.data;
  const W = new Float64Array(GN * G);
  for (let j = 0; j < GN; j++) {
    const o = j * GN;
    for (let k = 0; k < GN; k++) W[j + cOf[k] * GN] += v[k] * B[o + k];
  }
  return W;
});

/** w[j] = Σ_{k ∈ s} v_k (L_ss)_kj for row j of country s: domestic value added through local loops (cached per frame). */
export const vaLocal = perFrame((f: Frame): Float64Array => {
  const v = f.model.v;
  const w = new Float64Array(f.GN);
  for (let s = 0; s < f.G; s++) {
    const rs = f.rows[s];
    const n = rs.length;
    const L = localInverseOf(f, s).data;
    for (let b = 0; b < n; b++) {
      let sum = 0;
      for (let a = 0; a < n; a++) sum += v[rs[a]] * L[a + b * n];
      w[rs[b]] = sum;
    }
  }
  return w;
});
