/**
 * @catena/engine/node — the engine for Node: everything in the browser-safe core (index.ts) plus
 * what needs the file system, streams, zlib or native modules: table readers from paths, the
 * reader registry, national tables, panels and concordances from files, downloads, Parquet
 * output through DuckDB and the Stata icio writer.
 */
export * from './index.js';
export { readTable, readerFor, inMemoryLayout, READERS, type ReadOptions, type TableReader } from './sources/registry.js';
export { readWideCsv, yearFromName, type WideCsvOptions } from './sources/wide-csv.js';
export { readMatricesCsv } from './sources/matrices-csv.js';
export { readPymrioFolder } from './sources/pymrio-txt.js';
export { writeParquet } from './results/parquet.js';
export { readPanel } from './econometrics/read.js';
export { readPanelCsv, readRecordsCsv } from './composite/read.js';
export { readNationalTable, nationalFormat } from './sources/national.js';
export { readChinaNbs } from './sources/national-china-nbs.js';
export { readOecdNiot } from './sources/national-oecd-niot.js';
export { readEora26 } from './sources/eora26.js';
export { readExiobase } from './sources/exiobase.js';
export { readGloria } from './sources/gloria.js';
export { downloadSource, DownloadError, type DownloadOptions, type DownloadResult } from './sources/download.js';
export { readConcordanceFile, checkConcordance, groupConcordance, concordanceFor, type ConcordanceFile } from './concordance/files.js';
export { readWiodXlsx, readWiodFamilyXlsx, isWiodXlsx, WIOD2013_SPEC, WIOD2016_SPEC, type WiodFamilySpec } from './sources/wiod-xlsx.js';
export { readOecdIcio, isOecdIcio, oecdEdition, OECD_KNOWN_VINTAGES, type OecdReadOptions } from './sources/oecd-icio.js';
export { readAdbMrio, isAdbMrio, ADB_SPEC } from './sources/adb-mrio.js';
export { readFigaro, isFigaro, FIGARO_ISO3 } from './sources/figaro.js';
export { readStataIcio, writeStataIcio, isStataIcio, STATA_TABLE, STATA_COUNTRIES } from './sources/stata-icio.js';
export type { StataIcioReadOptions } from './sources/stata-icio.js';
export { readXlsxRows, xlsxSheets, type CellValue } from './sources/xlsx-stream.js';
export { readExtension } from './sources/extensions.js';
