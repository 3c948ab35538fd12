/**
 * Jobs the server runs for large requests: an analysis over one or more tables, with progress
 * and cancellation, followed over server-sent events. Jobs run in this process one at a time
 * (the linear algebra is multi-threaded already); finished jobs are kept (the last `keep`).
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { CancelledError, type Result, type RunContext } from '@catena/engine';

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobSpec {
  analysis: string;
  tables: string[];
  options: unknown;
}

export interface JobEvent {
  type: 'state' | 'progress';
  state: JobState;
  done?: number;
  total?: number;
  label?: string;
  error?: string;
}

export interface JobStatus {
  id: string;
  spec: JobSpec;
  state: JobState;
  progress: { done: number; total: number; label?: string };
  error?: string;
  /** The HTTP status the error maps to (4xx for the user's mistakes). */
  errorStatus?: number;
  submitted: string;
  finished?: string;
}

type Work = (ctx: RunContext) => Promise<Result>;

interface Job {
  status: JobStatus;
  work: Work;
  abort: AbortController;
  result?: Result;
  events: EventEmitter;
}

export class JobRunner {
  private jobs = new Map<string, Job>();
  private queue: Job[] = [];
  private running = false;

  constructor(
    private readonly describeError: (err: unknown) => { status: number; message: string },
    private readonly keep = 100,
  ) {}

  submit(spec: JobSpec, work: Work): JobStatus {
    const id = randomUUID();
    const job: Job = {
      status: { id, spec, state: 'queued', progress: { done: 0, total: 1 }, submitted: new Date().toISOString() },
      work,
      abort: new AbortController(),
      events: new EventEmitter(),
    };
    this.jobs.set(id, job);
    this.queue.push(job);
    this.trim();
    void this.pump();
    return job.status;
  }

  status(id: string): JobStatus | undefined {
    return this.jobs.get(id)?.status;
  }

  result(id: string): Result | undefined {
    return this.jobs.get(id)?.result;
  }

  list(): JobStatus[] {
    return [...this.jobs.values()].map((j) => j.status);
  }

  /** Calls `listener` for each event until the job ends; returns the unsubscribe function. */
  subscribe(id: string, listener: (e: JobEvent) => void): () => void {
    const job = this.jobs.get(id);
    if (!job) return () => {};
    job.events.on('event', listener);
    return () => job.events.off('event', listener);
  }

  cancel(id: string): JobStatus | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    if (job.status.state === 'queued') {
      this.queue = this.queue.filter((j) => j !== job);
      this.finish(job, 'cancelled', 'cancelled before it started');
    } else if (job.status.state === 'running') job.abort.abort();
    return job.status;
  }

  /** Waits for every queued and running job to end (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.running || this.queue.length) await new Promise((r) => setTimeout(r, 5));
  }

  close(): void {
    for (const j of this.jobs.values()) if (j.status.state === 'running' || j.status.state === 'queued') this.cancel(j.status.id);
  }

  private emit(job: Job, e: JobEvent) {
    job.events.emit('event', e);
  }

  private finish(job: Job, state: JobState, error?: string, errorStatus?: number) {
    job.status.state = state;
    job.status.error = error;
    job.status.errorStatus = errorStatus;
    job.status.finished = new Date().toISOString();
    this.emit(job, { type: 'state', state, error });
    job.events.removeAllListeners();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) {
        job.status.state = 'running';
        this.emit(job, { type: 'state', state: 'running' });
        const ctx: RunContext = {
          signal: job.abort.signal,
          progress: (done, total, label) => {
            job.status.progress = { done, total, label };
            this.emit(job, { type: 'progress', state: 'running', done, total, label });
          },
        };
        try {
          job.result = await job.work(ctx);
          if (job.abort.signal.aborted) throw new CancelledError('cancelled');
          job.status.progress = { ...job.status.progress, done: job.status.progress.total };
          this.finish(job, 'done');
        } catch (err) {
          if (err instanceof CancelledError || job.abort.signal.aborted) this.finish(job, 'cancelled', 'cancelled while running');
          else {
            const d = this.describeError(err);
            this.finish(job, 'failed', d.message, d.status);
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  private trim() {
    const done = [...this.jobs.values()].filter((j) => !['queued', 'running'].includes(j.status.state));
    for (const j of done.slice(0, Math.max(0, this.jobs.size - this.keep))) this.jobs.delete(j.status.id);
  }
}
