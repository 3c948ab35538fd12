/**
 * A pymrio-style MRIO folder: tab-separated `trade_flows_Z.txt` (header rows: region, sector;
 * label columns: region, sector, unit), `finald_demand_Y.txt` (header rows: region, category)
 * and optionally `factor_input.txt` (value-added rows; label columns: name, unit).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix } from '@catena/linalg';
import { TableFormatError } from '../errors.js';
import { IcioTable } from '../table/icio-table.js';
import { readLabelledRows } from './lines.js';

/** The folder that holds trade_flows_Z.txt (the given one or its mrio_data/), or null. */
export function pymrioFolder(path: string): string | null {
  if (!existsSync(path) || !statSync(path).isDirectory()) return null;
  for (const d of [path, join(path, 'mrio_data')]) if (existsSync(join(d, 'trade_flows_Z.txt'))) return d;
  return null;
}

interface Block {
  file: string;
  headers: string[][];
  rowKeys: string[][];
  values: Float64Array[];
}

/** Reads a tab-separated block with `nh` header rows and `nl` label columns. */
async function readBlock(file: string, nh: number, nl: number, maxBytes?: number): Promise<Block> {
  const raw = await readLabelledRows(file, {
    sep: 9,
    headerLines: nh,
    labelColumns: nl,
    maxBytes,
    expected: `${nh} header lines and data rows`,
  });
  return { file, headers: raw.header.map((h) => h.slice(nl)), rowKeys: raw.labels, values: raw.values };
}

function firstAppearance(xs: string[]): string[] {
  return [...new Set(xs)];
}

export async function readPymrioFolder(path: string, o: { year?: number; maxBytes?: number } = {}): Promise<IcioTable> {
  const dir = pymrioFolder(path);
  if (!dir) throw new TableFormatError(path, '', 'no trade_flows_Z.txt in the folder or in its mrio_data/', 'a pymrio-style MRIO folder');
  const zb = await readBlock(join(dir, 'trade_flows_Z.txt'), 2, 3, o.maxBytes);
  const countries = firstAppearance(zb.rowKeys.map((k) => k[0]));
  const sectors = firstAppearance(zb.rowKeys.map((k) => k[1]));
  const G = countries.length;
  const N = sectors.length;
  const GN = G * N;
  if (zb.rowKeys.length !== GN) throw new TableFormatError(zb.file, '', `${zb.rowKeys.length} rows`, `${GN} = ${G} regions × ${N} sectors`);
  zb.rowKeys.forEach((k, i) => {
    const want = [countries[Math.floor(i / N)], sectors[i % N]];
    if (k[0] !== want[0] || k[1] !== want[1])
      throw new TableFormatError(zb.file, `line ${i + 3}`, `${k[0]}/${k[1]}`, `${want[0]}/${want[1]} (region-major order)`);
    const h = [zb.headers[0][i], zb.headers[1][i]];
    if (h[0] !== want[0] || h[1] !== want[1])
      throw new TableFormatError(zb.file, `column ${i + 4}`, `${h[0]}/${h[1]}`, `${want[0]}/${want[1]} (as the rows)`);
  });
  const Z = new Matrix(GN, GN);
  zb.values.forEach((row, i) => row.forEach((v, j) => (Z.data[i + j * GN] = v)));

  const yb = await readBlock(join(dir, 'finald_demand_Y.txt'), 2, 3, o.maxBytes);
  if (yb.values.length !== GN) throw new TableFormatError(yb.file, '', `${yb.values.length} rows`, `${GN}, as trade_flows_Z.txt`);
  const fdCategories = firstAppearance(yb.headers[1]);
  const F = fdCategories.length;
  if (yb.headers[0].length !== G * F)
    throw new TableFormatError(yb.file, 'line 1', `${yb.headers[0].length} columns`, `${G * F} = ${G} regions × ${F} categories`);
  const Y = new Matrix(GN, G * F);
  yb.headers[0].forEach((reg, j) => {
    const g = countries.indexOf(reg);
    const f = fdCategories.indexOf(yb.headers[1][j]);
    if (g < 0) throw new TableFormatError(yb.file, `column ${j + 4}`, `region '${reg}'`, `one of ${countries.join(', ')}`);
    for (let i = 0; i < GN; i++) Y.data[i + (g * F + f) * GN] = yb.values[i][j];
  });

  let storedVA: Float64Array | undefined;
  const fi = join(dir, 'factor_input.txt');
  if (existsSync(fi)) {
    const fb = await readBlock(fi, 2, 2, o.maxBytes);
    if (fb.headers[0].length !== GN)
      throw new TableFormatError(fi, 'line 1', `${fb.headers[0].length} columns`, `${GN}, as trade_flows_Z.txt`);
    storedVA = new Float64Array(GN);
    for (const row of fb.values) row.forEach((v, j) => (storedVA![j] += v));
  }
  return new IcioTable({
    countries,
    sectors,
    fdCategories,
    Z,
    Y,
    storedVA,
    unit: zb.rowKeys[0][2] || 'as in the file',
    year: o.year,
    source: dir,
  });
}
