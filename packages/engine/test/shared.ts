import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the shared data and reference folder: $CATENA_SHARED, or ../shared beside the repository. */
export const SHARED = resolve(process.env.CATENA_SHARED ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared'));

if (!existsSync(join(SHARED, 'data'))) {
  throw new Error(`shared data not found at ${SHARED}; set CATENA_SHARED to the folder that holds data/ and reference/`);
}

/** Path of a file under shared/data. */
export const dataPath = (...parts: string[]): string => join(SHARED, 'data', ...parts);
/** Path of a file under shared/reference. */
export const refPath = (...parts: string[]): string => join(SHARED, 'reference', ...parts);

/** |a − b| ≤ tol · max(1, |b|): relative above 1, absolute below. */
export function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}
