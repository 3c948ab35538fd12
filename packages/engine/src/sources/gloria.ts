/**
 * GLORIA (Global Resource Input-Output Assessment, ielab.info), the result files as distributed:
 * a folder `GLORIA_MRIOs_VV_YYYY` with
 *   `…_T-Results_YYYY_VVV_MarkupMMM(full).csv`  supply-use table, (G·2N) × (G·2N)
 *   `…_Y-Results_YYYY_VVV_MarkupMMM(full).csv`  final demand, (G·2N) × (G·F)
 *   `…_V-Results_YYYY_VVV_MarkupMMM(full).csv`  value added, (G·K) × (G·2N)
 * headerless CSV; labels (regions, sectors, value-added and final-demand names) come from
 * `GLORIA_ReadMe_VVV.xlsx` beside the folder or in it. Markup001 is basic prices (the default;
 * 002–005 are the margins and taxes, chosen by passing that T file).
 *
 * Order within a region: N industry rows/columns, then N product rows/columns. Industry rows
 * hold the supply (make) table S (industry × product, own region), product rows the use table U
 * (product × industry, any region). The industry-by-industry table is built with the fixed
 * product-sales-structure assumption (Eurostat Manual 2008, model D): D = S q̂⁻¹ (market shares,
 * q = product output), Z = D U, Y = D Y_products. It keeps the column sums of the use table, so
 * VA is unchanged, and gives x = D (U 1 + Y 1) (= D q where the product balance holds). A product
 * that no industry of its region supplies is attributed to the industry of the same number.
 *
 * Streaming: T and Y are read line by line (lines.ts); memory is the output (Z: (GN)² doubles)
 * plus the market shares (G·N·N), one region's use rows (N × 2GN) and one line — the
 * 2GN × 2GN file itself is never held.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Matrix } from '@catena/linalg';
import { TableFormatError } from '../errors.js';
import { IcioTable } from '../table/icio-table.js';
import { forEachNumericRow } from './lines.js';

const RESULT = /_(T|Y|V)-Results_(\d{4})_(\d{3})_Markup(\d{3})\(full\)\.csv$/;
export const GLORIA_KNOWN =
  'known GLORIA layout: release 057–059, GLORIA_MRIOs_VV_YYYY/…_{T,Y,V}-Results_YYYY_VVV_MarkupMMM(full).csv with GLORIA_ReadMe_VVV.xlsx (164 regions × 120 sectors)';

export interface GloriaFiles {
  dir: string;
  T: string;
  Y: string;
  V?: string;
  readme?: string;
  year: number;
  version: string;
  markup: string;
}

/** The result files of a GLORIA path (a T-Results file, the MRIOs folder or its parent), or null. */
export function gloriaFiles(path: string): GloriaFiles | null {
  if (!existsSync(path)) return null;
  let dir = path;
  let tFile: string | undefined;
  if (statSync(path).isFile()) {
    const m = RESULT.exec(basename(path));
    if (!m || m[1] !== 'T') return null;
    dir = dirname(path);
    tFile = basename(path);
  } else {
    const sub = readdirSync(path).find((f) => /^GLORIA_MRIOs_/i.test(f) && statSync(join(path, f)).isDirectory());
    if (!readdirSync(path).some((f) => RESULT.test(f)) && sub) dir = join(path, sub);
  }
  const files = readdirSync(dir);
  tFile ??= files.filter((f) => RESULT.exec(f)?.[1] === 'T').sort()[0];
  if (!tFile) return null;
  const [, , year, version, markup] = RESULT.exec(tFile)!;
  const other = (k: string) =>
    files.find((f) => f === tFile!.replace(`_T-Results_`, `_${k}-Results_`)) ??
    files.find((f) => RESULT.exec(f)?.[1] === k && f.includes(`Markup001`));
  const y = other('Y');
  const readme = [dir, dirname(dir)]
    .map(
      (d) =>
        readdirSync(d).find((f) => /^GLORIA_ReadMe.*\.xlsx$/i.test(f)) &&
        join(
          d,
          readdirSync(d).find((f) => /^GLORIA_ReadMe.*\.xlsx$/i.test(f))!,
        ),
    )
    .find(Boolean) as string | undefined;
  return {
    dir,
    T: join(dir, tFile),
    Y: y ? join(dir, y) : '',
    V: other('V') && join(dir, other('V')!),
    readme,
    year: Number(year),
    version,
    markup,
  };
}

async function readLabels(file: string): Promise<{ regions: string[]; sectors: string[]; va: string[]; fd: string[] }> {
  const ExcelJS = (await import('exceljs')).default; // loaded on first use: it is large
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new TableFormatError(file, '', `an unreadable workbook (${(e as Error).message})`, 'the GLORIA ReadMe xlsx as downloaded');
  }
  const colOf = (sheet: string, header: string): string[] => {
    const ws = wb.getWorksheet(sheet);
    if (!ws)
      throw new TableFormatError(
        file,
        `sheet ${sheet}`,
        'no such sheet',
        `sheets Regions, Sectors, Value added and final demand; ${GLORIA_KNOWN}`,
      );
    const head = ws.getRow(1).values as unknown[];
    const j = head.findIndex((v) => String(v ?? '').trim() === header);
    if (j < 0)
      throw new TableFormatError(
        file,
        `sheet ${sheet}, row 1`,
        `columns ${head.filter(Boolean).join(', ')}`,
        `a column ${header}; ${GLORIA_KNOWN}`,
      );
    const out: string[] = [];
    for (let r = 2; r <= ws.rowCount; r++) {
      const v = ws.getRow(r).getCell(j).value;
      if (v !== null && v !== undefined && String(v).trim() !== '') out.push(String(v).trim());
    }
    return out;
  };
  return {
    regions: colOf('Regions', 'Region_acronyms'),
    sectors: colOf('Sectors', 'Sector_names'),
    va: colOf('Value added and final demand', 'Value_added_names'),
    fd: colOf('Value added and final demand', 'Final_demand_names'),
  };
}

/** Reads a GLORIA release as an industry-by-industry IcioTable (streaming; see the module comment). */
export async function readGloria(path: string, o: { year?: number } = {}): Promise<IcioTable> {
  const files = gloriaFiles(path);
  if (!files) throw new TableFormatError(path, '', 'no …_T-Results_…(full).csv', GLORIA_KNOWN);
  if (!files.readme) {
    throw new TableFormatError(
      join(dirname(files.dir), 'GLORIA_ReadMe_VVV.xlsx'),
      '',
      'no GLORIA_ReadMe_*.xlsx beside or in the MRIOs folder',
      `the ReadMe workbook of the release (it holds the region and sector labels); ${GLORIA_KNOWN}`,
    );
  }
  if (!files.Y)
    throw new TableFormatError(
      files.T,
      '',
      'no matching Y-Results file',
      `…_Y-Results_${files.year}_${files.version}_Markup${files.markup}(full).csv beside it`,
    );
  const lab = await readLabels(files.readme);
  const G = lab.regions.length;
  const N = lab.sectors.length;
  const F = lab.fd.length;
  const K = lab.va.length;
  const GN = G * N;
  const W = 2 * GN; // width and height of T
  const Z = new Matrix(GN, GN);
  // Market shares per region: for product p of region r, the industries i with D_r[i, p] > 0.
  const shareIdx: Int32Array[] = new Array(GN);
  const shareVal: Float64Array[] = new Array(GN);
  const S = new Float64Array(N * N); // supply of the current region, S[i + p·N]
  const U = new Float64Array(N * W); // use rows of the current region, U[p·W + k]
  let count = 0;
  const where = (k: number) => {
    const r = Math.floor(k / (2 * N));
    const rem = k % (2 * N);
    return { r, ind: rem < N, n: rem % N };
  };
  // Position k of T → index r·N + n of an industry (≥ 0) or −1 − (r·N + n) of a product.
  const pos = new Int32Array(W);
  for (let k = 0; k < W; k++) {
    const w = where(k);
    pos[k] = w.ind ? w.r * N + w.n : -1 - (w.r * N + w.n);
  }
  const sideName = (k: number) => {
    const w = where(k);
    return `${lab.regions[w.r]} ${w.ind ? 'industry' : 'product'} ${lab.sectors[w.n]}`;
  };
  await forEachNumericRow(files.T, ',', W, (row, no) => {
    if (count >= W)
      throw new TableFormatError(
        files.T,
        `line ${no}`,
        `more than ${W} rows`,
        `${W} = ${G} regions × 2 × ${N} sectors (labels of ${basename(files.readme!)})`,
      );
    const w = where(count);
    if (w.ind) {
      for (let k = 0; k < W; k++) {
        if (row[k] === 0) continue;
        const p = -1 - pos[k];
        if (p < 0 || Math.floor(p / N) !== w.r)
          throw new TableFormatError(
            files.T,
            `line ${no}, column ${k + 1}`,
            `${row[k]} in the row of ${sideName(count)} at ${sideName(k)}`,
            `supply only to the products of the industry's own region (${GLORIA_KNOWN})`,
          );
        S[w.n + (p % N) * N] = row[k];
      }
      if (w.n === N - 1) {
        for (let p = 0; p < N; p++) {
          let q = 0;
          for (let i = 0; i < N; i++) q += S[i + p * N];
          const idx: number[] = [];
          const val: number[] = [];
          for (let i = 0; i < N; i++) {
            if (S[i + p * N] !== 0 && q !== 0) {
              idx.push(i);
              val.push(S[i + p * N] / q);
            }
          }
          if (idx.length === 0) {
            // a product no industry of the region supplies: its use goes to the industry of the
            // same number (GLORIA lists industries and products alike), so no flow is lost
            idx.push(p);
            val.push(1);
          }
          shareIdx[w.r * N + p] = Int32Array.from(idx);
          shareVal[w.r * N + p] = Float64Array.from(val);
        }
        S.fill(0);
      }
    } else {
      for (let k = 0; k < W; k++) {
        if (row[k] !== 0 && pos[k] < 0)
          throw new TableFormatError(
            files.T,
            `line ${no}, column ${k + 1}`,
            `${row[k]} in the row of ${sideName(count)} at ${sideName(k)}`,
            'use of products by industries only (product columns are zero)',
          );
      }
      // The region's product rows are gathered (N × W, row-major), then Z's rows of the region
      // are filled column by column: contiguous writes instead of one scattered write per cell.
      U.set(row, w.n * W);
      if (w.n === N - 1) {
        const r0 = w.r * N;
        for (let k = 0; k < W; k++) {
          const j = pos[k];
          if (j < 0) continue;
          const o = j * GN + r0;
          for (let p = 0; p < N; p++) {
            const u = U[p * W + k];
            if (u === 0) continue;
            const idx = shareIdx[r0 + p];
            const val = shareVal[r0 + p];
            for (let t = 0; t < idx.length; t++) Z.data[o + idx[t]] += val[t] * u;
          }
        }
      }
    }
    count++;
  });
  if (count !== W)
    throw new TableFormatError(files.T, `line ${count + 1}`, `${count} rows (truncated?)`, `${W} = ${G} regions × 2 × ${N} sectors`);

  const Y = new Matrix(GN, G * F);
  count = 0;
  await forEachNumericRow(files.Y, ',', G * F, (yrow, no) => {
    if (count >= W) throw new TableFormatError(files.Y, `line ${no}`, `more than ${W} rows`, `${W}, as the T file`);
    const w = where(count);
    if (w.ind) {
      if (yrow.some((v) => v !== 0))
        throw new TableFormatError(
          files.Y,
          `line ${no}`,
          `final demand in the row of ${sideName(count)}`,
          'final demand in product rows only',
        );
    } else {
      const idx = shareIdx[w.r * N + w.n];
      const val = shareVal[w.r * N + w.n];
      for (let c = 0; c < G * F; c++) {
        if (yrow[c] === 0) continue;
        const o = c * GN + w.r * N;
        for (let t = 0; t < idx.length; t++) Y.data[o + idx[t]] += val[t] * yrow[c];
      }
    }
    count++;
  });
  if (count !== W) throw new TableFormatError(files.Y, `line ${count + 1}`, `${count} rows (truncated?)`, `${W}, as the T file`);

  let storedVA: Float64Array | undefined;
  if (files.V) {
    storedVA = new Float64Array(GN);
    count = 0;
    await forEachNumericRow(files.V, ',', W, (row, no) => {
      for (let k = 0; k < W; k++) {
        if (row[k] === 0) continue;
        const c = where(k);
        if (!c.ind)
          throw new TableFormatError(
            files.V!,
            `line ${no}, column ${k + 1}`,
            `value added at ${sideName(k)}`,
            'value added in industry columns only',
          );
        storedVA![c.r * N + c.n] += row[k];
      }
      count++;
    });
    if (count !== G * K)
      throw new TableFormatError(files.V, `line ${count + 1}`, `${count} rows`, `${G * K} = ${G} regions × ${K} value-added items`);
  }
  return new IcioTable({
    countries: lab.regions,
    sectors: lab.sectors,
    fdCategories: lab.fd,
    Z,
    Y,
    storedVA,
    unit: 'thousand USD',
    year: o.year ?? files.year,
    source: `GLORIA release ${files.version} ${files.year}, Markup${files.markup}${files.markup === '001' ? ' (basic prices)' : ''}, industry by industry (fixed product sales structure): ${files.dir}`,
  });
}
