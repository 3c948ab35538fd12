import { publishFile } from './output-file.js';

/** Numbers for people: thousands separators, at most `digits` decimals. */
export function fmt(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return String(x);
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A fixed-width text table. */
export function textTable(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c, 3) : c)))];
  const w = head.map((_, j) => Math.max(...cells.map((r) => String(r[j]).length)));
  return cells.map((r) => r.map((c, j) => (j === 0 ? String(c).padEnd(w[j]) : String(c).padStart(w[j]))).join('  ')).join('\n') + '\n';
}

/**
 * Writes a file without ever leaving a half-written one, and never over an existing file unless
 * `overwrite` (see output-file.ts: temporary file, then an atomic link or rename).
 */
export function writeOutput(path: string, data: string | Uint8Array, overwrite: boolean): void {
  publishFile(path, data, overwrite);
}
