/**
 * Reading a CSV panel into a DataFrame (Node: reads the file). A column is numeric when every
 * non-missing cell parses as a number; empty cells, NA and NaN are missing.
 */
import { TableFormatError } from '../errors.js';
import { splitCells } from '../sources/cells.js';
import { textLines } from '../sources/lines.js';
import type { Column, DataFrame } from './data.js';

const MISSING = new Set(['', 'NA', 'NAN', '.', 'NULL']);

function isMissing(cell: string): boolean {
  return MISSING.has(cell.trim().toUpperCase());
}

function cellsOf(line: string, sep: string): string[] {
  return line.indexOf('"') < 0 ? line.split(sep) : splitCells(line, sep);
}

/**
 * Reads a CSV (or TSV with sep '\t') panel into a DataFrame. Cells are parsed straight into
 * numeric columns, line by line; a column falls back to text at its first cell that is neither a
 * number nor missing (that cell is remembered for error messages).
 */
export function readPanel(path: string, sep = ','): DataFrame {
  const lines = textLines(path);
  if (lines.length === 0) throw new TableFormatError(path, '', 'an empty file', 'a header line and data rows');
  const header = splitCells(lines[0], sep).map((h) => h.trim());
  const m = header.length;
  header.forEach((name, j) => {
    if (name === '') throw new TableFormatError(path, `column ${j + 1} of the header`, 'an empty name', 'a column name');
    if (header.indexOf(name) < j)
      throw new TableFormatError(path, `column ${j + 1} of the header`, `'${name}' a second time`, 'distinct column names');
  });
  const lineOf: number[] = [];
  for (let i = 1; i < lines.length; i++) if (lines[i] !== '') lineOf.push(i);
  const n = lineOf.length;
  const num = header.map(() => new Float64Array(n));
  const text: (string[] | null)[] = header.map(() => null);
  const textBecause = new Map<string, string>();
  const toText = (j: number, upTo: number, cell: string) => {
    textBecause.set(header[j], `line ${lineOf[upTo] + 1}: '${cell.length > 30 ? cell.slice(0, 30) + '…' : cell}'`);
    const t = new Array<string>(n);
    for (let r = 0; r < upTo; r++) {
      const c = cellsOf(lines[lineOf[r]], sep)[j];
      t[r] = isMissing(c) ? '' : c.trim();
    }
    text[j] = t;
  };
  for (let r = 0; r < n; r++) {
    const cells = cellsOf(lines[lineOf[r]], sep);
    if (cells.length !== m)
      throw new TableFormatError(path, `line ${lineOf[r] + 1}`, `${cells.length} cells`, `${m} cells, as in the header`);
    for (let j = 0; j < m; j++) {
      const cell = cells[j];
      const t = text[j];
      if (t) {
        t[r] = isMissing(cell) ? '' : cell.trim();
        continue;
      }
      const v = +cell;
      if (v === v && cell.trim() !== '') num[j][r] = v;
      else if (isMissing(cell)) num[j][r] = NaN;
      else {
        toText(j, r, cell);
        text[j]![r] = cell.trim();
      }
    }
  }
  const columns = new Map<string, Column>();
  header.forEach((name, j) => columns.set(name, text[j] ?? num[j]));
  return { n, columns, file: path, textBecause };
}
