/**
 * One place that knows every reader: detects a file's layout from its name and first line, or
 * takes the layout from the caller (`--format`). A reader module for a new distribution adds one
 * entry to READERS.
 */
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { TableFormatError } from '../errors.js';
import type { IcioTable } from '../table/icio-table.js';
import { readText, splitCsvLine } from '../util/csv.js';
import { matricesFiles, readMatricesCsv } from './matrices-csv.js';
import { pymrioFolder, readPymrioFolder } from './pymrio-txt.js';
import { readWideCsv } from './wide-csv.js';

/** Options any reader may use; readers ignore what does not apply to them. */
export interface ReadOptions {
  format?: string;
  keepSplits?: boolean;
  countries?: string[];
  sectors?: string[];
  year?: number;
  unit?: string;
}

export interface TableReader {
  /** The name given to --format. */
  format: string;
  description: string;
  /** Whether this reader recognises the path (cheap: names and the first line only). */
  detect(path: string, firstLine: () => string): boolean;
  read(path: string, o: ReadOptions): IcioTable | Promise<IcioTable>;
}

export const READERS: TableReader[] = [
  {
    format: 'pymrio',
    description: 'pymrio-style folder: trade_flows_Z.txt, finald_demand_Y.txt, factor_input.txt (tab-separated)',
    detect: (p) => pymrioFolder(p) !== null,
    read: (p, o) => readPymrioFolder(p, o),
  },
  {
    format: 'matrices',
    description: 'three CSV matrices <name>_inter.csv, <name>_final.csv, <name>_out.csv (leather layout)',
    detect: (p) => matricesFiles(p) !== null,
    read: (p, o) => readMatricesCsv(p, o),
  },
  {
    format: 'wide',
    description: 'wide CSV (plain or gzip): row, CCC_sector…, CCC_category…, [GO] (WIOD 2013 CSV, exvatools tests)',
    detect: (p, first) => /\.(csv|csv\.gz|txt)$/i.test(p) && splitCsvLine(first()).length > 2,
    read: (p, o) => {
      const wiod = /^wiot\d{2,4}/i.test(basename(p));
      return readWideCsv(p, {
        keepSplits: o.keepSplits,
        year: o.year,
        unit: o.unit ?? (wiod ? 'million USD' : undefined),
        source: wiod ? `WIOD 2013 release: ${p}` : undefined,
      });
    },
  },
];

function firstLineOf(path: string): () => string {
  let cached: string | null = null;
  return () => {
    if (cached === null) {
      if (!existsSync(path) || statSync(path).isDirectory()) cached = '';
      else {
        const t = readText(path);
        const nl = t.indexOf('\n');
        cached = (nl < 0 ? t : t.slice(0, nl)).replace(/\r$/, '');
      }
    }
    return cached;
  };
}

/** The reader for a path: the one named by `format`, or the first that recognises the path. */
export function readerFor(path: string, format?: string): TableReader {
  if (format) {
    const r = READERS.find((x) => x.format === format);
    if (!r) throw new TableFormatError(path, '', `--format ${format}`, `one of ${READERS.map((x) => x.format).join(', ')}`);
    return r;
  }
  if (!existsSync(path)) throw new TableFormatError(path, '', 'no such file or folder', 'the path of a table file or folder');
  const first = firstLineOf(path);
  const r = READERS.find((x) => x.detect(path, first));
  if (!r) {
    throw new TableFormatError(path, '', 'a layout no reader recognises', `one of: ${READERS.map((x) => `${x.format} (${x.description})`).join('; ')}; or name it with --format`);
  }
  return r;
}

/** Reads a table from a file or folder in any known layout. */
export async function readTable(path: string, o: ReadOptions = {}): Promise<IcioTable> {
  return readerFor(path, o.format).read(path, o);
}
