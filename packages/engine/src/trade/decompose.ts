/**
 * decompose(model, options): one entry point for every decomposition of gross exports.
 * Each method lives in its own file and registers a TradeMethod in TRADE_METHODS (methods.ts).
 *
 * Rows are long: `year, exporter, sector, importer, term, value`; keys that do not apply at the
 * chosen level are null (empty in CSV).
 */
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { Result, Row } from '../results/result.js';

export type Level = 'country' | 'sector' | 'bilateral' | 'sector-bilateral';
export type Approach = 'source' | 'sink';
export type MethodId = 'bm' | 'kww' | 'wwz' | 'hiy' | 'my' | 'tiva' | 'koopman';

export const DECOMPOSITION_COLUMNS = ['year', 'exporter', 'sector', 'importer', 'term', 'value'];

/** The common components `--summary` reports, so methods can be compared side by side. */
export const SUMMARY_TERMS = ['GEXP', 'DC', 'DVA', 'VAX', 'REF', 'DDC', 'FC', 'FVA', 'FDC', 'GVC', 'GVCB', 'GVCF'] as const;

export interface DecomposeOptions {
  method: MethodId;
  /** BM: exporter | world | sector | bilateral | sector-bilateral | importer. */
  perspective?: string;
  approach?: Approach;
  level?: Level;
  /** Country codes to report as exporters (default: all). */
  exporters?: string[];
  /** Country codes to report as importers (bilateral levels; default: all). */
  importers?: string[];
  /** Sector codes to report (sector levels; default: all). */
  sectors?: string[];
  /** Report the common components only (SUMMARY_TERMS). */
  summary?: boolean;
}

/** One decomposition method. */
export interface TradeMethod {
  id: MethodId;
  name: string;
  /** Paper(s), as cited in docs/methods.md. */
  paper: string;
  perspectives: string[];
  approaches: Approach[];
  levels: Level[];
  /** The method's own terms, in their canonical order. */
  terms: string[];
  run(model: Model, o: Required<Pick<DecomposeOptions, 'perspective' | 'approach' | 'level'>> & DecomposeOptions): Result;
  /** Maps the method's rows onto SUMMARY_TERMS (rows keep their keys, terms change). */
  summarize(rows: Row[]): Row[];
}

/** Filled by methods.ts (one import per method file). */
export const TRADE_METHODS: Partial<Record<MethodId, TradeMethod>> = {};

export function registerTradeMethod(m: TradeMethod): void {
  TRADE_METHODS[m.id] = m;
}
