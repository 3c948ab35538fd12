/**
 * The server's view of the workspace: the tables it can analyse and a cache of results. The
 * built-in sample world is always there (id `sample`); other tables live in the workspace
 * (`@catena/store` on DuckDB) or, without one, in memory for the life of the process.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { Model, readTable, sampleWorld, type IcioTable, type ReadOptions, type Result } from '@catena/engine';
import { HttpError } from './errors.js';

export interface TableEntry {
  id: string;
  name: string;
  source: string;
  year: number | null;
  unit: string;
  countries: string[];
  sectors: string[];
  /** Whether the table is the generated sample world (cannot be deleted). */
  builtin: boolean;
  /**
   * Tables of one series (same source, same countries and sectors, different years): the
   * dashboard draws "over time" from them.
   */
  series: string;
  /** Where it was read from, when from a file. */
  file?: string;
  checksum?: string;
}

/** What a workspace offers the server; `@catena/store` or the in-memory fallback implement it. */
export interface TableBackend {
  list(): Promise<TableEntry[]>;
  importPath(path: string, o: ReadOptions): Promise<TableEntry>;
  importBytes(name: string, bytes: Uint8Array, o: ReadOptions): Promise<TableEntry>;
  load(id: string): Promise<IcioTable | undefined>;
  remove(id: string): Promise<boolean>;
  cached(tableId: string, key: string, options: unknown, compute: () => Promise<Result>): Promise<Result>;
  close(): Promise<void>;
}

export function entryOf(id: string, t: IcioTable, extra: Partial<TableEntry> = {}): TableEntry {
  const source = t.source;
  return {
    id,
    name: extra.name ?? source,
    source,
    year: t.year ?? null,
    unit: t.unit,
    countries: [...t.countries],
    sectors: [...t.sectors],
    builtin: false,
    series: `${source.replace(/(19|20)\d\d/g, '').trim()} ${t.countries.length}×${t.sectors.length}`,
    ...extra,
  };
}

/** Tables held in memory: used when the server runs without a workspace file. */
export class MemoryBackend implements TableBackend {
  private tables = new Map<string, { entry: TableEntry; table: IcioTable }>();
  private results = new Map<string, Result>();

  async list(): Promise<TableEntry[]> {
    return [...this.tables.values()].map((t) => t.entry);
  }
  async importPath(path: string, o: ReadOptions): Promise<TableEntry> {
    const st = statSync(path);
    const id = createHash('sha256')
      .update(`${path}\0${st.size}\0${st.mtimeMs}\0${JSON.stringify(o)}`)
      .digest('hex')
      .slice(0, 16);
    const have = this.tables.get(id);
    if (have) return have.entry;
    const table = await readTable(path, o);
    const entry = entryOf(id, table, { name: basename(path), file: path });
    this.tables.set(id, { entry, table });
    return entry;
  }
  async importBytes(name: string): Promise<TableEntry> {
    throw new HttpError(501, `body: uploading ${name} needs a workspace (start the server with --workspace)`, 'body');
  }
  async load(id: string): Promise<IcioTable | undefined> {
    return this.tables.get(id)?.table;
  }
  async remove(id: string): Promise<boolean> {
    for (const k of this.results.keys()) if (k.startsWith(`${id}\0`)) this.results.delete(k);
    return this.tables.delete(id);
  }
  async cached(tableId: string, key: string, options: unknown, compute: () => Promise<Result>): Promise<Result> {
    const k = `${tableId}\0${key}\0${JSON.stringify(options)}`;
    let r = this.results.get(k);
    if (!r) {
      r = await compute();
      this.results.set(k, r);
    }
    return r;
  }
  async close(): Promise<void> {}
}

export const SAMPLE_ID = 'sample';

/**
 * The tables the server serves: the sample world plus the backend's, each table's Model built
 * once and kept (a few at a time), and result caching in front of the backend's cache.
 */
export class Tables {
  private sample: { entry: TableEntry; table: IcioTable };
  private models = new Map<string, Promise<Model>>();
  private hot = new Map<string, Result>();

  constructor(
    readonly backend: TableBackend,
    private readonly modelSlots = 4,
    private readonly hotSlots = 256,
  ) {
    const table = sampleWorld({ countries: 5, sectors: 4, seed: 2024 });
    this.sample = { table, entry: entryOf(SAMPLE_ID, table, { name: 'Sample world (synthetic)', builtin: true }) };
  }

  async list(): Promise<TableEntry[]> {
    return [this.sample.entry, ...(await this.backend.list())];
  }

  async entry(id: string, field = 'table'): Promise<TableEntry> {
    const e = (await this.list()).find((t) => t.id === id);
    if (!e) throw new HttpError(404, `${field}: no table with id ${id}; GET /api/tables lists them`, field);
    return e;
  }

  async table(id: string, field = 'table'): Promise<IcioTable> {
    if (id === SAMPLE_ID) return this.sample.table;
    const t = await this.backend.load(id);
    if (!t) throw new HttpError(404, `${field}: no table with id ${id}; GET /api/tables lists them`, field);
    return t;
  }

  /** The table's Model, built once (least recently used models are dropped past `modelSlots`). */
  async model(id: string, field = 'table'): Promise<Model> {
    let m = this.models.get(id);
    if (m) {
      this.models.delete(id);
      this.models.set(id, m);
      return m;
    }
    m = this.table(id, field).then((t) => Model.buildAsync(t));
    this.models.set(id, m);
    m.catch(() => this.models.delete(id));
    while (this.models.size > this.modelSlots) this.models.delete(this.models.keys().next().value!);
    return m;
  }

  /** A result computed once per (table, key, options): kept hot in memory and in the backend. */
  async cached(tableId: string, key: string, options: unknown, compute: () => Promise<Result>): Promise<Result> {
    const k = `${tableId}\0${key}\0${JSON.stringify(options)}`;
    const hit = this.hot.get(k);
    if (hit) return hit;
    const r = tableId === SAMPLE_ID ? await compute() : await this.backend.cached(tableId, key, options, compute);
    this.hot.set(k, r);
    while (this.hot.size > this.hotSlots) this.hot.delete(this.hot.keys().next().value!);
    return r;
  }

  async remove(id: string): Promise<boolean> {
    if (id === SAMPLE_ID) throw new HttpError(409, 'id: the sample world is built in and cannot be deleted', 'id');
    this.models.delete(id);
    for (const k of this.hot.keys()) if (k.startsWith(`${id}\0`)) this.hot.delete(k);
    return this.backend.remove(id);
  }
}
