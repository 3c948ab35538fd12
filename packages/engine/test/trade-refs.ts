/**
 * Readers for the decomposition reference files in shared/reference (decompr and exvatools
 * outputs), and helpers to look rows up. Test support only.
 */
import { readFileSync } from 'node:fs';
import { Model } from '../src/model/model.js';
import type { Result, Row } from '../src/results/result.js';
import { readTable, type ReadOptions } from '../src/sources/registry.js';
import type { DecomposeOptions, Level, TradeMethod } from '../src/trade/decompose.js';
import { dataPath, refPath } from './shared.js';

/** A small CSV (quoted headers and strings allowed, no embedded commas). */
export function readRefCsv(name: string): Record<string, string>[] {
  const lines = readFileSync(refPath(name), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const unq = (s: string) => s.replace(/^"|"$/g, '');
  const head = lines[0].split(',').map(unq);
  return lines.slice(1).map((l) => {
    const cells = l.split(',').map(unq);
    return Object.fromEntries(head.map((h, i) => [h, cells[i]]));
  });
}

/** decompr's leather country names → the ISO codes exvatools uses. */
export const LEATHER_ISO: Record<string, string> = { Argentina: 'ARG', Turkey: 'TUR', Germany: 'DEU' };

const models = new Map<string, Promise<Model>>();
/** Model of a shared wide-CSV data file (cached across tests in one file). */
export function modelOf(parts: string[], o: ReadOptions = {}): Promise<Model> {
  const p = dataPath(...parts);
  const key = `${p}|${JSON.stringify(o)}`;
  let m = models.get(key);
  if (!m) {
    m = readTable(p, { format: 'wide', ...o }).then((t) => Model.build(t));
    models.set(key, m);
  }
  return m;
}

/** Model of the decompr leather table (3 countries × 3 sectors; cached). */
export function leatherModel(): Promise<Model> {
  return modelOf(['leather', 'leather_wide.csv']);
}

/** A method's run at one level with the options decompose() fills in (exporter perspective, source approach). */
export function runMethod(method: TradeMethod, m: Model, level: Level, o: Partial<DecomposeOptions> = {}): Result {
  return method.run(m, { method: method.id, perspective: 'exporter', approach: 'source', level, ...o });
}

/** Value of `term` in rows matching the keys (exactly one row must match). */
export function valueOf(rows: Row[], keys: Partial<Row>): number {
  const hits = rows.filter((r) => Object.entries(keys).every(([k, v]) => r[k] === v));
  if (hits.length !== 1) throw new Error(`expected one row for ${JSON.stringify(keys)}, found ${hits.length}`);
  return Number(hits[0].value);
}

/** Relative difference |a − b| / max(|b|, 1e-300). */
export function relDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/** One exvatools reference value: dataset, method, exporter, component (or term), value. */
export interface ExvaRef {
  dataset: string;
  method: string;
  exporter: string;
  component: string;
  value: number;
}

/** exvatools reference rows of one method from the leather and synthetic-table files. */
export function exvatoolsRefs(method: string, file: 'decompositions' | 'terms' = 'decompositions'): ExvaRef[] {
  const files =
    file === 'terms' ? ['exvatools_testdata_terms.csv'] : ['exvatools_leather_decompositions.csv', 'exvatools_testdata_decompositions.csv'];
  return files
    .flatMap((f) => readRefCsv(f))
    .map((r) => ({ dataset: r.dataset, method: r.method, exporter: r.exporter, component: r.component ?? r.term, value: Number(r.value) }))
    .filter((r) => r.method === method);
}

/**
 * exvatools reference rows of a method reported both as summary components (output `method`,
 * flagged terms: false) and as its own terms (`method_terms` in the leather file and `method` in
 * the terms file, flagged terms: true), as for KWW and WWZ. Groups (NAFTA) are left out.
 */
export function exvatoolsSummaryAndTerms(method: string): (ExvaRef & { terms: boolean })[] {
  return [
    ...exvatoolsRefs(method).map((r) => ({ ...r, terms: false })),
    ...[...exvatoolsRefs(`${method}_terms`), ...exvatoolsRefs(method, 'terms')].map((r) => ({ ...r, terms: true })),
  ].filter((r) => r.exporter !== 'NAFTA');
}

/** The model each exvatools dataset stands for (iciotest with its CN/MX splits kept as rows, as exvatools does). */
export function exvatoolsModel(dataset: string): Promise<Model> {
  if (dataset === 'decompr_leather') return leatherModel();
  if (dataset === 'iciotest') return modelOf(['exvatools_testdata', 'iciotest_data.csv'], { keepSplits: true });
  if (dataset === 'wiodtest') return modelOf(['exvatools_testdata', 'wiodtest_data.csv']);
  throw new Error(`unknown exvatools dataset ${dataset}`);
}

/** The engine's country name for an exvatools code (leather uses full names). */
export function countryName(model: Model, code: string): string | undefined {
  return model.table.countries.find((c) => (LEATHER_ISO[c] ?? c) === code);
}

/** The value of an exvatools summary component in summary rows (exvatools' EXGR is the engine's GEXP). */
export function componentOf(summary: Row[], exporter: string | undefined, component: string): number {
  return valueOf(summary, { exporter, term: component === 'EXGR' ? 'GEXP' : component });
}

/**
 * The engine's country-level value for each exvatools reference row, dataset by dataset (leather,
 * iciotest, wiodtest; a row of another dataset is an error): the method's own term when the row is flagged `terms` (exvatools' name
 * mapped by `termNames`; EXGR excepted), otherwise the summary component. `label` names the row.
 */
export async function againstExvatools(
  method: TradeMethod,
  refs: (ExvaRef & { terms?: boolean })[],
  termNames: Record<string, string> = {},
): Promise<{ ref: ExvaRef; got: number; label: string }[]> {
  const out: { ref: ExvaRef; got: number; label: string }[] = [];
  for (const dataset of ['decompr_leather', 'iciotest', 'wiodtest']) {
    const mine = refs.filter((x) => x.dataset === dataset);
    if (mine.length === 0) continue;
    const m = await exvatoolsModel(dataset);
    const rows = runMethod(method, m, 'country').rows;
    const summary = method.summarize(rows);
    for (const r of mine) {
      const exporter = countryName(m, r.exporter);
      const got =
        r.terms && r.component !== 'EXGR'
          ? valueOf(rows, { exporter, term: termNames[r.component] })
          : componentOf(summary, exporter, r.component);
      out.push({ ref: r, got, label: `${dataset} ${r.method} ${r.exporter} ${r.component}: ${got} vs ${r.value}` });
    }
  }
  if (out.length !== refs.length) throw new Error(`${refs.length - out.length} reference row(s) of an unknown dataset`);
  return out;
}

/**
 * Country-exporter expectations of exvatools' own test suite (exvatools_test_expectations.txt),
 * for the iciotest table: { method, exporter, component, value } with values rounded to 2 decimals.
 * Blocks for groups (NAFTA, EU27), "all" and the world perimeter are left out.
 */
export function exvatoolsExpectations(): ExvaRef[] {
  const out: ExvaRef[] = [];
  let cur: { method: string; exporter: string } | null = null;
  for (const line of readFileSync(refPath('exvatools_test_expectations.txt'), 'utf8').split(/\r?\n/)) {
    const call = /make_exvadec\(wio, exporter = "(\w+)", method = "(\w+)"/.exec(line);
    if (call) {
      const [, exporter, method] = call;
      cur = /perim|output/.test(line) || ['all', 'NAFTA', 'EU27'].includes(exporter) ? null : { exporter, method };
      continue;
    }
    if (line.startsWith('===')) cur = null;
    const exp = /expect_equal\(round\(sum\(exvadec\$(\w+)\), ?2\), ([-\d.]+)\)/.exec(line);
    if (cur && exp) out.push({ dataset: 'iciotest', method: cur.method, exporter: cur.exporter, component: exp[1], value: Number(exp[2]) });
  }
  return out;
}

/** Sums `value` of rows by a key function. */
export function sumBy(rows: Row[], key: (r: Row) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + Number(r.value));
  return m;
}
