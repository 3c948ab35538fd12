import type { Cell, Result } from './result.js';

function csvCell(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v !== v ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV with a header of the result's columns; keys that do not apply are empty cells. */
export function toCsv(r: Result): string {
  const out = [r.columns.join(',')];
  for (const row of r.rows) out.push(r.columns.map((c) => csvCell(row[c])).join(','));
  return out.join('\n') + '\n';
}

/** JSON: `{ meta, columns, rows }`. Non-finite numbers become null (JSON has none). */
export function toJson(r: Result): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
