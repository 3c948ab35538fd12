/**
 * User concordances: CSV files `from,to` (a header line `from,to` is optional; `#` starts a
 * comment line) mapping a table's countries or sectors to groups. Checked before use:
 * every code of the table appears exactly once (completeness), no code is mapped twice
 * (overlap; the same pair twice is tolerated), no empty cell, and no code the table does not have.
 * Errors name the file, the line and the code.
 *
 * Countries may also be given as ready-made groups (`EU27,USMCA`): members in the table go to the
 * group's name, the other countries keep their code (or go to `rest`). Codes are matched through
 * ISO3 (toIso3), so `AT` or `PRC` in a table meets AUT or CHN in a file or group.
 */
import { existsSync } from 'node:fs';
import { TableError, TableFormatError } from '../errors.js';
import type { Concordance } from '../table/icio-table.js';
import { splitCells } from '../sources/cells.js';
import { textLines } from '../sources/lines.js';
import { groupMembers, isoCode } from './groups.js';
import { toIso3 } from './iso3.js';

/** A parsed concordance file: code → group, with the line each code came from. */
export interface ConcordanceFile {
  file: string;
  map: Record<string, string>;
  line: Record<string, number>;
}

/** Reads and checks the syntax of a `from,to` CSV (no table needed). */
export function readConcordanceFile(file: string): ConcordanceFile {
  const lines = textLines(file);
  const map: Record<string, string> = {};
  const line: Record<string, number> = {};
  lines.forEach((l, k) => {
    const no = k + 1;
    if (l.trim() === '' || l.trimStart().startsWith('#')) return;
    const sep = l.includes(',') ? ',' : l.includes(';') ? ';' : '\t';
    const cells = splitCells(l, sep).map((c) => c.trim());
    if (k === 0 && cells[0].toLowerCase() === 'from' && cells[1]?.toLowerCase() === 'to') return;
    if (cells.length !== 2)
      throw new TableFormatError(file, `line ${no}`, `${cells.length} cells ('${l.slice(0, 60)}')`, 'two cells: from,to');
    const [from, to] = cells;
    if (!from) throw new TableFormatError(file, `line ${no}`, 'an empty from cell', 'a country or sector code');
    if (!to) throw new TableFormatError(file, `line ${no}, code ${from}`, 'an empty to cell', 'the group the code belongs to');
    if (map[from] !== undefined && map[from] !== to) {
      throw new TableFormatError(
        file,
        `line ${no}, code ${from}`,
        `${from} mapped to ${to}, but line ${line[from]} maps it to ${map[from]}`,
        'each code in one group only (no overlaps)',
      );
    }
    map[from] = to;
    line[from] ??= no;
  });
  if (Object.keys(map).length === 0) throw new TableFormatError(file, '', 'no mappings', 'lines from,to');
  return { file, map, line };
}

/**
 * Checks a concordance file against a table's codes and returns the map keyed by the table's
 * codes: completeness (every table code mapped) and no unknown codes; matching through ISO3 for
 * countries.
 */
export function checkConcordance(c: ConcordanceFile, codes: string[], what: 'country' | 'sector'): Record<string, string> {
  const norm = what === 'country' ? (s: string) => toIso3(isoCode(s)) : (s: string) => s;
  const byNorm = new Map<string, string>();
  for (const code of codes) byNorm.set(norm(code), code);
  const out: Record<string, string> = {};
  for (const [from, to] of Object.entries(c.map)) {
    const code = byNorm.get(norm(from));
    if (code === undefined) {
      throw new TableFormatError(
        c.file,
        `line ${c.line[from]}, code ${from}`,
        `a ${what} the table does not have`,
        `one of ${codes.slice(0, 30).join(', ')}${codes.length > 30 ? ', …' : ''}`,
      );
    }
    if (out[code] !== undefined && out[code] !== to) {
      throw new TableFormatError(
        c.file,
        `line ${c.line[from]}, code ${from}`,
        `${from} (= ${code}) mapped to ${to} and, through another spelling, to ${out[code]}`,
        'each code in one group only (no overlaps)',
      );
    }
    out[code] = to;
  }
  const missing = codes.filter((x) => out[x] === undefined);
  if (missing.length) {
    throw new TableFormatError(
      c.file,
      '',
      `no line for ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ` and ${missing.length - 20} more` : ''}`,
      `every ${what} of the table mapped (complete)`,
    );
  }
  return out;
}

/** A country concordance from ready-made group names (overlapping groups are an error). */
export function groupConcordance(groups: string[], countries: string[], rest?: string): Record<string, string> {
  const out: Record<string, string> = {};
  const from: Record<string, string> = {};
  for (const name of groups) {
    const members = groupMembers(name);
    if (!members) throw new TableError(`country group '${name}' is not known; give a file or one of the ready-made groups`);
    const want = new Set(members.map((m) => toIso3(m)));
    for (const c of countries) {
      if (!want.has(toIso3(isoCode(c)))) continue;
      if (from[c]) throw new TableError(`country ${c} is in both ${from[c]} and ${name}; groups must not overlap`);
      from[c] = name;
      out[c] = name.toUpperCase();
    }
  }
  for (const c of countries) out[c] ??= rest ?? c;
  return out;
}

/**
 * The engine Concordance for IcioTable.aggregate from user input: countries as a file path or a
 * comma-separated list of groups; sectors as a file path or the word TECH (manufacturing by
 * technology intensity, technology.ts — passed in as `sectorMap`).
 */
export function concordanceFor(
  table: { countries: string[]; sectors: string[] },
  o: { countries?: string; sectors?: string; rest?: string; sectorMap?: Record<string, string> },
): Concordance {
  const c: Concordance = {};
  if (o.countries) {
    c.countries = existsSync(o.countries)
      ? checkConcordance(readConcordanceFile(o.countries), table.countries, 'country')
      : groupConcordance(
          o.countries
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          table.countries,
          o.rest,
        );
  }
  if (o.sectorMap) c.sectors = o.sectorMap;
  else if (o.sectors) c.sectors = checkConcordance(readConcordanceFile(o.sectors), table.sectors, 'sector');
  return c;
}
