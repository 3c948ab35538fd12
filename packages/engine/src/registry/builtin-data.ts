/**
 * The analyses of data rather than tables, registered once: index systems (on an indicator
 * panel), panel regressions and mediation tests (on a data frame).
 */
import { z } from 'zod';
import { computeIndex, indexToResult, SCORE_METHODS, type ScoreMethod } from '../composite/index-system.js';
import type { IndicatorPanel } from '../composite/panel.js';
import { indexTemplate, INDEX_TEMPLATES, templateSystem } from '../composite/templates.js';
import { WEIGHT_METHODS, type WeightMethod } from '../composite/weights.js';
import type { DataFrame } from '../econometrics/data.js';
import { mediation, mediationJson } from '../econometrics/mediation.js';
import { regress, regressionJson, type RegressionResult, type RegressOptions } from '../econometrics/regress.js';
import type { Result, Row } from '../results/result.js';
import { registerBuiltin } from './builtin-tables.js';

const scoreMethods = SCORE_METHODS as readonly [ScoreMethod, ...ScoreMethod[]];
const weightMethods = WEIGHT_METHODS as readonly [WeightMethod, ...WeightMethod[]];

export const indexOptions = z.object({
  methods: z
    .array(z.enum(scoreMethods))
    .min(1)
    .default(['entropy', 'topsis'])
    .describe(`scores, from ${SCORE_METHODS.join(', ')}`),
  topsisWeights: z.enum(weightMethods).default('entropy').describe('the weights TOPSIS uses'),
  weights: z.record(z.string(), z.number()).optional().describe('user weights per indicator (for the user method)'),
  template: z
    .enum(Object.keys(INDEX_TEMPLATES) as [string, ...string[]])
    .optional()
    .describe('a predefined hierarchical system (its dimensions group the panel’s indicators)'),
  dimensionWeights: z
    .union([z.enum(['sum', 'equal']), z.record(z.string(), z.number())])
    .optional()
    .describe('template dimensions: sum (default), equal, or a weight per dimension'),
  perYear: z.boolean().default(false).describe('compute year by year instead of pooled'),
  impute: z
    .enum(['none', 'mean', 'linear'])
    .default('none')
    .describe('fill missing cells: mean of the year, or linear in time within the unit'),
  normalise: z.enum(['minmax', 'zscore']).default('minmax').describe('normalisation of the weighted-sum scores'),
});
export type IndexRunOptions = z.output<typeof indexOptions>;

registerBuiltin<IndexRunOptions, IndicatorPanel>({
  id: 'index',
  summary: 'Composite index systems: entropy, TOPSIS, CRITIC and PCA weights and scores',
  input: 'data',
  options: indexOptions,
  run(panel, o) {
    const r = computeIndex(panel, {
      methods: o.methods,
      topsisWeights: o.topsisWeights,
      userWeights: o.weights,
      perYear: o.perYear,
      impute: o.impute,
      normalise: o.normalise,
      dimensions: o.template ? templateSystem(indexTemplate(o.template)).dimensions : undefined,
      dimensionWeights: o.dimensionWeights,
    });
    const res = indexToResult(r);
    const weights = {
      weights: r.weights,
      weightsByTime: r.weightsByTime,
      dimensionWeights: r.dimensionWeights,
      dimensionWeightsByTime: r.dimensionWeightsByTime,
    };
    return { ...res, meta: { ...res.meta, ...weights } };
  },
});

const regressionBase = {
  vcov: z.enum(['iid', 'hc1', 'cluster']).optional().describe('variance (default iid, cluster with cluster variables)'),
  cluster: z.array(z.string()).min(1).max(2).optional().describe('one- or two-way clustered errors'),
  panel: z.array(z.string()).length(2).optional().describe('panel identifiers id,time for l(), f(), d()'),
  keepSingletons: z.boolean().default(false).describe('keep fixed-effect singleton observations'),
};

function regressOptions(o: {
  vcov?: RegressOptions['vcov'];
  cluster?: string[];
  panel?: string[];
  keepSingletons: boolean;
}): RegressOptions {
  return {
    vcov: o.vcov,
    cluster: o.cluster,
    panel: o.panel ? { id: o.panel[0], time: o.panel[1] } : undefined,
    dropSingletons: !o.keepSingletons,
  };
}

export const REGRESSION_COLUMNS = ['model', 'formula', 'term', 'estimate', 'std_error', 't_value', 'p_value'];

/** Coefficient rows of fitted models, one per model and term. */
export function coefficientRows(fits: readonly RegressionResult[], titles?: readonly (string | undefined)[]): Row[] {
  return fits.flatMap((f, k) =>
    f.names.map((term) => ({
      model: titles?.[k] ?? `(${k + 1})`,
      formula: f.formula,
      term,
      estimate: f.coef[term].estimate,
      std_error: f.coef[term].se,
      t_value: f.coef[term].t,
      p_value: f.coef[term].p,
    })),
  );
}

/** The fitted models' summaries and their notes as diagnostics, for a result's metadata. */
function fitsMeta(fits: readonly RegressionResult[]) {
  return {
    models: fits.map((f) => ({ formula: f.formula, depvar: f.depvar, ...regressionJson(f) })),
    diagnostics: fits.flatMap((f) =>
      f.notes.map((message) => ({ code: 'regression-note', severity: 'info' as const, message: `${f.formula}: ${message}` })),
    ),
  };
}

export const regressRunOptions = z.object({
  formulas: z.array(z.string()).min(1).describe('models in fixest syntax, e.g. y ~ x1 + x2 | id + year'),
  titles: z.array(z.string()).optional().describe('a title for each model (default (1), (2), …)'),
  ...regressionBase,
});
export type RegressRunOptions = z.output<typeof regressRunOptions>;

registerBuiltin<RegressRunOptions, DataFrame>({
  id: 'regress',
  summary: 'Panel regressions: OLS, absorbed fixed effects, 2SLS, clustered errors',
  input: 'data',
  options: regressRunOptions,
  run(df, o) {
    const fits = o.formulas.map((f) => regress(df, f, regressOptions(o)));
    const result: Result = {
      columns: REGRESSION_COLUMNS,
      rows: coefficientRows(fits, o.titles),
      meta: {
        kind: 'regression',
        method: fits.some((f) => f.firstStage) ? '2sls' : 'ols',
        source: df.file,
        ...fitsMeta(fits),
      },
    };
    return result;
  },
});

export const mediationRunOptions = z.object({
  formula: z.string().describe('the model of the outcome on the treatment and controls'),
  mediator: z.string().describe('the mediator M: a column or a term such as log(m)'),
  treatment: z.string().optional().describe('the treatment term (default the first regressor)'),
  bootstrap: z.number().int().min(0).default(1000).describe('bootstrap replications for the indirect effect (0 skips it)'),
  seed: z.number().int().min(0).default(1).describe('bootstrap seed'),
  ...regressionBase,
});
export type MediationRunOptions = z.output<typeof mediationRunOptions>;

registerBuiltin<MediationRunOptions, DataFrame>({
  id: 'mediation',
  summary: 'Mechanism test: Y ~ X, M ~ X, Y ~ X + M, with Sobel and bootstrap tests of the indirect effect',
  input: 'data',
  options: mediationRunOptions,
  run(df, o) {
    const m = mediation(df, o.formula, {
      ...regressOptions(o),
      mediator: o.mediator,
      treatment: o.treatment,
      bootstrap: o.bootstrap,
      seed: o.seed,
    });
    const fits = [m.total, m.mediatorModel, m.direct];
    const result: Result = {
      columns: REGRESSION_COLUMNS,
      rows: coefficientRows(fits, ['total', 'mediator', 'direct']),
      meta: {
        kind: 'mediation',
        method: 'three-equation mediation (Baron–Kenny paths; Sobel test; bootstrap of a·b)',
        source: df.file,
        mediation: mediationJson(m),
        ...fitsMeta(fits),
      },
    };
    return result;
  },
});
