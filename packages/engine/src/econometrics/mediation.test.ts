import { describe, expect, it } from 'vitest';
import { close } from '../../test/shared.js';
import { dataFrame } from './data.js';
import { normalPValue } from './dist.js';
import { mediation, mulberry32, sobelTest } from './mediation.js';

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** X → M → Y with a = 0.6, b = 0.5, direct effect 0.3, a control w and 20 groups. */
function data(seed: number, n = 400) {
  const r = mulberry32(seed);
  const g = Array.from({ length: n }, (_, i) => i % 20);
  const w = g.map(() => normal(r));
  const x = g.map((gi, i) => normal(r) + 0.2 * gi + 0.3 * w[i]);
  const m = x.map((xi, i) => 0.6 * xi + 0.4 * w[i] + normal(r));
  const y = x.map((xi, i) => 0.3 * xi + 0.5 * m[i] - 0.2 * w[i] + 0.1 * g[i] + normal(r));
  return dataFrame({ y, x, m, w, g });
}

describe('mediation: stepwise regressions, Sobel, bootstrap', () => {
  it('Sobel z is a·b / √(b² se_a² + a² se_b²) from the stepwise models', () => {
    const res = mediation(data(1), 'y ~ x + w', { mediator: 'm', bootstrap: 0 });
    const a = res.mediatorModel.coef.x;
    const b = res.direct.coef.m;
    const z = (a.estimate * b.estimate) / Math.sqrt(b.estimate ** 2 * a.se ** 2 + a.estimate ** 2 * b.se ** 2);
    expect(close(res.sobel.z, z, 1e-12)).toBe(true);
    expect(close(res.sobel.p, normalPValue(z), 1e-12)).toBe(true);
    expect(res.a).toBe(a.estimate);
    expect(res.b).toBe(b.estimate);
    // OLS on one sample: total = direct + indirect exactly
    expect(close(res.c, res.cPrime + res.indirect, 1e-10)).toBe(true);
    expect(res.total.names).toEqual(['(Intercept)', 'x', 'w']);
    expect(res.direct.names).toContain('m');
    expect(res.bootstrap).toBeUndefined();
  });
  it('sobelTest by its formula on round numbers', () => {
    const s = sobelTest(0.5, 0.1, 0.4, 0.2);
    expect(s.se).toBeCloseTo(Math.sqrt(0.16 * 0.01 + 0.25 * 0.04), 15);
    expect(s.z).toBeCloseTo(0.2 / Math.sqrt(0.0116), 14);
  });
  it('with fixed effects and clusters: the identity holds and the cluster bootstrap is seeded', () => {
    const df = data(2);
    const o = { mediator: 'm', cluster: ['g'], bootstrap: 200, seed: 7 };
    const r1 = mediation(df, 'y ~ x + w | g', o);
    const r2 = mediation(df, 'y ~ x + w | g', o);
    const r3 = mediation(df, 'y ~ x + w | g', { ...o, seed: 8 });
    expect(close(r1.c, r1.cPrime + r1.indirect, 1e-10)).toBe(true);
    expect(r1.bootstrap!.unit).toBe('cluster');
    expect(r1.bootstrap!.replications).toBe(200);
    expect(r1.bootstrap!.lower).toBe(r2.bootstrap!.lower);
    expect(r1.bootstrap!.upper).toBe(r2.bootstrap!.upper);
    expect(r3.bootstrap!.lower).not.toBe(r1.bootstrap!.lower);
    // true indirect effect 0.3; the interval contains the estimate and excludes 0
    expect(r1.bootstrap!.lower).toBeLessThan(r1.indirect);
    expect(r1.bootstrap!.upper).toBeGreaterThan(r1.indirect);
    expect(r1.bootstrap!.lower).toBeGreaterThan(0);
  });
  it('observation bootstrap: its standard error is close to Sobel’s on normal data', () => {
    const res = mediation(data(3, 600), 'y ~ x + w', { mediator: 'm', bootstrap: 400, seed: 3 });
    expect(res.bootstrap!.unit).toBe('observation');
    expect(res.bootstrap!.se / res.sobel.se).toBeGreaterThan(0.75);
    expect(res.bootstrap!.se / res.sobel.se).toBeLessThan(1.33);
  });
  it('names the problem when the treatment or mediator does not fit the formula', () => {
    expect(() => mediation(data(1), 'y ~ x + w', { mediator: 'm', treatment: 'z', bootstrap: 0 })).toThrow(
      /treatment 'z' is not a regressor/,
    );
    expect(() => mediation(data(1), 'y ~ x + m', { mediator: 'm', bootstrap: 0 })).toThrow(/already a regressor/);
  });
});
