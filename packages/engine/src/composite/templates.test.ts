import { describe, expect, it } from 'vitest';
import { gvcRatio, supplierConcentration, volatility, type SupplierFlow } from './gvc-features.js';
import { computeIndex } from './index-system.js';
import { joinGvc, longRows, type LongRow } from './join.js';
import { MissingValueError, panelFromRows } from './panel.js';
import { DIGITAL_TRADE_TEMPLATE, GVC_RESILIENCE_TEMPLATE, indexTemplate, templateSystem } from './templates.js';

describe('templates', () => {
  it('digital-trade: the four dimensions, indicators each once, tariffs a cost', () => {
    const { indicators, dimensions } = templateSystem(DIGITAL_TRADE_TEMPLATE);
    expect(dimensions.map((d) => d.name)).toEqual([
      'digital_innovation',
      'digital_trade_capacity',
      'infrastructure_environment',
      'trade_potential',
    ]);
    expect(new Set(indicators.map((i) => i.name)).size).toBe(indicators.length);
    expect(indicators.find((i) => i.name === 'tariff_rate')!.direction).toBe('cost');
    expect(indicators.find((i) => i.name === 'gvc_participation')!.direction).toBe('benefit');
  });

  it('gvc-resilience: security (3) and stability (2), concentration and volatility are costs', () => {
    const { indicators, dimensions } = templateSystem(indexTemplate('gvc-resilience'));
    expect(dimensions).toEqual([
      { name: 'security', indicators: ['supplier_hhi', 'top_supplier_share', 'domestic_va_share'] },
      { name: 'stability', indicators: ['participation_volatility', 'va_volatility'] },
    ]);
    expect(indicators.filter((i) => i.direction === 'benefit').map((i) => i.name)).toEqual(['domestic_va_share']);
    expect(() => indexTemplate('nope')).toThrow(/expected one of digital-trade, gvc-resilience/);
  });
});

describe('GVC features', () => {
  it('supplier concentration: shares of foreign suppliers, own flow left out (worked by hand)', () => {
    // A buys 3 from B and 1 from C (and 10 from itself): s = (3/4, 1/4), HHI = 9/16 + 1/16 = 0.625, top = 0.75.
    const out = supplierConcentration([
      { country: 'A', year: 2010, supplier: 'A', value: 10 },
      { country: 'A', year: 2010, supplier: 'B', value: 3 },
      { country: 'A', year: 2010, supplier: 'C', value: 1 },
    ]);
    expect(out).toEqual([
      { country: 'A', year: '2010', indicator: 'supplier_hhi', value: 0.625 },
      { country: 'A', year: '2010', indicator: 'top_supplier_share', value: 0.75 },
    ]);
  });

  it('volatility: standard deviation of growth rates over the trailing window (worked by hand)', () => {
    // X: 100, 120, 108 → growth 0.2, −0.1; mean 0.05; sd = √((0.15² + 0.15²)/1) = 0.212132.
    const rows: LongRow[] = [100, 120, 108].map((value, k) => ({ country: 'X', year: String(2000 + k), indicator: 'va', value }));
    const out = volatility(rows, 'va', 'va_volatility', 3);
    expect(out.map((r) => r.year)).toEqual(['2000', '2001', '2002']);
    expect(Number.isNaN(out[0].value) && Number.isNaN(out[1].value)).toBe(true);
    expect(out[2].value).toBeCloseTo(Math.sqrt(2 * 0.15 ** 2), 14);
  });

  it('ratio of two terms from a decomposition-shaped Result', () => {
    const r = {
      columns: ['year', 'exporter', 'sector', 'importer', 'term', 'value'],
      rows: [
        { year: 2011, exporter: 'CHN', sector: null, importer: null, term: 'GEXP', value: 200 },
        { year: 2011, exporter: 'CHN', sector: null, importer: null, term: 'DVA', value: 150 },
        { year: 2011, exporter: 'DEU', sector: null, importer: null, term: 'GEXP', value: 0 },
        { year: 2011, exporter: 'DEU', sector: null, importer: null, term: 'DVA', value: 0 },
      ],
    };
    const out = gvcRatio(r, 'DVA', 'GEXP', 'domestic_va_share');
    expect(out[0]).toEqual({ country: 'CHN', year: '2011', indicator: 'domestic_va_share', value: 0.75 });
    expect(Number.isNaN(out[1].value)).toBe(true);
    expect(() => longRows({ columns: r.columns, rows: [{ ...r.rows[0], sector: 'C10' }] })).toThrow(
      /sector 'C10'; expected country-level rows only/,
    );
  });
});

describe('joinGvc and a template index end to end', () => {
  it('joins by id and time; a GVC gap is reported as a missing value naming unit, year and indicator', () => {
    const gvc = {
      columns: ['country', 'year', 'indicator', 'value'],
      rows: [
        { country: 'CHN', year: 2010, indicator: 'gvc_participation', value: 0.4 },
        { country: 'DEU', year: 2010, indicator: 'gvc_participation', value: 0.5 },
        { country: 'CHN', year: 2011, indicator: 'gvc_participation', value: 0.45 },
      ],
    };
    const user = [
      { iso: 'CHN', yr: '2010', gdp: '5' },
      { iso: 'DEU', yr: '2010', gdp: '7' },
      { iso: 'CHN', yr: '2011', gdp: '6' },
      { iso: 'DEU', yr: '2011', gdp: '8' },
    ];
    const joined = joinGvc(gvc, user, { id: 'iso', time: 'yr' });
    expect(joined[0]).toEqual({ iso: 'CHN', yr: '2010', gdp: '5', gvc_participation: 0.4 });
    expect(joined[3].gvc_participation).toBeNull();
    const p = panelFromRows(joined, {
      id: 'iso',
      time: 'yr',
      indicators: [
        { name: 'gdp', direction: 'benefit' },
        { name: 'gvc_participation', direction: 'benefit' },
      ],
    });
    expect(() => computeIndex(p, { methods: ['entropy'] })).toThrow(MissingValueError);
    expect(() => computeIndex(p, { methods: ['entropy'] })).toThrow(/indicator 'gvc_participation' for unit 'DEU', time 2011/);
    expect(() => joinGvc(gvc, [{ iso: 'CHN', yr: '2010', gvc_participation: 1 }], { id: 'iso', time: 'yr' })).toThrow(
      /also columns of the user table/,
    );
  });

  it('computes the GVC resilience index from GVC features alone', () => {
    const countries = ['A', 'B', 'C', 'D'];
    const long: LongRow[] = [];
    const flows: SupplierFlow[] = [];
    countries.forEach((c, k) => {
      for (let y = 2000; y < 2006; y++) {
        long.push({ country: c, year: String(y), indicator: 'GEXP', value: 100 + 10 * k + y - 2000 });
        long.push({ country: c, year: String(y), indicator: 'DVA', value: 60 + 5 * k + ((y * (k + 1)) % 7) });
        long.push({ country: c, year: String(y), indicator: 'GVC', value: 30 + k + ((y * (k + 2)) % 5) });
        long.push({ country: c, year: String(y), indicator: 'VA', value: 500 + 20 * k + ((y * (k + 3)) % 11) });
        for (const s of countries)
          flows.push({ country: c, year: y, supplier: s, value: 1 + (((k + 1) * (s.charCodeAt(0) - 64) + y) % 6) });
      }
    });
    const features = [
      ...supplierConcentration(flows),
      ...gvcRatio(long, 'DVA', 'GEXP', 'domestic_va_share'),
      ...volatility(gvcRatio(long, 'GVC', 'GEXP', 'participation'), 'participation', 'participation_volatility', 3),
      ...volatility(long, 'VA', 'va_volatility', 3),
    ];
    const table = joinGvc(features, null, { id: 'country', time: 'year' }).filter((r) => Number(r.year) >= 2002);
    const { indicators, dimensions } = templateSystem(GVC_RESILIENCE_TEMPLATE);
    const r = computeIndex(panelFromRows(table, { id: 'country', time: 'year', indicators }), {
      methods: ['entropy', 'topsis'],
      dimensions,
    });
    expect(r.rows).toHaveLength(16);
    expect(Object.keys(r.dimensionWeights!.entropy)).toEqual(['security', 'stability']);
    for (const row of r.rows) for (const c of r.scoreColumns) expect((row[c] as number) >= 0 && (row[c] as number) <= 1).toBe(true);
  });
});
