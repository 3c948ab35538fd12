import { existsSync } from 'node:fs';
import {
  concatResults,
  decompose,
  toCsv,
  toJson,
  TRADE_METHODS,
  writeParquet,
  type DecomposeOptions,
  type Level,
  type MethodId,
  type Result,
} from '@catena/engine';
import { choiceOpt, listOpt, stringOpt, UserError, type Command, type Values } from '../command.js';
import { expandTables } from '../batch.js';
import { writeOutput } from '../format.js';
import { publishParquet, formatFromOut } from '../output-file.js';
import { withProgress } from '../progress.js';
import { buildModel, loadTable, TABLE_HELP, TABLE_OPTIONS } from '../table-args.js';
import { withDiagnostics } from '../diagnostics.js';

const METHODS: MethodId[] = ['bm', 'kww', 'wwz', 'hiy', 'my', 'tiva', 'koopman'];
const LEVELS: Level[] = ['country', 'sector', 'bilateral', 'sector-bilateral'];

/** --block NAME=CCC,CCC (repeatable) → { NAME: [CCC, CCC] }; undefined when absent. */
function blockOpt(v: Values[string]): Record<string, string[]> | undefined {
  if (v === undefined) return undefined;
  const out: Record<string, string[]> = {};
  for (const spec of (Array.isArray(v) ? v : [v]).map(String)) {
    const m = /^\s*([^=\s][^=]*?)\s*=(.*)$/.exec(spec);
    const members = m
      ? m[2]
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean)
      : [];
    if (!m || members.length === 0) throw new UserError(`--block '${spec}': expected NAME=CCC,CCC (a block name, then its countries)`);
    if (out[m[1]]) throw new UserError(`--block ${m[1]} is given twice; give each block once with all its countries`);
    out[m[1]] = members;
  }
  return out;
}

export const decomposeCommand: Command = {
  name: 'decompose',
  summary: 'Decompose gross exports into value added and double counting (BM, KWW, WWZ, HIY, Miroudot–Ye, TiVA, Koopman)',
  usage:
    '<table|folder>… --method bm|kww|wwz|hiy|my|tiva|koopman [--perspective P] [--approach source|sink] [--level country|sector|bilateral|sector-bilateral] [--exporter CCC,…] [--importer CCC,…] [--sector S,…] [--block NAME=CCC,CCC]… [--summary] [--format csv|json|parquet] [--out FILE] [--force] [table options]',
  help: `Decomposes the gross exports of a table with one method. Rows are long: year, exporter,
sector, importer, term, value (keys that do not apply at the level stay empty).

Several tables, or a folder of yearly tables, give one result with the year column.

Options:
  --method M           bm (Borin–Mancini), kww, wwz, hiy, my (Miroudot–Ye), tiva (OECD TiVA), koopman
  --perspective P      bm: exporter (default), world, sector, bilateral, sector-bilateral, importer
  --approach A         source (default) or sink
  --level L            country, sector, bilateral or sector-bilateral (default: country, or the
                       widest level the perspective allows)
  --exporter A,B,…     exporters to report (country codes or groups such as EU27; default all)
  --importer A,B,…     importers to report (bilateral levels; default all)
  --sector S,…         sectors to report (sector levels; default all)
  --block NAME=A,B,…   treat countries A, B, … as one domestic block called NAME (repeatable):
                       their mutual trade is domestic, the block exports and imports as one
                       country, rows are reported under NAME (also accepted by --exporter and
                       --importer); members are table countries or groups such as EU27; on a
                       table read with --keep-splits, CN1–CN4 and MX1–MX3 always count as part
                       of CHN and MEX (list CHN or MEX, not the parts)
  --summary            report the common components GEXP, DC, DVA, VAX, REF, DDC, FC, FVA, FDC
                       (and GVC, GVCB, GVCF where defined), so methods can be compared
  --format F           csv (default), json or parquet (parquet needs --out)
  --out FILE           write there (default: standard output)
  --force              replace FILE if it exists
${TABLE_HELP}`,
  options: {
    ...TABLE_OPTIONS,
    method: { type: 'string' },
    perspective: { type: 'string' },
    approach: { type: 'string' },
    level: { type: 'string' },
    exporter: { type: 'string' },
    importer: { type: 'string' },
    sector: { type: 'string' },
    block: { type: 'string', multiple: true },
    summary: { type: 'boolean' },
    format: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(values, positionals, io) {
    const method = stringOpt(values, 'method', true);
    const known = METHODS.filter((m) => TRADE_METHODS[m]);
    if (!TRADE_METHODS[method as MethodId]) throw new UserError(`--method ${method} is not known; expected one of ${known.join(', ')}`);
    const format = choiceOpt(
      values,
      'format',
      ['csv', 'json', 'parquet'] as const,
      formatFromOut(values, ['csv', 'json', 'parquet'] as const, 'csv'),
    );
    const out = stringOpt(values, 'out');
    if (format === 'parquet' && !out) throw new UserError('--format parquet writes a file: give --out FILE');
    if (out && existsSync(out) && values.force !== true) throw new UserError(`${out} exists; pass --force to replace it`);
    const approach = stringOpt(values, 'approach');
    if (approach !== undefined && approach !== 'source' && approach !== 'sink')
      throw new UserError(`--approach ${approach} is not known; expected one of source, sink`);
    const level = stringOpt(values, 'level');
    if (level !== undefined && !(LEVELS as string[]).includes(level))
      throw new UserError(`--level ${level} is not known; expected one of ${LEVELS.join(', ')}`);
    const options: DecomposeOptions = {
      method: method as MethodId,
      perspective: stringOpt(values, 'perspective'),
      approach: approach as DecomposeOptions['approach'],
      level: level as Level | undefined,
      exporters: listOpt(values, 'exporter'),
      importers: listOpt(values, 'importer'),
      sectors: listOpt(values, 'sector'),
      summary: values.summary === true,
      blocks: blockOpt(values.block),
    };
    if (positionals.length === 0)
      throw new UserError('missing the table: give the path of a table file, several files, or a folder of yearly tables');
    const paths = expandTables(positionals);
    const result = await withProgress(io, `decomposing with ${method}`, async (p) => {
      const parts: Result[] = [];
      p.tick(0, paths.length);
      for (const path of paths) {
        const table = await loadTable([path], values);
        if (paths.length > 1 && table.year === undefined) {
          throw new UserError(
            `${path}: the file name does not say the year, which a batch needs for its year column; rename the file or run it alone with --year`,
          );
        }
        const model = buildModel(table);
        parts.push(withDiagnostics(decompose(model, options), table, model));
        p.tick(1);
      }
      if (parts.length === 1) return parts[0];
      const all = concatResults(parts);
      return {
        ...all,
        meta: {
          ...all.meta,
          year: undefined,
          source: undefined,
          years: parts.map((r) => r.meta.year),
          sources: parts.map((r) => r.meta.source),
        },
      };
    });
    if (format === 'parquet') {
      await publishParquet((tmp) => writeParquet(result, tmp), out!, values.force === true);
      return 0;
    }
    const text = format === 'json' ? toJson(result) : toCsv(result);
    if (out) writeOutput(out, text, values.force === true);
    else io.out(text);
    return 0;
  },
};
