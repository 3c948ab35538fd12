/**
 * FIGARO (Eurostat's EU inter-country supply, use and input-output tables), the symmetric
 * input-output tables as Eurostat publishes them in CSV:
 *
 * - matrix format, `matrix_eu-ic-io_ind-by-ind_23ed_YYYY.csv` (industry by industry, NACE codes
 *   A01…) or `…_prod-by-prod_…` (product by product, CPA codes CPA_A01…): a header
 *   `rowLabels, AR_A01, …, AR_P3_S13, AR_P3_S14, AR_P3_S15, AR_P51G, AR_P5M, …`, one row per
 *   country-industry, then value-added and tax rows of the pseudo-area W2 (W2_D1, W2_D29X39,
 *   W2_B2A3G, W2_D21X31, W2_OP_RES, W2_OP_NRES, …);
 * - long ("flat") format, `flatfile_eu-ic-io_…csv`: a header with refArea, rowPi,
 *   counterpartArea, colPi and obsValue (other columns ignored), one line per non-empty cell.
 *
 * Countries use ISO 2 codes (Greece EL, the rest of the world FIGW1); they are turned into
 * ISO 3 (FIGW1 → ROW). Final-use codes become GGFC (P3_S13), HFCE (P3_S14), NPISH (P3_S15),
 * GFCF (P51G), INVNT (P5M). Rows of the pseudo-area W2 are kept as storedVA (their sum).
 * The long format is read in a streaming way into matrices sized from a first pass over the
 * labels, so memory stays at the dense table.
 */
import { basename } from 'node:path';
import { Matrix } from '@catena/linalg';
import { ISO2_TO_ISO3 } from '../concordance/iso3.js';
import { TableFormatError } from '../errors.js';
import { IcioTable } from '../table/icio-table.js';
import { splitCells, type Cells } from './cells.js';
import { forEachRow, headLines } from './lines.js';
import { textSource, withKnownVintages, type TextSource } from './stream.js';

export const FIGARO_KNOWN =
  'FIGARO 2021–2024 editions (matrix_eu-ic-io_ind-by-ind_*.csv, matrix_eu-ic-io_prod-by-prod_*.csv, flatfile_eu-ic-io_*.csv)';

const FD: Record<string, string> = { P3_S13: 'GGFC', P3_S14: 'HFCE', P3_S15: 'NPISH', P51G: 'GFCF', P5M: 'INVNT' };

/** ISO 2 (as FIGARO writes them: Greece EL, the United Kingdom UK) → ISO 3, from the common table, plus FIGW1 → ROW. */
export const FIGARO_ISO3: Record<string, string> = { ...ISO2_TO_ISO3, FIGW1: 'ROW' };
const iso3 = (c: string) => FIGARO_ISO3[c] ?? c;

/** Whether a path is a FIGARO CSV, by name or header. */
export function isFigaro(path: string, firstLine: () => string): boolean {
  const b = basename(path);
  if (/^(matrix|flatfile)_eu-ic-io_/i.test(b)) return true;
  if (!/\.(csv|csv\.gz)$/i.test(b)) return false;
  const h = firstLine();
  if (/^"?rowLabels"?,/i.test(h)) return true;
  const cells = splitCells(h).map((c) => c.trim().toLowerCase());
  return ['refarea', 'rowpi', 'counterpartarea', 'colpi', 'obsvalue'].every((c) => cells.includes(c));
}

export interface FigaroReadOptions {
  year?: number;
  unit?: string;
}

/** Splits `AR_A01` / `AR_CPA_A01` / `AR_P3_S13` into area and code at the first underscore. */
function splitLabel(l: string): [string, string] {
  const u = l.indexOf('_');
  return u > 0 ? [l.slice(0, u), l.slice(u + 1)] : ['', l];
}

export function readFigaro(path: string, o: FigaroReadOptions = {}): Promise<IcioTable> {
  return withKnownVintages(FIGARO_KNOWN, () => readFigaroFile(path, o));
}

async function readFigaroFile(path: string, o: FigaroReadOptions): Promise<IcioTable> {
  const src = textSource(path);
  const line = headLines(src, 1)[0] ?? '';
  const cells = splitCells(line).map((c) => c.trim().toLowerCase());
  const long = cells.includes('obsvalue');
  if (!long && !/^rowlabels$/i.test(cells[0] ?? '') && cells.length < 3) {
    throw new TableFormatError(
      src.name,
      'line 1',
      `'${line.slice(0, 60)}'`,
      `a header 'rowLabels, AR_A01, …' (matrix) or 'refArea, rowPi, counterpartArea, colPi, obsValue' (long); known: ${FIGARO_KNOWN}`,
    );
  }
  const year = o.year ?? (/_(\d{4})\.csv/i.exec(basename(path)) ? Number(/_(\d{4})\.csv/i.exec(basename(path))![1]) : undefined);
  const kind = /prod-by-prod/i.test(basename(path))
    ? 'product by product'
    : /ind-by-ind/i.test(basename(path))
      ? 'industry by industry'
      : '';
  const source = `FIGARO${kind ? ` ${kind}` : ''}: ${src.name}`;
  return long ? readLong(src, { ...o, year, source }) : readMatrix(src, { ...o, year, source });
}

interface Ctx extends FigaroReadOptions {
  source: string;
}

async function readMatrix(src: TextSource, o: Ctx): Promise<IcioTable> {
  const file = src.name;
  let header: string[] = [];
  const zLabels: string[] = [];
  const countries: string[] = [];
  let sectors: string[] = [];
  const categories: string[] = [];
  let fdTarget = new Int32Array(0);
  let GN = 0;
  let F = 0;
  let Z: Matrix | null = null;
  let Y: Matrix | null = null;
  let storedVA: Float64Array | null = null;
  let i = 0;
  let last = 0;
  let row = new Float64Array(0); // the numbers of one row, reused
  await forEachRow(src, (c) => {
    const ln = c.lineNo;
    last = ln;
    if (header.length === 0) {
      header = c.rest().map((h) => h.trim());
      c.width = header.length;
      c.columnName = (j) => `${j + 1} ('${header[j] ?? ''}')`;
      const fd: { j: number; c: string; cat: string }[] = [];
      for (let j = 1; j < header.length; j++) {
        const [a, code] = splitLabel(header[j]);
        if (!a)
          throw new TableFormatError(
            file,
            `line 1, column ${j + 1}`,
            `'${header[j]}'`,
            `AREA_code (e.g. AT_A01 or AT_P3_S14); known: ${FIGARO_KNOWN}`,
          );
        if (FD[code]) fd.push({ j, c: iso3(a), cat: FD[code] });
        else if (fd.length)
          throw new TableFormatError(
            file,
            `line 1, column ${j + 1}`,
            `'${header[j]}' after the final-use columns`,
            `final-use columns (…_P3_S13, _P3_S14, _P3_S15, _P51G, _P5M) last`,
          );
        else zLabels.push(header[j]);
      }
      GN = zLabels.length;
      if (GN === 0 || fd.length === 0)
        throw new TableFormatError(file, 'line 1', `${GN} industry and ${fd.length} final-use columns`, `both (known: ${FIGARO_KNOWN})`);
      const sectorsOf = new Map<string, string[]>();
      for (const l of zLabels) {
        const [a, code] = splitLabel(l);
        const c = iso3(a);
        if (!sectorsOf.has(c)) {
          countries.push(c);
          sectorsOf.set(c, []);
        } else if (countries[countries.length - 1] !== c)
          throw new TableFormatError(file, `line 1, column '${l}'`, `area ${a} again`, 'the columns of each area together');
        sectorsOf.get(c)!.push(code);
      }
      sectors = sectorsOf.get(countries[0])!;
      for (const c of countries) {
        const s = sectorsOf.get(c)!;
        if (s.length !== sectors.length || s.some((x, k) => x !== sectors[k]))
          throw new TableFormatError(
            file,
            `line 1, columns of ${c}`,
            `${s.length} codes`,
            `the ${sectors.length} codes of ${countries[0]}`,
          );
      }
      for (const f of fd) if (!categories.includes(f.cat)) categories.push(f.cat);
      F = categories.length;
      fdTarget = new Int32Array(header.length).fill(-1);
      for (const f of fd) {
        const g = countries.indexOf(f.c);
        if (g < 0)
          throw new TableFormatError(
            file,
            `line 1, column ${f.j + 1}`,
            `final use of '${f.c}'`,
            `an area of the industry columns (${countries.join(', ')})`,
          );
        fdTarget[f.j] = g * F + categories.indexOf(f.cat);
      }
      Z = new Matrix(GN, GN);
      Y = new Matrix(GN, countries.length * F);
      return;
    }
    const label = c.text().trim();
    if (i < GN) {
      if (label !== zLabels[i])
        throw new TableFormatError(
          file,
          `line ${ln}`,
          `row label '${label}'`,
          `'${zLabels[i]}' (rows in the order of the columns; row ${i + 1} of ${GN})`,
        );
      const zd = Z!.data;
      if (row.length !== header.length) row = new Float64Array(header.length);
      c.numbers(row, 1, header.length - 1);
      c.end();
      for (let k = 0; k < GN; k++) zd[i + k * GN] = row[k + 1];
      const yd = Y!.data;
      for (let j = GN + 1; j < header.length; j++) yd[i + fdTarget[j] * GN] = row[j];
      i++;
      return;
    }
    if (!/^W2_/.test(label))
      throw new TableFormatError(file, `line ${ln}`, `row label '${label}'`, `W2_… value-added and tax rows after the ${GN} industry rows`);
    storedVA ??= new Float64Array(GN);
    for (let k = 0; k < GN; k++) storedVA[k] += c.number();
    for (let j = GN + 1; j < header.length; j++) c.skip();
    c.end();
  });
  if (last === 0) throw new TableFormatError(file, '', 'an empty file', `a FIGARO table (${FIGARO_KNOWN})`);
  if (i < GN)
    throw new TableFormatError(
      file,
      `line ${last}`,
      `the file ends after ${i} of ${GN} industry rows`,
      'a row for every industry column (truncated download?)',
    );
  return new IcioTable({
    countries,
    sectors,
    fdCategories: categories,
    Z: Z!,
    Y: Y!,
    storedVA: storedVA ?? undefined,
    unit: o.unit ?? 'million EUR',
    year: o.year,
    source: o.source,
  });
}

async function readLong(src: TextSource, o: Ctx): Promise<IcioTable> {
  const file = src.name;
  // Pass 1: the areas and codes, in order of appearance.
  let col: Record<string, number> = {};
  const countries: string[] = [];
  const sectorSet: string[] = [];
  const catSet: string[] = [];
  const seenC = new Set<string>();
  const seenS = new Set<string>();
  let width = 0;
  /** The cells of one line that the long format uses (by column), the value as a number. */
  const cellsOf = (c: Cells): { t: string[]; v: number } => {
    const t: string[] = new Array(width);
    let v = 0;
    for (let k = 0; k < width; k++) {
      if (c.done)
        throw new TableFormatError(file, `line ${c.lineNo}`, `${k} cells`, 'refArea, rowPi, counterpartArea, colPi, obsValue (truncated?)');
      if (k === col.obsvalue) v = c.number();
      else if (k === col.refarea || k === col.rowpi || k === col.counterpartarea || k === col.colpi) t[k] = c.text();
      else c.skip();
    }
    return { t, v };
  };
  await forEachRow(src, (cur) => {
    if (width === 0) {
      const h = cur.rest().map((c) => c.trim().toLowerCase());
      width = h.length;
      cur.columnName = () => 'obsValue';
      col = {};
      for (const k of ['refarea', 'rowpi', 'counterpartarea', 'colpi', 'obsvalue']) {
        const j = h.indexOf(k);
        if (j < 0)
          throw new TableFormatError(
            file,
            'line 1',
            `columns ${h.join(', ')}`,
            `refArea, rowPi, counterpartArea, colPi, obsValue (long format; known: ${FIGARO_KNOWN})`,
          );
        col[k] = j;
      }
      return;
    }
    const c = cellsOf(cur).t;
    const a = c[col.refarea];
    if (a !== 'W2') {
      const r = iso3(a);
      if (!seenC.has(r)) {
        seenC.add(r);
        countries.push(r);
      }
      const s = c[col.rowpi];
      if (!seenS.has(s)) {
        seenS.add(s);
        sectorSet.push(s);
      }
    }
    const cp = c[col.colpi];
    if (FD[cp] && !catSet.includes(FD[cp])) catSet.push(FD[cp]);
  });
  const G = countries.length;
  const N = sectorSet.length;
  const F = catSet.length;
  if (G === 0 || F === 0)
    throw new TableFormatError(file, '', `${G} areas and ${F} final-use codes`, 'cells of country-industry rows and final-use columns');
  const GN = G * N;
  const Z = new Matrix(GN, GN);
  const Y = new Matrix(GN, G * F);
  const storedVA = new Float64Array(GN);
  let hasVA = false;
  const gOf = new Map(countries.map((c, g) => [c, g]));
  const nOf = new Map(sectorSet.map((s, n) => [s, n]));
  let header = true;
  await forEachRow(src, (cur) => {
    const ln = cur.lineNo;
    if (header) {
      header = false;
      cur.columnName = () => 'obsValue';
      return;
    }
    const { t: c, v } = cellsOf(cur);
    const b = gOf.get(iso3(c[col.counterpartarea]));
    const cp = c[col.colpi];
    const m = nOf.get(cp);
    if (c[col.refarea] === 'W2') {
      if (b === undefined || m === undefined)
        throw new TableFormatError(
          file,
          `line ${ln}`,
          `value-added cell for '${c[col.counterpartarea]}' '${cp}'`,
          'an area and industry of the table',
        );
      storedVA[b * N + m] += v;
      hasVA = true;
      return;
    }
    const i = gOf.get(iso3(c[col.refarea]))! * N + nOf.get(c[col.rowpi])!;
    if (b === undefined)
      throw new TableFormatError(
        file,
        `line ${ln}, column counterpartArea`,
        `'${c[col.counterpartarea]}'`,
        `an area of the table (${countries.join(', ')})`,
      );
    if (m !== undefined) Z.data[i + (b * N + m) * GN] += v;
    else if (FD[cp]) Y.data[i + (b * F + catSet.indexOf(FD[cp])) * GN] += v;
    else
      throw new TableFormatError(
        file,
        `line ${ln}, column colPi`,
        `'${cp}'`,
        `an industry code or a final-use code (${Object.keys(FD).join(', ')})`,
      );
  });
  return new IcioTable({
    countries,
    sectors: sectorSet,
    fdCategories: catSet,
    Z,
    Y,
    storedVA: hasVA ? storedVA : undefined,
    unit: o.unit ?? 'million EUR',
    year: o.year,
    source: o.source,
  });
}
