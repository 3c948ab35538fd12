/**
 * @catena/jobs — analyses over tables × years × options as jobs, with progress, cancellation and
 * retries; results written once into the workspace. Local worker threads by default, a BullMQ
 * queue on Redis (and `catena worker` processes) with CATENA_REDIS_URL.
 */
export { createRunner, type JobRunner, type RunnerOptions } from './runner.js';
export { type JobEvent, type JobStatus, type TaskStatus, type JobState, type TaskState } from './book.js';
export { jobSpecSchema, parseSpec, type JobSpec } from './spec.js';
export { findJobAnalysis, type JobAnalysis } from './analyses.js';
export { ThreadPool, ThreadCrashError, AnalysisError } from './pool.js';
export { startWorker, type WorkerOptions, type QueueWorker } from './worker.js';
