// Builds the OpenBLAS/LAPACKE addon with the node-gyp that ships inside npm, against the Node
// headers in /usr (npm_config_nodedir), with no network. If the build fails (no compiler, no
// OpenBLAS), the TypeScript fallback is used at run time and this script only warns: the
// project still installs and runs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_execpath) candidates.push(join(dirname(process.env.npm_execpath), '..'));
  candidates.push(join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm'));
  candidates.push('/usr/lib/node_modules/npm', '/usr/local/lib/node_modules/npm');
  for (const npmDir of candidates) {
    const gyp = join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    if (existsSync(gyp)) return gyp;
  }
  try {
    return createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return null;
  }
}

const gyp = findNodeGyp();
if (!gyp) {
  console.warn('catena: node-gyp not found; the native linear algebra is not built (TypeScript fallback will be used).');
  process.exit(0);
}
const env = { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir || '/usr' };
const r = spawnSync(process.execPath, [gyp, 'rebuild', '--nodedir', env.npm_config_nodedir], {
  cwd: pkgDir,
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
});
if (r.status !== 0) {
  console.warn(r.stdout);
  console.warn(r.stderr);
  console.warn(
    'catena: the native linear algebra did not build (is libopenblas-dev and liblapacke-dev installed?); ' +
      'the TypeScript fallback will be used.',
  );
  process.exit(0);
}
console.log('catena: native linear algebra built (OpenBLAS/LAPACKE).');
