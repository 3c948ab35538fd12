/**
 * A pool of worker threads that run analyses. Each thread keeps the Model of the last table it
 * ran on, and a task goes to an idle thread that already holds its table when there is one, so
 * a job over many option sets on one table factorises it once per thread.
 *
 * Threads get `resourceLimits.stackSizeMb` ≥ 16: threaded OpenBLAS needs a larger stack than
 * Node gives worker threads by default. A task whose thread dies (out of memory, a native
 * crash) is rejected with ThreadCrashError and the thread replaced; a cancelled running task's
 * thread is terminated and replaced (the analyses are synchronous, so there is no gentler stop).
 */
import { Worker } from 'node:worker_threads';
import type { Result } from '@catena/engine';
import type { TaskMessage, ThreadMessage } from './thread.js';
import { buffers, type PlainTable } from './transfer.js';

/** The thread script: dist/thread.js beside this module (or beside src/ when run from source in tests). */
const THREAD_URL = new URL(import.meta.url.endsWith('.ts') ? '../dist/thread.js' : './thread.js', import.meta.url);

/** A task stopped by cancel() or close() (the engine's CancelledError has the same name). */
export class CancelledError extends Error {
  override name = 'CancelledError';
}

/** A thread died while running a task: the task may be retried. */
export class ThreadCrashError extends Error {
  override name = 'ThreadCrashError';
}

/** An error thrown by the analysis itself, rebuilt on this side with its name and option. */
export class AnalysisError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly option?: string,
  ) {
    super(message);
  }
}

export interface PoolTask {
  taskId: string;
  analysis: string;
  options: unknown;
  tableKey: string;
  /** Loads the table when the chosen thread does not hold it. */
  table(): Promise<PlainTable>;
  progress?(done: number, total: number, label?: string): void;
}

/** The result of a task run with `runEncoded`: UTF-8 JSON of the Result and its row count. */
export interface EncodedResult {
  json: Uint8Array;
  rows: number;
}

interface Slot {
  worker: Worker;
  heldKey?: string;
  running?: Running;
}

interface Running {
  task: PoolTask;
  encode: boolean;
  resolve(r: Result | EncodedResult): void;
  reject(e: Error): void;
}

export class ThreadPool {
  private slots: Slot[] = [];
  private queue: Running[] = [];
  private closed = false;

  constructor(
    readonly size: number,
    private readonly stackSizeMb = 32,
  ) {
    if (!(size >= 1)) throw new RangeError(`concurrency ${size}: expected at least 1`);
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(THREAD_URL, { resourceLimits: { stackSizeMb: Math.max(16, this.stackSizeMb) } });
    const slot: Slot = { worker };
    worker.on('message', (m: ThreadMessage) => this.onMessage(slot, m));
    worker.on('error', (e) => this.onDeath(slot, `thread failed: ${e.message}`));
    worker.on('exit', (code) => this.onDeath(slot, `thread exited with code ${code}`));
    worker.unref();
    return slot;
  }

  private onMessage(slot: Slot, m: ThreadMessage): void {
    const r = slot.running;
    if (!r || r.task.taskId !== m.taskId) return;
    if (m.type === 'progress') r.task.progress?.(m.done, m.total, m.label);
    else {
      slot.running = undefined;
      slot.worker.unref();
      if (m.type === 'done') r.resolve(m.result as Result);
      else if (m.type === 'encoded') r.resolve({ json: m.json, rows: m.rows });
      else r.reject(new AnalysisError(m.error.name, m.error.message, m.error.option));
      this.dispatch();
    }
  }

  private onDeath(slot: Slot, why: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return; // already replaced
    const r = slot.running;
    slot.running = undefined;
    if (this.closed) return;
    this.slots[i] = this.spawn();
    if (r) r.reject(new ThreadCrashError(`${r.task.analysis} on table ${r.task.tableKey.slice(0, 16)}: ${why}`));
    this.dispatch();
  }

  /** Runs a task on the next free thread. */
  run(task: PoolTask): Promise<Result> {
    return this.enqueue(task, false) as Promise<Result>;
  }

  /** Runs a task and gets its Result as JSON bytes, serialised on the thread. */
  runEncoded(task: PoolTask): Promise<EncodedResult> {
    return this.enqueue(task, true) as Promise<EncodedResult>;
  }

  private enqueue(task: PoolTask, encode: boolean): Promise<Result | EncodedResult> {
    if (this.closed) return Promise.reject(new Error('the thread pool is closed'));
    return new Promise<Result | EncodedResult>((resolve, reject) => {
      this.queue.push({ task, encode, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const idle = this.slots.filter((s) => !s.running);
      if (idle.length === 0) return;
      const next = this.queue.shift()!;
      const slot = idle.find((s) => s.heldKey === next.task.tableKey) ?? idle[0];
      slot.running = next;
      void this.start(slot, next);
    }
  }

  private async start(slot: Slot, r: Running): Promise<void> {
    const t = r.task;
    const msg: TaskMessage = {
      type: 'run',
      taskId: t.taskId,
      analysis: t.analysis,
      options: t.options,
      tableKey: t.tableKey,
      encode: r.encode,
    };
    try {
      if (slot.heldKey !== t.tableKey) msg.table = await t.table();
    } catch (e) {
      if (slot.running === r) slot.running = undefined;
      r.reject(e as Error);
      this.dispatch();
      return;
    }
    if (slot.running !== r) return; // cancelled while the table was loading
    slot.heldKey = t.tableKey;
    // A running task keeps the process alive (an idle pool does not).
    slot.worker.ref();
    slot.worker.postMessage(msg, msg.table ? buffers(msg.table) : []);
  }

  /** Cancels a queued or running task (its promise rejects with CancelledError); false when unknown. */
  cancel(taskId: string): boolean {
    const q = this.queue.findIndex((r) => r.task.taskId === taskId);
    if (q >= 0) {
      const [r] = this.queue.splice(q, 1);
      r.reject(new CancelledError(`task ${taskId} cancelled`));
      return true;
    }
    const slot = this.slots.find((s) => s.running?.task.taskId === taskId);
    if (!slot) return false;
    const r = slot.running!;
    slot.running = undefined;
    const i = this.slots.indexOf(slot);
    this.slots[i] = this.spawn();
    void slot.worker.terminate();
    r.reject(new CancelledError(`task ${taskId} cancelled`));
    this.dispatch();
    return true;
  }

  /** Whether any task is queued or running. */
  get busy(): boolean {
    return this.queue.length > 0 || this.slots.some((s) => s.running);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.queue.splice(0)) r.reject(new CancelledError('the thread pool closed'));
    for (const s of this.slots) if (s.running) s.running.reject(new CancelledError('the thread pool closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }
}
