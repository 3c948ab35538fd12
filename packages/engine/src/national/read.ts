/** Reads a national table in any known layout (China NBS, OECD NIOT), detected from its header. */
import { existsSync, statSync } from 'node:fs';
import { TableFormatError } from '../errors.js';
import { isNbsHeader, NBS_KNOWN, readChinaNbs } from '../sources/national-china-nbs.js';
import { isNiotHeader, NIOT_KNOWN, readOecdNiot } from '../sources/national-oecd-niot.js';
import { firstLine } from '../sources/lines.js';
import type { NationalTable } from './table.js';

/** Which national layout a file has, or null. */
export function nationalFormat(path: string, first = firstLine(path)): 'china-nbs' | 'oecd-niot' | null {
  if (isNbsHeader(first)) return 'china-nbs';
  if (isNiotHeader(first)) return 'oecd-niot';
  return null;
}

export async function readNationalTable(
  path: string,
  o: { year?: number; format?: string; maxBytes?: number } = {},
): Promise<NationalTable> {
  const f = o.format ?? nationalFormat(path);
  if (f === 'china-nbs') return readChinaNbs(path, o);
  if (f === 'oecd-niot') return readOecdNiot(path, o);
  throw new TableFormatError(
    path,
    'line 1',
    `a header no national reader recognises (${firstLine(path).slice(0, 80)})`,
    `${NBS_KNOWN}; ${NIOT_KNOWN}`,
  );
}

/** Cheap detection for the reader registry: a CSV file whose first line (read alone) is a national header of that kind. */
export function isNationalFile(path: string, kind: 'china-nbs' | 'oecd-niot'): boolean {
  if (!/\.csv$/i.test(path) || !existsSync(path) || !statSync(path).isFile()) return false;
  return nationalFormat(path) === kind;
}
