/** The server's tables in a Catena workspace (`@catena/store`: DuckDB), kept across restarts. */
import type { IcioTable, ReadOptions, Result } from '@catena/engine';
import { Workspace, type TableInfo } from '@catena/store';
import type { TableBackend, TableEntry } from './store.js';

const entryFromInfo = (t: TableInfo): TableEntry => ({
  id: t.id,
  name: t.name,
  source: t.source,
  year: t.year,
  unit: t.unit,
  countries: t.countries,
  sectors: t.sectors,
  builtin: false,
  series: `${(t.vintage ?? t.source.replace(/(19|20)\d\d/g, '')).trim()} ${t.layout ?? ''} ${t.G}×${t.N}`,
  file: t.file ?? undefined,
  checksum: t.checksum,
});

export class WorkspaceBackend implements TableBackend {
  private constructor(readonly workspace: Workspace) {}

  static async open(path?: string): Promise<WorkspaceBackend> {
    return new WorkspaceBackend(await Workspace.open(path));
  }

  async list(): Promise<TableEntry[]> {
    return (await this.workspace.listTables()).map(entryFromInfo);
  }
  async importPath(path: string, o: ReadOptions): Promise<TableEntry> {
    return entryFromInfo(await this.workspace.importTable({ path }, o));
  }
  async importBytes(name: string, bytes: Uint8Array, o: ReadOptions): Promise<TableEntry> {
    return entryFromInfo(await this.workspace.importTable({ name, bytes }, o));
  }
  async load(id: string): Promise<IcioTable | undefined> {
    if (!(await this.workspace.listTables()).some((t) => t.id === id)) return undefined;
    return this.workspace.loadTable(id);
  }
  async remove(id: string): Promise<boolean> {
    return this.workspace.deleteTable(id);
  }
  cached(tableId: string, key: string, options: unknown, compute: () => Promise<Result>): Promise<Result> {
    return this.workspace.cached(tableId, key, options, compute);
  }
  async close(): Promise<void> {
    this.workspace.close();
  }
}
