/**
 * The Redis runner: each task of a job becomes a BullMQ job on the queue, which any `catena
 * worker` process takes; its table goes to Redis once (tables reach workers on other machines),
 * and its result comes back as the BullMQ job's return value, which this runner — the one process
 * that has the workspace open — writes once into the workspace.
 *
 * A worker that dies mid-task stops renewing the task's lock; another worker's stalled-job check
 * puts the task back on the queue and runs it again (BullMQ `maxStalledCount`), and tasks whose
 * thread crashed are retried through BullMQ `attempts`. The runner polls its tasks' states, so it
 * misses nothing while it is busy writing.
 */
import { Job as BullJob, Queue } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { Result } from '@catena/engine';
import type { Workspace } from '@catena/store';
import { JobRunnerBase, isTerminal, type Job } from './book.js';
import { encodeTable, toPlain } from './transfer.js';
import {
  MAX_TRANSFER_BYTES,
  TRANSFER_TTL_S,
  cancelKeyOf,
  connectionFor,
  tableKeyOf,
  type TaskData,
  type TaskReturn,
} from './redis-conn.js';

const POLL_MS = 200;

export class RedisRunner extends JobRunnerBase {
  private timer?: NodeJS.Timeout;
  private polling = false;
  /** Attempts seen per BullMQ job, to report retries. */
  private readonly started = new Map<string, number>();

  private constructor(
    ws: Workspace,
    private readonly queue: Queue,
    private readonly client: Redis,
    private readonly name: string,
  ) {
    super(ws);
  }

  static async connect(ws: Workspace, url: string, name: string): Promise<RedisRunner> {
    const connection = connectionFor(url);
    const client = new Redis(connection as RedisOptions);
    client.on('error', () => undefined); // connection errors surface on the calls below
    try {
      await client.ping();
    } catch (e) {
      client.disconnect();
      throw new Error(`cannot reach Redis at ${url}: ${(e as Error).message}`);
    }
    const queue = new Queue(name, { connection });
    queue.on('error', () => undefined);
    return new RedisRunner(ws, queue, client, name);
  }

  private bullId = (job: Job, index: number) => `${job.id}-t${index}`;

  protected execute(job: Job): void {
    void this.enqueue(job).catch((e: Error) => this.failed(job, job.tasks.find((t) => t.status.state === 'queued')?.index ?? 0, e.message));
  }

  private async enqueue(job: Job): Promise<void> {
    const client = this.client;
    const todo = job.tasks.filter((t) => t.status.state === 'queued');
    for (const key of new Set(todo.map((t) => t.table.key))) {
      const rk = tableKeyOf(this.name, key);
      if ((await client.expire(rk, TRANSFER_TTL_S)) === 1) continue;
      const t = todo.find((x) => x.table.key === key)!.table;
      const bytes = encodeTable(toPlain(await this.ws.loadTable(t.id)));
      if (bytes.length > MAX_TRANSFER_BYTES) {
        throw new Error(
          `table ${t.id} (${t.name}) is ${bytes.length} bytes, more than Redis's 512 MiB string limit; run it with the local runner`,
        );
      }
      await client.set(rk, bytes, 'EX', TRANSFER_TTL_S);
    }
    await this.queue.addBulk(
      todo.map((t) => ({
        name: job.spec.analysis,
        data: {
          jobId: job.id,
          index: t.index,
          analysis: job.spec.analysis,
          options: t.options,
          tableKey: t.table.key,
          tableId: t.table.id,
          tableName: t.table.name,
        } satisfies TaskData,
        opts: {
          jobId: this.bullId(job, t.index),
          attempts: (job.spec.retries ?? 2) + 1,
          backoff: { type: 'fixed', delay: 200 },
        },
      })),
    );
    if (!this.timer) this.timer = setInterval(() => void this.poll(), POLL_MS);
  }

  /** Reads the state of every unfinished task and acts on what changed. */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      let active = 0;
      for (const job of this.jobs.values()) {
        if (isTerminal(job.state)) continue;
        active++;
        for (const t of job.tasks) {
          if (t.status.state !== 'queued' && t.status.state !== 'running') continue;
          if (isTerminal(job.state)) break;
          const id = this.bullId(job, t.index);
          // The state first, then the job: a job read before it completed has no return value yet.
          const state = await this.queue.getJobState(id);
          const bj = await BullJob.fromId<TaskData, TaskReturn>(this.queue, id);
          if (!bj) continue; // not added yet
          const attempts = Math.max(bj.attemptsStarted ?? 0, bj.attemptsMade ?? 0);
          const seen = this.started.get(id) ?? 0;
          if (attempts > seen) {
            if (seen > 0)
              this.emit(job, {
                type: 'task-retry',
                jobId: job.id,
                task: t.index,
                attempt: attempts,
                error: bj.failedReason || 'the worker running it stopped',
              });
            this.started.set(id, attempts);
          }
          t.status.attempts = attempts;
          if (state === 'active') {
            t.status.state = 'running';
            const p = bj.progress as { done?: number; total?: number; label?: string } | number;
            if (typeof p === 'object' && p && typeof p.done === 'number' && typeof p.total === 'number')
              this.progress(job, t.index, p.done, p.total, p.label);
          } else if (state === 'completed') {
            t.status.state = 'running';
            const ref = bj.returnvalue?.ref;
            const bytes = ref ? await this.client.getBuffer(ref) : null;
            if (!bytes) {
              await this.failed(job, t.index, `the result of ${id} is not in Redis (${ref ?? 'no reference returned'})`);
              continue;
            }
            await this.completed(job, t.index, JSON.parse(bytes.toString('utf8')) as Result);
            await this.client.del(ref!);
            await bj.remove().catch(() => undefined);
            this.started.delete(id);
          } else if (state === 'failed') {
            await this.failed(job, t.index, bj.failedReason || 'failed');
            this.started.delete(id);
          } else if (t.status.state === 'running') t.status.state = 'queued';
        }
      }
      if (active === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    } finally {
      this.polling = false;
    }
  }

  protected async stop(job: Job): Promise<void> {
    const client = this.client;
    for (const t of job.tasks) {
      const id = this.bullId(job, t.index);
      const bj = await BullJob.fromId(this.queue, id);
      if (!bj) continue;
      const state = await bj.getState();
      if (state === 'active') await client.set(cancelKeyOf(this.name, id), '1', 'EX', TRANSFER_TTL_S);
      else if (state !== 'completed') await bj.remove().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const job of this.jobs.values()) if (!isTerminal(job.state)) await this.finish(job, 'cancelled');
    await this.queue.close();
    this.client.disconnect();
  }
}
