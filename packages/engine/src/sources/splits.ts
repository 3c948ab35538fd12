import { SPLIT_PARENTS, splitParent } from '../concordance/splits.js';
import { TableError } from '../errors.js';
import type { IcioTable } from '../table/icio-table.js';

/** The split table of every OECD edition (CN1–CN4, MX1–MX3): concordance/splits.ts. */
export { SPLIT_PARENTS, splitParent };

/** Melds the split parts (CN1–CN4 into CHN, MX1–MX3 into MEX) by summing their rows and columns. */
export function meldSplits(t: IcioTable): IcioTable {
  const map: Record<string, string> = {};
  for (const c of t.countries) map[c] = splitParent(c) ?? c;
  for (const c of t.countries) {
    const parent = splitParent(c);
    if (parent && !t.countries.includes(parent)) {
      throw new TableError(`${t.source}: ${c} is a split of ${parent}, but the table has no ${parent} to meld it into`);
    }
  }
  const splits = t.countries.filter((c) => splitParent(c));
  const parents = [...new Set(splits.map((c) => splitParent(c)!))];
  return t.aggregate({ countries: map }, `${t.source} (${splits.join(', ')} melded into ${parents.join(', ')})`);
}
