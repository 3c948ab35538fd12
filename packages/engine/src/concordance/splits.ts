/**
 * OECD ICIO processing-trade splits, every edition, as data: in the "extended" tables China and
 * Mexico are published in parts whose rows and columns replace those of CHN and MEX (which are
 * then zero or absent).
 *
 * | edition         | China      | Mexico     |
 * |-----------------|------------|------------|
 * | 2016            | CN1 … CN4  | MX1 … MX3  |
 * | 2018, 2021, 2023| CN1, CN2   | MX1, MX2   |
 *
 * Readers meld the parts into their parent (sources/splits.ts, sources/oecd-icio.ts) unless asked
 * to keep them; a Model's partition (model/partition.ts) puts kept parts in their parent's
 * domestic block. This table is the one list both use.
 */
export const SPLIT_PARENTS: Readonly<Record<string, string>> = Object.freeze({
  CN1: 'CHN',
  CN2: 'CHN',
  CN3: 'CHN',
  CN4: 'CHN',
  MX1: 'MEX',
  MX2: 'MEX',
  MX3: 'MEX',
});

/** The parent (CHN, MEX) of a split part's code, or undefined for any other code. */
export function splitParent(code: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(SPLIT_PARENTS, code) ? SPLIT_PARENTS[code] : undefined;
}
