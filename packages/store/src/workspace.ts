/**
 * Workspace: a DuckDB file holding imported tables (with provenance) and cached results.
 *
 *   const ws = await Workspace.open();                 // ~/.catena/workspace.duckdb
 *   const t = await ws.importTable({ path: 'wiot2011_2013rel_int.csv.gz' });
 *   const table = await ws.loadTable(t.id);             // IcioTable, from Float64 blobs
 *   const r = await ws.cached(t.id, 'indicators', { level: 'country' }, async () => compute());
 *
 * Every write is one DuckDB transaction: an import or a result killed part-way leaves nothing
 * behind, and re-running it works. Nothing stored is overwritten: a table or result with the same
 * key is returned as it is.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { inMemoryLayout, readerFor, readTable, type IcioTable, type ReadOptions, type Result } from '@catena/engine/node';
import { checksumBytes, checksumPath } from './checksum.js';
import { WorkspaceError } from './errors.js';
import { acquire, inTransaction, release, withConnection, type SharedInstance } from './instance.js';
import { CATENA_VERSION, canonicalJson, resultKey, sha256, type ResultKeyParts } from './keys.js';
import { exportRows, type ExportFormat } from './export.js';
import { columnTypes, readRows, resultInfoFromRow, rowsTableName, writeRows, type ResultInfo } from './results.js';
import { DDL, SCHEMA_VERSION } from './schema.js';
import { chunkCount, describe, infoFromRow, readTableData, vintageOf, writeTable, type TableInfo } from './tables.js';
import { contentChecksum } from './content.js';

/** Where a table comes from: a file or folder, or uploaded bytes with their file name. */
export type TableSource = { path: string } | { name: string; bytes: Uint8Array };

export interface ImportOptions {
  /** Replaces the vintage read from the reader's source text. */
  vintage?: string;
  /** Progress of the import: 'read' once the reader is done, then 'write' per stored chunk. */
  progress?(stage: 'checksum' | 'read' | 'write', done: number, total: number): void;
}

/** A stored job record (see @catena/jobs). */
export interface JobRecord {
  id: string;
  spec: unknown;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  resultKeys: string[];
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The default workspace file: $CATENA_WORKSPACE, else ~/.catena/workspace.duckdb. */
export function defaultWorkspacePath(): string {
  return process.env.CATENA_WORKSPACE || join(homedir(), '.catena', 'workspace.duckdb');
}

const TABLE_COLUMNS =
  'id, key, checksum, name, file, layout, vintage, year, unit, source, read_options, countries, sectors, fd_categories, parts, imported_at, version';
const RESULT_SELECT = 'SELECT r.*, t.id AS table_id FROM results r LEFT JOIN tables t ON t.key = r.table_key';

export class Workspace {
  private closed = false;
  private constructor(
    /** Absolute path of the DuckDB file. */
    readonly path: string,
    private readonly db: SharedInstance,
  ) {}

  /** Opens (creating it and its folder when missing) the workspace at `path`. */
  static async open(path: string = defaultWorkspacePath()): Promise<Workspace> {
    const abs = resolve(path);
    mkdirSync(dirname(abs), { recursive: true });
    const db = await acquire(abs);
    try {
      await inTransaction(db, async (con) => {
        await con.run(DDL);
        const have = (await con.runAndReadAll("SELECT value FROM catena_meta WHERE key = 'schema'")).getRowsJS();
        if (have.length === 0) await con.run("INSERT INTO catena_meta VALUES ('schema', $1)", [SCHEMA_VERSION]);
        else if (have[0][0] !== SCHEMA_VERSION) {
          throw new WorkspaceError(`workspace ${abs} has layout ${String(have[0][0])}; this Catena reads layout ${SCHEMA_VERSION}`);
        }
      });
    } catch (e) {
      release(db);
      throw e;
    }
    return new Workspace(abs, db);
  }

  /** Closes this handle (the file closes with the last handle of the process). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    release(this.db);
  }

  private check(): void {
    if (this.closed) throw new WorkspaceError(`workspace ${this.path} is closed`);
  }

  private read<T>(fn: Parameters<typeof withConnection<T>>[1]): Promise<T> {
    this.check();
    return withConnection(this.db, fn);
  }

  private write<T>(fn: Parameters<typeof inTransaction<T>>[1]): Promise<T> {
    this.check();
    return inTransaction(this.db, fn);
  }

  // ---------------------------------------------------------------- tables

  /**
   * Imports a table read by the engine's readers (layout detected, or `readOptions.format`).
   * The same file with the same read options is stored once: importing it again returns the
   * stored TableInfo without reading the file.
   */
  async importTable(source: TableSource, readOptions: ReadOptions = {}, o: ImportOptions = {}): Promise<TableInfo> {
    this.check();
    if ('path' in source) {
      const path = resolve(source.path);
      return this.importRead(path, basename(path), path, readerFor(path, readOptions.format).format, readOptions, o);
    }
    const name = basename(source.name.replace(/\\/g, '/'));
    if (!name || name === '.' || name === '..') throw new WorkspaceError(`upload name '${source.name}' is not a file name`);
    // Single-file text layouts (wide, OECD ICIO, China NBS, OECD NIOT) are read from the bytes;
    // the others (zip archives, workbooks, FIGARO) and unrecognised bytes, whose message names
    // the closest layouts, are read from a temporary file of the upload's name.
    const layout = inMemoryLayout({ name, bytes: source.bytes }, readOptions.format);
    if (layout) return this.importRead({ name, bytes: source.bytes }, name, null, layout, readOptions, o);
    const tmp = mkdtempSync(join(tmpdir(), 'catena-upload-'));
    try {
      const path = join(tmp, name);
      writeFileSync(path, source.bytes);
      return await this.importRead(path, name, null, readerFor(path, readOptions.format).format, readOptions, o);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  /** Checksums a source, returns the stored table of its key or reads and stores it. */
  private async importRead(
    source: Parameters<typeof readTable>[0],
    name: string,
    file: string | null,
    layout: string,
    readOptions: ReadOptions,
    o: ImportOptions,
  ): Promise<TableInfo> {
    o.progress?.('checksum', 0, 1);
    const checksum = typeof source === 'string' ? await checksumPath(source) : checksumBytes(source.bytes);
    const canonical = JSON.parse(canonicalJson(readOptions)) as Record<string, unknown>;
    const key = sha256(`${checksum}\n${JSON.stringify(canonical)}`);
    const existing = await this.findByKey(key);
    if (existing) return existing;
    const table = await readTable(source, readOptions);
    o.progress?.('read', 1, 1);
    return await this.store(table, {
      id: key.slice(0, 16),
      key,
      checksum,
      name,
      file,
      layout,
      vintage: o.vintage ?? vintageOf(table.source),
      readOptions: canonical,
      version: CATENA_VERSION,
      progress: o.progress,
    });
  }

  /**
   * Adds a table built in memory (the sample world, an aggregated table). Its checksum is that
   * of its contents (labels, unit, year, source and matrices), so adding it twice stores it once.
   */
  async addTable(table: IcioTable, p: { name: string; layout?: string; vintage?: string }): Promise<TableInfo> {
    this.check();
    const checksum = contentChecksum(table);
    const key = sha256(`${checksum}\n{}`);
    const existing = await this.findByKey(key);
    if (existing) return existing;
    return this.store(table, {
      id: key.slice(0, 16),
      key,
      checksum,
      name: p.name,
      file: null,
      layout: p.layout ?? null,
      vintage: p.vintage ?? vintageOf(table.source),
      readOptions: {},
      version: CATENA_VERSION,
    });
  }

  private async store(table: IcioTable, p: Parameters<typeof describe>[1] & { progress?: ImportOptions['progress'] }): Promise<TableInfo> {
    const { progress, ...prov } = p;
    const info = describe(table, prov);
    return this.write(async (con) => {
      // Another import of the same key may have committed while this one was reading.
      const again = (await con.runAndReadAll(`SELECT ${TABLE_COLUMNS} FROM tables WHERE key = $1`, [info.key])).getRowObjectsJS();
      if (again.length > 0) return infoFromRow(again[0]);
      progress?.('write', 0, chunkCount(table));
      await writeTable(con, table, info, progress && ((d, t) => progress('write', d, t)));
      return info;
    });
  }

  private async findByKey(key: string): Promise<TableInfo | undefined> {
    const rows = await this.read(async (con) =>
      (await con.runAndReadAll(`SELECT ${TABLE_COLUMNS} FROM tables WHERE key = $1`, [key])).getRowObjectsJS(),
    );
    return rows.length ? infoFromRow(rows[0]) : undefined;
  }

  /** Every table in the workspace, oldest import first. */
  async listTables(): Promise<TableInfo[]> {
    const rows = await this.read(async (con) =>
      (await con.runAndReadAll(`SELECT ${TABLE_COLUMNS} FROM tables ORDER BY imported_at, id`)).getRowObjectsJS(),
    );
    return rows.map(infoFromRow);
  }

  /** The table with this id (or full key); throws WorkspaceError naming the known ids when absent. */
  async tableInfo(id: string): Promise<TableInfo> {
    const rows = await this.read(async (con) =>
      (await con.runAndReadAll(`SELECT ${TABLE_COLUMNS} FROM tables WHERE id = $1 OR key = $1`, [id])).getRowObjectsJS(),
    );
    if (rows.length === 0) {
      const known = (await this.listTables()).map((t) => `${t.id} (${t.name})`);
      throw new WorkspaceError(
        `no table '${id}' in workspace ${this.path}; ${known.length ? `known: ${known.join(', ')}` : 'it holds no tables yet'}`,
      );
    }
    return infoFromRow(rows[0]);
  }

  /** The IcioTable stored under this id. */
  async loadTable(id: string): Promise<IcioTable> {
    const info = await this.tableInfo(id);
    return this.read((con) => readTableData(con, info));
  }

  /** Deletes a table and every result cached for it; false when there was no such table. */
  async deleteTable(id: string): Promise<boolean> {
    this.check();
    return this.write(async (con) => {
      const t = (await con.runAndReadAll('SELECT id, key FROM tables WHERE id = $1 OR key = $1', [id])).getRowsJS();
      if (t.length === 0) return false;
      const [tid, tkey] = t[0] as [string, string];
      const res = (await con.runAndReadAll('SELECT rows_table FROM results WHERE table_key = $1', [tkey])).getRowsJS();
      for (const [rt] of res) await con.run(`DROP TABLE IF EXISTS "${String(rt)}"`);
      await con.run('DELETE FROM results WHERE table_key = $1', [tkey]);
      await con.run('DELETE FROM table_data WHERE table_id = $1', [tid]);
      await con.run('DELETE FROM tables WHERE id = $1', [tid]);
      return true;
    });
  }

  // ---------------------------------------------------------------- results

  /** The cache key for (table, analysis, options) in this Catena version. */
  async resultKeyFor(tableId: string, analysis: string, options: unknown): Promise<ResultKeyParts & { key: string }> {
    const t = await this.tableInfo(tableId);
    const parts = { tableKey: t.key, analysis, options: options ?? {}, version: CATENA_VERSION };
    return { ...parts, key: resultKey(parts) };
  }

  private async infoOf(key: string | ResultKeyParts): Promise<ResultInfo | undefined> {
    const k = typeof key === 'string' ? key : resultKey(key);
    const rows = await this.read(async (con) => (await con.runAndReadAll(`${RESULT_SELECT} WHERE r.key = $1`, [k])).getRowObjectsJS());
    return rows.length ? resultInfoFromRow(rows[0]) : undefined;
  }

  /** The metadata of a cached result (no rows), or undefined. */
  resultInfo(key: string | ResultKeyParts): Promise<ResultInfo | undefined> {
    return this.infoOf(key);
  }

  /** A cached result, or undefined. */
  async getResult(key: string | ResultKeyParts): Promise<Result | undefined> {
    const info = await this.infoOf(key);
    if (!info) return undefined;
    const rows = await this.read((con) => readRows(con, rowsTableName(info.key), info));
    return { columns: info.columns, rows, meta: info.meta };
  }

  /**
   * Stores a result under its key, once: when the key is already stored the stored one is kept
   * and its info returned with `written: false`.
   */
  async putResult(key: ResultKeyParts, result: Result, o: { jobId?: string } = {}): Promise<ResultInfo & { written: boolean }> {
    this.check();
    const version = key.version ?? CATENA_VERSION;
    const k = resultKey({ ...key, version });
    const types = columnTypes(result);
    const options = canonicalJson(key.options ?? {});
    const meta = JSON.stringify(result.meta ?? {});
    const written = await this.write(async (con) => {
      const have = (await con.runAndReadAll('SELECT 1 FROM results WHERE key = $1', [k])).getRowsJS();
      if (have.length > 0) return false;
      const rt = rowsTableName(k);
      await writeRows(con, rt, result, types);
      await con.run('INSERT INTO results VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)', [
        k,
        key.tableKey,
        key.analysis,
        options,
        version,
        JSON.stringify(result.columns),
        JSON.stringify(types),
        result.rows.length,
        meta,
        rt,
        o.jobId ?? null,
        new Date().toISOString(),
      ]);
      return true;
    });
    const info = await this.infoOf(k);
    return { ...info!, written };
  }

  /** The cached result of `analysis` with `options` on a table, computing and storing it when absent. */
  async cached(tableId: string, analysis: string, options: unknown, compute: () => Promise<Result> | Result): Promise<Result> {
    const parts = await this.resultKeyFor(tableId, analysis, options);
    const have = await this.getResult(parts.key);
    if (have) return have;
    const r = await compute();
    await this.putResult(parts, r);
    return r;
  }

  /** Cached results (metadata only), newest first; filtered by table id or analysis. */
  async listResults(filter: { tableId?: string; analysis?: string } = {}): Promise<ResultInfo[]> {
    const rows = await this.read(async (con) =>
      (await con.runAndReadAll(`${RESULT_SELECT} ORDER BY r.created_at DESC, r.key`)).getRowObjectsJS(),
    );
    return rows
      .map(resultInfoFromRow)
      .filter(
        (r) =>
          (filter.tableId === undefined || r.tableId === filter.tableId) &&
          (filter.analysis === undefined || r.analysis === filter.analysis),
      );
  }

  /** Deletes a cached result; false when there was none. */
  async deleteResult(key: string | ResultKeyParts): Promise<boolean> {
    this.check();
    const k = typeof key === 'string' ? key : resultKey(key);
    return this.write(async (con) => {
      const have = (await con.runAndReadAll('SELECT rows_table FROM results WHERE key = $1', [k])).getRowsJS();
      if (have.length === 0) return false;
      await con.run(`DROP TABLE IF EXISTS "${String(have[0][0])}"`);
      await con.run('DELETE FROM results WHERE key = $1', [k]);
      return true;
    });
  }

  /**
   * Writes a cached result to a CSV or Parquet file (through a temporary file and a rename).
   * An existing file is kept unless `force`.
   */
  async exportResult(key: string | ResultKeyParts, format: ExportFormat, path: string, o: { force?: boolean } = {}): Promise<void> {
    const info = await this.infoOf(key);
    if (!info) throw new WorkspaceError(`no result '${typeof key === 'string' ? key : resultKey(key)}' in workspace ${this.path}`);
    await this.read((con) => exportRows(con, rowsTableName(info.key), info, format, resolve(path), o.force ?? false));
  }

  /**
   * Checks that every stored piece belongs to a whole: each table has all its matrix values,
   * no blob belongs to a missing table, each result has its rows table with its row count.
   * Returns the problems found (none in a consistent workspace).
   */
  async verify(): Promise<string[]> {
    const problems: string[] = [];
    const tables = await this.listTables();
    const counts = await this.read(async (con) =>
      (
        await con.runAndReadAll('SELECT table_id, part, sum(octet_length(data)) // 8 AS n FROM table_data GROUP BY table_id, part')
      ).getRowsJS(),
    );
    const stored = new Map(counts.map(([id, part, n]) => [`${String(id)}/${String(part)}`, Number(n)]));
    const ids = new Set(tables.map((t) => t.id));
    for (const [id] of counts)
      if (!ids.has(String(id))) problems.push(`matrix data of table ${String(id)}, which is not in the tables list`);
    for (const t of tables) {
      const GN = t.G * t.N;
      const sizes: Record<string, number> = { Z: GN * GN, Y: GN * t.G * t.F, storedVA: GN, storedOutput: GN };
      for (const p of t.parts) {
        const n = stored.get(`${t.id}/${p}`) ?? 0;
        if (n !== sizes[p]) problems.push(`table ${t.id} (${t.name}): ${p} has ${n} of ${sizes[p]} values`);
      }
    }
    for (const r of await this.listResults()) {
      const n = await this.read(async (con) => {
        const have = (
          await con.runAndReadAll('SELECT count(*) FROM duckdb_tables() WHERE table_name = $1', [rowsTableName(r.key)])
        ).getRowsJS();
        if (Number(have[0][0]) === 0) return -1;
        return Number((await con.runAndReadAll(`SELECT count(*) FROM "${rowsTableName(r.key)}"`)).getRowsJS()[0][0]);
      });
      if (n !== r.rowCount) problems.push(`result ${r.key} (${r.analysis}): ${n < 0 ? 'no rows table' : `${n} of ${r.rowCount} rows`}`);
    }
    return problems;
  }

  // ---------------------------------------------------------------- jobs

  /** Stores (inserts or replaces) a job record. */
  async putJob(j: JobRecord): Promise<void> {
    await this.write(async (con) => {
      await con.run('INSERT OR REPLACE INTO jobs VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        j.id,
        JSON.stringify(j.spec),
        j.state,
        JSON.stringify(j.resultKeys),
        j.error,
        j.createdAt,
        j.updatedAt,
      ]);
    });
  }

  async getJob(id: string): Promise<JobRecord | undefined> {
    const rows = await this.read(async (con) => (await con.runAndReadAll('SELECT * FROM jobs WHERE id = $1', [id])).getRowObjectsJS());
    return rows.length ? jobFromRow(rows[0]) : undefined;
  }

  /** Job records, newest first. */
  async listJobs(): Promise<JobRecord[]> {
    const rows = await this.read(async (con) =>
      (await con.runAndReadAll('SELECT * FROM jobs ORDER BY created_at DESC, id')).getRowObjectsJS(),
    );
    return rows.map(jobFromRow);
  }
}

function jobFromRow(r: Record<string, unknown>): JobRecord {
  return {
    id: r.id as string,
    spec: JSON.parse(r.spec as string) as unknown,
    state: r.state as JobRecord['state'],
    resultKeys: JSON.parse(r.result_keys as string) as string[],
    error: (r.error as string | null) ?? null,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}
