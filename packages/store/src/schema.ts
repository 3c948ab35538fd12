/**
 * The workspace's tables (DuckDB). Created on first open; `catena_meta.schema` records the
 * layout version so a later Catena can migrate an older workspace instead of misreading it.
 *
 * - `tables`: one row per imported table with its provenance and labels (JSON arrays).
 * - `table_data`: the matrices of each table as little-endian Float64 blobs, column-major (the
 *   layout of @catena/linalg), cut into chunks of at most CHUNK_DOUBLES values.
 * - `results`: one row per cached result (key, analysis, canonical options, version, columns,
 *   column types, Result.meta as JSON); its rows live in their own DuckDB table `rows_table`.
 * Times are ISO 8601 text in UTC.
 * - `jobs`: job records of the job runner (spec, state, result keys, error), so a job's outcome
 *   outlives the process that ran it.
 */
export const SCHEMA_VERSION = '1';

/** Values per blob chunk: 128 Ki doubles = 1 MiB (chunks of 16 Ki to 1 Mi doubles read back alike within the noise of bench/store.mjs; smaller ones bound the memory of one row). */
export const CHUNK_DOUBLES = 1 << 17;

export const DDL = `
CREATE TABLE IF NOT EXISTS catena_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS tables (
  id VARCHAR PRIMARY KEY,
  key VARCHAR NOT NULL UNIQUE,
  checksum VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  file VARCHAR,
  layout VARCHAR,
  vintage VARCHAR,
  year INTEGER,
  unit VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  read_options VARCHAR NOT NULL,
  countries VARCHAR NOT NULL,
  sectors VARCHAR NOT NULL,
  fd_categories VARCHAR NOT NULL,
  parts VARCHAR NOT NULL,
  imported_at VARCHAR NOT NULL,
  version VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS table_data (
  table_id VARCHAR NOT NULL,
  part VARCHAR NOT NULL,
  chunk INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
  key VARCHAR PRIMARY KEY,
  table_key VARCHAR NOT NULL,
  analysis VARCHAR NOT NULL,
  options VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  columns VARCHAR NOT NULL,
  column_types VARCHAR NOT NULL,
  row_count BIGINT NOT NULL,
  meta VARCHAR NOT NULL,
  rows_table VARCHAR NOT NULL,
  job_id VARCHAR,
  created_at VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
  id VARCHAR PRIMARY KEY,
  spec VARCHAR NOT NULL,
  state VARCHAR NOT NULL,
  result_keys VARCHAR NOT NULL,
  error VARCHAR,
  created_at VARCHAR NOT NULL,
  updated_at VARCHAR NOT NULL
);
`;
