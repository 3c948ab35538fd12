/**
 * The "user-provided table" format of the Stata `icio` command (Belotti, Borin and Mancini),
 * `icio_load, iciotable(user, userpath(DIR) tablename(icio_table.csv) countrylistname(icio_countrylist.csv))`,
 * read and written so that a table can be cross-checked in Stata (and R or Julia, which read the
 * same headerless CSV):
 *
 * - the table: a headerless CSV of GN rows, each the country-sector's intermediate sales to the
 *   GN country-sectors, then its final sales to each of the G countries (categories summed),
 *   then its output x: GN + G + 1 numbers a row, country-major, sector-minor;
 * - the country list: a headerless CSV with one country code a line, in the table's order.
 *
 * The reader also takes the table without the output column (GN + G numbers a row) and with
 * an extra last row (value added or output, kept for diagnostics). The number of sectors comes
 * from the dimensions: N = (columns − G [− 1]) / G, checked against the number of rows. Sector
 * names are not in the format: s01…, or the names given (`sectors`). Final demand is one
 * category, FD.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { writeFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Matrix } from '@catena/linalg';
import { TableFormatError } from '../errors.js';
import { IcioTable } from '../table/icio-table.js';
import { parseNumberText, splitCells } from './cells.js';
import { forEachLine, forEachRow } from './lines.js';

export const STATA_TABLE = 'icio_table.csv';
export const STATA_COUNTRIES = 'icio_countrylist.csv';

/** The table and country-list files of a folder or of a table file with a list beside it. */
export function stataIcioFiles(path: string): { table: string; countries: string } | null {
  if (!existsSync(path)) return null;
  if (statSync(path).isDirectory()) {
    const t = join(path, STATA_TABLE);
    const c = join(path, STATA_COUNTRIES);
    if (existsSync(t) && existsSync(c)) return { table: t, countries: c };
    const files = readdirSync(path);
    const lists = files.filter((f) => /countr(y|ies)[ _-]?list.*\.csv$/i.test(f));
    const tables = files.filter((f) => /\.csv$/i.test(f) && !lists.includes(f));
    if (lists.length === 1 && tables.length === 1) return { table: join(path, tables[0]), countries: join(path, lists[0]) };
    return null;
  }
  if (!/\.csv$/i.test(path) || /countr(y|ies)[ _-]?list/i.test(basename(path))) return null;
  const dir = dirname(path);
  const lists = readdirSync(dir).filter((f) => /countr(y|ies)[ _-]?list.*\.csv$/i.test(f));
  if (lists.length !== 1) return null;
  return { table: path, countries: join(dir, lists[0]) };
}

/** Whether the first line of a file is headerless numbers (as the Stata icio table is). */
export function headerlessNumbers(first: string): boolean {
  const cells = splitCells(first);
  return cells.length > 2 && cells.every((c) => parseNumberText(c) === parseNumberText(c));
}

export interface StataIcioReadOptions {
  sectors?: string[];
  year?: number;
  unit?: string;
  /** The country-list file, when it is not beside the table. */
  countryList?: string;
  maxBytes?: number;
}

export async function readStataIcio(path: string, o: StataIcioReadOptions = {}): Promise<IcioTable> {
  const files = o.countryList ? { table: path, countries: o.countryList } : stataIcioFiles(path);
  if (!files) {
    throw new TableFormatError(
      path,
      '',
      'no Stata icio table and country list',
      `a folder with ${STATA_TABLE} and ${STATA_COUNTRIES} (or one table CSV and one *countrylist*.csv)`,
    );
  }
  const countries: string[] = [];
  forEachLine(files.countries, (l) => {
    const c = l.trim() === '' ? '' : splitCells(l)[0].trim();
    if (c !== '') countries.push(c);
  });
  const G = countries.length;
  if (G === 0) throw new TableFormatError(files.countries, '', 'an empty country list', 'one country code a line');
  // the rows, each as the numbers of its line (all lines as wide as the first, but for a last VA row)
  const data: Float64Array[] = [];
  const lineNos: number[] = [];
  let cols = 0;
  await forEachRow(
    files.table,
    (c) => {
      if (cols === 0) {
        const probe = new Float64Array(1 << 16);
        let n = 0;
        while (!c.done) {
          if (n === probe.length) throw new TableFormatError(files.table, 'line 1', `more than ${n} numbers`, 'a table of fewer columns');
          probe[n++] = c.number();
        }
        cols = n;
        c.width = cols;
        data.push(probe.slice(0, n));
      } else {
        const v = new Float64Array(cols);
        let n = 0;
        while (!c.done && n < cols) v[n++] = c.number();
        if (!c.done) c.end();
        data.push(n === cols ? v : v.subarray(0, n));
      }
      lineNos.push(c.lineNo);
    },
    { maxBytes: o.maxBytes },
  );
  if (data.length === 0) throw new TableFormatError(files.table, '', 'an empty file', 'GN rows of GN + G (+ 1) numbers');
  const rows = data.length;
  // Candidates: with or without the output column, with or without an extra last row.
  let N = -1;
  let hasOut = false;
  for (const out of [true, false]) {
    const rest = cols - G - (out ? 1 : 0);
    if (rest <= 0 || rest % G !== 0) continue;
    const n = rest / G;
    if (rows === G * n || rows === G * n + 1) {
      N = n;
      hasOut = out;
      break;
    }
  }
  if (N < 0) {
    throw new TableFormatError(
      files.table,
      'dimensions',
      `${rows} rows × ${cols} columns with ${G} countries (${files.countries})`,
      `GN rows (+1) of GN + G (+1) numbers for some N; e.g. N = 2 gives ${2 * G} rows of ${3 * G + 1}`,
    );
  }
  const GN = G * N;
  const sectors = o.sectors ?? Array.from({ length: N }, (_, n) => `s${String(n + 1).padStart(2, '0')}`);
  if (sectors.length !== N)
    throw new TableFormatError(
      files.table,
      'dimensions',
      `${sectors.length} sector names given`,
      `${N}, the number of sectors of the table`,
    );
  const Z = new Matrix(GN, GN);
  const Y = new Matrix(GN, G);
  const stored = hasOut ? new Float64Array(GN) : undefined;
  let storedVA: Float64Array | undefined;
  for (let i = 0; i < rows; i++) {
    const cells = data[i];
    if (cells.length !== cols && !(i === GN && cells.length >= GN))
      throw new TableFormatError(files.table, `line ${lineNos[i]}`, `${cells.length} numbers`, `${cols}, as in line 1`);
    if (i === GN) {
      storedVA = cells.slice(0, GN);
      continue;
    }
    for (let j = 0; j < GN; j++) Z.data[i + j * GN] = cells[j];
    for (let g = 0; g < G; g++) Y.data[i + g * GN] = cells[GN + g];
    if (stored) stored[i] = cells[GN + G];
  }
  // An extra last row equal to output is output, not value added.
  let storedOutput: Float64Array | undefined = stored;
  if (storedVA && stored && storedVA.every((v, k) => Math.abs(v - stored[k]) <= 1e-9 * Math.max(1, Math.abs(v)))) storedVA = undefined;
  else if (storedVA && !stored) {
    const x = new IcioTable({ countries, sectors, fdCategories: ['FD'], Z, Y }).x;
    if (storedVA.every((v, k) => Math.abs(v - x[k]) <= 1e-6 * Math.max(1, Math.abs(v)))) {
      storedOutput = storedVA;
      storedVA = undefined;
    }
  }
  return new IcioTable({
    countries,
    sectors,
    fdCategories: ['FD'],
    Z,
    Y,
    storedOutput,
    storedVA,
    unit: o.unit,
    year: o.year,
    source: `Stata icio user table: ${files.table}`,
  });
}

/**
 * Writes a table in the Stata icio user format into `dir`: icio_table.csv (GN rows of Z, final
 * demand by destination country, output x; full precision) and icio_countrylist.csv. Existing
 * files are replaced only with `overwrite`; each file is written to a temporary name and then
 * renamed, so no half-written file is left behind.
 */
export async function writeStataIcio(
  t: IcioTable,
  dir: string,
  o: { overwrite?: boolean } = {},
): Promise<{ table: string; countries: string }> {
  const table = join(dir, STATA_TABLE);
  const countries = join(dir, STATA_COUNTRIES);
  if (!o.overwrite) {
    for (const f of [table, countries])
      if (existsSync(f)) throw new TableFormatError(f, '', 'an existing file', 'a new file (pass overwrite / --force to replace it)');
  }
  mkdirSync(dir, { recursive: true });
  const { GN, G } = t;
  const Z = t.Z.data;
  const Yc = t.Yc.data;
  const x = t.x;
  const parts: string[] = [];
  for (let i = 0; i < GN; i++) {
    const cells: string[] = new Array(GN + G + 1);
    for (let j = 0; j < GN; j++) cells[j] = String(Z[i + j * GN]);
    for (let g = 0; g < G; g++) cells[GN + g] = String(Yc[i + g * GN]);
    cells[GN + G] = String(x[i]);
    parts.push(cells.join(','));
  }
  const write = async (path: string, text: string) => {
    const tmp = `${path}.tmp-${process.pid}`;
    await writeFile(tmp, text);
    await rename(tmp, path);
  };
  await write(table, parts.join('\n') + '\n');
  await write(countries, t.countries.join('\n') + '\n');
  return { table, countries };
}

/** Whether a path is a Stata icio user table: a folder with the two files, or a headerless numeric CSV with a country list beside it. */
export function isStataIcio(path: string, firstLine: () => string): boolean {
  try {
    const f = stataIcioFiles(path);
    if (!f) return false;
    return f.table !== path || headerlessNumbers(firstLine());
  } catch {
    return false;
  }
}
