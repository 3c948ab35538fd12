import {
  computeIndex,
  indexTemplate,
  indexToJson,
  indexToResult,
  INDEX_TEMPLATES,
  indicatorSpecs,
  joinGvc,
  panelFromRows,
  readPanelCsv,
  readRecordsCsv,
  SCORE_METHODS,
  templateSystem,
  toCsv,
  WEIGHT_METHODS,
  type Dimension,
  type DimensionWeighting,
  type IndexOptions,
  type IndicatorPanel,
  type IndicatorSpec,
  type ScoreMethod,
  type WeightMethod,
} from '@catena/engine';
import { choiceOpt, listOpt, stringOpt, UserError, type Command, type Values } from '../command.js';
import { writeOutput } from '../format.js';
import { formatFromOut } from '../output-file.js';
import { withProgress } from '../progress.js';

/** Parses `name=number,name=number` into a record, naming the option on error. */
function weightList(values: Values, name: string): Record<string, number> | undefined {
  const items = listOpt(values, name);
  if (!items) return undefined;
  const out: Record<string, number> = {};
  for (const it of items) {
    const k = it.lastIndexOf('=');
    const v = k > 0 ? Number(it.slice(k + 1)) : NaN;
    if (!(k > 0) || !Number.isFinite(v)) throw new UserError(`--${name}: '${it}' is not NAME=NUMBER`);
    out[it.slice(0, k).trim()] = v;
  }
  return out;
}

/** Parses `--gvc-rename from=to,…`. */
function renameList(values: Values): Record<string, string> | undefined {
  const items = listOpt(values, 'gvc-rename');
  if (!items) return undefined;
  const out: Record<string, string> = {};
  for (const it of items) {
    const k = it.indexOf('=');
    if (!(k > 0 && k < it.length - 1)) throw new UserError(`--gvc-rename: '${it}' is not FROM=TO`);
    out[it.slice(0, k).trim()] = it.slice(k + 1).trim();
  }
  return out;
}

export const indexCommand: Command = {
  name: 'index',
  summary: 'Composite index systems: entropy, TOPSIS, CRITIC and PCA weights and scores',
  usage: '--data FILE --id COL --time COL (--benefit a,b,… --cost c,… | --template NAME) [--method entropy,topsis] [options]',
  help: `Reads a panel (one row per unit and time, one column per indicator), normalises it by
direction (min–max), computes weights by each weighting method asked for and the scores:
entropy, critic, pca, equal and user are weighted sums of the min–max normalised indicators;
topsis is TOPSIS closeness on the raw data (entropy weights unless --topsis-weights says other).
Pooled over all rows unless --per-year. Missing cells are an error naming unit, time and
indicator unless --impute is given (imputed cells are then listed in the JSON meta and on stderr).

JSON: { "weights": { "<method>": { "<indicator>": w } }, "rows": [ { "id", "time", "<method>": score } ], "meta" }
(with --per-year, "weights_by_time": { "<time>": { "<method>": { … } } } instead of "weights";
templates add "dimension_weights" and "<method>:<dimension>" sub-scores). CSV: id, time, one
column per score.

Options:
  --data FILE               the panel (CSV, gzip allowed)
  --id COL                  column naming the unit (country, province, sector)
  --time COL                column naming the time (year)
  --benefit a,b,…           indicators where more is better
  --cost c,…                indicators where less is better
  --template NAME           a predefined hierarchical system instead of --benefit/--cost:
                            ${Object.keys(INDEX_TEMPLATES).join(', ')}
  --gvc FILE                long GVC results (country|exporter, year, indicator|term, value, at
                            country level, as \`catena indicators --level country\` writes) joined
                            onto --data by --id and --time
  --gvc-rename a=b,…        rename GVC indicators to the names the index uses
  --method LIST             scores, from ${SCORE_METHODS.join(', ')} (default entropy,topsis)
  --topsis-weights METHOD   weights TOPSIS uses: ${WEIGHT_METHODS.join(', ')} (default entropy)
  --weights a=w,b=w,…       user weights (for --method user or --topsis-weights user)
  --dimension-weights W     template dimensions: sum (default), equal, or name=w,name=w,…
  --per-year                compute year by year instead of pooled
  --impute mean|linear      fill missing cells: mean of the year, or linear in time within the unit
  --normalise minmax|zscore normalisation of the weighted-sum scores (default minmax)
  --format csv|json         output format (default csv)
  --out FILE                write there (default: standard output)
  --force                   replace FILE if it exists`,
  options: {
    data: { type: 'string' },
    id: { type: 'string' },
    time: { type: 'string' },
    benefit: { type: 'string' },
    cost: { type: 'string' },
    template: { type: 'string' },
    gvc: { type: 'string' },
    'gvc-rename': { type: 'string' },
    method: { type: 'string' },
    'topsis-weights': { type: 'string' },
    weights: { type: 'string' },
    'dimension-weights': { type: 'string' },
    'per-year': { type: 'boolean' },
    impute: { type: 'string' },
    normalise: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  positionals: false,
  async run(values, _positionals, io) {
    const data = stringOpt(values, 'data', true);
    const id = stringOpt(values, 'id', true);
    const time = stringOpt(values, 'time', true);
    const format = choiceOpt(values, 'format', ['csv', 'json'] as const, formatFromOut(values, ['csv', 'json'] as const, 'csv'));
    const out = stringOpt(values, 'out');
    const methods = (listOpt(values, 'method') ?? ['entropy', 'topsis']) as ScoreMethod[];
    for (const m of methods) {
      if (!SCORE_METHODS.includes(m)) throw new UserError(`--method ${m} is not known; expected some of ${SCORE_METHODS.join(', ')}`);
    }
    const topsisWeights = choiceOpt(values, 'topsis-weights', WEIGHT_METHODS, 'entropy') as WeightMethod;
    const impute = choiceOpt(values, 'impute', ['none', 'mean', 'linear'] as const, 'none');
    const normalise = choiceOpt(values, 'normalise', ['minmax', 'zscore'] as const, 'minmax');

    const templateName = stringOpt(values, 'template');
    let indicators: IndicatorSpec[];
    let dimensions: Dimension[] | undefined;
    if (templateName) {
      if (values.benefit !== undefined || values.cost !== undefined) {
        throw new UserError('--template sets the indicators; leave out --benefit and --cost');
      }
      ({ indicators, dimensions } = templateSystem(indexTemplate(templateName)));
    } else {
      const benefit = listOpt(values, 'benefit') ?? [];
      const cost = listOpt(values, 'cost') ?? [];
      if (benefit.length + cost.length === 0) throw new UserError('no indicators: give --benefit and/or --cost (or --template NAME)');
      indicators = indicatorSpecs(benefit, cost);
    }
    let dimensionWeights: DimensionWeighting | undefined;
    const dw = stringOpt(values, 'dimension-weights');
    if (dw !== undefined) {
      if (!dimensions) throw new UserError('--dimension-weights needs a hierarchical system (--template)');
      dimensionWeights = dw === 'sum' || dw === 'equal' ? dw : weightList(values, 'dimension-weights');
    }

    const options: IndexOptions = {
      methods,
      topsisWeights,
      userWeights: weightList(values, 'weights'),
      perYear: values['per-year'] === true,
      impute,
      normalise,
      dimensions,
      dimensionWeights,
    };
    const gvcFile = stringOpt(values, 'gvc');
    if (values['gvc-rename'] !== undefined && !gvcFile) throw new UserError('--gvc-rename needs --gvc FILE');
    const text = await withProgress(io, 'computing the index', () => {
      let panel: IndicatorPanel;
      if (gvcFile) {
        const user = readRecordsCsv(data);
        for (const k of [id, time]) {
          if (!user.header.includes(k)) throw new UserError(`${data} has no column '${k}'; columns are ${user.header.join(', ')}`);
        }
        const gvc = readRecordsCsv(gvcFile);
        const joined = joinGvc({ columns: gvc.header, rows: gvc.rows }, user.rows, { id, time, rename: renameList(values) });
        const have = new Set(Object.keys(joined[0] ?? {}));
        const absent = indicators.filter((s) => !have.has(s.name)).map((s) => s.name);
        if (absent.length) {
          throw new UserError(`indicators ${absent.join(', ')} are neither columns of ${data} nor indicators in ${gvcFile}`);
        }
        panel = panelFromRows(joined, { id, time, indicators }, `${data} + ${gvcFile}`);
      } else {
        panel = readPanelCsv(data, { id, time, indicators });
      }
      const result = computeIndex(panel, options);
      const cells = result.meta.imputation?.cells ?? [];
      if (cells.length) {
        const list = cells.slice(0, 10).map((c) => `${c.unit} ${c.time} ${c.indicator} = ${c.value}`);
        io.err(`catena index: imputed ${cells.length} missing cells (${impute}): ${list.join('; ')}${cells.length > 10 ? '; …' : ''}\n`);
      }
      return format === 'json' ? indexToJson(result) : toCsv(indexToResult(result));
    });
    if (out) writeOutput(out, text, values.force === true);
    else io.out(text);
    return 0;
  },
};
