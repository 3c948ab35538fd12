import { CATALOG, READERS } from '@catena/engine';
import type { Command } from '../command.js';

export const sourcesCommand: Command = {
  name: 'sources',
  summary: 'List the database vintages Catena reads, their layouts, years and download addresses',
  usage: '[--json]',
  help: `Prints the version registry (packages/engine/src/sources/catalog.ts): each database
vintage, the layout that reads it (--layout), the years it covers and where the publisher puts
it. "download" says what \`catena download <id>\` does: fetch (a file address, checksummed
where the publisher gives a checksum), login (a licence or login is needed: fetch by hand) or
page (no stable file address: the page is printed).

Options:
  --json   the registry as JSON`,
  options: { json: { type: 'boolean' } },
  positionals: false,
  async run(values, _positionals, io) {
    if (values.json) {
      io.out(JSON.stringify(CATALOG, null, 2) + '\n');
      return 0;
    }
    const known = new Set(READERS.map((r) => r.format));
    const rows = CATALOG.map((e) => [
      e.id,
      `${e.database} ${e.vintage}`,
      known.has(e.layout) ? e.layout : `${e.layout} (not built in)`,
      `${e.years[0]}–${e.years[1]}`,
      e.download.kind === 'file' ? 'fetch' : e.download.kind,
      e.download.kind === 'file' ? e.download.url : e.download.page,
    ]);
    const head = ['id', 'database', 'layout', 'years', 'download', 'address'];
    const w = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
    io.out([head, ...rows].map((r) => r.map((c, j) => (j === r.length - 1 ? c : c.padEnd(w[j]))).join('  ')).join('\n') + '\n');
    return 0;
  },
};
