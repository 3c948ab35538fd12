import { ISO2_TO_ISO3 } from './iso3.js';

/**
 * Ready-made country groups (ISO 3166-1 alpha-3), as data. Membership as of 2025; BRICS is the
 * five original members (BRICS_PLUS adds the members that joined in 2024–2025).
 * Databases use a few non-ISO codes; COUNTRY_ALIASES maps them to ISO (WIOD 2013 writes ROM for
 * Romania), so a group matches a table whichever code the table uses.
 */
export const COUNTRY_GROUPS: Record<string, string[]> = {
  EU27: 'AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT ROU SVK SVN ESP SWE'.split(' '),
  EA20: 'AUT BEL HRV CYP EST FIN FRA DEU GRC IRL ITA LVA LTU LUX MLT NLD PRT SVK SVN ESP'.split(' '),
  USMCA: 'USA CAN MEX'.split(' '),
  RCEP: 'AUS BRN KHM CHN IDN JPN KOR LAO MYS MMR NZL PHL SGP THA VNM'.split(' '),
  ASEAN: 'BRN KHM IDN LAO MYS MMR PHL SGP THA VNM'.split(' '),
  OECD: 'AUS AUT BEL CAN CHL COL CRI CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ISR ITA JPN KOR LVA LTU LUX MEX NLD NZL NOR POL PRT SVK SVN ESP SWE CHE TUR GBR USA'.split(
    ' ',
  ),
  BRICS: 'BRA RUS IND CHN ZAF'.split(' '),
  BRICS_PLUS: 'BRA RUS IND CHN ZAF EGY ETH IRN ARE IDN'.split(' '),
};
/** Alternative names accepted for the groups. */
export const GROUP_ALIASES: Record<string, string> = { EU: 'EU27', EUROZONE: 'EA20', EURO_AREA: 'EA20', NAFTA: 'USMCA' };

/** Non-ISO codes used by databases → ISO alpha-3. */
export const COUNTRY_ALIASES: Record<string, string> = { ...ISO2_TO_ISO3, ROM: 'ROU', ROW: 'ROW', RoW: 'ROW', PRC: 'CHN' };

/** ISO code of a database's country code. */
export function isoCode(code: string): string {
  return COUNTRY_ALIASES[code] ?? code.toUpperCase();
}

/** Members of a named group (case-insensitive, aliases allowed), or undefined. */
export function groupMembers(name: string): string[] | undefined {
  const key = name.toUpperCase();
  return COUNTRY_GROUPS[GROUP_ALIASES[key] ?? key];
}

/** The table's codes that belong to a group (matching through ISO aliases). */
export function groupInTable(members: string[], tableCountries: string[]): string[] {
  const want = new Set(members.map(isoCode));
  return tableCountries.filter((c) => want.has(isoCode(c)));
}
