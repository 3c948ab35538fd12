import { describe, expect, it } from 'vitest';
import { close } from '../../test/shared.js';
import { dataFrame } from './data.js';
import { mulberry32 } from './mediation.js';
import { regress } from './regress.js';

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
const mean = (a: number[]) => sum(a) / a.length;
/** Σ (a − ā)(b − b̄) */
const cross = (a: number[], b: number[]) => {
  const ma = mean(a);
  const mb = mean(b);
  return sum(a.map((v, i) => (v - ma) * (b[i] - mb)));
};

/** x endogenous (shares v with the error), z a valid instrument; true β = 2. */
function design(seed: number, n: number) {
  const r = mulberry32(seed);
  const z: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  const g: number[] = [];
  for (let i = 0; i < n; i++) {
    const zi = normal(r);
    const v = normal(r);
    const gi = i % 25;
    const xi = 0.8 * zi + v + 0.1 * gi;
    z.push(zi);
    x.push(xi);
    g.push(gi);
    y.push(1 + 2 * xi + v + normal(r) + 0.3 * gi);
  }
  return { z, x, y, g };
}

describe('2SLS on a simulated design with a closed-form answer', () => {
  it('just identified: β = cov(z, y) / cov(z, x); iid se and first-stage F in closed form', () => {
    const { z, x, y } = design(11, 2000);
    const r = regress(dataFrame({ y, x, z }), 'y ~ 1 | x ~ z');
    const beta = cross(z, y) / cross(z, x);
    const alpha = mean(y) - beta * mean(x);
    expect(r.names).toEqual(['(Intercept)', 'x']);
    expect(close(r.coef.x.estimate, beta, 1e-10)).toBe(true);
    expect(close(r.coef['(Intercept)'].estimate, alpha, 1e-10)).toBe(true);
    // Var(β) = σ̂² Szz / Szx², σ̂² = Σ e² / (n − 2) with e = y − α − βx (the actual x)
    const n = y.length;
    const s2 = sum(y.map((v, i) => (v - alpha - beta * x[i]) ** 2)) / (n - 2);
    expect(close(r.coef.x.se, Math.sqrt((s2 * cross(z, z)) / cross(z, x) ** 2), 1e-10)).toBe(true);
    // first stage x on (1, z): F = (n − 2) r² / (1 − r²), r = corr(z, x)
    const r2 = cross(z, x) ** 2 / (cross(z, z) * cross(x, x));
    expect(close(r.firstStage![0].F, ((n - 2) * r2) / (1 - r2), 1e-9)).toBe(true);
    expect(r.firstStage![0].df1).toBe(1);
    // OLS is biased upward here (cov(x, error) > 0), IV is near the truth
    const ols = regress(dataFrame({ y, x }), 'y ~ x');
    expect(ols.coef.x.estimate).toBeGreaterThan(2.3);
    expect(Math.abs(r.coef.x.estimate - 2)).toBeLessThan(0.15);
  });
  it('with a fixed effect: β = Σ z̃ỹ / Σ z̃x̃ on within-demeaned data', () => {
    const { z, x, y, g } = design(12, 1500);
    const demean = (a: number[]) => {
      const s = new Map<number, [number, number]>();
      a.forEach((v, i) => {
        const t = s.get(g[i]) ?? [0, 0];
        s.set(g[i], [t[0] + v, t[1] + 1]);
      });
      return a.map((v, i) => v - s.get(g[i])![0] / s.get(g[i])![1]);
    };
    const [zt, xt, yt] = [demean(z), demean(x), demean(y)];
    const r = regress(dataFrame({ y, x, z, g }), 'y ~ 1 | g | x ~ z');
    expect(r.names).toEqual(['x']);
    const beta = sum(zt.map((v, i) => v * yt[i])) / sum(zt.map((v, i) => v * xt[i]));
    expect(close(r.coef.x.estimate, beta, 1e-10)).toBe(true);
    expect(r.fixedEffects).toEqual([{ name: 'g', levels: 25 }]);
  });
  it('over-identified with an exogenous control: equals OLS of y on the first-stage fitted values', () => {
    const r0 = mulberry32(5);
    const n = 800;
    const w = Array.from({ length: n }, () => normal(r0));
    const z1 = Array.from({ length: n }, () => normal(r0));
    const z2 = Array.from({ length: n }, () => normal(r0));
    const v = Array.from({ length: n }, () => normal(r0));
    const x = z1.map((a, i) => 0.6 * a - 0.4 * z2[i] + 0.5 * w[i] + v[i]);
    const y = x.map((a, i) => 1.2 * a + 0.7 * w[i] + v[i] + normal(r0));
    const df = dataFrame({ y, x, w, z1, z2 });
    const iv = regress(df, 'y ~ w | x ~ z1 + z2');
    const fs = regress(df, 'x ~ w + z1 + z2');
    const xhat = x.map((_, i) =>
      ['(Intercept)', 'w', 'z1', 'z2'].reduce((s, k, j) => s + fs.coef[k].estimate * [1, w[i], z1[i], z2[i]][j], 0),
    );
    const second = regress(dataFrame({ y, xhat, w }), 'y ~ xhat + w');
    expect(close(iv.coef.x.estimate, second.coef.xhat.estimate, 1e-9)).toBe(true);
    expect(close(iv.coef.w.estimate, second.coef.w.estimate, 1e-9)).toBe(true);
    // first-stage F: Wald test of z1, z2 in the first stage
    const restricted = regress(df, 'x ~ w');
    const F = (restricted.rss - fs.rss) / 2 / (fs.rss / (n - 4));
    expect(close(iv.firstStage![0].F, F, 1e-9)).toBe(true);
  });
});
