/**
 * KWW, WWZ, Miroudot–Ye, TiVA and HIY on WIOD 2011 (41 × 35, 2013 release): accounting identities
 * on a real table with zero-output sectors and negative value added. One table read, one model.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { close } from '../../test/shared.js';
import { modelOf, runMethod, sumBy, valueOf } from '../../test/trade-refs.js';
import type { Model } from '../model/model.js';
import type { Row } from '../results/result.js';
import type { Level, TradeMethod } from './decompose.js';
import { frameOf } from './frame.js';
import { hiyMethod } from './hiy.js';
import { kwwMethod } from './kww.js';
import { miroudotYeMethod } from './my.js';
import { tivaMethod } from './tiva.js';
import { wwzCube, wwzMethod } from './wwz.js';

let m: Model;
beforeAll(async () => {
  m = await modelOf(['wiod2013', 'wiot2011_2013rel_int.csv.gz']);
});
const run = (method: TradeMethod, level: Level) => runMethod(method, m, level);

describe('WIOD 2011 identities', () => {
  test('the table has zero-output sectors, and no term is NaN or infinite', () => {
    expect(m.zeroOutput.length).toBeGreaterThan(10);
    let bad = 0;
    for (const d of wwzCube(frameOf(m)).data) for (const x of d) if (!Number.isFinite(x)) bad++;
    expect(bad).toBe(0);
  });

  test('WWZ: the 16 terms sum to bilateral sector exports (every exporter-sector × importer)', () => {
    const f = frameOf(m);
    const cube = wwzCube(f);
    let worst = 0;
    for (let q = 0; q < f.GN * f.G; q++) {
      let s = 0;
      for (const d of cube.data) s += d[q];
      const j = q % f.GN;
      worst = Math.max(worst, Math.abs(s - f.Esr[q]) / Math.max(1, f.E[j]));
    }
    expect(worst).toBeLessThan(1e-9);
  });

  test('KWW and WWZ: terms sum to gross exports, sector and bilateral levels add up to country, summary identities', () => {
    for (const method of [kwwMethod, wwzMethod]) {
      const key = (r: Row) => `${r.exporter}|${r.term}`;
      const country = run(method, 'country').rows;
      const ctry = sumBy(country, key);
      for (const level of ['sector', 'bilateral'] as const) {
        const agg = sumBy(run(method, level).rows, key);
        for (const [k, v] of ctry) expect(close(agg.get(k) ?? NaN, v, 1e-9), `${method.id} ${level} ${k}`).toBe(true);
      }
      const gexp = sumBy(country, (r) => String(r.exporter));
      const s = method.summarize(country);
      for (let c = 0; c < m.G; c++) {
        const name = m.table.countries[c];
        let e = 0;
        for (let j = c * m.N; j < (c + 1) * m.N; j++) e += m.E[j];
        expect(close(gexp.get(name)!, e, 1e-9), `${method.id} ${name}`).toBe(true);
        const v = (t: string) => valueOf(s, { exporter: name, term: t });
        expect(close(v('GEXP'), v('DC') + v('FC'), 1e-9)).toBe(true);
        expect(close(v('DC'), v('DVA') + v('DDC'), 1e-9)).toBe(true);
        expect(close(v('DVA'), v('VAX') + v('REF'), 1e-9)).toBe(true);
        expect(close(v('FC'), v('FVA') + v('FDC'), 1e-9)).toBe(true);
      }
    }
  });

  test('Miroudot–Ye, TiVA and HIY agree with WWZ on the shared components', () => {
    const wwz = wwzMethod.summarize(run(wwzMethod, 'country').rows);
    const my = miroudotYeMethod.summarize(run(miroudotYeMethod, 'country').rows);
    const tiva = tivaMethod.summarize(run(tivaMethod, 'country').rows);
    const hiy = hiyMethod.summarize(run(hiyMethod, 'country').rows);
    for (const c of m.table.countries) {
      const w = (t: string) => valueOf(wwz, { exporter: c, term: t });
      for (const t of ['GEXP', 'DC', 'DVA', 'DDC', 'FC'])
        expect(close(valueOf(my, { exporter: c, term: t }), w(t), 1e-9), `my ${c} ${t}`).toBe(true);
      for (const t of ['GEXP', 'DC', 'DVA', 'VAX', 'REF', 'DDC', 'FC'])
        expect(close(valueOf(tiva, { exporter: c, term: t }), w(t), 1e-9), `tiva ${c} ${t}`).toBe(true);
      for (const t of ['GEXP', 'DC', 'FC']) expect(close(valueOf(hiy, { exporter: c, term: t }), w(t), 1e-9), `hiy ${c} ${t}`).toBe(true);
    }
  });
});
