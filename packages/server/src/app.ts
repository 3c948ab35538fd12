/**
 * The Catena server: the HTTP API under /api and the dashboard's static files at /. Built by
 * `buildServer` (tests drive it with Fastify's inject), started by `startServer`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { HttpError, sendError } from './errors.js';
import { JobRunner } from './jobs.js';
import { openApiDocument } from './openapi.js';
import { realDataDirs } from './paths.js';
import { analysisRoutes, describeJobError } from './routes/analyses.js';
import { tableRoutes } from './routes/tables.js';
import { viewRoutes } from './routes/views.js';
import { checkBind, requireToken } from './security.js';
import { MemoryBackend, Tables, type TableBackend } from './store.js';
import type { ServerContext } from './context.js';
import { WorkspaceBackend } from './workspace.js';

export interface ServerOptions {
  /** Where tables and results live; default: the workspace file `workspace`, else memory. */
  backend?: TableBackend;
  /** Path of a workspace file (`@catena/store`, DuckDB), created when absent. */
  workspace?: string;
  /** Folders import-by-path may read from. */
  dataDirs?: string[];
  /** Required on every /api request when set. */
  token?: string;
  /** Largest upload in bytes (default 512 MiB). */
  uploadLimit?: number;
  /** Tables up to this many country-sector rows run synchronously (default 2,500). */
  syncRows?: number;
  /** The built dashboard; default: packages/web/dist when it exists. */
  webRoot?: string | null;
  /** Fastify's logger (default off). */
  logger?: boolean;
}

export interface CatenaServer {
  app: FastifyInstance;
  context: ServerContext;
  close(): Promise<void>;
}

const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** Where the dashboard's build lands (packages/web/dist), found from this package. */
export function defaultWebRoot(): string | null {
  const here = dirname(new URL(import.meta.url).pathname);
  const p = join(here, '..', '..', 'web', 'dist');
  return existsSync(join(p, 'index.html')) ? p : null;
}

export async function buildServer(o: ServerOptions = {}): Promise<CatenaServer> {
  const uploadLimit = o.uploadLimit ?? 512 * 2 ** 20;
  const app = Fastify({ logger: o.logger ?? false, bodyLimit: 64 * 2 ** 20, routerOptions: { ignoreTrailingSlash: true } });
  const tables = new Tables(o.backend ?? (o.workspace ? await WorkspaceBackend.open(o.workspace) : new MemoryBackend()));
  const context: ServerContext = {
    tables,
    jobs: new JobRunner(describeJobError),
    dataDirs: realDataDirs(o.dataDirs ?? []),
    syncRows: o.syncRows ?? 2500,
    version: VERSION,
  };
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: uploadLimit }, (_req, b, done) => done(null, b));
  app.setErrorHandler((err, req, reply) => sendError(req, reply, err));
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/'))
      return sendError(
        req,
        reply,
        new HttpError(404, `no route ${req.method} ${req.url.split('?')[0]}; GET /api/openapi.json lists them`, 'url'),
      );
    const root = o.webRoot === undefined ? defaultWebRoot() : o.webRoot;
    if (root && req.method === 'GET') return reply.sendFile('index.html', root); // client-side routes
    return sendError(req, reply, new HttpError(404, `no page ${req.url}`, 'url'));
  });
  requireToken(app, o.token);

  let doc: unknown;
  app.get('/api/openapi.json', async () => (doc ??= openApiDocument(VERSION)));
  app.get('/api/health', async () => ({ ok: true, version: VERSION }));
  tableRoutes(app, context);
  analysisRoutes(app, context);
  viewRoutes(app, context);

  const root = o.webRoot === undefined ? defaultWebRoot() : o.webRoot;
  if (root) await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, cacheControl: true, maxAge: '1h' });

  return {
    app,
    context,
    async close() {
      context.jobs.close();
      await app.close();
      await tables.backend.close();
    },
  };
}

export interface StartOptions extends ServerOptions {
  host?: string;
  port?: number;
}

/** Checks the bind rules, builds the server and listens; returns the URL. */
export async function startServer(o: StartOptions = {}): Promise<CatenaServer & { url: string }> {
  const host = o.host ?? '127.0.0.1';
  checkBind(host, o.token);
  const s = await buildServer(o);
  await s.app.listen({ host, port: o.port ?? 8686 });
  const addr = s.app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return { ...s, url: `http://${shown}:${port}/` };
}
