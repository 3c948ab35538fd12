/**
 * Satellite accounts (extensions): indicator values e by country-sector — emissions, employment,
 * value added, R&D expenditure — read from text (browser-safe; the Node file readers are in
 * sources/extensions.ts) and aligned with a table's country-sectors.
 *
 * Layouts parsed here:
 *   user CSV      header `country,sector,indicator,unit,value` (optional `year` column), one row
 *                 per country-sector and indicator; the same indicator must have one unit.
 *   pymrio text   tab-separated, header rows `region` and `sector` over the columns, index columns
 *                 (indicator[, compartment], unit) on the left: pymrio's own extension files (the
 *                 test MRIO's `emissions.txt`, `factor_input.txt`) and EXIOBASE 1/2 `mr*.txt`.
 *                 EXIOBASE 3 satellite `F.txt` has one index column and its units in `unit.txt`.
 *   Eora26 Q      `Eora26_YYYY_bp_Q.txt` (indicators × columns of T, no labels) with `labels_Q.txt`
 *                 (source, indicator) and `labels_T.txt` (country name, code, kind, sector).
 */
import { TableFormatError, OptionError } from '../errors.js';

export interface ExtensionIndicator {
  id: string;
  unit: string;
}

export interface Extension {
  /** Where it came from (a file or folder), for messages. */
  source: string;
  indicators: ExtensionIndicator[];
  /** Country and sector of each column. */
  countries: string[];
  sectors: string[];
  /** values[k][c]: indicator k in column c. */
  values: Float64Array[];
  /** Year of each value set when the file has a year column (user CSV), else undefined. */
  year?: number;
}

const splitLine = (l: string, sep: string) => l.replace(/\r$/, '').split(sep);

/** Parses a number cell; TableFormatError naming the row and column when it is not one. */
function num(cell: string, file: string, row: number, col: string): number {
  const t = cell.trim();
  const x = t === '' ? NaN : Number(t);
  if (!Number.isFinite(x)) throw new TableFormatError(file, `row ${row}, column ${col}`, `'${cell}'`, 'a number');
  return x;
}

/** A user CSV `country,sector,indicator,unit,value[,year]`; with several years, one Extension per year. */
export function parseUserCsv(text: string, file: string): Extension[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 2)
    throw new TableFormatError(file, 'row 1', lines.length ? 'only a header' : 'an empty file', 'a header and at least one row');
  const head = splitLine(lines[0], ',').map((h) => h.trim().toLowerCase());
  const need = ['country', 'sector', 'indicator', 'unit', 'value'];
  const missing = need.filter((c) => !head.includes(c));
  if (missing.length)
    throw new TableFormatError(
      file,
      'row 1',
      `columns ${head.join(',')}`,
      `the columns ${need.join(',')} (and optionally year); missing ${missing.join(', ')}`,
    );
  const at = Object.fromEntries([...need, 'year'].map((c) => [c, head.indexOf(c)]));
  const byYear = new Map<string, { units: Map<string, { unit: string; row: number }>; cells: Map<string, Map<string, number>> }>();
  for (let r = 1; r < lines.length; r++) {
    const cells = splitLine(lines[r], ',');
    if (cells.length < head.length)
      throw new TableFormatError(file, `row ${r + 1}`, `${cells.length} cells`, `${head.length} cells (${head.join(',')})`);
    const year = at.year >= 0 ? cells[at.year].trim() : '';
    if (year !== '' && !/^\d{4}$/.test(year))
      throw new TableFormatError(file, `row ${r + 1}, column year`, `'${year}'`, 'a four-digit year');
    const country = cells[at.country].trim();
    const sector = cells[at.sector].trim();
    const ind = cells[at.indicator].trim();
    const unit = cells[at.unit].trim();
    if (!country || !sector || !ind) throw new TableFormatError(file, `row ${r + 1}`, 'an empty country, sector or indicator', 'all three');
    const value = num(cells[at.value], file, r + 1, 'value');
    let y = byYear.get(year);
    if (!y) byYear.set(year, (y = { units: new Map(), cells: new Map() }));
    const u = y.units.get(ind);
    if (u && u.unit !== unit)
      throw new TableFormatError(
        file,
        `row ${r + 1}, column unit`,
        `'${unit}' for indicator ${ind}`,
        `one unit per indicator: row ${u.row} has '${u.unit}' (units mismatch)`,
      );
    if (!u) y.units.set(ind, { unit, row: r + 1 });
    const key = `${country}\u0000${sector}`;
    let m = y.cells.get(key);
    if (!m) y.cells.set(key, (m = new Map()));
    if (m.has(ind))
      throw new TableFormatError(
        file,
        `row ${r + 1}`,
        `a second value for ${country}, ${sector}, ${ind}`,
        'one value per country, sector and indicator',
      );
    m.set(ind, value);
  }
  return [...byYear.entries()].map(([year, y]) => {
    const indicators = [...y.units.entries()].map(([id, u]) => ({ id, unit: u.unit }));
    const keys = [...y.cells.keys()];
    return {
      source: file,
      indicators,
      countries: keys.map((k) => k.split('\u0000')[0]),
      sectors: keys.map((k) => k.split('\u0000')[1]),
      values: indicators.map(({ id }) => Float64Array.from(keys, (k) => y.cells.get(k)!.get(id) ?? NaN)),
      year: year === '' ? undefined : Number(year),
    };
  });
}

/**
 * pymrio / EXIOBASE tab-separated extension text: two header rows (regions, sectors) and `nIndex`
 * index columns (detected from the leading empty cells of the first row when not given). The unit
 * is the last index column when there are two or more, else it comes from `units` (EXIOBASE 3).
 */
export function parsePymrioText(text: string, file: string, units?: Map<string, string>): Extension {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 3)
    throw new TableFormatError(file, '', `${lines.length} lines`, 'two header rows (region, sector) and at least one indicator row');
  const r0 = splitLine(lines[0], '\t');
  const r1 = splitLine(lines[1], '\t');
  let nIndex = 0;
  while (nIndex < r0.length && (r0[nIndex].trim() === '' || /^(region|sector|stressor)$/i.test(r0[nIndex].trim()))) nIndex++;
  if (nIndex === 0) nIndex = 1;
  const width = r0.length - nIndex;
  if (width <= 0 || r1.length < r0.length)
    throw new TableFormatError(file, 'rows 1–2', `${r0.length} and ${r1.length} cells`, 'region and sector header rows of the same width');
  const countries = r0.slice(nIndex).map((s) => s.trim());
  const sectors = r1.slice(nIndex, nIndex + width).map((s) => s.trim());
  const indicators: ExtensionIndicator[] = [];
  const values: Float64Array[] = [];
  for (let r = 2; r < lines.length; r++) {
    const cells = splitLine(lines[r], '\t');
    if (cells.length < nIndex + width)
      throw new TableFormatError(
        file,
        `row ${r + 1}`,
        `${cells.length} cells`,
        `${nIndex + width} (index columns and one per country-sector)`,
      );
    const idx = cells.slice(0, nIndex).map((s) => s.trim());
    const id = nIndex >= 3 ? `${idx[0]}|${idx[1]}` : idx[0];
    const unit = nIndex >= 2 ? idx[nIndex - 1] : (units?.get(idx[0]) ?? 'unknown unit');
    indicators.push({ id, unit });
    values.push(Float64Array.from({ length: width }, (_, c) => num(cells[nIndex + c], file, r + 1, `${countries[c]}_${sectors[c]}`)));
  }
  return { source: file, indicators, countries, sectors, values };
}

/** EXIOBASE 3 `unit.txt` (stressor, unit) as a map. */
export function parseUnitsText(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const l of text.split('\n').slice(1)) {
    const c = splitLine(l, '\t');
    if (c.length >= 2 && c[0].trim()) m.set(c[0].trim(), c[c.length - 1].trim());
  }
  return m;
}

/** Eora26 Q: indicator rows over the columns of T, labelled by labels_Q and labels_T. */
export function parseEoraQ(qText: string, labelsQ: string, labelsT: string, file: string): Extension {
  const tl = labelsT
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => splitLine(l, '\t'));
  const ql = labelsQ
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => splitLine(l, '\t'));
  const rows = qText.split('\n').filter((l) => l.trim() !== '');
  if (rows.length !== ql.length)
    throw new TableFormatError(file, '', `${rows.length} rows`, `one row per line of labels_Q.txt (${ql.length})`);
  const indicators = ql.map((q) => {
    const name = q[0].trim();
    const unit = /\(([^)]*)\)\s*$/.exec(name)?.[1] ?? 'unknown unit';
    return { id: (q[q.length - 1] || name).trim(), unit };
  });
  const values = rows.map((l, r) => {
    const cells = splitLine(l, '\t');
    if (cells.length !== tl.length)
      throw new TableFormatError(file, `row ${r + 1}`, `${cells.length} values`, `one per line of labels_T.txt (${tl.length})`);
    return Float64Array.from(cells, (c, k) => num(c, file, r + 1, String(k + 1)));
  });
  return { source: file, indicators, countries: tl.map((t) => t[1].trim()), sectors: tl.map((t) => t[3].trim()), values };
}

/** The position of an indicator; OptionError listing the known ones. */
export function indicatorIndex(ext: Extension, id: string): number {
  let k = ext.indicators.findIndex((i) => i.id === id);
  if (k < 0) k = ext.indicators.findIndex((i) => i.id.split('|')[0] === id);
  if (k < 0)
    throw new OptionError(`indicator '${id}' is not in ${ext.source}; known: ${ext.indicators.map((i) => i.id).join(', ')}`, 'indicator');
  return k;
}

export interface Aligned {
  indicator: ExtensionIndicator;
  /** e over the table's country-sectors (index g·N + n). */
  e: Float64Array;
}

/**
 * The indicator's values on the table's country-sectors. Every country-sector of the table must be
 * in the extension (a TableFormatError names the first missing one); a country the extension gives
 * with one sector only (Eora26's ROW "TOTAL") goes to that country's first sector, as the Eora26
 * reader pads it. A unit given by the caller must match the file's.
 */
export function alignExtension(ext: Extension, countries: string[], sectors: string[], id: string, unit?: string): Aligned {
  const k = indicatorIndex(ext, id);
  const indicator = ext.indicators[k];
  if (unit !== undefined && unit !== indicator.unit)
    throw new OptionError(
      `unit '${unit}' does not match ${ext.source}, where ${indicator.id} is in '${indicator.unit}' (units mismatch)`,
      'unit',
    );
  const N = sectors.length;
  const e = new Float64Array(countries.length * N).fill(NaN);
  const cIdx = new Map(countries.map((c, g) => [c, g]));
  const sIdx = new Map(sectors.map((s, n) => [s, n]));
  const perCountry = new Map<string, number>();
  for (const c of ext.countries) perCountry.set(c, (perCountry.get(c) ?? 0) + 1);
  const vals = ext.values[k];
  for (let c = 0; c < ext.countries.length; c++) {
    const g = cIdx.get(ext.countries[c]);
    if (g === undefined) continue;
    let n = sIdx.get(ext.sectors[c]);
    if (n === undefined && perCountry.get(ext.countries[c]) === 1) n = 0;
    if (n === undefined) continue;
    const i = g * N + n;
    e[i] = (Number.isNaN(e[i]) ? 0 : e[i]) + vals[c];
  }
  for (let i = 0; i < e.length; i++) {
    if (Number.isNaN(e[i])) {
      const g = Math.floor(i / N);
      if (perCountry.get(countries[g]) === 1 && i % N !== 0) {
        e[i] = 0;
        continue;
      }
      const what = perCountry.has(countries[g])
        ? `no ${indicator.id} value for sector ${sectors[i % N]} of ${countries[g]}`
        : `no rows for country ${countries[g]}`;
      throw new TableFormatError(
        ext.source,
        '',
        what,
        `a value for every country-sector of the table (${countries.length} countries × ${N} sectors)`,
      );
    }
  }
  return { indicator, e };
}
