/**
 * Writers of a table in the layouts of the published distributions, so that tests and
 * benchmarks have files in each layout without shipping third-party data: WIOD 2013 and 2016
 * Excel, ADB MRIO Excel (written with exceljs, independently of the readers' sheet scanner),
 * OECD ICIO CSV of each edition (optionally with China and Mexico split into CN1/CN2, MX1/MX2)
 * and FIGARO CSV (matrix or long). The files carry the table's numbers; descriptions are the
 * codes. Not a substitute for the real files' metadata.
 */
import { createWriteStream } from 'node:fs';
import type { IcioTable } from '../table/icio-table.js';

type Row = (string | number | null)[];

/** Final-use codes of each layout, in publication order. */
export const LAYOUT_FD = {
  wiod2013: ['c37', 'c38', 'c39', 'c41', 'c42'],
  wiod2013Names: ['CONS_h', 'CONS_np', 'CONS_g', 'GFCF', 'INVEN'],
  wiod2016: ['CONS_h', 'CONS_np', 'CONS_g', 'GFCF', 'INVEN'],
  adb: ['F1', 'F2', 'F3', 'F4', 'F5'],
  oecd2016: ['HFCE', 'NPS', 'GGFC', 'GFCF', 'INV', 'DIRP'],
  oecd2018: ['HFCE', 'NPISH', 'GGFC', 'GFCF', 'INVNT', 'P33'],
  oecd2021: ['HFCE', 'NPISH', 'GGFC', 'GFCF', 'INVNT', 'DPABR'],
  oecd2023: ['HFCE', 'NPISH', 'GGFC', 'GFCF', 'INVNT', 'DPABR'],
  figaro: ['P3_S13', 'P3_S14', 'P3_S15', 'P51G', 'P5M'],
} as const;

/** The table's final-use codes in a layout: the layout's codes when F matches, else the table's names. */
function fdCodes(t: IcioTable, codes: readonly string[]): string[] {
  return t.F === codes.length ? [...codes] : [...t.fdCategories];
}

/** Per country-sector sums used by the bottom rows: x (row sums), column sums of Z. */
function sums(t: IcioTable): { x: Float64Array; zc: Float64Array } {
  return { x: t.x, zc: t.Z.colSums() };
}

async function writeSheet(path: string, sheetName: string, rows: Iterable<Row>): Promise<void> {
  const ExcelJS = (await import('exceljs')).default; // loaded on first use: it is large
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet(sheetName);
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
}

function* wiodFamilyRows(
  t: IcioTable,
  o: {
    titles: Row[];
    headerRows: (kind: 'codes' | 'desc' | 'country' | 'number', cols: { country: string; code: string; k: number }[]) => Row | null;
    headerOrder: ('codes' | 'desc' | 'country' | 'number')[];
    fd: string[];
    outCode: string;
    outCountry: string | null;
    dataLabels: (g: number, n: number, i: number) => Row;
    bottom: { labels: Row; values: (x: Float64Array, zc: Float64Array, j: number) => number }[];
  },
): Generator<Row> {
  const { G, N, F, GN } = t;
  const cols: { country: string; code: string; k: number }[] = [];
  for (let j = 0; j < GN; j++) cols.push({ country: t.countries[Math.floor(j / N)], code: t.sectors[j % N], k: j });
  for (let g = 0; g < G; g++) for (let f = 0; f < F; f++) cols.push({ country: t.countries[g], code: o.fd[f], k: GN + g * F + f });
  cols.push({ country: o.outCountry ?? '', code: o.outCode, k: -1 });
  for (const r of o.titles) yield r;
  for (const kind of o.headerOrder) {
    const r = o.headerRows(kind, cols);
    if (r) yield r;
  }
  const { x, zc } = sums(t);
  const stored = t.storedOutput;
  const Z = t.Z.data;
  const Y = t.Y.data;
  for (let i = 0; i < GN; i++) {
    const row: Row = o.dataLabels(Math.floor(i / N), i % N, i);
    for (let j = 0; j < GN; j++) row.push(Z[i + j * GN]);
    for (let c = 0; c < G * F; c++) row.push(Y[i + c * GN]);
    row.push(stored ? stored[i] : x[i]);
    yield row;
  }
  for (const b of o.bottom) {
    const row: Row = [...b.labels];
    for (let j = 0; j < GN; j++) row.push(b.values(x, zc, j));
    yield row;
  }
}

/** WIOD 2013 release layout (`wiotYY_row_sep12.xlsx`, sheet WIOT_YYYY). */
export async function writeWiod2013Xlsx(t: IcioTable, path: string): Promise<void> {
  const fd = t.F === 5 ? [...LAYOUT_FD.wiod2013] : fdCodes(t, LAYOUT_FD.wiod2013);
  const rows = wiodFamilyRows(t, {
    titles: [[`World Input-Output Table ${t.year ?? ''}`], ['in current prices']],
    headerOrder: ['codes', 'desc', 'country', 'number'],
    headerRows: (kind, cols) => {
      if (kind === 'codes') return ['(industry-by-industry)', null, null, null, ...cols.map((c) => (c.k < 0 ? null : c.code))];
      if (kind === 'desc')
        return ['(millions of US$)', null, null, null, ...cols.map((c) => (c.k < 0 ? 'Total output' : `description of ${c.code}`))];
      if (kind === 'country') return [null, null, null, null, ...cols.map((c) => (c.k < 0 ? null : c.country))];
      return [null, null, null, null, ...cols.map((c) => (c.k < 0 ? null : c.code))];
    },
    fd,
    outCode: '',
    outCountry: null,
    dataLabels: (g, n) => [t.sectors[n], `description of ${t.sectors[n]}`, t.countries[g], t.sectors[n]],
    bottom: [
      { labels: [null, 'Total intermediate consumption', 'TOT', 'r60'], values: (_x, zc, j) => zc[j] },
      { labels: [null, 'taxes less subsidies on products', null, 'r99'], values: () => 0 },
      { labels: [null, 'Cif/ fob adjustments on exports', null, 'r61'], values: () => 0 },
      { labels: [null, 'Value added at basic prices', null, 'r64'], values: (x, zc, j) => x[j] - zc[j] },
      { labels: [null, 'International Transport Margins', null, null], values: () => 0 },
      { labels: [null, 'Output at basic prices', null, 'r69'], values: (x, _zc, j) => x[j] },
    ],
  });
  await writeSheet(path, `WIOT_${t.year ?? 'table'}`, rows);
}

/**
 * WIOD 2016 release layout (`WIOTyyyy_Nov16_ROW.xlsx`): title rows, then header rows of codes
 * (A01…, CONS_h…, GO), descriptions, countries (TOT over GO) and column numbers c1…; data rows
 * with the sector code in A, description in B, country in C, row number in D; bottom rows
 * II_fob, TXSP, EXP_adj, PURR, PURNR, VA, IntTTM, GO.
 */
export async function writeWiod2016Xlsx(t: IcioTable, path: string): Promise<void> {
  const fd = fdCodes(t, LAYOUT_FD.wiod2016);
  const rows = wiodFamilyRows(t, {
    titles: [[`World Input-Output Table ${t.year ?? ''}`], ['(millions of US$)']],
    headerOrder: ['codes', 'desc', 'country', 'number'],
    headerRows: (kind, cols) => {
      if (kind === 'codes') return [null, null, null, null, ...cols.map((c) => (c.k < 0 ? 'GO' : c.code))];
      if (kind === 'desc') return [null, null, null, null, ...cols.map((c) => (c.k < 0 ? 'Total output' : `description of ${c.code}`))];
      if (kind === 'country') return [null, null, null, null, ...cols.map((c) => (c.k < 0 ? 'TOT' : c.country))];
      return [null, null, null, null, ...cols.map((_c, j) => `c${j + 1}`)];
    },
    fd,
    outCode: 'GO',
    outCountry: 'TOT',
    dataLabels: (g, n, i) => [t.sectors[n], `description of ${t.sectors[n]}`, t.countries[g], `r${i + 1}`],
    bottom: [
      { labels: ['II_fob', 'Total intermediate consumption', 'TOT', 'r1001'], values: (_x, zc, j) => zc[j] },
      { labels: ['TXSP', 'taxes less subsidies on products', 'TOT', 'r1002'], values: () => 0 },
      { labels: ['EXP_adj', 'Cif/ fob adjustments on exports', 'TOT', 'r1003'], values: () => 0 },
      { labels: ['PURR', 'Direct purchases abroad by residents', 'TOT', 'r1004'], values: () => 0 },
      { labels: ['PURNR', 'Purchases on the domestic territory by non-residents', 'TOT', 'r1005'], values: () => 0 },
      { labels: ['VA', 'Value added at basic prices', 'TOT', 'r1006'], values: (x, zc, j) => x[j] - zc[j] },
      { labels: ['IntTTM', 'International Transport Margins', 'TOT', 'r1007'], values: () => 0 },
      { labels: ['GO', 'Output at basic prices', 'TOT', 'r1008'], values: (x, _zc, j) => x[j] },
    ],
  });
  await writeSheet(path, String(t.year ?? 'WIOT'), rows);
}

/**
 * ADB MRIO layout (`ADB-MRIO-YYYY_*.xlsx`): four title rows, a row of descriptions, a row of
 * economy codes and a row of codes (c1…c35, F1…F5, ToT); data from row 8, column E, with the
 * economy code in C and the sector code in D; bottom rows r60, r99, r64, r69.
 */
export async function writeAdbXlsx(t: IcioTable, path: string): Promise<void> {
  const fd = fdCodes(t, LAYOUT_FD.adb);
  const rows = wiodFamilyRows(t, {
    titles: [['Multiregional Input-Output Table'], [`Year ${t.year ?? ''}`], ['(in millions of US dollars)'], [null]],
    headerOrder: ['desc', 'country', 'codes'],
    headerRows: (kind, cols) => {
      if (kind === 'desc') return [null, null, null, null, ...cols.map((c) => (c.k < 0 ? 'Total output' : `description of ${c.code}`))];
      if (kind === 'country') return [null, null, null, null, ...cols.map((c) => (c.k < 0 ? null : c.country))];
      return [null, null, null, null, ...cols.map((c) => (c.k < 0 ? 'ToT' : c.code))];
    },
    fd,
    outCode: 'ToT',
    outCountry: null,
    dataLabels: (g, n) => [null, `description of ${t.sectors[n]}`, t.countries[g], t.sectors[n]],
    bottom: [
      { labels: [null, 'Total intermediate consumption', null, 'r60'], values: (_x, zc, j) => zc[j] },
      { labels: [null, 'Taxes less subsidies on products', null, 'r99'], values: () => 0 },
      { labels: [null, 'Value added at basic prices', null, 'r64'], values: (x, zc, j) => x[j] - zc[j] },
      { labels: [null, 'Total input', null, 'r69'], values: (x, _zc, j) => x[j] },
    ],
  });
  await writeSheet(path, `ADB MRIO ${t.year ?? ''}`.trim(), rows);
}

// ---------------------------------------------------------------------------------------------
// CSV layouts

function lineWriter(path: string): { line(cells: (string | number)[]): Promise<void> | void; end(): Promise<void> } {
  const ws = createWriteStream(path);
  let pending = '';
  const flush = () =>
    new Promise<void>((res) => {
      if (ws.write(pending)) res();
      else ws.once('drain', () => res());
      pending = '';
    });
  return {
    line(cells) {
      pending += cells.join(',') + '\n';
      if (pending.length > 1 << 20) return flush();
    },
    async end() {
      if (pending) await flush();
      await new Promise<void>((res, rej) => ws.end((e?: Error | null) => (e ? rej(e) : res())));
    },
  };
}

export type OecdEdition = 2016 | 2018 | 2021 | 2023;

export interface OecdWriteOptions {
  edition: OecdEdition;
  /**
   * Split China and Mexico as the "extended" tables do: the CHN and MEX rows and columns are
   * zero, their flows sit in CN1/CN2 and MX1/MX2 (rows split by `share`, columns split evenly),
   * placed after the other countries.
   */
  splits?: boolean;
  /** Share of the first part of each split row (default 0.6). */
  share?: number;
  /** Significant digits of the numbers written (default: full precision). */
  digits?: number;
}

/**
 * An OECD ICIO CSV of a given edition: 2016 (`"CCC_Cxx"` quoted labels, final-use columns
 * CATEGORY_CCC, a DISC column, rows VA+TAXSUB and OUT), 2018/2021 (final-use CCC_CATEGORY,
 * TOTAL column, rows CCC_TAXSUB, VALU, OUTPUT), 2023 (OUT column, rows TLS, VA, OUT).
 */
export async function writeOecdCsv(t: IcioTable, path: string, o: OecdWriteOptions): Promise<void> {
  const { N, F, GN, G } = t;
  const ed = o.edition;
  const share = o.share ?? 0.6;
  const fd = fdCodes(
    t,
    ed === 2016 ? LAYOUT_FD.oecd2016 : ed === 2018 ? LAYOUT_FD.oecd2018 : ed === 2021 ? LAYOUT_FD.oecd2021 : LAYOUT_FD.oecd2023,
  );
  // Rows/columns of the file: [country index or split, part share]
  interface Part {
    code: string;
    g: number;
    rowShare: number;
    colShare: number;
  }
  const parts: Part[] = [];
  const splitOf: Record<string, [string, string]> = { CHN: ['CN1', 'CN2'], MEX: ['MX1', 'MX2'] };
  const doSplit = (c: string) => o.splits === true && c in splitOf;
  t.countries.forEach((c, g) => parts.push({ code: c, g, rowShare: doSplit(c) ? 0 : 1, colShare: doSplit(c) ? 0 : 1 }));
  t.countries.forEach((c, g) => {
    if (doSplit(c)) {
      parts.push({ code: splitOf[c][0], g, rowShare: share, colShare: 0.5 });
      parts.push({ code: splitOf[c][1], g, rowShare: 1 - share, colShare: 0.5 });
    }
  });
  const label = (p: Part, n: number) => (ed === 2016 ? `"${p.code}_${t.sectors[n]}"` : `${p.code}_${t.sectors[n]}`);
  const head: string[] = [ed === 2016 ? '""' : ed === 2023 ? 'V1' : ''];
  for (const p of parts) for (let n = 0; n < N; n++) head.push(label(p, n));
  if (ed === 2016) {
    for (let f = 0; f < F; f++) for (let g = 0; g < G; g++) head.push(`"${fd[f]}_${t.countries[g]}"`);
    head.push('"DISC"');
  } else {
    for (let g = 0; g < G; g++) for (let f = 0; f < F; f++) head.push(`${t.countries[g]}_${fd[f]}`);
    head.push(ed === 2023 ? 'OUT' : 'TOTAL');
  }
  const w = lineWriter(path);
  await w.line(head);
  const dg = o.digits;
  const fmt = dg ? (v: number) => (v === 0 ? 0 : Number(v.toPrecision(dg))) : (v: number) => v;
  const Z = t.Z.data;
  const Y = t.Y.data;
  const x = t.x;
  const colTotals = new Float64Array(parts.length * N);
  const zColSums = new Float64Array(parts.length * N);
  for (const p of parts) {
    for (let n = 0; n < N; n++) {
      const i = p.g * N + n;
      const cells: (string | number)[] = [label(p, n)];
      let rowTotal = 0;
      let k = 0;
      for (const q of parts) {
        for (let m = 0; m < N; m++) {
          const v = fmt(Z[i + (q.g * N + m) * GN] * p.rowShare * q.colShare);
          cells.push(v);
          rowTotal += v;
          zColSums[k++] += v;
        }
      }
      if (ed === 2016) {
        for (let f = 0; f < F; f++)
          for (let g = 0; g < G; g++) {
            const v = fmt(Y[i + (g * F + f) * GN] * p.rowShare);
            cells.push(v);
            rowTotal += v;
          }
        cells.push(0);
      } else {
        for (let c = 0; c < G * F; c++) {
          const v = fmt(Y[i + c * GN] * p.rowShare);
          cells.push(v);
          rowTotal += v;
        }
        cells.push(rowTotal);
      }
      await w.line(cells);
    }
  }
  // Column totals: output of each column part = x of its country-sector × colShare.
  parts.forEach((p, pi) => {
    for (let n = 0; n < N; n++) colTotals[pi * N + n] = x[p.g * N + n] * p.colShare;
  });
  const pad = (cells: (string | number)[]) => {
    const extra = ed === 2016 ? G * F + 1 : G * F + 1;
    for (let k = 0; k < extra; k++) cells.push(ed === 2023 ? '' : 0);
    return cells;
  };
  const va = Array.from(colTotals, (xt, k) => xt - zColSums[k]);
  if (ed === 2016) {
    await w.line(pad(['"VA+TAXSUB"', ...va]));
    await w.line(pad(['"OUT"', ...colTotals]));
  } else if (ed === 2023) {
    // taxes less subsidies: 1% of value added; VA the rest
    await w.line(pad(['TLS', ...va.map((v) => v * 0.01)]));
    await w.line(pad(['VA', ...va.map((v) => v * 0.99)]));
    await w.line(pad(['OUT', ...colTotals]));
  } else {
    for (let g = 0; g < G; g++) await w.line(pad([`${t.countries[g]}_TAXSUB`, ...va.map((v) => (v * 0.01) / G)]));
    await w.line(pad(['VALU', ...va.map((v) => v * 0.99)]));
    await w.line(pad(['OUTPUT', ...colTotals]));
  }
  await w.end();
}

/**
 * FIGARO CSV as Eurostat publishes it. `matrix`: a header `rowLabels, AT_A01…, AT_P3_S13…` and
 * one row per country-industry (`AT_A01`), then value-added rows `W2_D21X31`, `W2_B2A3G`
 * (countries by ISO 2 codes, industries by NACE codes; `prod` uses CPA_ codes). `long`: one line
 * per cell, `refArea,rowPi,counterpartArea,colPi,obsValue`.
 */
export async function writeFigaroCsv(
  t: IcioTable,
  path: string,
  o: { format: 'matrix' | 'long'; iso2?: (c: string) => string },
): Promise<void> {
  const { N, F, GN, G } = t;
  const fd = fdCodes(t, LAYOUT_FD.figaro);
  const cc = o.iso2 ?? ((c: string) => c);
  const sec = (n: number) => t.sectors[n];
  const Z = t.Z.data;
  const Y = t.Y.data;
  const x = t.x;
  const zc = t.Z.colSums();
  const w = lineWriter(path);
  if (o.format === 'matrix') {
    const head: string[] = ['rowLabels'];
    for (let j = 0; j < GN; j++) head.push(`${cc(t.countries[Math.floor(j / N)])}_${sec(j % N)}`);
    for (let g = 0; g < G; g++) for (let f = 0; f < F; f++) head.push(`${cc(t.countries[g])}_${fd[f]}`);
    await w.line(head);
    for (let i = 0; i < GN; i++) {
      const cells: (string | number)[] = [`${cc(t.countries[Math.floor(i / N)])}_${sec(i % N)}`];
      for (let j = 0; j < GN; j++) cells.push(Z[i + j * GN]);
      for (let c = 0; c < G * F; c++) cells.push(Y[i + c * GN]);
      await w.line(cells);
    }
    const tail = (name: string, v: (j: number) => number) => {
      const cells: (string | number)[] = [name];
      for (let j = 0; j < GN; j++) cells.push(v(j));
      for (let c = 0; c < G * F; c++) cells.push(0);
      return w.line(cells);
    };
    await tail('W2_D21X31', (j) => 0.02 * (x[j] - zc[j]));
    await tail('W2_B2A3G', (j) => 0.98 * (x[j] - zc[j]));
  } else {
    await w.line(['refArea', 'rowPi', 'counterpartArea', 'colPi', 'obsValue']);
    for (let i = 0; i < GN; i++) {
      const a = cc(t.countries[Math.floor(i / N)]);
      const s = sec(i % N);
      for (let j = 0; j < GN; j++) await w.line([a, s, cc(t.countries[Math.floor(j / N)]), sec(j % N), Z[i + j * GN]]);
      for (let g = 0; g < G; g++) for (let f = 0; f < F; f++) await w.line([a, s, cc(t.countries[g]), fd[f], Y[i + (g * F + f) * GN]]);
    }
    for (let j = 0; j < GN; j++) {
      const b = cc(t.countries[Math.floor(j / N)]);
      await w.line(['W2', 'D21X31', b, sec(j % N), 0.02 * (x[j] - zc[j])]);
      await w.line(['W2', 'B2A3G', b, sec(j % N), 0.98 * (x[j] - zc[j])]);
    }
  }
  await w.end();
}
