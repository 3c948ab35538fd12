/**
 * Regressions that would print nonsense: a constant dependent variable (t = 1e16 from round-off),
 * one that does not vary within the fixed effects, perfectly collinear regressors (dropped and
 * named, as fixest does), a weak first stage (F < 10 warned with the F), and a bootstrap beyond
 * its cap. The panel is generated here with a seeded generator.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseDir, check, runIn, snapshot } from './harness.js';

function panel(): string {
  let a = 12345;
  const rand = () => {
    a = (a * 1103515245 + 12345) % 2 ** 31;
    return a / 2 ** 31;
  };
  const lines = ['id,year,y,c,fe_c,x1,x2,x3,z'];
  for (let i = 0; i < 60; i++) {
    const id = i % 6;
    const x1 = rand();
    const z = rand();
    lines.push([id, 2000 + Math.floor(i / 6), 2 * x1 + rand(), 5, 10 + id, x1, 2 * x1 - 1, rand(), z].join(','));
  }
  return lines.join('\n') + '\n';
}

function setup(name: string) {
  const dir = caseDir(name);
  const data = join(dir, 'p.csv');
  writeFileSync(data, panel());
  return { dir, data, before: snapshot(dir) };
}

describe('regress refuses or names what would give nonsense numbers', () => {
  it('a constant dependent variable is an error naming it', async () => {
    const { dir, data, before } = setup('const-y');
    const r = await runIn(['regress', '--data', data, '--formula', 'c ~ x1']);
    check(dir, before, r, { code: 1, names: ['the dependent variable c is constant (5) in the 60 rows used'] });
  });

  it('a dependent variable constant within the fixed effects is an error', async () => {
    const { dir, data, before } = setup('const-within');
    const r = await runIn(['regress', '--data', data, '--formula', 'fe_c ~ x1 | id']);
    check(dir, before, r, { code: 1, names: ['fe_c does not vary within the fixed effects (id)'] });
  });

  it('perfectly collinear regressors: the redundant one is dropped and named, the rest is finite', async () => {
    const { dir, data, before } = setup('collinear');
    const r = await runIn(['regress', '--data', data, '--formula', 'y ~ x1 + x2']);
    check(dir, before, r, { code: 0, names: ['dropped for collinearity: x2'] });
    const js = JSON.parse(r.out);
    const text = JSON.stringify(js);
    expect(text).not.toMatch(/"x2"/);
    expect(Math.abs(js.coef.x1.estimate - 2)).toBeLessThan(0.5);
    // the slope on x1 is near its true 2 (y = 2·x1 + U(0,1)); no t statistic from round-off
    const t = Math.max(...Object.values(js.coefficients ?? js.coef ?? {}).map((c) => Math.abs((c as { t?: number }).t ?? 0)));
    expect(t).toBeLessThan(1e6);
  });

  it('a weak first stage prints the F and the warning', async () => {
    const { dir, data, before } = setup('weak-iv');
    const r = await runIn(['regress', '--data', data, '--formula', 'y ~ x3 | id | x1 ~ z']);
    check(dir, before, r, { code: 0, names: [/weak instrument: the first-stage F for x1 is \d+\.\d\d < 10/] });
  });

  it('--bootstrap beyond the cap is an option error; a negative one too', async () => {
    const { dir, data, before } = setup('bootstrap-cap');
    const r = await runIn(['regress', '--data', data, '--formula', 'y ~ x1', '--mediator', 'x3', '--bootstrap', '10000000']);
    check(dir, before, r, { code: 1, names: ['--bootstrap 10000000: at most 100000 replications'] });
    const n = await runIn(['regress', '--data', data, '--formula', 'y ~ x1', '--mediator', 'x3', '--bootstrap', '-1']);
    check(dir, before, n, { code: 1, names: ['--bootstrap -1: expected a whole number ≥ 0'] });
  });
});
