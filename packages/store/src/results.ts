/**
 * Cached results: one `results` row (key, analysis, options, version, columns and their types,
 * Result.meta as JSON) and one DuckDB table of rows per result, so that a result is queried,
 * exported to CSV or Parquet, and read back with DuckDB's own column types.
 *
 * Column types: a column of numbers only is DOUBLE (INTEGER for an integral `year`), of strings
 * only VARCHAR; a column that mixes numbers and strings is stored as VARCHAR holding each cell's
 * JSON ('json'), so it reads back with the same JS types. Nulls are NULL in every type.
 */
import { DOUBLE, DuckDBDataChunk, INTEGER, VARCHAR, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import type { Cell, Result, ResultMeta, Row } from '@catena/engine';

export type ColumnType = 'double' | 'integer' | 'varchar' | 'json';

const SQL_TYPE: Record<ColumnType, string> = { double: 'DOUBLE', integer: 'INTEGER', varchar: 'VARCHAR', json: 'VARCHAR' };
const DUCK_TYPE: Record<ColumnType, DuckDBType> = { double: DOUBLE, integer: INTEGER, varchar: VARCHAR, json: VARCHAR };
/** Rows per appended data chunk (DuckDB's vector size). */
const CHUNK_ROWS = 2048;

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

/** Creates the rows table and fills it from `r` a data chunk of columns at a time, on `con` (in the caller's transaction). */
export async function writeRows(con: DuckDBConnection, table: string, r: Result, types: ColumnType[]): Promise<void> {
  const cols = r.columns.map((c, k) => `${quoteIdent(c)} ${SQL_TYPE[types[k]]}`).join(', ');
  await con.run(`CREATE TABLE ${quoteIdent(table)} (${cols})`);
  const ap = await con.createAppender(table);
  const duckTypes = types.map((t) => DUCK_TYPE[t]);
  try {
    for (let s = 0; s < r.rows.length; s += CHUNK_ROWS) {
      const e = Math.min(r.rows.length, s + CHUNK_ROWS);
      const columns = r.columns.map((c, k) => {
        const a: (string | number | null)[] = new Array(e - s);
        for (let i = s; i < e; i++) {
          const v = r.rows[i][c];
          a[i - s] = v === undefined || v === null ? null : types[k] === 'json' ? JSON.stringify(v) : v;
        }
        return a;
      });
      const chunk = DuckDBDataChunk.create(duckTypes, e - s);
      chunk.setColumns(columns);
      ap.appendDataChunk(chunk);
    }
    ap.flushSync();
  } finally {
    ap.closeSync();
  }
}

/**
 * A function that builds one row object from column arrays. An object literal of fixed shape
 * is built several times faster than one filled key by key (bench/store.mjs); the keys are
 * JSON string literals, so any column name is safe in it.
 */
function rowBuilder(columns: string[]): (cols: Cell[][], i: number) => Row {
  return new Function('c', 'i', `return { ${columns.map((c, k) => `${JSON.stringify(c)}: c[${k}][i]`).join(', ')} };`) as (
    cols: Cell[][],
    i: number,
  ) => Row;
}

/** Reads the rows of a result back, in the order they were written. */
export async function readRows(con: DuckDBConnection, table: string, info: ResultInfo): Promise<Row[]> {
  const reader = await con.runAndReadAll(`SELECT ${info.columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)} ORDER BY rowid`);
  // DOUBLE, INTEGER and VARCHAR values come out of DuckDB as JS numbers and strings already.
  const cols = reader.getColumns() as unknown as Cell[][];
  info.columnTypes.forEach((t, k) => {
    if (t === 'json') cols[k] = cols[k].map((v) => (v === null ? null : (JSON.parse(v as string) as Cell)));
  });
  const n = reader.currentRowCount;
  const build = rowBuilder(info.columns);
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = build(cols, i);
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
