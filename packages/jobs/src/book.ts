/**
 * The runner's book of jobs: their tasks' states, the event history each subscriber replays, and
 * the job record in the workspace. The local and the Redis runner share it and differ only in
 * how a task is carried out (`JobRunnerBase.execute`).
 */
import { randomUUID } from 'node:crypto';
import { Workspace, type JobRecord } from '@catena/store';
import type { Result } from '@catena/engine';
import { expand, parseSpec, type JobSpec, type Task } from './spec.js';

export type JobState = JobRecord['state'];
export type TaskState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface TaskStatus {
  index: number;
  tableId: string;
  year: number | null;
  options: unknown;
  state: TaskState;
  /** Whether the result was already in the workspace (nothing computed). */
  cached: boolean;
  /** Runs started (1 on the first try; more after a thread or worker died). */
  attempts: number;
  resultKey: string;
  progress: { done: number; total: number; label?: string } | null;
  error: string | null;
}

export interface JobStatus {
  id: string;
  state: JobState;
  analysis: string;
  spec: JobSpec;
  /** Tasks finished (done, failed or cancelled) and in all. */
  finished: number;
  total: number;
  /** Fraction of the job done, 0 … 1 (running tasks count by their own progress). */
  fraction: number;
  tasks: TaskStatus[];
  /** Cache keys of the results written, in task order (filled as tasks finish). */
  resultKeys: string[];
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export type JobEvent =
  | { type: 'progress'; jobId: string; task: number; done: number; total: number; label?: string; fraction: number }
  | { type: 'task-done'; jobId: string; task: number; resultKey: string; cached: boolean; fraction: number }
  | { type: 'task-retry'; jobId: string; task: number; attempt: number; error: string }
  | { type: 'done'; jobId: string; resultKeys: string[] }
  | { type: 'failed'; jobId: string; error: string }
  | { type: 'cancelled'; jobId: string };

export interface Job {
  id: string;
  spec: JobSpec;
  tasks: (Task & { status: TaskStatus })[];
  state: JobState;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  history: JobEvent[];
  listeners: Set<(e: JobEvent) => void>;
}

const TERMINAL = new Set<JobState>(['done', 'failed', 'cancelled']);

/** Jobs that a runner of this process is carrying out (a record in another state was left by a process that stopped). */
const ACTIVE = new Set<string>();
export const isTerminal = (s: JobState): boolean => TERMINAL.has(s);

export function fractionOf(job: Job): number {
  if (job.tasks.length === 0) return 1;
  let f = 0;
  for (const t of job.tasks) {
    const s = t.status;
    if (s.state === 'done' || s.state === 'failed' || s.state === 'cancelled') f += 1;
    else if (s.progress && s.progress.total > 0) f += Math.min(1, s.progress.done / s.progress.total);
  }
  return f / job.tasks.length;
}

export function statusOf(job: Job): JobStatus {
  return {
    id: job.id,
    state: job.state,
    analysis: job.spec.analysis,
    spec: job.spec,
    finished: job.tasks.filter((t) => t.status.state !== 'queued' && t.status.state !== 'running').length,
    total: job.tasks.length,
    fraction: fractionOf(job),
    tasks: job.tasks.map((t) => ({ ...t.status })),
    resultKeys: job.tasks.filter((t) => t.status.state === 'done').map((t) => t.resultKey),
    error: job.error,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
}

/** What both runners do the same way: specs, states, events, records, writing results once. */
export abstract class JobRunnerBase {
  protected readonly jobs = new Map<string, Job>();
  protected closing = false;

  constructor(protected readonly ws: Workspace) {}

  /** Starts the tasks that are not done (cached ones are done at submission). */
  protected abstract execute(job: Job): void;
  /** Stops the tasks of a job that are queued or running. */
  protected abstract stop(job: Job): Promise<void>;

  /** Submits a job; resolves with its id once its tasks are listed (bad specs reject with OptionError). */
  async submit(spec: unknown): Promise<string> {
    if (this.closing) throw new Error('the job runner is closed');
    const s = parseSpec(spec);
    const now = new Date().toISOString();
    const job = await this.start(`job-${randomUUID()}`, s, await expand(this.ws, s), now);
    return job.id;
  }

  /**
   * Takes up the jobs whose records say queued or running but that no runner of this process
   * carries out — their process stopped (killed, crashed, closed mid-job). Their tasks are listed
   * again; those whose results were written are done from the cache, the others run again (the
   * Redis runner finds tasks that workers finished meanwhile). A job whose tables are gone fails.
   */
  async resume(): Promise<string[]> {
    const taken: string[] = [];
    for (const rec of await this.ws.listJobs()) {
      if (isTerminal(rec.state) || ACTIVE.has(rec.id) || this.jobs.has(rec.id)) continue;
      try {
        const s = parseSpec(rec.spec);
        await this.start(rec.id, s, await expand(this.ws, s), rec.createdAt);
        taken.push(rec.id);
      } catch (e) {
        await this.ws.putJob({
          ...rec,
          state: 'failed',
          error: `interrupted, and cannot be resumed: ${(e as Error).message}`,
          updatedAt: new Date().toISOString(),
        });
      }
    }
    return taken;
  }

  private async start(id: string, s: JobSpec, tasks: Task[], createdAt: string): Promise<Job> {
    const job: Job = {
      id,
      spec: s,
      tasks: [],
      state: 'running',
      error: null,
      createdAt,
      updatedAt: new Date().toISOString(),
      history: [],
      listeners: new Set(),
    };
    for (const t of tasks) {
      const cached = (await this.ws.resultInfo(t.resultKey)) !== undefined;
      job.tasks.push({
        ...t,
        status: {
          index: t.index,
          tableId: t.table.id,
          year: t.table.year,
          options: t.options,
          state: cached ? 'done' : 'queued',
          cached,
          attempts: 0,
          resultKey: t.resultKey,
          progress: null,
          error: null,
        },
      });
    }
    this.jobs.set(job.id, job);
    ACTIVE.add(job.id);
    await this.record(job);
    for (const t of job.tasks) {
      if (t.status.cached)
        this.emit(job, {
          type: 'task-done',
          jobId: job.id,
          task: t.index,
          resultKey: t.resultKey,
          cached: true,
          fraction: fractionOf(job),
        });
    }
    if (job.tasks.every((t) => t.status.state === 'done')) await this.finish(job, 'done');
    else this.execute(job);
    return job;
  }

  protected emit(job: Job, e: JobEvent): void {
    job.updatedAt = new Date().toISOString();
    job.history.push(e);
    for (const l of job.listeners) l(e);
  }

  protected record(job: Job): Promise<void> {
    return this.ws.putJob({
      id: job.id,
      spec: job.spec,
      state: job.state,
      resultKeys: statusOf(job).resultKeys,
      error: job.error,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    });
  }

  protected progress(job: Job, index: number, done: number, total: number, label?: string): void {
    const t = job.tasks[index];
    if (isTerminal(job.state) || t.status.state !== 'running') return;
    t.status.progress = { done, total, label };
    this.emit(job, { type: 'progress', jobId: job.id, task: index, done, total, label, fraction: fractionOf(job) });
  }

  /** Writes a task's result (once: a result already stored under its key is kept) and finishes the job when it was the last. */
  protected async completed(job: Job, index: number, result: Result): Promise<void> {
    const t = job.tasks[index];
    if (t.status.state === 'done' || isTerminal(job.state)) return;
    await this.ws.putResult({ tableKey: t.table.key, analysis: job.spec.analysis, options: t.options }, result, { jobId: job.id });
    t.status.state = 'done';
    t.status.progress = null;
    this.emit(job, { type: 'task-done', jobId: job.id, task: index, resultKey: t.resultKey, cached: false, fraction: fractionOf(job) });
    if (job.tasks.every((x) => x.status.state === 'done')) await this.finish(job, 'done');
  }

  /** A task failed for good: the job fails and its other tasks stop (results written so far stay cached). */
  protected async failed(job: Job, index: number, error: string): Promise<void> {
    if (isTerminal(job.state)) return;
    const t = job.tasks[index];
    t.status.state = 'failed';
    t.status.error = error;
    job.error = `task ${index} (table ${t.table.id}${t.table.year !== null ? `, ${t.table.year}` : ''}): ${error}`;
    await this.finish(job, 'failed');
  }

  protected async finish(job: Job, state: 'done' | 'failed' | 'cancelled'): Promise<void> {
    if (isTerminal(job.state)) return;
    job.state = state;
    if (state !== 'done') {
      for (const t of job.tasks) if (t.status.state === 'queued' || t.status.state === 'running') t.status.state = 'cancelled';
      await this.stop(job);
    }
    await this.record(job);
    this.emit(
      job,
      state === 'done'
        ? { type: 'done', jobId: job.id, resultKeys: statusOf(job).resultKeys }
        : state === 'failed'
          ? { type: 'failed', jobId: job.id, error: job.error! }
          : { type: 'cancelled', jobId: job.id },
    );
  }

  /** The status of a job of this runner, or of an earlier one from its record in the workspace. */
  async status(jobId: string): Promise<JobStatus | undefined> {
    const job = this.jobs.get(jobId);
    if (job) return statusOf(job);
    const rec = await this.ws.getJob(jobId);
    if (!rec) return undefined;
    return {
      id: rec.id,
      state: rec.state,
      analysis: (rec.spec as JobSpec).analysis,
      spec: rec.spec as JobSpec,
      finished: isTerminal(rec.state) ? rec.resultKeys.length : 0,
      total: rec.resultKeys.length,
      fraction: rec.state === 'done' ? 1 : 0,
      tasks: [],
      resultKeys: rec.resultKeys,
      error: rec.error,
      createdAt: rec.createdAt,
      updatedAt: rec.updatedAt,
    };
  }

  /**
   * The events of a job: every event so far, then new ones as they happen, ending after `done`,
   * `failed` or `cancelled`. For a job of an earlier process, only its final event.
   */
  async *events(jobId: string): AsyncGenerator<JobEvent> {
    const job = this.jobs.get(jobId);
    if (!job) {
      const s = await this.status(jobId);
      if (!s) throw new Error(`no job '${jobId}'`);
      if (s.state === 'done') yield { type: 'done', jobId, resultKeys: s.resultKeys };
      else if (s.state === 'failed') yield { type: 'failed', jobId, error: s.error ?? 'failed' };
      else yield { type: 'cancelled', jobId };
      return;
    }
    const pending: JobEvent[] = [...job.history];
    let wake: (() => void) | undefined;
    const listener = (e: JobEvent) => {
      pending.push(e);
      wake?.();
    };
    job.listeners.add(listener);
    try {
      for (;;) {
        while (pending.length > 0) {
          const e = pending.shift()!;
          yield e;
          if (e.type === 'done' || e.type === 'failed' || e.type === 'cancelled') return;
        }
        await new Promise<void>((res) => (wake = res));
        wake = undefined;
      }
    } finally {
      job.listeners.delete(listener);
    }
  }

  /** Cancels a running job; false when it is unknown or already finished. */
  async cancel(jobId: string): Promise<boolean> {
    const job = this.jobs.get(jobId);
    if (!job || isTerminal(job.state)) return false;
    await this.finish(job, 'cancelled');
    return true;
  }

  /** Jobs of this workspace, newest first (records, so earlier processes' jobs are listed too). */
  async list(): Promise<JobStatus[]> {
    const recs = await this.ws.listJobs();
    return Promise.all(recs.map(async (r) => (await this.status(r.id))!));
  }
}
