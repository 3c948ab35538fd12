/**
 * A table's warnings, where the user sees them: every command that computes on a table prints
 * them on stderr in one short block (once per table) — country-sectors with x ≤ 0, negative
 * value added, negative flows, imbalance against the stored output or value added, negative
 * final demand, and the model's numerical warnings (near-singular I − A, a non-productive table
 * computed anyway) — and records them in the Result's metadata (`meta.diagnostics`).
 */
import { numericalWarnings, type IcioTable, type Model, type Result, type ResultDiagnostic } from '@catena/engine/node';
import { UserError } from './command.js';
import { currentRun, note } from './run-context.js';

export interface TableWarning {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** How many items the warning concerns. */
  count: number;
  /** The first items (label, value; column where it applies). */
  items: { label: string; value: number; column?: string; expected?: number }[];
}

const SHOWN_IN_META = 20;
const SHOWN_ON_STDERR = 3;

/** The table's findings (validate() plus negative final demand), each with its first items. */
export function tableWarnings(t: IcioTable): TableWarning[] {
  const out: TableWarning[] = t.validate().map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    count: d.items.length,
    items: d.items.slice(0, SHOWN_IN_META).map((it) => ({ label: it.label, value: it.value, column: it.column, expected: it.expected })),
  }));
  const neg: TableWarning['items'] = [];
  let count = 0;
  const { GN, F } = t;
  const Y = t.Y.data;
  for (let k = 0; k < Y.length; k++) {
    if (Y[k] < 0) {
      count++;
      if (neg.length < SHOWN_IN_META) {
        const c = Math.floor(k / GN);
        neg.push({ label: t.label(k % GN), value: Y[k], column: `${t.countries[Math.floor(c / F)]}_${t.fdCategories[c % F]}` });
      }
    }
  }
  if (count) {
    out.push({
      code: 'negative-final-demand',
      severity: 'info',
      message: `${count} final-demand cells are negative (inventory changes or corrections)`,
      count,
      items: neg,
    });
  }
  return out;
}

/** The model's numerical warnings as TableWarnings. */
function modelWarnings(m: Model): TableWarning[] {
  return numericalWarnings(m.lu).map((message) => ({ code: 'numerical', severity: 'warning', message, count: 1, items: [] }));
}

function num(v: number): string {
  return Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

function line(w: TableWarning): string {
  const items = w.items
    .slice(0, SHOWN_ON_STDERR)
    .map(
      (it) =>
        `${it.label}${it.column ? ` → ${it.column}` : ''} ${num(it.value)}${it.expected !== undefined ? ` (stored ${num(it.expected)})` : ''}`,
    );
  const more = w.count > SHOWN_ON_STDERR ? `, … ${w.count - SHOWN_ON_STDERR} more` : '';
  return `  ${w.message}${items.length ? `: ${items.join(', ')}${more}` : ''}`;
}

/** Prints a block of warnings on the current run's stderr, once per key. */
function printOnce(key: string, title: string, ws: TableWarning[]): void {
  const run = currentRun();
  if (!run || ws.length === 0 || run.warned.has(key)) return;
  run.warned.add(key);
  note([`${title}:`, ...ws.map(line)].join('\n'));
}

/** Warnings recorded per table and model (for the Result metadata). */
const RECORDED = new WeakMap<object, TableWarning[]>();

/** Prints the table's warnings (once per table in a run) and remembers them for the metadata. */
export function reportTable(t: IcioTable): TableWarning[] {
  let ws = RECORDED.get(t);
  if (!ws) {
    ws = tableWarnings(t);
    RECORDED.set(t, ws);
  }
  printOnce(
    `table:${t.source}`,
    `${t.source}: ${ws.length} ${ws.length === 1 ? 'finding' : 'findings'} about the table (catena info lists them all)`,
    ws,
  );
  return ws;
}

/** Prints the model's numerical warnings (near-singular, non-productive allowed). */
export function reportModel(m: Model): TableWarning[] {
  const ws = modelWarnings(m);
  printOnce(`model:${m.table.source}`, `${m.table.source}: the Leontief inverse`, ws);
  RECORDED.set(m, ws);
  return ws;
}

/** Adds the table's and model's warnings to a Result's `meta.diagnostics` (keeping what the analysis recorded). */
export function withDiagnostics<R extends { meta: Result['meta'] }>(r: R, t: IcioTable, m?: Model): R {
  const ws = [...(RECORDED.get(t) ?? tableWarnings(t)), ...(m ? (RECORDED.get(m) ?? modelWarnings(m)) : [])];
  const have = (r.meta.diagnostics ?? []) as { code?: string }[];
  const codes = new Set(have.map((d) => d?.code));
  r.meta.diagnostics = [...have, ...ws.filter((w) => !codes.has(w.code))] as ResultDiagnostic[];
  return r;
}

/**
 * Stops before writing a table with a NaN or infinite cell (a sum beyond the range of doubles,
 * for instance), naming the first such cell by its country-sectors: writers never write NaN.
 */
export function requireFiniteTable(t: IcioTable, what: string): void {
  const { GN, F } = t;
  const bad = (v: number, where: string) =>
    new UserError(
      `${what}: ${where} is ${v} (beyond the range of double precision or undefined); nothing was written — check the input, or scale it (e.g. to millions) first`,
    );
  const Z = t.Z.data;
  for (let k = 0; k < Z.length; k++)
    if (!Number.isFinite(Z[k])) throw bad(Z[k], `the flow ${t.label(k % GN)} → ${t.label(Math.floor(k / GN))}`);
  const Y = t.Y.data;
  for (let k = 0; k < Y.length; k++) {
    if (!Number.isFinite(Y[k])) {
      const c = Math.floor(k / GN);
      throw bad(Y[k], `the final demand ${t.label(k % GN)} → ${t.countries[Math.floor(c / F)]}_${t.fdCategories[c % F]}`);
    }
  }
  const x = t.x;
  for (let i = 0; i < GN; i++) if (!Number.isFinite(x[i])) throw bad(x[i], `the output of ${t.label(i)} (the row sum)`);
}
