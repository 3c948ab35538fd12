import { NVC_MEASURES, nationalValueChains, readNationalTable, toCsv, toJson } from '@catena/engine';
import { choiceOpt, stringOpt, UserError, type Command } from '../command.js';
import { fmt, textTable, writeOutput } from '../format.js';
import { formatFromOut } from '../output-file.js';
import { withProgress } from '../progress.js';

export const nationalCommand: Command = {
  name: 'national',
  summary: 'National value chain measures of a single-country table (China NBS, OECD NIOT)',
  usage: '<table> [--format text|csv|json] [--out FILE] [--force] [--year YYYY]',
  help: `Reads a national input-output table with imports as their own block (China NBS
non-competitive tables as published; competitive tables and OECD NIOTs split by the
proportionality assumption) and computes per sector, from one LU of I − Ad:
  dva_share            domestic value added per unit of exports, (v Ld)_j
  dva_exports          domestic value added in the sector's exports
  vs_share             imported content (vertical specialisation), (1ᵀ Am Ld)_j
  length_backward      domestic production stages embodied (column sums of Ld), ≥ 1
  length_forward       domestic stages to final use or export, (Ld x)_i / x_i, ≥ 1
  import_direct_share  imported intermediates / all intermediates of the sector
  import_penetration   imports / domestic use of the product
and national TOTAL rows (DVA in exports, DVA / exports, output-weighted lengths).
Measures: ${NVC_MEASURES.join(', ')}.

Options:
  --format text|csv|json  output format (default: text summary on a terminal, csv with --out)
  --out FILE              write there (default: standard output)
  --force                 replace FILE if it exists
  --layout china-nbs|oecd-niot  the layout when it cannot be detected
  --year YYYY             the table's year when the file name does not say it`,
  options: {
    format: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    layout: { type: 'string' },
    year: { type: 'string' },
  },
  positionals: true,
  async run(values, positionals, io) {
    const path = positionals[0];
    if (!path) throw new UserError('missing the table: give the path of a national table (China NBS or OECD NIOT CSV)');
    if (positionals.length > 1) throw new UserError(`one table at a time; got ${positionals.length} paths`);
    const out = stringOpt(values, 'out');
    const format = choiceOpt(
      values,
      'format',
      ['text', 'csv', 'json'] as const,
      out ? formatFromOut(values, ['csv', 'json'] as const, 'csv') : 'text',
    );
    const layout = choiceOpt(values, 'layout', ['auto', 'china-nbs', 'oecd-niot'] as const, 'auto');
    const yearText = stringOpt(values, 'year');
    const year = yearText === undefined ? undefined : Number(yearText);
    if (year !== undefined && !Number.isInteger(year)) throw new UserError(`--year ${yearText} is not a year`);
    const result = await withProgress(io, 'reading and computing', async () =>
      nationalValueChains(await readNationalTable(path, { year, format: layout === 'auto' ? undefined : layout })),
    );
    let text: string;
    if (format === 'csv') text = toCsv(result);
    else if (format === 'json') text = toJson(result);
    else {
      const get = (sector: string, m: string) => result.rows.find((r) => r.sector === sector && r.measure === m)?.value as number;
      const sectors = [...new Set(result.rows.map((r) => String(r.sector)))].filter((s) => s !== 'TOTAL');
      const head = ['sector', 'exports', 'dva_share', 'vs_share', 'len_back', 'len_fwd', 'imp_direct'];
      const rows = sectors.map((s) => [
        s,
        fmt(get(s, 'exports'), 0),
        get(s, 'dva_share'),
        get(s, 'vs_share'),
        get(s, 'length_backward'),
        get(s, 'length_forward'),
        get(s, 'import_direct_share'),
      ]);
      text =
        `${result.meta.source}\nunit ${result.meta.unit}; imports: ${result.meta.importSplit}\n\n` +
        textTable(head, rows) +
        `\nTOTAL exports ${fmt(get('TOTAL', 'exports'), 0)}, DVA in exports ${fmt(get('TOTAL', 'dva_exports'), 0)} (${fmt(100 * get('TOTAL', 'dva_share'), 1)} %), ` +
        `imported content ${fmt(100 * get('TOTAL', 'vs_share'), 1)} %, mean production length ${fmt(get('TOTAL', 'length_backward'), 3)}\n`;
    }
    if (out) writeOutput(out, text, values.force === true);
    else io.out(text);
    return 0;
  },
};
