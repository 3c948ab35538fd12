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
import { splitParent } from '../concordance/splits.js';
import { readLabelledRows } from './lines.js';
import { meldSplits } from './splits.js';
import { sourceName, type Source } from './stream.js';

export interface WideCsvOptions {
  /** Keep CN1/CN2 and MX1/MX2 as their own countries (default: meld into CHN and MEX). */
  keepSplits?: boolean;
  year?: number;
  unit?: string;
  source?: string;
  /** The most bytes of text a compressed file may inflate to (stream.ts). */
  maxBytes?: number;
}

const OUTPUT_COLUMNS = ['go', 'out', 'output', 'total_output', 'total', 'x'];
const VA_ROWS = /^(va|valu|value[ _]?added|gva)$/i;

function badRow(path: string, line: number, label: string): TableFormatError {
  return new TableFormatError(
    path,
    `line ${line}`,
    `row label '${label}'`,
    'a country-sector label that also heads an intermediate-use column, or a VA/output row',
  );
}

/** The year in a file name such as wiot2011_2013rel_int.csv.gz (first 19xx or 20xx). */
export function yearFromName(path: string): number | undefined {
  const m = /(?:^|[^0-9])((?:19|20)\d\d)(?![0-9])/.exec(basename(path));
  return m ? Number(m[1]) : undefined;
}

/** Reads a wide CSV (a path, or bytes with a name), plain or gzip, streaming its lines. */
export async function readWideCsv(source: Source, o: WideCsvOptions = {}): Promise<IcioTable> {
  const path = sourceName(source);
  let columns: Set<string> | undefined;
  const seenAt = new Map<string, number>();
  const raw = await readLabelledRows(source, {
    labelColumns: 1,
    maxBytes: o.maxBytes,
    expected: 'a header line (row, CCC_sector…, CCC_category…) and a row per country-sector',
    check: (l, lineNo, h) => {
      if (!columns) columns = new Set(h[0].slice(1));
      if (!columns.has(l[0]) && !VA_ROWS.test(l[0]) && !OUTPUT_COLUMNS.includes(l[0].toLowerCase())) throw badRow(path, lineNo, l[0]);
      const first = seenAt.get(l[0]);
      if (first !== undefined)
        throw new TableFormatError(path, `lines ${first} and ${lineNo}`, `the row label '${l[0]}' twice`, 'each row label once');
      seenAt.set(l[0], lineNo);
    },
  });
  const header = raw.header[0];
  const { lines, values } = raw;
  if (header.length < 3)
    throw new TableFormatError(
      path,
      'line 1',
      `${header.length} header cells`,
      'a label column, intermediate-use columns and final-demand columns',
    );
  const rowLabels = raw.labels.map((l) => l[0]);
  const colIndex = new Map<string, number>();
  header.forEach((h, j) => {
    const k = colIndex.get(h);
    if (k !== undefined && j > 0)
      throw new TableFormatError(path, `line 1, columns ${k + 1} and ${j + 1}`, `the label '${h}' twice`, 'each column label once');
    colIndex.set(h, j);
  });
  // Country-sector rows are those whose label is also a column; others must be VA or output rows.
  const csRows: number[] = [];
  let vaRow = -1;
  rowLabels.forEach((l, k) => {
    if (colIndex.has(l) && colIndex.get(l)! > 0) csRows.push(k);
    else if (VA_ROWS.test(l)) vaRow = k;
    else if (!OUTPUT_COLUMNS.includes(l.toLowerCase())) throw badRow(path, lines[k], l);
  });
  const labels = csRows.map((k) => rowLabels[k]);
  const GN = labels.length;
  if (GN === 0)
    throw new TableFormatError(
      path,
      'line 1',
      'no column labelled like a row',
      'intermediate-use columns labelled CCC_sector, as the rows are',
    );
  // The intermediate columns must be the row labels, in the same order, right after the label column.
  labels.forEach((l, i) => {
    if (header[i + 1] !== l) {
      throw new TableFormatError(
        path,
        `line 1, column ${i + 2}`,
        `'${header[i + 1]}'`,
        `'${l}' (intermediate-use columns in the order of the rows)`,
      );
    }
  });

  // Countries and sectors from the labels.
  const single = labels.every((l) => !l.includes('_'));
  const grid = single ? { countries: ['ALL'], sectors: labels } : splitLabels(labels, path);
  const { countries, sectors } = grid;
  const known = new Set(countries);
  const G = countries.length;

  // Final-demand and output columns.
  let outCol = -1;
  const fdCols: { j: number; country: string; category: string }[] = [];
  for (let j = GN + 1; j < header.length; j++) {
    const h = header[j];
    if (OUTPUT_COLUMNS.includes(h.toLowerCase())) {
      outCol = j;
      continue;
    }
    // the longest country code that prefixes the column (country codes may contain '_')
    const c = single ? 'ALL' : (countries.filter((k) => h.startsWith(`${k}_`)).sort((a, b) => b.length - a.length)[0] ?? '');
    const cat = single ? h : h.slice(c.length + 1);
    if (!known.has(c) || cat === '') {
      throw new TableFormatError(
        path,
        `line 1, column ${j + 1}`,
        `final-demand column '${h}'`,
        `CCC_category with CCC one of ${countries.join(', ')}`,
      );
    }
    fdCols.push({ j, country: c, category: cat });
  }
  const categories: string[] = [];
  for (const f of fdCols) if (!categories.includes(f.category)) categories.push(f.category);
  const F = categories.length;
  if (F === 0)
    throw new TableFormatError(path, 'line 1', 'no final-demand columns', 'CCC_category columns after the intermediate-use columns');
  const yColOf = new Int32Array(header.length).fill(-1);
  const seen = new Set<string>();
  for (const f of fdCols) {
    const key = `${f.country}_${f.category}`;
    if (seen.has(key))
      throw new TableFormatError(path, `line 1, column ${f.j + 1}`, `'${header[f.j]}' a second time`, 'each final-demand column once');
    seen.add(key);
    yColOf[f.j] = countries.indexOf(f.country) * F + categories.indexOf(f.category);
  }

  const Z = new Matrix(GN, GN);
  const Y = new Matrix(GN, G * F);
  const stored = outCol >= 0 ? new Float64Array(GN) : undefined;
  const zd = Z.data;
  const yd = Y.data;
  // rows into columns, 64 columns at a time (each row's run of 64 goes to 64 columns whose cache lines stay warm)
  for (let j0 = 0; j0 < GN; j0 += 64) {
    const j1 = Math.min(GN, j0 + 64);
    for (let i = 0; i < GN; i++) {
      const v = values[csRows[i]];
      for (let j = j0; j < j1; j++) zd[i + j * GN] = v[j];
    }
  }
  for (let i = 0; i < GN; i++) {
    const v = values[csRows[i]];
    for (const f of fdCols) yd[i + yColOf[f.j] * GN] = v[f.j - 1];
    if (stored) stored[i] = v[outCol - 1];
  }
  const storedVA = vaRow >= 0 ? values[vaRow].slice(0, GN) : undefined;
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
  if (!o.keepSplits && countries.some((c) => splitParent(c))) return meldSplits(table);
  return table;
}

/**
 * Splits country-major labels `<country>_<sector>` into the country and sector lists. Either
 * part may contain '_' (WIOD regional files have `EU_nonEZ_c1`, the leather table
 * `Argentina_Textile_and_Leather`), so the split is found from the structure: the smallest
 * number of sectors N for which the labels at the same position in every block of N share a
 * suffix `_<sector>` and each block shares one country prefix.
 */
function splitLabels(labels: string[], path: string): { countries: string[]; sectors: string[] } {
  const GN = labels.length;
  for (let N = 1; N <= GN; N++) {
    if (GN % N !== 0) continue;
    const G = GN / N;
    const sectors: string[] = [];
    let ok = true;
    for (let n = 0; n < N && ok; n++) {
      let suffix = labels[n];
      for (let g = 1; g < G; g++) {
        const l = labels[g * N + n];
        let k = 0;
        while (k < suffix.length && k < l.length && suffix[suffix.length - 1 - k] === l[l.length - 1 - k]) k++;
        suffix = suffix.slice(suffix.length - k);
      }
      const u = suffix.indexOf('_');
      // the sector is what follows the first '_' of the shared suffix; with one block, what follows the first '_'
      const sector = u < 0 ? '' : suffix.slice(u + 1);
      if (sector === '') ok = false;
      else sectors.push(sector);
    }
    if (!ok) continue;
    const countries: string[] = [];
    for (let g = 0; g < G && ok; g++) {
      const c = labels[g * N].slice(0, labels[g * N].length - sectors[0].length - 1);
      for (let n = 0; n < N; n++) if (labels[g * N + n] !== `${c}_${sectors[n]}`) ok = false;
      if (countries.includes(c) || c === '') ok = false;
      countries.push(c);
    }
    if (ok && new Set(sectors).size === N) return { countries, sectors };
  }
  throw new TableFormatError(
    path,
    'row labels',
    `labels that do not form a country × sector grid (first: ${labels.slice(0, 3).join(', ')})`,
    'rows ordered country by country, each country with the same sectors, labelled <country>_<sector>',
  );
}
