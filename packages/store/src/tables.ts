/**
 * Tables in the workspace: their provenance row and their matrices as Float64 blobs.
 *
 * A matrix part (Z, Y, storedVA, storedOutput) is stored as its column-major Float64 values in
 * little-endian byte order, cut into chunks of CHUNK_DOUBLES values (1 MiB): a blob read back is
 * one memcpy into the Float64Array, against one value per row for a long (i, j, value) layout.
 */
import { endianness } from 'node:os';
import type { DuckDBConnection } from '@duckdb/node-api';
import { IcioTable } from '@catena/engine';
import { Matrix } from '@catena/linalg';
import { CHUNK_DOUBLES } from './schema.js';

if (endianness() !== 'LE') throw new Error('the Catena workspace stores little-endian doubles; this machine is big-endian');

/** A table in the workspace: what it is and where it came from. */
export interface TableInfo {
  /** Short id (16 hex digits of `key`), used in the API and the CLI. */
  id: string;
  /** sha256 of the file checksum and the canonical read options: the table's identity. */
  key: string;
  /** sha256 of the source file (or of a folder's files, or of the table's contents when added in memory). */
  checksum: string;
  /** File name (or the name given with uploaded bytes). */
  name: string;
  /** Absolute path it was imported from; null for uploads and tables added in memory. */
  file: string | null;
  /** Reader format that read it (wide, oecd-icio, wiod-xlsx …). */
  layout: string | null;
  /** Release or edition, when the reader's source names one ('2013 release', '2023 edition'). */
  vintage: string | null;
  year: number | null;
  unit: string;
  source: string;
  /** The read options it was read with (canonical JSON object). */
  readOptions: Record<string, unknown>;
  countries: string[];
  sectors: string[];
  fdCategories: string[];
  G: number;
  N: number;
  F: number;
  /** Matrix parts stored: always Z and Y, plus storedVA / storedOutput when the file had them. */
  parts: string[];
  /** ISO 8601, UTC. */
  importedAt: string;
  /** Catena version that imported it. */
  version: string;
}

/** The vintage named in a reader's source text ('WIOD 2013 release: …' → '2013 release'). */
export function vintageOf(source: string): string | null {
  const m = /\b(\d{4}) (release|edition)\b/i.exec(source) ?? /\b(release|edition) (v?\d+[\w.]*)/i.exec(source);
  return m ? `${m[1]} ${m[2]}` : null;
}

type Part = { name: string; data: Float64Array };

function partsOf(t: IcioTable): Part[] {
  const parts: Part[] = [
    { name: 'Z', data: t.Z.data },
    { name: 'Y', data: t.Y.data },
  ];
  if (t.storedVA) parts.push({ name: 'storedVA', data: t.storedVA });
  if (t.storedOutput) parts.push({ name: 'storedOutput', data: t.storedOutput });
  return parts;
}

/** Number of blob chunks a table is written as (for progress). */
export function chunkCount(t: IcioTable): number {
  return partsOf(t).reduce((s, p) => s + Math.max(1, Math.ceil(p.data.length / CHUNK_DOUBLES)), 0);
}

/** Row of `tables` for a TableInfo (in DDL column order). */
function infoRow(i: TableInfo): (string | number | null)[] {
  return [
    i.id,
    i.key,
    i.checksum,
    i.name,
    i.file,
    i.layout,
    i.vintage,
    i.year,
    i.unit,
    i.source,
    JSON.stringify(i.readOptions),
    JSON.stringify(i.countries),
    JSON.stringify(i.sectors),
    JSON.stringify(i.fdCategories),
    JSON.stringify(i.parts),
    i.importedAt,
    i.version,
  ];
}

/** Provenance of a table about to be written (labels and sizes come from the table). */
export type TableProvenance = Pick<
  TableInfo,
  'id' | 'key' | 'checksum' | 'name' | 'file' | 'layout' | 'vintage' | 'readOptions' | 'version'
>;

export function describe(t: IcioTable, p: TableProvenance): TableInfo {
  return {
    ...p,
    year: t.year ?? null,
    unit: t.unit,
    source: t.source,
    countries: t.countries,
    sectors: t.sectors,
    fdCategories: t.fdCategories,
    G: t.G,
    N: t.N,
    F: t.F,
    parts: partsOf(t).map((x) => x.name),
    importedAt: new Date().toISOString(),
  };
}

/**
 * Writes a table's row and blobs on `con`, which the caller has in a transaction: a process
 * killed part-way leaves nothing (DuckDB drops the uncommitted transaction on the next open).
 */
export async function writeTable(
  con: DuckDBConnection,
  t: IcioTable,
  info: TableInfo,
  progress?: (done: number, total: number) => void,
): Promise<void> {
  const row = infoRow(info);
  await con.run(`INSERT INTO tables VALUES (${row.map((_, k) => `$${k + 1}`).join(', ')})`, row);
  const total = chunkCount(t);
  let done = 0;
  const ap = await con.createAppender('table_data');
  try {
    for (const p of partsOf(t)) {
      const n = Math.max(1, Math.ceil(p.data.length / CHUNK_DOUBLES));
      for (let c = 0; c < n; c++) {
        const slice = p.data.subarray(c * CHUNK_DOUBLES, Math.min(p.data.length, (c + 1) * CHUNK_DOUBLES));
        ap.appendVarchar(info.id);
        ap.appendVarchar(p.name);
        ap.appendInteger(c);
        ap.appendBlob(new Uint8Array(slice.buffer, slice.byteOffset, slice.byteLength));
        ap.endRow();
        ap.flushSync();
        progress?.(++done, total);
      }
    }
  } finally {
    ap.closeSync();
  }
}

/** Reads a TableInfo from a `tables` row object. */
export function infoFromRow(r: Record<string, unknown>): TableInfo {
  const countries = JSON.parse(r.countries as string) as string[];
  const sectors = JSON.parse(r.sectors as string) as string[];
  const fdCategories = JSON.parse(r.fd_categories as string) as string[];
  return {
    id: r.id as string,
    key: r.key as string,
    checksum: r.checksum as string,
    name: r.name as string,
    file: (r.file as string | null) ?? null,
    layout: (r.layout as string | null) ?? null,
    vintage: (r.vintage as string | null) ?? null,
    year: r.year === null || r.year === undefined ? null : Number(r.year),
    unit: r.unit as string,
    source: r.source as string,
    readOptions: JSON.parse(r.read_options as string) as Record<string, unknown>,
    countries,
    sectors,
    fdCategories,
    G: countries.length,
    N: sectors.length,
    F: fdCategories.length,
    parts: JSON.parse(r.parts as string) as string[],
    importedAt: r.imported_at as string,
    version: r.version as string,
  };
}

/** Rebuilds the IcioTable of `info` from its blobs. */
export async function readTableData(con: DuckDBConnection, info: TableInfo): Promise<IcioTable> {
  const GN = info.G * info.N;
  const sizes: Record<string, number> = { Z: GN * GN, Y: GN * info.G * info.F, storedVA: GN, storedOutput: GN };
  const arrays: Record<string, Float64Array> = {};
  const filled: Record<string, number> = {};
  for (const p of info.parts) {
    arrays[p] = new Float64Array(sizes[p]);
    filled[p] = 0;
  }
  const reader = await con.runAndReadAll('SELECT part, chunk, data FROM table_data WHERE table_id = $1 ORDER BY part, chunk', [info.id]);
  const [partCol, chunkCol, dataCol] = reader.getColumns();
  for (let r = 0; r < partCol.length; r++) {
    const part = partCol[r] as string;
    const bytes = (dataCol[r] as { bytes: Uint8Array }).bytes;
    const target = arrays[part];
    const offset = Number(chunkCol[r]) * CHUNK_DOUBLES;
    if (!target || bytes.byteLength % 8 !== 0 || offset + bytes.byteLength / 8 > target.length) {
      throw new Error(`workspace table ${info.id}: chunk ${String(chunkCol[r])} of ${part} does not fit a ${info.G}×${info.N} table`);
    }
    new Uint8Array(target.buffer, offset * 8, bytes.byteLength).set(bytes);
    filled[part] += bytes.byteLength / 8;
  }
  for (const p of info.parts) {
    if (filled[p] !== sizes[p]) throw new Error(`workspace table ${info.id}: ${p} has ${filled[p]} of ${sizes[p]} values stored`);
  }
  return new IcioTable({
    countries: info.countries,
    sectors: info.sectors,
    fdCategories: info.fdCategories,
    Z: new Matrix(GN, GN, arrays.Z),
    Y: new Matrix(GN, info.G * info.F, arrays.Y),
    storedVA: arrays.storedVA,
    storedOutput: arrays.storedOutput,
    unit: info.unit,
    year: info.year ?? undefined,
    source: info.source,
  });
}
