import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { close, dataPath, refPath } from '../../engine/test/shared.js';
import { run } from './io.js';
import { readFileSync } from 'node:fs';

const grunfeld = dataPath('econometrics', 'grunfeld.csv');
// Reference: shared/reference/grunfeld_reference.json (R 4.2), tolerance 1e-8 / 1e-6 as in issue 6.
const ref = JSON.parse(readFileSync(refPath('grunfeld_reference.json'), 'utf8'));

describe('catena regress', () => {
  it('JSON output has exactly the documented keys and the reference numbers', async () => {
    const r = await run(['regress', '--data', grunfeld, '--formula', 'inv ~ value + capital | firm + year', '--cluster', 'firm']);
    expect(r.code).toBe(0);
    const js = JSON.parse(r.out);
    expect(Object.keys(js)).toEqual(['n', 'coef', 'r2', 'r2_within', 'fixed_effects', 'vcov']);
    expect(Object.keys(js.coef.value)).toEqual(['estimate', 'se', 't', 'p']);
    expect(js.n).toBe(200);
    expect(js.fixed_effects).toEqual({ firm: 10, year: 20 });
    expect(js.vcov.type).toBe('cluster');
    expect(js.vcov.clusters).toEqual({ firm: 10 });
    const spec = ref.twoway_fe_cluster_firm;
    expect(close(js.coef.value.estimate, spec.coef.value, 1e-8)).toBe(true);
    expect(close(js.coef.capital.se, spec.se.capital, 1e-6)).toBe(true);
  });
  it('several models side by side as Markdown, LaTeX and HTML tables', async () => {
    const args = [
      'regress',
      '--data',
      grunfeld,
      '--formula',
      'inv ~ value + capital',
      '--formula',
      'inv ~ value + capital | firm',
      '--formula',
      'inv ~ value + capital | firm + year',
    ];
    const md = await run([...args, '--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.out).toMatch(/^\| {2}\| \(1\) \| \(2\) \| \(3\) \|/);
    expect(md.out).toContain('| value | 0.116\\*\\*\\* | 0.110\\*\\*\\* | 0.118\\*\\*\\* |');
    expect(md.out).toContain('| firm fixed effects | No | Yes | Yes |');
    expect(md.out).toContain('| year fixed effects | No | No | Yes |');
    expect(md.out).toContain('| Observations | 200 | 200 | 200 |');
    expect(md.out).toContain('| R² | 0.8124 |');
    const tex = await run([...args, '--format', 'tex']);
    expect(tex.out).toContain('\\begin{tabular}{lccc}');
    expect(tex.out).toContain('value & 0.116$^{***}$ & 0.110$^{***}$ & 0.118$^{***}$ \\\\');
    expect(tex.out).toContain('(Intercept) & -42.714$^{***}$ &  &  \\\\');
    expect(tex.out).toContain('\\bottomrule');
    const html = await run([...args, '--format', 'html']);
    expect(html.out).toContain('<td>0.116<sup>***</sup></td>');
    expect(html.out).toContain('<th>Observations</th><td>200</td><td>200</td><td>200</td>');
  });
  it('a models file with titles, and the notes on standard error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catena-regress-'));
    const models = join(dir, 'models.txt');
    writeFileSync(models, '# Grunfeld\npooled: inv ~ value + capital\nFE: log(inv) ~ log(value) + l(capital, 1) | firm\n');
    const r = await run(['regress', '--data', grunfeld, '--models', models, '--panel', 'firm,year', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\| {2}\| pooled \| FE \|/);
    expect(r.out).toContain('| l(capital, 1) |');
    expect(r.err).toContain('10 of 200 rows dropped for missing or non-finite values (l(capital, 1): 10)');
  });
  it('errors name the formula position, the column or the option', async () => {
    let r = await run(['regress', '--data', grunfeld, '--formula', 'inv ~ value + + capital']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('position 15');
    r = await run(['regress', '--data', grunfeld, '--formula', 'inv ~ valu']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/column 'valu'.*no such column.*firm, year, inv, value, capital/);
    r = await run(['regress', '--data', grunfeld, '--formula', 'inv ~ value', '--cluster', 'firm', '--vcov', 'hc1']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--vcov cluster');
    r = await run(['regress', '--data', grunfeld]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('missing --formula');
  });
  it('mediation: the three models and the indirect effect', async () => {
    const r = await run([
      'regress',
      '--data',
      grunfeld,
      '--formula',
      'inv ~ value | firm',
      '--mediator',
      'capital',
      '--bootstrap',
      '50',
      '--seed',
      '3',
    ]);
    expect(r.code).toBe(0);
    const js = JSON.parse(r.out);
    expect(js.models.length).toBe(3);
    expect(close(js.total_effect, js.direct_effect + js.indirect_effect, 1e-10)).toBe(true);
    expect(js.bootstrap.replications).toBe(50);
    const md = await run([
      'regress',
      '--data',
      grunfeld,
      '--formula',
      'inv ~ value | firm',
      '--mediator',
      'capital',
      '--bootstrap',
      '0',
      '--format',
      'md',
    ]);
    expect(md.out).toMatch(/Indirect effect of value through capital: a·b = .*Sobel z = /);
  });
});

describe('catena regress on a CSV with gaps and text', () => {
  it('drops rows with missing cells and names the line that makes a column text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catena-regress-'));
    const file = join(dir, 'panel.csv');
    writeFileSync(
      file,
      'id,year,y,x,note\nA,1,1.5,1,ok\nA,2,2.1,2,ok\nB,1,NA,3,ok\nB,2,3.9,,ok\nC,1,5.2,5,ok\nC,2,6.1,6,n/a\nD,1,2,1.5,ok\nD,2,4,3,ok\n',
    );
    const r = await run(['regress', '--data', file, '--formula', 'y ~ x | id']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).n).toBe(6);
    expect(r.err).toContain('2 of 8 rows dropped for missing or non-finite values (y: 1, x: 1)');
    const bad = await run(['regress', '--data', file, '--formula', 'y ~ note']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("'note', a text column");
    expect(bad.err).toContain("line 2: 'ok'");
  });
});
