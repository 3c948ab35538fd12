/**
 * createRunner: the job runner of a workspace. Local worker threads by default; with a Redis URL
 * (option or CATENA_REDIS_URL) a BullMQ queue that `catena worker` processes take jobs from.
 */
import { Workspace } from '@catena/store';
import type { JobEvent, JobStatus } from './book.js';
import { LocalRunner } from './local.js';
import type { JobSpec } from './spec.js';

export interface RunnerOptions {
  /** The workspace file (default: the default workspace). */
  workspacePath?: string;
  /** Redis URL; default $CATENA_REDIS_URL; none → local threads. */
  redisUrl?: string;
  /** Threads of the local pool (default: cores − 1, 1 … 4). */
  concurrency?: number;
  /** BullMQ queue name (default 'catena'). */
  queue?: string;
  /** Take up the jobs a stopped process left unfinished (default true). */
  resume?: boolean;
}

export interface JobRunner {
  /** 'local' or 'redis'. */
  readonly mode: 'local' | 'redis';
  submit(spec: JobSpec): Promise<string>;
  status(jobId: string): Promise<JobStatus | undefined>;
  events(jobId: string): AsyncGenerator<JobEvent>;
  cancel(jobId: string): Promise<boolean>;
  list(): Promise<JobStatus[]>;
  close(): Promise<void>;
}

class Runner implements JobRunner {
  private inner: Promise<{ runner: LocalRunner | import('./redis.js').RedisRunner; ws: Workspace }>;
  readonly mode: 'local' | 'redis';

  constructor(o: RunnerOptions) {
    const url = o.redisUrl ?? process.env.CATENA_REDIS_URL;
    this.mode = url ? 'redis' : 'local';
    this.inner = (async () => {
      const ws = await Workspace.open(o.workspacePath);
      try {
        let runner: LocalRunner | import('./redis.js').RedisRunner;
        if (url) {
          const { RedisRunner } = await import('./redis.js');
          runner = await RedisRunner.connect(ws, url, o.queue ?? 'catena');
        } else runner = new LocalRunner(ws, o.concurrency);
        if (o.resume ?? true) await runner.resume();
        return { runner, ws };
      } catch (e) {
        ws.close();
        throw e;
      }
    })();
    this.inner.catch(() => undefined);
  }

  async submit(spec: JobSpec): Promise<string> {
    return (await this.inner).runner.submit(spec);
  }
  async status(jobId: string): Promise<JobStatus | undefined> {
    return (await this.inner).runner.status(jobId);
  }
  async *events(jobId: string): AsyncGenerator<JobEvent> {
    yield* (await this.inner).runner.events(jobId);
  }
  async cancel(jobId: string): Promise<boolean> {
    return (await this.inner).runner.cancel(jobId);
  }
  async list(): Promise<JobStatus[]> {
    return (await this.inner).runner.list();
  }
  async close(): Promise<void> {
    const { runner, ws } = await this.inner;
    await runner.close();
    ws.close();
  }
}

/** The job runner of a workspace (opened on first use; `close()` closes it). */
export function createRunner(o: RunnerOptions = {}): JobRunner {
  return new Runner(o);
}
