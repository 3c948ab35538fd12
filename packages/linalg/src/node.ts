/**
 * @catena/linalg for Node: the same API as the browser-safe entry (index.ts), with the
 * OpenBLAS/LAPACKE addon as the backend when it loads. CATENA_LINALG=ts or =native forces one;
 * otherwise the addon is used when it loads, and the TypeScript fallback (with a one-line
 * notice on stderr, unless CATENA_QUIET_LINALG is set) when it does not.
 */
import { installNativeProvider, tsBackend } from './index.js';
import { loadNativeBackend } from './native-backend.js';

export * from './index.js';

installNativeProvider({
  load: loadNativeBackend,
  pick() {
    const want = (process.env.CATENA_LINALG ?? '').toLowerCase();
    if (want === 'ts') return tsBackend;
    try {
      return loadNativeBackend();
    } catch (e) {
      const reason = (e as Error).message;
      if (want === 'native') throw new Error(`CATENA_LINALG=native, but the native backend failed: ${reason}`);
      if (!process.env.CATENA_QUIET_LINALG) {
        process.stderr.write(`catena: using the TypeScript linear algebra (native addon unavailable: ${reason})\n`);
      }
      return tsBackend;
    }
  },
});
