/**
 * Absorbing fixed effects without dummy matrices. For one dimension the within transformation
 * x − x̄_g is exact. For several, the method of alternating projections (Guimarães & Portugal
 * 2010; Gaure 2013, the `lfe` algorithm): subtract the group means of each dimension in turn
 * until a full sweep removes no group mean larger than tol · rms(x), with Irons–Tuck
 * extrapolation every two sweeps. The limit is the
 * projection of x off the span of all the dummies, so OLS on the demeaned columns gives the
 * coefficients of the dummy-variable regression (Frisch–Waugh–Lovell).
 */

/** One fixed-effect dimension: a code 0…levels−1 for every observation. */
export interface FactorCodes {
  name: string;
  codes: Int32Array;
  levels: number;
}

/**
 * Observations to keep after dropping singletons: rows whose level appears only once in some
 * fixed-effect dimension. One pass, as `fixest` (fixef.rm = "singleton") does — a row dropped
 * here can leave new singletons behind, which are kept.
 */
export function singletonMask(fes: readonly FactorCodes[], n: number): { keep: Uint8Array; dropped: number } {
  const keep = new Uint8Array(n).fill(1);
  let dropped = 0;
  for (const fe of fes) {
    const count = new Int32Array(fe.levels);
    for (let i = 0; i < n; i++) count[fe.codes[i]]++;
    for (let i = 0; i < n; i++) {
      if (count[fe.codes[i]] === 1 && keep[i]) {
        keep[i] = 0;
        dropped++;
      }
    }
  }
  return { keep, dropped };
}

/** Re-codes a factor on a subset of rows so that its levels are again 0…levels−1 with no gaps. */
export function subsetFactor(fe: FactorCodes, rows: Int32Array): FactorCodes {
  const map = new Int32Array(fe.levels).fill(-1);
  const codes = new Int32Array(rows.length);
  let levels = 0;
  for (let t = 0; t < rows.length; t++) {
    const c = fe.codes[rows[t]];
    if (map[c] < 0) map[c] = levels++;
    codes[t] = map[c];
  }
  return { name: fe.name, codes, levels };
}

/** Number of connected components of the bipartite graph linking the levels of two factors. */
export function connectedComponents(a: FactorCodes, b: FactorCodes): number {
  const parent = new Int32Array(a.levels + b.levels);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  let comps = a.levels + b.levels;
  for (let i = 0; i < a.codes.length; i++) {
    const ra = find(a.codes[i]);
    const rb = find(a.levels + b.codes[i]);
    if (ra !== rb) {
      parent[ra] = rb;
      comps--;
    }
  }
  return comps;
}

/**
 * Number of fixed-effect parameters that are identified: Σ levels minus the redundant ones.
 * With two or more dimensions the redundancies between the first two are counted exactly
 * (connected components, as `reghdfe` does); each further dimension counts one.
 */
export function fixedEffectParameters(fes: readonly FactorCodes[]): number {
  if (fes.length === 0) return 0;
  let k = fes.reduce((s, f) => s + f.levels, 0);
  if (fes.length >= 2) k -= connectedComponents(fes[0], fes[1]) + (fes.length - 2);
  return k;
}

/** Whether every level of `fe` lies within one level of `cluster` (the fixed effect is nested in it). */
export function isNested(fe: FactorCodes, cluster: Int32Array): boolean {
  const owner = new Int32Array(fe.levels).fill(-1);
  for (let i = 0; i < fe.codes.length; i++) {
    const c = fe.codes[i];
    if (owner[c] < 0) owner[c] = cluster[i];
    else if (owner[c] !== cluster[i]) return false;
  }
  return true;
}

export interface AbsorbOptions {
  /** Convergence tolerance, relative to the root mean square of the column (default 1e-10). */
  tol?: number;
  /** Maximum number of sweeps (default 10,000). */
  maxIter?: number;
  /** Irons–Tuck extrapolation every two sweeps (default true). */
  accelerate?: boolean;
}

export interface AbsorbReport {
  /** Sweeps used by the slowest column. */
  iterations: number;
  converged: boolean;
}

/** Demeans columns in place by the fixed effects `fes` (alternating projections). */
export class Absorber {
  private readonly invCount: Float64Array[];
  private readonly sums: Float64Array[];
  private scratch?: [Float64Array, Float64Array];

  constructor(
    readonly fes: readonly FactorCodes[],
    readonly n: number,
  ) {
    this.invCount = fes.map((fe) => {
      const c = new Float64Array(fe.levels);
      for (let i = 0; i < n; i++) c[fe.codes[i]]++;
      for (let g = 0; g < fe.levels; g++) c[g] = c[g] > 0 ? 1 / c[g] : 0;
      return c;
    });
    this.sums = fes.map((fe) => new Float64Array(fe.levels));
  }

  /** Subtracts the group means of dimension d from x; returns the largest mean removed. */
  private project(x: Float64Array, d: number): number {
    const codes = this.fes[d].codes;
    const sum = this.sums[d];
    const inv = this.invCount[d];
    sum.fill(0);
    const n = this.n;
    for (let i = 0; i < n; i++) sum[codes[i]] += x[i];
    let maxMean = 0;
    for (let g = 0; g < sum.length; g++) {
      const m = sum[g] * inv[g];
      sum[g] = m;
      const a = m < 0 ? -m : m;
      if (a > maxMean) maxMean = a;
    }
    for (let i = 0; i < n; i++) x[i] -= sum[codes[i]];
    return maxMean;
  }

  /** One sweep over all dimensions; returns the largest group mean removed. */
  private sweep(x: Float64Array): number {
    let change = 0;
    for (let d = 0; d < this.fes.length; d++) change = Math.max(change, this.project(x, d));
    return change;
  }

  /**
   * Demeans one column in place. Every second pair of sweeps is extrapolated by the Irons–Tuck
   * (1969) step x ← x₂ − α(x₂ − x₁), α = (Δx₂·Δ²x)/(Δ²x·Δ²x), as `fixest` does on its
   * coefficients: an affine combination of iterates, so the limit is unchanged, but slow
   * (poorly connected) panels converge in far fewer sweeps. (Processing several columns
   * interleaved in one pass was measured no faster on 1,000,000 rows, and needs more memory.)
   */
  demean(x: Float64Array, o: AbsorbOptions = {}): AbsorbReport {
    const D = this.fes.length;
    if (D === 0) return { iterations: 0, converged: true };
    const tol = o.tol ?? 1e-10;
    const maxIter = o.maxIter ?? 10_000;
    const n = this.n;
    this.project(x, 0);
    if (D === 1) return { iterations: 1, converged: true };
    // the scale is that of the variation left after removing the first dimension's means
    let ss = 0;
    for (let i = 0; i < n; i++) ss += x[i] * x[i];
    const scale = tol * Math.sqrt(ss / Math.max(1, n));
    if (scale === 0) return { iterations: 1, converged: true };
    // the two previous iterates, kept for the extrapolation (shared by the columns)
    this.scratch ??= [new Float64Array(n), new Float64Array(n)];
    const [x0, x1] = this.scratch;
    let it = 0;
    while (it < maxIter) {
      x0.set(x);
      it++;
      if (this.sweep(x) <= scale) return { iterations: it, converged: true };
      x1.set(x);
      it++;
      if (this.sweep(x) <= scale) return { iterations: it, converged: true };
      if (o.accelerate === false) continue;
      let num = 0;
      let den = 0;
      for (let i = 0; i < n; i++) {
        const d1 = x[i] - x1[i];
        const d2 = d1 - (x1[i] - x0[i]);
        num += d1 * d2;
        den += d2 * d2;
      }
      if (den > 0) {
        const alpha = num / den;
        for (let i = 0; i < n; i++) x[i] -= alpha * (x[i] - x1[i]);
      }
    }
    return { iterations: it, converged: false };
  }

  /** Demeans several columns in place; the report is that of the slowest. */
  demeanAll(cols: Float64Array[], o: AbsorbOptions = {}): AbsorbReport {
    let iterations = 0;
    let converged = true;
    for (const c of cols) {
      const r = this.demean(c, o);
      iterations = Math.max(iterations, r.iterations);
      converged &&= r.converged;
    }
    return { iterations, converged };
  }
}
