import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entropyWeights } from './entropy.js';
import { computeIndex, indexToJson } from './index-system.js';
import { minMaxNormalise } from './normalise.js';
import { indicatorSpecs, MissingValueError, panelFromRows, type IndicatorPanel } from './panel.js';
import { readPanelCsv } from './read.js';
import { topsis } from './topsis.js';

/** A small random panel: units U0…, years 2010…, indicators a, b (benefit), c (cost). */
function panel(units: number, years: number, seed = 1): IndicatorPanel {
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows: Record<string, unknown>[] = [];
  for (let t = 0; t < years; t++)
    for (let u = 0; u < units; u++) rows.push({ id: `U${u}`, year: 2010 + t, a: 10 * rnd() + t, b: rnd() ** 2, c: 5 + rnd() });
  return panelFromRows(rows, { id: 'id', time: 'year', indicators: indicatorSpecs(['a', 'b'], ['c']) });
}

describe('computeIndex', () => {
  it('pooled: entropy weights sum to 1, entropy and TOPSIS scores in [0, 1], rows in input order', () => {
    const p = panel(8, 3);
    const r = computeIndex(p, { methods: ['entropy', 'topsis', 'critic', 'pca'] });
    for (const m of ['entropy', 'critic', 'pca']) {
      const w = Object.values(r.weights![m]);
      expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
    }
    expect(Object.keys(r.weights!)).toEqual(['entropy', 'critic', 'pca']);
    expect(r.rows.map((x) => `${x.id}/${x.time}`)).toEqual(p.ids.map((id, i) => `${id}/${p.times[i]}`));
    expect(r.rows[0].time).toBe(2010);
    for (const row of r.rows) for (const m of ['entropy', 'topsis']) expect((row[m] as number) >= 0 && (row[m] as number) <= 1).toBe(true);
    // The scores are the building blocks applied to all rows at once.
    const Xn = minMaxNormalise(p.values, ['benefit', 'benefit', 'cost']);
    const w = entropyWeights(Xn).weights;
    const c = topsis(p.values, w, ['benefit', 'benefit', 'cost']).closeness;
    r.rows.forEach((row, i) => expect(row.topsis).toBeCloseTo(c[i], 14));
  });

  it('per year equals the pooled computation on each year alone, and differs from pooling', () => {
    const p = panel(6, 3);
    const perYear = computeIndex(p, { methods: ['entropy', 'topsis'], perYear: true });
    const pooled = computeIndex(p, { methods: ['entropy', 'topsis'] });
    expect(perYear.weights).toBeUndefined();
    expect(Object.keys(perYear.weightsByTime!)).toEqual(['2010', '2011', '2012']);
    for (const year of ['2010', '2011', '2012']) {
      const rows = p.times.map((t, i) => [t, i] as const).filter(([t]) => t === year);
      const alone = computeIndex(
        panelFromRows(
          rows.map(([, i]) => ({ id: p.ids[i], year, a: p.values.get(i, 0), b: p.values.get(i, 1), c: p.values.get(i, 2) })),
          { id: 'id', time: 'year', indicators: p.indicators },
        ),
        { methods: ['entropy', 'topsis'] },
      );
      expect(perYear.weightsByTime![year]).toEqual(alone.weights);
      rows.forEach(([, i], k) => {
        expect(perYear.rows[i].entropy).toBe(alone.rows[k].entropy);
        expect(perYear.rows[i].topsis).toBe(alone.rows[k].topsis);
      });
    }
    // Year-by-year min–max puts a best unit at 1 in every year; pooling does not (a grows with t).
    const best = (r: typeof pooled, y: number) => Math.max(...r.rows.filter((x) => x.time === y).map((x) => x.entropy as number));
    expect(best(perYear, 2010)).toBeGreaterThan(best(pooled, 2010));
  });

  it('rejects a missing value naming unit, year and indicator (and line of the file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catena-index-'));
    const f = join(dir, 'p.csv');
    writeFileSync(f, 'country,year,gdp,tariff\nCHN,2010,5,3\nDEU,2010,,2\nCHN,2011,6,NA\nDEU,2011,7,2\n');
    const p = readPanelCsv(f, { id: 'country', time: 'year', indicators: indicatorSpecs(['gdp'], ['tariff']) });
    let err: unknown;
    try {
      computeIndex(p, { methods: ['entropy'] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MissingValueError);
    const e = err as MissingValueError;
    expect([e.unit, e.time, e.indicator]).toEqual(['DEU', '2010', 'gdp']);
    expect(e.message).toMatch(/p\.csv, line 3: missing value of indicator 'gdp' for unit 'DEU', time 2010 \(and 1 more/);
  });

  it('imputes only when asked, and lists every imputed cell in the output', () => {
    const rows = [
      { id: 'A', t: 2010, x: 1, y: 4 },
      { id: 'B', t: 2010, x: 3, y: null },
      { id: 'A', t: 2011, x: null, y: 5 },
      { id: 'B', t: 2011, x: 5, y: 6 },
      { id: 'A', t: 2012, x: 4, y: 7 },
      { id: 'B', t: 2012, x: 6, y: 8 },
    ];
    const p = panelFromRows(rows, { id: 'id', time: 't', indicators: indicatorSpecs(['x', 'y']) });
    expect(() => computeIndex(p, { methods: ['entropy'] })).toThrow(MissingValueError);
    const mean = computeIndex(p, { methods: ['entropy'], impute: 'mean' });
    // Mean of the units observed the same year: B's y in 2010 = 4; A's x in 2011 = 5.
    expect(mean.meta.imputation).toEqual({
      method: 'mean',
      cells: [
        { unit: 'A', time: '2011', indicator: 'x', value: 5, method: 'mean' },
        { unit: 'B', time: '2010', indicator: 'y', value: 4, method: 'mean' },
      ],
    });
    const linear = computeIndex(p, { methods: ['entropy'], impute: 'linear' });
    // Within the unit over time: A's x in 2011 halfway between 1 and 4; B's y in 2010 from the nearest year, 6.
    expect(linear.meta.imputation!.cells.map((c) => c.value)).toEqual([2.5, 6]);
    // The caller's panel keeps its gaps.
    expect(Number.isNaN(p.values.get(1, 1))).toBe(true);
    const complete = computeIndex(panel(3, 2), { methods: ['entropy'] });
    expect(complete.meta.imputation).toBeUndefined();
  });

  it('reverses the ranking when the single indicator is declared a cost', () => {
    const rows = [4, 9, 1, 6].map((v, i) => ({ id: `U${i}`, t: 2020, v }));
    const rank = (dir: 'benefit' | 'cost', m: 'entropy' | 'topsis') => {
      const r = computeIndex(panelFromRows(rows, { id: 'id', time: 't', indicators: [{ name: 'v', direction: dir }] }), { methods: [m] });
      return [...r.rows].sort((a, b) => (b[m] as number) - (a[m] as number)).map((x) => x.id);
    };
    for (const m of ['entropy', 'topsis'] as const) {
      expect(rank('benefit', m)).toEqual(['U1', 'U3', 'U0', 'U2']);
      expect(rank('cost', m)).toEqual(['U2', 'U0', 'U3', 'U1']);
    }
  });

  it('a constant indicator gives weight 0 and finite scores', () => {
    const rows = [1, 2, 3].map((v, i) => ({ id: `U${i}`, t: 2020, v, k: 7 }));
    const r = computeIndex(panelFromRows(rows, { id: 'id', time: 't', indicators: indicatorSpecs(['v'], ['k']) }), {
      methods: ['entropy', 'critic', 'pca', 'topsis'],
    });
    for (const m of ['entropy', 'critic', 'pca']) expect(r.weights![m].k).toBe(0);
    for (const row of r.rows) for (const m of ['entropy', 'critic', 'pca', 'topsis']) expect(Number.isFinite(row[m])).toBe(true);
    expect(r.meta.constantIndicators).toEqual([{ indicator: 'k' }]);
  });

  it('hierarchical: entropy with summed dimension weights equals the flat index; composite = Σ W_d S_d', () => {
    const p = panel(10, 2, 5);
    const dims = [
      { name: 'size', indicators: ['a', 'b'] },
      { name: 'cost', indicators: ['c'] },
    ];
    const flat = computeIndex(p, { methods: ['entropy', 'critic'] });
    const h = computeIndex(p, { methods: ['entropy', 'critic', 'topsis'], dimensions: dims });
    for (const k of ['a', 'b', 'c']) expect(h.weights!.entropy[k]).toBeCloseTo(flat.weights!.entropy[k], 14);
    const W = h.dimensionWeights!.critic;
    expect(W.size).toBeCloseTo(flat.weights!.critic.a + flat.weights!.critic.b, 14);
    h.rows.forEach((row, i) => {
      expect(row.entropy).toBeCloseTo(flat.rows[i].entropy as number, 14);
      expect(row.critic).toBeCloseTo(W.size * (row['critic:size'] as number) + W.cost * (row['critic:cost'] as number), 14);
      for (const c of ['topsis:size', 'topsis:cost', 'entropy:size']) expect((row[c] as number) >= 0 && (row[c] as number) <= 1).toBe(true);
    });
    expect(h.scoreColumns).toEqual([
      'entropy',
      'critic',
      'topsis',
      'entropy:size',
      'entropy:cost',
      'critic:size',
      'critic:cost',
      'topsis:size',
      'topsis:cost',
    ]);
    const eq = computeIndex(p, { methods: ['entropy'], dimensions: dims, dimensionWeights: 'equal' });
    expect(eq.dimensionWeights!.entropy).toEqual({ size: 0.5, cost: 0.5 });
    const given = computeIndex(p, { methods: ['entropy'], dimensions: dims, dimensionWeights: { size: 3, cost: 1 } });
    expect(given.dimensionWeights!.entropy).toEqual({ size: 0.75, cost: 0.25 });
    given.rows.forEach((row) =>
      expect(row.entropy).toBeCloseTo(0.75 * (row['entropy:size'] as number) + 0.25 * (row['entropy:cost'] as number), 14),
    );
    expect(() => computeIndex(p, { methods: ['entropy'], dimensions: [dims[0]] })).toThrow(/c belong to no dimension/);
  });

  it('user and equal weights; JSON has exactly weights and rows (plus meta)', () => {
    const p = panel(4, 1);
    const r = computeIndex(p, { methods: ['user', 'equal', 'topsis'], userWeights: { a: 2, b: 1, c: 1 }, topsisWeights: 'user' });
    expect(r.weights).toEqual({ user: { a: 0.5, b: 0.25, c: 0.25 }, equal: { a: 1 / 3, b: 1 / 3, c: 1 / 3 } });
    const j = JSON.parse(indexToJson(r));
    expect(Object.keys(j)).toEqual(['weights', 'rows', 'meta']);
    expect(Object.keys(j.rows[0])).toEqual(['id', 'time', 'user', 'equal', 'topsis']);
    expect(() => computeIndex(p, { methods: ['user'], userWeights: { a: 1 } })).toThrow(/no user weight for indicator 'b'/);
  });

  it('says which year is too small when computed year by year', () => {
    const rows = [
      { id: 'A', t: 2010, x: 1 },
      { id: 'B', t: 2010, x: 2 },
      { id: 'A', t: 2011, x: 3 },
    ];
    const p = panelFromRows(rows, { id: 'id', time: 't', indicators: indicatorSpecs(['x']) });
    expect(() => computeIndex(p, { methods: ['entropy'], perYear: true })).toThrow(
      /time 2011 \(1 rows\): entropy weights need at least 2 rows/,
    );
  });

  it('rejects duplicate unit-years', () => {
    const rows = [
      { id: 'A', t: 2010, x: 1 },
      { id: 'A', t: 2010, x: 2 },
    ];
    expect(() => panelFromRows(rows, { id: 'id', time: 't', indicators: indicatorSpecs(['x']) })).toThrow(
      /unit 'A', time 2010 appears again/,
    );
  });
});
