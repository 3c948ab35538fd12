/**
 * Result: what every analysis returns — tidy long rows plus metadata. The CLI, writers and
 * (later) the HTTP API and dashboard all consume this one shape.
 */
export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export interface ResultMeta {
  /** What produced the rows: 'decomposition', 'indicators', 'leontief', 'index', 'regression' … */
  kind: string;
  method?: string;
  perspective?: string;
  approach?: string;
  level?: string;
  unit?: string;
  source?: string;
  year?: number;
  /** The conventions in force (output, value added, zero-output handling, ordering). */
  conventions?: Record<string, string>;
  /** Findings about the input that the user should know (e.g. sectors with x ≤ 0). */
  diagnostics?: unknown[];
  [key: string]: unknown;
}

export interface Result {
  /** Column order for tabular writers; the last is usually 'value'. */
  columns: string[];
  rows: Row[];
  meta: ResultMeta;
}

/** Concatenates results of the same shape (e.g. one per year) into one. */
export function concatResults(results: Result[]): Result {
  if (results.length === 0) throw new Error('concatResults needs at least one result');
  const columns = results[0].columns;
  return { columns, rows: results.flatMap((r) => r.rows), meta: { ...results[0].meta, parts: results.length } };
}
