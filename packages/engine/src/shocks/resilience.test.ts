import { describe, expect, it } from 'vitest';
import { indicators } from '../indicators/indicators.js';
import { Model } from '../model/model.js';
import { sampleWorld } from '../sources/sample-world.js';
import { computeIndex } from '../composite/index-system.js';
import { panelFromRows } from '../composite/panel.js';
import { resilienceFeatures, resilienceTable } from './resilience.js';
import { GVC_RESILIENCE_TEMPLATE, templateSystem } from '../composite/templates.js';

const models = [2000, 2001, 2002, 2003, 2004].map((year, k) => Model.build(sampleWorld({ countries: 5, sectors: 4, seed: 11 + k, year })));

describe('GVC resilience index from tables', () => {
  it('security features agree with the chain indicators computed independently (chain_hhi, chain_foreign_share), to 1e-12', () => {
    const m = models[0];
    const f = resilienceFeatures(m);
    const chain = indicators(m, { set: ['chain_hhi', 'chain_foreign_share'], level: 'country' }).rows;
    for (const c of m.table.countries) {
      const get = (id: string) => f.find((r) => r.country === c && r.indicator === id)!.value;
      const hhi = chain.find((r) => r.country === c && r.indicator === 'chain_hhi')!.value as number;
      const foreign = chain.find((r) => r.country === c && r.indicator === 'chain_foreign_share')!.value as number;
      expect(Math.abs(get('supplier_hhi') - hhi)).toBeLessThan(1e-12);
      expect(Math.abs(get('domestic_va_share') - (1 - foreign))).toBeLessThan(1e-12);
      // The largest share lies between the HHI (a weighted mean of the shares) and 1.
      expect(get('top_supplier_share')).toBeGreaterThanOrEqual(get('supplier_hhi') - 1e-15);
      expect(get('top_supplier_share')).toBeLessThanOrEqual(1);
      let va = 0;
      const g = m.table.countries.indexOf(c);
      for (let j = g * m.N; j < (g + 1) * m.N; j++) va += m.va[j];
      expect(get('value_added')).toBeCloseTo(va, 8);
    }
  });

  it('builds a complete panel for the template (years with a full volatility window) and scores it', () => {
    const rows = resilienceTable(models, { window: 3 });
    expect(rows).toHaveLength(5 * 3);
    expect([...new Set(rows.map((r) => r.year))]).toEqual([2002, 2003, 2004]);
    const { indicators: specs, dimensions } = templateSystem(GVC_RESILIENCE_TEMPLATE);
    const r = computeIndex(panelFromRows(rows, { id: 'country', time: 'year', indicators: specs }), {
      methods: ['entropy', 'topsis'],
      dimensions,
    });
    expect(r.rows).toHaveLength(15);
    const w = Object.values(r.weights!.entropy);
    expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
    for (const row of r.rows) expect((row.topsis as number) >= 0 && (row.topsis as number) <= 1).toBe(true);
  });
});
