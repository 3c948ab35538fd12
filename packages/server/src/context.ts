import type { JobRunner } from './jobs.js';
import type { Tables } from './store.js';

/** What every route reaches: the tables, the job runner and the configuration. */
export interface ServerContext {
  tables: Tables;
  jobs: JobRunner;
  /** Real paths of the folders import-by-path may read from. */
  dataDirs: string[];
  /** Requests on tables with at most this many country-sector rows run synchronously. */
  syncRows: number;
  version: string;
}
