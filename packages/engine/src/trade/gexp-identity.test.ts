/**
 * GEXP = DC + FC on real data: all 17 WIOD 2013 years (shared/data/wiod2013, 1995–2011). Several
 * years have country-sectors with output x ≤ 0 that still export or deliver intermediates (drawn
 * from inventories: MLT c8 1998–99, LUX 1996–2008, LVA 2001–03, BEL 1999). Their deliveries count
 * as their own domestic value added (Model.vTrace = 1 there), and what they buy is absorbed by
 * their country (Model.absorbedInputs: final demand, x = A x + y), so for every exporter and year:
 * GEXP is the table's gross exports Σ E in every method, and every method's components add up to
 * it (DC + FC, DVA + DDC, FVA + FDC; KWW's and WWZ's own terms sum to GEXP). Tolerance 1e-9
 * relative. Country level, one model (one factorisation of I − A) per year.
 */
import { describe, expect, it } from 'vitest';
import { close, dataPath } from '../../test/shared.js';
import { Model } from '../model/model.js';
import type { Row } from '../results/result.js';
import { readTable } from '../sources/registry.js';
import { decompose, TRADE_METHODS, type MethodId } from './decompose.js';
import './methods.js';

const YEARS = Array.from({ length: 17 }, (_, k) => 1995 + k);
const byKey = (rows: Row[]) => {
  const out = new Map<string, number>();
  for (const r of rows) out.set(`${r.exporter}|${r.term}`, (out.get(`${r.exporter}|${r.term}`) ?? 0) + Number(r.value));
  return out;
};

describe('GEXP = DC + FC for every exporter of every WIOD 2013 year (1e-9 relative)', () => {
  it('bm (source, sink), kww, wwz, my, tiva, hiy: same GEXP, components add up', async () => {
    let checked = 0;
    let zeroExporting = 0;
    for (const year of YEARS) {
      const m = Model.build(await readTable(dataPath('wiod2013', `wiot${year}_2013rel_int.csv.gz`), { format: 'wide' }));
      for (const j of m.zeroOutput) if (m.E[j] > 0) zeroExporting++;
      const gexp = new Map(m.table.countries.map((c, g) => [c, m.E.subarray(g * m.N, (g + 1) * m.N).reduce((a, b) => a + b, 0)]));
      const runs: [string, MethodId, 'source' | 'sink'][] = [
        ['bm source', 'bm', 'source'],
        ['bm sink', 'bm', 'sink'],
        ['kww', 'kww', 'source'],
        ['wwz', 'wwz', 'source'],
        ['my', 'my', 'source'],
        ['tiva', 'tiva', 'source'],
        ['hiy', 'hiy', 'source'],
      ];
      for (const [label, method, approach] of runs) {
        const raw = decompose(m, { method, approach });
        const s = byKey(TRADE_METHODS[method]!.summarize(raw.rows));
        const own = method === 'kww' || method === 'wwz' ? byKey(raw.rows.map((r) => ({ ...r, term: 'ALL' }))) : null;
        for (const [c, want] of gexp) {
          const v = (t: string) => s.get(`${c}|${t}`);
          const what = `${year} ${label} ${c}`;
          expect(close(v('GEXP')!, want, 1e-9), `${what} GEXP ${v('GEXP')} vs Σ E ${want}`).toBe(true);
          if (v('DC') !== undefined && v('FC') !== undefined)
            expect(close(v('DC')! + v('FC')!, want, 1e-9), `${what} DC + FC ${v('DC')! + v('FC')!} vs ${want}`).toBe(true);
          if (v('DVA') !== undefined && v('DDC') !== undefined)
            expect(close(v('DVA')! + v('DDC')!, v('DC')!, 1e-9), `${what} DC`).toBe(true);
          if (v('FVA') !== undefined && v('FDC') !== undefined)
            expect(close(v('FVA')! + v('FDC')!, v('FC')!, 1e-9), `${what} FC`).toBe(true);
          if (own) expect(close(own.get(`${c}|ALL`)!, want, 1e-9), `${what} Σ terms`).toBe(true);
          checked++;
        }
      }
    }
    // The years do have the sectors the issue is about.
    expect(zeroExporting).toBeGreaterThan(0);
    expect(checked).toBe(17 * 7 * 41);
  });
});
