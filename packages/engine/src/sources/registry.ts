/**
 * One place that knows every reader: detects a file's layout from its name and first line, or
 * takes the layout from the caller (`--format`). A reader module for a new distribution adds one
 * entry to READERS.
 */
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { TableFormatError } from '../errors.js';
import type { IcioTable } from '../table/icio-table.js';
import { splitCsvLine } from '../util/csv.js';
import { matricesFiles, readMatricesCsv } from './matrices-csv.js';
import { pymrioFolder, readPymrioFolder } from './pymrio-txt.js';
import { readWideCsv } from './wide-csv.js';
import { isWiodXlsx, readWiodXlsx } from './wiod-xlsx.js';
import { isOecdIcio, readOecdIcio } from './oecd-icio.js';
import { isAdbMrio, readAdbMrio } from './adb-mrio.js';
import { isFigaro, readFigaro } from './figaro.js';
import { isStataIcio, readStataIcio } from './stata-icio.js';
import { firstLineOf as headLineOf } from './lines.js';
import { eoraFolder, readEora26 } from './eora26.js';
import { exiobaseKind, readExiobase } from './exiobase.js';
import { gloriaFiles, readGloria } from './gloria.js';
import { readChinaNbs } from './national-china-nbs.js';
import { readOecdNiot } from './national-oecd-niot.js';
import { isNationalFile } from '../national/read.js';

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
    read: (p, o) => readChinaNbs(p, o).toIcioTable(),
  },
  {
    format: 'oecd-niot',
    description:
      'OECD national IO table CSV (OECD21ed_CCC_YYYY.csv: Code, Description, 01…45, HFCE…EXPO, IMPO); country + ROW imports block',
    detect: (p) => isNationalFile(p, 'oecd-niot'),
    read: (p, o) => readOecdNiot(p, o).toIcioTable(),
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
    detect: (p) => isOecdIcio(p, () => headLineOf(p)),
    read: (p, o) => readOecdIcio(p, o),
  },
  {
    format: 'figaro',
    description: 'FIGARO CSV (Eurostat), industry-by-industry or product-by-product, matrix or long format',
    detect: (p) => isFigaro(p, () => headLineOf(p)),
    read: (p, o) => readFigaro(p, o),
  },
  {
    format: 'stata-icio',
    description: 'Stata icio user table: headerless icio_table.csv + icio_countrylist.csv',
    detect: (p) => isStataIcio(p, () => headLineOf(p)),
    read: (p, o) => readStataIcio(p, o),
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

/** The first line, read lazily and from the head of the file only (plain, gzip or zip). */
function firstLineOf(path: string): () => string {
  let cached: string | null = null;
  return () => {
    if (cached === null) cached = !existsSync(path) || statSync(path).isDirectory() ? '' : headLineOf(path);
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
    throw new TableFormatError(
      path,
      '',
      'a layout no reader recognises',
      `one of: ${READERS.map((x) => `${x.format} (${x.description})`).join('; ')}; or name it with --format`,
    );
  }
  return r;
}

/** Reads a table from a file or folder in any known layout. */
export async function readTable(path: string, o: ReadOptions = {}): Promise<IcioTable> {
  return readerFor(path, o.format).read(path, o);
}
