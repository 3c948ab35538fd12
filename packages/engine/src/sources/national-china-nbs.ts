/**
 * China NBS input-output tables (National Bureau of Statistics), in the CSV layout of
 * shared/data/china_nbs_io: header `Code, Description, DescriptionInChinese, [Origin,] 01 … NN,
 * TIU, <final uses>, TFU, [IM, ERR,] GO`; rows the N products, then TII, VA001–VA004, TVA, TI.
 *
 * Two layouts:
 * - non-competitive imports (an `Origin` column): rows Domestic 01–NN, Imports 01–NN, then TOT
 *   rows; final uses TC, FU201, FU202, EX. Imports are their own block as published; EX in an
 *   Imports row is a re-export.
 * - competitive imports (no Origin): final uses FU101, FU102, [THC], FU103, TC, FU201, FU202,
 *   GCF, EX, TFU, then IM (imports, positive), [ERR] (statistical discrepancy) and GO, with
 *   GO = TIU + TFU − IM + ERR. Imports are split off by the proportionality assumption
 *   (national/table.ts); ERR stays a domestic final-use column so that x = GO.
 * Final-demand categories are the leaf columns (FU101, FU102, FU103 or their totals THC/TC
 * where the leaves are absent; FU201, FU202 or GCF); aggregates are checked, not used.
 * Values are in 10,000 yuan (万元), as published.
 */
import { basename } from 'node:path';
import { Matrix } from '@catena/linalg';
import { TableFormatError } from '../errors.js';
import { NationalTable, splitImportsProportionally } from '../national/table.js';
import { readLabelledRows, type LabelledRows } from './lines.js';
import { sourceName, type Source } from './stream.js';

export const NBS_KNOWN =
  'known NBS layouts: 42-sector non-competitive-import tables with an Origin column (2017, 2018, 2020) and competitive-import tables (2012 139 sectors, 2015 42 sectors, 2020 153 sectors)';

/** Whether a first line is the header of an NBS table. */
export function isNbsHeader(first: string): boolean {
  const h = first
    .replace(/^\uFEFF/, '')
    .replace(/"/g, '')
    .split(',');
  return h[0] === 'Code' && h[1] === 'Description' && h[2] === 'DescriptionInChinese';
}

const FD_LEAVES: { code: string; unless?: string[] }[] = [
  { code: 'FU101' },
  { code: 'FU102' },
  { code: 'THC', unless: ['FU101', 'FU102'] },
  { code: 'FU103' },
  { code: 'TC', unless: ['FU101', 'FU102', 'THC', 'FU103'] },
  { code: 'FU201' },
  { code: 'FU202' },
  { code: 'GCF', unless: ['FU201', 'FU202'] },
];

function column(raw: LabelledRows, code: string, required: boolean): number {
  const j = raw.header[0].indexOf(code);
  if (j < 0 && required) {
    throw new TableFormatError(
      raw.file,
      'line 1 (header)',
      `no column ${code} among ${raw.header[0].slice(-16).join(', ')}`,
      `a column ${code}; ${NBS_KNOWN}`,
    );
  }
  return j;
}

function num(raw: LabelledRows, r: number, j: number): number {
  return raw.values[r][j - raw.labelColumns];
}

/** Reads an NBS table (either layout) as a NationalTable. */
export async function readChinaNbs(source: Source, o: { year?: number; maxBytes?: number } = {}): Promise<NationalTable> {
  const path = sourceName(source);
  const raw = await readLabelledRows(source, {
    labelColumns: (h) => (h[3] === 'Origin' ? 4 : 3),
    maxBytes: o.maxBytes,
    expected: `Code, Description, DescriptionInChinese, …; ${NBS_KNOWN}`,
  });
  const file = raw.file;
  const header = raw.header[0];
  if (!isNbsHeader(header.join(','))) {
    throw new TableFormatError(
      file,
      'line 1',
      `header ${header.slice(0, 4).join(', ')}`,
      `Code, Description, DescriptionInChinese, …; ${NBS_KNOWN}`,
    );
  }
  const hasOrigin = header[3] === 'Origin';
  const first = hasOrigin ? 4 : 3;
  const tiu = column(raw, 'TIU', true);
  const sectors = header.slice(first, tiu);
  const N = sectors.length;
  if (N === 0)
    throw new TableFormatError(
      file,
      'line 1',
      'no sector columns before TIU',
      `sector codes 01 … NN between the labels and TIU; ${NBS_KNOWN}`,
    );
  const go = column(raw, 'GO', true);
  column(raw, 'TFU', true);
  const ex = column(raw, 'EX', true);
  const fdCols = FD_LEAVES.filter((l) => header.includes(l.code) && !(l.unless ?? []).some((u) => header.includes(u))).map((l) =>
    header.indexOf(l.code),
  );
  if (fdCols.length === 0)
    throw new TableFormatError(
      file,
      'line 1 (header)',
      'no final-use columns',
      `FU101/FU102/THC/FU103/TC and FU201/FU202/GCF; ${NBS_KNOWN}`,
    );

  // Row positions: Domestic (or plain) product rows, then Imports rows when present.
  const origin = (r: number) => (hasOrigin ? raw.labels[r][3] : '');
  const findRows = (want: string): number[] => {
    const idx: number[] = [];
    for (const code of sectors) {
      const r = raw.labels.findIndex((row, k) => row[0] === code && (!hasOrigin || origin(k) === want));
      if (r < 0) {
        throw new TableFormatError(
          file,
          `column Code${hasOrigin ? `/Origin` : ''}`,
          `no row ${code}${hasOrigin ? ` with Origin ${want}` : ''}`,
          `a row for every sector column (${sectors[0]} … ${sectors[N - 1]}); ${NBS_KNOWN}`,
        );
      }
      idx.push(r);
    }
    return idx;
  };
  const dom = findRows('Domestic');
  const imp = hasOrigin ? findRows('Imports') : [];
  const fdCategories = fdCols.map((j) => header[j]);
  const F = fdCategories.length;

  const fill = (rows: number[], cols: number[]) => {
    const M = new Matrix(rows.length, cols.length);
    rows.forEach((r, i) => cols.forEach((j, k) => (M.data[i + k * rows.length] = num(raw, r, j))));
    return M;
  };
  const sectorCols = Array.from({ length: N }, (_, k) => first + k);
  const vec = (rows: number[], j: number) => Float64Array.from(rows, (r) => num(raw, r, j));
  const storedOutput = vec(dom, go);
  const primaryInputs = ['VA001', 'VA002', 'VA003', 'VA004']
    .map((code) => ({ code, r: raw.labels.findIndex((row) => row[0] === code) }))
    .filter((p) => p.r >= 0)
    .map((p) => ({ code: p.code, values: Float64Array.from(sectorCols, (j) => num(raw, p.r, j)) }));
  const year = o.year ?? yearOf(path);
  const common = {
    country: 'CHN',
    sectors,
    sectorNames: dom.map((r) => raw.labels[r][1]),
    primaryInputs,
    storedOutput,
    unit: '10,000 CNY',
    year,
    source: `China NBS input-output table${year ? ` ${year}` : ''}, ${N} sectors, ${hasOrigin ? 'non-competitive imports' : 'competitive imports'}: ${path}`,
  };
  if (hasOrigin) {
    return new NationalTable({
      ...common,
      fdCategories,
      Zd: fill(dom, sectorCols),
      Zm: fill(imp, sectorCols),
      Yd: fill(dom, fdCols),
      Ym: fill(imp, fdCols),
      exports: vec(dom, ex),
      reexports: vec(imp, ex),
      importSplit: 'table',
    });
  }
  const im = column(raw, 'IM', true);
  const err = column(raw, 'ERR', false);
  const imports = vec(dom, im).map((v) => Math.abs(v));
  const s = splitImportsProportionally(fill(dom, sectorCols), fill(dom, fdCols), imports);
  let { Yd, Ym } = s;
  const cats = fdCategories.slice();
  if (err >= 0) {
    cats.push('ERR');
    const Yd2 = new Matrix(N, F + 1);
    Yd2.data.set(Yd.data);
    Yd2.col(F).set(vec(dom, err));
    const Ym2 = new Matrix(N, F + 1);
    Ym2.data.set(Ym.data);
    Yd = Yd2;
    Ym = Ym2;
  }
  return new NationalTable({
    ...common,
    fdCategories: cats,
    Zd: s.Zd,
    Zm: s.Zm,
    Yd,
    Ym,
    exports: vec(dom, ex),
    importSplit: 'proportional',
  });
}

export function yearOf(path: string): number | undefined {
  const m = /(?:^|[^0-9])((?:19|20)\d{2})(?:[^0-9]|$)/.exec(basename(path));
  return m ? Number(m[1]) : undefined;
}
