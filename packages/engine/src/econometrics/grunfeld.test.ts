import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { close, dataPath, refPath } from '../../test/shared.js';
import { readPanel } from './read.js';
import { regress } from './regress.js';

// Reference: shared/reference/grunfeld_reference.json (R 4.2 lm and a hand-written sandwich).
// Tolerances from issue 6: 1e-8 for coefficients, 1e-6 for standard errors (relative above 1).
const ref = JSON.parse(readFileSync(refPath('grunfeld_reference.json'), 'utf8'));
const data = readPanel(dataPath('econometrics', 'grunfeld.csv'));

function check(res: ReturnType<typeof regress>, spec: { coef: Record<string, number>; se: Record<string, number> }) {
  for (const [name, b] of Object.entries(spec.coef)) {
    expect(res.coef[name], name).toBeDefined();
    expect(close(res.coef[name].estimate, b, 1e-8), `${name}: ${res.coef[name].estimate} vs ${b}`).toBe(true);
    expect(close(res.coef[name].se, spec.se[name], 1e-6), `se ${name}: ${res.coef[name].se} vs ${spec.se[name]}`).toBe(true);
  }
  expect(Object.keys(res.coef).sort()).toEqual(Object.keys(spec.coef).sort());
}

describe('Grunfeld panel against R', () => {
  it('pooled OLS, iid', () => {
    const r = regress(data, 'inv ~ value + capital');
    check(r, ref.pooled_ols_iid);
    expect(r.n).toBe(200);
    expect(close(r.r2, ref.pooled_ols_iid.r2, 1e-10)).toBe(true);
    expect(r.r2Within).toBeNull();
  });
  it('one-way firm fixed effects, iid (df = n − k − firms)', () => {
    const r = regress(data, 'inv ~ value + capital | firm');
    check(r, ref.oneway_fe_firm_iid);
    expect(r.vcov.K).toBe(12);
    expect(r.vcov.df).toBe(188);
    expect(r.fixedEffects).toEqual([{ name: 'firm', levels: 10 }]);
  });
  it('one-way firm fixed effects, clustered by firm (firm FE nested: K = 2)', () => {
    const r = regress(data, 'inv ~ value + capital | firm', { cluster: ['firm'] });
    check(r, ref.oneway_fe_firm_cluster_firm);
    expect(r.vcov.K).toBe(2);
    expect(r.vcov.df).toBe(9);
  });
  it('two-way fixed effects, clustered by firm (K = 2 + 19)', () => {
    const r = regress(data, 'inv ~ value + capital | firm + year', { cluster: ['firm'] });
    check(r, ref.twoway_fe_cluster_firm);
    expect(r.vcov.K).toBe(21);
  });
});
