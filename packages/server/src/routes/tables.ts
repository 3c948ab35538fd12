/** Tables: list, import by path (confined to the data folders), upload, diagnostics, delete. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError, parseWith } from '../errors.js';
import { confinePath, listDataFiles } from '../paths.js';
import type { ServerContext } from '../context.js';

export const readOptionsSchema = z.object({
  format: z.string().min(1).optional().describe('the reader to use (catena info --formats); detected from the file when absent'),
  keepSplits: z.boolean().optional().describe('keep the OECD CN1/CN2 and MX1/MX2 split rows'),
  year: z.number().int().min(1900).max(2100).optional().describe('the year, when the file name does not tell it'),
});

export const importSchema = readOptionsSchema.extend({
  path: z.string().min(1).describe('a file or folder inside one of the data folders (relative to a folder, or absolute)'),
});

const uploadQuery = z.object({
  name: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^/\\\0]+$/, 'a file name without folders')
    .describe('the file name, which tells the reader the layout (e.g. wiot2011_2013rel_int.csv.gz)'),
  format: z.string().min(1).optional(),
  year: z.coerce.number().int().min(1900).max(2100).optional(),
});

export const idParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[\w.-]+$/, 'letters, digits, -, _ or .'),
});

export function tableRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/tables', async () => ({ tables: await ctx.tables.list() }));

  app.get('/api/data-files', async () => ({ folders: ctx.dataDirs, files: listDataFiles(ctx.dataDirs) }));

  app.get('/api/tables/:id', async (req) => {
    const { id } = parseWith(idParams, req.params, 'params');
    return ctx.tables.entry(id, 'params.id');
  });

  app.get('/api/tables/:id/diagnostics', async (req) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const entry = await ctx.tables.entry(id, 'params.id');
    const table = await ctx.tables.table(id, 'params.id');
    const model = await ctx.tables.model(id, 'params.id');
    return {
      table: entry,
      totals: table.totals(),
      shape: { G: table.G, N: table.N, F: table.F, GN: table.G * table.N },
      diagnostics: table.validate(),
      zeroOutput: model.zeroOutput.length,
      conventions: model.conventions,
    };
  });

  app.post('/api/tables', async (req, reply) => {
    const body = parseWith(importSchema, req.body ?? {}, 'body');
    const real = confinePath(body.path, ctx.dataDirs, 'body.path');
    const { path: _p, ...o } = body;
    const entry = await ctx.tables.backend.importPath(real, o);
    return reply.code(201).send(entry);
  });

  app.post('/api/tables/upload', async (req, reply) => {
    const q = parseWith(uploadQuery, req.query ?? {}, 'query');
    const bytes = req.body;
    if (!(bytes instanceof Buffer) || bytes.length === 0) {
      throw new HttpError(400, 'body: expected the table file as the request body (Content-Type: application/octet-stream)', 'body');
    }
    const { name, ...o } = q;
    const entry = await ctx.tables.backend.importBytes(name, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), o);
    return reply.code(201).send(entry);
  });

  app.delete('/api/tables/:id', async (req, reply) => {
    const { id } = parseWith(idParams, req.params, 'params');
    await ctx.tables.entry(id, 'params.id');
    await ctx.tables.remove(id);
    return reply.code(204).send();
  });
}
