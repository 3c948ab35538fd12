/** Sending a Result as JSON, CSV or Parquet (`?format=`), the same for every route. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toCsv, writeParquet, type Result } from '@catena/engine';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

export const FORMATS = ['json', 'csv', 'parquet'] as const;
export type Format = (typeof FORMATS)[number];
export const formatSchema = z.enum(FORMATS).default('json').describe('json (default), csv or parquet');

/** JSON text of results already sent once (results are immutable once computed and cached). */
const jsonText = new WeakMap<Result, string>();

export async function sendResult(reply: FastifyReply, r: Result, format: Format, name = 'result'): Promise<FastifyReply> {
  if (format === 'csv') {
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(r));
  }
  if (format === 'parquet') {
    const dir = mkdtempSync(join(tmpdir(), 'catena-server-'));
    try {
      const file = join(dir, 'result.parquet');
      await writeParquet(r, file);
      const bytes = readFileSync(file);
      return reply
        .type('application/vnd.apache.parquet')
        .header('content-disposition', `attachment; filename="${name}.parquet"`)
        .send(bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  let text = jsonText.get(r);
  if (text === undefined) jsonText.set(r, (text = JSON.stringify({ columns: r.columns, rows: r.rows, meta: r.meta })));
  return reply.type('application/json; charset=utf-8').send(text);
}
