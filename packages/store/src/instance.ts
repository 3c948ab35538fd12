/**
 * One DuckDB instance per workspace file per process, shared by every Workspace opened on it
 * (the server and the job runner in one process open the same file), with one write lock: DuckDB
 * lets one process open a file for writing, and writes on it are serialised here so that each
 * runs in its own transaction on its own connection.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { WorkspaceError } from './errors.js';

export interface SharedInstance {
  path: string;
  instance: DuckDBInstance;
  refs: number;
  queue: Promise<unknown>;
}

const OPEN = new Map<string, SharedInstance>();

export async function acquire(path: string): Promise<SharedInstance> {
  const have = OPEN.get(path);
  if (have) {
    have.refs++;
    return have;
  }
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path);
  } catch (e) {
    const msg = (e as Error).message;
    if (/lock/i.test(msg)) {
      const pid = /PID (\d+)/.exec(msg)?.[1];
      throw new WorkspaceError(
        `workspace ${path} is open in another process${pid ? ` (pid ${pid})` : ''}; close it there or give another --workspace`,
      );
    }
    throw new WorkspaceError(`workspace ${path} cannot be opened: ${msg}`);
  }
  const s: SharedInstance = { path, instance, refs: 1, queue: Promise.resolve() };
  OPEN.set(path, s);
  return s;
}

export function release(s: SharedInstance): void {
  if (--s.refs > 0) return;
  OPEN.delete(s.path);
  s.instance.closeSync();
}

/** Runs `fn` on a fresh connection (reads: DuckDB's auto-commit, each statement sees committed data). */
export async function withConnection<T>(s: SharedInstance, fn: (con: DuckDBConnection) => Promise<T>): Promise<T> {
  const con = await s.instance.connect();
  try {
    return await fn(con);
  } finally {
    con.closeSync();
  }
}

/** Runs `fn` in one transaction on its own connection, after every earlier write of this file. */
export function inTransaction<T>(s: SharedInstance, fn: (con: DuckDBConnection) => Promise<T>): Promise<T> {
  const run = s.queue.then(() =>
    withConnection(s, async (con) => {
      await con.run('BEGIN TRANSACTION');
      try {
        const r = await fn(con);
        await con.run('COMMIT');
        return r;
      } catch (e) {
        await con.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
    }),
  );
  s.queue = run.catch(() => undefined);
  return run;
}
