import type { Cell, Result, Row } from './result.js';

/**
 * One CSV cell per RFC 4180: text with a comma, quote, CR or LF is quoted (quotes doubled); so is
 * text with leading or trailing spaces, which readers would otherwise trim.
 */
export function csvCell(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v !== v ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
  return /[",\n\r]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The CSV header line of these columns (quoted like every cell), with its line end. */
export function csvHeader(columns: string[]): string {
  return columns.map((c) => csvCell(c)).join(',') + '\n';
}

/** CSV lines of rows (no header), each with its line end; keys that do not apply are empty cells. */
export function csvLines(columns: string[], rows: Iterable<Row>): string {
  const out: string[] = [];
  for (const row of rows) out.push(columns.map((c) => csvCell(row[c])).join(','));
  return out.length ? out.join('\n') + '\n' : '';
}

/** CSV with a header of the result's columns; keys that do not apply are empty cells. */
export function toCsv(r: Result): string {
  return csvHeader(r.columns) + csvLines(r.columns, r.rows);
}

/** JSON: `{ meta, columns, rows }`. Non-finite numbers become null (JSON has none). */
export function toJson(r: Result): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
