/** The local runner: tasks run on this machine's pool of worker threads. */
import { availableParallelism } from 'node:os';
import type { Workspace } from '@catena/store';
import { JobRunnerBase, isTerminal, type Job } from './book.js';
import { ThreadCrashError, ThreadPool } from './pool.js';
import { toPlain } from './transfer.js';

export class LocalRunner extends JobRunnerBase {
  private readonly pool: ThreadPool;
  private readonly running = new Set<Promise<void>>();

  constructor(ws: Workspace, concurrency = Math.max(1, Math.min(4, availableParallelism() - 1))) {
    super(ws);
    this.pool = new ThreadPool(concurrency);
  }

  protected execute(job: Job): void {
    for (const t of job.tasks) {
      if (t.status.state !== 'queued') continue;
      const p = this.runTask(job, t.index).finally(() => this.running.delete(p));
      this.running.add(p);
    }
  }

  private taskId = (job: Job, index: number) => `${job.id}:${index}`;

  private async runTask(job: Job, index: number): Promise<void> {
    const t = job.tasks[index];
    const retries = job.spec.retries ?? 2;
    for (;;) {
      if (isTerminal(job.state)) return;
      t.status.attempts++;
      t.status.state = 'running';
      try {
        const result = await this.pool.run({
          taskId: this.taskId(job, index),
          analysis: job.spec.analysis,
          options: t.options,
          tableKey: t.table.key,
          table: async () => toPlain(await this.ws.loadTable(t.table.id)),
          progress: (d, n, l) => this.progress(job, index, d, n, l),
        });
        await this.completed(job, index, result);
        return;
      } catch (e) {
        const err = e as Error;
        if (isTerminal(job.state)) return;
        if (err instanceof ThreadCrashError && t.status.attempts <= retries) {
          t.status.state = 'queued';
          this.emit(job, { type: 'task-retry', jobId: job.id, task: index, attempt: t.status.attempts + 1, error: err.message });
          continue;
        }
        await this.failed(job, index, `${err.name}: ${err.message}`);
        return;
      }
    }
  }

  protected async stop(job: Job): Promise<void> {
    for (const t of job.tasks) this.pool.cancel(this.taskId(job, t.index));
  }

  /** Cancels what is running, waits for it to settle, and closes the pool (the workspace stays open for its owner). */
  async close(): Promise<void> {
    this.closing = true;
    for (const job of this.jobs.values()) if (!isTerminal(job.state)) await this.finish(job, 'cancelled');
    await Promise.allSettled([...this.running]);
    await this.pool.close();
  }
}
