/**
 * ADB Multiregional Input-Output tables (Asian Development Bank), xlsx as downloaded:
 * `ADB-MRIO-YYYY_Mon20YY.xlsx` (62 economies + RoW), `ADB-MRIO62-YYYY_….xlsx`, and the
 * 72-economy tables (`ADB-MRIO-2017_Dec2022-2.xlsx` onwards), 35 sectors each (c1…c35, the
 * WIOD 2013 industries), in millions of US dollars.
 *
 * The sheet copies the WIOD 2013 layout (see wiod-xlsx.ts): header rows above the numbers with
 * economy codes and codes c1…c35 / F1…F5 / ToT; data from column E with the economy code in C
 * and the sector code in D; bottom rows of primary inputs and total input. Final-use codes are
 * named F1 HFCE (households), F2 NPISH, F3 GGFC (government), F4 GFCF, F5 INVNT (inventories
 * and valuables).
 */
import { basename } from 'node:path';
import type { IcioTable } from '../table/icio-table.js';
import { readWiodFamilyXlsx, type WiodFamilySpec } from './wiod-xlsx.js';

export const ADB_SPEC: WiodFamilySpec = {
  release: 'ADB MRIO',
  knownVintages: 'ADB MRIO 2000, 2007–2023 (62 economies + RoW, or 72 + RoW from 2017), 35 sectors, xlsx',
  countryCol: 2,
  sectorCols: [3, 0],
  fdNames: { F1: 'HFCE', F2: 'NPISH', F3: 'GGFC', F4: 'GFCF', F5: 'INVNT' },
  unit: 'million USD',
};

/** Whether a file name is an ADB MRIO workbook. */
export function isAdbMrio(path: string): boolean {
  return /ADB[ _-]?MRIO/i.test(basename(path)) && /\.xlsx$/i.test(path);
}

export function readAdbMrio(path: string, o: { year?: number; unit?: string } = {}): Promise<IcioTable> {
  return readWiodFamilyXlsx(path, ADB_SPEC, o);
}
