/** sha256 of a table's contents, for tables that have no file (built in memory). */
import { createHash } from 'node:crypto';
import type { IcioTable } from '@catena/engine';

export function contentChecksum(t: IcioTable): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([t.countries, t.sectors, t.fdCategories, t.unit, t.year ?? null, t.source]));
  for (const a of [t.Z.data, t.Y.data, t.storedVA, t.storedOutput]) {
    h.update(a ? new Uint8Array(a.buffer, a.byteOffset, a.byteLength) : new Uint8Array(0));
    h.update('\0');
  }
  return h.digest('hex');
}
