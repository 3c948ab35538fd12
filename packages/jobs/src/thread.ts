/**
 * Worker-thread entry of the job pool: receives a task (analysis id, options, the table as plain
 * data or the key of the table it already holds), builds the Model once per table (kept for the
 * next task on the same table) and posts progress and the Result back.
 */
import { parentPort } from 'node:worker_threads';
import { Model } from '@catena/engine';
import { findJobAnalysis } from './analyses.js';
import { fromPlain, type PlainTable } from './transfer.js';

export interface TaskMessage {
  type: 'run';
  taskId: string;
  analysis: string;
  options: unknown;
  tableKey: string;
  /** Absent when the thread already holds the Model of `tableKey`. */
  table?: PlainTable;
  /** Post the result as UTF-8 JSON bytes (for Redis: no row objects cross to the main thread). */
  encode?: boolean;
}

export type ThreadMessage =
  | { type: 'progress'; taskId: string; done: number; total: number; label?: string }
  | { type: 'done'; taskId: string; result: unknown }
  | { type: 'encoded'; taskId: string; json: Uint8Array; rows: number }
  | { type: 'error'; taskId: string; error: { name: string; message: string; option?: string } };

let held: { key: string; model: Model } | undefined;

parentPort!.on('message', async (m: TaskMessage) => {
  const post = (msg: ThreadMessage) => parentPort!.postMessage(msg);
  try {
    const analysis = findJobAnalysis(m.analysis);
    if (!held || held.key !== m.tableKey) {
      if (!m.table) throw new Error(`thread holds no table ${m.tableKey}`);
      held = undefined;
      post({ type: 'progress', taskId: m.taskId, done: 0, total: 1, label: 'model' });
      held = { key: m.tableKey, model: Model.build(fromPlain(m.table)) };
    }
    const result = await analysis.run(held.model, m.options, {
      progress: (done, total, label) => post({ type: 'progress', taskId: m.taskId, done, total, label }),
    });
    if (m.encode) {
      const json = new TextEncoder().encode(JSON.stringify(result));
      parentPort!.postMessage({ type: 'encoded', taskId: m.taskId, json, rows: result.rows.length } satisfies ThreadMessage, [
        json.buffer as ArrayBuffer,
      ]);
    } else post({ type: 'done', taskId: m.taskId, result });
  } catch (e) {
    const err = e as Error & { option?: string };
    post({ type: 'error', taskId: m.taskId, error: { name: err.name ?? 'Error', message: err.message ?? String(e), option: err.option } });
  }
});
