import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPath } from '../../engine/test/shared.js';
import { run } from './io.js';

const LEATHER = dataPath('leather', 'leather_wide.csv');
const REGIONAL = dataPath('wiod2013_regional7');
const tmp = () => mkdtempSync(join(tmpdir(), 'catena-ind-'));

const parseCsv = (text: string) => {
  const [head, ...lines] = text.trim().split('\n');
  const cols = head.split(',');
  return { cols, rows: lines.map((l) => Object.fromEntries(l.split(',').map((v, k) => [cols[k], v]))) };
};

describe('catena indicators', () => {
  it('writes CSV rows year, country, sector, indicator, value with the gvc::nrca reference for rca_va', async () => {
    const r = await run(['indicators', LEATHER, '--set', 'rca_va,upstreamness']);
    expect(r.code).toBe(0);
    const { cols, rows } = parseCsv(r.out);
    expect(cols).toEqual(['year', 'country', 'sector', 'indicator', 'value']);
    expect(rows).toHaveLength(18);
    const first = rows.find((x) => x.country === 'Argentina' && x.sector === 'Agriculture' && x.indicator === 'rca_va')!;
    expect(Math.abs(Number(first.value) - 1.2676927)).toBeLessThan(1e-6); // bquast/gvc test_nrca.R
  });

  it('--inventory-correction switches upstreamness to Antràs–Chor (2018); a table without an inventory category exits 1', async () => {
    // WIOD 2013 2011: the corrected measure is the engine's (checked against a dense computation in antras-chor.test.ts).
    const WIOD = dataPath('wiod2013', 'wiot2011_2013rel_int.csv.gz');
    const args = ['indicators', WIOD, '--set', 'upstreamness,final_use_share', '--level', 'country'];
    const plain = parseCsv((await run(args)).out).rows;
    const r = await run([...args, '--inventory-correction']);
    expect(r.code, r.err).toBe(0);
    const ac = parseCsv(r.out).rows;
    const get = (rows: Record<string, string>[], c: string, id: string) =>
      Number(rows.find((x) => x.country === c && x.indicator === id)!.value);
    expect(ac.filter((x) => x.indicator === 'final_use_share')).toHaveLength(41);
    expect(get(ac, 'DEU', 'upstreamness')).not.toBe(get(plain, 'DEU', 'upstreamness'));
    expect(Math.abs(get(ac, 'DEU', 'upstreamness') / get(plain, 'DEU', 'upstreamness') - 1)).toBeLessThan(0.1);
    const leather = await run(['indicators', LEATHER, '--set', 'upstreamness', '--inventory-correction']);
    expect(leather.code).toBe(1);
    expect(leather.err).toMatch(/no final-demand category is the change in inventories/);
  });

  it('--block is the flag of the blocks option; --group is its former name and gives the same rows', async () => {
    const args = ['indicators', LEATHER, '--set', 'production,rvc', '--level', 'country'];
    const block = await run([...args, '--block', 'AT=Argentina,Turkey']);
    const group = await run([...args, '--group', 'AT=Argentina,Turkey']);
    expect(block.code, block.err).toBe(0);
    expect(parseCsv(block.out).rows.filter((x) => x.indicator === 'AT:rvc_regional')).toHaveLength(3);
    expect(block.out).toBe(group.out);
    const twice = await run([...args, '--block', 'AT=Argentina', '--group', 'AT=Turkey']);
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/AT is given twice/);
  });

  it('country level leaves the sector empty; --group adds NAME: rows for members and the group', async () => {
    const r = await run(['indicators', LEATHER, '--set', 'participation,rvc', '--level', 'country', '--group', 'AT=Argentina,Turkey']);
    expect(r.code, r.err).toBe(0);
    const { rows } = parseCsv(r.out);
    expect(rows.every((x) => x.sector === '')).toBe(true);
    const groupRows = rows.filter((x) => x.indicator.startsWith('AT:'));
    expect(new Set(groupRows.map((x) => x.country))).toEqual(new Set(['Argentina', 'Turkey', 'AT']));
    expect(groupRows.some((x) => x.indicator === 'AT:rvc_regional')).toBe(true);
    // A single-country group gives the national numbers.
    const solo = parseCsv(
      (await run(['indicators', LEATHER, '--set', 'participation', '--level', 'country', '--group', 'ONE=Turkey'])).out,
    ).rows;
    const nat = solo.find((x) => x.country === 'Turkey' && x.indicator === 'gvc_participation_forward')!;
    const grp = solo.find((x) => x.country === 'ONE' && x.indicator === 'ONE:gvc_participation_forward')!;
    expect(Math.abs(Number(nat.value) - Number(grp.value))).toBeLessThan(1e-12);
  });

  it('runs a batch over a folder of yearly tables with the year column and lock-in trend rows', async () => {
    const dir = tmp();
    const out = join(dir, 'ind.json');
    const r = await run([
      'indicators',
      REGIONAL,
      '--layout',
      'wide',
      '--set',
      'lockin,plv',
      '--level',
      'country',
      '--format',
      'json',
      '--out',
      out,
    ]);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8')) as {
      rows: { year: number | null; indicator: string; value: number | null }[];
      meta: { years: number[] };
    };
    expect(j.meta.years).toEqual([1995, 2011]);
    expect(new Set(j.rows.map((x) => x.year))).toEqual(new Set([1995, 2011, null]));
    expect(j.rows.filter((x) => x.indicator === 'lockin_trend').length).toBe(7);
    // Never overwrite without --force.
    const again = await run(['indicators', REGIONAL, '--layout', 'wide', '--set', 'plv', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/exists; pass --force/);
  });

  it('writes Parquet', async () => {
    const out = join(tmp(), 'ind.parquet');
    const r = await run(['indicators', LEATHER, '--set', 'plv', '--format', 'parquet', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(out).subarray(0, 4).toString()).toBe('PAR1');
  });

  it('an unknown indicator id exits 1 naming the known ids', async () => {
    const r = await run(['indicators', LEATHER, '--set', 'plv,frobnication']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown indicator frobnication; known ids: .*gvc_participation_forward.*upstreamness/);
  });

  it('bad groups and options exit 1 with the reason', async () => {
    const bad = await run(['indicators', LEATHER, '--group', 'X=Argentina,Narnia']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/Narnia not in the table; known: Argentina, Turkey, Germany/);
    const empty = await run(['indicators', LEATHER, '--group', 'X=']);
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/no countries after '='/);
    const lvl = await run(['indicators', LEATHER, '--level', 'bilateral']);
    expect(lvl.code).toBe(1);
    expect(lvl.err).toMatch(/expected one of sector, country/);
    const pq = await run(['indicators', LEATHER, '--format', 'parquet']);
    expect(pq.code).toBe(1);
    expect(pq.err).toMatch(/parquet needs --out/);
  });
});

describe('catena smile', () => {
  it('writes an ECharts SVG with the contributing countries', async () => {
    const out = join(tmp(), 'chart.svg');
    const r = await run(['smile', LEATHER, '--country', 'Germany', '--sector', 'Transport_Equipment', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(out)).toBe(true);
    const svg = readFileSync(out, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Germany_Transport_Equipment final goods');
    for (const c of ['Argentina', 'Turkey', 'Germany']) expect(svg).toContain(c);
    // Contributors with ≥ 5% of the value added are labelled at their points.
    expect(svg).toContain('Turkey_Textile_and_Leather');
    expect(svg).not.toContain('Argentina_Transport_Equipment'); // 0.25%: unlabelled
    const data = parseCsv((await run(['smile', LEATHER, '--country', 'Germany', '--sector', 'Transport_Equipment'])).out);
    expect(data.cols).toEqual(['year', 'product', 'country', 'sector', 'stage', 'value_added', 'share', 'va_rate']);
    expect(data.rows).toHaveLength(9);
  });

  it('exports of a country by default without --sector; errors name the fix', async () => {
    const r = await run(['smile', LEATHER, '--country', 'Turkey']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Turkey exports');
    const bad = await run(['smile', LEATHER, '--country', 'Mordor']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--country Mordor is not in the table; known: Argentina/);
    const ext = join(tmp(), 'chart.png');
    writeFileSync(ext, '');
    const png = await run(['smile', LEATHER, '--country', 'Turkey', '--out', ext]);
    expect(png.code).toBe(1);
    expect(png.err).toMatch(/expected a file ending in .svg/);
  });
});
