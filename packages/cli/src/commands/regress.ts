import { readFileSync } from 'node:fs';
import {
  MAX_BOOTSTRAP,
  type DataFrame,
  mediation,
  mediationJson,
  readPanel,
  regress,
  type RegressionResult,
  regressionJson,
  type RegressOptions,
  regressionTable,
} from '@catena/engine';
import { choiceOpt, listOpt, stringOpt, UserError, type Command, type Values } from '../command.js';
import { writeOutput } from '../format.js';
import { formatFromOut } from '../output-file.js';
import { Progress } from '../progress.js';

const FORMATS = ['json', 'md', 'tex', 'html'] as const;

/** Formulas from repeated --formula and from --models FILE (one a line; # comments; "title: formula" names a column). */
function formulas(values: Values): { title?: string; formula: string }[] {
  const out: { title?: string; formula: string }[] = [];
  const given = values.formula;
  for (const f of Array.isArray(given) ? given : given === undefined ? [] : [given]) out.push({ formula: String(f) });
  const file = stringOpt(values, 'models');
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UserError(`--models ${file}: ${(e as Error).message}`);
    }
    text.split('\n').forEach((raw) => {
      const line = raw.replace(/#.*$/, '').trim();
      if (!line) return;
      const m = /^([^~:]+?)\s*:\s*(.+~.+)$/.exec(line);
      out.push(m && !m[1].includes('(') ? { title: m[1], formula: m[2] } : { formula: line });
    });
  }
  if (out.length === 0) throw new UserError('missing --formula (or --models FILE); e.g. --formula "y ~ x1 + x2 | id + year"');
  return out;
}

function positiveInt(values: Values, name: string, fallback: number): number {
  const v = stringOpt(values, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`--${name} ${v}: expected a whole number ≥ 0`);
  return n;
}

export const regressCommand: Command = {
  name: 'regress',
  summary: 'Panel regressions: OLS, absorbed fixed effects, 2SLS, clustered errors, mediation tests',
  usage:
    '--data FILE --formula "y ~ x | fe" [--formula …] [--models FILE] [--cluster a[,b]] [--vcov iid|hc1|cluster] [--format json|md|tex|html] [--out FILE]',
  help: `Formulas as in R's fixest:
  y ~ x1 + log(x2) + I(a / b) + x1:x3        OLS (intercept unless + 0)
  y ~ x1 + x2 | id + year                    fixed effects, absorbed (id^year combines)
  y ~ x1 | id | x2 ~ z1 + z2                 2SLS (first-stage F reported)
  y ~ l(x, 1) + d(x) | id                    lags, leads f(), differences (need --panel)
Rows with a missing value in a used column are dropped, and so are fixed-effect singletons (one
pass, as fixest); both are reported on standard error.

Options:
  --data FILE              CSV panel (header row; empty, NA and . are missing)
  --formula F              a model; repeat for several models side by side
  --models FILE            models one per line ('# comment', 'title: formula')
  --cluster a[,b]          one- or two-way clustered errors (implies --vcov cluster)
  --vcov iid|hc1|cluster   variance (default iid, cluster with --cluster; cluster alone
                           clusters by the first fixed effect)
  --panel id,time          panel identifiers for l(), f(), d()
  --keep-singletons        keep fixed-effect singleton observations
  --format json|md|tex|html  output (default json; md, tex, html give a regression table)
  --digits N               decimals in tables (default 3)
  --mediator M             mechanism test: Y ~ X (+controls), M ~ X, Y ~ X + M; Sobel and bootstrap
  --treatment X            the treatment term (default the first regressor)
  --bootstrap N            bootstrap replications for the indirect effect (default 1000)
  --seed S                 bootstrap seed (default 1)
  --out FILE               write there (default standard output); --force replaces it`,
  options: {
    data: { type: 'string' },
    formula: { type: 'string', multiple: true },
    models: { type: 'string' },
    cluster: { type: 'string' },
    vcov: { type: 'string' },
    panel: { type: 'string' },
    'keep-singletons': { type: 'boolean' },
    format: { type: 'string' },
    digits: { type: 'string' },
    mediator: { type: 'string' },
    treatment: { type: 'string' },
    bootstrap: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  positionals: false,
  async run(values, _positionals, io) {
    const file = stringOpt(values, 'data', true);
    const models = formulas(values);
    const format = choiceOpt(values, 'format', FORMATS, formatFromOut(values, FORMATS, 'json'));
    const cluster = listOpt(values, 'cluster');
    const vcovOpt = stringOpt(values, 'vcov');
    const vcov = vcovOpt === undefined ? undefined : choiceOpt(values, 'vcov', ['iid', 'hc1', 'cluster'] as const, 'iid');
    if (cluster && vcov && vcov !== 'cluster')
      throw new UserError(`--cluster ${cluster.join(',')} with --vcov ${vcov}: clustering needs --vcov cluster (or no --vcov)`);
    const panelList = listOpt(values, 'panel');
    if (panelList && panelList.length !== 2) throw new UserError(`--panel ${panelList.join(',')}: expected two columns, id,time`);
    const opts: RegressOptions = {
      vcov,
      cluster,
      panel: panelList ? { id: panelList[0], time: panelList[1] } : undefined,
      dropSingletons: values['keep-singletons'] !== true,
    };
    const df: DataFrame = readPanel(file);
    const note = (formula: string, notes: string[]) => notes.forEach((n) => io.err(`catena regress: ${formula}: ${n}\n`));
    let text: string;
    const mediator = stringOpt(values, 'mediator');
    if (mediator) {
      if (models.length !== 1)
        throw new UserError('--mediator takes exactly one --formula (the model of the outcome on the treatment and controls)');
      const reps = positiveInt(values, 'bootstrap', 1000);
      if (reps > MAX_BOOTSTRAP) throw new UserError(`--bootstrap ${reps}: at most ${MAX_BOOTSTRAP} replications (each is two regressions)`);
      const progress = new Progress(io, 'bootstrap replications', reps);
      let m;
      try {
        m = mediation(df, models[0].formula, {
          ...opts,
          mediator,
          treatment: stringOpt(values, 'treatment'),
          bootstrap: reps,
          seed: positiveInt(values, 'seed', 1),
          onProgress: () => progress.tick(),
        });
      } finally {
        progress.end();
      }
      for (const r of [m.total, m.mediatorModel, m.direct]) note(r.formula, r.notes);
      if (format === 'json') {
        text = JSON.stringify({ ...mediationJson(m), models: [m.total, m.mediatorModel, m.direct].map(regressionJson) }, null, 2) + '\n';
      } else {
        text = regressionTable([m.total, m.mediatorModel, m.direct], format, { digits: positiveInt(values, 'digits', 3) });
        const bs = m.bootstrap
          ? `; bootstrap ${Math.round(m.bootstrap.level * 100)}% CI [${m.bootstrap.lower.toPrecision(4)}, ${m.bootstrap.upper.toPrecision(4)}] (${m.bootstrap.replications} draws by ${m.bootstrap.unit}, seed ${m.bootstrap.seed})`
          : '';
        const line = `Indirect effect of ${m.treatment} through ${m.mediator}: a·b = ${m.indirect.toPrecision(4)}; Sobel z = ${m.sobel.z.toFixed(3)}, p = ${m.sobel.p.toPrecision(3)}${bs}.`;
        text += format === 'tex' ? `% ${line}\n` : format === 'html' ? `<p>${line}</p>\n` : `\n${line}\n`;
      }
    } else {
      if (stringOpt(values, 'treatment') || values.bootstrap !== undefined)
        throw new UserError('--treatment and --bootstrap belong to a mediation test: add --mediator M');
      const results: RegressionResult[] = models.map(({ formula }) => {
        const r = regress(df, formula, opts);
        note(formula, r.notes);
        return r;
      });
      if (format === 'json') {
        const js = results.map(regressionJson);
        text = JSON.stringify(js.length === 1 ? js[0] : js, null, 2) + '\n';
      } else {
        const titles = models.some((m) => m.title) ? models.map((m, j) => m.title ?? `(${j + 1})`) : undefined;
        text = regressionTable(results, format, { digits: positiveInt(values, 'digits', 3), titles });
      }
    }
    const out = stringOpt(values, 'out');
    if (out) writeOutput(out, text, values.force === true);
    else io.out(text);
    return 0;
  },
};
