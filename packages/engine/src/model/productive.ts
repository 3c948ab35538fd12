/**
 * Whether a table's Leontief inverse means anything: the factorisation of I − A with its errors
 * in country-sector words, the productiveness check and the condition warning.
 *
 * Productive (Hawkins–Simon): for A ≥ 0, B = (I − A)⁻¹ ≥ 0 exactly when the spectral radius of
 * A is below 1. Sufficient: every column sum of |A| below 1 (ρ(A) ≤ ‖A‖₁). Otherwise one solve
 * with the factorisation decides: I − A is a Z-matrix, and a Z-matrix is a nonsingular M-matrix
 * (so B ≥ 0) exactly when some y > 0 has (I − A)ᵀy > 0 (Berman & Plemmons 1994, ch. 6, condition
 * I27/K33); y = (I − A)⁻ᵀ1, the column sums of B (output multipliers), is such a y when it is
 * positive, and no positive y exists when it is not. With negative entries in A (negative flows)
 * the same test is applied to the output multipliers, which must be positive for any reading.
 *
 * Near-singular I − A: LAPACK gecon's estimate of the reciprocal 1-norm condition number; below
 * 1e-8 (condition above 10⁸, so fewer than about 8 significant digits in B) a warning is kept.
 */
import { IllConditionedError, LU, Matrix, NonFiniteError, SingularMatrixError } from '@catena/linalg';
import { TableError } from '../errors.js';
import type { IcioTable } from '../table/icio-table.js';

/** Below this reciprocal condition number the model carries a warning. */
export const RCOND_WARN = 1e-8;

export interface ProductiveOptions {
  /** Compute with a non-productive table instead of stopping (the results then include negative multipliers). */
  allowUnproductive?: boolean;
  rcondMin?: number;
}

/** Warnings about the numbers of a model (condition, allowed non-productiveness), by factorisation. */
const WARNINGS = new WeakMap<LU, string[]>();

/** The numerical warnings recorded for a factorisation (empty when none). */
export function numericalWarnings(lu: LU): string[] {
  return WARNINGS.get(lu) ?? [];
}

function listLabels(t: IcioTable, idx: number[], value?: (i: number) => number, max = 8): string {
  const shown = idx.slice(0, max).map((i) => (value ? `${t.label(i)} (${fmt(value(i))})` : t.label(i)));
  return shown.join(', ') + (idx.length > max ? ` and ${idx.length - max} more` : '');
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

/** Factorises I − A, with singular and non-finite systems named by country-sector, not by index. */
export function factorLeontief(t: IcioTable, IminusA: Matrix, o: ProductiveOptions = {}): LU {
  try {
    return LU.factor(IminusA, { rcondMin: o.rcondMin, context: `I − A of ${t.source}`, overwrite: true });
  } catch (e) {
    throw leontiefError(t, e);
  }
}

/** As factorLeontief, on the libuv pool. */
export async function factorLeontiefAsync(t: IcioTable, IminusA: Matrix, o: ProductiveOptions = {}): Promise<LU> {
  try {
    return await LU.factorAsync(IminusA, { rcondMin: o.rcondMin, context: `I − A of ${t.source}`, overwrite: true });
  } catch (e) {
    throw leontiefError(t, e);
  }
}

function leontiefError(t: IcioTable, e: unknown): unknown {
  const hint = 'check its column: inputs that equal or exceed output (value added ≤ 0), or a copy of another column';
  if (e instanceof SingularMatrixError)
    return new TableError(`${t.source}: I − A is singular at ${t.label(e.pivot)} (no Leontief inverse exists); ${hint}`);
  if (e instanceof IllConditionedError)
    return new TableError(
      `${t.source}: I − A is numerically singular (reciprocal condition number ${e.rcond.toExponential(2)} below ${e.tolerance.toExponential(0)}); the smallest pivot is at ${t.label(e.pivot)} — ${hint}`,
    );
  if (e instanceof NonFiniteError) {
    return new TableError(
      `${t.source}: the input coefficient ${t.label(e.row)} → ${t.label(e.col)} is ${e.value} (the output of ${t.label(e.col)} is too small for its inputs); check the table`,
    );
  }
  return e;
}

/**
 * Checks that the table is productive (see the module comment) and records the condition
 * warning; throws a TableError naming the columns unless `allowUnproductive`.
 */
export function checkProductive(t: IcioTable, A: Matrix, lu: LU, o: ProductiveOptions = {}): void {
  const n = A.rows;
  const warnings: string[] = [];
  if (lu.rcond < RCOND_WARN) {
    warnings.push(
      `I − A is nearly singular: LAPACK gecon estimates the reciprocal condition number at ${lu.rcond.toExponential(2)} (condition ≈ ${(1 / lu.rcond).toExponential(1)}), so the Leontief inverse has only about ${Math.max(0, Math.floor(16 + Math.log10(lu.rcond)))} reliable digits`,
    );
  }
  const sums = new Float64Array(n);
  let maxAbs = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    let a = 0;
    const off = j * n;
    for (let i = 0; i < n; i++) {
      s += A.data[off + i];
      a += Math.abs(A.data[off + i]);
    }
    sums[j] = s;
    if (a > maxAbs) maxAbs = a;
  }
  if (maxAbs < 1) {
    if (warnings.length) WARNINGS.set(lu, warnings);
    return;
  }
  // output multipliers: column sums of B, from one transposed solve
  const y = lu.solve(new Float64Array(n).fill(1), true);
  const bad: number[] = [];
  for (let j = 0; j < n; j++) if (!(y[j] > 0)) bad.push(j);
  if (bad.length === 0) {
    if (warnings.length) WARNINGS.set(lu, warnings);
    return;
  }
  const over: number[] = [];
  for (let j = 0; j < n; j++) if (sums[j] >= 1) over.push(j);
  const cause = over.length
    ? `; the input coefficients of ${listLabels(t, over, (j) => sums[j])} sum to 1 or more (intermediate inputs at least equal to output, value added ≤ 0)`
    : '';
  const text = `${t.source}: the table is not productive (the spectral radius of A is at least 1): the Leontief inverse has output multipliers ≤ 0 for ${listLabels(t, bad, (j) => y[j])}${cause}`;
  if (!o.allowUnproductive)
    throw new TableError(`${text}; check those columns, or compute anyway with allowUnproductive (catena: --allow-unproductive)`);
  warnings.push(`${text}; computed anyway (allowUnproductive): results include negative multipliers`);
  WARNINGS.set(lu, warnings);
}
