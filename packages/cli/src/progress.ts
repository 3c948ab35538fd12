import type { Io } from './command.js';

/**
 * A progress line on stderr for work that takes longer than a second: nothing is drawn for
 * shorter work, and on a non-interactive stderr one plain line is written instead of a bar.
 */
export class Progress {
  private done = 0;
  private shown = false;
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | null;

  constructor(
    private readonly io: Io,
    private readonly label: string,
    private total = 0,
  ) {
    this.timer = setInterval(() => this.draw(), 250);
    this.timer.unref();
  }

  /** Marks n more steps done (and optionally updates the total). */
  tick(n = 1, total?: number): void {
    this.done += n;
    if (total !== undefined) this.total = total;
    this.draw();
  }

  private draw(): void {
    if (Date.now() - this.started < 1000) return;
    if (!this.io.isTTY) {
      if (!this.shown) this.io.err(`${this.label}…\n`);
      this.shown = true;
      return;
    }
    this.shown = true;
    const secs = ((Date.now() - this.started) / 1000).toFixed(1);
    const part = this.total > 0 ? ` ${this.done}/${this.total}` : '';
    this.io.err(`\r${this.label}${part} (${secs} s)\x1b[K`);
  }

  /** Stops drawing; clears the line on a terminal. */
  end(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.shown && this.io.isTTY) this.io.err('\r\x1b[K');
  }
}

/** Runs a (possibly synchronous) task with a progress line; the line appears only if the task is still running after a second. */
export async function withProgress<T>(io: Io, label: string, task: (p: Progress) => Promise<T> | T): Promise<T> {
  const p = new Progress(io, label);
  try {
    return await task(p);
  } finally {
    p.end();
  }
}
