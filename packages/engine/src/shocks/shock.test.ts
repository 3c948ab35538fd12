/**
 * Shocks against brute force — the shocked system built cell by cell and factorised from scratch —
 * on WIOD 2011 and leather: outputs, value added and prices to 1e-9 relative (absolute below 1).
 * Identities: a Leontief shock is linear; world value added changes by the change in world final
 * demand (GDP identity) after every shock; the Ghosh relative output change equals the cost-push
 * price change (Dietzenbacher 1997). Bad scenario rows get errors naming the row and field.
 */
import { Matrix } from '@catena/linalg';
import { beforeAll, describe, expect, test } from 'vitest';
import { bruteGhosh, finalDemand, freshSolve } from '../../test/shocks-brute.js';
import { modelOf } from '../../test/trade-refs.js';
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import { parseScenarioCsv, parseScenarioJson, type Shock } from './scenario.js';
import { scenarioEffect, shock } from './shock.js';

const TOL = 1e-9;

/** max_i |a_i − b_i| / max(1, |b_i|). */
function worst(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return w;
}
const plus = (x: Float64Array, d: Float64Array) => x.map((v, i) => v + d[i]);
/** Baseline value added v∘x (zero-output sectors, whose stored VA may be nonzero, count 0). */
const vx = (m: Model) => m.v.map((v, i) => v * m.x[i]);

/** Brute force of a Leontief quantity shock: Ā from a cell function, ȳ = y + dy; x̄ and v̄ x̄. */
function bruteQuantity(
  m: Model,
  cell: (i: number, j: number, a: number) => number,
  dy: Float64Array,
): { x: Float64Array; va: Float64Array } {
  const n = m.GN;
  const A = new Matrix(n, n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) A.data[i + j * n] = cell(i, j, m.A.data[i + j * n]);
  const y = finalDemand(m).map((v, i) => v + dy[i]);
  const x = freshSolve(A, y);
  const va = x.map((xj, j) => {
    if (!(m.x[j] > 0)) return 0;
    let s = 0;
    for (let i = 0; i < n; i++) s += A.data[i + j * n];
    return (1 - s) * xj;
  });
  return { x, va };
}

const S = (type: Shock['type'], target: string, change: number): Shock => ({ type, target, change });

describe('shocks on WIOD 2011 against brute force', () => {
  let m: Model;
  let country: (c: string) => number[];
  beforeAll(async () => {
    m = await modelOf(['wiod2013', 'wiot2011_2013rel_int.csv.gz']);
    country = (c) => {
      const g = m.table.countries.indexOf(c);
      return Array.from({ length: m.N }, (_, n) => g * m.N + n);
    };
  });

  test('final demand: US −10 % and USA:CHN −50 % equal a re-solve with the new final demand', () => {
    const us = m.table.countries.indexOf('USA');
    const chn = new Set(country('CHN'));
    const dy = new Float64Array(m.GN);
    for (let i = 0; i < m.GN; i++) dy[i] = -0.1 * m.Yc.get(i, us) + (chn.has(i) ? -0.5 * m.Yc.get(i, us) : 0);
    const e = scenarioEffect(m, [S('final-demand', 'USA', -0.1), S('final-demand', 'USA:CHN', -0.5)]);
    const ref = bruteQuantity(m, (_i, _j, a) => a, dy);
    expect(worst(plus(m.x, e.dx), ref.x)).toBeLessThan(TOL);
    expect(worst(plus(vx(m), e.dva), ref.va)).toBeLessThan(TOL);
    expect(Math.max(...e.dp.map(Math.abs))).toBe(0);
  });

  test('a Leontief shock is linear: twice the shock gives twice the change, two shocks add', () => {
    const a = scenarioEffect(m, [S('final-demand', 'USA', -0.1)]);
    const a2 = scenarioEffect(m, [S('final-demand', 'USA', -0.2)]);
    const b = scenarioEffect(m, [S('final-demand', 'DEU:CHN_c14', 0.3)]);
    const ab = scenarioEffect(m, [S('final-demand', 'USA', -0.1), S('final-demand', 'DEU:CHN_c14', 0.3)]);
    expect(
      worst(
        a2.dx,
        a.dx.map((v) => 2 * v),
      ),
    ).toBeLessThan(TOL);
    expect(worst(ab.dx, plus(a.dx, b.dx))).toBeLessThan(TOL);
    expect(worst(ab.dva, plus(a.dva, b.dva))).toBeLessThan(TOL);
  });

  test('import coefficients CHN:JPN −50 % (Woodbury) equal a re-solve with the new A', () => {
    const jpn = new Set(country('JPN'));
    const chn = new Set(country('CHN'));
    const e = scenarioEffect(m, [S('import-coefficients', 'CHN:JPN', -0.5)]);
    const ref = bruteQuantity(m, (i, j, a) => (jpn.has(i) && chn.has(j) ? 0.5 * a : a), new Float64Array(m.GN));
    expect(worst(plus(m.x, e.dx), ref.x)).toBeLessThan(TOL);
    expect(worst(plus(vx(m), e.dva), ref.va)).toBeLessThan(TOL);
  });

  test('tariff USA:CHN 25 %: prices equal the re-solved cost-push price model', () => {
    const us = new Set(country('USA'));
    const chn = new Set(country('CHN'));
    const e = scenarioEffect(m, [S('tariff', 'USA:CHN', 0.25)]);
    const A = m.A.clone();
    for (let j = 0; j < m.GN; j++) for (let i = 0; i < m.GN; i++) if (chn.has(i) && us.has(j)) A.data[i + j * m.GN] *= 1.25;
    const p = freshSolve(A, Float64Array.from(m.v), true);
    const p0 = freshSolve(m.A, Float64Array.from(m.v), true);
    expect(worst(plus(p0, e.dp), p)).toBeLessThan(TOL);
    let up = 0;
    for (const j of us) up = Math.max(up, e.dp[j]);
    expect(up).toBeGreaterThan(0.001);
  });

  test('supply CHN_c14 −20 % (Ghosh) equals a re-solve of x̄′ = va′(I − B)⁻¹; Δx/x equals the Leontief price change', () => {
    const j = m.table.countries.indexOf('CHN') * m.N + m.table.sectors.indexOf('c14');
    const e = scenarioEffect(m, [S('supply', 'CHN_c14', -0.2)]);
    // Ghosh by brute force on the shocked primary inputs: bruteGhosh solves with va; shift it.
    const va0 = Float64Array.from(m.va);
    (m.va as Float64Array)[j] *= 0.8;
    let ref: Float64Array;
    try {
      ref = bruteGhosh(m, () => false);
    } finally {
      (m.va as Float64Array).set(va0);
    }
    expect(worst(plus(m.x, e.dx), plus(m.x, ref))).toBeLessThan(TOL);
    const v = Float64Array.from(m.v);
    v[j] *= 0.8;
    const p = freshSolve(m.A, v, true);
    const p0 = freshSolve(m.A, Float64Array.from(m.v), true);
    for (let i = 0; i < m.GN; i++) if (m.x[i] > 0) expect(Math.abs(e.dx[i] / m.x[i] - (p[i] - p0[i]))).toBeLessThan(1e-12);
  });

  test('GDP identity: world value added changes by the change in world final demand, after every kind of shock', () => {
    const worldVa = m.va.reduce((a, v) => a + v, 0);
    for (const shocks of [
      [S('final-demand', 'USA', -0.1)],
      [S('import-coefficients', 'CHN:JPN', -0.5)],
      [S('supply', 'CHN_c14', -0.2)],
      [S('tariff', 'USA:CHN', 0.25)],
      [S('final-demand', 'USA', -0.1), S('import-coefficients', 'CHN:JPN', -0.5), S('supply', 'DEU', 0.05), S('tariff', 'USA:CHN', 0.25)],
    ]) {
      const e = scenarioEffect(m, shocks);
      const dva = e.dva.reduce((a, v) => a + v, 0);
      expect(Math.abs(dva - e.finalDemandChange) / worldVa, shocks.map((s) => s.target).join(' ')).toBeLessThan(TOL);
    }
    // The Leontief final-demand change, counted independently from the table.
    const us = m.table.countries.indexOf('USA');
    let dy = 0;
    for (let i = 0; i < m.GN; i++) dy -= 0.1 * m.Yc.get(i, us);
    const e = scenarioEffect(m, [S('final-demand', 'USA', -0.1)]);
    expect(Math.abs(e.dva.reduce((a, v) => a + v, 0) - dy) / worldVa).toBeLessThan(TOL);
  });

  test('scenarios side by side; country level sums the sectors', () => {
    const r = shock(m, {
      scenarios: [
        { name: 'us_slump', shocks: [S('final-demand', 'USA', -0.1)] },
        { name: 'decoupling', shocks: [S('import-coefficients', 'CHN:JPN', -0.5)] },
      ],
      level: 'country',
    });
    expect(r.columns).toEqual(['country', 'sector', 'indicator', 'us_slump', 'decoupling']);
    const sec = shock(m, { scenarios: [{ name: 'us_slump', shocks: [S('final-demand', 'USA', -0.1)] }] });
    const usa = sec.rows.filter((x) => x.country === 'USA' && x.indicator === 'output_change').reduce((a, x) => a + (x.value as number), 0);
    const row = r.rows.find((x) => x.country === 'USA' && x.indicator === 'output_change')!;
    expect(Math.abs((row.us_slump as number) - usa) / Math.abs(usa)).toBeLessThan(1e-12);
    expect(r.rows.filter((x) => x.country === 'World')).toHaveLength(5);
  });
});

describe('shocks on leather: every final-demand and import-coefficient target against brute force', () => {
  let m: Model;
  beforeAll(async () => {
    m = await modelOf(['leather', 'leather_wide.csv']);
  });

  test('each destination × supplier final demand, each buyer × supplier import block', () => {
    const cs = m.table.countries;
    for (const d of cs) {
      const g = cs.indexOf(d);
      for (const p of cs) {
        const gp = cs.indexOf(p);
        const dy = new Float64Array(m.GN);
        for (let i = gp * m.N; i < (gp + 1) * m.N; i++) dy[i] = -0.3 * m.Yc.get(i, g);
        const e = scenarioEffect(m, [S('final-demand', `${d}:${p}`, -0.3)]);
        expect(worst(plus(m.x, e.dx), bruteQuantity(m, (_i, _j, a) => a, dy).x)).toBeLessThan(TOL);
        if (p === d) continue;
        const inP = (i: number) => Math.floor(i / m.N) === gp;
        const inD = (j: number) => Math.floor(j / m.N) === g;
        const f = scenarioEffect(m, [S('import-coefficients', `${d}:${p}`, -0.7)]);
        const ref = bruteQuantity(m, (i, j, a) => (inP(i) && inD(j) ? 0.3 * a : a), new Float64Array(m.GN));
        expect(worst(plus(m.x, f.dx), ref.x), `${d}:${p}`).toBeLessThan(TOL);
        expect(worst(plus(vx(m), f.dva), ref.va), `${d}:${p}`).toBeLessThan(TOL);
      }
    }
  });

  test('bad scenario input: unknown country, change below −1, a link with no flow — errors name the row and field', () => {
    const run = (csv: string) => shock(m, { scenarios: parseScenarioCsv(csv, 'scen.csv') });
    expect(() => run('type,target,change\nfinal-demand,Atlantis,-0.1\n')).toThrow(
      /scen\.csv row 2, field target: country 'Atlantis' is not in the table; expected one of Argentina/,
    );
    expect(() => run('type,target,change\nfinal-demand,Turkey,-0.1\nsupply,Germany,-1.5\n')).toThrow(
      /scen\.csv row 3, field change: found -1\.5; expected a relative change ≥ −1/,
    );
    // Argentina's transport equipment sells nothing to Turkey's agriculture (Z = 0 in the table).
    expect(() => run('type,target,change\nimport-coefficients,Turkey_Agriculture:Argentina_Transport_Equipment,-0.5\n')).toThrow(
      /scen\.csv row 2, field target: link Turkey_Agriculture:Argentina_Transport_Equipment has no intermediate flow/,
    );
    expect(() => run('type,target,change\nquota,Turkey,-0.1\n')).toThrow(/row 2, field type: found 'quota'; expected one of final-demand/);
    expect(() => parseScenarioJson('[{"type":"supply","target":"Turkey","change":"x"}]', 's.json')).toThrow(
      /s\.json\[0\], field change: found 'x'/,
    );
    try {
      run('type,target,change\nfinal-demand,Atlantis,-0.1\n');
    } catch (e) {
      expect(e).toBeInstanceOf(OptionError);
      expect((e as OptionError).option).toBe('scenarios');
    }
  });

  test('a scenario file with several named scenarios (CSV and JSON give the same scenarios)', () => {
    const csv = parseScenarioCsv(
      'scenario,type,target,change\na,final-demand,Turkey,-0.1\nb,supply,Germany,0.2\na,tariff,Turkey:Germany,0.1\n',
      'f.csv',
    );
    const json = parseScenarioJson(
      '{"a":[{"type":"final-demand","target":"Turkey","change":-0.1},{"type":"tariff","target":"Turkey:Germany","change":0.1}],"b":[{"type":"supply","target":"Germany","change":0.2}]}',
      'f.json',
    );
    const strip = (s: typeof csv) =>
      s.map((x) => ({ name: x.name, shocks: x.shocks.map(({ type, target, change }) => ({ type, target, change })) }));
    expect(strip(csv)).toEqual(strip(json));
    const r = shock(m, { scenarios: csv });
    expect(r.columns).toEqual(['country', 'sector', 'indicator', 'a', 'b']);
    expect(r.rows).toHaveLength(9 * 5);
  });
});
