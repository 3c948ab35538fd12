import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from './backend.js';

interface Addon {
  gemm: Backend['gemm'];
  gemmAsync: NonNullable<Backend['gemmAsync']>;
  gemv: Backend['gemv'];
  getrf: Backend['getrf'];
  getrfAsync: NonNullable<Backend['getrfAsync']>;
  getrs: Backend['getrs'];
  getrsAsync: NonNullable<Backend['getrsAsync']>;
  getri: Backend['getri'];
  getriAsync: NonNullable<Backend['getriAsync']>;
  gecon: Backend['gecon'];
  setThreads(n: number): void;
  getThreads(): number;
  config(): string;
}

/** Path of the compiled addon, built by scripts/build-native.mjs at install time. */
export function addonPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', 'build', 'Release', 'catena_linalg.node');
}

/** Loads the OpenBLAS/LAPACKE addon; throws with the reason when it is not there. */
export function loadNativeBackend(): Backend {
  const path = addonPath();
  if (!existsSync(path)) throw new Error(`native addon not built (${path} is missing)`);
  const addon = createRequire(import.meta.url)(path) as Addon;
  return {
    name: 'native',
    gemm: addon.gemm,
    gemv: addon.gemv,
    getrf: addon.getrf,
    getrs: addon.getrs,
    getri: addon.getri,
    gecon: addon.gecon,
    setThreads: (n) => addon.setThreads(n),
    getThreads: () => addon.getThreads(),
    gemmAsync: addon.gemmAsync,
    getrfAsync: addon.getrfAsync,
    getrsAsync: addon.getrsAsync,
    getriAsync: addon.getriAsync,
    describe: () => addon.config(),
  };
}
