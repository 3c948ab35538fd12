/**
 * Shock scenarios as data: rows of (scenario, type, target, change), from CLI-style strings
 * (`USA:CHN=-0.5`), a CSV text or a JSON text. Parsing checks the form (a known type, a number
 * ≥ −1); the targets are checked against the table when the scenario runs (shock.ts). Every error
 * names the file and row, or the option, and the field.
 */
import { OptionError } from '../errors.js';

export const SHOCK_TYPES = ['final-demand', 'supply', 'import-coefficients', 'tariff'] as const;
export type ShockType = (typeof SHOCK_TYPES)[number];

/** One shock: a relative change (−0.1 = −10 %; a tariff rate 0.25 = 25 %). */
export interface Shock {
  type: ShockType;
  target: string;
  change: number;
  /** Where the shock was written ("scenarios.csv row 3", "--final-demand #2"), for error messages. */
  source?: string;
}

export interface Scenario {
  name: string;
  shocks: Shock[];
}

/** Checks one shock's form; `where` prefixes the message. */
export function checkShock(s: { type?: unknown; target?: unknown; change?: unknown }, where: string): Shock {
  if (typeof s.type !== 'string' || !(SHOCK_TYPES as readonly string[]).includes(s.type)) {
    throw new OptionError(`${where}, field type: found '${String(s.type ?? '')}'; expected one of ${SHOCK_TYPES.join(', ')}`, 'scenarios');
  }
  if (typeof s.target !== 'string' || s.target.trim() === '') {
    throw new OptionError(
      `${where}, field target: found '${String(s.target ?? '')}'; expected a country, COUNTRY_SECTOR or A:B`,
      'scenarios',
    );
  }
  const change = typeof s.change === 'number' ? s.change : typeof s.change === 'string' && s.change.trim() !== '' ? Number(s.change) : NaN;
  if (!Number.isFinite(change)) {
    throw new OptionError(`${where}, field change: found '${String(s.change ?? '')}'; expected a number (−0.1 for −10 %)`, 'scenarios');
  }
  if (change < -1) {
    throw new OptionError(`${where}, field change: found ${change}; expected a relative change ≥ −1 (−1 removes all of it)`, 'scenarios');
  }
  return { type: s.type as ShockType, target: s.target.trim(), change, source: where };
}

/** `TARGET=CHANGE` as written after a CLI flag or in a list. */
export function parseShockText(type: ShockType, text: string, where: string): Shock {
  const eq = text.lastIndexOf('=');
  if (eq <= 0) throw new OptionError(`${where} ${text}: expected TARGET=CHANGE, e.g. USA:CHN=-0.5`, 'scenarios');
  return checkShock({ type, target: text.slice(0, eq), change: text.slice(eq + 1) }, `${where} ${text}`);
}

/** Groups rows by scenario name, keeping the order of first appearance. */
function group(rows: { scenario: string; shock: Shock }[]): Scenario[] {
  const by = new Map<string, Shock[]>();
  for (const r of rows) {
    const list = by.get(r.scenario);
    if (list) list.push(r.shock);
    else by.set(r.scenario, [r.shock]);
  }
  return [...by].map(([name, shocks]) => ({ name, shocks }));
}

/** Splits a CSV line (double quotes allowed, "" inside quotes). */
function csvCells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((c) => c.trim());
}

/**
 * Scenarios from a CSV text with a header holding type, target and change, and optionally
 * scenario (rows without one belong to `defaultName`).
 */
export function parseScenarioCsv(text: string, file: string, defaultName = 'scenario'): Scenario[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const head = csvCells(lines[0] ?? '').map((h) => h.toLowerCase());
  for (const need of ['type', 'target', 'change']) {
    if (!head.includes(need)) {
      throw new OptionError(
        `${file}, row 1 (header): found columns ${head.join(', ') || '(none)'}; expected scenario (optional), type, target, change`,
        'scenarios',
      );
    }
  }
  const col = (name: string) => head.indexOf(name);
  const rows: { scenario: string; shock: Shock }[] = [];
  lines.forEach((line, k) => {
    if (k === 0 || line.trim() === '' || line.startsWith('#')) return;
    const c = csvCells(line);
    const where = `${file} row ${k + 1}`;
    if (c.length !== head.length)
      throw new OptionError(`${where}: found ${c.length} fields; expected ${head.length} as in the header`, 'scenarios');
    const name = col('scenario') >= 0 && c[col('scenario')] ? c[col('scenario')] : defaultName;
    rows.push({ scenario: name, shock: checkShock({ type: c[col('type')], target: c[col('target')], change: c[col('change')] }, where) });
  });
  if (rows.length === 0)
    throw new OptionError(`${file}: no shock rows after the header; expected rows of type, target, change`, 'scenarios');
  return group(rows);
}

/**
 * Scenarios from a JSON text: an array of rows { scenario?, type, target, change }, an array of
 * { name, shocks: [rows] }, or an object { "name": [rows], … } (optionally under "scenarios").
 */
export function parseScenarioJson(text: string, file: string, defaultName = 'scenario'): Scenario[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new OptionError(`${file}: not valid JSON (${(e as Error).message}); expected scenario rows`, 'scenarios');
  }
  if (data && typeof data === 'object' && !Array.isArray(data) && 'scenarios' in data) data = (data as { scenarios: unknown }).scenarios;
  const rows: { scenario: string; shock: Shock }[] = [];
  const take = (name: string, list: unknown, where: string) => {
    if (!Array.isArray(list)) throw new OptionError(`${where}: found ${typeof list}; expected an array of shocks`, 'scenarios');
    list.forEach((r, k) => {
      const w = `${where}[${k}]`;
      if (!r || typeof r !== 'object')
        throw new OptionError(`${w}: found ${JSON.stringify(r)}; expected { type, target, change }`, 'scenarios');
      const o = r as Record<string, unknown>;
      rows.push({ scenario: typeof o.scenario === 'string' && o.scenario ? o.scenario : name, shock: checkShock(o, w) });
    });
  };
  if (Array.isArray(data)) {
    if (data.every((d) => d && typeof d === 'object' && 'shocks' in d)) {
      data.forEach((d, k) => {
        const name = (d as { name?: unknown }).name;
        take(
          typeof name === 'string' && name ? name : `${defaultName}${k + 1}`,
          (d as { shocks: unknown }).shocks,
          `${file} [${k}].shocks`,
        );
      });
    } else take(defaultName, data, file);
  } else if (data && typeof data === 'object') {
    for (const [name, list] of Object.entries(data)) take(name, list, `${file} "${name}"`);
  } else
    throw new OptionError(
      `${file}: found ${JSON.stringify(data)}; expected an array of shocks or an object of named scenarios`,
      'scenarios',
    );
  if (rows.length === 0) throw new OptionError(`${file}: no shocks; expected at least one`, 'scenarios');
  return group(rows);
}

/** Parses a scenario file's text by its name (.json → JSON, anything else CSV). */
export function parseScenarioText(text: string, file: string, defaultName?: string): Scenario[] {
  return /\.json$/i.test(file) ? parseScenarioJson(text, file, defaultName) : parseScenarioCsv(text, file, defaultName);
}
