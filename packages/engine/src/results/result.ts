/**
 * Result: what every analysis returns — tidy long rows plus typed metadata. The CLI, the writers,
 * the HTTP API, the job runner and the dashboard all consume this one shape.
 *
 * Two forms share the metadata: `Result` holds its rows; `StreamedResult` yields them in batches
 * (a sector-bilateral WWZ decomposition of WIOD is about 918,000 rows a year — a writer takes
 * one batch at a time and never builds the whole output as one string). `AnalysisOutput` is
 * either; `collectResult` and `resultBatches` turn one into the other.
 */
import type { Diagnostic } from '../table/validate.js';

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

/** Where the table behind a result came from (absent for analyses of data frames). */
export interface TableProvenance {
  /** The table's description: file and layout, or 'synthetic …'. */
  source: string;
  year?: number;
  unit?: string;
  /** The layout the reader used (wide, oecd-icio …), when known. */
  layout?: string;
  /** A checksum of the file, when the front end computed one (the workspace store does). */
  checksum?: string;
}

/** One item a diagnostic names: a country-sector, a cell or a row. */
export interface DiagnosticItem {
  label: string;
  index?: number;
  value?: number;
  expected?: number;
  column?: string;
  [key: string]: unknown;
}

/**
 * A finding the user should know about: the table's own diagnostics (`Diagnostic` from
 * table/validate.ts: zero output, negative value added …) or one an analysis adds (negative
 * final demand, undefined ratios, dropped rows). In a batch, `year` and `source` say which part.
 */
export type ResultDiagnostic =
  | (Diagnostic & { year?: number | null; source?: string })
  | {
      /** A stable kebab-case code, e.g. 'negative-final-demand', 'undefined-ratio'. */
      code: string;
      severity: 'error' | 'warning' | 'info';
      message: string;
      items?: DiagnosticItem[];
      year?: number | null;
      source?: string;
    };

export interface ResultMeta {
  /** What produced the rows: 'decomposition', 'indicators', 'leontief', 'index', 'regression' … */
  kind: string;
  /** The registered analysis id (registry/), when run through the registry. */
  analysis?: string;
  /** The method, as the literature names it (bm, wwz, entropy, ols …). */
  method?: string;
  /** The options the analysis ran with, after defaults (as parsed by its schema). */
  options?: Record<string, unknown>;
  perspective?: string;
  approach?: string;
  level?: string;
  unit?: string;
  source?: string;
  year?: number;
  /** The table behind the result (file, layout, year, unit); for a batch, `tables` lists each. */
  table?: TableProvenance;
  /** A batch over several tables: the year and source of each part, in order. */
  years?: (number | null)[];
  sources?: (string | undefined)[];
  /** The conventions in force (output, value added, zero-output handling, ordering). */
  conventions?: Record<string, string>;
  /** Findings about the input that the user should know (e.g. sectors with x ≤ 0). */
  diagnostics?: ResultDiagnostic[];
  /** Analysis-specific metadata (terms, weights, fit statistics …). */
  [key: string]: unknown;
}

export interface Result<M extends ResultMeta = ResultMeta> {
  /** Column order for tabular writers; the last is usually 'value'. */
  columns: string[];
  rows: Row[];
  meta: M;
}

/** A result whose rows come in batches, for outputs too large to hold (or write) at once. */
export interface StreamedResult<M extends ResultMeta = ResultMeta> {
  columns: string[];
  /** The rows, one batch at a time (each call starts again from the first batch). */
  batches(): Iterable<Row[]> | AsyncIterable<Row[]>;
  meta: M;
}

/** What an analysis's run gives back: rows held, or rows in batches. */
export type AnalysisOutput<M extends ResultMeta = ResultMeta> = Result<M> | StreamedResult<M>;

export function isStreamed<M extends ResultMeta>(r: AnalysisOutput<M>): r is StreamedResult<M> {
  return !Array.isArray((r as Result).rows) && typeof (r as StreamedResult).batches === 'function';
}

/** The rows of a result in batches (a held result is one batch, or slices of `size` rows). */
export async function* resultBatches(r: AnalysisOutput, size = 65_536): AsyncGenerator<Row[]> {
  if (isStreamed(r)) {
    for await (const b of r.batches()) yield b;
    return;
  }
  for (let i = 0; i < r.rows.length; i += size) yield r.rows.slice(i, i + size);
}

/** Holds every row of a result (use for results known to be small). */
export async function collectResult<M extends ResultMeta>(r: AnalysisOutput<M>): Promise<Result<M>> {
  if (!isStreamed(r)) return r;
  const rows: Row[] = [];
  for await (const b of r.batches()) for (const row of b) rows.push(row);
  return { columns: r.columns, rows, meta: r.meta };
}

/**
 * Concatenates results of the same shape (e.g. one per year) into one. The metadata is the
 * first part's, with `parts`, the `years` and `sources` of every part, and every part's
 * diagnostics tagged with its year and source.
 */
export function concatResults(results: Result[]): Result {
  if (results.length === 0) throw new Error('concatResults needs at least one result');
  const columns = results[0].columns;
  if (results.length === 1) return results[0];
  const diagnostics: ResultDiagnostic[] = results.flatMap((r) =>
    (r.meta.diagnostics ?? []).map((d) => ({ ...d, year: r.meta.year ?? null, source: r.meta.source })),
  );
  return {
    columns,
    rows: results.flatMap((r) => r.rows),
    meta: {
      ...results[0].meta,
      year: undefined,
      source: undefined,
      table: undefined,
      parts: results.length,
      years: results.map((r) => r.meta.year ?? null),
      sources: results.map((r) => r.meta.source),
      diagnostics,
    },
  };
}
