/**
 * Hostile command lines: node's raw parseArgs texts never reach the user, negative numbers are
 * option values, repeated or conflicting options are errors (or do the obvious thing), empty
 * values, unknown environment settings and out-of-range numbers are named.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseDir, check, runBin, runIn, snapshot } from './harness.js';
import { wideTable } from './tables.js';

const RAW_PARSEARGS =
  /ambiguous|To specify an option argument|To specify a positional argument|ERR_PARSE_ARGS|Unexpected argument|TypeError/;

function setup(name: string) {
  const dir = caseDir(name);
  const table = join(dir, 't.csv');
  writeFileSync(table, wideTable());
  return { dir, table, before: snapshot(dir) };
}

describe('option errors name the option and say what is expected', () => {
  const cases: [string, (t: string) => string[], (string | RegExp)[]][] = [
    [
      'repeated option, two values',
      (t) => ['decompose', t, '--method', 'bm', '--method', 'kww'],
      ['--method is given 2 times (bm, kww); give it once'],
    ],
    ['repeated option, = form', (t) => ['decompose', t, '--method=bm', '--method=kww'], ['--method is given 2 times']],
    [
      'unknown option with a near one',
      (t) => ['decompose', t, '--meth', 'bm'],
      ['--meth is not an option of catena decompose; did you mean --method?'],
    ],
    ['unknown short option', (t) => ['leontief', t, '-x'], ['-x is not an option of catena leontief']],
    ['option without its value', (t) => ['decompose', t, '--method'], ['--method needs a value']],
    ['switch given a value', (t) => ['leontief', t, '--force=yes'], ['--force is a switch and takes no value']],
    ['empty value', (t) => ['decompose', t, '--method', ''], ['--method is empty']],
    ['empty --out', (t) => ['leontief', t, '--out', ''], ['--out is empty']],
    [
      'a negative number is a value, checked by range',
      (t) => ['smile', t, '--country', 'AAA', '--min-share', '-0.1'],
      ['--min-share -0.1 is not a number between 0 and 1'],
    ],
    ['a negative year is a value, not an option', (t) => ['info', t, '--year', '-3'], ['--year -3']],
    [
      '--countries on a labelled table',
      (t) => ['info', t, '--countries', 'X,Y'],
      ['--countries names the rows of a table without labels', 'AAA, BBB'],
    ],
    ['demo --seed xyz', () => ['demo', '--seed', 'xyz'], ['--seed xyz: expected a whole number']],
    ['demo --countries-n 1', () => ['demo', '--countries-n', '1'], ['--countries-n 1: expected a whole number of countries from 2']],
    ['demo --sectors-n 2.5', () => ['demo', '--sectors-n', '2.5'], ['--sectors-n 2.5']],
    ['unknown --format', (t) => ['leontief', t, '--format', 'xlsx'], ['--format xlsx is not known; expected one of csv, json']],
    ['unknown command', () => ['decompse'], ["unknown command 'decompse'"]],
  ];
  for (const [name, argv, names] of cases) {
    it(name, async () => {
      const { dir, table, before } = setup(name);
      const r = await runIn(argv(table));
      check(dir, before, r, { code: 1, names });
      expect(r.err).not.toMatch(RAW_PARSEARGS);
    });
  }

  it('an unknown CATENA_LINALG is an error naming the variable', async () => {
    const { dir, table, before } = setup('linalg-env');
    const r = await runBin(['info', table], { env: { CATENA_LINALG: 'fast' } });
    check(dir, before, r, { code: 1, names: ['CATENA_LINALG=fast is not known; expected ts or native'] });
  });
});

describe('obvious things are done', () => {
  it('--out x.parquet without --format writes Parquet (format from the extension)', async () => {
    const { dir, table, before } = setup('parquet-ext');
    const r = await runIn(['decompose', table, '--method', 'bm', '--out', join(dir, 'x.parquet')]);
    check(dir, before, r, { code: 0, creates: ['x.parquet'] });
    expect(readFileSync(join(dir, 'x.parquet')).subarray(0, 4).toString()).toBe('PAR1');
    const j = await runIn(['leontief', table, '--out', join(dir, 'b.json')]);
    check(dir, before, j, { code: 0, creates: ['x.parquet', 'b.json'] });
    expect(JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')).labels).toEqual(['AAA_agri', 'AAA_manu', 'BBB_agri', 'BBB_manu']);
  });

  it('the same option twice with the same value is accepted', async () => {
    const { dir, table, before } = setup('same-twice');
    const r = await runIn(['decompose', table, '--method', 'bm', '--method', 'bm']);
    check(dir, before, r, { code: 0 });
    expect(r.out).toMatch(/^year,exporter/);
  });
});

describe('positional arguments where none are taken', () => {
  it('sources extra', async () => {
    const { dir, before } = setup('positional');
    const r = await runIn(['sources', 'extra']);
    check(dir, before, r, { code: 1, names: ["catena sources takes no positional arguments; got 'extra'"] });
    expect(r.err).not.toMatch(RAW_PARSEARGS);
  });
});
