/**
 * `regress`: a fixest-style formula on a data frame → coefficients, standard errors, R².
 * Steps: evaluate the terms; drop rows with a missing or non-finite value in any column used
 * (and say how many, per variable); drop fixed-effect singletons (one pass, as `fixest`); absorb
 * the fixed effects; drop collinear regressors; OLS or 2SLS; the chosen variance.
 */
import { type Matrix, matmul } from '@catena/linalg';
import { OptionError } from '../errors.js';
import { Absorber, type FactorCodes, fixedEffectParameters, isNested, singletonMask, subsetFactor } from './absorb.js';
import { type DataFrame, factorCodes, getColumn, missingAt } from './data.js';
import { studentTPValue } from './dist.js';
import { type Formula, evalTerm, panelIndex, parseFormula, type Term } from './formula.js';
import { twoStageLeastSquares, type FirstStage } from './iv.js';
import { collinearColumns, designMatrix, leastSquares } from './ols.js';
import { type ClusterCodes, computeVcov, type Vcov, type VcovType } from './vcov.js';

export interface RegressOptions {
  /** iid (default without clusters), hc1, or cluster (default when `cluster` is given). */
  vcov?: VcovType;
  /** One or two cluster variables; with vcov 'cluster' and none given, the first fixed effect. */
  cluster?: string[];
  /** Panel identifiers for l(), f(), d(). */
  panel?: { id: string; time: string };
  /** Drop fixed-effect singletons (default true, one pass as fixest's fixef.rm = "singleton"). */
  dropSingletons?: boolean;
  /** Alternating-projection tolerance and sweep limit (see Absorber). */
  tol?: number;
  maxIter?: number;
}

export interface Coefficient {
  estimate: number;
  se: number;
  t: number;
  p: number;
}

export interface RegressionResult {
  formula: string;
  depvar: string;
  /** Observations used. */
  n: number;
  /** Coefficient names, in the order of `vcov.matrix`. */
  names: string[];
  coef: Record<string, Coefficient>;
  r2: number;
  /** R² of the demeaned model; null without fixed effects. */
  r2Within: number | null;
  rss: number;
  fixedEffects: { name: string; levels: number }[];
  vcov: Vcov;
  /** What was dropped or adjusted, in words. */
  notes: string[];
  firstStage?: FirstStage[];
  /** Sweeps of the alternating projections (0 without fixed effects). */
  iterations: number;
}

/** Codes of a fixed effect or a combination a^b of several columns, over the given rows. */
function combinedFactor(df: DataFrame, name: string, vars: string[], rows: Int32Array): FactorCodes {
  let acc = factorCodes(getColumn(df, vars[0]), rows);
  for (let v = 1; v < vars.length; v++) {
    const next = factorCodes(getColumn(df, vars[v]), rows);
    const map = new Map<number, number>();
    const codes = new Int32Array(rows.length);
    for (let t = 0; t < rows.length; t++) {
      const key = acc.codes[t] * next.levels + next.codes[t];
      let g = map.get(key);
      if (g === undefined) {
        g = map.size;
        map.set(key, g);
      }
      codes[t] = g;
    }
    acc = { codes, levels: map.size, labels: [] };
  }
  return { name, codes: acc.codes, levels: acc.levels };
}

/** Positions where mask is 1. */
function maskedIndices(mask: Uint8Array): Int32Array {
  let m = 0;
  for (let i = 0; i < mask.length; i++) m += mask[i];
  const out = new Int32Array(m);
  for (let i = 0, t = 0; i < mask.length; i++) if (mask[i]) out[t++] = i;
  return out;
}

function subset(x: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let t = 0; t < rows.length; t++) out[t] = x[rows[t]];
  return out;
}

/** Fits a fixest-style formula on a data frame. */
export function regress(df: DataFrame, formula: string | Formula, o: RegressOptions = {}): RegressionResult {
  const f = typeof formula === 'string' ? parseFormula(formula) : formula;
  const notes: string[] = [];
  const panel = o.panel ? panelIndex(df, o.panel.id, o.panel.time) : undefined;
  const ev = (t: Term) => ({ name: t.name, x: evalTerm(t, df, f.text, panel) });
  const y = ev(f.lhs);
  const exog = f.terms.map(ev);
  const endog = (f.iv?.endogenous ?? []).map(ev);
  const inst = (f.iv?.instruments ?? []).map(ev);
  const clusterNames = [...(o.cluster ?? [])];
  const vtype: VcovType = o.vcov ?? (clusterNames.length ? 'cluster' : 'iid');
  if (vtype !== 'cluster' && clusterNames.length)
    throw new OptionError(`cluster variables given (${clusterNames.join(', ')}) with vcov '${vtype}'; use vcov 'cluster'`);
  // vcov 'cluster' without cluster variables: by the first fixed effect (a combination a^b as one)
  const byFirstFe = vtype === 'cluster' && clusterNames.length === 0;
  if (byFirstFe) {
    if (f.fixedEffects.length === 0)
      throw new OptionError("vcov 'cluster' needs cluster variables (--cluster a[,b]) or a fixed effect to cluster by");
    notes.push(`standard errors clustered by the first fixed effect, ${f.fixedEffects[0].name}`);
  }
  if (clusterNames.length > 2)
    throw new OptionError(`at most two cluster variables, got ${clusterNames.length} (${clusterNames.join(', ')})`);

  // rows with every used value present
  const n0 = df.n;
  const keep = new Uint8Array(n0).fill(1);
  const missingBy = new Map<string, number>();
  const mark = (name: string, isBad: (i: number) => boolean) => {
    let c = 0;
    for (let i = 0; i < n0; i++) {
      if (isBad(i)) {
        c++;
        keep[i] = 0;
      }
    }
    if (c) missingBy.set(name, (missingBy.get(name) ?? 0) + c);
  };
  for (const v of [y, ...exog, ...endog, ...inst]) mark(v.name, (i) => !Number.isFinite(v.x[i]));
  const factorVars = new Set([...f.fixedEffects.flatMap((fe) => fe.vars), ...clusterNames]);
  for (const name of factorVars) {
    const c = getColumn(df, name);
    mark(name, (i) => missingAt(c, i));
  }
  let rows = maskedIndices(keep);
  if (rows.length < n0) {
    const detail = [...missingBy].map(([k, c]) => `${k}: ${c}`).join(', ');
    notes.push(`${n0 - rows.length} of ${n0} rows dropped for missing or non-finite values (${detail})`);
  }

  let fes = f.fixedEffects.map((fe) => combinedFactor(df, fe.name, fe.vars, rows));
  if (fes.length && o.dropSingletons !== false) {
    const { keep: k2, dropped } = singletonMask(fes, rows.length);
    if (dropped) {
      const inner = maskedIndices(k2);
      rows = inner.map((t) => rows[t]);
      fes = fes.map((fe) => subsetFactor(fe, inner));
      notes.push(`${dropped} fixed-effect singleton observation(s) dropped (one pass, as fixest's fixef.rm = "singleton")`);
    }
  }
  const n = rows.length;
  if (n === 0) throw new OptionError(`formula "${f.text}": no observations left after dropping missing values`);

  const yv = subset(y.x, rows);
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += yv[i];
  ybar /= n;
  let tss = 0;
  let tssRaw = 0;
  for (let i = 0; i < n; i++) {
    tss += (yv[i] - ybar) ** 2;
    tssRaw += yv[i] * yv[i];
  }
  // a constant dependent variable has nothing to explain: t statistics of 1e16 are round-off, not findings
  if (!(tss > 1e-24 * Math.max(tssRaw, Number.MIN_VALUE)))
    throw new OptionError(
      `formula "${f.text}": the dependent variable ${y.name} is constant (${ybar}) in the ${n} rows used; there is nothing to explain`,
    );
  const xs = exog.map((v) => ({ name: v.name, x: subset(v.x, rows) }));
  const xn = endog.map((v) => ({ name: v.name, x: subset(v.x, rows) }));
  const zs = inst.map((v) => ({ name: v.name, x: subset(v.x, rows) }));

  let iterations = 0;
  if (fes.length) {
    const ab = new Absorber(fes, n);
    const rep = ab.demeanAll([yv, ...xs.map((v) => v.x), ...xn.map((v) => v.x), ...zs.map((v) => v.x)], { tol: o.tol, maxIter: o.maxIter });
    iterations = rep.iterations;
    if (!rep.converged) notes.push(`alternating projections did not converge in ${rep.iterations} sweeps; estimates are approximate`);
    let within = 0;
    for (let i = 0; i < n; i++) within += yv[i] * yv[i];
    if (!(within > 1e-20 * tss))
      throw new OptionError(
        `formula "${f.text}": the dependent variable ${y.name} does not vary within the fixed effects (${fes.map((fe) => fe.name).join(', ')}); there is nothing left to explain`,
      );
  } else if (f.intercept) {
    xs.unshift({ name: '(Intercept)', x: new Float64Array(n).fill(1) });
  }
  const feParams = fixedEffectParameters(fes);

  // collinear exogenous regressors (e.g. constant within a fixed effect) are dropped, and said so
  {
    const X = designMatrix(
      xs.map((v) => v.x),
      n,
    );
    if (X.cols) {
      const { dropped } = collinearColumns(matmul(X, X, { transA: true }));
      if (dropped.length) {
        const names = dropped.map((j) => xs[j].name);
        notes.push(`dropped for collinearity${fes.length ? ' (with the fixed effects or other regressors)' : ''}: ${names.join(', ')}`);
        for (const j of [...dropped].reverse()) xs.splice(j, 1);
      }
    }
  }

  if (xs.length + xn.length === 0)
    throw new OptionError(`formula "${f.text}": no regressor left to estimate${notes.length ? ` (${notes.join('; ')})` : ''}`);
  if (n <= xs.length + xn.length + feParams) {
    throw new OptionError(
      `formula "${f.text}": ${n} observations for ${xs.length + xn.length} regressors and ${feParams} fixed-effect parameters; expected more observations than parameters`,
    );
  }
  let beta: Float64Array;
  let bread: Matrix;
  let scores: Matrix;
  let resid: Float64Array;
  let rss: number;
  let names: string[];
  let firstStage: FirstStage[] | undefined;
  if (f.iv) {
    const lead = xs[0]?.name === '(Intercept)' ? 1 : 0; // the intercept first, then the endogenous regressors
    const tsls = twoStageLeastSquares(
      yv,
      xs.map((v) => v.x),
      xn,
      zs.map((v) => v.x),
      feParams,
      lead,
    );
    ({ beta, bread, resid, rss, firstStage } = tsls);
    for (const fs of firstStage ?? [])
      if (fs.F < 10)
        notes.push(
          `weak instrument: the first-stage F for ${fs.endogenous} is ${fs.F.toFixed(2)} < 10 (Staiger–Stock rule of thumb); 2SLS estimates may be biased toward OLS and their standard errors unreliable`,
        );
    scores = tsls.Xhat;
    names = [...xs.slice(0, lead).map((v) => v.name), ...xn.map((v) => v.name), ...xs.slice(lead).map((v) => v.name)];
  } else {
    const X = designMatrix(
      xs.map((v) => v.x),
      n,
    );
    const ls = leastSquares(X, yv, `XᵀX of ${f.text}`);
    ({ beta, bread, resid, rss } = ls);
    scores = X;
    names = xs.map((v) => v.name);
  }
  const k = names.length;

  let clusters: ClusterCodes[] | undefined;
  let nestedK = 0;
  if (vtype === 'cluster') {
    clusters = byFirstFe
      ? [{ name: fes[0].name, codes: fes[0].codes, levels: fes[0].levels }]
      : clusterNames.map((name) => {
          const fc = factorCodes(getColumn(df, name), rows);
          return { name, codes: fc.codes, levels: fc.levels };
        });
    if (clusters.some((c) => c.levels < 2))
      throw new OptionError(`clustered errors need at least 2 clusters; ${clusters.find((c) => c.levels < 2)!.name} has 1`);
    const nestedLevels = fes.filter((fe) => clusters!.some((c) => isNested(fe, c.codes))).reduce((s, fe) => s + fe.levels, 0);
    nestedK = Math.min(feParams, nestedLevels);
  }
  const vcov = computeVcov({ bread, X: scores, resid, K: k + feParams, nestedK, type: vtype, clusters });

  const coef: Record<string, Coefficient> = {};
  names.forEach((name, j) => {
    const se = Math.sqrt(vcov.matrix.get(j, j));
    const t = beta[j] / se;
    coef[name] = { estimate: beta[j], se, t, p: studentTPValue(t, vcov.df) };
  });
  let tssWithin = 0;
  for (let i = 0; i < n; i++) tssWithin += yv[i] * yv[i];
  const r2 = 1 - rss / (f.intercept || fes.length ? tss : tssRaw);
  return {
    formula: f.text,
    depvar: f.lhs.name,
    n,
    names,
    coef,
    r2,
    r2Within: fes.length ? 1 - rss / tssWithin : null,
    rss,
    fixedEffects: fes.map((fe) => ({ name: fe.name, levels: fe.levels })),
    vcov,
    notes,
    firstStage,
    iterations,
  };
}

/** The JSON form: { n, coef: { term: { estimate, se, t, p } }, r2, r2_within, fixed_effects, vcov }. */
export function regressionJson(r: RegressionResult): Record<string, unknown> {
  const out: Record<string, unknown> = {
    n: r.n,
    coef: r.coef,
    r2: r.r2,
    r2_within: r.r2Within,
    fixed_effects: Object.fromEntries(r.fixedEffects.map((fe) => [fe.name, fe.levels])),
    vcov: {
      type: r.vcov.type,
      ...(r.vcov.clusters ? { clusters: Object.fromEntries(r.vcov.clusters.map((c) => [c.name, c.groups])) } : {}),
      df: r.vcov.df,
      small_sample_factor: r.vcov.factor,
      K: r.vcov.K,
      names: r.names,
      matrix: r.vcov.matrix.toRows(),
    },
  };
  if (r.firstStage)
    out.first_stage = Object.fromEntries(r.firstStage.map((s) => [s.endogenous, { F: s.F, df1: s.df1, df2: s.df2, p: s.p }]));
  return out;
}
