// --max-bytes, the read limit of compressed tables, through the command line (issue 10.5).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { dataPath } from '../../engine/test/shared.js';
import { run } from './io.js';

const tmp = mkdtempSync(join(tmpdir(), 'catena-maxbytes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('catena info --max-bytes', () => {
  const gz = join(tmp, 'leather_wide.csv.gz');
  writeFileSync(gz, gzipSync(readFileSync(dataPath('leather', 'leather_wide.csv'))));

  it('reads a table within the limit and stops with one clear line past it', async () => {
    const ok = await run(['info', gz, '--max-bytes', '1M']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Argentina/);
    const bad = await run(['info', gz, '--max-bytes', '100']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/leather_wide\.csv\.gz, size: found more than 100 bytes of text inflated; expected at most 100 bytes/);
    expect(bad.err).toMatch(/--max-bytes/);
    expect(bad.err).not.toMatch(/\n\s+at /);
  });

  it('refuses a value that is not a size', async () => {
    const r = await run(['info', gz, '--max-bytes', 'lots']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--max-bytes lots is not a size; give bytes or a size such as 512M or 20G/);
  });
});
