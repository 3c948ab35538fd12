import { describe, expect, it } from 'vitest';
import { close } from '../../test/shared.js';
import { dataFrame } from './data.js';
import { mulberry32 } from './mediation.js';
import { regress } from './regress.js';

describe('variance estimators', () => {
  it('HC1 equals the sandwich computed by hand on a tiny dataset', () => {
    const x = [1, 2, 3, 4, 5, 6];
    const y = [2.1, 3.9, 6.2, 7.8, 10.5, 11.7];
    const n = 6;
    // OLS by hand
    const sx = x.reduce((s, v) => s + v, 0);
    const sxx = x.reduce((s, v) => s + v * v, 0);
    const sy = y.reduce((s, v) => s + v, 0);
    const sxy = x.reduce((s, v, i) => s + v * y[i], 0);
    const det = n * sxx - sx * sx;
    const b = (n * sxy - sx * sy) / det;
    const a = (sy - b * sx) / n;
    // (XᵀX)⁻¹ = [sxx −sx; −sx n] / det; meat Σ e² [1 x; x x²]
    const B = [
      [sxx / det, -sx / det],
      [-sx / det, n / det],
    ];
    const M = [
      [0, 0],
      [0, 0],
    ];
    x.forEach((xi, i) => {
      const e2 = (y[i] - a - b * xi) ** 2;
      M[0][0] += e2;
      M[0][1] += e2 * xi;
      M[1][0] += e2 * xi;
      M[1][1] += e2 * xi * xi;
    });
    const V = [0, 1].map((p) =>
      [0, 1].map((q) => [0, 1].reduce((s, r) => s + [0, 1].reduce((t, u) => t + B[p][r] * M[r][u] * B[u][q], 0), 0) * (n / (n - 2))),
    );
    const res = regress(dataFrame({ x, y }), 'y ~ x', { vcov: 'hc1' });
    expect(close(res.coef.x.estimate, b, 1e-12)).toBe(true);
    expect(close(res.coef['(Intercept)'].estimate, a, 1e-12)).toBe(true);
    expect(close(res.coef['(Intercept)'].se, Math.sqrt(V[0][0]), 1e-12)).toBe(true);
    expect(close(res.coef.x.se, Math.sqrt(V[1][1]), 1e-12)).toBe(true);
    expect(close(res.vcov.matrix.get(0, 1), V[0][1], 1e-12)).toBe(true);
    expect(res.vcov.df).toBe(4);
  });

  it('two-way clustering: V = c_min · (V_a/c_a + V_b/c_b − V_ab/c_ab), G = min(G_a, G_b)', () => {
    const r = mulberry32(21);
    const n = 600;
    const a = Array.from({ length: n }, () => Math.floor(r() * 15));
    const b = Array.from({ length: n }, () => Math.floor(r() * 12));
    const ab = a.map((v, i) => v * 100 + b[i]);
    const ea = Array.from({ length: 15 }, () => r() - 0.5);
    const eb = Array.from({ length: 12 }, () => r() - 0.5);
    const x = a.map((v, i) => r() + ea[v] + eb[b[i]]);
    const y = x.map((v, i) => 0.5 * v + ea[a[i]] + eb[b[i]] + r());
    const df = dataFrame({ y, x, a, b, ab });
    const two = regress(df, 'y ~ x', { cluster: ['a', 'b'] });
    const one = (c: string) => regress(df, 'y ~ x', { cluster: [c] });
    const [va, vb, vab] = ['a', 'b', 'ab'].map(one);
    const unscaled = (m: typeof va) => m.vcov.matrix.get(1, 1) / m.vcov.factor;
    const G = Math.min(va.vcov.clusters![0].groups, vb.vcov.clusters![0].groups);
    expect(G).toBe(12);
    const factor = (G / (G - 1)) * ((n - 1) / (n - 2));
    expect(close(two.vcov.factor, factor, 1e-14)).toBe(true);
    const v = factor * (unscaled(va) + unscaled(vb) - unscaled(vab));
    expect(close(two.coef.x.se, Math.sqrt(v), 1e-10)).toBe(true);
    expect(two.vcov.df).toBe(11);
  });

  it('clustering by a fixed effect: nested fixed effects are not counted in K', () => {
    const r = mulberry32(8);
    const n = 200;
    const firm = Array.from({ length: n }, (_, i) => i % 20);
    const region = firm.map((f) => f % 4);
    const x = firm.map(() => r());
    const y = x.map((v) => v + r());
    const year = firm.map((_, i) => Math.floor(i / 20));
    const df = dataFrame({ y, x, firm, region, year });
    // firm is nested in firm and in region (each firm lies in one region); region spans 5 firms
    expect(regress(df, 'y ~ x | firm', { cluster: ['firm'] }).vcov.K).toBe(1);
    expect(regress(df, 'y ~ x | region', { cluster: ['firm'] }).vcov.K).toBe(1 + 4);
    expect(regress(df, 'y ~ x | firm', { cluster: ['region'] }).vcov.K).toBe(1);
    expect(regress(df, 'y ~ x | firm', { cluster: ['year'] }).vcov.K).toBe(1 + 20);
    // both fixed effects nested in a cluster variable: none counted
    expect(regress(df, 'y ~ x | firm + year', { cluster: ['firm', 'year'] }).vcov.K).toBe(1);
    expect(regress(df, 'y ~ x | firm', { vcov: 'cluster' }).vcov.clusters).toEqual([{ name: 'firm', groups: 20 }]);
  });
});

describe('default clustering', () => {
  it("vcov 'cluster' without variables clusters by the first fixed effect, a combination as one", () => {
    const r = mulberry32(4);
    const n = 300;
    const a = Array.from({ length: n }, (_, i) => i % 6);
    const b = Array.from({ length: n }, (_, i) => Math.floor(i / 6) % 5);
    const x = a.map(() => r());
    const y = x.map((v) => v + r());
    const df = dataFrame({ y, x, a, b });
    const res = regress(df, 'y ~ x | a^b', { vcov: 'cluster' });
    expect(res.vcov.clusters).toEqual([{ name: 'a^b', groups: 30 }]);
    expect(res.notes.join()).toContain('clustered by the first fixed effect, a^b');
    expect(() => regress(df, 'y ~ x', { vcov: 'cluster' })).toThrow(/needs cluster variables/);
  });
});
