/**
 * The input of an index system: a panel of units (countries, provinces, sectors) × times, with
 * one column per indicator, each marked benefit (more is better) or cost (less is better).
 *
 * Layout: `values` is a Matrix with one row per observation (unit, time) in input order and one
 * column per indicator, column-major as everywhere in Catena. A missing value is NaN until it is
 * either rejected (`assertComplete`) or imputed (`imputePanel`, only when the user asks).
 */
import { Matrix } from '@catena/linalg';
import { OptionError, TableError, TableFormatError } from '../errors.js';
import { readDelimited } from '../sources/lines.js';

export type Direction = 'benefit' | 'cost';

export interface IndicatorSpec {
  name: string;
  direction: Direction;
}

export interface IndicatorPanel {
  /** Unit of each row (e.g. a country code). */
  ids: string[];
  /** Time of each row (e.g. a year), as written in the input. */
  times: string[];
  indicators: IndicatorSpec[];
  /** rows × indicators; NaN marks a missing value. */
  values: Matrix;
  /** Where the rows came from, for error messages. */
  source?: string;
  /** 1-based line in `source` of each row, when read from a file. */
  lines?: number[];
}

/** A missing value the index cannot be computed without; names the unit, the time and the indicator. */
export class MissingValueError extends TableError {
  constructor(
    readonly unit: string,
    readonly time: string,
    readonly indicator: string,
    readonly where: string,
    readonly count: number,
  ) {
    super(
      `${where}missing value of indicator '${indicator}' for unit '${unit}', time ${time}` +
        (count > 1 ? ` (and ${count - 1} more missing cells)` : '') +
        '; expected a number — fill it in, drop the row, or ask for imputation (option impute, or --impute, mean | linear)',
    );
  }
}

/** Builds the indicator list from benefit and cost column names; a name may appear once only. */
export function indicatorSpecs(benefit: readonly string[] = [], cost: readonly string[] = []): IndicatorSpec[] {
  const specs = [
    ...benefit.map((name) => ({ name, direction: 'benefit' as const })),
    ...cost.map((name) => ({ name, direction: 'cost' as const })),
  ];
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.name)) {
      throw new OptionError(`indicator '${s.name}' is listed twice; expected each indicator once, as benefit or as cost`);
    }
    seen.add(s.name);
  }
  if (specs.length === 0) throw new OptionError('no indicators given; expected at least one benefit or cost indicator');
  return specs;
}

/** Parses one cell: empty, NA, NaN, '.' and 'null' are missing (NaN); other text is an error. */
function parseCell(cell: string, file: string, line: number, column: string): number {
  const v = +cell;
  if (Number.isFinite(v) && cell.trim() !== '') return v;
  const t = cell.trim();
  const u = t.toUpperCase();
  if (t === '' || t === '.' || u === 'NA' || u === 'NAN' || u === 'NULL') return NaN;
  throw new TableFormatError(
    file,
    `line ${line}, column ${column}`,
    `'${t.length > 40 ? t.slice(0, 40) + '…' : t}'`,
    'a finite number or an empty cell',
  );
}

export interface PanelColumns {
  /** Column naming the unit. */
  id: string;
  /** Column naming the time (year). */
  time: string;
  indicators: IndicatorSpec[];
}

/** Reads a panel from a delimited file with a header line (gzip allowed). Each (unit, time) must appear once. */
export function readPanelCsv(path: string, cols: PanelColumns, sep = ','): IndicatorPanel {
  const raw = readDelimited(path, sep);
  const find = (name: string, role: string): number => {
    const k = raw.header.indexOf(name);
    if (k < 0) throw new TableFormatError(path, 'header', `columns ${raw.header.join(', ')}`, `a column '${name}' (${role})`);
    return k;
  };
  const idCol = find(cols.id, 'unit id');
  const timeCol = find(cols.time, 'time');
  const indCols = cols.indicators.map((s) => find(s.name, `${s.direction} indicator`));
  const n = raw.rows.length;
  const m = cols.indicators.length;
  const values = new Matrix(n, m);
  const ids: string[] = new Array(n);
  const times: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const cells = raw.rows[i];
    ids[i] = cells[idCol].trim();
    times[i] = cells[timeCol].trim();
    for (let j = 0; j < m; j++) values.data[i + j * n] = parseCell(cells[indCols[j]], path, raw.lines[i], cols.indicators[j].name);
  }
  const panel: IndicatorPanel = { ids, times, indicators: cols.indicators, values, source: path, lines: raw.lines };
  checkKeys(panel);
  return panel;
}

/** Builds a panel from plain row objects (e.g. a joined table); absent or null cells are missing. */
export function panelFromRows(rows: readonly Record<string, unknown>[], cols: PanelColumns, source = 'rows'): IndicatorPanel {
  const n = rows.length;
  const m = cols.indicators.length;
  const values = new Matrix(n, m);
  const ids: string[] = new Array(n);
  const times: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    ids[i] = String(r[cols.id] ?? '').trim();
    times[i] = String(r[cols.time] ?? '').trim();
    for (let j = 0; j < m; j++) {
      const name = cols.indicators[j].name;
      const v = r[name];
      let x: number;
      if (v === null || v === undefined || v === '') x = NaN;
      else if (typeof v === 'number') x = v;
      else x = parseCell(String(v), source, i + 1, name);
      if (x === Infinity || x === -Infinity) {
        throw new TableFormatError(source, `row ${i + 1}, column ${name}`, String(x), 'a finite number');
      }
      values.data[i + j * n] = x;
    }
  }
  const panel: IndicatorPanel = { ids, times, indicators: cols.indicators, values, source };
  checkKeys(panel);
  return panel;
}

function rowPlace(p: IndicatorPanel, i: number): string {
  return p.lines ? `${p.source}, line ${p.lines[i]}` : `${p.source ?? 'panel'}, row ${i + 1}`;
}

/** Each (unit, time) pair must appear once, and neither may be empty. */
function checkKeys(p: IndicatorPanel): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < p.ids.length; i++) {
    if (p.ids[i] === '' || p.times[i] === '') throw new TableError(`${rowPlace(p, i)}: found an empty unit id or time; expected both`);
    const key = `${p.ids[i]}\u0000${p.times[i]}`;
    const prev = seen.get(key);
    if (prev !== undefined) {
      throw new TableError(
        `${rowPlace(p, i)}: unit '${p.ids[i]}', time ${p.times[i]} appears again (first at ${rowPlace(p, prev)}); expected one row per unit and time`,
      );
    }
    seen.set(key, i);
  }
}

/** Throws a MissingValueError naming the first missing cell (in row order) and how many there are. */
export function assertComplete(p: IndicatorPanel): void {
  const { rows: n, cols: m, data } = p.values;
  let first = -1;
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      if (data[i + j * n] !== data[i + j * n]) {
        count++;
        if (first < 0) first = i + j * n;
      }
    }
  }
  if (count > 0) {
    const i = first % n;
    const j = Math.floor(first / n);
    throw new MissingValueError(p.ids[i], p.times[i], p.indicators[j].name, `${rowPlace(p, i)}: `, count);
  }
}

export type Imputation = 'none' | 'mean' | 'linear';

/** One imputed cell, reported in the output's metadata. */
export interface ImputedCell {
  unit: string;
  time: string;
  indicator: string;
  value: number;
  method: Exclude<Imputation, 'none'>;
}

/**
 * Fills missing cells, returning a new panel and the list of filled cells.
 * - mean: the indicator's mean over the units observed at the same time;
 * - linear: linear interpolation over time within the unit (times must be numeric), the nearest
 *   observed value beyond the first or last observation.
 * A cell that cannot be filled (no unit observed that year; a unit never observed) is a MissingValueError.
 */
export function imputePanel(p: IndicatorPanel, method: Exclude<Imputation, 'none'>): { panel: IndicatorPanel; imputed: ImputedCell[] } {
  const { rows: n, cols: m } = p.values;
  const src = p.values.data;
  const out = src.slice();
  const imputed: ImputedCell[] = [];
  const groups = groupRows(method === 'mean' ? p.times : p.ids);
  for (let j = 0; j < m; j++) {
    const off = j * n;
    for (const rows of groups.values()) {
      const miss = rows.filter((i) => src[off + i] !== src[off + i]);
      if (miss.length === 0) continue;
      const have = rows.filter((i) => src[off + i] === src[off + i]);
      if (have.length === 0) {
        const i = miss[0];
        const why = method === 'mean' ? `no unit has a value at time ${p.times[i]}` : `unit '${p.ids[i]}' has no value at any time`;
        throw new MissingValueError(p.ids[i], p.times[i], p.indicators[j].name, `${rowPlace(p, i)}: cannot impute (${why}); `, miss.length);
      }
      if (method === 'mean') {
        let s = 0;
        for (const i of have) s += src[off + i];
        for (const i of miss) out[off + i] = s / have.length;
      } else {
        const t = (i: number): number => {
          const v = Number(p.times[i]);
          if (!Number.isFinite(v)) {
            throw new OptionError(`linear imputation needs numeric times; found time '${p.times[i]}' at ${rowPlace(p, i)}`);
          }
          return v;
        };
        const obs = have.map((i) => [t(i), src[off + i]] as const).sort((a, b) => a[0] - b[0]);
        for (const i of miss) {
          const ti = t(i);
          let k = 0;
          while (k < obs.length && obs[k][0] < ti) k++;
          if (k === 0) out[off + i] = obs[0][1];
          else if (k === obs.length) out[off + i] = obs[obs.length - 1][1];
          else {
            const [t0, v0] = obs[k - 1];
            const [t1, v1] = obs[k];
            out[off + i] = v0 + ((v1 - v0) * (ti - t0)) / (t1 - t0);
          }
        }
      }
      for (const i of miss)
        imputed.push({ unit: p.ids[i], time: p.times[i], indicator: p.indicators[j].name, value: out[off + i], method });
    }
  }
  return { panel: { ...p, values: new Matrix(n, m, out) }, imputed };
}

/** Row indices grouped by key, groups in order of first appearance. */
export function groupRows(keys: readonly string[]): Map<string, number[]> {
  const g = new Map<string, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const list = g.get(k);
    if (list) list.push(i);
    else g.set(k, [i]);
  }
  return g;
}

/** The sub-panel of the given rows (in that order). */
export function selectRows(p: IndicatorPanel, rows: readonly number[]): IndicatorPanel {
  const { rows: n, cols: m, data } = p.values;
  const k = rows.length;
  const out = new Matrix(k, m);
  for (let j = 0; j < m; j++) for (let r = 0; r < k; r++) out.data[r + j * k] = data[rows[r] + j * n];
  return {
    ids: rows.map((i) => p.ids[i]),
    times: rows.map((i) => p.times[i]),
    indicators: p.indicators,
    values: out,
    source: p.source,
    lines: p.lines ? rows.map((i) => p.lines![i]) : undefined,
  };
}

/** A delimited file as row objects (every cell a string), for joining before a panel is built. */
export function readRecordsCsv(path: string, sep = ','): { header: string[]; rows: Record<string, string>[] } {
  const raw = readDelimited(path, sep);
  return { header: raw.header, rows: raw.rows.map((cells) => Object.fromEntries(raw.header.map((h, j) => [h, cells[j]]))) };
}
