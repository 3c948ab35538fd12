/**
 * Small tables in the wide CSV layout, written on the fly by the hostile cases: a header
 * `row, CCC_sector…, CCC_final…`, then one row per country-sector.
 */

export interface WideSpec {
  countries?: string[];
  sectors?: string[];
  /** GN × GN intermediate flows, row-major. */
  Z?: number[][];
  /** GN × G final demand, row-major. */
  Y?: number[][];
}

/** A small productive 2 × 2 world (column sums of A between 0.3 and 0.5). */
export const BASE_Z = [
  [20, 10, 5, 4],
  [8, 30, 6, 10],
  [4, 6, 25, 8],
  [3, 9, 7, 30],
];
export const BASE_Y = [
  [50, 11],
  [40, 16],
  [9, 60],
  [12, 55],
];

function cell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The wide CSV text of a table. */
export function wideTable(o: WideSpec = {}): string {
  const countries = o.countries ?? ['AAA', 'BBB'];
  const sectors = o.sectors ?? ['agri', 'manu'];
  const Z = o.Z ?? BASE_Z;
  const Y = o.Y ?? BASE_Y;
  const labels = countries.flatMap((c) => sectors.map((s) => `${c}_${s}`));
  const head = ['row', ...labels, ...countries.map((c) => `${c}_final`)].map(cell).join(',');
  const rows = labels.map((l, i) => [cell(l), ...Z[i].map(String), ...Y[i].map(String)].join(','));
  return [head, ...rows].join('\n') + '\n';
}
