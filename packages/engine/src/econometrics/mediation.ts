/**
 * Mechanism (mediation) tests by the stepwise regressions of Baron & Kenny (1986), as used in
 * the empirical GVC literature (“does X act on Y through M?”):
 *
 *   (1) Y = c·X + controls + FE + e      total effect c
 *   (2) M = a·X + controls + FE + u      effect of X on the mediator a
 *   (3) Y = c′·X + b·M + controls + FE   direct effect c′, mediator effect b
 *
 * Indirect effect a·b. Sobel (1982) test: z = a·b / √(b²·se_a² + a²·se_b²), two-sided normal p.
 * Bootstrap (Preacher & Hayes 2008): resample observations — whole clusters when errors are
 * clustered — with replacement from a seeded generator (mulberry32), refit (2) and (3), and take
 * the percentile interval of a·b.
 */
import { OptionError } from '../errors.js';
import { type Column, type DataFrame, getColumn } from './data.js';
import { normalPValue } from './dist.js';
import { evalTerm, type Formula, panelIndex, parseFormula, type Term } from './formula.js';
import { regress, type RegressionResult, type RegressOptions } from './regress.js';

export interface MediationOptions extends RegressOptions {
  /** The treatment term X (default: the first regressor of the formula). */
  treatment?: string;
  /** The mediator M: a column or a term such as log(m). */
  mediator: string;
  /** Bootstrap replications (default 1000; 0 skips the bootstrap). */
  bootstrap?: number;
  /** Seed of the bootstrap generator (default 1). */
  seed?: number;
  /** Confidence level of the bootstrap interval (default 0.95). */
  level?: number;
  /** Called after each bootstrap replication: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** The most bootstrap replications a mediation test runs (each is two regressions). */
export const MAX_BOOTSTRAP = 100_000;

export interface MediationResult {
  treatment: string;
  mediator: string;
  total: RegressionResult;
  mediatorModel: RegressionResult;
  direct: RegressionResult;
  a: number;
  b: number;
  c: number;
  cPrime: number;
  indirect: number;
  /** Share of the total effect that runs through the mediator, a·b / c. */
  proportion: number;
  sobel: { se: number; z: number; p: number };
  bootstrap?: {
    replications: number;
    seed: number;
    level: number;
    lower: number;
    upper: number;
    se: number;
    unit: 'observation' | 'cluster';
  };
}

/** mulberry32: a small, fast, seeded 32-bit generator (uniform on [0, 1)). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The Sobel standard error, z and two-sided p of the indirect effect a·b. */
export function sobelTest(a: number, seA: number, b: number, seB: number): { se: number; z: number; p: number } {
  const se = Math.sqrt(b * b * seA * seA + a * a * seB * seB);
  const z = (a * b) / se;
  return { se, z, p: normalPValue(z) };
}

const quote = (name: string) => `\`${name}\``;

function fixedEffectPart(f: Formula): string {
  return f.fixedEffects.length ? ` | ${f.fixedEffects.map((fe) => fe.name).join(' + ')}` : '';
}

function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Runs the three stepwise regressions, the Sobel test and the bootstrap interval of a·b. */
export function mediation(df: DataFrame, formula: string, o: MediationOptions): MediationResult {
  const f = parseFormula(formula);
  if (f.iv) throw new OptionError(`mediation takes an OLS formula; "${formula}" has an IV part`);
  if (f.terms.length === 0) throw new OptionError(`formula "${formula}" has no regressor to act as the treatment`);
  const treatment = o.treatment ?? f.terms[0].name;
  const xTerm = f.terms.find((t) => t.name === treatment);
  if (!xTerm)
    throw new OptionError(
      `treatment '${treatment}' is not a regressor of "${formula}"; expected one of ${f.terms.map((t) => t.name).join(', ')}`,
    );
  const mTerm = parseFormula(`${o.mediator} ~ 1`).lhs;
  if (f.terms.some((t) => t.name === mTerm.name))
    throw new OptionError(`the mediator '${mTerm.name}' is already a regressor of "${formula}"`);

  // Evaluate every term once, so that lags and functions survive the resampling below: the
  // three models then run on plain columns named by their terms.
  const panel = o.panel ? panelIndex(df, o.panel.id, o.panel.time) : undefined;
  const cols: Record<string, ArrayLike<number> | readonly string[]> = {};
  const addTerm = (t: Term) => (cols[t.name] = evalTerm(t, df, formula, panel));
  [f.lhs, mTerm, ...f.terms].forEach(addTerm);
  const factorVars = new Set([...f.fixedEffects.flatMap((fe) => fe.vars), ...(o.cluster ?? [])]);
  for (const v of factorVars) if (!(v in cols)) cols[v] = getColumn(df, v) as Column;
  const base: DataFrame = { n: df.n, columns: new Map(Object.entries(cols) as [string, Column][]), file: df.file };

  const controls = f.terms.filter((t) => t.name !== treatment).map((t) => quote(t.name));
  const rhs = (extra: string[]) =>
    [quote(treatment), ...extra, ...controls].join(' + ') + (f.intercept || f.fixedEffects.length ? '' : ' + 0') + fixedEffectPart(f);
  const fTotal = `${quote(f.lhs.name)} ~ ${rhs([])}`;
  const fMed = `${quote(mTerm.name)} ~ ${rhs([])}`;
  const fDirect = `${quote(f.lhs.name)} ~ ${rhs([quote(mTerm.name)])}`;
  const ro: RegressOptions = { ...o, panel: undefined };
  const total = regress(base, fTotal, ro);
  const mediatorModel = regress(base, fMed, ro);
  const direct = regress(base, fDirect, ro);
  const pick = (r: RegressionResult, term: string) => {
    const c = r.coef[term];
    if (!c) throw new OptionError(`'${term}' was dropped from "${r.formula}" (${r.notes.join('; ') || 'collinear'})`);
    return c;
  };
  const a = pick(mediatorModel, treatment);
  const b = pick(direct, mTerm.name);
  const c = pick(total, treatment).estimate;
  const cPrime = pick(direct, treatment).estimate;
  const indirect = a.estimate * b.estimate;
  const out: MediationResult = {
    treatment,
    mediator: mTerm.name,
    total,
    mediatorModel,
    direct,
    a: a.estimate,
    b: b.estimate,
    c,
    cPrime,
    indirect,
    proportion: indirect / c,
    sobel: sobelTest(a.estimate, a.se, b.estimate, b.se),
  };

  const reps = o.bootstrap ?? 1000;
  if (!Number.isInteger(reps) || reps < 0 || reps > MAX_BOOTSTRAP)
    throw new OptionError(`bootstrap ${reps}: expected a whole number of replications from 0 to ${MAX_BOOTSTRAP}`, 'bootstrap');
  if (reps > 0) {
    const seed = o.seed ?? 1;
    const level = o.level ?? 0.95;
    const rand = mulberry32(seed);
    // resampling units: clusters when clustered, else observations
    const clusterName = o.cluster?.[0];
    let units: number[][];
    if (clusterName) {
      const cc = getColumn(base, clusterName);
      const by = new Map<string, number[]>();
      for (let i = 0; i < base.n; i++) {
        const key = String(cc[i]);
        let list = by.get(key);
        if (!list) by.set(key, (list = []));
        list.push(i);
      }
      units = [...by.values()];
    } else units = Array.from({ length: base.n }, (_, i) => [i]);
    const relabel = clusterName !== undefined && f.fixedEffects.some((fe) => fe.vars.includes(clusterName));
    const draws = new Float64Array(reps);
    const bo: RegressOptions = { dropSingletons: o.dropSingletons, tol: o.tol, maxIter: o.maxIter };
    for (let r = 0; r < reps; r++) {
      const rows: number[] = [];
      const rowDraw: number[] = [];
      for (let u = 0; u < units.length; u++) {
        for (const i of units[Math.floor(rand() * units.length)]) {
          rows.push(i);
          rowDraw.push(u);
        }
      }
      const columns = new Map<string, Column>();
      for (const [name, col] of base.columns) {
        columns.set(name, col instanceof Float64Array ? Float64Array.from(rows, (i) => col[i]) : rows.map((i) => col[i]));
      }
      // a cluster drawn twice is two clusters: its copies get their own fixed-effect levels
      if (relabel) columns.set(clusterName!, Float64Array.from(rowDraw));
      const sample: DataFrame = { n: rows.length, columns };
      const ra = regress(sample, fMed, bo).coef[treatment];
      const rb = regress(sample, fDirect, bo).coef[mTerm.name];
      draws[r] = ra && rb ? ra.estimate * rb.estimate : NaN;
      o.onProgress?.(r + 1, reps);
    }
    const ok = draws.filter(Number.isFinite).sort();
    let mean = 0;
    for (const d of ok) mean += d;
    mean /= ok.length;
    let v = 0;
    for (const d of ok) v += (d - mean) ** 2;
    out.bootstrap = {
      replications: ok.length,
      seed,
      level,
      lower: quantile(ok, (1 - level) / 2),
      upper: quantile(ok, 1 - (1 - level) / 2),
      se: Math.sqrt(v / Math.max(1, ok.length - 1)),
      unit: clusterName ? 'cluster' : 'observation',
    };
  }
  return out;
}

/** The JSON form of a mediation analysis. */
export function mediationJson(m: MediationResult): Record<string, unknown> {
  return {
    treatment: m.treatment,
    mediator: m.mediator,
    a: m.a,
    b: m.b,
    total_effect: m.c,
    direct_effect: m.cPrime,
    indirect_effect: m.indirect,
    proportion_mediated: m.proportion,
    sobel: m.sobel,
    bootstrap: m.bootstrap ?? null,
  };
}
