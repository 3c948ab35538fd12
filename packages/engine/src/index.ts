/**
 * @catena/engine — the Catena library. Path of the data: reader → IcioTable → validate → Model
 * → analyses → Result → writer.
 */
export { TableFormatError, TableError, OptionError } from './errors.js';
export { IcioTable, TABLE_CONVENTIONS, type IcioTableInit } from './table/icio-table.js';
export { validateTable, type Diagnostic, type ValidateOptions } from './table/validate.js';
export { aggregateTable, type Concordance } from './table/aggregate.js';
export { Model, type ModelOptions } from './model/model.js';
export { readTable, readerFor, READERS, type ReadOptions, type TableReader } from './sources/registry.js';
export { readWideCsv, yearFromName, type WideCsvOptions } from './sources/wide-csv.js';
export { readMatricesCsv } from './sources/matrices-csv.js';
export { readPymrioFolder } from './sources/pymrio-txt.js';
export { meldSplits, SPLIT_PARENTS } from './sources/splits.js';
export { sampleWorld, type SampleWorldOptions } from './sources/sample-world.js';
export { type Result, type ResultMeta, type Row, type Cell, concatResults } from './results/result.js';
export { toCsv, toJson } from './results/write.js';
export { writeParquet } from './results/parquet.js';
export { COUNTRY_GROUPS, GROUP_ALIASES, COUNTRY_ALIASES, isoCode, groupMembers, groupInTable } from './concordance/groups.js';
export {
  DECOMPOSITION_COLUMNS,
  SUMMARY_TERMS,
  TRADE_METHODS,
  registerTradeMethod,
  type DecomposeOptions,
  type TradeMethod,
  type Level,
  type Approach,
  type MethodId,
} from './trade/decompose.js';
