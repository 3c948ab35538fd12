/**
 * One place that knows every reader: detects a file's layout from its name and first line, or
 * takes the layout from the caller (`--format`). A reader module for a new distribution adds one
 * entry to READERS.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { TableFormatError } from '../errors.js';
import type { IcioTable } from '../table/icio-table.js';
import { splitCells } from './cells.js';
import { sourceName, type Source } from './stream.js';
import { matricesFiles, readMatricesCsv } from './matrices-csv.js';
import { pymrioFolder, readPymrioFolder } from './pymrio-txt.js';
import { readWideCsv } from './wide-csv.js';
import { isWiodXlsx, readWiodXlsx } from './wiod-xlsx.js';
import { isOecdIcio, looksLikeOecdHeader, readOecdIcio } from './oecd-icio.js';
import { isAdbMrio, readAdbMrio } from './adb-mrio.js';
import { isFigaro, readFigaro } from './figaro.js';
import { isStataIcio, readStataIcio } from './stata-icio.js';
import { firstLine as headLineOf, headLines } from './lines.js';
import { textSource } from './stream.js';
import { eoraFolder, readEora26 } from './eora26.js';
import { exiobaseKind, readExiobase } from './exiobase.js';
import { gloriaFiles, readGloria } from './gloria.js';
import { isNbsHeader, readChinaNbs } from './national-china-nbs.js';
import { isNiotHeader, readOecdNiot } from './national-oecd-niot.js';
import { isNationalFile } from './national.js';

/** Options any reader may use; readers ignore what does not apply to them. */
export interface ReadOptions {
  format?: string;
  keepSplits?: boolean;
  countries?: string[];
  sectors?: string[];
  year?: number;
  unit?: string;
  /** The most bytes of text a compressed file may inflate to (default: 200 × its size, at least 64 MiB). */
  maxBytes?: number;
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
    format: 'eora26',
    description: 'Eora26 folder: Eora26_YYYY_bp_{T,FD,VA}.txt with labels_T.txt, labels_FD.txt, labels_VA.txt',
    detect: (p) => eoraFolder(p) !== null,
    read: (p, o) => readEora26(p, o),
  },
  {
    format: 'exiobase',
    description: 'EXIOBASE 3 ixi/pxp (folder or zip: A.txt, Y.txt, [x.txt], satellite/) and EXIOBASE 1/2 (mrIot*.txt)',
    detect: (p) => exiobaseKind(p) !== null,
    read: (p, o) => readExiobase(p, o),
  },
  {
    format: 'gloria',
    description: 'GLORIA result files …_{T,Y,V}-Results_YYYY_VVV_MarkupMMM(full).csv with GLORIA_ReadMe_VVV.xlsx (streamed)',
    detect: (p) => gloriaFiles(p) !== null,
    read: (p, o) => readGloria(p, o),
  },
  {
    format: 'china-nbs',
    description:
      'China NBS national table CSV (Code, Description, DescriptionInChinese, [Origin,] 01…, TIU, …, GO); country + ROW imports block',
    detect: (p) => isNationalFile(p, 'china-nbs'),
    read: async (p, o) => (await readChinaNbs(p, o)).toIcioTable(),
  },
  {
    format: 'oecd-niot',
    description:
      'OECD national IO table CSV (OECD21ed_CCC_YYYY.csv: Code, Description, 01…45, HFCE…EXPO, IMPO); country + ROW imports block',
    detect: (p) => isNationalFile(p, 'oecd-niot'),
    read: async (p, o) => (await readOecdNiot(p, o)).toIcioTable(),
  },
  {
    format: 'wiod-xlsx',
    description: 'WIOD Excel: 2013 release wiotYY_row_sep12.xlsx, 2016 release WIOTyyyy_Nov16_ROW.xlsx',
    detect: (p) => isWiodXlsx(p),
    read: (p, o) => readWiodXlsx(p, o),
  },
  {
    format: 'adb-mrio',
    description: 'ADB MRIO Excel (ADB-MRIO-YYYY_*.xlsx, 62–72 economies × 35 sectors)',
    detect: (p) => isAdbMrio(p),
    read: (p, o) => readAdbMrio(p, o),
  },
  {
    format: 'oecd-icio',
    description: 'OECD ICIO CSV or zip, editions 2016, 2018, 2021, 2023 (CN1–CN4, MX1–MX3 melded unless --keep-splits)',
    detect: (p, first) => isOecdIcio(p, first),
    read: (p, o) => readOecdIcio(p, o),
  },
  {
    format: 'figaro',
    description: 'FIGARO CSV (Eurostat), industry-by-industry or product-by-product, matrix or long format',
    detect: (p, first) => isFigaro(p, first),
    read: (p, o) => readFigaro(p, o),
  },
  {
    format: 'stata-icio',
    description: 'Stata icio user table: headerless icio_table.csv + icio_countrylist.csv',
    detect: (p, first) => isStataIcio(p, first),
    read: (p, o) => readStataIcio(p, o),
  },
  {
    format: 'wide',
    description: 'wide CSV (plain or gzip): row, CCC_sector…, CCC_category…, [GO] (WIOD 2013 CSV, exvatools tests)',
    detect: (p, first) => (/\.(csv|csv\.gz|txt)$/i.test(p) || !basename(p).includes('.')) && splitCells(first()).length > 2,
    read: (p, o) => readWide(p, o),
  },
];

/** The wide CSV reader with the WIOD 2013 release's unit and source named. */
function readWide(source: Source, o: ReadOptions): Promise<IcioTable> {
  const name = sourceName(source);
  const wiod = /^wiot\d{2,4}/i.test(basename(name));
  return readWideCsv(source, {
    keepSplits: o.keepSplits,
    year: o.year,
    unit: o.unit ?? (wiod ? 'million USD' : undefined),
    source: wiod ? `WIOD 2013 release: ${name}` : undefined,
    maxBytes: o.maxBytes,
  });
}

/** Readers of a single text file that also read bytes in memory (an upload), by the first line. */
const BYTE_READERS: {
  format: string;
  detect: (name: string, first: string) => boolean;
  read: (s: Source, o: ReadOptions) => Promise<IcioTable>;
}[] = [
  { format: 'china-nbs', detect: (_, f) => isNbsHeader(f), read: async (s, o) => (await readChinaNbs(s, o)).toIcioTable() },
  { format: 'oecd-niot', detect: (_, f) => isNiotHeader(f), read: async (s, o) => (await readOecdNiot(s, o)).toIcioTable() },
  {
    format: 'oecd-icio',
    detect: (n, f) => looksLikeOecdHeader(f) || /^ICIO\d{4}_\d{4}/i.test(basename(n)),
    read: (s, o) => readOecdIcio(s, o),
  },
  { format: 'wide', detect: (_, f) => splitCells(f).length > 2, read: (s, o) => readWide(s, o) },
];

/** The first line, read lazily and from the head of the file only (plain, gzip or zip); extended until the line ends (16 MiB at most). */
function firstLineOf(path: string): () => string {
  let cached: string | null = null;
  return () => {
    if (cached === null) cached = !existsSync(path) || statSync(path).isDirectory() ? '' : headLineOf(path);
    return cached;
  };
}

/**
 * Why no reader took a file, in a few words: the actual problem when it is a common one (an empty
 * file, a header without rows, semicolons or decimal commas, no extension), else the three
 * layouts closest to it and why each was rejected.
 */
function unknownLayout(path: string, first: () => string): TableFormatError {
  const fail = (found: string, expected: string) => new TableFormatError(path, '', found, expected);
  const hint = 'or name the layout (--layout in the command line)';
  if (statSync(path).isDirectory()) {
    const files = readdirSync(path);
    const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? ` … (${files.length} files)` : '');
    return fail(
      `a folder with no table layout a reader knows (${shown || 'empty'})`,
      `a pymrio folder (trade_flows_Z.txt), an Eora26 folder (Eora26_YYYY_bp_T.txt), an EXIOBASE folder (A.txt, Y.txt) or the three <name>_inter/final/out.csv matrices; ${hint}`,
    );
  }
  if (statSync(path).size === 0) return fail('an empty file (0 bytes)', 'a table: a header line and data rows');
  const head = textSource(path).head(1 << 16);
  if (head.length < 1 << 16 && head.every((c) => c === 10 || c === 13 || c === 32 || c === 9))
    return fail('an empty file (no text, only blank lines)', 'a table: a header line and data rows');
  let lines: string[];
  try {
    lines = headLines(textSource(path), 2);
  } catch (e) {
    if (e instanceof TableFormatError) return e;
    throw e;
  }
  const line1 = lines[0] ?? first();
  const b = basename(path);
  if (lines.length === 0 || (lines.length === 1 && line1.trim() === ''))
    return fail('an empty file (no text)', 'a table: a header line and data rows');
  const commas = splitCells(line1).length;
  const semis = splitCells(line1, ';').length;
  const tabs = splitCells(line1, '\t').length;
  if (semis > commas && semis > 2) {
    const decimalComma = /;\s*-?\d+,\d+\s*(;|$)/.test(lines[1] ?? '');
    return fail(
      `semicolon-separated values${decimalComma ? ' with decimal commas (as 1,5)' : ''} (${semis} cells in line 1)`,
      'comma-separated values with a decimal point (save the file as CSV with a comma separator and a point for decimals)',
    );
  }
  if (lines.length === 1 && commas > 2)
    return fail(`a header line (${commas} cells) and no data rows`, 'a header line and a row per country-sector');
  if (commas > 2 && /,\s*"?-?\d+,\d+"?\s*(,|$)/.test(lines[1] ?? '') && /"-?\d+,\d+"/.test(lines[1] ?? ''))
    return fail('numbers with decimal commas (as "1,5")', 'numbers with a decimal point (as 1.5)');
  if (!b.includes('.'))
    return fail(
      `a file without an extension whose first line has ${Math.max(commas, tabs)} ${tabs > commas ? 'tab' : 'comma'}-separated cells`,
      `a table file named by its layout (.csv, .csv.gz, .txt, .xlsx, .zip); ${hint}`,
    );
  // the three closest layouts, and why each was rejected
  const reasons: string[] = [];
  const isBook = /\.xlsx$/i.test(b);
  const isZip = /\.zip$/i.test(b);
  if (isBook) {
    reasons.push('wiod-xlsx: the name is not wiotYY_row_sep12.xlsx or WIOTyyyy_Nov16_ROW.xlsx');
    reasons.push('adb-mrio: the name is not ADB-MRIO-YYYY….xlsx');
  } else if (isZip) {
    reasons.push('oecd-icio: no ICIO CSV in the archive (named ICIO20YY_YYYY.csv or YYYY.csv)');
    reasons.push('exiobase: no A.txt and Y.txt (or mrIot.txt) in the archive');
  } else {
    if (!/\.(csv|csv\.gz|txt)$/i.test(b)) reasons.push(`wide: the name ends in '${b.slice(b.indexOf('.'))}', not .csv, .csv.gz or .txt`);
    else
      reasons.push(
        `wide: line 1 has ${commas} comma-separated cells${tabs > 2 ? ` (${tabs} tab-separated)` : ''}; a wide table has a label column and more`,
      );
    reasons.push('oecd-icio: no CCC_HFCE or HFCE_CCC column in line 1');
    reasons.push('china-nbs / oecd-niot: line 1 does not begin Code, Description');
  }
  return fail(
    `a layout no reader recognises (line 1: '${line1.length > 60 ? line1.slice(0, 60) + '…' : line1}')`,
    `a known layout; the closest: ${reasons.slice(0, 3).join('; ')}; ${hint}`,
  );
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
  if (!r) throw unknownLayout(path, first);
  return r;
}

/**
 * The layout the in-memory readers read these bytes as (`format` when one of them takes it), or
 * null when the bytes need a file: a zip archive, a workbook, a FIGARO CSV, a name no single-file
 * text layout has, or a first line no in-memory reader recognises. A caller holding an upload
 * reads it with `readTable(source)` when this names a layout and through a file otherwise.
 */
export function inMemoryLayout(source: { name: string; bytes: Uint8Array }, format?: string): string | null {
  if (format) return BYTE_READERS.some((x) => x.format === format) ? format : null;
  const name = basename(source.name);
  if (!/\.(csv|csv\.gz|txt)$/i.test(name) && name.includes('.')) return null;
  const first = headLineOf(source);
  if (isFigaro(name, () => first)) return null;
  return BYTE_READERS.find((x) => x.detect(name, first))?.format ?? null;
}

/**
 * Reads a table in any known layout from a file or folder, or from bytes in memory (`{ name,
 * bytes }`, plain or gzip: the single-file text layouts wide, OECD ICIO, China NBS and OECD
 * NIOT, detected from the first line or named with `format`).
 */
export async function readTable(source: Source, o: ReadOptions = {}): Promise<IcioTable> {
  if (typeof source === 'string') return readerFor(source, o.format).read(source, o);
  const first = o.format ? '' : headLineOf(source);
  const r = o.format ? BYTE_READERS.find((x) => x.format === o.format) : BYTE_READERS.find((x) => x.detect(source.name, first));
  if (!r) {
    if (o.format)
      throw new TableFormatError(
        source.name,
        '',
        `--format ${o.format} for bytes in memory`,
        `one of ${BYTE_READERS.map((x) => x.format).join(', ')} (other layouts are read from their files)`,
      );
    if (source.bytes.length === 0)
      throw new TableFormatError(source.name, '', 'an empty file (0 bytes)', 'a table: a header line and data rows');
    throw new TableFormatError(
      source.name,
      'line 1',
      `a layout no reader of in-memory tables recognises ('${first.slice(0, 60)}')`,
      `one of ${BYTE_READERS.map((x) => x.format).join(', ')} (other layouts are read from their files)`,
    );
  }
  return r.read(source, o);
}
