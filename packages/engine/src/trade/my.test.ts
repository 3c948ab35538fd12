import { LU, Matrix } from '@catena/linalg';
import { describe, expect, test } from 'vitest';
import { close } from '../../test/shared.js';
import { againstExvatools, exvatoolsExpectations, exvatoolsRefs, runMethod, sumBy, valueOf } from '../../test/trade-refs.js';
import { Model } from '../model/model.js';
import type { Row } from '../results/result.js';
import { sampleWorld } from '../sources/sample-world.js';
import type { Level } from './decompose.js';
import { frameOf } from './frame.js';
import { miroudotYeCoefficients, miroudotYeMethod } from './my.js';
import { wwzMethod } from './wwz.js';

const run = (m: Model, level: Level) => runMethod(miroudotYeMethod, m, level);

describe('Miroudot–Ye', () => {
  test('exvatools method "my": leather, iciotest (CN/MX splits in their country), wiodtest, 1e-9', async () => {
    // Sources: exvatools_leather_decompositions.csv and exvatools_testdata_decompositions.csv (my), exvatools 0.9.0.
    const refs = exvatoolsRefs('my').filter((r) => r.exporter !== 'NAFTA');
    expect(refs.length).toBe(21 + 42 + 42);
    for (const { ref, got, label } of await againstExvatools(miroudotYeMethod, refs)) expect(close(got, ref.value, 1e-9), label).toBe(true);
  });

  test("exvatools' own test expectations for my (iciotest, ESP and CHN, 2 decimals)", async () => {
    const exp = exvatoolsExpectations().filter((r) => r.method === 'my');
    expect(exp.length).toBe(14);
    for (const { ref, got } of await againstExvatools(miroudotYeMethod, exp)) expect(got).toBeCloseTo(ref.value, 2);
  });

  test('the Woodbury update equals the extraction inverse (I − A°)⁻¹ factorised directly', () => {
    const m = Model.build(sampleWorld({ countries: 4, sectors: 3, seed: 21 }));
    const f = frameOf(m);
    const [dva, ddc, fva, fdc] = miroudotYeCoefficients(f);
    const { GN, N } = m;
    for (let s = 0; s < m.G; s++) {
      // A° = A with the intermediate exports of s removed; B° by its own factorisation (test only).
      const IA = new Matrix(GN, GN);
      for (let j = 0; j < GN; j++) {
        for (let i = 0; i < GN; i++) {
          const exportOfS = Math.floor(i / N) === s && Math.floor(j / N) !== s;
          IA.data[i + j * GN] = (i === j ? 1 : 0) - (exportOfS ? 0 : m.A.data[i + j * GN]);
        }
      }
      const Bo = LU.factor(IA).inverse();
      for (let j = s * N; j < (s + 1) * N; j++) {
        let dom = 0;
        let foreign = 0;
        let domB = 0;
        let foreignB = 0;
        for (let k = 0; k < GN; k++) {
          const own = Math.floor(k / N) === s;
          const vo = m.v[k] * Bo.data[k + j * GN];
          const vb = m.v[k] * m.B.data[k + j * GN];
          if (own) {
            dom += vo;
            domB += vb;
          } else {
            foreign += vo;
            foreignB += vb;
          }
        }
        expect(close(dva[j], dom, 1e-12)).toBe(true);
        expect(close(ddc[j], domB - dom, 1e-12)).toBe(true);
        expect(close(fva[j], foreign, 1e-12)).toBe(true);
        expect(close(fdc[j], foreignB - foreign, 1e-12)).toBe(true);
      }
    }
  });

  test('identities: DC + FC = GEXP, DVA equals the WWZ DVA, levels add up', () => {
    const m = Model.build(sampleWorld({ countries: 6, sectors: 4, seed: 8, categories: 2 }));
    const my = miroudotYeMethod.summarize(run(m, 'country').rows);
    const wwz = wwzMethod.summarize(runMethod(wwzMethod, m, 'country').rows);
    for (const c of m.table.countries) {
      const v = (t: string) => valueOf(my, { exporter: c, term: t });
      expect(close(v('GEXP'), v('DC') + v('FC'), 1e-10)).toBe(true);
      for (const t of ['GEXP', 'DC', 'DVA', 'DDC', 'FC'])
        expect(close(v(t), valueOf(wwz, { exporter: c, term: t }), 1e-10), `${c} ${t}`).toBe(true);
    }
    const key = (r: Row) => `${r.exporter}|${r.term}`;
    const country = sumBy(run(m, 'country').rows, key);
    for (const level of ['sector', 'bilateral', 'sector-bilateral'] as const) {
      const agg = sumBy(run(m, level).rows, key);
      for (const [k, v] of country) expect(close(agg.get(k) ?? NaN, v, 1e-10)).toBe(true);
    }
  });
});
