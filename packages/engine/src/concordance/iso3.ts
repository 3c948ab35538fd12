/**
 * Country codes across databases → ISO 3166-1 alpha-3. Most databases use ISO3 already (WIOD,
 * OECD ICIO, Eora, GLORIA); the others:
 * - EXIOBASE 3 and FIGARO use ISO alpha-2, with Eurostat's EL (Greece) and UK (United Kingdom);
 *   EXIOBASE's rest-of-world regions WA, WL, WE, WF, WM and FIGARO's FIGW1 are not countries;
 * - ADB MRIO writes PRC for China; WIOD 2013 ROM for Romania;
 * - OECD ICIO's CN1–CN4 and MX1–MX3 are the processing-trade parts of China and Mexico (splits.ts).
 */
import { SPLIT_PARENTS } from './splits.js';

export const ISO2_TO_ISO3: Record<string, string> = {
  AT: 'AUT',
  BE: 'BEL',
  BG: 'BGR',
  CY: 'CYP',
  CZ: 'CZE',
  DE: 'DEU',
  DK: 'DNK',
  EE: 'EST',
  ES: 'ESP',
  FI: 'FIN',
  FR: 'FRA',
  GR: 'GRC',
  EL: 'GRC',
  HR: 'HRV',
  HU: 'HUN',
  IE: 'IRL',
  IT: 'ITA',
  LT: 'LTU',
  LU: 'LUX',
  LV: 'LVA',
  MT: 'MLT',
  NL: 'NLD',
  PL: 'POL',
  PT: 'PRT',
  RO: 'ROU',
  SE: 'SWE',
  SI: 'SVN',
  SK: 'SVK',
  GB: 'GBR',
  UK: 'GBR',
  US: 'USA',
  JP: 'JPN',
  CN: 'CHN',
  CA: 'CAN',
  KR: 'KOR',
  BR: 'BRA',
  IN: 'IND',
  MX: 'MEX',
  RU: 'RUS',
  AU: 'AUS',
  CH: 'CHE',
  TR: 'TUR',
  TW: 'TWN',
  NO: 'NOR',
  ID: 'IDN',
  ZA: 'ZAF',
  AR: 'ARG',
  SA: 'SAU',
  IS: 'ISL',
  IL: 'ISR',
  NZ: 'NZL',
  CL: 'CHL',
  CO: 'COL',
  CR: 'CRI',
  SG: 'SGP',
  TH: 'THA',
  MY: 'MYS',
  PH: 'PHL',
  VN: 'VNM',
  HK: 'HKG',
};

/** Rest-of-world and special regions of the databases (kept as they are; not ISO countries). */
export const NON_COUNTRY_REGIONS: Record<string, string> = {
  ROW: 'rest of the world',
  WA: 'EXIOBASE rest of Asia and Pacific',
  WL: 'EXIOBASE rest of America',
  WE: 'EXIOBASE rest of Europe',
  WF: 'EXIOBASE rest of Africa',
  WM: 'EXIOBASE rest of Middle East',
  FIGW1: 'FIGARO rest of the world',
};

/** Database codes that are neither ISO3 nor ISO2. */
export const DATABASE_CODES: Record<string, string> = { PRC: 'CHN', ROM: 'ROU', ...SPLIT_PARENTS };

/** ISO alpha-3 of a database country code (ISO3 codes and unknown codes come back upper-cased). */
export function toIso3(code: string): string {
  const c = code.trim().toUpperCase();
  if (NON_COUNTRY_REGIONS[c]) return c === 'FIGW1' ? 'ROW' : c;
  return DATABASE_CODES[c] ?? ISO2_TO_ISO3[c] ?? c;
}
