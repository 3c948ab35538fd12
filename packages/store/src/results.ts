/**
 * Cached results: one `results` row (key, analysis, options, version, columns and their types,
 * Result.meta as JSON) and one DuckDB table of rows per result, so that a result is queried,
 * exported to CSV or Parquet, and read back with DuckDB's own column types.
 *
 * Column types: a column of numbers only is DOUBLE (INTEGER for an integral `year`), of strings
 * only VARCHAR; a column that mixes numbers and strings is stored as VARCHAR holding each cell's
 * JSON ('json'), so it reads back with the same JS types. Nulls are NULL in every type.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { Cell, Result, ResultMeta, Row } from '@catena/engine';

export type ColumnType = 'double' | 'integer' | 'varchar' | 'json';

const SQL_TYPE: Record<ColumnType, string> = { double: 'DOUBLE', integer: 'INTEGER', varchar: 'VARCHAR', json: 'VARCHAR' };

/** A result in the workspace, without its rows. */
export interface ResultInfo {
  key: string;
  tableKey: string;
  /** The workspace table it was computed on, when that table is (still) in the workspace. */
  tableId: string | null;
  analysis: string;
  options: unknown;
  version: string;
  columns: string[];
  columnTypes: ColumnType[];
  rowCount: number;
  meta: ResultMeta;
  /** The job that computed it, when a job did. */
  jobId: string | null;
  /** ISO 8601, UTC. */
  createdAt: string;
}

export function columnTypes(r: Result): ColumnType[] {
  return r.columns.map((c) => {
    let num = false;
    let str = false;
    let integral = true;
    for (const row of r.rows) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      if (typeof v === 'number') {
        num = true;
        if (!Number.isInteger(v) || Math.abs(v) > 2 ** 31 - 1) integral = false;
      } else if (typeof v === 'string') str = true;
      else throw new TypeError(`result column '${c}' holds a ${typeof v}; expected number, string or null`);
    }
    if (num && str) return 'json';
    if (num) return c === 'year' && integral ? 'integer' : 'double';
    return 'varchar';
  });
}

export const quoteIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** Name of the rows table of a result key. */
export const rowsTableName = (key: string): string => `rows_${key.slice(0, 32)}`;

function appendCell(ap: DuckDBAppender, t: ColumnType, v: Cell | undefined): void {
  if (v === null || v === undefined) return ap.appendNull();
  if (t === 'double') return ap.appendDouble(v as number);
  if (t === 'integer') return ap.appendInteger(v as number);
  if (t === 'json') return ap.appendVarchar(JSON.stringify(v));
  ap.appendVarchar(v as string);
}

/** Creates the rows table of `info` and fills it from `r`, on `con` (in the caller's transaction). */
export async function writeRows(con: DuckDBConnection, table: string, r: Result, types: ColumnType[]): Promise<void> {
  const cols = r.columns.map((c, k) => `${quoteIdent(c)} ${SQL_TYPE[types[k]]}`).join(', ');
  await con.run(`CREATE TABLE ${quoteIdent(table)} (${cols})`);
  const ap = await con.createAppender(table);
  try {
    for (const row of r.rows) {
      for (let k = 0; k < r.columns.length; k++) appendCell(ap, types[k], row[r.columns[k]]);
      ap.endRow();
    }
    ap.flushSync();
  } finally {
    ap.closeSync();
  }
}

/** Reads the rows of a result back, in the order they were written. */
export async function readRows(con: DuckDBConnection, table: string, info: ResultInfo): Promise<Row[]> {
  const reader = await con.runAndReadAll(`SELECT ${info.columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)} ORDER BY rowid`);
  const cols = reader.getColumnsJS() as unknown as Cell[][];
  const n = reader.currentRowCount;
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: Row = {};
    for (let k = 0; k < info.columns.length; k++) {
      const v = cols[k][i];
      row[info.columns[k]] = info.columnTypes[k] === 'json' && v !== null ? (JSON.parse(v as string) as Cell) : v;
    }
    rows[i] = row;
  }
  return rows;
}

export function resultInfoFromRow(r: Record<string, unknown>): ResultInfo {
  return {
    key: r.key as string,
    tableKey: r.table_key as string,
    tableId: (r.table_id as string | null) ?? null,
    analysis: r.analysis as string,
    options: JSON.parse(r.options as string) as unknown,
    version: r.version as string,
    columns: JSON.parse(r.columns as string) as string[],
    columnTypes: JSON.parse(r.column_types as string) as ColumnType[],
    rowCount: Number(r.row_count),
    meta: JSON.parse(r.meta as string) as ResultMeta,
    jobId: (r.job_id as string | null) ?? null,
    createdAt: r.created_at as string,
  };
}
