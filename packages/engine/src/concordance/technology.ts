/**
 * Manufacturing by technology intensity, as data, over the sector codes of the databases:
 * - ISIC rev.3 (WIOD 2013 c3…c16; OECD ICIO 2016 C15T16…C36T37): OECD technology classification
 *   (Hatzichronoglou 1997, OECD STI WP 1997/2), at the two-digit level of the tables;
 * - ISIC rev.4 (OECD ICIO 2018/2021/2023 D10T12…D31T33; WIOD 2016 C10-C12…C33; codes with or
 *   without the D/C prefix): OECD R&D-intensity taxonomy (Galindo-Rueda & Verger 2016, OECD STI
 *   WP 2016/04).
 * Where a table's sector spans groups, the group of its larger part is used: WIOD c14
 * (electrical and optical equipment) → high; c15 (transport equipment) → medium-high; rev.4 D30
 * (other transport) → medium-high; D20T21 (chemicals and pharmaceuticals) → medium-high;
 * D31T33 → medium. Rev.3 has four groups; rev.4 five (with "medium").
 */
import type { Concordance } from '../table/icio-table.js';
import { TableError } from '../errors.js';

export type TechLevel = 'HIGH' | 'MEDIUM_HIGH' | 'MEDIUM' | 'MEDIUM_LOW' | 'LOW';

const REV3: Record<string, TechLevel> = {
  c3: 'LOW',
  c4: 'LOW',
  c5: 'LOW',
  c6: 'LOW',
  c7: 'LOW',
  c8: 'MEDIUM_LOW',
  c9: 'MEDIUM_HIGH',
  c10: 'MEDIUM_LOW',
  c11: 'MEDIUM_LOW',
  c12: 'MEDIUM_LOW',
  c13: 'MEDIUM_HIGH',
  c14: 'HIGH',
  c15: 'MEDIUM_HIGH',
  c16: 'LOW',
  '15T16': 'LOW',
  '17T19': 'LOW',
  '20': 'LOW',
  '21T22': 'LOW',
  '23': 'MEDIUM_LOW',
  '24': 'MEDIUM_HIGH',
  '25': 'MEDIUM_LOW',
  '26': 'MEDIUM_LOW',
  '27': 'MEDIUM_LOW',
  '28': 'MEDIUM_LOW',
  '29': 'MEDIUM_HIGH',
  '30T33': 'HIGH',
  '30T33X': 'HIGH',
  '30': 'HIGH',
  '31': 'MEDIUM_HIGH',
  '32': 'HIGH',
  '33': 'HIGH',
  '34': 'MEDIUM_HIGH',
  '35': 'MEDIUM_HIGH',
  '36T37': 'LOW',
};

const REV4: Record<string, TechLevel> = {
  '10T12': 'MEDIUM_LOW',
  '13T15': 'MEDIUM_LOW',
  '16': 'MEDIUM_LOW',
  '17T18': 'MEDIUM_LOW',
  '17': 'MEDIUM_LOW',
  '18': 'MEDIUM_LOW',
  '19': 'MEDIUM_LOW',
  '20': 'MEDIUM_HIGH',
  '21': 'HIGH',
  '20T21': 'MEDIUM_HIGH',
  '22': 'MEDIUM',
  '23': 'MEDIUM',
  '24': 'MEDIUM',
  '25': 'MEDIUM_LOW',
  '26': 'HIGH',
  '27': 'MEDIUM_HIGH',
  '28': 'MEDIUM_HIGH',
  '29': 'MEDIUM_HIGH',
  '30': 'MEDIUM_HIGH',
  '31T32': 'MEDIUM',
  '31T33': 'MEDIUM',
  '33': 'MEDIUM',
};

/** Code key: upper-case, without the C/D prefix, '-' and '_' read as 'T' (C10-C12 → 10T12). */
function key(code: string): string {
  const c = code.trim();
  if (/^c\d+$/.test(c)) return c;
  return c
    .toUpperCase()
    .replace(/^[CD](?=\d)/, '')
    .replace(/[-_][CD]?/g, 'T');
}

/** Which ISIC revision a sector list uses: rev.3 when it has WIOD c-codes or ICIO 2016 codes. */
export function isicRevision(sectors: string[]): 'rev3' | 'rev4' {
  const ks = sectors.map(key);
  if (ks.some((k) => /^c\d+$/.test(k)) || ks.includes('15T16') || ks.includes('36T37')) return 'rev3';
  return 'rev4';
}

/** Technology level of each manufacturing sector of a list (others are absent). */
export function technologyLevels(sectors: string[], revision = isicRevision(sectors)): Record<string, TechLevel> {
  const table = revision === 'rev3' ? REV3 : REV4;
  const out: Record<string, TechLevel> = {};
  for (const s of sectors) {
    const level = table[key(s)];
    if (level) out[s] = level;
  }
  return out;
}

/**
 * A sector concordance grouping manufacturing by technology intensity (MFG_HIGH, MFG_MEDIUM_HIGH, …);
 * other sectors keep their own code, or all go to `others` when given.
 */
export function technologyConcordance(sectors: string[], o: { revision?: 'rev3' | 'rev4'; others?: string } = {}): Concordance {
  const levels = technologyLevels(sectors, o.revision);
  if (Object.keys(levels).length === 0) {
    throw new TableError(
      `no manufacturing sector of ${sectors.slice(0, 6).join(', ')}… is in the technology classification; expected WIOD c3…c16, ICIO C15T16…C36T37 (rev.3) or D10T12…D31T33 / C10-C12…C33 (rev.4)`,
    );
  }
  const map: Record<string, string> = {};
  for (const s of sectors) map[s] = levels[s] ? `MFG_${levels[s]}` : (o.others ?? s);
  return { sectors: map };
}
