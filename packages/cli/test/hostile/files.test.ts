/**
 * Hostile file-system conditions and data-loss attempts: permission denied (run as another user,
 * since the suite may run as root), folders where files are meant, missing folders, a full device
 * on standard output, outputs that are inputs (same path, symbolic link, hard link), existing
 * outputs, and two runs publishing the same --out at once (under a memory limit).
 */
import { chmodSync, linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, existsSync, chownSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemErrorMessage } from '../../src/errors.js';
import { publishFile } from '../../src/output-file.js';
import { withRun } from '../../src/run-context.js';
import { caseDir, check, runBin, runIn, snapshot, tally } from './harness.js';
import { wideTable } from './tables.js';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

/** A case folder holding a small valid table `t.csv`. */
function withTable(name: string): { dir: string; table: string } {
  const dir = caseDir(name);
  const table = join(dir, 't.csv');
  writeFileSync(table, wideTable());
  return { dir, table };
}

afterAll(() => {
  // the tally of this file, for the suite's record
  console.log(`hostile files: ${tally.tried} cases tried, ${tally.clear} clear`);
});

describe('file-system errors: exit 1, one line naming the path and what to do', () => {
  it.runIf(isRoot)('an input the user may not read', async () => {
    const { dir, table } = withTable('eacces-in');
    chmodSync(dir, 0o777);
    chmodSync(table, 0o600);
    const before = snapshot(dir);
    const r = await runBin(['info', table], { uid: NOBODY });
    check(dir, before, r, { code: 1, names: [table, /permission denied/, /change its permissions/] });
  });

  it.runIf(isRoot)('an output folder the user may not write (file and parquet)', async () => {
    const { dir, table } = withTable('eacces-out');
    chmodSync(dir, 0o755);
    const before = snapshot(dir);
    const out = join(dir, 'b.csv');
    const r = await runBin(['leontief', table, '--out', out], { uid: NOBODY });
    check(dir, before, r, { code: 1, names: [out, /permission denied/] });
    const pq = join(dir, 'd.parquet');
    const r2 = await runBin(['decompose', table, '--method', 'bm', '--format', 'parquet', '--out', pq], { uid: NOBODY });
    check(dir, before, r2, { code: 1, names: [pq, /permission denied/] });
  });

  it.runIf(isRoot)('download with a read-only HOME names the cache folder and --dir', async () => {
    const dir = caseDir('ro-home');
    chmodSync(dir, 0o755);
    const before = snapshot(dir);
    const r = await runBin(['download', 'exiobase3', '--year', '2011'], {
      uid: NOBODY,
      env: { HOME: dir, XDG_CACHE_HOME: '', CATENA_CACHE: '' },
    });
    // CATENA_CACHE='' must not count as a folder either
    check(dir, before, r, { code: 1, names: [dir, /permission denied/, /--dir/] });
  });

  it('--out naming a folder', async () => {
    const { dir, table } = withTable('eisdir');
    mkdirSync(join(dir, 'sub'));
    const before = snapshot(dir);
    const r = await runIn(['leontief', table, '--out', join(dir, 'sub')]);
    check(dir, before, r, { code: 1, names: [join(dir, 'sub'), /is a folder; give a file name/] });
  });

  it('--out in a folder that does not exist', async () => {
    const { dir, table } = withTable('nodir');
    const before = snapshot(dir);
    const out = join(dir, 'missing', 'b.csv');
    const r = await runIn(['leontief', table, '--out', out]);
    check(dir, before, r, { code: 1, names: [join(dir, 'missing'), /does not exist; create it first/] });
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('--out empty', async () => {
    const { dir, table } = withTable('empty-out');
    const before = snapshot(dir);
    const r = await runIn(['leontief', table, '--out', '']);
    check(dir, before, r, { code: 1, names: ['--out is empty'] });
  });

  it('convert --out onto an existing file, and into a folder whose files exist', async () => {
    const { dir, table } = withTable('convert-eexist');
    const file = join(dir, 'file');
    writeFileSync(file, 'mine');
    const before = snapshot(dir);
    const r = await runIn(['convert', table, '--to', 'stata-icio', '--out', file]);
    check(dir, before, r, { code: 1, names: [file, /is a file; convert writes into a folder/] });
    const ok = await runIn(['convert', table, '--to', 'stata-icio', '--out', join(dir, 'st')]);
    expect(ok.code, ok.err).toBe(0);
    const again = snapshot(dir);
    const r2 = await runIn(['convert', table, '--to', 'stata-icio', '--out', join(dir, 'st')]);
    check(dir, again, r2, { code: 1, names: [join(dir, 'st'), /exists; pass --force/] });
  });

  it('standard output on a full device (/dev/full): exit 1, one line', async () => {
    const { dir, table } = withTable('devfull');
    const before = snapshot(dir);
    const r = await runBin(['leontief', table], { stdoutFile: '/dev/full' });
    check(dir, before, r, { code: 1, names: [/cannot write the standard output \(ENOSPC\)/] });
  });

  it('a full device while writing a file is named with the target (ENOSPC from /dev/full)', () => {
    tally.tried++;
    let err: unknown;
    try {
      writeFileSync('/dev/full', 'x');
    } catch (e) {
      err = e;
    }
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(systemErrorMessage(err, '/dev/full')).toBe('/dev/full: no space left on the device; free some space or write somewhere else');
    tally.clear++;
  });
});

describe('nothing the user had is lost', () => {
  it('--out equal to the input is refused even with --force (same path, symlink, hard link)', async () => {
    const { dir, table } = withTable('out-is-in');
    symlinkSync(table, join(dir, 'link.csv'));
    linkSync(table, join(dir, 'hard.csv'));
    const before = snapshot(dir);
    for (const [input, out] of [
      [table, table],
      [join(dir, 'link.csv'), table],
      [join(dir, 'hard.csv'), table],
      [table, join(dir, 'hard.csv')],
      [table, `${dir}/./t.csv`],
    ]) {
      const r = await runIn(['aggregate', input, '--countries', 'AAA,BBB', '--out', out, '--force']);
      check(dir, before, r, { code: 1, names: [`--out ${out} is the input`, /would destroy the input/] });
    }
  });

  it('an existing output is never replaced without --force, and replaced with it', async () => {
    const { dir, table } = withTable('exists');
    const out = join(dir, 'b.csv');
    writeFileSync(out, 'my own file\n');
    const before = snapshot(dir);
    const r = await runIn(['leontief', table, '--out', out]);
    check(dir, before, r, { code: 1, names: [out, /exists; pass --force/] });
    const f = await runIn(['leontief', table, '--out', out, '--force']);
    check(dir, before, f, { code: 0, changes: ['b.csv'] });
    expect(readFileSync(out, 'utf8')).toMatch(/^row,AAA_agri/);
  });

  it('two runs publishing the same --out at once: one wins, the other says so; nothing half-written', async () => {
    const { dir, table } = withTable('race');
    const before = snapshot(dir);
    const out = join(dir, 'b.csv');
    const runs = await Promise.all([0, 1, 2].map(() => runBin(['leontief', table, '--out', out], { maxOldSpaceMiB: 96 })));
    const codes = runs.map((r) => r.code).sort();
    expect(codes, runs.map((r) => r.err).join('\n')).toEqual([0, 1, 1]);
    for (const r of runs.filter((x) => x.code === 1)) {
      check(dir, before, r, {
        code: 1,
        names: [out, /(exists|was created by another program while this run worked); .*--force/],
        creates: ['b.csv'],
      });
    }
    const single = await runIn(['leontief', table]);
    expect(readFileSync(out, 'utf8')).toBe(single.out);
  });

  it('with --force the last writer wins and reports the file it replaced', async () => {
    const dir = caseDir('force-report');
    const out = join(dir, 'b.csv');
    let err = '';
    await withRun(
      {
        command: 'test',
        io: { out: () => {}, err: (t) => void (err += t), isTTY: false },
        out: { path: out, before: null },
        warned: new Set(),
      },
      async () => {
        writeFileSync(out, 'written meanwhile by another run\n');
        publishFile(out, 'ours\n', true);
      },
    );
    tally.tried++;
    expect(readFileSync(out, 'utf8')).toBe('ours\n');
    expect(err).toMatch(new RegExp(`${out} was written by another program while this run worked; .*last writer wins`));
    tally.clear++;
  });

  it.runIf(isRoot)('a write that fails half-way leaves no temporary file and the old file intact', async () => {
    const { dir, table } = withTable('fail-publish');
    const out = join(dir, 'b.csv');
    writeFileSync(out, 'old\n');
    chownSync(out, NOBODY, NOBODY);
    chmodSync(dir, 0o755);
    const before = snapshot(dir);
    const r = await runBin(['leontief', table, '--out', out, '--force'], { uid: NOBODY });
    check(dir, before, r, { code: 1, names: [out, /permission denied/, /nothing was written/] });
  });
});
