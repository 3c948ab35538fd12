import { lu, Matrix, matmul, matvec } from '@catena/linalg';
import { describe, expect, it } from 'vitest';
import { close } from '../../test/shared.js';
import { Absorber, connectedComponents, fixedEffectParameters, singletonMask } from './absorb.js';
import { dataFrame } from './data.js';
import { mulberry32 } from './mediation.js';
import { regress } from './regress.js';

/** The dummy-variable regression written out: coefficients, iid and HC1 standard errors. */
function dummyRegression(y: number[], X: number[][]) {
  const n = y.length;
  const p = X[0].length;
  const M = Matrix.fromRows(X);
  const bread = lu(matmul(M, M, { transA: true })).inverse();
  const beta = matvec(bread, matvec(M, Float64Array.from(y), true));
  const fit = matvec(M, beta);
  const e = y.map((v, i) => v - fit[i]);
  const rss = e.reduce((s, v) => s + v * v, 0);
  const meat = new Matrix(p, p);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) meat.data[a + b * p] += e[i] * e[i] * X[i][a] * X[i][b];
  const hc = matmul(matmul(bread, meat), bread);
  return {
    beta,
    seIid: (j: number) => Math.sqrt((rss / (n - p)) * bread.get(j, j)),
    seHc1: (j: number) => Math.sqrt((n / (n - p)) * hc.get(j, j)),
  };
}

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** A random unbalanced panel; fe codes drawn by `draw(i)`, dummies for all levels of fe1 and all but a reference level per component for the rest. */
function panel(seed: number, n: number, draws: ((i: number, r: () => number) => number)[], refs: number[][]) {
  const r = mulberry32(seed);
  const fes = draws.map((d) => Array.from({ length: n }, (_, i) => d(i, r)));
  const levels = fes.map((f) => Math.max(...f) + 1);
  const effects = levels.map((L) => Array.from({ length: L }, () => 3 * normal(r)));
  const x1 = fes[0].map((g) => normal(r) + effects[0][g]);
  const x2 = Array.from({ length: n }, () => normal(r));
  const y = x1.map((v, i) => 1.5 * v - 0.7 * x2[i] + fes.reduce((s, f, d) => s + effects[d][f[i]], 0) + normal(r) * (1 + Math.abs(x2[i])));
  const X = x1.map((v, i) => {
    const row = [v, x2[i]];
    fes.forEach((f, d) => {
      for (let g = 0; g < levels[d]; g++) if (d === 0 || !refs[d - 1].includes(g)) row.push(f[i] === g ? 1 : 0);
    });
    return row;
  });
  const cols: Record<string, number[]> = { y, x1, x2 };
  fes.forEach((f, d) => (cols[`fe${d + 1}`] = f));
  return { df: dataFrame(cols), y, X };
}

describe('absorbed fixed effects equal the dummy-variable regression', () => {
  const cases = [
    { name: 'one-way, 40 levels', seed: 1, n: 400, draws: [(i: number) => i % 40], refs: [] },
    {
      name: 'two-way, unbalanced random 30 × 8',
      seed: 2,
      n: 300,
      draws: [
        (i: number, r: () => number) => (i < 60 ? i % 30 : Math.floor(r() * 30)),
        (_: number, r: () => number) => Math.floor(r() * 8),
      ],
      refs: [[0]],
    },
    {
      name: 'two-way, two disconnected blocks (2 redundant levels)',
      seed: 3,
      n: 240,
      draws: [(i: number) => i % 12, (i: number, r: () => number) => (i % 12 < 6 ? 0 : 5) + Math.floor(r() * 5)],
      refs: [[0, 5]],
    },
    {
      name: 'three-way, random 20 × 6 × 5',
      seed: 4,
      n: 360,
      draws: [
        (i: number) => i % 20,
        (_: number, r: () => number) => Math.floor(r() * 6),
        (_: number, r: () => number) => Math.floor(r() * 5),
      ],
      refs: [[0], [0]],
    },
    {
      name: 'two-way, poorly connected (workers × firms, few movers)',
      seed: 5,
      n: 600,
      draws: [(i: number) => i % 60, (i: number, r: () => number) => (r() < 0.03 ? Math.floor(r() * 12) : Math.floor((i % 60) / 5))],
      refs: [[0]],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { df, y, X } = panel(c.seed, c.n, c.draws, c.refs);
      const fe = c.draws.map((_, d) => `fe${d + 1}`).join(' + ');
      const dummy = dummyRegression(y, X);
      const iid = regress(df, `y ~ x1 + x2 | ${fe}`, { dropSingletons: false });
      const hc1 = regress(df, `y ~ x1 + x2 | ${fe}`, { vcov: 'hc1', dropSingletons: false });
      expect(iid.vcov.K).toBe(X[0].length);
      ['x1', 'x2'].forEach((name, j) => {
        expect(close(iid.coef[name].estimate, dummy.beta[j], 1e-8), `${name} ${iid.coef[name].estimate} vs ${dummy.beta[j]}`).toBe(true);
        expect(close(iid.coef[name].se, dummy.seIid(j), 1e-8)).toBe(true);
        expect(close(hc1.coef[name].se, dummy.seHc1(j), 1e-8)).toBe(true);
      });
    });
  }
});

describe('fixed-effect bookkeeping', () => {
  it('connected components and identified parameters', () => {
    const a = { name: 'a', codes: Int32Array.from([0, 0, 1, 2, 3]), levels: 4 };
    const b = { name: 'b', codes: Int32Array.from([0, 1, 1, 2, 2]), levels: 3 };
    // components: {a0,a1,b0,b1}, {a2,a3,b2}
    expect(connectedComponents(a, b)).toBe(2);
    expect(fixedEffectParameters([a, b])).toBe(4 + 3 - 2);
    expect(fixedEffectParameters([a])).toBe(4);
  });
  it('singletons are dropped in one pass, not recursively (as fixest)', () => {
    // row 4 is the only one of a=3; dropping it leaves b=2 with one row (row 3), which stays
    const a = { name: 'a', codes: Int32Array.from([0, 0, 1, 1, 3]), levels: 4 };
    const b = { name: 'b', codes: Int32Array.from([0, 0, 1, 2, 2]), levels: 3 };
    const { keep, dropped } = singletonMask([a, b], 5);
    expect(Array.from(keep)).toEqual([1, 1, 0, 1, 0]);
    expect(dropped).toBe(2);
  });
  it('regress reports dropped missing rows, singletons and collinear regressors', () => {
    const df = dataFrame({
      y: [1, 2, 3, 4, 5, 6, 7, NaN, 9.5],
      x: [0.5, 1, 0.2, 4, 2, 3, 1, 2, 5],
      z: [1, 1, 2, 2, 3, 3, 4, 4, 5],
      g: [1, 1, 2, 2, 3, 3, 4, 4, 5],
    });
    const r = regress(df, 'y ~ x + z | g');
    expect(r.n).toBe(6); // 9 rows − 1 missing y − 2 singletons (g = 4 after the drop, g = 5)
    expect(r.notes.join('\n')).toMatch(/1 of 9 rows dropped .*y: 1/);
    expect(r.notes.join('\n')).toMatch(/2 fixed-effect singleton/);
    expect(r.notes.join('\n')).toMatch(/collinearity.*: z/);
    expect(r.names).toEqual(['x']);
  });
});

describe('alternating projections', () => {
  it('Irons–Tuck extrapolation reaches the same point in fewer sweeps on a slow panel', () => {
    const r = mulberry32(9);
    const n = 2000;
    const worker = Int32Array.from({ length: n }, (_, i) => i % 200);
    const firm = Int32Array.from(worker, (w) => (r() < 0.02 ? Math.floor(r() * 40) : Math.floor(w / 5)));
    const fes = [
      { name: 'worker', codes: worker, levels: 200 },
      { name: 'firm', codes: firm, levels: 40 },
    ];
    const x = Float64Array.from({ length: n }, () => r());
    const plain = Float64Array.from(x);
    const fast = Float64Array.from(x);
    const ab = new Absorber(fes, n);
    const p = ab.demean(plain, { accelerate: false, tol: 1e-10 });
    const f = ab.demean(fast, { tol: 1e-10 });
    expect(p.converged && f.converged).toBe(true);
    expect(f.iterations).toBeLessThan(p.iterations / 4);
    for (let i = 0; i < n; i++) expect(Math.abs(plain[i] - fast[i])).toBeLessThan(1e-7);
  });
});
