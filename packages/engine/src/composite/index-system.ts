/**
 * computeIndex(panel, options): a composite index system from a panel of indicators — weights by
 * one or more methods, weighted-sum and TOPSIS scores, flat or hierarchical (dimension →
 * indicators), pooled over all rows (default) or year by year. Formulas: docs/index-systems.md.
 *
 * Conventions: weights are always computed on the min–max normalised data; weighted-sum scores
 * use the min–max data unless z-scores are asked for; TOPSIS works on the raw data. Rows keep the
 * input order.
 */
import type { Matrix } from '@catena/linalg';
import { OptionError } from '../errors.js';
import type { Result, Row } from '../results/result.js';
import {
  hierarchicalWeights,
  resolveDimensions,
  selectColumns,
  type Dimension,
  type DimensionWeighting,
  type ResolvedDimension,
} from './hierarchy.js';
import { isConstant, minMaxNormalise, zScoreNormalise } from './normalise.js';
import {
  assertComplete,
  groupRows,
  imputePanel,
  selectRows,
  type Direction,
  type ImputedCell,
  type Imputation,
  type IndicatorPanel,
} from './panel.js';
import { weightedSum } from './score.js';
import { topsis } from './topsis.js';
import { WEIGHT_METHODS, type WeightMethod } from './weights.js';

/** A score column: a weighted sum with a method's weights, or TOPSIS closeness. */
export type ScoreMethod = WeightMethod | 'topsis';
export const SCORE_METHODS: readonly ScoreMethod[] = [...WEIGHT_METHODS, 'topsis'];

export interface IndexOptions {
  /** Score columns, in output order (e.g. ['entropy', 'topsis']). */
  methods: readonly ScoreMethod[];
  /** Weights TOPSIS uses (default 'entropy'). */
  topsisWeights?: WeightMethod;
  /** Weights per indicator for the 'user' method. */
  userWeights?: Readonly<Record<string, number>>;
  /** Compute everything year by year (per value of the time column) instead of pooled. */
  perYear?: boolean;
  /** Missing values: 'none' (default) rejects them, naming unit, time and indicator. */
  impute?: Imputation;
  /** Normalisation of the weighted-sum scores (default 'minmax'); weights always use min–max. */
  normalise?: 'minmax' | 'zscore';
  /** A hierarchical system; without it, one dimension holds every indicator. */
  dimensions?: readonly Dimension[];
  /** How dimensions are weighted (default 'sum'). */
  dimensionWeights?: DimensionWeighting;
}

/** method → indicator (or dimension) → weight. */
export type WeightTable = Record<string, Record<string, number>>;

export interface IndexRow {
  id: string | number;
  time: string | number;
  /** One score per method, plus `<method>:<dimension>` sub-scores in hierarchical systems. */
  [score: string]: string | number;
}

export interface IndexResult {
  /** Pooled weights (absent when perYear). */
  weights?: WeightTable;
  /** Year-by-year weights: time → method → indicator → weight (only when perYear). */
  weightsByTime?: Record<string, WeightTable>;
  /** Dimension weights, pooled or by time, in hierarchical systems. */
  dimensionWeights?: WeightTable;
  dimensionWeightsByTime?: Record<string, WeightTable>;
  rows: IndexRow[];
  /** Score column names in output order (methods, then sub-scores). */
  scoreColumns: string[];
  meta: {
    kind: 'index';
    methods: string[];
    topsisWeights: WeightMethod;
    pooling: 'pooled' | 'per-year';
    normalisation: 'minmax' | 'zscore';
    indicators: { name: string; direction: string; dimension?: string }[];
    dimensions?: string[];
    dimensionWeighting?: string;
    /** Cells filled in because imputation was asked for; absent when it was not. */
    imputation?: { method: string; cells: ImputedCell[] };
    /** Indicators constant over a pool (weight 0 from every data-driven method). */
    constantIndicators: { time?: string; indicator: string }[];
    conventions: Record<string, string>;
  };
}

const CONVENTIONS: Record<string, string> = {
  minmax: 'x′ = (x − min)/(max − min) for benefit, (max − x)/(max − min) for cost; a constant indicator gives x′ = 1',
  entropy: 'p = x′/Σx′, e = −Σ p ln p / ln n with 0·ln 0 = 0, w = (1 − e)/Σ(1 − e)',
  topsis: 'vector normalisation of the raw data, v = w·r, closeness C = D⁻/(D⁺ + D⁻); C = 1 when D⁺ = D⁻ = 0',
  critic: 'C_j = σ_j Σ_k (1 − r_jk) on x′, w = C/ΣC; constant indicators weigh 0 and add no conflict',
  pca: 'correlation matrix of x′, components with eigenvalue ≥ 1 (Kaiser), w ∝ communality Σ λ u²',
  weights: 'computed on the min–max normalised data; all weights sum to 1',
};

/** Computes the index system; throws a MissingValueError unless options.impute fills the gaps. */
export function computeIndex(panel: IndicatorPanel, options: IndexOptions): IndexResult {
  const methods = [...options.methods];
  if (methods.length === 0) throw new OptionError(`no index method given; expected some of ${SCORE_METHODS.join(', ')}`);
  for (const m of methods) {
    if (!SCORE_METHODS.includes(m)) throw new OptionError(`index method '${m}' is not known; expected one of ${SCORE_METHODS.join(', ')}`);
  }
  if (new Set(methods).size !== methods.length) throw new OptionError(`index methods ${methods.join(', ')} repeat a method`);
  const topsisWeights = options.topsisWeights ?? 'entropy';
  if (!WEIGHT_METHODS.includes(topsisWeights)) {
    throw new OptionError(`TOPSIS weights '${topsisWeights}' are not known; expected one of ${WEIGHT_METHODS.join(', ')}`);
  }
  const weightMethods: WeightMethod[] = [];
  for (const m of methods) {
    const w = m === 'topsis' ? topsisWeights : m;
    if (!weightMethods.includes(w)) weightMethods.push(w);
  }
  if (weightMethods.includes('user') && !options.userWeights) {
    throw new OptionError('the user method needs user weights (one per indicator)');
  }
  const normalisation = options.normalise ?? 'minmax';
  const impute = options.impute ?? 'none';

  let imputation: IndexResult['meta']['imputation'];
  if (impute === 'none') assertComplete(panel);
  else {
    const filled = imputePanel(panel, impute);
    panel = filled.panel;
    imputation = { method: impute, cells: filled.imputed };
  }

  const names = panel.indicators.map((s) => s.name);
  const directions = panel.indicators.map((s) => s.direction);
  const hierarchical = !!options.dimensions && options.dimensions.length > 0;
  const dims: ResolvedDimension[] = hierarchical
    ? resolveDimensions(options.dimensions!, names)
    : [{ name: 'all', columns: names.map((_, j) => j) }];
  const dimensionWeighting = options.dimensionWeights ?? 'sum';

  const scoreColumns: string[] = [...methods];
  if (hierarchical) for (const m of methods) for (const d of dims) scoreColumns.push(`${m}:${d.name}`);

  const n = panel.ids.length;
  const scores = new Map<string, Float64Array>(scoreColumns.map((c) => [c, new Float64Array(n)]));
  const constantIndicators: { time?: string; indicator: string }[] = [];
  const weightsByTime: Record<string, WeightTable> = {};
  const dimensionWeightsByTime: Record<string, WeightTable> = {};

  const pools: [string | undefined, number[]][] = options.perYear
    ? [...groupRows(panel.times)]
    : [[undefined, Array.from({ length: n }, (_, i) => i)]];
  for (const [time, rows] of pools) {
    const sub = options.perYear ? selectRows(panel, rows) : panel;
    const where = time === undefined ? 'pooled rows' : `time ${time}`;
    let out: PoolOutput;
    try {
      out = computePool(sub.values, {
        names,
        directions,
        dims,
        methods,
        weightMethods,
        topsisWeights,
        normalisation,
        dimensionWeighting,
        given: options.userWeights,
      });
    } catch (e) {
      if (e instanceof OptionError) throw new OptionError(`${where} (${rows.length} rows): ${e.message}`);
      throw e;
    }
    for (const j of out.constant) constantIndicators.push(time === undefined ? { indicator: names[j] } : { time, indicator: names[j] });
    for (const [col, values] of out.scores) {
      const dst = scores.get(col)!;
      rows.forEach((i, r) => (dst[i] = values[r]));
    }
    weightsByTime[time ?? ''] = out.weights;
    dimensionWeightsByTime[time ?? ''] = out.dimensionWeights;
  }

  const idOut = keyColumn(panel.ids);
  const timeOut = keyColumn(panel.times);
  const rowsOut: IndexRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: IndexRow = { id: idOut[i], time: timeOut[i] };
    for (const c of scoreColumns) row[c] = scores.get(c)![i];
    rowsOut[i] = row;
  }

  const result: IndexResult = {
    rows: rowsOut,
    scoreColumns,
    meta: {
      kind: 'index',
      methods,
      topsisWeights,
      pooling: options.perYear ? 'per-year' : 'pooled',
      normalisation,
      indicators: panel.indicators.map((s, j) => ({
        name: s.name,
        direction: s.direction,
        ...(hierarchical ? { dimension: dims.find((d) => d.columns.includes(j))!.name } : {}),
      })),
      constantIndicators,
      conventions: CONVENTIONS,
    },
  };
  if (imputation) result.meta.imputation = imputation;
  if (hierarchical) {
    result.meta.dimensions = dims.map((d) => d.name);
    result.meta.dimensionWeighting = typeof dimensionWeighting === 'string' ? dimensionWeighting : 'given';
  }
  if (options.perYear) {
    result.weightsByTime = weightsByTime;
    if (hierarchical) result.dimensionWeightsByTime = dimensionWeightsByTime;
  } else {
    result.weights = weightsByTime[''];
    if (hierarchical) result.dimensionWeights = dimensionWeightsByTime[''];
  }
  return result;
}

interface PoolInput {
  names: string[];
  directions: Direction[];
  dims: ResolvedDimension[];
  methods: ScoreMethod[];
  weightMethods: WeightMethod[];
  topsisWeights: WeightMethod;
  normalisation: 'minmax' | 'zscore';
  dimensionWeighting: DimensionWeighting;
  given?: Readonly<Record<string, number>>;
}

interface PoolOutput {
  weights: WeightTable;
  dimensionWeights: WeightTable;
  scores: Map<string, Float64Array>;
  constant: number[];
}

/** Everything for one pool of rows (all rows, or one year). */
function computePool(X: Matrix, o: PoolInput): PoolOutput {
  const Xn = minMaxNormalise(X, o.directions);
  const Xs = o.normalisation === 'zscore' ? zScoreNormalise(X, o.directions) : Xn;
  const constant: number[] = [];
  for (let j = 0; j < X.cols; j++) if (isConstant(X.data, j * X.rows, X.rows)) constant.push(j);

  const weights: WeightTable = {};
  const dimensionWeights: WeightTable = {};
  const hw = new Map<WeightMethod, ReturnType<typeof hierarchicalWeights>>();
  for (const m of o.weightMethods) {
    const h = hierarchicalWeights(m, Xn, o.names, o.dims, o.dimensionWeighting, o.given);
    hw.set(m, h);
    weights[m] = Object.fromEntries(o.names.map((name, j) => [name, h.weights[j]]));
    dimensionWeights[m] = Object.fromEntries(o.dims.map((d, k) => [d.name, h.dimension[k]]));
  }

  const scores = new Map<string, Float64Array>();
  const sub = o.dims.length > 1;
  for (const m of o.methods) {
    if (m === 'topsis') {
      const h = hw.get(o.topsisWeights)!;
      scores.set(m, topsis(X, h.weights, o.directions).closeness);
      if (sub) {
        o.dims.forEach((d, k) => {
          const dirs = d.columns.map((j) => o.directions[j]);
          scores.set(`${m}:${d.name}`, topsis(selectColumns(X, d.columns), h.within[k], dirs).closeness);
        });
      }
    } else {
      const h = hw.get(m)!;
      scores.set(m, weightedSum(Xs, h.weights));
      if (sub) o.dims.forEach((d, k) => scores.set(`${m}:${d.name}`, weightedSum(selectColumns(Xs, d.columns), h.within[k])));
    }
  }
  return { weights, dimensionWeights, scores, constant };
}

/** Keys stay strings unless every one reads back exactly as a number (years, numeric ids). */
function keyColumn(keys: readonly string[]): (string | number)[] {
  const nums = keys.map(Number);
  return nums.every((v, i) => Number.isFinite(v) && String(v) === keys[i]) ? nums : [...keys];
}

/**
 * The JSON form: `{ "weights": { "<method>": { "<indicator>": w } }, "rows": [ { "id", "time",
 * "<method>": score } ], "meta": … }`. Year by year, `weights_by_time` (time → method → indicator
 * → weight) replaces `weights`. Hierarchical systems add `dimension_weights` (or
 * `dimension_weights_by_time`) and `<method>:<dimension>` sub-scores in the rows.
 */
export function indexToJson(r: IndexResult): string {
  const out: Record<string, unknown> = {};
  if (r.weights) out.weights = r.weights;
  if (r.weightsByTime) out.weights_by_time = r.weightsByTime;
  if (r.dimensionWeights) out.dimension_weights = r.dimensionWeights;
  if (r.dimensionWeightsByTime) out.dimension_weights_by_time = r.dimensionWeightsByTime;
  out.rows = r.rows;
  out.meta = r.meta;
  return JSON.stringify(out, null, 2) + '\n';
}

/** The tabular form (id, time, one column per score) as a Result, for the CSV and Parquet writers. */
export function indexToResult(r: IndexResult): Result {
  return { columns: ['id', 'time', ...r.scoreColumns], rows: r.rows as Row[], meta: { ...r.meta } };
}
