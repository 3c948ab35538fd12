import { UserError, stringOpt, type Command } from '../command.js';

function positiveInt(values: Record<string, unknown>, name: string, fallback: number): number {
  const v = stringOpt(values as never, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--${name} ${v} is not a positive whole number`);
  return n;
}

export const workerCommand: Command = {
  name: 'worker',
  summary: 'Take analysis jobs from a Redis queue (BullMQ) and run them',
  usage: '[--redis URL] [--queue NAME] [--concurrency N] [--lock-duration MS]',
  help: `Runs until interrupted (Ctrl-C or SIGTERM), taking tasks that a job runner with
CATENA_REDIS_URL queued (the HTTP server, or any program using @catena/jobs), computing each on
a worker thread and handing the result back to the runner, which writes it into its workspace.
Start as many workers as you like, on any machine that reaches the Redis server: a worker that
dies mid-task loses nothing, its task is run again by another one once its lock expires.

Options:
  --redis URL          Redis server (default: $CATENA_REDIS_URL), e.g. redis://127.0.0.1:6379
  --queue NAME         queue name (default: catena; the runner's queue option)
  --concurrency N      tasks run at once, each on its own thread (default: 1)
  --lock-duration MS   how long a task stays locked to a silent worker before it is retried
                       elsewhere (default: 30000)`,
  options: {
    redis: { type: 'string' },
    queue: { type: 'string' },
    concurrency: { type: 'string' },
    'lock-duration': { type: 'string' },
  },
  positionals: false,
  async run(values, _positionals, io) {
    const redisUrl = stringOpt(values, 'redis') ?? process.env.CATENA_REDIS_URL;
    if (!redisUrl) throw new UserError('no Redis server: give --redis URL or set CATENA_REDIS_URL');
    const queue = stringOpt(values, 'queue') ?? 'catena';
    const concurrency = positiveInt(values, 'concurrency', 1);
    const lockDuration = positiveInt(values, 'lock-duration', 30_000);
    // Loaded here: BullMQ and ioredis are not needed by any other command.
    const { startWorker } = await import('@catena/jobs');
    let worker;
    try {
      worker = await startWorker({ redisUrl, queue, concurrency, lockDuration, log: (l) => io.out(`${l}\n`) });
    } catch (e) {
      throw new UserError((e as Error).message);
    }
    io.out(`worker ${worker.name} ready on queue ${queue} at ${redisUrl} (${concurrency} at once)\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    io.out('stopping: finishing the running tasks\n');
    await worker.close();
    return 0;
  },
};
