/**
 * Parquet output through DuckDB: the rows go into an in-memory table with typed columns
 * (numbers DOUBLE, except integral `year` as INTEGER; everything else VARCHAR) and are copied out.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from './result.js';
import { toCsv } from './write.js';

function columnType(r: Result, c: string): string {
  let numeric = false;
  for (const row of r.rows) {
    const v = row[c];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') return 'VARCHAR';
    numeric = true;
  }
  if (!numeric) return 'VARCHAR';
  return c === 'year' ? 'INTEGER' : 'DOUBLE';
}

/** Writes a Result as a Parquet file. */
export async function writeParquet(r: Result, path: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const dir = mkdtempSync(join(tmpdir(), 'catena-parquet-'));
  try {
    const csv = join(dir, 'rows.csv');
    writeFileSync(csv, toCsv(r));
    const types = r.columns.map((c) => `'${c.replace(/'/g, "''")}': '${columnType(r, c)}'`).join(', ');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
    await con.run(
      `COPY (SELECT * FROM read_csv(${q(csv)}, header = true, columns = {${types}}, nullstr = '')) TO ${q(path)} (FORMAT parquet)`,
    );
    con.closeSync();
    db.closeSync();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
