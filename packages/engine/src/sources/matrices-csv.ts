/**
 * Three plain matrices in CSV (the layout of the leather example): `<name>_inter.csv` (Z, GN × GN),
 * `<name>_final.csv` (Y, one column per country) and `<name>_out.csv` (stored output), each with a
 * header line of column names and no row labels. Country and sector names are not in the files:
 * give them, or they are C1…CG and S1…SN.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readdirSync } from 'node:fs';
import { Matrix } from '@catena/linalg';
import { TableFormatError } from '../errors.js';
import { IcioTable } from '../table/icio-table.js';
import { readLabelledRows } from './lines.js';
import { yearFromName } from './wide-csv.js';

export interface MatricesCsvOptions {
  countries?: string[];
  sectors?: string[];
  unit?: string;
  year?: number;
  maxBytes?: number;
}

/** The three files of a matrices table, from its folder or from any of the three paths. */
export function matricesFiles(path: string): { inter: string; final: string; out?: string } | null {
  let stem: string | null = null;
  if (existsSync(path) && statSync(path).isDirectory()) {
    const f = readdirSync(path).find((n) => /_inter\.csv(\.gz)?$/.test(n));
    if (f) stem = join(path, f.replace(/_inter\.csv(\.gz)?$/, ''));
  } else {
    const m = /^(.*)_(inter|final|out)\.csv(\.gz)?$/.exec(basename(path));
    if (m) stem = join(dirname(path), m[1]);
  }
  if (!stem) return null;
  const pick = (suffix: string) => [`${stem}_${suffix}.csv`, `${stem}_${suffix}.csv.gz`].find((p) => existsSync(p));
  const inter = pick('inter');
  const final = pick('final');
  if (!inter || !final) return null;
  return { inter, final, out: pick('out') };
}

async function readNumbers(path: string, maxBytes?: number): Promise<{ rows: number; cols: number; data: Float64Array }> {
  const raw = await readLabelledRows(path, { labelColumns: 0, maxBytes, expected: 'a header line of column names and rows of numbers' });
  const rows = raw.values.length;
  const cols = raw.header[0].length;
  const m = new Matrix(rows, cols);
  raw.values.forEach((v, i) => v.forEach((x, j) => (m.data[i + j * rows] = x)));
  return { rows, cols, data: m.data };
}

export async function readMatricesCsv(path: string, o: MatricesCsvOptions = {}): Promise<IcioTable> {
  const files = matricesFiles(path);
  if (!files)
    throw new TableFormatError(
      path,
      '',
      'no <name>_inter.csv with a <name>_final.csv beside it',
      'the three files <name>_inter.csv, <name>_final.csv and <name>_out.csv',
    );
  const Zr = await readNumbers(files.inter, o.maxBytes);
  if (Zr.rows !== Zr.cols)
    throw new TableFormatError(files.inter, '', `a ${Zr.rows} × ${Zr.cols} matrix`, 'a square intermediate matrix Z (GN × GN)');
  const Yr = await readNumbers(files.final, o.maxBytes);
  const GN = Zr.rows;
  if (Yr.rows !== GN) throw new TableFormatError(files.final, '', `${Yr.rows} rows`, `${GN} rows, as Z has`);
  const G = o.countries?.length ?? Yr.cols;
  if (Yr.cols % G !== 0)
    throw new TableFormatError(files.final, 'line 1', `${Yr.cols} final-demand columns`, `a multiple of the ${G} countries`);
  const F = Yr.cols / G;
  if (GN % G !== 0)
    throw new TableFormatError(files.inter, '', `${GN} rows`, `a multiple of the ${G} countries (one final-demand column each)`);
  const N = GN / G;
  const countries = o.countries ?? Array.from({ length: G }, (_, g) => `C${g + 1}`);
  const sectors = o.sectors ?? Array.from({ length: N }, (_, n) => `S${n + 1}`);
  if (sectors.length !== N)
    throw new TableFormatError(files.inter, '', `${N} sectors per country`, `${sectors.length}, as many as the sector names given`);
  let storedOutput: Float64Array | undefined;
  if (files.out) {
    const Xr = await readNumbers(files.out, o.maxBytes);
    if (Xr.rows !== GN || Xr.cols !== 1)
      throw new TableFormatError(files.out, '', `a ${Xr.rows} × ${Xr.cols} table`, `one column of ${GN} outputs`);
    storedOutput = Xr.data;
  }
  const fdCategories = F === 1 ? ['final'] : Array.from({ length: F }, (_, f) => `F${f + 1}`);
  return new IcioTable({
    countries,
    sectors,
    fdCategories,
    Z: new Matrix(GN, GN, Zr.data),
    Y: new Matrix(GN, G * F, Yr.data),
    storedOutput,
    unit: o.unit ?? 'as in the file',
    year: o.year ?? yearFromName(files.inter),
    source: files.inter.replace(/_inter\.csv(\.gz)?$/, '_{inter,final,out}.csv'),
  });
}
