import { smileChartSvg, smileCurve, toCsv, toJson } from '@catena/engine';
import { choiceOpt, stringOpt, UserError, type Command } from '../command.js';
import { writeOutput } from '../format.js';
import { withProgress } from '../progress.js';
import { buildModel, loadTable, TABLE_HELP, TABLE_OPTIONS } from '../table-args.js';
import { withDiagnostics } from '../diagnostics.js';

export const smileCommand: Command = {
  name: 'smile',
  summary: 'Smile curve: value added by contributing country-sector against its production stage',
  usage: '<table> --country CCC [--sector S] [--basis final|exports] [--out chart.svg|data.csv|data.json] [--force] [table options]',
  help: `Traces the value added in a product — the final goods of CCC_S, or the gross exports of a
country (or of one of its sectors) — back to every contributing country-sector, with the stage
at which it enters: (B B d)_i / (B d)_i stages from the product (Meng, Ye & Wei 2020).

Options:
  --country CCC        the producing or exporting country
  --sector S           one sector (default: all sectors of the country)
  --basis B            final (final goods output; default with --sector) or exports (gross
                       exports; default without --sector)
  --min-share X        leave out contributors below this share of the value added (default 0.001)
  --out FILE           .svg: the chart (ECharts, server-side SVG); .csv or .json: the data.
                       Without --out the data go to standard output as CSV
  --width W, --height H  chart size in pixels (default 900 × 560)
  --force              replace FILE if it exists
${TABLE_HELP}`,
  options: {
    ...TABLE_OPTIONS,
    country: { type: 'string' },
    sector: { type: 'string' },
    basis: { type: 'string' },
    'min-share': { type: 'string' },
    out: { type: 'string' },
    width: { type: 'string' },
    height: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(values, positionals, io) {
    const country = stringOpt(values, 'country', true);
    const sector = stringOpt(values, 'sector');
    const basis = values.basis === undefined ? undefined : choiceOpt(values, 'basis', ['final', 'exports'] as const, 'final');
    const num = (name: string, lo: number, hi: number): number | undefined => {
      const t = stringOpt(values, name);
      if (t === undefined) return undefined;
      const v = Number(t);
      if (!Number.isFinite(v) || v < lo || v > hi) throw new UserError(`--${name} ${t} is not a number between ${lo} and ${hi}`);
      return v;
    };
    const minShare = num('min-share', 0, 1);
    const width = num('width', 200, 10000);
    const height = num('height', 150, 10000);
    const out = stringOpt(values, 'out');
    const kind =
      out === undefined ? 'csv' : /\.svg$/i.test(out) ? 'svg' : /\.json$/i.test(out) ? 'json' : /\.csv$/i.test(out) ? 'csv' : null;
    if (kind === null) throw new UserError(`--out ${out}: expected a file ending in .svg (chart), .csv or .json (data)`);
    const text = await withProgress(io, 'tracing value added', async () => {
      const table = await loadTable(positionals, values);
      const model = buildModel(table);
      if (!table.countries.includes(country))
        throw new UserError(`--country ${country} is not in the table; known: ${table.countries.join(', ')}`);
      if (sector !== undefined && !table.sectors.includes(sector))
        throw new UserError(`--sector ${sector} is not in the table; known: ${table.sectors.join(', ')}`);
      const r = withDiagnostics(smileCurve(model, { country, sector, basis, minShare }), table, model);
      return kind === 'svg' ? smileChartSvg(r, { width, height }) : kind === 'json' ? toJson(r) : toCsv(r);
    });
    if (out) writeOutput(out, text, values.force === true);
    else io.out(text);
    return 0;
  },
};
