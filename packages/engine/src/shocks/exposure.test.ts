/**
 * Exposure: shares computed here independently — L by a fresh inverse of I − A, the look-through
 * requirements as the product L·Z (equal to (L − I)x̂) — against the analysis, to 1e-12; shares
 * over suppliers sum to one; concentration bounds. On WIOD 2011, US manufacturing's look-through
 * exposure to China exceeds its face value (the hidden exposure Baldwin, Freeman &
 * Theodorakopoulos 2023 report, on OECD ICIO, for the US).
 */
import { inverse, matmul, Matrix } from '@catena/linalg';
import { beforeAll, describe, expect, test } from 'vitest';
import { modelOf } from '../../test/trade-refs.js';
import type { Model } from '../model/model.js';
import type { Row } from '../results/result.js';
import { exposure } from './exposure.js';

function value(rows: Row[], country: string, sector: string, supplier: string, indicator: string): number {
  const r = rows.find((x) => x.country === country && x.sector === sector && x.supplier === supplier && x.indicator === indicator);
  if (!r) throw new Error(`no row ${country} ${sector} ${supplier} ${indicator}`);
  return r.value as number;
}

/** I − A, then a fresh inverse, then L·Z. */
function lookThrough(m: Model): Matrix {
  const n = m.GN;
  const I = new Matrix(n, n);
  for (let k = 0; k < n * n; k++) I.data[k] = -m.A.data[k];
  for (let i = 0; i < n; i++) I.data[i + i * n] += 1;
  return matmul(inverse(I), m.table.Z);
}

describe('exposure on leather against an independent computation', () => {
  let m: Model;
  let rows: Row[];
  beforeAll(async () => {
    m = await modelOf(['leather', 'leather_wide.csv']);
    rows = exposure(m).rows;
  });

  test('fv, lt and the sales side equal the shares of Z and L·Z, every buyer and supplier (1e-12)', () => {
    const LZ = lookThrough(m);
    const Z = m.table.Z;
    const { G, N, GN } = m;
    const cs = m.table.countries;
    for (let j = 0; j < GN; j++) {
      const [c, sec] = [cs[Math.floor(j / N)], m.table.sectors[j % N]];
      let zt = 0;
      let lt = 0;
      let zs = 0;
      let ls = 0;
      for (let i = 0; i < GN; i++) {
        zt += Z.get(i, j);
        lt += LZ.get(i, j);
        zs += Z.get(j, i);
        ls += LZ.get(j, i);
      }
      let sum = 0;
      for (let s = 0; s < G; s++) {
        let zf = 0;
        let lf = 0;
        let zr = 0;
        let lr = 0;
        for (let i = s * N; i < (s + 1) * N; i++) {
          zf += Z.get(i, j);
          lf += LZ.get(i, j);
          zr += Z.get(j, i);
          lr += LZ.get(j, i);
        }
        expect(Math.abs(value(rows, c, sec, cs[s], 'fv') - zf / zt)).toBeLessThan(1e-12);
        expect(Math.abs(value(rows, c, sec, cs[s], 'lt') - lf / lt)).toBeLessThan(1e-12);
        expect(Math.abs(value(rows, c, sec, cs[s], 'fv_sales') - zr / zs)).toBeLessThan(1e-12);
        expect(Math.abs(value(rows, c, sec, cs[s], 'lt_sales') - lr / ls)).toBeLessThan(1e-12);
        sum += value(rows, c, sec, cs[s], 'hidden');
      }
      expect(Math.abs(sum)).toBeLessThan(1e-12);
      const own = value(rows, c, sec, c, 'lt');
      expect(Math.abs(value(rows, c, sec, 'foreign', 'lt') - (1 - own))).toBeLessThan(1e-12);
      const hhi = value(rows, c, sec, 'foreign', 'supplier_hhi_lt');
      const top = rows.find((x) => x.country === c && x.sector === sec && x.indicator === 'top_supplier_share_lt')!;
      expect(hhi).toBeGreaterThanOrEqual(1 / (G - 1) - 1e-15);
      expect(top.value as number).toBeGreaterThanOrEqual(hhi - 1e-15);
      expect(cs).toContain(top.supplier);
    }
  });

  test('export_hhi of each sector from the exports of the table', () => {
    for (let n = 0; n < m.N; n++) {
      const e = m.table.countries.map((_, c) => m.E[c * m.N + n]);
      const t = e.reduce((a, b) => a + b, 0);
      const h = e.reduce((a, b) => a + (b / t) ** 2, 0);
      expect(Math.abs(value(rows, 'World', m.table.sectors[n], '', 'export_hhi') - h)).toBeLessThan(1e-12);
    }
  });
});

describe('exposure on WIOD 2011, manufacturing at country level', () => {
  let m: Model;
  beforeAll(async () => {
    m = await modelOf(['wiod2013', 'wiot2011_2013rel_int.csv.gz']);
  });

  test('country level sums numerators and denominators over the manufacturing sectors; US hidden exposure to China is positive', () => {
    const r = exposure(m, { level: 'country', sector: ['manufacturing'], sales: false }).rows;
    const manu = Array.from({ length: 14 }, (_, k) => `c${k + 3}`);
    const us = m.table.countries.indexOf('USA');
    const chn = m.table.countries.indexOf('CHN');
    const L = m.B;
    let num = 0;
    let den = 0;
    let fnum = 0;
    let fden = 0;
    for (const s of manu) {
      const j = us * m.N + m.table.sectors.indexOf(s);
      for (let i = 0; i < m.GN; i++) {
        const l = (L.get(i, j) - (i === j ? 1 : 0)) * m.x[j];
        den += l;
        fden += m.table.Z.get(i, j);
        if (Math.floor(i / m.N) === chn) {
          num += l;
          fnum += m.table.Z.get(i, j);
        }
      }
    }
    const lt = value(r, 'USA', 'manufacturing', 'CHN', 'lt');
    const fv = value(r, 'USA', 'manufacturing', 'CHN', 'fv');
    expect(Math.abs(lt - num / den)).toBeLessThan(1e-12);
    expect(Math.abs(fv - fnum / fden)).toBeLessThan(1e-12);
    expect(lt).toBeGreaterThan(fv);
    expect(value(r, 'USA', 'manufacturing', 'CHN', 'hidden')).toBeCloseTo(lt - fv, 15);
  });
});
