/** Redis connection settings from a redis:// URL, and the keys Catena keeps beside the BullMQ queue. */
import type { ConnectionOptions } from 'bullmq';

/** redis://[user:password@]host:port[/db] → the connection options BullMQ passes to ioredis. */
export function connectionFor(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`Redis URL '${url}' is not a URL; expected redis://host:port`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new Error(`Redis URL '${url}': expected the redis:// or rediss:// scheme, found ${u.protocol}`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new Error(`Redis URL '${url}': database '${u.pathname.slice(1)}' is not a number`);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    // Fail fast on a wrong address instead of retrying forever.
    retryStrategy: (times: number) => (times > 3 ? null : 200 * times),
  };
}

/** The table a task runs on, as encodeTable bytes (tables reach workers on other machines through Redis). */
export const tableKeyOf = (queue: string, tableKey: string): string => `catena:${queue}:table:${tableKey}`;
/** Set by the runner to cancel a running task; the worker polls it. */
export const cancelKeyOf = (queue: string, taskId: string): string => `catena:${queue}:cancel:${taskId}`;
/** A task's result (UTF-8 JSON of the Result), written by the worker, read and deleted by the runner. */
export const resultKeyOf = (queue: string, taskId: string): string => `catena:${queue}:result:${taskId}`;
/** What a worker returns to BullMQ: where the result is, not the result (which may be 100 MB). */
export interface TaskReturn {
  ref: string;
  rows: number;
}
/** How long table copies and cancel marks stay in Redis. */
export const TRANSFER_TTL_S = 24 * 3600;
/** Redis strings hold at most 512 MiB. */
export const MAX_TRANSFER_BYTES = 512 * 1024 * 1024;

/** What a queued task carries. */
export interface TaskData {
  jobId: string;
  index: number;
  analysis: string;
  options: unknown;
  tableKey: string;
  tableId: string;
  tableName: string;
}
