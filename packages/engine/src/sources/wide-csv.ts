/**
 * The "wide" input-output CSV: a header `row, <GN intermediate-use columns>, <G·F final-demand
 * columns>[, GO]`, then one row per country-sector labelled like the columns (`CCC_sector`).
 * Final-demand columns are `CCC_<category>`. Read plain or gzip.
 *
 * Used by the WIOD 2013 CSV files and their 7-region aggregates, the leather table in wide form,
 * the exvatools test tables and single-region tables (labels without a country prefix: the
 * country is then called ALL). OECD-style processing-trade splits (CN1/CN2 → CHN, MX1/MX2 →
 * MEX) are melded back into their country unless `keepSplits` is set.
 */
import { basename } from 'node:path';
import { Matrix } from '@catena/linalg';
import { TableFormatError } from '../errors.js';
import { IcioTable } from '../table/icio-table.js';
import { parseNumber, readDelimited } from '../util/csv.js';
import { meldSplits, SPLIT_PARENTS } from './splits.js';

export interface WideCsvOptions {
  /** Keep CN1/CN2 and MX1/MX2 as their own countries (default: meld into CHN and MEX). */
  keepSplits?: boolean;
  year?: number;
  unit?: string;
  source?: string;
}

const OUTPUT_COLUMNS = ['go', 'out', 'output', 'total_output', 'total', 'x'];
const VA_ROWS = /^(va|valu|value[ _]?added|gva)$/i;

/** The year in a file name such as wiot2011_2013rel_int.csv.gz (first 19xx or 20xx). */
export function yearFromName(path: string): number | undefined {
  const m = /(?:^|[^0-9])((?:19|20)\d\d)(?![0-9])/.exec(basename(path));
  return m ? Number(m[1]) : undefined;
}

export function readWideCsv(path: string, o: WideCsvOptions = {}): IcioTable {
  const raw = readDelimited(path);
  const { header, rows, lines } = raw;
  if (header.length < 3) throw new TableFormatError(path, 'line 1', `${header.length} header cells`, 'a label column, intermediate-use columns and final-demand columns');
  const rowLabels = rows.map((r) => r[0].trim());
  const colIndex = new Map<string, number>();
  header.forEach((h, j) => colIndex.set(h, j));

  // Country-sector rows are those whose label is also a column; others must be VA or output rows.
  const csRows: number[] = [];
  let vaRow = -1;
  rowLabels.forEach((l, k) => {
    if (colIndex.has(l) && colIndex.get(l)! > 0) csRows.push(k);
    else if (VA_ROWS.test(l)) vaRow = k;
    else if (!OUTPUT_COLUMNS.includes(l.toLowerCase())) {
      throw new TableFormatError(path, `line ${lines[k]}`, `row label '${l}'`, 'a country-sector label that also heads an intermediate-use column, or a VA/output row');
    }
  });
  const labels = csRows.map((k) => rowLabels[k]);
  const GN = labels.length;
  if (GN === 0) throw new TableFormatError(path, 'line 1', 'no column labelled like a row', 'intermediate-use columns labelled CCC_sector, as the rows are');
  // The intermediate columns must be the row labels, in the same order, right after the label column.
  labels.forEach((l, i) => {
    if (header[i + 1] !== l) {
      throw new TableFormatError(path, `line 1, column ${i + 2}`, `'${header[i + 1]}'`, `'${l}' (intermediate-use columns in the order of the rows)`);
    }
  });

  // Countries and sectors from the labels.
  const single = labels.every((l) => !l.includes('_'));
  const countries: string[] = [];
  const sectorsOf = new Map<string, string[]>();
  for (const l of labels) {
    const u = l.indexOf('_');
    const c = single ? 'ALL' : l.slice(0, u);
    const s = single ? l : l.slice(u + 1);
    if (!single && u <= 0) throw new TableFormatError(path, `row '${l}'`, 'a label without a country prefix', 'CCC_sector');
    if (!sectorsOf.has(c)) {
      countries.push(c);
      sectorsOf.set(c, []);
    } else if (countries[countries.length - 1] !== c) {
      throw new TableFormatError(path, `row '${l}'`, `country ${c} again after ${countries[countries.length - 1]}`, 'rows ordered country by country');
    }
    sectorsOf.get(c)!.push(s);
  }
  const sectors = sectorsOf.get(countries[0])!;
  for (const c of countries) {
    const s = sectorsOf.get(c)!;
    if (s.length !== sectors.length || s.some((x, i) => x !== sectors[i])) {
      throw new TableFormatError(path, `rows of ${c}`, `sectors ${s.join(', ')}`, `the same sectors as ${countries[0]}: ${sectors.join(', ')}`);
    }
  }
  const G = countries.length;
  const N = sectors.length;

  // Final-demand and output columns.
  let outCol = -1;
  const fdCols: { j: number; country: string; category: string }[] = [];
  for (let j = GN + 1; j < header.length; j++) {
    const h = header[j];
    if (OUTPUT_COLUMNS.includes(h.toLowerCase())) {
      outCol = j;
      continue;
    }
    const u = h.indexOf('_');
    const c = u > 0 ? h.slice(0, u) : single ? 'ALL' : '';
    const cat = u > 0 ? h.slice(u + 1) : h;
    if (!sectorsOf.has(c)) {
      throw new TableFormatError(path, `line 1, column ${j + 1}`, `final-demand column '${h}'`, `CCC_category with CCC one of ${countries.join(', ')}`);
    }
    fdCols.push({ j, country: c, category: cat });
  }
  const categories: string[] = [];
  for (const f of fdCols) if (!categories.includes(f.category)) categories.push(f.category);
  const F = categories.length;
  if (F === 0) throw new TableFormatError(path, 'line 1', 'no final-demand columns', 'CCC_category columns after the intermediate-use columns');
  const yColOf = new Int32Array(header.length).fill(-1);
  const seen = new Set<string>();
  for (const f of fdCols) {
    const key = `${f.country}_${f.category}`;
    if (seen.has(key)) throw new TableFormatError(path, `line 1, column ${f.j + 1}`, `'${header[f.j]}' a second time`, 'each final-demand column once');
    seen.add(key);
    yColOf[f.j] = countries.indexOf(f.country) * F + categories.indexOf(f.category);
  }

  const Z = new Matrix(GN, GN);
  const Y = new Matrix(GN, G * F);
  const stored = outCol >= 0 ? new Float64Array(GN) : undefined;
  const zd = Z.data;
  const yd = Y.data;
  for (let i = 0; i < GN; i++) {
    const k = csRows[i];
    const cells = rows[k];
    const ln = lines[k];
    for (let j = 0; j < GN; j++) {
      const cell = cells[j + 1];
      const v = +cell;
      zd[i + j * GN] = v === v && cell !== '' ? v : parseNumber(cell, path, ln, header[j + 1]);
    }
    for (const f of fdCols) yd[i + yColOf[f.j] * GN] = parseNumber(cells[f.j], path, ln, header[f.j]);
    if (stored) stored[i] = parseNumber(cells[outCol], path, ln, header[outCol]);
  }
  let storedVA: Float64Array | undefined;
  if (vaRow >= 0) {
    storedVA = new Float64Array(GN);
    for (let j = 0; j < GN; j++) storedVA[j] = parseNumber(rows[vaRow][j + 1], path, lines[vaRow], header[j + 1]);
  }
  const table = new IcioTable({
    countries,
    sectors,
    fdCategories: categories,
    Z,
    Y,
    storedOutput: stored,
    storedVA,
    unit: o.unit ?? 'as in the file',
    year: o.year ?? yearFromName(path),
    source: o.source ?? path,
  });
  if (!o.keepSplits && countries.some((c) => c in SPLIT_PARENTS)) return meldSplits(table);
  return table;
}
