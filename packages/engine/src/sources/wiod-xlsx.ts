/**
 * World Input-Output Database tables as distributed in Excel, and the tables that copy their
 * sheet layout (ADB MRIO, see adb-mrio.ts).
 *
 * The sheet layout ("WIOD family"): a few header rows, then one row per country-sector, then
 * the primary-input rows and the output row. Four label columns (A–D) precede the numbers,
 * which start in column E:
 *
 *   header rows  … a row of country codes over the number columns, a row of sector / final-use
 *                codes (c1…c35, c37…c42 in WIOD 2013; A01…U, CONS_h… in WIOD 2016; c1…c35,
 *                F1…F5 in ADB MRIO), and a last "total output" column;
 *   data rows    column C the country, column D (WIOD 2013, ADB) or A (WIOD 2016) the sector;
 *   bottom rows  total intermediate consumption (r60 / II_fob), taxes less subsidies, cif/fob
 *                adjustments, purchases by residents and non-residents, value added, margins,
 *                output (r69 / GO).
 *
 * The intermediate-use columns are the leading columns up to where the country codes start
 * over; the final-use columns follow; a column without a country (or with TOT) is the stored
 * output. Value added as stored (storedVA) is the sum of the rows between total intermediate
 * consumption and output, which is what x − column sums of Z measures; the output row is kept
 * as storedOutput (or the total-output column when there is no output row).
 */
import { basename } from 'node:path';
import { Matrix } from '@catena/linalg';
import { TableFormatError } from '../errors.js';
import { IcioTable } from '../table/icio-table.js';
import { withKnownVintages } from './stream.js';
import { readXlsxRows, type CellValue } from './xlsx-stream.js';

export interface WiodFamilySpec {
  /** Database and release, for sources and messages. */
  release: string;
  /** The releases this layout covers, for error messages. */
  knownVintages: string;
  /** Column (0-based) of the country code in data rows. */
  countryCol: number;
  /** Columns (0-based) where the sector code of a data row may sit, in order of preference. */
  sectorCols: number[];
  /** Final-use code → category name. Codes not listed are kept as they are. */
  fdNames: Record<string, string>;
  /** Country codes renamed on reading (none by default). */
  countryNames?: Record<string, string>;
  unit: string;
}

export const WIOD2013_SPEC: WiodFamilySpec = {
  release: 'WIOD 2013 release',
  knownVintages:
    'WIOD 2013 release wiotYY_row_sep12.xlsx (1995–2011, 41 regions × 35 industries); WIOD 2016 release WIOTyyyy_Nov16_ROW.xlsx (2000–2014, 44 regions × 56 industries)',
  countryCol: 2,
  sectorCols: [3],
  fdNames: { c37: 'CONS_h', c38: 'CONS_np', c39: 'CONS_g', c41: 'GFCF', c42: 'INVEN' },
  unit: 'million USD',
};

export const WIOD2016_SPEC: WiodFamilySpec = {
  ...WIOD2013_SPEC,
  release: 'WIOD 2016 release',
  sectorCols: [0, 3],
  fdNames: {},
};

const num = (v: CellValue | undefined) => typeof v === 'number';
const str = (v: CellValue | undefined) => (v === null || v === undefined ? '' : String(v).trim());

/** Two-digit WIOD 2013 year (wiot09 → 2009) or a four-digit year in the name. */
export function wiodYear(path: string): number | undefined {
  const b = basename(path);
  const four = /(?:^|[^0-9])((?:19|20)\d\d)(?![0-9])/.exec(b);
  if (four) return Number(four[1]);
  const two = /^wiot(\d\d)_/i.exec(b);
  if (two) {
    const y = Number(two[1]);
    return y >= 50 ? 1900 + y : 2000 + y;
  }
  return undefined;
}

interface Bottom {
  label: string;
  values: Float64Array;
  kind: 'intermediate' | 'output' | 'input';
}

/** Kind of a row below the country-sector rows, from its codes and description. */
function classifyBottom(labels: string[]): Bottom['kind'] {
  const text = labels.join(' ');
  if (labels.some((l) => /^(r60|II_fob)$/i.test(l)) || /total intermediate/i.test(text)) return 'intermediate';
  if (labels.some((l) => /^(r69|GO|OUTPUT)$/i.test(l)) || /\boutput\b|total input/i.test(text)) return 'output';
  return 'input';
}

/** Reads a sheet in the WIOD layout. */
export function readWiodFamilyXlsx(
  path: string,
  spec: WiodFamilySpec,
  o: { year?: number; unit?: string; sheet?: string } = {},
): Promise<IcioTable> {
  return withKnownVintages(spec.knownVintages, () => readSheet(path, spec, o));
}

/** Final-use codes of the WIOD-family layouts (they end the run of sector codes). */
const FD_CODE = /^(c3[6-9]|c4[0-2]|CONS_\w+|GFCF|INVEN|INVNT|HFCE|NPISH|GGFC|F[1-5])$/i;

async function readSheet(path: string, spec: WiodFamilySpec, o: { year?: number; unit?: string; sheet?: string }): Promise<IcioTable> {
  const header: CellValue[][] = [];
  let firstData = -1; // first number column (0-based)
  const zCols: number[] = [];
  let colCountry: string[] = [];
  const fdCols: { j: number; country: string; code: string }[] = [];
  let outCol = -1;
  let codeRow: CellValue[] | null = null;
  let sectorCol = -1;
  const countries: string[] = [];
  let sectors: string[] = [];
  let GN = 0;
  let Z: Matrix | null = null;
  let Y: Matrix | null = null;
  const categories: string[] = [];
  let yColOf: Int32Array | null = null;
  let storedTotal: Float64Array | null = null;
  let i = 0; // data rows read
  const bottom: Bottom[] = [];
  const rename = (c: string) => spec.countryNames?.[c] ?? c;
  const where = (r: number) => `sheet row ${r}`;

  const setUp = (rowNumber: number, cells: CellValue[]) => {
    // The number columns start at the first numeric cell of the first data row.
    firstData = cells.findIndex((v, j) => j > spec.countryCol && num(v));
    // The header row of country codes: the one whose first number column holds a country code
    // equal to this row's country.
    const rowCountry = str(cells[spec.countryCol]);
    const countryRow = header.find((h) => rename(str(h[firstData])) === rename(rowCountry) && rowCountry !== '');
    if (!countryRow) {
      throw new TableFormatError(
        path,
        where(rowNumber),
        `first data row of country '${rowCountry}' but no header row names '${rowCountry}' above column ${colName(firstData)}`,
        `${spec.release} layout: header rows with country codes and sector codes over the number columns`,
      );
    }
    // The header row of sector codes: the one whose first number column equals this row's sector.
    for (const sc of spec.sectorCols) {
      const code = str(cells[sc]);
      const h = header.find((row) => row !== countryRow && code !== '' && str(row[firstData]) === code);
      if (h) {
        codeRow = h;
        sectorCol = sc;
        break;
      }
    }
    if (!codeRow) {
      throw new TableFormatError(
        path,
        where(rowNumber),
        `sector '${spec.sectorCols.map((c) => str(cells[c])).join("' / '")}' in the first data row, not found in any header row above column ${colName(firstData)}`,
        `${spec.release} layout: the sector code of each row repeated in a header row over its column`,
      );
    }
    const width = Math.max(countryRow.length, codeRow.length);
    colCountry = [];
    for (let j = firstData; j < width; j++) colCountry[j] = rename(str(countryRow[j]));
    // Intermediate-use columns: blocks of N columns, one per country, where N is the run of
    // codes before the first code comes round again; the block structure is checked column by
    // column, and the final-use columns start where a block no longer starts with the first sector.
    const code = (j: number) => str(codeRow![j]);
    let N = 1;
    while (
      firstData + N < width &&
      code(firstData + N) !== code(firstData) &&
      colCountry[firstData + N] !== '' &&
      !FD_CODE.test(code(firstData + N))
    )
      N++;
    sectors = Array.from({ length: N }, (_, n) => code(firstData + n));
    let j = firstData;
    while (j + N <= width && code(j) === sectors[0] && colCountry[j] !== '' && !countries.includes(colCountry[j])) {
      const c = colCountry[j];
      for (let n = 0; n < N; n++) {
        const jj = j + n;
        if (colCountry[jj] !== c || code(jj) !== sectors[n]) {
          throw new TableFormatError(
            path,
            `header, column ${colName(jj)}`,
            `'${colCountry[jj]}' '${code(jj)}'`,
            `'${c}' '${sectors[n]}' (columns ${colName(j)}–${colName(j + N - 1)} hold the ${N} sectors of ${c}, as columns ${colName(firstData)}–${colName(firstData + N - 1)} do for ${colCountry[firstData]})`,
          );
        }
        zCols.push(jj);
      }
      countries.push(c);
      j += N;
    }
    for (; j < width; j++) {
      const c = colCountry[j];
      const cd = code(j);
      if (c === '' || /^(TOT|TOTAL|GO)$/i.test(c) || /^(GO|ToT|TOTAL|OUTPUT)$/i.test(cd)) {
        if (outCol < 0) outCol = j;
        continue;
      }
      fdCols.push({ j, country: c, code: cd });
    }
    const G = countries.length;
    GN = zCols.length;
    for (const f of fdCols) {
      if (!countries.includes(f.country)) {
        throw new TableFormatError(
          path,
          `header, column ${colName(f.j)}`,
          `final-use column of '${f.country}'`,
          `a country of the intermediate-use columns: ${countries.join(', ')}`,
        );
      }
      const name = spec.fdNames[f.code] ?? f.code;
      if (!categories.includes(name)) categories.push(name);
    }
    if (categories.length === 0)
      throw new TableFormatError(
        path,
        'header rows',
        'no final-use columns after the intermediate-use columns',
        'final-use columns for each country',
      );
    const F = categories.length;
    yColOf = new Int32Array(fdCols.length);
    const used = new Set<number>();
    fdCols.forEach((f, k) => {
      const col = countries.indexOf(f.country) * F + categories.indexOf(spec.fdNames[f.code] ?? f.code);
      if (used.has(col))
        throw new TableFormatError(
          path,
          `header, column ${colName(f.j)}`,
          `final-use column ${f.country} ${f.code} a second time`,
          'each final-use column once',
        );
      used.add(col);
      yColOf![k] = col;
    });
    Z = new Matrix(GN, GN);
    Y = new Matrix(GN, G * F);
    if (outCol >= 0) storedTotal = new Float64Array(GN);
  };

  const cellNumber = (v: CellValue | undefined, rowNumber: number, j: number): number => {
    if (typeof v === 'number') return v;
    if (v === undefined || v === null || v === '') return 0;
    const s = String(v).trim();
    const x = Number(s);
    if (s !== '' && Number.isFinite(x)) return x;
    throw new TableFormatError(path, `${where(rowNumber)}, column ${colName(j)}`, `'${s.slice(0, 40)}'`, 'a number');
  };

  const sheetName = await readXlsxRows(
    path,
    (row) => {
      const rowNumber = row.rowNumber;
      if (firstData < 0) {
        // Still in the header: the first row with a number right after the label columns starts the data.
        let isData = false;
        for (let j = spec.countryCol + 1; j <= spec.countryCol + 3; j++) if (row.isNumber(j)) isData = true;
        if (!isData || str(row.get(spec.countryCol)) === '') {
          header.push(row.values());
          return;
        }
        setUp(rowNumber, row.values());
      }
      if (i < GN) {
        const N = sectors.length;
        const c = rename(str(row.get(spec.countryCol)));
        const s = str(row.get(sectorCol));
        const ec = countries[Math.floor(i / N)];
        const es = sectors[i % N];
        if (c !== ec || s !== es) {
          throw new TableFormatError(
            path,
            `${where(rowNumber)}, columns ${colName(spec.countryCol)}/${colName(sectorCol)}`,
            `'${c}' '${s}'`,
            `'${ec}' '${es}' (row ${i + 1} of ${GN} country-sector rows, in the order of the columns)`,
          );
        }
        const zd = Z!.data;
        for (let k = 0; k < GN; k++) {
          const j = zCols[k];
          zd[i + k * GN] = row.isNumber(j) ? row.num[j] : cellNumber(row.get(j), rowNumber, j);
        }
        const yd = Y!.data;
        for (let k = 0; k < fdCols.length; k++) {
          const j = fdCols[k].j;
          yd[i + yColOf![k] * GN] = row.isNumber(j) ? row.num[j] : cellNumber(row.get(j), rowNumber, j);
        }
        if (storedTotal) storedTotal[i] = cellNumber(row.get(outCol), rowNumber, outCol);
        i++;
        return;
      }
      // Bottom rows: primary inputs and output.
      const cells = row.values();
      const labels = cells
        .slice(0, firstData)
        .map(str)
        .filter((x) => x !== '');
      if (labels.length === 0 && !cells.some(num)) return;
      const values = new Float64Array(GN);
      for (let k = 0; k < GN; k++) values[k] = cellNumber(cells[zCols[k]], rowNumber, zCols[k]);
      bottom.push({ label: labels.join(' '), values, kind: classifyBottom(labels) });
    },
    o.sheet,
  );

  if (firstData < 0) {
    throw new TableFormatError(
      path,
      `sheet ${sheetName}`,
      `${header.length} rows and no data row (a row with a country code and numbers)`,
      `${spec.release} layout; known: ${spec.knownVintages}`,
    );
  }
  if (i < GN) {
    throw new TableFormatError(
      path,
      `sheet ${sheetName}`,
      `${i} country-sector rows`,
      `${GN} (one per intermediate-use column): the sheet ends early (truncated?)`,
    );
  }
  const outputRow = bottom.find((b) => b.kind === 'output');
  let storedVA: Float64Array | undefined;
  const inputs = bottom.filter((b) => b.kind === 'input');
  if (inputs.length) {
    storedVA = new Float64Array(GN);
    for (const b of inputs) for (let k = 0; k < GN; k++) storedVA[k] += b.values[k];
  }
  return new IcioTable({
    countries,
    sectors,
    fdCategories: categories,
    Z: Z!,
    Y: Y!,
    storedVA,
    storedOutput: outputRow?.values ?? storedTotal ?? undefined,
    unit: o.unit ?? spec.unit,
    year: o.year ?? wiodYear(path),
    source: `${spec.release}: ${path}`,
  });
}

/** Excel column letters of a 0-based column index. */
export function colName(j: number): string {
  let s = '';
  let n = j + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export const WIOD2013_NAME = /^wiot\d{2}_row_sep12\.xlsx$/i;
export const WIOD2016_NAME = /^wiot\d{4}_nov16_row\.xlsx$/i;

/** Which WIOD release a file is, by its name (2013 when the name says nothing). */
export function wiodRelease(path: string): '2013' | '2016' {
  return WIOD2016_NAME.test(basename(path)) || /nov16/i.test(basename(path)) ? '2016' : '2013';
}

/**
 * Reads a WIOD table in Excel: the 2013 release (`wiotYY_row_sep12.xlsx`, sectors c1…c35,
 * final uses CONS_h, CONS_np, CONS_g, GFCF, INVEN) or the 2016 release
 * (`WIOTyyyy_Nov16_ROW.xlsx`, sectors A01…U by their codes in column A).
 */
export function readWiodXlsx(path: string, o: { year?: number; unit?: string; release?: '2013' | '2016' } = {}): Promise<IcioTable> {
  const release = o.release ?? wiodRelease(path);
  return readWiodFamilyXlsx(path, release === '2016' ? WIOD2016_SPEC : WIOD2013_SPEC, o);
}

/** Whether a path is a WIOD Excel table, by its name. */
export function isWiodXlsx(path: string): boolean {
  const b = basename(path);
  return WIOD2013_NAME.test(b) || WIOD2016_NAME.test(b) || (/^wiot/i.test(b) && /\.xlsx$/i.test(b));
}
