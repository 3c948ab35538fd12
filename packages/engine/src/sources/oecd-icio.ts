/**
 * OECD Inter-Country Input-Output tables (ICIO), CSV or the zip as downloaded, every edition:
 *
 * | edition | files                                   | final-use columns      | extra columns | rows after the country-sectors |
 * |---------|-----------------------------------------|------------------------|---------------|--------------------------------|
 * | 2016    | ICIO2016_YYYY.csv (zip)                 | HFCE_CCC … (category first), DISC | —  | VA+TAXSUB, OUT                 |
 * | 2018    | ICIO2018_YYYY.CSV in ICIO2018_YYYY.zip  | CCC_HFCE … CCC_P33     | TOTAL         | CCC_TAXSUB (one per country), VALU, OUTPUT |
 * | 2021    | ICIO2021_YYYY.csv in ICIO_YYYY-YYYY.zip | CCC_HFCE … CCC_DPABR   | TOTAL         | CCC_TAXSUB, VALU, OUTPUT       |
 * | 2023    | YYYY.csv / YYYY_SML.csv in YYYY-YYYY(_SML).zip | CCC_HFCE … CCC_DPABR | OUT   | TLS, VA, OUT                   |
 *
 * The file is streamed line by line (plain, gzip or zip entry), straight into Z and Y.
 * Country-sector labels are `CCC_sector`; the intermediate-use columns name the rows, in order.
 * Final-use category names are harmonised across editions: NPS → NPISH, INV → INVNT,
 * DIRP / DIRPA / P33 / DPABR → DPABR (direct purchases abroad by residents).
 *
 * - The 2016 DISC column (statistical discrepancy, no country) becomes a final-use category
 *   DISC of the producing country itself, so output x keeps it and it is not counted as an
 *   export (exvatools instead adds a pseudo-country DISC).
 * - Stored value added (storedVA) = value added + taxes less subsidies rows (what x − column
 *   sums of Z measures); stored output = the OUT/OUTPUT row, else the TOTAL column.
 * - China and Mexico: in the "extended" tables the CHN and MEX rows and columns are zero and
 *   their flows sit in CN1/CN2 (2016: CN1–CN4) and MX1/MX2 (2016: MX1–MX3); these are melded
 *   back by summing rows and columns while reading (the same sums as meldSplits, without a
 *   second copy of the table) unless `keepSplits`. Split parts have no
 *   final-use columns of their own (their final use is absorbed by CHN/MEX); with keepSplits
 *   they get zero final-use columns.
 */
import { basename } from 'node:path';
import { Matrix } from '@catena/linalg';
import { TableFormatError } from '../errors.js';
import { IcioTable } from '../table/icio-table.js';
import { splitParent } from '../concordance/splits.js';
import { splitCells } from './cells.js';
import { forEachRow } from './lines.js';
import { sourceName, textSource, withKnownVintages, type Source } from './stream.js';
import type { ZipEntry } from './zip.js';

export const OECD_KNOWN_VINTAGES =
  'OECD ICIO 2016 edition (ICIO2016_1995…2011), 2018 edition (ICIO2018_2005…2015), 2021 edition (ICIO2021_1995…2018), 2023 edition (1995…2020, extended and _SML)';

const FD_CATEGORY: Record<string, string> = {
  HFCE: 'HFCE',
  NPISH: 'NPISH',
  NPS: 'NPISH',
  GGFC: 'GGFC',
  GFCF: 'GFCF',
  INVNT: 'INVNT',
  INV: 'INVNT',
  DIRP: 'DPABR',
  DIRPA: 'DPABR',
  DPABR: 'DPABR',
  P33: 'DPABR',
};
const FD_NAMES = Object.keys(FD_CATEGORY).join('|');
const FD_SUFFIX = new RegExp(`^([A-Z0-9]{3})_(${FD_NAMES})$`);
const FD_PREFIX = new RegExp(`^(${FD_NAMES})_([A-Z0-9]{3})$`);
const TOTAL_COL = /^(TOTAL|OUT|OUTPUT)$/;
const VA_ROW = /^(VALU|VA|VA\+TAXSUB|VALUE_ADDED)$/;
const TLS_ROW = /^(TLS|TAXSUB|[A-Z0-9]{3}_TAXSUB|TXS_INT_FNL|TXS_[A-Z0-9_]+)$/;
const OUT_ROW = /^(OUT|OUTPUT|TOTAL)$/;

/** The edition a file name says, if any. */
export function oecdEdition(path: string): string | undefined {
  const b = basename(path);
  const m = /ICIO(\d{4})_/i.exec(b);
  if (m) return m[1];
  if (/^\d{4}(_SML)?\.csv$/i.test(b) || /^(ICIO-)?\d{4}-\d{4}(-small|-extended|_SML)?\.zip$/i.test(b)) return '2023';
  return undefined;
}

/** Whether a header line looks like an OECD ICIO table (final-use columns named HFCE). */
export function looksLikeOecdHeader(line: string): boolean {
  const cells = splitCells(line).map((c) => c.trim());
  return cells.length > 3 && cells.some((c) => /^([A-Z0-9]{3}_HFCE|HFCE_[A-Z0-9]{3})$/.test(c));
}

/** Whether a path is an OECD ICIO file, by name or by its first line. */
export function isOecdIcio(path: string, firstLine: () => string): boolean {
  const b = basename(path);
  if (/^ICIO\d{4}_\d{4}\.(csv|csv\.gz|zip)$/i.test(b)) return true;
  if (/\.(csv|csv\.gz|zip)$/i.test(b) && oecdEdition(path) === '2023') return true;
  if (!/\.(csv|csv\.gz|zip)$/i.test(b)) return false;
  return looksLikeOecdHeader(firstLine());
}

export interface OecdReadOptions {
  keepSplits?: boolean;
  maxBytes?: number;
  year?: number;
  unit?: string;
}

function pickEntry(path: string, year: number | undefined) {
  return (entries: ZipEntry[]): ZipEntry | undefined => {
    const csv = entries.filter((e) => /\.(csv|txt)$/i.test(e.name) && !/readme/i.test(e.name));
    if (csv.length === 1) return csv[0];
    if (year !== undefined) {
      const y = csv.filter((e) => new RegExp(`(^|[^0-9])${year}(_SML)?\\.(csv|txt)$`, 'i').test(basename(e.name)));
      if (y.length === 1) return y[0];
    }
    const names = csv.map((e) => e.name).join(', ');
    throw new TableFormatError(
      path,
      'zip archive',
      `${csv.length} tables (${names || 'none'})`,
      year === undefined ? 'one table, or --year to choose one' : `one table for ${year}`,
    );
  };
}

/** Reads an OECD ICIO CSV (plain, gzip or in its zip). */
export function readOecdIcio(path: Source, o: OecdReadOptions = {}): Promise<IcioTable> {
  return withKnownVintages(OECD_KNOWN_VINTAGES, () => readIcio(path, o));
}

/** What the header says: where each column goes (the read plan), and the table's labels. */
interface IcioPlan {
  header: string[];
  /** Country-sector labels of the file (splits included), in column order. */
  labels: string[];
  /** Countries of the table (splits melded unless keepSplits). */
  outCountries: string[];
  sectors: string[];
  categories: string[];
  /** The split parts melded into their parents. */
  splits: string[];
  /** Country-sectors of the file, and of the table. */
  GN: number;
  GNo: number;
  /** Table index of each file country-sector (its row, and its column in Z). */
  rowTo: Int32Array;
  /** For each file column: its Z column (table index), or −1. */
  zOf: Int32Array;
  /** For each file column: its Y column, or −1. */
  fdTarget: Int32Array;
  discCol: number;
  totalCol: number;
}

/** Reads the header line into the plan; every layout error of the header is found here. */
function planIcio(header: string[], file: string, o: OecdReadOptions, known: string): IcioPlan {
  const zIdx: number[] = []; // file column of each intermediate-use column (in Z order)
  const labels: string[] = [];
  const countries: string[] = [];
  const categories: string[] = [];
  let discCol = -1;
  let totalCol = -1;
  let sectors: string[] = [];
  if (header.length < 4)
    throw new TableFormatError(
      file,
      'line 1',
      `${header.length} header cells`,
      `a label column, country-sector columns and final-use columns (OECD ICIO layout; ${known})`,
    );
  const fdCols: { j: number; country: string; cat: string }[] = [];
  // Intermediate-use columns come first, country by country; the final-use block starts at the
  // first known final-use name or where the country codes start over (ESP_… after ROW_…).
  let inZ = true;
  const zSeen = new Set<string>();
  let current = '';
  for (let j = 1; j < header.length; j++) {
    const h = header[j];
    let m: RegExpExecArray | null;
    const cc = /^([A-Z0-9]{3})_(\w+)$/.exec(h); // 2023 codes have underscores: AUS_A01_02
    if (inZ && cc && !FD_SUFFIX.test(h) && !FD_PREFIX.test(h) && (cc[1] === current || !zSeen.has(cc[1]))) {
      zSeen.add(cc[1]);
      current = cc[1];
      zIdx.push(j);
      labels.push(h);
      continue;
    }
    inZ = false;
    if ((m = FD_SUFFIX.exec(h))) fdCols.push({ j, country: m[1], cat: FD_CATEGORY[m[2]] });
    else if ((m = FD_PREFIX.exec(h))) fdCols.push({ j, country: m[2], cat: FD_CATEGORY[m[1]] });
    else if (h === 'DISC') discCol = j;
    else if (TOTAL_COL.test(h)) totalCol = j;
    else if (cc && zSeen.has(cc[1])) fdCols.push({ j, country: cc[1], cat: cc[2] });
    else {
      throw new TableFormatError(
        file,
        `line 1, column ${j + 1}`,
        `'${h}'`,
        `CCC_sector columns, then CCC_HFCE… (or HFCE_CCC… in 2016), DISC, TOTAL or OUT (OECD ICIO layout; ${known})`,
      );
    }
  }
  const GN = labels.length;
  if (GN === 0) throw new TableFormatError(file, 'line 1', 'no country-sector columns', `CCC_sector columns (${known})`);
  if (fdCols.length === 0) throw new TableFormatError(file, 'line 1', 'no final-use columns', `CCC_HFCE… or HFCE_CCC… columns (${known})`);
  const sectorsOf = new Map<string, string[]>();
  for (const l of labels) {
    const c = l.slice(0, 3);
    const s = l.slice(4);
    if (!sectorsOf.has(c)) {
      countries.push(c);
      sectorsOf.set(c, []);
    } else if (countries[countries.length - 1] !== c) {
      throw new TableFormatError(
        file,
        `line 1, column '${l}'`,
        `country ${c} again after ${countries[countries.length - 1]}`,
        'the columns of each country together',
      );
    }
    sectorsOf.get(c)!.push(s);
  }
  sectors = sectorsOf.get(countries[0])!;
  for (const c of countries) {
    const s = sectorsOf.get(c)!;
    if (s.length !== sectors.length || s.some((x, k) => x !== sectors[k])) {
      throw new TableFormatError(
        file,
        `line 1, columns of ${c}`,
        `sectors ${s.join(', ')}`,
        `the same sectors as ${countries[0]}: ${sectors.join(', ')}`,
      );
    }
  }
  for (const f of fdCols) if (!categories.includes(f.cat)) categories.push(f.cat);
  if (discCol >= 0) categories.push('DISC');
  const F = categories.length;
  // Splits are melded while reading: their rows and columns are added into the parent's.
  const splits = o.keepSplits ? [] : countries.filter((c) => splitParent(c));
  for (const c of splits) {
    if (!countries.includes(splitParent(c)!)) {
      throw new TableFormatError(
        file,
        'line 1',
        `split ${c} without ${splitParent(c)} columns to meld it into`,
        `CCC_sector columns for ${splitParent(c)} as well (or read with keepSplits)`,
      );
    }
  }
  const target = (c: string) => (splits.includes(c) ? splitParent(c)! : c);
  const outCountries = countries.filter((c) => !splits.includes(c));
  const Nn = sectors.length;
  const GNo = outCountries.length * Nn;
  const rowTo = Int32Array.from({ length: GN }, (_, k) => outCountries.indexOf(target(countries[Math.floor(k / Nn)])) * Nn + (k % Nn));
  const fdTarget = new Int32Array(header.length).fill(-1);
  const seen = new Set<number>();
  for (const f of fdCols) {
    const g = outCountries.indexOf(target(f.country));
    if (g < 0)
      throw new TableFormatError(
        file,
        `line 1, column ${f.j + 1}`,
        `final-use column '${header[f.j]}'`,
        `a country of the country-sector columns: ${countries.join(', ')}`,
      );
    const col = g * F + categories.indexOf(f.cat);
    if (seen.has(col))
      throw new TableFormatError(
        file,
        `line 1, column ${f.j + 1}`,
        `'${header[f.j]}' a second category ${f.cat} for ${f.country}`,
        'each final-use column once',
      );
    seen.add(col);
    fdTarget[f.j] = col;
  }
  // Every country with final-use columns has every category (a renamed column shows here).
  const fdCountries = [...new Set(fdCols.map((f) => f.country))];
  const have = new Set(fdCols.map((f) => `${f.country}_${f.cat}`));
  const coverage = (cat: string) => fdCountries.filter((c) => have.has(`${c}_${cat}`)).length;
  const incomplete = categories
    .filter((cat) => cat !== 'DISC' && coverage(cat) < fdCountries.length)
    .sort((a, b) => coverage(a) - coverage(b));
  if (incomplete.length) {
    const rare = incomplete[0];
    const cols = fdCols.filter((f) => f.cat === rare);
    const complete = categories.filter((cat) => cat !== 'DISC' && !incomplete.includes(cat));
    const lacking = fdCountries.filter((c) => !have.has(`${c}_${rare}`));
    throw new TableFormatError(
      file,
      `line 1, column ${cols[0].j + 1}`,
      `final-use category ${rare} in ${cols.map((f) => `'${header[f.j]}'`).join(', ')} but not for ${lacking.length > 5 ? `${lacking.slice(0, 5).join(', ')} …` : lacking.join(', ')}`,
      `the same final-use categories for every country (${complete.join(', ')}); a renamed column?`,
    );
  }
  const zOf = new Int32Array(header.length).fill(-1);
  zIdx.forEach((j, k) => (zOf[j] = rowTo[k]));
  return { header, labels, outCountries, sectors, categories, splits, GN, GNo, rowTo, zOf, fdTarget, discCol, totalCol };
}

async function readIcio(source: Source, o: OecdReadOptions): Promise<IcioTable> {
  const path = sourceName(source);
  const src = textSource(source, pickEntry(path, o.year), o);
  const file = src.name;
  const edition = oecdEdition(file) ?? oecdEdition(path);
  const known = `known: ${OECD_KNOWN_VINTAGES}`;

  let plan: IcioPlan | null = null;
  let Z: Matrix | null = null;
  let Y: Matrix | null = null;
  let rowTotal: Float64Array | null = null;
  let disc: Float64Array | null = null;
  let i = 0;
  const vaRows: Float64Array[] = [];
  let outRow: Float64Array | null = null;
  let lastLine = 0;
  let row = new Float64Array(0); // the numbers of one row, reused

  await forEachRow(src, (c) => {
    lastLine = c.lineNo;
    if (!plan) {
      plan = planIcio(
        c.rest().map((h) => h.trim()),
        file,
        o,
        known,
      );
      const p = plan;
      c.width = p.header.length;
      c.columnName = (j) => `${j + 1} ('${p.header[j] ?? ''}')`;
      Z = new Matrix(p.GNo, p.GNo);
      Y = new Matrix(p.GNo, p.outCountries.length * p.categories.length);
      if (p.totalCol >= 0) rowTotal = new Float64Array(p.GNo);
      if (p.discCol >= 0) disc = new Float64Array(p.GNo);
      return;
    }
    const { header, GN, GNo, labels, rowTo, zOf, fdTarget, discCol, totalCol } = plan;
    const width = header.length;
    const label = c.text().trim();
    if (i < GN) {
      if (label !== labels[i]) {
        throw new TableFormatError(
          file,
          `line ${c.lineNo}`,
          `row label '${label}'`,
          `'${labels[i]}' (the rows in the order of the country-sector columns; row ${i + 1} of ${GN})`,
        );
      }
      const zd = Z!.data;
      const yd = Y!.data;
      const r = rowTo[i];
      if (row.length !== width) row = new Float64Array(width);
      c.numbers(row, 1, width - 1);
      c.end();
      for (let j = 1; j < width; j++) {
        const x = row[j];
        const z = zOf[j];
        if (z >= 0) zd[r + z * GNo] += x;
        else {
          const f = fdTarget[j];
          if (f >= 0) yd[r + f * GNo] += x;
          else if (j === discCol) disc![r] += x;
          else if (j === totalCol) rowTotal![r] += x;
        }
      }
      i++;
      return;
    }
    const isVa = VA_ROW.test(label) || TLS_ROW.test(label);
    if (!isVa && !OUT_ROW.test(label))
      throw new TableFormatError(
        file,
        `line ${c.lineNo}`,
        `row label '${label}'`,
        `after the ${GN} country-sector rows: VALU/VA, TAXSUB/TLS or OUTPUT/OUT rows (${known})`,
      );
    const v = new Float64Array(GNo);
    if (row.length !== width) row = new Float64Array(width);
    c.numbers(row, 1, width - 1);
    c.end();
    for (let j = 1; j < width; j++) {
      const z = zOf[j];
      if (z >= 0) v[z] += row[j];
    }
    if (isVa) vaRows.push(v);
    else outRow = v;
  });

  if (lastLine === 0) throw new TableFormatError(file, '', 'an empty file', `an OECD ICIO table (${known})`);
  if (!plan) throw new TableFormatError(file, '', 'an empty file', `an OECD ICIO table (${known})`);
  const { GN, GNo, sectors, categories, splits, outCountries } = plan as IcioPlan;
  const F = categories.length;
  if (i < GN)
    throw new TableFormatError(
      file,
      `line ${lastLine}`,
      `the file ends after ${i} of ${GN} country-sector rows`,
      'a row for every country-sector column (truncated download?)',
    );

  const N = sectors.length;
  if (disc) {
    // DISC: final use of the producing country itself.
    const k = categories.indexOf('DISC');
    for (let r = 0; r < GNo; r++) Y!.data[r + (Math.floor(r / N) * F + k) * GNo] = disc[r];
  }
  let storedVA: Float64Array | undefined;
  if (vaRows.length) {
    storedVA = new Float64Array(GNo);
    for (const v of vaRows) for (let k = 0; k < GNo; k++) storedVA[k] += v[k];
  }
  const y = o.year ?? yearOf(file);
  const parents = [...new Set(splits.map((c) => splitParent(c)!))];
  const base = `OECD ICIO${edition ? ` ${edition} edition` : ''}: ${file}`;
  return new IcioTable({
    countries: outCountries,
    sectors,
    fdCategories: categories,
    Z: Z!,
    Y: Y!,
    storedVA,
    storedOutput: outRow ?? rowTotal ?? undefined,
    unit: o.unit ?? 'million USD',
    year: y,
    source: splits.length ? `${base} (${splits.join(', ')} melded into ${parents.join(', ')})` : base,
  });
}

/** Year of an OECD file name: the second four-digit number of ICIO2018_2010, or 2020 of 2020_SML.csv. */
export function yearOf(name: string): number | undefined {
  const b = basename(name);
  const m = /ICIO\d{4}_(\d{4})/i.exec(b);
  if (m) return Number(m[1]);
  const n = /^(\d{4})(_SML)?\.csv$/i.exec(b);
  if (n) return Number(n[1]);
  return undefined;
}
