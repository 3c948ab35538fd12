/**
 * Koopman, Powers, Wang & Wei (2010) indices. IV is KWW's DVA_INTrex: checked against R `decompr`
 * 6.8.0 on leather (country level) and against decompr's WWZ DVA_INTrexF + DVA_INTrexI2 summed over
 * importers (sector level); FV is the foreign content (decompr KWW FVA_FIN + FVA_INT + FDC).
 * Tolerance 1e-6 relative. The indices are then checked against their definition, and IV against a
 * brute-force sum V_s Σ_{r≠s} Σ_{t≠s,r} B_sr Y_rt on a sample world.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Model } from '../model/model.js';
import type { Result } from '../results/result.js';
import { readTable } from '../sources/registry.js';
import { sampleWorld } from '../sources/sample-world.js';
import { decompose } from './decompose.js';
import './bm.js';
import './koopman.js';
import './kww.js';
import { close, dataPath, refPath } from '../../test/shared.js';
import { exvatoolsModel, exvatoolsRefs } from '../../test/trade-refs.js';

function csv(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head.split(',').map((c) => c.replace(/"/g, ''));
  return rows.map((l) => Object.fromEntries(l.split(',').map((v, j) => [cols[j], v.replace(/"/g, '')])));
}
const val = (r: Result, exporter: string, sector: string | null, term: string): number => {
  const row = r.rows.find((x) => x.exporter === exporter && x.sector === sector && x.term === term);
  if (!row) throw new Error(`no ${exporter} ${sector} ${term}`);
  return row.value as number;
};

describe('Koopman et al. (2010) participation and position', () => {
  it('leather, country level: IV = decompr DVA_INTrex, FV = FVA_FIN + FVA_INT + FDC; indices by definition', async () => {
    const model = Model.build(await readTable(dataPath('leather', 'leather_wide.csv')));
    const r = decompose(model, { method: 'koopman' });
    const ref = csv(refPath('decompr_leather_kww.csv'));
    expect(ref.length).toBe(3);
    for (const row of ref) {
      const c = row.Country;
      const iv = val(r, c, null, 'IV');
      const fv = val(r, c, null, 'FV');
      const e = val(r, c, null, 'GEXP');
      expect(close(iv, Number(row.DVA_INTrex), 1e-6), `${c} IV ${iv} vs ${row.DVA_INTrex}`).toBe(true);
      expect(close(fv, Number(row.FVA_FIN) + Number(row.FVA_INT) + Number(row.FDC), 1e-6)).toBe(true);
      expect(close(val(r, c, null, 'GVC_PARTICIPATION'), (iv + fv) / e, 1e-12)).toBe(true);
      expect(close(val(r, c, null, 'GVC_POSITION'), Math.log(1 + iv / e) - Math.log(1 + fv / e), 1e-12)).toBe(true);
    }
  });

  it('leather, sector level: IV = decompr WWZ DVA_INTrexF + DVA_INTrexI2 by exporting sector; sectors add up', async () => {
    const model = Model.build(await readTable(dataPath('leather', 'leather_wide.csv')));
    const sec = decompose(model, { method: 'koopman', level: 'sector' });
    const cty = decompose(model, { method: 'koopman' });
    const want = new Map<string, number>();
    for (const row of csv(refPath('decompr_leather_wwz.csv'))) {
      const k = `${row.Exporting_Country}|${row.Exporting_Industry}`;
      want.set(k, (want.get(k) ?? 0) + Number(row.DVA_INTrexF) + Number(row.DVA_INTrexI2));
    }
    expect(want.size).toBe(9);
    for (const [k, v] of want) {
      const [c, s] = k.split('|');
      expect(close(val(sec, c, s, 'IV'), v, 1e-6), `${k}: ${val(sec, c, s, 'IV')} vs ${v}`).toBe(true);
    }
    for (const c of model.table.countries) {
      for (const term of ['GEXP', 'IV', 'FV']) {
        const total = model.table.sectors.reduce((a, s) => a + val(sec, c, s, term), 0);
        expect(close(total, val(cty, c, null, term), 1e-12)).toBe(true);
      }
    }
  });

  it('sample world: IV equals the brute-force sum V_s Σ_{r≠s} Σ_{t≠s,r} B_sr Y_rt; FV the BM foreign content', () => {
    const model = Model.build(sampleWorld({ countries: 4, sectors: 3, seed: 3 }));
    const { G, N, GN } = model;
    const B = model.B;
    const r = decompose(model, { method: 'koopman' });
    const bm = decompose(model, { method: 'bm' });
    for (let s = 0; s < G; s++) {
      let iv = 0;
      for (let i = s * N; i < (s + 1) * N; i++) {
        for (let k = 0; k < GN; k++) {
          const rr = Math.floor(k / N);
          if (rr === s) continue;
          for (let t = 0; t < G; t++) if (t !== s && t !== rr) iv += model.v[i] * B.get(i, k) * model.Yc.get(k, t);
        }
      }
      const c = model.table.countries[s];
      expect(close(val(r, c, null, 'IV'), iv, 1e-10)).toBe(true);
      expect(close(val(r, c, null, 'FV'), val(bm, c, null, 'FC'), 1e-10)).toBe(true);
    }
    const s = decompose(model, { method: 'koopman', summary: true });
    expect([...new Set(s.rows.map((x) => x.term))]).toEqual(['GEXP', 'FC']);
  });

  it('iciotest with its CN/MX splits kept, and the NAFTA block: IV = exvatools kww VAX3 (DVA_INTrex), FV = kww FC (1e-9)', async () => {
    // Sources: exvatools_testdata_terms.csv (kww VAX3) and exvatools_testdata_decompositions.csv (kww FC),
    // exvatools 0.9.0, which puts CN1/CN2 in China's and MX1/MX2 in Mexico's domestic block, as the frame does.
    const model = await exvatoolsModel('iciotest');
    const plain = decompose(model, { method: 'koopman' });
    const block = decompose(model, { method: 'koopman', blocks: { NAFTA: ['MEX', 'USA'] } });
    const kwwBlock = decompose(model, { method: 'kww', blocks: { NAFTA: ['MEX', 'USA'] }, exporters: ['NAFTA'] });
    expect(new Set(plain.rows.map((x) => x.exporter))).toEqual(new Set(['ESP', 'FRA', 'MEX', 'USA', 'CHN', 'ROW']));
    let n = 0;
    for (const ref of exvatoolsRefs('kww', 'terms').filter((x) => x.dataset === 'iciotest' && x.component === 'VAX3')) {
      expect(close(val(plain, ref.exporter, null, 'IV'), ref.value, 1e-9), `${ref.exporter} IV`).toBe(true);
      n++;
    }
    for (const ref of exvatoolsRefs('kww').filter((x) => x.dataset === 'iciotest' && x.component === 'FC')) {
      const r = ref.exporter === 'NAFTA' ? block : plain;
      expect(close(val(r, ref.exporter, null, 'FV'), ref.value, 1e-9), `${ref.exporter} FV`).toBe(true);
      n++;
    }
    expect(n).toBe(6 + 7);
    // the block's IV is its KWW DVA_INTrex; sector rows add up to the block's figure
    const dvaIntrex = kwwBlock.rows.find((x) => x.term === 'DVA_INTrex')!.value as number;
    expect(close(val(block, 'NAFTA', null, 'IV'), dvaIntrex, 1e-10)).toBe(true);
    const sec = decompose(model, { method: 'koopman', level: 'sector', blocks: { NAFTA: ['MEX', 'USA'] }, exporters: ['NAFTA'] });
    for (const term of ['GEXP', 'IV', 'FV']) {
      const total = model.table.sectors.reduce((a, s) => a + val(sec, 'NAFTA', s, term), 0);
      expect(close(total, val(block, 'NAFTA', null, term), 1e-12)).toBe(true);
    }
  });
});
