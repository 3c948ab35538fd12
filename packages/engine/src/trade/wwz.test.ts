import { describe, expect, test } from 'vitest';
import { close } from '../../test/shared.js';
import {
  againstExvatools,
  exvatoolsExpectations,
  exvatoolsModel,
  exvatoolsSummaryAndTerms,
  leatherModel as leather,
  readRefCsv,
  runMethod,
  sumBy,
  valueOf,
} from '../../test/trade-refs.js';
import { Model } from '../model/model.js';
import type { Row } from '../results/result.js';
import { sampleWorld } from '../sources/sample-world.js';
import type { DecomposeOptions, Level } from './decompose.js';
import { frameOf } from './frame.js';
import { WWZ_TERMS, wwzCube, wwzMethod } from './wwz.js';

const run = (m: Model, level: Level, o: Partial<DecomposeOptions> = {}) => runMethod(wwzMethod, m, level, o);

/** exvatools' WWZ term names (output "terms") → decompr's. */
const EXVA_WWZ: Record<string, string> = {
  DVA_FIN: 'DVA_FIN',
  DVA_INT: 'DVA_INT',
  DVA_INTrex1: 'DVA_INTrexI1',
  DVA_INTrex2: 'DVA_INTrexF',
  DVA_INTrex3: 'DVA_INTrexI2',
  RDV_FIN1: 'RDV_FIN',
  RDV_FIN2: 'RDV_FIN2',
  RDV_INT: 'RDV_INT',
  DDC_FIN: 'DDC_FIN',
  DDC_INT: 'DDC_INT',
  FVA_FIN1: 'MVA_FIN',
  FVA_FIN2: 'OVA_FIN',
  FVA_INT1: 'MVA_INT',
  FVA_INT2: 'OVA_INT',
  MDC: 'MDC',
  ODC: 'ODC',
};

describe('WWZ against R decompr and exvatools', () => {
  test('leather: every term of decompr::wwz (27 bilateral-sector rows × 16 terms), 1e-9', async () => {
    // Source: decompr 6.8.0 wwz(load_tables_vectors(leather)), full precision.
    const m = await leather();
    const rows = run(m, 'sector-bilateral').rows;
    const ref = readRefCsv('decompr_leather_wwz.csv');
    expect(ref).toHaveLength(27);
    let checked = 0;
    for (const r of ref) {
      for (const term of WWZ_TERMS) {
        const want = Number(r[term]);
        if (r.Exporting_Country === r.Importing_Country) {
          expect(want).toBe(0); // decompr lists home rows as zero; the engine does not report them
          continue;
        }
        const got = valueOf(rows, { exporter: r.Exporting_Country, sector: r.Exporting_Industry, importer: r.Importing_Country, term });
        expect(
          close(got, want, 1e-9),
          `${r.Exporting_Country} ${r.Exporting_Industry} → ${r.Importing_Country} ${term}: ${got} vs ${want}`,
        ).toBe(true);
        checked++;
      }
      // decompr's texp: the 16 terms add up to bilateral sector exports.
      if (r.Exporting_Country !== r.Importing_Country) {
        const sum = rows
          .filter((x) => x.exporter === r.Exporting_Country && x.sector === r.Exporting_Industry && x.importer === r.Importing_Country)
          .reduce((a, x) => a + Number(x.value), 0);
        expect(close(sum, Number(r.texp), 1e-12)).toBe(true);
      }
    }
    expect(checked).toBe(18 * 16);
  });

  test('leather: the WWZ excerpt printed in the icio vignette (DVA_FIN into Germany), 7 decimals', async () => {
    // Source: leather_reference_outputs.md, "WWZ (16 terms): DVA_FIN into Germany".
    const rows = run(await leather(), 'sector-bilateral', { importers: ['Germany'] }).rows;
    const want: [string, string, number][] = [
      ['Argentina', 'Agriculture', 7.5385668],
      ['Argentina', 'Textile_and_Leather', 3.9470004],
      ['Argentina', 'Transport_Equipment', 0.5655083],
      ['Turkey', 'Agriculture', 11.8896593],
      ['Turkey', 'Textile_and_Leather', 13.7238725],
      ['Turkey', 'Transport_Equipment', 3.433187],
    ];
    for (const [exporter, sector, v] of want) expect(valueOf(rows, { exporter, sector, term: 'DVA_FIN' })).toBeCloseTo(v, 7);
  });

  test('exvatools WWZ terms and summary, country level: leather, iciotest (CN/MX splits in their country) and wiodtest, 1e-9', async () => {
    // Sources: exvatools_leather_decompositions.csv (wwz, wwz_terms), exvatools_testdata_terms.csv
    // and exvatools_testdata_decompositions.csv (wwz), exvatools 0.9.0. Groups (NAFTA) are not covered.
    const refs = exvatoolsSummaryAndTerms('wwz');
    expect(refs.length).toBe(390); // 135 summary values and 255 terms
    for (const { ref, got, label } of await againstExvatools(wwzMethod, refs, EXVA_WWZ))
      expect(close(got, ref.value, 1e-9), label).toBe(true);
  });

  test("exvatools' own test expectations for WWZ (iciotest, ESP and CHN, 2 decimals)", async () => {
    const exp = exvatoolsExpectations().filter((r) => r.method === 'wwz');
    expect(exp.length).toBe(18);
    for (const { ref, got } of await againstExvatools(wwzMethod, exp)) expect(got).toBeCloseTo(ref.value, 2);
  });
});

/** Checks the WWZ identities on a model: terms add up to E_sr, final and intermediate parts, levels, summary. */
function checkIdentities(m: Model, tol: number): void {
  const f = frameOf(m);
  const cube = wwzCube(f);
  const { G, GN } = f;
  const at = (term: string) => cube.data[cube.terms.indexOf(term)];
  const fin = ['DVA_FIN', 'OVA_FIN', 'MVA_FIN'].map(at);
  for (let j = 0; j < GN; j++) {
    for (let r = 0; r < G; r++) {
      const q = j + r * GN;
      let all = 0;
      for (const d of cube.data) all += d[q];
      const scale = Math.max(1, f.E[j]);
      expect(Math.abs(all - f.Esr[q]) / scale).toBeLessThan(tol);
      const finSum = fin[0][q] + fin[1][q] + fin[2][q];
      expect(Math.abs(finSum - f.EsrFin[q]) / scale).toBeLessThan(tol);
      if (r === f.cOf[j]) expect(all).toBe(0);
    }
  }
  // Levels add up: country = Σ sectors = Σ importers = Σ sector-bilateral.
  const key = (r: Row) => `${r.exporter}|${r.term}`;
  const country = sumBy(run(m, 'country').rows, key);
  for (const level of ['sector', 'bilateral', 'sector-bilateral'] as const) {
    const agg = sumBy(run(m, level).rows, key);
    for (const [k, v] of country) expect(Math.abs((agg.get(k) ?? NaN) - v) / Math.max(1, Math.abs(v))).toBeLessThan(tol);
  }
  // Summary identities.
  const s = wwzMethod.summarize(run(m, 'bilateral').rows);
  const g = new Map<string, Record<string, number>>();
  for (const r of s) {
    const k = `${r.exporter}|${r.importer}`;
    g.set(k, { ...(g.get(k) ?? {}), [String(r.term)]: Number(r.value) });
  }
  for (const [k, c] of g) {
    const [exp, imp] = k.split('|');
    const esr = m.table.countries.indexOf(exp);
    const scale = Math.max(1, c.GEXP);
    expect(Math.abs(c.GEXP - (c.DC + c.FC)) / scale, k).toBeLessThan(tol);
    expect(Math.abs(c.DC - (c.DVA + c.DDC)) / scale).toBeLessThan(tol);
    expect(Math.abs(c.DVA - (c.VAX + c.REF)) / scale).toBeLessThan(tol);
    expect(Math.abs(c.FC - (c.FVA + c.FDC)) / scale).toBeLessThan(tol);
    let e = 0;
    for (const j of f.rows[esr]) e += f.Esr[j + m.table.countries.indexOf(imp) * GN];
    expect(Math.abs(c.GEXP - e) / scale).toBeLessThan(tol);
  }
}

describe('WWZ identities', () => {
  test('random sample worlds: terms sum to bilateral sector exports, levels add up, DVA = VAX + REF …', () => {
    for (const [countries, sectors, seed] of [
      [4, 3, 7],
      [6, 5, 11],
      [3, 8, 99],
    ]) {
      checkIdentities(Model.build(sampleWorld({ countries, sectors, seed, categories: 2 })), 1e-10);
    }
  });

  test('iciotest with its splits folded: the identities hold on the folded blocks', async () => {
    const m = await exvatoolsModel('iciotest');
    expect(frameOf(m).folded).toBe(true);
    expect(frameOf(m).countries).toEqual(['ESP', 'FRA', 'MEX', 'USA', 'CHN', 'ROW']);
    checkIdentities(m, 1e-10);
    expect(run(m, 'country').meta.domesticBlocks).toEqual({ MEX: ['MEX', 'MX1', 'MX2'], CHN: ['CHN', 'CN1', 'CN2'] });
  });

  test('options: unknown codes and levels are errors naming the option', async () => {
    const m = await leather();
    expect(() => run(m, 'country', { exporters: ['XXX'] })).toThrow(
      /exporters: 'XXX' is neither a country of the table.*Argentina, Turkey, Germany/,
    );
    expect(() => run(m, 'world' as Level)).toThrow(/level: found 'world' for method wwz/);
    const some = run(m, 'sector-bilateral', { exporters: ['Turkey'], importers: ['Germany'], sectors: ['Agriculture'] }).rows;
    expect(some).toHaveLength(16);
    expect(some.every((r) => r.exporter === 'Turkey' && r.importer === 'Germany' && r.sector === 'Agriculture')).toBe(true);
  });
});
