import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeIndex, indicatorSpecs, readPanelCsv } from '@catena/engine/node';
import { describe, expect, it } from 'vitest';
import { dataPath } from '../../engine/test/shared.js';
import { run } from './io.js';

const grunfeld = dataPath('econometrics', 'grunfeld.csv');
const base = ['index', '--data', grunfeld, '--id', 'firm', '--time', 'year', '--benefit', 'inv,value', '--cost', 'capital'];

describe('catena index', () => {
  it('JSON: { weights: { method: { indicator: w } }, rows: [{ id, time, method: score }] } on the Grunfeld panel', async () => {
    const { code, out, err } = await run([...base, '--method', 'entropy,topsis,critic,pca', '--format', 'json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(Object.keys(j)).toEqual(['weights', 'rows', 'meta']);
    expect(Object.keys(j.weights)).toEqual(['entropy', 'critic', 'pca']);
    for (const m of ['entropy', 'critic', 'pca']) {
      expect(Object.keys(j.weights[m])).toEqual(['inv', 'value', 'capital']);
      expect(Object.values(j.weights[m] as Record<string, number>).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
    }
    expect(j.rows).toHaveLength(200);
    expect(Object.keys(j.rows[0])).toEqual(['id', 'time', 'entropy', 'topsis', 'critic', 'pca']);
    expect(j.rows[0].id).toBe(1);
    expect(j.rows[0].time).toBe(1935);
    // The same numbers as the library on the same file.
    const lib = computeIndex(
      readPanelCsv(grunfeld, { id: 'firm', time: 'year', indicators: indicatorSpecs(['inv', 'value'], ['capital']) }),
      {
        methods: ['entropy', 'topsis', 'critic', 'pca'],
      },
    );
    expect(j.weights).toEqual(lib.weights);
    j.rows.forEach((r: Record<string, number>, i: number) => expect(r.topsis).toBe(lib.rows[i].topsis));
  });

  it('CSV: id, time, one column per method; --per-year gives weights by year in JSON', async () => {
    const csv = await run([...base, '--method', 'entropy,topsis']);
    expect(csv.code).toBe(0);
    const lines = csv.out.trim().split('\n');
    expect(lines[0]).toBe('id,time,entropy,topsis');
    expect(lines).toHaveLength(201);
    const py = JSON.parse((await run([...base, '--per-year', '--format', 'json'])).out);
    expect(py.weights).toBeUndefined();
    expect(Object.keys(py.weights_by_time)).toHaveLength(20);
    expect(Object.keys(py.weights_by_time['1935'])).toEqual(['entropy']);
  });

  it('exit 1 naming unit, year and indicator for a missing cell; --impute fills and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catena-index-cli-'));
    const f = join(dir, 'panel.csv');
    writeFileSync(f, 'country,year,gdp,tariff\nCHN,2010,5,3\nDEU,2010,6,2\nCHN,2011,,4\nDEU,2011,7,1\n');
    const args = ['index', '--data', f, '--id', 'country', '--time', 'year', '--benefit', 'gdp', '--cost', 'tariff'];
    const bad = await run(args);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/line 4: missing value of indicator 'gdp' for unit 'CHN', time 2011/);
    const ok = await run([...args, '--impute', 'mean', '--format', 'json']);
    expect(ok.code).toBe(0);
    expect(ok.err).toMatch(/imputed 1 missing cells \(mean\): CHN 2011 gdp = 7/);
    expect(JSON.parse(ok.out).meta.imputation.cells).toHaveLength(1);
  });

  it('--template with --gvc joins the long GVC rows and reports dimension sub-scores', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catena-index-tpl-'));
    const data = join(dir, 'data.csv');
    const gvc = join(dir, 'gvc.csv');
    const cols = [
      'ict_patents',
      'rd_intensity',
      'researchers',
      'ict_service_exports',
      'digital_service_exports',
      'ict_goods_exports',
      'internet_users',
      'broadband',
      'secure_servers',
      'mobile_subscriptions',
      'gdp_per_capita',
      'trade_openness',
      'tariff_rate',
    ];
    const units = ['CHN', 'DEU', 'USA', 'JPN'];
    const lines = [`iso,year,${cols.join(',')}`];
    const glines = ['year,country,sector,indicator,value'];
    units.forEach((u, k) => {
      for (const y of [2015, 2016]) {
        lines.push(`${u},${y},${cols.map((_, j) => ((k + 1) * (j + 3) + y) % 17).join(',')}`);
        glines.push(`${y},${u},,gvc_participation,${0.3 + 0.05 * k + (y - 2015) * 0.01}`);
      }
    });
    writeFileSync(data, lines.join('\n') + '\n');
    writeFileSync(gvc, glines.join('\n') + '\n');
    const { code, out, err } = await run([
      'index',
      '--data',
      data,
      '--gvc',
      gvc,
      '--id',
      'iso',
      '--time',
      'year',
      '--template',
      'digital-trade',
      '--format',
      'json',
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(Object.keys(j.weights.entropy)).toContain('gvc_participation');
    expect(Object.keys(j.dimension_weights.entropy)).toEqual([
      'digital_innovation',
      'digital_trade_capacity',
      'infrastructure_environment',
      'trade_potential',
    ]);
    expect(j.rows[0]).toHaveProperty('topsis:trade_potential');
    const noGvc = await run(['index', '--data', data, '--id', 'iso', '--time', 'year', '--template', 'digital-trade']);
    expect(noGvc.code).toBe(1);
    expect(noGvc.err).toMatch(/a column 'gvc_participation'/);
  });
});

describe('catena indicators → catena index', () => {
  it('feeds country-level GVC indicators into an index through --gvc and --gvc-rename', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catena-index-gvc-'));
    const gvc = join(dir, 'gvc.csv');
    const ind = await run([
      'indicators',
      dataPath('leather', 'leather_wide.csv'),
      '--set',
      'gvc_participation_backward',
      '--level',
      'country',
      '--year',
      '2011',
      '--out',
      gvc,
    ]);
    expect(ind.code).toBe(0);
    const user = join(dir, 'user.csv');
    writeFileSync(user, 'country,year,gdp\nArgentina,2011,1\nTurkey,2011,2\nGermany,2011,4\n');
    const args = ['index', '--data', user, '--id', 'country', '--time', 'year', '--gvc', gvc, '--format', 'json'];
    const only = await run([...args, '--benefit', 'gvc_participation', '--gvc-rename', 'gvc_participation_backward=gvc_participation']);
    expect(only.err).toBe('');
    // Backward participation on leather: Argentina 0.191 < Turkey 0.225 < Germany 0.268, so with
    // this one indicator the min–max entropy score is 0 for Argentina and 1 for Germany.
    const rows = JSON.parse(only.out).rows as { id: string; entropy: number }[];
    expect(rows.map((r) => r.id)).toEqual(['Argentina', 'Turkey', 'Germany']);
    expect(rows[0].entropy).toBe(0);
    expect(rows[2].entropy).toBe(1);
    expect(rows[1].entropy).toBeGreaterThan(0);
    const both = JSON.parse((await run([...args, '--benefit', 'gdp,gvc_participation_backward'])).out);
    expect(Object.keys(both.weights.entropy)).toEqual(['gdp', 'gvc_participation_backward']);
    const bad = await run([...args, '--benefit', 'gdp', '--gvc-rename', 'nope=x']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/cannot rename GVC indicator 'nope'/);
  });
});
