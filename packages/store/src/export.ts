/**
 * Export of a cached result's rows with DuckDB's COPY, to a temporary file beside the target
 * and then renamed over it, so a failed export leaves no half file and, without `force`, an
 * existing file is never replaced.
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { WorkspaceError } from './errors.js';
import { quoteIdent, type ResultInfo } from './results.js';

export type ExportFormat = 'csv' | 'parquet';

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export async function exportRows(
  con: DuckDBConnection,
  table: string,
  info: ResultInfo,
  format: ExportFormat,
  path: string,
  force: boolean,
): Promise<void> {
  if (format !== 'csv' && format !== 'parquet')
    throw new WorkspaceError(`export format '${String(format)}' is not known; expected csv or parquet`);
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) throw new WorkspaceError(`export target ${path} is a folder; expected a file path`);
    if (!force) throw new WorkspaceError(`export target ${path} exists; give another path or force to replace it`);
  }
  if (!existsSync(dirname(path))) throw new WorkspaceError(`export target folder ${dirname(path)} does not exist`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const opts = format === 'csv' ? "FORMAT csv, HEADER true, NULLSTR ''" : 'FORMAT parquet';
  try {
    await con.run(
      `COPY (SELECT ${info.columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)} ORDER BY rowid) TO ${sqlString(tmp)} (${opts})`,
    );
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}
