import { TableError } from '../errors.js';
import type { IcioTable } from '../table/icio-table.js';

/**
 * OECD ICIO processing-trade splits: China and Mexico appear as CN1/CN2 and MX1/MX2 (in the
 * 2016–2023 editions), with the CHN and MEX rows and columns zero or absent.
 */
export const SPLIT_PARENTS: Record<string, string> = { CN1: 'CHN', CN2: 'CHN', MX1: 'MEX', MX2: 'MEX' };

/** Melds CN1/CN2 into CHN and MX1/MX2 into MEX by summing their rows and columns. */
export function meldSplits(t: IcioTable): IcioTable {
  const map: Record<string, string> = {};
  for (const c of t.countries) map[c] = SPLIT_PARENTS[c] ?? c;
  for (const c of t.countries) {
    const parent = SPLIT_PARENTS[c];
    if (parent && !t.countries.includes(parent)) {
      throw new TableError(`${t.source}: ${c} is a split of ${parent}, but the table has no ${parent} to meld it into`);
    }
  }
  const splits = t.countries.filter((c) => SPLIT_PARENTS[c]);
  const parents = [...new Set(splits.map((c) => SPLIT_PARENTS[c]))];
  return t.aggregate({ countries: map }, `${t.source} (${splits.join(', ')} melded into ${parents.join(', ')})`);
}
