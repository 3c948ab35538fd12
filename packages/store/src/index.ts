/**
 * @catena/store — the Catena workspace: tables imported once with their provenance, and results
 * cached by (table key, analysis id, options, Catena version), in one embedded DuckDB file.
 */
export { Workspace, defaultWorkspacePath, type TableSource, type ImportOptions, type JobRecord } from './workspace.js';
export { type TableInfo, vintageOf } from './tables.js';
export { type ResultInfo, type ColumnType } from './results.js';
export { type ExportFormat } from './export.js';
export { CATENA_VERSION, canonicalJson, resultKey, type ResultKeyParts } from './keys.js';
export { checksumPath } from './checksum.js';
export { contentChecksum } from './content.js';
export { WorkspaceError } from './errors.js';
