/**
 * A queue worker (`catena worker`): takes tasks from the BullMQ queue, runs each on its own pool
 * of worker threads (so the event loop stays free to renew the task's lock while the analysis
 * runs) and returns the Result to the runner that queued it. Errors in the user's input (bad
 * options, a table the analysis cannot use) fail the task at once; a crashed thread is retried.
 */
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { AnalysisError, CancelledError, ThreadPool } from './pool.js';
import { decodeTable } from './transfer.js';
import { TRANSFER_TTL_S, cancelKeyOf, connectionFor, resultKeyOf, tableKeyOf, type TaskData, type TaskReturn } from './redis-conn.js';

export interface WorkerOptions {
  redisUrl: string;
  queue?: string;
  /** Tasks run at once (threads), default 1. */
  concurrency?: number;
  /** How long a task's lock lasts without renewal: after it, a dead worker's task is retried elsewhere (ms, default 30000). */
  lockDuration?: number;
  /** Lines for the log (started, done, failed). */
  log?(line: string): void;
}

export interface QueueWorker {
  /** The name this worker gives BullMQ (host:pid). */
  name: string;
  close(): Promise<void>;
}

export async function startWorker(o: WorkerOptions): Promise<QueueWorker> {
  const queue = o.queue ?? 'catena';
  const concurrency = o.concurrency ?? 1;
  const lockDuration = o.lockDuration ?? 30_000;
  const log = o.log ?? (() => undefined);
  const name = `${hostname()}:${process.pid}`;
  const pool = new ThreadPool(concurrency);
  const tables = new Map<string, Buffer>();
  const client = new Redis(connectionFor(o.redisUrl) as RedisOptions);
  client.on('error', () => undefined);

  const processor = async (job: Job<TaskData, TaskReturn>): Promise<TaskReturn> => {
    const d = job.data;
    log(`started ${job.id}: ${d.analysis} on ${d.tableName} (${d.tableId}), attempt ${job.attemptsStarted}`);
    let bytes = tables.get(d.tableKey);
    if (!bytes) {
      const got = await client.getBuffer(tableKeyOf(queue, d.tableKey));
      if (!got) throw new UnrecoverableError(`table ${d.tableId} is no longer in Redis (copies expire after a day); submit the job again`);
      bytes = got;
      tables.set(d.tableKey, bytes);
      while (tables.size > 2) tables.delete(tables.keys().next().value!);
    }
    let last = 0;
    const cancelKey = cancelKeyOf(queue, job.id!);
    const watch = setInterval(() => {
      void client.exists(cancelKey).then((n: number) => {
        if (n) pool.cancel(job.id!);
      });
    }, 250);
    try {
      const buf = bytes;
      const out = await pool.runEncoded({
        taskId: job.id!,
        analysis: d.analysis,
        options: d.options,
        tableKey: d.tableKey,
        table: async () => decodeTable(buf),
        progress: (done, total, label) => {
          const now = Date.now();
          if (now - last < 100 && done < total) return;
          last = now;
          void job.updateProgress({ done, total, label }).catch(() => undefined);
        },
      });
      const ref = resultKeyOf(queue, job.id!);
      await client.set(ref, Buffer.from(out.json.buffer, out.json.byteOffset, out.json.byteLength), 'EX', TRANSFER_TTL_S);
      return { ref, rows: out.rows };
    } catch (e) {
      if (e instanceof CancelledError) throw new UnrecoverableError('cancelled');
      if (e instanceof AnalysisError) throw new UnrecoverableError(`${e.name}: ${e.message}`);
      throw e;
    } finally {
      clearInterval(watch);
    }
  };

  const worker = new Worker<TaskData, TaskReturn>(queue, processor, {
    connection: connectionFor(o.redisUrl),
    concurrency,
    lockDuration,
    stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
    // Two recoveries: a task stalled a third time (it keeps killing its workers) fails.
    maxStalledCount: 2,
    name,
    autorun: false,
  });
  worker.on('completed', (job, r) => log(`done ${job.id}: ${r.rows} rows`));
  worker.on('failed', (job, e) => log(`failed ${job?.id ?? '?'} (attempt ${job?.attemptsMade ?? '?'}): ${e.message}`));
  worker.on('error', (e) => log(`error: ${e.message}`));
  try {
    await client.ping();
  } catch (e) {
    await worker.close(true).catch(() => undefined);
    client.disconnect();
    await pool.close();
    throw new Error(`cannot reach Redis at ${o.redisUrl}: ${(e as Error).message}`);
  }
  void worker.run();
  await worker.waitUntilReady();
  return {
    name,
    async close() {
      await worker.close();
      await pool.close();
      client.disconnect();
    },
  };
}
