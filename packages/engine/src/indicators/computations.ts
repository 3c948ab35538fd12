/**
 * What the indicator definitions (catalog.ts) evaluate: reporting units and the quantities of
 * one partition of the model, each computed on first use.
 *
 * A unit is a label and the model rows it sums (a country's rows — with its OECD split parts —
 * for one sector or all sectors; a block as a whole). Ratios sum numerators and denominators over
 * the unit's rows before dividing, never averaging ratios.
 */
import type { Matrix } from '@catena/linalg';
import type { Model } from '../model/model.js';
import type { Partition } from '../model/partition.js';
import { antrasChor, type AntrasChor } from '../production/antras-chor.js';
import { productionLengths, type Lengths, type RatioParts } from '../production/lengths.js';
import { productionDecomposition, type ProductionDecomposition } from '../production/wwyz.js';
import { valueAddedOrigins } from './chain.js';
import { vaExportsForward } from './rca.js';
import { regionalSplit, type RegionalSplit } from './regional.js';

/** A reporting unit: its label and the model rows it sums. */
export interface Unit {
  country: string;
  sector: string | null;
  /** Rows of the unit (its countries' rows of its sector, or of every sector). */
  idx: ArrayLike<number>;
  /** Rows of the unit's countries, every sector (for shares of a country's total). */
  countryIdx: ArrayLike<number>;
}

/** What every definition sees besides the unit: the same sector(s) over the world, the whole world, the options. */
export interface EvalContext {
  world: Unit;
  all: Unit;
  originThreshold?: number;
  /** Antràs–Chor (2018) net-inventory correction of upstreamness and downstreamness. */
  inventoryCorrection?: boolean;
}

export const sum = (a: Float64Array, idx: ArrayLike<number>): number => {
  let s = 0;
  for (let k = 0; k < idx.length; k++) s += a[idx[k]];
  return s;
};

/** Σ w·num / Σ w·den over idx; null unless the denominator is positive. One index: num/den. */
export function ratio(p: RatioParts, idx: ArrayLike<number>): number | null {
  if (idx.length === 1) {
    const d = p.den[idx[0]];
    return d > 0 ? p.num[idx[0]] / d : null;
  }
  let n = 0;
  let d = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const w = p.w ? p.w[i] : 1;
    n += w * p.num[i];
    d += w * p.den[i];
  }
  return d > 0 ? n / d : null;
}

export const div = (a: number | null, b: number | null): number | null => (a === null || b === null || !(b > 0) ? null : a / b);

/** Everything one partition needs, computed on first use. */
export class Computations {
  private _prod?: ProductionDecomposition;
  private _len?: Lengths;
  private _f?: Float64Array;
  private _O?: Matrix;
  private _rvc?: RegionalSplit;
  private readonly _ac: (AntrasChor | undefined)[] = [];
  private readonly parts = new Map<string, RatioParts>();

  /**
   * @param partition the domestic blocks (national: model.partition())
   * @param national the national partition (for the regional split)
   * @param group the block of `partition` that the regional split (rvc_*) is about
   */
  constructor(
    readonly model: Model,
    readonly partition: Partition,
    readonly national: Partition = partition,
    readonly group = -1,
  ) {}

  get prod(): ProductionDecomposition {
    return (this._prod ??= productionDecomposition(this.model, this.partition));
  }
  get len(): Lengths {
    return (this._len ??= productionLengths(this.model, this.partition));
  }
  /** Forward value added in exports (exports between the partition's blocks). */
  get f(): Float64Array {
    return (this._f ??= vaExportsForward(this.model, this.partition));
  }
  /** Value added by origin block in each row's output. */
  get O(): Matrix {
    return (this._O ??= valueAddedOrigins(this.model, this.partition));
  }
  /** Antràs–Chor (2018) measures, with (true) or without the inventory correction. */
  ac(inventories: boolean): AntrasChor {
    return (this._ac[inventories ? 1 : 0] ??= antrasChor(this.model, inventories));
  }
  get rvc(): RegionalSplit {
    return (this._rvc ??= regionalSplit(this.model, this.partition, this.group, this.national));
  }

  /** GVC participation as num/den: (simple, complex or both) over VA (forward) or final goods (backward). */
  gvcParts(dir: 'forward' | 'backward', part: 'all' | 'simple' | 'complex'): RatioParts {
    const key = `${dir}/${part}`;
    let r = this.parts.get(key);
    if (!r) {
      const t = this.prod[dir];
      const num = part === 'simple' ? t.gvcSimple : part === 'complex' ? t.gvcComplex : t.gvcSimple.map((s, i) => s + t.gvcComplex[i]);
      r = { num, den: dir === 'forward' ? this.prod.va : this.prod.y };
      this.parts.set(key, r);
    }
    return r;
  }

  /** WWYZ (2017b) GVC position of a unit: its forward over its backward GVC length. */
  position(u: Unit): number | null {
    return div(ratio(this.len.plvGvc, u.idx), ratio(this.len.plyGvc, u.idx));
  }

  /** GVC participation for the lock-in diagnostic: (forward + backward GVC) / (VA + final goods). */
  participation(u: Unit): number | null {
    const f = this.prod.forward;
    const b = this.prod.backward;
    let n = 0;
    let d = 0;
    for (let k = 0; k < u.idx.length; k++) {
      const i = u.idx[k];
      n += f.gvcSimple[i] + f.gvcComplex[i] + b.gvcSimple[i] + b.gvcComplex[i];
      d += this.prod.va[i] + this.prod.y[i];
    }
    return d > 0 ? n / d : null;
  }
}
