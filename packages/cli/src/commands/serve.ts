import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, listDataFiles, HttpError } from '@catena/server';
import { defaultWorkspacePath } from '@catena/store';
import { UserError, stringOpt, type Command } from '../command.js';

/** ../shared/data/wiod2013 beside the repository, when it is there (the project's sample data). */
function defaultData(): string[] {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
  const shared = process.env.CATENA_SHARED ? resolve(process.env.CATENA_SHARED) : join(repo, '..', 'shared');
  const p = join(shared, 'data', 'wiod2013');
  return existsSync(p) ? [p] : [];
}

/**
 * Starts the HTTP API and the dashboard on 127.0.0.1 (another address needs a token), with the
 * sample world and every table found in the data folders, and prints the URL. Runs until
 * interrupted (Ctrl-C).
 */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Start the HTTP API and the web dashboard on the sample world and the tables in the data folders',
  usage: '[--host H] [--port P] [--token T] [--data DIRS] [--workspace FILE | --memory] [--no-import] [--upload-limit MB]',
  help: `Serves the dashboard at / and the API at /api (OpenAPI document: /api/openapi.json).
The tables in the data folders are imported at start (the page lists them as they arrive);
the sample world is always there.

Options:
  --host H             address to bind (default 127.0.0.1); any other needs --token
  --port P             port (default 8686; 0 picks a free one)
  --token T            token every /api request must carry (default $CATENA_TOKEN)
  --data DIRS          comma-separated data folders for import-by-path (default $CATENA_DATA,
                       else data/wiod2013 in $CATENA_SHARED or in ../shared beside the
                       repository, when it exists)
  --workspace FILE     the workspace (DuckDB file) tables and cached results are kept in
                       (default $CATENA_WORKSPACE, else ~/.catena/workspace.duckdb)
  --memory             keep tables and results in memory only (nothing written)
  --no-import          do not import the tables found in the data folders at start
  --upload-limit MB    largest upload in MiB (default 512)
  --sync-rows N        tables up to N country-sector rows run synchronously (default 2500)`,
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    token: { type: 'string' },
    data: { type: 'string' },
    'no-import': { type: 'boolean' },
    workspace: { type: 'string' },
    memory: { type: 'boolean' },
    'upload-limit': { type: 'string' },
    'sync-rows': { type: 'string' },
  },
  async run(values, _positionals, io) {
    const int = (name: string, d: number, min: number) => {
      const v = stringOpt(values, name);
      if (v === undefined) return d;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new UserError(`--${name} ${v} is not a whole number ≥ ${min}`);
      return n;
    };
    const port = int('port', 8686, 0);
    if (port > 65535) throw new UserError(`--port ${port} is above 65535`);
    const dataOpt = stringOpt(values, 'data') ?? process.env.CATENA_DATA;
    const dataDirs =
      dataOpt !== undefined
        ? dataOpt
            .split(',')
            .map((d) => d.trim())
            .filter(Boolean)
        : defaultData();
    for (const d of dataDirs) if (!existsSync(d)) throw new UserError(`--data: folder ${d} does not exist`);
    const token = stringOpt(values, 'token') ?? (process.env.CATENA_TOKEN || undefined);
    let server;
    try {
      server = await startServer({
        host: stringOpt(values, 'host') ?? '127.0.0.1',
        port,
        token,
        dataDirs,
        workspace: values.memory ? undefined : (stringOpt(values, 'workspace') ?? defaultWorkspacePath()),
        uploadLimit: int('upload-limit', 512, 1) * 2 ** 20,
        syncRows: int('sync-rows', 2500, 1),
      });
    } catch (err) {
      if (err instanceof HttpError) throw new UserError(err.message.replace(/^token: /, '--token: '));
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw new UserError(`--port ${port} is in use; give another (or 0 for a free one)`);
      throw err;
    }
    const url = token ? `${server.url}#token=${encodeURIComponent(token)}` : server.url;
    io.out(`Catena dashboard and API at ${url}  (API document: ${server.url}api/openapi.json; Ctrl-C stops)\n`);
    if (!values['no-import'] && server.context.dataDirs.length) {
      const files = listDataFiles(server.context.dataDirs).filter((f) => !/labels_/.test(f.path));
      let n = 0;
      for (const f of files) {
        try {
          await server.context.tables.backend.importPath(join(f.root, f.path), {});
          n++;
        } catch (err) {
          io.err(`skipped ${f.path}: ${(err as Error).message}\n`);
        }
      }
      io.err(`imported ${n} table${n === 1 ? '' : 's'} from ${server.context.dataDirs.join(', ')}\n`);
    }
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void server.close().then(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};
