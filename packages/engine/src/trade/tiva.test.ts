import { describe, expect, test } from 'vitest';
import { close } from '../../test/shared.js';
import {
  againstExvatools,
  exvatoolsExpectations,
  exvatoolsModel,
  exvatoolsRefs,
  runMethod,
  sumBy,
  valueOf,
} from '../../test/trade-refs.js';
import { Model } from '../model/model.js';
import type { Row } from '../results/result.js';
import { sampleWorld } from '../sources/sample-world.js';
import type { Level } from './decompose.js';
import { frameOf } from './frame.js';
import { tivaMethod } from './tiva.js';

const run = (m: Model, level: Level) => runMethod(tivaMethod, m, level);

describe('TiVA set', () => {
  test('exvatools method "oecd": leather, iciotest (CN/MX splits in their country), wiodtest, 1e-9', async () => {
    // Sources: exvatools_leather_decompositions.csv and exvatools_testdata_decompositions.csv (oecd),
    // exvatools 0.9.0: EXGR, DC (= EXGR_DVA), DVA, VAX (= FFD_DVA), REF, DDC (= EXGR_RIM), FC (= EXGR_FVA),
    // GVC, GVCB (= DEXFVAP), GVCF (= FEXDVAP).
    const refs = exvatoolsRefs('oecd').filter((r) => r.exporter !== 'NAFTA');
    expect(refs.length).toBe(30 + 60 + 60);
    for (const { ref, got, label } of await againstExvatools(tivaMethod, refs)) expect(close(got, ref.value, 1e-9), label).toBe(true);
  });

  test("exvatools' own test expectations for oecd (iciotest, ESP and CHN, 2 decimals)", async () => {
    const exp = exvatoolsExpectations().filter((r) => r.method === 'oecd');
    expect(exp.length).toBe(20);
    for (const { ref, got } of await againstExvatools(tivaMethod, exp)) expect(got).toBeCloseTo(ref.value, 2);
  });

  test('accounting: content splits, shares, mirror flows, world balances and value added in final demand', async () => {
    for (const m of [Model.build(sampleWorld({ countries: 5, sectors: 3, seed: 13, categories: 2 })), await exvatoolsModel('iciotest')]) {
      const f = frameOf(m);
      const countries = f.countries;
      for (const level of ['country', 'sector', 'bilateral', 'sector-bilateral'] as const) {
        const rows = run(m, level).rows;
        const groups = new Map<string, Map<string, number>>();
        for (const r of rows) {
          const k = `${r.exporter}|${r.sector}|${r.importer}`;
          if (!groups.has(k)) groups.set(k, new Map());
          groups.get(k)!.set(String(r.term), Number(r.value));
        }
        for (const [k, g] of groups) {
          const v = (t: string) => g.get(t) ?? NaN;
          if (!g.has('EXGR')) continue;
          const scale = Math.max(1, v('EXGR'));
          expect(Math.abs(v('EXGR_DVA') - (v('EXGR_DDC') + v('EXGR_IDC') + v('EXGR_RIM'))) / scale, k).toBeLessThan(1e-10);
          expect(Math.abs(v('EXGR') - (v('EXGR_DVA') + v('EXGR_FVA'))) / scale).toBeLessThan(1e-10);
          expect(Math.abs(v('EXGR') - (v('EXGR_FNL') + v('EXGR_INT'))) / scale).toBeLessThan(1e-10);
          expect(Math.abs(v('BALGR') - (v('EXGR') - v('IMGR')))).toBeLessThan(1e-9);
          expect(Math.abs(v('REF') - (v('EXGR_DDC') + v('EXGR_IDC') - v('FFD_DVA')))).toBeLessThan(1e-9);
          if (v('EXGR') > 0) expect(v('EXGR_DVASH') + v('EXGR_FVASH')).toBeCloseTo(100, 10);
        }
        const total = (t: string) => rows.filter((r) => r.term === t).reduce((a, r) => a + Number(r.value), 0);
        // The world's trade balances are zero; foreign VA in exports = VA in other countries' exports.
        expect(Math.abs(total('BALGR')) / total('EXGR')).toBeLessThan(1e-12);
        expect(Math.abs(total('BALVAFD')) / total('EXGR')).toBeLessThan(1e-12);
        expect(close(total('DEXFVAP'), total('FEXDVAP'), 1e-10)).toBe(true);
        expect(close(total('IMGR'), total('EXGR'), 1e-10)).toBe(true);
        expect(close(total('DFD_FVA'), total('FFD_DVA'), 1e-10)).toBe(true);
      }
      // Bilateral mirror: what s imports from r is what r exports to s; VA of r in the final demand of s.
      const bil = run(m, 'bilateral').rows;
      for (const s of countries) {
        for (const r of countries) {
          if (r === s) continue;
          expect(
            close(
              valueOf(bil, { exporter: s, importer: r, term: 'IMGR' }),
              valueOf(bil, { exporter: r, importer: s, term: 'EXGR' }),
              1e-10,
            ),
          ).toBe(true);
          expect(
            close(
              valueOf(bil, { exporter: s, importer: r, term: 'DFD_FVA' }),
              valueOf(bil, { exporter: r, importer: s, term: 'FFD_DVA' }),
              1e-10,
            ),
          ).toBe(true);
          expect(
            close(
              valueOf(bil, { exporter: s, importer: r, term: 'FD_VA' }),
              valueOf(bil, { exporter: s, importer: r, term: 'FFD_DVA' }),
              1e-10,
            ),
          ).toBe(true);
        }
      }
      // Value added in final demand: each country's VA ends in some final demand (v B Y summed = VA).
      const ctry = run(m, 'country').rows;
      const va = sumBy(
        Array.from(m.va, (value, i) => ({ exporter: countries[f.cOf[i]], value }) as Row),
        (r) => String(r.exporter),
      );
      for (const c of countries) {
        const fd = valueOf(ctry, { exporter: c, term: 'FD_VA' });
        expect(close(fd, va.get(c)!, 1e-10), c).toBe(true);
        expect(close(fd, valueOf(ctry, { exporter: c, term: 'DXD_DVA' }) + valueOf(ctry, { exporter: c, term: 'FFD_DVA' }), 1e-10)).toBe(
          true,
        );
      }
    }
  });
});
