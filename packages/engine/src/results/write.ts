import type { Cell, Result } from './result.js';

/**
 * One CSV cell per RFC 4180: text with a comma, quote, CR or LF is quoted (quotes doubled); so is
 * text with leading or trailing spaces, which readers would otherwise trim.
 */
export function csvCell(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v !== v ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
  return /[",\n\r]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV with a header of the result's columns (quoted like every cell); keys that do not apply are empty cells. */
export function toCsv(r: Result): string {
  const out = [r.columns.map((c) => csvCell(c)).join(',')];
  for (const row of r.rows) out.push(r.columns.map((c) => csvCell(row[c])).join(','));
  return out.join('\n') + '\n';
}

/** JSON: `{ meta, columns, rows }`. Non-finite numbers become null (JSON has none). */
export function toJson(r: Result): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
