import { writeFileSync, existsSync, renameSync } from 'node:fs';
import { UserError } from './command.js';

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
 * Writes a file without ever leaving a half-written one: the text goes to a temporary file in
 * the same folder, which is then renamed over the target. An existing file is replaced only
 * with `overwrite`.
 */
export function writeOutput(path: string, data: string | Uint8Array, overwrite: boolean): void {
  if (existsSync(path) && !overwrite) throw new UserError(`${path} exists; pass --force to replace it`);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
