/**
 * Feeding index systems with Catena's GVC outputs: long GVC rows (country, year, indicator, value)
 * are pivoted to one column per indicator and joined onto the user's table by unit id and time.
 */
import { OptionError, TableError } from '../errors.js';
import type { Result } from '../results/result.js';

/** One value of one GVC indicator for one country and year. */
export interface LongRow {
  country: string;
  year: string;
  indicator: string;
  value: number;
}

const pick = (columns: readonly string[], choices: readonly string[], role: string): string => {
  const c = choices.find((x) => columns.includes(x));
  if (!c) throw new OptionError(`the GVC result has no ${role} column; expected one of ${choices.join(', ')} among ${columns.join(', ')}`);
  return c;
};

/**
 * The long rows of a GVC Result: country from `country` or `exporter`, year from `year`,
 * indicator from `indicator` or `term`, value from `value`. Other key columns (sector, importer)
 * must be empty: the index works at the country level, so filter or aggregate finer rows first.
 */
export function longRows(r: Pick<Result, 'columns' | 'rows'>): LongRow[] {
  const cols = r.columns;
  const country = pick(cols, ['country', 'exporter'], 'country');
  const year = pick(cols, ['year', 'time'], 'year');
  const indicator = pick(cols, ['indicator', 'term'], 'indicator');
  const value = pick(cols, ['value'], 'value');
  const finer = cols.filter((c) => ['sector', 'importer', 'partner', 'source'].includes(c));
  return r.rows.map((row, i) => {
    for (const c of finer) {
      const v = row[c];
      if (v !== null && v !== undefined && v !== '') {
        throw new TableError(
          `GVC row ${i + 1} has ${c} '${v}'; expected country-level rows only (filter or aggregate the ${c} rows first)`,
        );
      }
    }
    const v = row[value];
    let x = NaN;
    if (typeof v === 'number') x = v;
    else if (v !== null && v !== undefined) {
      const t = String(v).trim();
      const u = t.toUpperCase();
      if (!(t === '' || u === 'NA' || u === 'NAN' || u === 'NULL')) {
        x = Number(t);
        if (!Number.isFinite(x)) {
          throw new TableError(`GVC row ${i + 1}, column ${value}: found '${t}'; expected a finite number or an empty cell`);
        }
      }
    }
    return { country: String(row[country]), year: String(row[year]), indicator: String(row[indicator]), value: x };
  });
}

/** Long rows → map from `country\0year` to { indicator: value }; a repeated (country, year, indicator) is an error. */
export function pivotLong(rows: readonly LongRow[]): { byKey: Map<string, Record<string, number>>; indicators: string[] } {
  const byKey = new Map<string, Record<string, number>>();
  const indicators: string[] = [];
  for (const r of rows) {
    const key = `${r.country}\u0000${r.year}`;
    let rec = byKey.get(key);
    if (!rec) byKey.set(key, (rec = {}));
    if (r.indicator in rec) {
      throw new TableError(
        `GVC rows repeat indicator '${r.indicator}' for ${r.country}, ${r.year}; expected one value per country, year and indicator`,
      );
    }
    rec[r.indicator] = r.value;
    if (!indicators.includes(r.indicator)) indicators.push(r.indicator);
  }
  return { byKey, indicators };
}

/**
 * Joins GVC indicators onto the user's rows by (id, time): every user row gets one column per
 * GVC indicator (null where the GVC rows have no value for that unit and year, which computeIndex
 * then reports as missing, naming unit, year and indicator). The user's rows decide which
 * (unit, time) pairs exist; a GVC indicator named like a user column is an error. `rename` maps
 * GVC indicator ids to the column names the index expects (e.g. gvc_participation_backward →
 * gvc_participation). Without user rows (`user` null) the GVC rows alone make the table.
 */
export function joinGvc(
  gvc: Pick<Result, 'columns' | 'rows'> | readonly LongRow[],
  user: readonly Record<string, unknown>[] | null,
  keys: { id: string; time: string; rename?: Readonly<Record<string, string>> },
): Record<string, unknown>[] {
  let long = Array.isArray(gvc) ? (gvc as readonly LongRow[]) : longRows(gvc as Pick<Result, 'columns' | 'rows'>);
  const rename = keys.rename;
  if (rename) {
    for (const from of Object.keys(rename)) {
      if (!long.some((r) => r.indicator === from)) throw new OptionError(`cannot rename GVC indicator '${from}': no GVC row has it`);
    }
    long = long.map((r) => (r.indicator in rename ? { ...r, indicator: rename[r.indicator] } : r));
  }
  const { byKey, indicators } = pivotLong(long);
  if (user === null) {
    return [...byKey].map(([key, rec]) => {
      const [id, time] = key.split('\u0000');
      return { [keys.id]: id, [keys.time]: time, ...rec };
    });
  }
  if (user.length > 0) {
    const clash = indicators.filter((k) => k in user[0]);
    if (clash.length) throw new OptionError(`GVC indicators ${clash.join(', ')} are also columns of the user table; rename one of them`);
  }
  return user.map((row) => {
    const rec = byKey.get(`${String(row[keys.id] ?? '').trim()}\u0000${String(row[keys.time] ?? '').trim()}`);
    const out: Record<string, unknown> = { ...row };
    for (const k of indicators) out[k] = rec && k in rec ? rec[k] : null;
    return out;
  });
}
