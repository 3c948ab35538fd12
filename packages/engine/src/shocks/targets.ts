/**
 * Names of what a shock or an extraction acts on, resolved against a table: a country (`CHN`), a
 * country-sector (`CHN_c14`, the table's own label), a link between two countries (`CHN:USA`) or
 * from one country to all others (`CHN:*`). Indices are country-major, sector-minor (g·N + n).
 * Errors name the text, what was found and what was expected.
 */
import { OptionError } from '../errors.js';
import type { IcioTable } from '../table/icio-table.js';

/** A resolved set of country-sectors, with the label it was resolved from. */
export interface SectorSet {
  kind: 'country' | 'sector';
  label: string;
  /** Country index (for a country-sector, its country). */
  country: number;
  /** Country-sector indices. */
  idx: number[];
}

/** A link: flows from the country-sectors of `from` to the country-sectors and final demand of each of `to`. */
export interface Link {
  label: string;
  from: number;
  to: number[];
}

function listed(names: readonly string[]): string {
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, … (${names.length} in all)` : names.join(', ');
}

/** The index of a country, or an OptionError naming the text and listing the table's countries. */
export function countryIndex(t: IcioTable, name: string, option: string, where = ''): number {
  const c = t.countries.indexOf(name);
  if (c < 0) {
    throw new OptionError(`${where}country '${name}' is not in the table; expected one of ${listed(t.countries)}`, option);
  }
  return c;
}

/** The countries of a range: all N sectors of country c. */
export function countrySectors(t: IcioTable, c: number): number[] {
  return Array.from({ length: t.N }, (_, n) => c * t.N + n);
}

/**
 * A country (`CHN`) or a country-sector (`CHN_c14`). Country codes may themselves hold
 * underscores (`EU_nonEZ`), so the longest country that prefixes the label wins.
 */
export function sectorSet(t: IcioTable, text: string, option: string, where = ''): SectorSet {
  const c = t.countries.indexOf(text);
  if (c >= 0) return { kind: 'country', label: text, country: c, idx: countrySectors(t, c) };
  let best = -1;
  for (let g = 0; g < t.G; g++) {
    const p = t.countries[g] + '_';
    if (text.startsWith(p) && (best < 0 || p.length > t.countries[best].length + 1)) best = g;
  }
  if (best >= 0) {
    const sector = text.slice(t.countries[best].length + 1);
    const n = t.sectors.indexOf(sector);
    if (n < 0) {
      throw new OptionError(`${where}sector '${sector}' of '${text}' is not in the table; expected one of ${listed(t.sectors)}`, option);
    }
    return { kind: 'sector', label: text, country: best, idx: [best * t.N + n] };
  }
  throw new OptionError(
    `${where}'${text}' is neither a country nor a country-sector of the table; expected a country (${listed(t.countries)}) or COUNTRY_SECTOR such as ${t.label(0)}`,
    option,
  );
}

/** `FROM:TO` (TO a country or `*` for every other country). */
export function link(t: IcioTable, text: string, option: string, where = ''): Link {
  const parts = text.split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new OptionError(
      `${where}'${text}' is not a link; expected FROM:TO with two countries (CHN:USA) or FROM:* (all exports of FROM)`,
      option,
    );
  }
  const from = countryIndex(t, parts[0], option, where);
  if (parts[1] === '*') return { label: text, from, to: t.countries.map((_, g) => g).filter((g) => g !== from) };
  const to = countryIndex(t, parts[1], option, where);
  if (to === from) throw new OptionError(`${where}link '${text}' goes from a country to itself; expected two different countries`, option);
  return { label: text, from, to: [to] };
}
