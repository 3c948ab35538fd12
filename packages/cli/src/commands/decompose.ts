import { findAnalysis, type DecomposeOptions } from '@catena/engine/node';
import { UserError } from '../command.js';
import { commandFromAnalysis } from '../analysis-command.js';

/** --block NAME=CCC,CCC (repeatable) → { NAME: [CCC, CCC] }. */
export function blockOpt(raw: string | string[] | boolean, flag: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const spec of (Array.isArray(raw) ? raw : [raw]).map(String)) {
    const m = /^\s*([^=\s][^=]*?)\s*=(.*)$/.exec(spec);
    const members = m
      ? m[2]
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean)
      : [];
    if (!m || members.length === 0) throw new UserError(`${flag} '${spec}': expected NAME=CCC,CCC (a block name, then its countries)`);
    if (out[m[1]]) throw new UserError(`${flag} ${m[1]} is given twice; give each block once with all its countries`);
    out[m[1]] = members;
  }
  return out;
}

export const decomposeCommand = commandFromAnalysis<DecomposeOptions>(findAnalysis('decompose')!, {
  usage:
    '<table|folder>… --method bm|kww|wwz|hiy|my|tiva|koopman [--perspective P] [--approach source|sink] [--level country|sector|bilateral|sector-bilateral] [--exporter CCC,…] [--importer CCC,…] [--sector S,…] [--block NAME=CCC,CCC]… [--summary] [--format csv|json|parquet] [--out FILE] [--force] [table options]',
  intro: `Decomposes the gross exports of a table with one method. Rows are long: year, exporter,
sector, importer, term, value (keys that do not apply at the level stay empty).

Several tables, or a folder of yearly tables, give one result with the year column.
Sector-bilateral results are written one exporter at a time.`,
  input: 'tables',
  fields: {
    method: { placeholder: 'M' },
    perspective: { placeholder: 'P' },
    approach: { placeholder: 'A' },
    level: {
      placeholder: 'L',
      help: `country, sector, bilateral or sector-bilateral (default: country, or the
widest level the perspective allows)`,
    },
    exporters: { flag: 'exporter', placeholder: 'A,B,…' },
    importers: { flag: 'importer', placeholder: 'A,B,…' },
    sectors: { flag: 'sector', placeholder: 'S,…' },
    blocks: {
      flag: 'block',
      placeholder: 'NAME=A,B,…',
      repeatable: true,
      parse: blockOpt,
      help: `treat countries A, B, … as one domestic block called NAME (repeatable):
their mutual trade is domestic, the block exports and imports as one
country, rows are reported under NAME (also accepted by --exporter and
--importer); members are table countries or groups such as EU27; on a
table read with --keep-splits, CN1–CN4 and MX1–MX3 always count as part
of CHN and MEX (list CHN or MEX, not the parts)`,
    },
    summary: {
      help: `report the common components GEXP, DC, DVA, VAX, REF, DDC, FC, FVA, FDC
(and GVC, GVCB, GVCF where defined), so methods can be compared`,
    },
  },
});
