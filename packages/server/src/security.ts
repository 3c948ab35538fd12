/**
 * Who may reach the server. It binds to 127.0.0.1 unless told otherwise, and any other address
 * needs a token; with a token set, every /api request must carry it, as `Authorization: Bearer
 * <token>` or (for EventSource and download links, which cannot set headers) `?token=<token>`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

/** Refuses a non-loopback bind without a token (the message names the option to set). */
export function checkBind(host: string, token: string | undefined): void {
  if (!isLoopback(host) && !token) {
    throw new HttpError(400, `host ${host} is not a loopback address: give --token (or set CATENA_TOKEN) to serve on it`, 'token');
  }
  if (token !== undefined && token.length < 8) throw new HttpError(400, 'token: a token needs at least 8 characters', 'token');
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function requireToken(app: FastifyInstance, token: string | undefined): void {
  if (!token) return;
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return; // the dashboard's static files hold no data
    const header = req.headers.authorization;
    const given = header?.startsWith('Bearer ') ? header.slice(7) : ((req.query as Record<string, unknown>)?.token as string | undefined);
    if (typeof given !== 'string' || given.length === 0) {
      throw new HttpError(
        401,
        'authorization: this server needs a token: send "Authorization: Bearer <token>" or ?token=',
        'authorization',
      );
    }
    if (!same(given, token)) throw new HttpError(403, "authorization: the token is not the server's", 'authorization');
  });
}
