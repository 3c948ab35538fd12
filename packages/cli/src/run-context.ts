import { AsyncLocalStorage } from 'node:async_hooks';
import type { Stats } from 'node:fs';
import type { Io } from './command.js';

/**
 * What one `catena` run knows about itself, reachable from helpers that are not handed the Io
 * (table loading, output publishing): where to write notes, and what the output path held when
 * the run started (to tell a concurrent writer from our own earlier file).
 */
export interface RunState {
  command: string;
  io: Io;
  /** The --out path as given, and its stat when the run started (null: absent). */
  out?: { path: string; before: Stats | null };
  /** Table warnings already printed, by source (each table's block once). */
  warned: Set<string>;
}

const storage = new AsyncLocalStorage<RunState>();

/** Runs `fn` with `state` as the current run. */
export function withRun<T>(state: RunState, fn: () => Promise<T>): Promise<T> {
  return storage.run(state, fn);
}

/** The current run, if any (helpers called outside `catena` runs see undefined). */
export function currentRun(): RunState | undefined {
  return storage.getStore();
}

/** Writes a note on the current run's stderr (prefixed with the command), or nowhere outside a run. */
export function note(text: string): void {
  const r = currentRun();
  if (r) r.io.err(`catena ${r.command}: ${text.endsWith('\n') ? text : `${text}\n`}`);
}
