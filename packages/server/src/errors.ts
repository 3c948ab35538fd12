/**
 * Errors the API answers with: a status, a message a user can act on, and the request field it
 * is about. Errors from the engine that name an option or a file are turned into 4xx here; any
 * other error is a 500 whose details stay in the server log, never in the answer.
 */
import { CancelledError, OptionError, TableError, TableFormatError } from '@catena/engine';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    /** The request field at fault, as a dotted path (`body.options.method`, `query.country`). */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Parses `value` with a zod schema; the first issue becomes a 400 naming the field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = [where, ...issue.path.map(String)].join('.');
  throw new HttpError(400, `${field}: ${issue.message}`, field);
}

export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

/** The answer for an error thrown anywhere in a route. */
export function errorAnswer(err: unknown, optionsField = 'body.options'): { status: number; body: ErrorBody } {
  if (err instanceof HttpError) {
    return { status: err.status, body: { error: statusName(err.status), message: err.message, field: err.field } };
  }
  if (err instanceof OptionError) {
    const field = err.option ? `${optionsField}.${err.option}` : optionsField;
    return { status: 400, body: { error: 'Bad Request', message: err.message, field } };
  }
  if (err instanceof TableFormatError || err instanceof TableError) {
    return { status: 422, body: { error: 'Unprocessable Entity', message: err.message } };
  }
  if ((err as Error)?.name === 'WorkspaceError')
    return { status: 422, body: { error: 'Unprocessable Entity', message: (err as Error).message } };
  if (err instanceof CancelledError) return { status: 409, body: { error: 'Conflict', message: err.message } };
  const fe = err as Partial<FastifyError>;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own: body too large, bad JSON, unsupported content type.
    const field = fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code?.startsWith('FST_ERR_CTP') ? 'body' : undefined;
    return { status: fe.statusCode, body: { error: statusName(fe.statusCode), message: `body: ${fe.message}`, field } };
  }
  return {
    status: 500,
    body: { error: 'Internal Server Error', message: 'Catena failed on this request; the server log has the details' },
  };
}

export function sendError(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const { status, body } = errorAnswer(err, req.url.includes('/views/') ? 'query' : 'body.options');
  if (status >= 500) req.log.error({ err }, 'request failed');
  return reply.code(status).type('application/json').send(body);
}

function statusName(s: number): string {
  return (
    {
      400: 'Bad Request',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found',
      409: 'Conflict',
      413: 'Payload Too Large',
      415: 'Unsupported Media Type',
      422: 'Unprocessable Entity',
      501: 'Not Implemented',
    }[s] ?? 'Error'
  );
}
