/**
 * Silent wrong numbers: non-productive and (nearly) singular tables, NaN cells, and the table's
 * warnings shown on stderr and recorded in the metadata for every command that computes on it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseDir, check, runIn, snapshot } from './harness.js';
import { BASE_Y, BASE_Z, wideTable } from './tables.js';

/** AAA_manu's final demand is −40: its intermediate inputs exceed its output (column sum of A 1.83). */
const UNPRODUCTIVE_Y = BASE_Y.map((r, i) => (i === 1 ? [-40, 16] : r));

function setup(name: string, text: string) {
  const dir = caseDir(name);
  const table = join(dir, 't.csv');
  writeFileSync(table, text);
  return { dir, table, before: snapshot(dir) };
}

describe('tables whose Leontief inverse means nothing are stopped, with the country-sectors named', () => {
  for (const argv of [
    (t: string) => ['leontief', t],
    (t: string) => ['decompose', t, '--method', 'bm'],
    (t: string) => ['indicators', t],
    (t: string) => ['smile', t, '--country', 'AAA'],
  ]) {
    it(`non-productive: ${argv('T').slice(0, 2).join(' ')}`, async () => {
      const { dir, table, before } = setup('unproductive', wideTable({ Y: UNPRODUCTIVE_Y }));
      const r = await runIn(argv(table));
      check(dir, before, r, { code: 1, names: [table, /not productive/, 'AAA_manu', '--allow-unproductive'] });
      expect(r.out).toBe('');
    });
  }

  it('--allow-unproductive computes, and says so on stderr and in the metadata', async () => {
    const { dir, table, before } = setup('unproductive-allowed', wideTable({ Y: UNPRODUCTIVE_Y }));
    const r = await runIn(['leontief', table, '--format', 'json', '--allow-unproductive']);
    check(dir, before, r, {
      code: 0,
      names: [/computed anyway/, /negative value added.*AAA_manu/, /final-demand cells are negative.*AAA_manu → AAA_final -40/],
    });
    const js = JSON.parse(r.out);
    const codes = js.meta.diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['negative-value-added', 'negative-final-demand', 'numerical']));
  });

  for (const argv of [
    (t: string) => ['decompose', t, '--method', 'bm', '--format', 'json', '--allow-unproductive'],
    (t: string) => ['indicators', t, '--format', 'json', '--allow-unproductive'],
  ]) {
    it(`--allow-unproductive reaches commands made from the registry: ${argv('T').slice(0, 2).join(' ')}`, async () => {
      const { dir, table, before } = setup('unproductive-allowed-registry', wideTable({ Y: UNPRODUCTIVE_Y }));
      const r = await runIn(argv(table));
      check(dir, before, r, { code: 0, names: [/computed anyway/, /negative value added.*AAA_manu/] });
      const codes = JSON.parse(r.out).meta.diagnostics.map((d: { code: string }) => d.code);
      expect(codes).toEqual(expect.arrayContaining(['negative-value-added', 'numerical']));
    });
  }

  it('an exactly singular I − A names the country-sector, not an index', async () => {
    const Z = [
      [10, 0, 0, 0],
      [0, 10, 0, 0],
      [0, 0, 25, 8],
      [0, 0, 7, 30],
    ];
    const Y = [
      [0, 0],
      [5, 0],
      [9, 60],
      [12, 55],
    ];
    const { dir, table, before } = setup('singular', wideTable({ Z, Y }));
    const r = await runIn(['decompose', table, '--method', 'kww']);
    check(dir, before, r, { code: 1, names: [table, /singular.* at AAA_agri/] });
    expect(r.err).not.toMatch(/0-based|index \d/);
  });

  it('a nearly singular I − A computes with the condition estimate on stderr', async () => {
    // AAA_agri sells (almost) only to itself: (I − A) has a pivot of about 1e-10
    const Z = BASE_Z.map((r, i) => (i === 0 ? [1e6, 0, 0, 0] : [0, ...r.slice(1)]));
    const Y = BASE_Y.map((r, i) => (i === 0 ? [1e-4, 0] : r));
    const { dir, table, before } = setup('near-singular', wideTable({ Z, Y }));
    const out = join(dir, 'b.csv');
    const r = await runIn(['leontief', table, '--out', out]);
    check(dir, before, r, {
      code: 0,
      names: [/nearly singular: LAPACK gecon estimates the reciprocal condition number at \d\.\d\de-\d+/],
      creates: ['b.csv'],
    });
    expect(readFileSync(out, 'utf8')).toMatch(/^row,AAA_agri/);
  });
});

describe("every command that computes on a table prints the table's warnings once and records them", () => {
  // BBB_agri has negative final demand at home (but stays productive)
  const Y = BASE_Y.map((r, i) => (i === 2 ? [9, -5] : r));
  for (const [name, argv, meta] of [
    ['decompose', (t: string) => ['decompose', t, '--method', 'bm', '--format', 'json'], true],
    ['indicators', (t: string) => ['indicators', t, '--format', 'json'], true],
    ['leontief', (t: string) => ['leontief', t, '--format', 'json'], true],
    ['smile', (t: string) => ['smile', t, '--country', 'AAA', '--out', 'SMILE'], true],
    ['aggregate', (t: string) => ['aggregate', t, '--countries', 'EU27', '--out', 'AGG'], false],
  ] as const) {
    it(name, async () => {
      const { dir, table, before } = setup(`warn-${name}`, wideTable({ Y }));
      const args = argv(table).map((a) => (a === 'SMILE' ? join(dir, 's.json') : a === 'AGG' ? join(dir, 'a.csv') : a));
      const r = await runIn(args);
      check(dir, before, r, {
        code: 0,
        names: [`${table}: 1 finding about the table`, /final-demand cells are negative.*BBB_agri → BBB_final -5/],
        creates: ['s.json', 'a.csv'],
      });
      expect(r.err.match(/finding about the table/g)).toHaveLength(1);
      if (meta) {
        const text = name === 'smile' ? readFileSync(join(dir, 's.json'), 'utf8') : r.out;
        expect(JSON.parse(text).meta.diagnostics.map((d: { code: string }) => d.code)).toContain('negative-final-demand');
      }
    });
  }
});

describe('aggregate and convert never write NaN or Infinity', () => {
  // cells near the largest double: each is finite, their sums are not
  const Z = BASE_Z.map((r, i) => (i === 0 ? [1e308, 1e308, 5, 4] : r));

  it('aggregate: a sum beyond the range of doubles stops, naming the cell', async () => {
    const { dir, table } = setup('overflow-aggregate', wideTable({ Z }));
    writeFileSync(join(dir, 'map.csv'), 'from,to\nagri,all\nmanu,all\n');
    const before = snapshot(dir);
    const r = await runIn(['aggregate', table, '--sectors', join(dir, 'map.csv'), '--out', join(dir, 'a.csv')]);
    check(dir, before, r, { code: 1, names: [/the flow AAA_all → AAA_all is Infinity .*nothing was written/] });
  });

  it('convert: an output (row sum) beyond the range of doubles stops, naming the country-sector', async () => {
    const { dir, table, before } = setup('overflow-convert', wideTable({ Z }));
    const r = await runIn(['convert', table, '--to', 'stata-icio', '--out', join(dir, 'st')]);
    check(dir, before, r, { code: 1, names: [/the output of AAA_agri \(the row sum\) is Infinity/] });
  });
});
