/**
 * Hierarchical index systems: dimensions, each a group of indicators. Indicator weights are
 * computed within each dimension, sub-scores are computed per dimension, and dimensions are
 * aggregated by dimension weights. The overall weight of indicator j in dimension d is
 * W_d · w_j|d, so the overall weighted-sum score equals Σ_d W_d S_id.
 */
import { Matrix } from '@catena/linalg';
import { OptionError } from '../errors.js';
import { computeWeights, type WeightMethod } from './weights.js';

export interface Dimension {
  name: string;
  /** Names of the indicators in this dimension. */
  indicators: string[];
}

/**
 * How dimensions are weighted:
 * - 'sum': W_d = Σ_{j∈d} w_j, the method's weights computed over all indicators at once, summed per
 *   dimension (for entropy weights, which depend on each column alone, the overall weights then
 *   equal the flat ones);
 * - 'equal': W_d = 1/D;
 * - a record of given weights per dimension (rescaled to sum to 1).
 */
export type DimensionWeighting = 'sum' | 'equal' | Readonly<Record<string, number>>;

/** A dimension resolved to column positions. */
export interface ResolvedDimension {
  name: string;
  columns: number[];
}

export interface HierarchicalWeights {
  /** Overall indicator weights W_d · w_j|d, in column order; sum to 1. */
  weights: Float64Array;
  /** Weights within each dimension (sum to 1 per dimension), in the dimension's column order. */
  within: Float64Array[];
  /** Dimension weights W_d; sum to 1. */
  dimension: Float64Array;
}

/** Checks that every indicator sits in exactly one dimension and maps names to columns. */
export function resolveDimensions(dims: readonly Dimension[], names: readonly string[]): ResolvedDimension[] {
  const where = new Map<string, string>();
  const out = dims.map((d) => {
    if (d.indicators.length === 0) throw new OptionError(`dimension '${d.name}' has no indicators; expected at least one`);
    return {
      name: d.name,
      columns: d.indicators.map((ind) => {
        const j = names.indexOf(ind);
        if (j < 0) {
          throw new OptionError(`dimension '${d.name}' lists indicator '${ind}', which is not among the indicators ${names.join(', ')}`);
        }
        const prev = where.get(ind);
        if (prev !== undefined) {
          throw new OptionError(`indicator '${ind}' is in dimensions '${prev}' and '${d.name}'; expected one dimension per indicator`);
        }
        where.set(ind, d.name);
        return j;
      }),
    };
  });
  const loose = names.filter((n) => !where.has(n));
  if (loose.length) {
    throw new OptionError(`indicators ${loose.join(', ')} belong to no dimension; expected each indicator in one dimension`);
  }
  const seen = new Set<string>();
  for (const d of out) {
    if (seen.has(d.name)) throw new OptionError(`dimension '${d.name}' is defined twice`);
    seen.add(d.name);
  }
  return out;
}

/** The columns of X at the given positions (X itself when that is all of them, in order). */
export function selectColumns(X: Matrix, columns: readonly number[]): Matrix {
  const n = X.rows;
  if (columns.length === X.cols && columns.every((j, k) => j === k)) return X;
  const out = new Matrix(n, columns.length);
  columns.forEach((j, k) => out.data.set(X.data.subarray(j * n, (j + 1) * n), k * n));
  return out;
}

/** Indicator and dimension weights of a hierarchical system by one weighting method. */
export function hierarchicalWeights(
  method: WeightMethod,
  Xn: Matrix,
  names: readonly string[],
  dims: readonly ResolvedDimension[],
  dimensionWeighting: DimensionWeighting,
  given?: Readonly<Record<string, number>>,
): HierarchicalWeights {
  const D = dims.length;
  const within = dims.map((d) =>
    computeWeights(
      method,
      selectColumns(Xn, d.columns),
      d.columns.map((j) => names[j]),
      given,
    ),
  );
  const dimension = new Float64Array(D);
  if (D === 1) dimension[0] = 1;
  else if (dimensionWeighting === 'equal') dimension.fill(1 / D);
  else if (dimensionWeighting === 'sum') {
    const global = computeWeights(method, Xn, names, given);
    dims.forEach((d, k) => (dimension[k] = d.columns.reduce((s, j) => s + global[j], 0)));
  } else {
    let s = 0;
    dims.forEach((d, k) => {
      const g = dimensionWeighting[d.name];
      if (g === undefined || !(Number.isFinite(g) && g >= 0)) {
        throw new OptionError(
          `dimension weight of '${d.name}' is ${g}; expected a finite number ≥ 0 for each of ${dims.map((x) => x.name).join(', ')}`,
        );
      }
      dimension[k] = g;
      s += g;
    });
    if (!(s > 0)) throw new OptionError('dimension weights sum to 0; expected a positive sum');
    for (let k = 0; k < D; k++) dimension[k] /= s;
  }
  const weights = new Float64Array(names.length);
  dims.forEach((d, k) => d.columns.forEach((j, r) => (weights[j] = dimension[k] * within[k][r])));
  return { weights, within, dimension };
}
