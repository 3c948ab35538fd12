/**
 * EXIOBASE (exiobase.eu), the three generations as distributed:
 * - EXIOBASE 3 (ixi: 163 industries, pxp: 200 products; 49 regions), a folder or the zip
 *   `IOT_YYYY_{ixi,pxp}.zip` holding A.txt (coefficients), Y.txt (final demand), optionally
 *   x.txt and Z.txt, unit.txt and satellite/F.txt (whose value-added rows give the stored VA).
 *   Tab-separated; A has header rows region / sector plus an index-name row, and label columns
 *   region, sector.
 * - EXIOBASE 1 and 2: mrIot*.txt (coefficients; label columns region, sector, unit),
 *   mrFinalDemand*.txt and mrFactorInputs*.txt (value-added coefficients), in a folder or in the
 *   zip (EXIOBASE 2 files carry a `_version2.2.2` suffix).
 * Header rows and label columns are counted from the file, not assumed. Flows: Z.txt when
 * present; otherwise Z = A x̂ with x from x.txt, or x solving (I − A) x = y (y = row sums of Y,
 * one LU factorisation).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { lu, Matrix } from '@catena/linalg';
import { TableFormatError } from '../errors.js';
import { IcioTable } from '../table/icio-table.js';
import { parseNumberText, type Cells } from './cells.js';
import { forEachRow } from './lines.js';
import { zipEntrySource } from './stream.js';
import { zipEntries } from './zip.js';

export const EXIO_KNOWN =
  'known EXIOBASE layouts: EXIOBASE 3 (IOT_YYYY_ixi / IOT_YYYY_pxp folder or zip: A.txt, Y.txt, [x.txt, Z.txt, unit.txt, satellite/F.txt]) and EXIOBASE 1/2 (mrIot, mrFinalDemand, mrFactorInputs .txt)';

/** Named text entries of an EXIOBASE folder or zip (path relative to the root, without a common top folder), read line by line. */
interface Source {
  label: string;
  names: string[];
  rows(name: string, onRow: (cells: Cells) => void): Promise<unknown>;
}

function folderSource(dir: string): Source {
  const names: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p, `${rel}${f}/`);
      else names.push(`${rel}${f}`);
    }
  };
  walk(dir, '');
  return {
    label: dir,
    names,
    rows: (n, onRow) => forEachRow(join(dir, n), onRow, { sep: 9 }),
  };
}

/** A zip read in place: entries are streamed from disk (stream.ts), never unpacked whole. */
function zipSource(file: string): Source {
  const entries = zipEntries(file).filter((e) => !e.name.endsWith('/') && !e.name.includes('__MACOSX'));
  const tops = new Set(entries.map((e) => e.name.split('/')[0]));
  const strip = tops.size === 1 && entries.every((e) => e.name.includes('/')) ? [...tops][0].length + 1 : 0;
  const map = new Map(entries.map((e) => [e.name.slice(strip), e]));
  return { label: file, names: [...map.keys()], rows: (n, onRow) => forEachRow(zipEntrySource(file, map.get(n)!), onRow, { sep: 9 }) };
}

/** Which generation a path holds, or null. */
export function exiobaseKind(path: string): 'exio3' | 'exio12' | null {
  if (!existsSync(path)) return null;
  const isDir = statSync(path).isDirectory();
  if (!isDir && !/\.zip$/i.test(path)) return null;
  let names: string[];
  if (isDir) names = readdirSync(path);
  else {
    if (!/(IOT_\d{4}_(ixi|pxp)|mrIOT|exio)/i.test(basename(path))) return null;
    return /mrIOT/i.test(basename(path)) ? 'exio12' : 'exio3';
  }
  if (names.includes('A.txt') && names.includes('Y.txt')) return 'exio3';
  if (names.some((n) => /^mrIot.*\.txt$/.test(n))) return 'exio12';
  return null;
}

interface Labelled {
  file: string;
  colKeys: [string, string][];
  rowKeys: string[][];
  /** Row-major values (empty when read `square` into `matrix`). */
  values: Float64Array;
  /** The values as a column-major square Matrix, when read with `square`. */
  matrix?: Matrix;
  rows: number;
  cols: number;
}

function isNum(c: string | undefined): boolean {
  return c !== undefined && c.trim() !== '' && parseNumberText(c) === parseNumberText(c);
}

/**
 * Reads a labelled tab-separated matrix: header lines (first two give region and sector/category
 * of each column), then rows with label columns. Label columns are the leading non-numeric cells
 * of the first data line; header lines all lines before it.
 */
async function readLabelled(src: Source, name: string, minHeader = 2, square = false): Promise<Labelled> {
  const file = `${src.label}${src.label.endsWith('.zip') ? ':' : '/'}${name}`;
  const head: string[][] = [];
  const rowKeys: string[][] = [];
  let ic = -1;
  let width = 0;
  let chunks: Float64Array[] = [];
  let filled = 0;
  const CH = 1 << 20;
  let cur = new Float64Array(CH);
  let matrix: Matrix | undefined;
  const put = (r: number, j: number, v: number) => {
    if (matrix) {
      matrix.data[r + j * width] = v;
      return;
    }
    if (filled === CH) {
      chunks.push(cur);
      cur = new Float64Array(CH);
      filled = 0;
    }
    cur[filled++] = v;
  };
  const tooMany = (no: number) =>
    new TableFormatError(file, `line ${no}`, `more than ${width} data rows`, `${width} rows, one per column (a square matrix)`);
  await src.rows(name, (c) => {
    const no = c.lineNo;
    if (ic < 0) {
      // header lines and the first data line, as text: the label columns are its leading non-numeric cells
      const cells = c.rest();
      if (cells.every((x) => x.trim() === '')) return;
      const k = cells.findIndex((x) => isNum(x));
      if (k < 0) {
        head.push(cells);
        return;
      }
      ic = k;
      if (head.length < minHeader)
        throw new TableFormatError(
          file,
          `line ${no}`,
          `${head.length} header lines`,
          `${minHeader} header lines (region, sector or category); ${EXIO_KNOWN}`,
        );
      width = head[0].length - ic;
      if (square) matrix = new Matrix(width, width);
      if (cells.length < ic + width || cells.slice(ic + width).some((x) => x.trim() !== ''))
        throw new TableFormatError(file, `line ${no}`, `${cells.length} cells`, `${ic + width} cells, as the header (a truncated file?)`);
      rowKeys.push(cells.slice(0, ic));
      for (let j = 0; j < width; j++) {
        const t = cells[ic + j];
        const v = t.trim() === '' ? 0 : parseNumberText(t);
        if (v !== v && t.trim().toUpperCase() !== 'NA') {
          c.j = ic + j;
          throw c.bad(t);
        }
        put(0, j, v);
      }
      return;
    }
    if (c.b === c.p) return;
    const r = rowKeys.length;
    if (matrix && r >= width) throw tooMany(no);
    const keys: string[] = new Array(ic);
    for (let k = 0; k < ic; k++) {
      if (c.done) throw new TableFormatError(file, `line ${no}`, `${k} cells`, `${ic + width} cells, as the header (a truncated file?)`);
      keys[k] = c.text();
    }
    c.width = ic + width;
    for (let j = 0; j < width; j++) {
      if (c.done)
        throw new TableFormatError(file, `line ${no}`, `${ic + j} cells`, `${ic + width} cells, as the header (a truncated file?)`);
      put(r, j, c.number());
    }
    while (!c.done) {
      const t = c.text();
      if (t.trim() !== '')
        throw new TableFormatError(file, `line ${no}`, `more than ${ic + width} cells`, `${ic + width} cells, as the header`);
    }
    rowKeys.push(keys);
  });
  if (ic < 0) throw new TableFormatError(file, '', 'no data rows', `header lines and numeric rows; ${EXIO_KNOWN}`);
  chunks.push(cur.subarray(0, filled));
  const values = new Float64Array(rowKeys.length * width);
  let o = 0;
  for (const c of chunks) {
    values.set(c, o);
    o += c.length;
  }
  chunks = [];
  const colKeys = Array.from(
    { length: width },
    (_, j) => [head[0][ic + j]?.trim() ?? '', head[1]?.[ic + j]?.trim() ?? ''] as [string, string],
  );
  return { file, colKeys, rowKeys, values, matrix, rows: rowKeys.length, cols: width };
}

function find(src: Source, re: RegExp, what: string, required: true): string;
function find(src: Source, re: RegExp, what: string, required: false): string | undefined;
function find(src: Source, re: RegExp, what: string, required: boolean): string | undefined {
  const n = src.names.find((x) => re.test(x));
  if (!n && required)
    throw new TableFormatError(src.label, '', `no ${what} (files: ${src.names.slice(0, 12).join(', ')})`, `${what}; ${EXIO_KNOWN}`);
  return n;
}

export async function readExiobase(path: string, o: { year?: number } = {}): Promise<IcioTable> {
  const kind = exiobaseKind(path);
  if (!kind) throw new TableFormatError(path, '', 'neither A.txt and Y.txt nor mrIot*.txt', EXIO_KNOWN);
  const src = statSync(path).isDirectory() ? folderSource(path) : zipSource(path);
  const exio3 = kind === 'exio3' && src.names.includes('A.txt');
  const aName = exio3 ? 'A.txt' : find(src, /^mrIot[^/]*\.txt$/, 'mrIot*.txt', true);
  const yName = exio3 ? find(src, /^Y\.txt$/, 'Y.txt', true) : find(src, /^mrFinalDemand[^/]*\.txt$/, 'mrFinalDemand*.txt', true);
  const zName = exio3 ? find(src, /^Z\.txt$/, 'Z.txt', false) : undefined;
  const a = await readLabelled(src, zName ?? aName, 2, true);
  const GN = a.rows;
  if (a.cols !== GN) throw new TableFormatError(a.file, 'line 1', `${a.cols} columns`, `${GN} columns, one per row (a square matrix)`);
  const countries: string[] = [];
  const sectors: string[] = [];
  for (const k of a.rowKeys) {
    if (!countries.includes(k[0])) countries.push(k[0]);
    if (countries.length === 1) sectors.push(k[1]);
  }
  const G = countries.length;
  const N = sectors.length;
  if (G * N !== GN)
    throw new TableFormatError(
      a.file,
      '',
      `${GN} rows`,
      `${G} regions × ${N} sectors = ${G * N} (every region with the sectors of ${countries[0]})`,
    );
  a.rowKeys.forEach((k, i) => {
    const want = [countries[Math.floor(i / N)], sectors[i % N]];
    if (k[0] !== want[0] || k[1] !== want[1])
      throw new TableFormatError(
        a.file,
        `data row ${i + 1}`,
        `${k[0]} / ${k[1]}`,
        `${want[0]} / ${want[1]} (region-major, the same sectors in every region)`,
      );
    const c = a.colKeys[i];
    if (c[0] !== want[0] || c[1] !== want[1])
      throw new TableFormatError(a.file, `column ${i + 1} of the data`, `${c[0]} / ${c[1]}`, `${want[0]} / ${want[1]}, as the rows`);
  });

  const yb = await readLabelled(src, yName);
  if (yb.rows !== GN) throw new TableFormatError(yb.file, '', `${yb.rows} rows`, `${GN}, as ${basename(a.file)}`);
  const fdCategories: string[] = [];
  for (const [reg, cat] of yb.colKeys) if (reg === yb.colKeys[0][0]) fdCategories.push(cat);
  const F = fdCategories.length;
  const Y = new Matrix(GN, G * F);
  yb.colKeys.forEach(([reg, cat], j) => {
    const g = countries.indexOf(reg);
    const f = fdCategories.indexOf(cat);
    if (g < 0 || f < 0)
      throw new TableFormatError(
        yb.file,
        `column ${j + 1} of the data`,
        `${reg} / ${cat}`,
        `a region of ${basename(a.file)} and a category of ${countries[0]}`,
      );
    const dst = Y.col(g * F + f);
    for (let i = 0; i < GN; i++) dst[i] += yb.values[i * yb.cols + j];
  });

  const Z = a.matrix!;
  let x: Float64Array | undefined;
  let xStored: Float64Array | undefined;
  if (!zName) {
    const xName = exio3 ? find(src, /^x\.txt$/, 'x.txt', false) : undefined;
    if (xName) {
      const xb = await readLabelled(src, xName, 1);
      if (xb.rows !== GN) throw new TableFormatError(xb.file, '', `${xb.rows} rows`, `${GN}`);
      x = Float64Array.from({ length: GN }, (_, i) => xb.values[i * xb.cols]);
      xStored = x;
    } else {
      // (I − A) x = y; I − A is formed in place (and undone) to hold only one extra GN × GN copy, the LU's
      const flip = () => {
        for (let k = 0; k < GN * GN; k++) Z.data[k] = -Z.data[k];
      };
      const diag = Float64Array.from({ length: GN }, (_, i) => Z.data[i + i * GN]);
      flip();
      for (let i = 0; i < GN; i++) Z.data[i + i * GN] += 1;
      try {
        x = lu(Z, { context: `I − A of ${a.file}` }).solve(Y.rowSums());
      } finally {
        flip();
        // the diagonal is restored from the copy: (1 − a) − 1 need not give back a exactly
        for (let i = 0; i < GN; i++) Z.data[i + i * GN] = diag[i];
      }
    }
    for (let j = 0; j < GN; j++) {
      const c = Z.col(j);
      for (let i = 0; i < GN; i++) c[i] *= x[j];
    }
  }
  let storedVA: Float64Array | undefined;
  const fName = exio3
    ? find(src, /(^|\/)satellite\/F\.txt$/, 'satellite/F.txt', false)
    : find(src, /^mrFactorInputs[^/]*\.txt$/, 'mrFactorInputs', false);
  if (fName) {
    const fb = await readLabelled(src, fName);
    if (fb.cols === GN) {
      const rows = fb.rowKeys
        .map((k, r) =>
          exio3
            ? /^(Taxes less subsidies|Other net taxes|Compensation of employees|Operating surplus|Value Added)/i.test(k[0])
              ? r
              : -1
            : r,
        )
        .filter((r) => r >= 0);
      if (rows.length) {
        storedVA = new Float64Array(GN);
        for (const r of rows) for (let j = 0; j < GN; j++) storedVA[j] += fb.values[r * GN + j] * (exio3 ? 1 : (x?.[j] ?? 1));
      }
    }
  }
  let unit = 'million EUR';
  const uName = exio3 ? find(src, /^unit\.txt$/, 'unit.txt', false) : undefined;
  if (uName) {
    await src.rows(uName, (c) => {
      if (c.lineNo === 2) unit = c.rest()[2]?.trim() || unit;
    });
  } else if (!exio3) unit = a.rowKeys[0][2]?.replace(/\/.*$/, '') || unit;
  const yearMatch = /(?:IOT_|_)((?:19|20)\d{2})(?:_|\b)/.exec(src.label);
  const system = /pxp/i.test(src.label) ? 'pxp' : /ixi/i.test(src.label) ? 'ixi' : /PxP/.test(src.label) ? 'pxp' : '';
  return new IcioTable({
    countries,
    sectors,
    fdCategories,
    Z,
    Y,
    storedVA,
    storedOutput: xStored,
    unit,
    year: o.year ?? (yearMatch ? Number(yearMatch[1]) : undefined),
    source: `EXIOBASE ${exio3 ? '3' : '1/2'}${system ? ` ${system}` : ''}${zName ? '' : x ? ' (Z = A x̂)' : ''}: ${src.label}`,
  });
}
