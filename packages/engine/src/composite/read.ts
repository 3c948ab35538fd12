/** Reading indicator panels and records from delimited files (Node: reads the file; gzip allowed). */
import { Matrix } from '@catena/linalg';
import { TableFormatError } from '../errors.js';
import { readDelimited } from '../sources/lines.js';
import { checkKeys, parseCell, type IndicatorPanel, type PanelColumns } from './panel.js';

/** Reads a panel from a delimited file with a header line (gzip allowed). Each (unit, time) must appear once. */
export function readPanelCsv(path: string, cols: PanelColumns, sep = ','): IndicatorPanel {
  const raw = readDelimited(path, sep);
  const find = (name: string, role: string): number => {
    const k = raw.header.indexOf(name);
    if (k < 0) throw new TableFormatError(path, 'header', `columns ${raw.header.join(', ')}`, `a column '${name}' (${role})`);
    return k;
  };
  const idCol = find(cols.id, 'unit id');
  const timeCol = find(cols.time, 'time');
  const indCols = cols.indicators.map((s) => find(s.name, `${s.direction} indicator`));
  const n = raw.rows.length;
  const m = cols.indicators.length;
  const values = new Matrix(n, m);
  const ids: string[] = new Array(n);
  const times: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const cells = raw.rows[i];
    ids[i] = cells[idCol].trim();
    times[i] = cells[timeCol].trim();
    for (let j = 0; j < m; j++) values.data[i + j * n] = parseCell(cells[indCols[j]], path, raw.lines[i], cols.indicators[j].name);
  }
  const panel: IndicatorPanel = { ids, times, indicators: cols.indicators, values, source: path, lines: raw.lines };
  checkKeys(panel);
  return panel;
}

/** A delimited file as row objects (every cell a string), for joining before a panel is built. */
export function readRecordsCsv(path: string, sep = ','): { header: string[]; rows: Record<string, string>[] } {
  const raw = readDelimited(path, sep);
  return { header: raw.header, rows: raw.rows.map((cells) => Object.fromEntries(raw.header.map((h, j) => [h, cells[j]]))) };
}
