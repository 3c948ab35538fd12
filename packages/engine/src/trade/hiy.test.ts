import { describe, expect, test } from 'vitest';
import { close } from '../../test/shared.js';
import { exvatoolsModel, leatherModel as leather, readRefCsv, runMethod, sumBy, valueOf } from '../../test/trade-refs.js';
import { Model } from '../model/model.js';
import { sampleWorld } from '../sources/sample-world.js';
import type { Level } from './decompose.js';
import { HIY_COLUMNS, hiyMethod, vaOriginMatrix } from './hiy.js';
import { tivaMethod } from './tiva.js';
import { kwwMethod } from './kww.js';

const run = (m: Model, level: Level) => runMethod(hiyMethod, m, level);

describe('HIY value-added origin of exports', () => {
  test('leather: every element of decompr::leontief (post = "exports"), 81 values, 1e-9', async () => {
    // Source: decompr_leather_leontief_exports.csv (decompr 6.8.0), FVAX[k, j] = v_k B_kj E_j.
    const res = run(await leather(), 'sector');
    expect(res.columns).toEqual(HIY_COLUMNS);
    const ref = readRefCsv('decompr_leather_leontief_exports.csv');
    expect(ref).toHaveLength(81);
    for (const r of ref) {
      const got = valueOf(res.rows, {
        exporter: r.Using_Country,
        sector: r.Using_Industry,
        origin_country: r.Source_Country,
        origin_sector: r.Source_Industry,
        term: 'VA',
      });
      expect(close(got, Number(r.FVAX), 1e-9), `${r.Source_Country}.${r.Source_Industry} → ${r.Using_Country}.${r.Using_Industry}`).toBe(
        true,
      );
    }
  });

  test('leather: decompr::leontief post = "output" (V̂ B x̂) and post = "final_demand" (V̂ B Y = TiVA FD_VA), 1e-9', async () => {
    // Sources: decompr_leather_leontief_output.csv (81 values), decompr_leather_leontief_finaldemand.csv (27 values).
    const m = await leather();
    const { countries, sectors } = m.table;
    const idx = (c: string, s: string) => countries.indexOf(c) * m.N + sectors.indexOf(s);
    const out = vaOriginMatrix(m, m.x);
    const ref = readRefCsv('decompr_leather_leontief_output.csv');
    expect(ref).toHaveLength(81);
    for (const r of ref)
      expect(close(out.get(idx(r.Source_Country, r.Source_Industry), idx(r.Using_Country, r.Using_Industry)), Number(r.FVAX), 1e-9)).toBe(
        true,
      );
    const fd = runMethod(tivaMethod, m, 'sector-bilateral').rows;
    const refFd = readRefCsv('decompr_leather_leontief_finaldemand.csv');
    expect(refFd).toHaveLength(27);
    for (const r of refFd) {
      const got = valueOf(fd, { exporter: r.Source_Country, sector: r.Source_Industry, importer: r.Importing_Country, term: 'FD_VA' });
      expect(close(got, Number(r.Final_Demand), 1e-9), `${r.Source_Country} ${r.Source_Industry} → ${r.Importing_Country}`).toBe(true);
    }
  });

  test('leather: first and last values quoted from decompr tests (leather_reference_outputs.md)', async () => {
    const rows = run(await leather(), 'sector').rows;
    expect(
      valueOf(rows, {
        exporter: 'Argentina',
        sector: 'Agriculture',
        origin_country: 'Argentina',
        origin_sector: 'Agriculture',
        term: 'VA',
      }),
    ).toBeCloseTo(28.5227814, 6);
    expect(
      valueOf(rows, {
        exporter: 'Argentina',
        sector: 'Textile_and_Leather',
        origin_country: 'Argentina',
        origin_sector: 'Agriculture',
        term: 'VA',
      }),
    ).toBeCloseTo(2.7939513, 6);
    // decompr's row 81: origin Germany.Transport_Equipment in exports of Germany.Transport_Equipment.
    expect(
      valueOf(rows, {
        exporter: 'Germany',
        sector: 'Transport_Equipment',
        origin_country: 'Germany',
        origin_sector: 'Transport_Equipment',
        term: 'VA',
      }),
    ).toBeCloseTo(34.74381, 4);
  });

  test('identities: origins add up to exports, DC + VS = GEXP, world VS = world VS1, DC equals KWW/WWZ DC', async () => {
    for (const m of [Model.build(sampleWorld({ countries: 5, sectors: 3, seed: 5 })), await exvatoolsModel('iciotest'), await leather()]) {
      for (const level of ['sector', 'country'] as const) {
        const rows = run(m, level).rows;
        const key = (r: (typeof rows)[number]) => `${r.exporter}|${r.sector}`;
        const va = sumBy(
          rows.filter((r) => r.term === 'VA'),
          key,
        );
        for (const r of rows.filter((x) => x.term === 'GEXP')) {
          const g = Number(r.value);
          expect(close(va.get(key(r)) ?? NaN, g, 1e-10)).toBe(true);
          const dc = valueOf(rows, { exporter: r.exporter, sector: r.sector, term: 'DC' });
          const vs = valueOf(rows, { exporter: r.exporter, sector: r.sector, term: 'VS' });
          expect(close(dc + vs, g, 1e-10)).toBe(true);
        }
        const total = (t: string) => rows.filter((r) => r.term === t).reduce((a, r) => a + Number(r.value), 0);
        expect(close(total('VS'), total('VS1'), 1e-10)).toBe(true);
      }
      const hiy = hiyMethod.summarize(run(m, 'country').rows);
      const kww = kwwMethod.summarize(runMethod(kwwMethod, m, 'country').rows);
      for (const c of new Set(hiy.map((r) => r.exporter))) {
        for (const t of ['GEXP', 'DC', 'FC'])
          expect(close(valueOf(hiy, { exporter: c, term: t }), valueOf(kww, { exporter: c, term: t }), 1e-10), `${c} ${t}`).toBe(true);
      }
    }
  });
});
