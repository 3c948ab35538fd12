/**
 * A lean streaming reader of one worksheet of an .xlsx file: the zip entry of the sheet is
 * inflated chunk by chunk and its bytes scanned for `<row>` and `<c>` elements; each row is
 * handed on in a reused XlsxRow, so memory stays at one chunk plus one row whatever the sheet's
 * size.
 *
 * It reads what input-output tables hold: numbers, shared strings, inline strings, formula
 * results (the cached `<v>`), booleans. Styles, dates and formulas themselves are ignored.
 * (exceljs's streaming reader needs about 6 s for a full WIOD sheet of 2.4 million cells; this
 * scanner needs a fraction of that.)
 */
import { TableFormatError } from '../errors.js';
import { parseNumberBytes } from './cells.js';
import { Joiner, readHeadBytes } from './files.js';
import { streamZipEntryAsync, zipEntries, zipEntryText, type ZipEntry } from './zip.js';

export type CellValue = string | number | boolean | null;

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITY[e];
  });
}

/** Text of every <t> element inside an <si> or <is> element. */
function textOf(xml: string): string {
  let out = '';
  let p = 0;
  for (;;) {
    const a = xml.indexOf('<t', p);
    if (a < 0) break;
    const ch = xml[a + 2];
    if (ch !== '>' && ch !== ' ' && ch !== '/') {
      p = a + 2;
      continue;
    }
    const gt = xml.indexOf('>', a);
    if (xml[gt - 1] === '/') {
      p = gt + 1;
      continue;
    }
    const b = xml.indexOf('</t>', gt);
    out += xml.slice(gt + 1, b);
    p = b + 4;
  }
  return decodeXml(out);
}

export interface XlsxSheetInfo {
  name: string;
  entry: ZipEntry;
}

/** The worksheets of a workbook, in workbook order. */
export function xlsxSheets(path: string): { sheets: XlsxSheetInfo[]; entries: ZipEntry[] } {
  const head = readHeadBytes(path, 4);
  if (!(head.length === 4 && head[0] === 0x50 && head[1] === 0x4b))
    throw new TableFormatError(path, '', 'a file that is not an Excel workbook (no zip signature)', 'an .xlsx workbook');
  const entries = zipEntries(path);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const wb = byName.get('xl/workbook.xml');
  if (!wb)
    throw new TableFormatError(
      path,
      '',
      'a zip archive without xl/workbook.xml',
      'an .xlsx workbook (.xls and .xlsb are not read: save the file as .xlsx)',
    );
  const wbXml = zipEntryText(path, wb);
  const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
  const rels = new Map<string, string>();
  if (relsEntry) {
    const relXml = zipEntryText(path, relsEntry);
    for (const m of relXml.matchAll(/<Relationship\b[^>]*>/g)) {
      const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
      const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
      if (id && target) rels.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    }
  }
  const sheets: XlsxSheetInfo[] = [];
  let k = 0;
  for (const m of wbXml.matchAll(/<sheet\b[^>]*>/g)) {
    k++;
    const name = decodeXml(/\bname="([^"]*)"/.exec(m[0])?.[1] ?? `Sheet${k}`);
    const rid = /\br:id="([^"]*)"/.exec(m[0])?.[1] ?? /\bid="([^"]*)"/.exec(m[0])?.[1];
    const target = (rid && rels.get(rid)) ?? `xl/worksheets/sheet${k}.xml`;
    const entry = byName.get(target.replace(/\/\.\//g, '/'));
    if (entry) sheets.push({ name, entry });
  }
  if (sheets.length === 0) throw new TableFormatError(path, '', 'a workbook without worksheets', 'at least one worksheet');
  return { sheets, entries };
}

/** The shared-string table of a workbook (small: labels only). */
function sharedStrings(path: string, entries: ZipEntry[]): string[] {
  const e = entries.find((x) => x.name === 'xl/sharedStrings.xml');
  if (!e) return [];
  const xml = zipEntryText(path, e);
  const out: string[] = [];
  let p = 0;
  for (;;) {
    const a = xml.indexOf('<si', p);
    if (a < 0) break;
    const gt = xml.indexOf('>', a);
    if (xml[gt - 1] === '/') {
      out.push('');
      p = gt + 1;
      continue;
    }
    const b = xml.indexOf('</si>', gt);
    out.push(textOf(xml.slice(gt + 1, b)));
    p = b + 5;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8');

/**
 * One row of a sheet, reused from row to row (read what you need before returning): the kind
 * of each cell (0 empty, 1 number, 2 text, 3 boolean), numbers in `num`, texts in `text`.
 */
export class XlsxRow {
  rowNumber = 0;
  /** One more than the last column (0-based) with a cell. */
  width = 0;
  kind = new Uint8Array(64);
  num = new Float64Array(64);
  text: (string | undefined)[] = [];

  ensure(col: number): void {
    if (col < this.kind.length) return;
    let n = this.kind.length;
    while (n <= col) n *= 2;
    const k = new Uint8Array(n);
    k.set(this.kind);
    const v = new Float64Array(n);
    v.set(this.num);
    this.kind = k;
    this.num = v;
  }

  reset(rowNumber: number): void {
    this.kind.fill(0, 0, this.width);
    this.text.length = 0;
    this.width = 0;
    this.rowNumber = rowNumber;
  }

  /** The value in column c (0-based), or null. */
  get(c: number): CellValue {
    if (c >= this.width) return null;
    const k = this.kind[c];
    return k === 1 ? this.num[c] : k === 2 ? (this.text[c] ?? '') : k === 3 ? this.num[c] === 1 : null;
  }

  isNumber(c: number): boolean {
    return c < this.width && this.kind[c] === 1;
  }

  /** A copy of the row as an array (for header and label rows). */
  values(): CellValue[] {
    return Array.from({ length: this.width }, (_, c) => this.get(c));
  }
}

const enum T {
  n,
  s,
  str,
  b,
  inline,
  e,
}

/** Finds the byte sequence `</c>` from `from`; −1 when absent. */
function findCellEnd(buf: Uint8Array, from: number, end: number): number {
  for (let k = buf.indexOf(60, from); k >= 0 && k + 3 < end; k = buf.indexOf(60, k + 1)) {
    if (buf[k + 1] === 47 && buf[k + 2] === 99 && buf[k + 3] === 62) return k;
  }
  return -1;
}

/**
 * Streams the rows of one worksheet (the first, or the one named or numbered by `sheet`) as
 * bytes: numbers are parsed straight from the inflated bytes into a reused row, so neither the
 * sheet's text nor per-cell strings are ever built. Returns the sheet's name. `onRow` returns
 * false to stop.
 */
export async function readXlsxRows(path: string, onRow: (row: XlsxRow) => boolean | void, sheet?: string | number): Promise<string> {
  const { sheets, entries } = xlsxSheets(path);
  let chosen: XlsxSheetInfo | undefined;
  if (sheet === undefined) chosen = sheets[0];
  else if (typeof sheet === 'number') chosen = sheets[sheet];
  else chosen = sheets.find((s) => s.name === sheet);
  if (!chosen)
    throw new TableFormatError(path, 'sheet', `sheet ${JSON.stringify(sheet)}`, `one of ${sheets.map((s) => s.name).join(', ')}`);
  const sst = sharedStrings(path, entries);
  const where = `${path} [sheet ${chosen.name}]`;
  const row = new XlsxRow();
  let inRow = false;
  let stop = false;
  let sawEnd = false;
  let lastRow = 0;
  let nextCol = 0;
  const joiner = new Joiner();

  const rowNumberAt = (buf: Uint8Array, from: number, gt: number): number => {
    for (let q = from; q < gt - 3; q++) {
      if (buf[q] === 32 && buf[q + 1] === 114 && buf[q + 2] === 61 && buf[q + 3] === 34) {
        let v = 0;
        for (let k = q + 4; buf[k] >= 48 && buf[k] <= 57; k++) v = v * 10 + (buf[k] - 48);
        return v;
      }
    }
    return lastRow + 1;
  };

  /** Scans buf; returns the offset from which bytes must be kept for the next chunk. */
  const scan = (buf: Uint8Array, final: boolean): number => {
    const len = buf.length;
    let p = 0;
    for (;;) {
      const lt = buf.indexOf(60, p);
      if (lt < 0) return len;
      if (lt + 16 > len && !final) return lt;
      const c1 = buf[lt + 1];
      if (c1 === 99 /* c */ && (buf[lt + 2] === 32 || buf[lt + 2] === 62 || buf[lt + 2] === 47)) {
        const gt = buf.indexOf(62, lt);
        if (gt < 0) return final ? len : lt;
        let col = nextCol;
        let t = T.n;
        for (let q = lt + 2; q < gt - 3; q++) {
          if (buf[q] === 32 && buf[q + 2] === 61 && buf[q + 3] === 34) {
            const name = buf[q + 1];
            let k = q + 4;
            if (name === 114 /* r */) {
              let c = 0;
              for (; (buf[k] >= 65 && buf[k] <= 90) || (buf[k] >= 97 && buf[k] <= 122); k++) c = c * 26 + ((buf[k] | 32) - 96);
              col = c - 1;
            } else if (name === 116 /* t */) {
              const a = buf[k];
              const b = buf[k + 1];
              t = a === 115 ? (b === 34 ? T.s : T.str) : a === 98 ? T.b : a === 105 ? T.inline : a === 101 ? T.e : T.n;
            }
            while (k < gt && buf[k] !== 34) k++;
            q = k;
          }
        }
        nextCol = col + 1;
        if (buf[gt - 1] === 47) {
          p = gt + 1;
          continue;
        }
        const end = findCellEnd(buf, gt + 1, len);
        if (end < 0) {
          if (final) throw new TableFormatError(where, `row ${row.rowNumber}`, 'an unterminated cell', 'well-formed sheet XML');
          return lt;
        }
        p = end + 4;
        if (!inRow) continue;
        row.ensure(col);
        if (col + 1 > row.width) row.width = col + 1;
        if (t === T.inline) {
          row.kind[col] = 2;
          row.text[col] = textOf(utf8.decode(buf.subarray(gt + 1, end)));
          continue;
        }
        // <v>…</v>, possibly after a formula <f>…</f>
        let v = -1;
        for (let k = buf.indexOf(60, gt + 1); k >= 0 && k < end; k = buf.indexOf(60, k + 1)) {
          if (buf[k + 1] === 118 && buf[k + 2] === 62) {
            v = k + 3;
            break;
          }
        }
        if (v < 0) continue;
        const ve = buf.indexOf(60, v);
        if (t === T.n) {
          const x = parseNumberBytes(buf, v, ve);
          if (x === x) {
            row.kind[col] = 1;
            row.num[col] = x;
          } else {
            row.kind[col] = 2;
            row.text[col] = decodeXml(utf8.decode(buf.subarray(v, ve)));
          }
        } else if (t === T.s) {
          const k = parseNumberBytes(buf, v, ve);
          row.kind[col] = 2;
          row.text[col] = sst[k] ?? '';
        } else if (t === T.b) {
          row.kind[col] = 3;
          row.num[col] = buf[v] === 49 ? 1 : 0;
        } else {
          row.kind[col] = 2;
          row.text[col] = decodeXml(utf8.decode(buf.subarray(v, ve)));
        }
        continue;
      }
      if (c1 === 114 && buf[lt + 2] === 111 && buf[lt + 3] === 119 && (buf[lt + 4] === 32 || buf[lt + 4] === 62 || buf[lt + 4] === 47)) {
        const gt = buf.indexOf(62, lt);
        if (gt < 0) return final ? len : lt;
        const r = rowNumberAt(buf, lt + 4, gt);
        lastRow = r;
        nextCol = 0;
        p = gt + 1;
        if (buf[gt - 1] === 47) continue; // an empty row
        row.reset(r);
        inRow = true;
        continue;
      }
      if (c1 === 47 && buf[lt + 2] === 114 && buf[lt + 3] === 111 && buf[lt + 4] === 119 && buf[lt + 5] === 62) {
        p = lt + 6;
        if (inRow) {
          inRow = false;
          if (onRow(row) === false) {
            stop = true;
            return len;
          }
        }
        continue;
      }
      if (c1 === 47 && buf[lt + 2] === 115 && buf[lt + 3] === 104 && buf[lt + 7] === 68) {
        // </sheetData>
        sawEnd = true;
        p = lt + 2;
        continue;
      }
      p = lt + 1;
    }
  };

  // zlib in 64 KiB pieces: little is held at once.
  await streamZipEntryAsync(path, chosen.entry, (chunk, final) => {
    const buf = joiner.join(chunk);
    joiner.keep(scan(buf, final));
    return !stop;
  });
  if (!stop && !sawEnd)
    throw new TableFormatError(
      where,
      `after row ${lastRow}`,
      'the sheet data end without </sheetData>',
      'a complete worksheet (was the file truncated?)',
    );
  return chosen.name;
}
