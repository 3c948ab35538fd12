/**
 * OECD national input-output tables (NIOT, 2021 edition as in shared/data/oecd_niot2021_chn_jpn):
 * `OECD21ed_<ISO3>_<year>.csv`, header `Code, Description, 01 … 45, HFCE, NPISH, GGFC, GFCF,
 * INVNT, CONS_ABR, CONS_NONRES, EXPO, IMPO`; rows the 45 industries (ISIC rev.4, the ICIO 2021
 * list), then TXS_IMP_FNL, TXS_INT_FNL (net taxes on products), TTL_INT_FNL, VALU, OUTPUT.
 *
 * The file is the total (competitive-import) table: IMPO is minus the imports of each product.
 * Imports are split off by the proportionality assumption (national/table.ts). Exports are EXPO
 * plus CONS_NONRES (purchases of non-residents on the territory); the domestic final-demand
 * categories are HFCE, NPISH, GGFC, GFCF, INVNT and CONS_ABR. The tax rows are primary inputs
 * (kept, with VALU and OUTPUT, for diagnostics). Unit: USD million.
 */
import { basename } from 'node:path';
import { Matrix } from '@catena/linalg';
import { TableFormatError } from '../errors.js';
import { NationalTable, splitImportsProportionally } from '../national/table.js';
import { readLabelledRows } from './lines.js';
import { sourceName, type Source } from './stream.js';

const DOMESTIC_FD = ['HFCE', 'NPISH', 'GGFC', 'GFCF', 'INVNT', 'CONS_ABR'];
const EXPORT_COLS = ['EXPO', 'CONS_NONRES'];
export const NIOT_KNOWN =
  'known OECD NIOT layouts: 2021 edition (45 industries, columns HFCE … CONS_NONRES, EXPO, IMPO; rows … VALU, OUTPUT)';

/** Whether a first line is the header of an OECD NIOT table. */
export function isNiotHeader(first: string): boolean {
  const h = first
    .replace(/^\uFEFF/, '')
    .replace(/"/g, '')
    .split(',');
  return h[0] === 'Code' && h[1] === 'Description' && h.includes('HFCE') && h.includes('IMPO');
}

/** Reads an OECD NIOT CSV as a NationalTable (country and year from the file name unless given). */
export async function readOecdNiot(source: Source, o: { year?: number; country?: string; maxBytes?: number } = {}): Promise<NationalTable> {
  const path = sourceName(source);
  const raw = await readLabelledRows(source, { labelColumns: 2, maxBytes: o.maxBytes, expected: `Code, Description, 01 …; ${NIOT_KNOWN}` });
  const file = raw.file;
  const h = raw.header[0];
  if (h[0] !== 'Code' || h[1] !== 'Description')
    throw new TableFormatError(file, 'line 1', `header ${h.slice(0, 3).join(', ')}`, `Code, Description, 01 …; ${NIOT_KNOWN}`);
  const col = (c: string) => {
    const j = h.indexOf(c);
    if (j < 0)
      throw new TableFormatError(
        file,
        'line 1 (header)',
        `no column ${c} among ${h.slice(-10).join(', ')}`,
        `a column ${c}; ${NIOT_KNOWN}`,
      );
    return j;
  };
  const firstFd = col('HFCE');
  const sectors = h.slice(2, firstFd);
  const N = sectors.length;
  const rowOf = (code: string) => {
    const r = raw.labels.findIndex((row) => row[0] === code);
    if (r < 0)
      throw new TableFormatError(
        file,
        'column Code',
        `no row ${code}`,
        `a row ${code} (a row for every industry column, then VALU and OUTPUT); ${NIOT_KNOWN}`,
      );
    return r;
  };
  const rows = sectors.map(rowOf);
  const num = (r: number, j: number) => raw.values[r][j - 2];
  const sectorCols = sectors.map((_, k) => 2 + k);
  const fdCols = DOMESTIC_FD.map(col);
  const Z = new Matrix(N, N);
  const Y = new Matrix(N, fdCols.length);
  rows.forEach((r, i) => {
    sectorCols.forEach((j, k) => (Z.data[i + k * N] = num(r, j)));
    fdCols.forEach((j, k) => (Y.data[i + k * N] = num(r, j)));
  });
  const exportCols = EXPORT_COLS.map(col);
  const exports = Float64Array.from(rows, (r) => exportCols.reduce((a, j) => a + num(r, j), 0));
  const impo = col('IMPO');
  const imports = Float64Array.from(rows, (r) => -num(r, impo));
  const outputRow = rowOf('OUTPUT');
  const storedOutput = Float64Array.from(sectorCols, (j) => num(outputRow, j));
  const primaryInputs = ['TXS_IMP_FNL', 'TXS_INT_FNL', 'VALU']
    .map((code) => ({ code, r: raw.labels.findIndex((row) => row[0] === code) }))
    .filter((p) => p.r >= 0)
    .map((p) => ({ code: p.code, values: Float64Array.from(sectorCols, (j) => num(p.r, j)) }));
  const m = /OECD(\d{2})ed_([A-Z]{3})_(\d{4})/i.exec(basename(path));
  const country = o.country ?? (m ? m[2].toUpperCase() : 'XXX');
  const year = o.year ?? (m ? Number(m[3]) : undefined);
  const s = splitImportsProportionally(Z, Y, imports);
  return new NationalTable({
    country,
    sectors,
    sectorNames: rows.map((r) => raw.labels[r][1]),
    fdCategories: DOMESTIC_FD,
    Zd: s.Zd,
    Zm: s.Zm,
    Yd: s.Yd,
    Ym: s.Ym,
    exports,
    primaryInputs,
    storedOutput,
    importSplit: 'proportional',
    unit: 'million USD',
    year,
    source: `OECD national input-output table${m ? ` (20${m[1]} edition)` : ''} ${country}${year ? ` ${year}` : ''}: ${path}`,
  });
}
