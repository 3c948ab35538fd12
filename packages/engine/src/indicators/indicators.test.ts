/**
 * indicators(): value-added RCA against gvc::nrca, aggregation by sums, groups, regional split,
 * chain shape, smile curve, lock-in, errors, and a full WIOD 2011 run.
 */
import { describe, expect, it } from 'vitest';
import { Model } from '../model/model.js';
import type { Result, Row } from '../results/result.js';
import { readTable } from '../sources/registry.js';
import { sampleWorld } from '../sources/sample-world.js';
import { close, dataPath } from '../../test/shared.js';
import { INDICATORS } from './catalog.js';
import { indicators } from './indicators.js';
import { lockinTrend } from './lockin.js';
import { smileChartSvg, smileCurve } from './smile.js';

const LEATHER = dataPath('leather', 'leather_wide.csv');
const leather = async () => Model.build(await readTable(LEATHER));

/** value of (country, sector, indicator); throws when absent. */
function val(r: Result, country: string, sector: string | null, indicator: string): number | null {
  const row = r.rows.find((x) => x.country === country && x.sector === sector && x.indicator === indicator);
  if (!row) throw new Error(`no row ${country} ${sector} ${indicator}`);
  return row.value as number | null;
}
const num = (v: number | null): number => {
  if (v === null) throw new Error('value is null');
  return v;
};
const SHARE_IDS = INDICATORS.filter((i) => i.kind === 'share').map((i) => i.id);

describe('rca_va (value-added RCA)', () => {
  it('reproduces gvc::nrca on the decompr leontief output of leather (elements 1 and 9; tol 1e-6)', async () => {
    // Source: bquast/gvc tests/testthat/test_nrca.R, quoted in shared/reference/leather_reference_outputs.md:
    // element 1 (Argentina Agriculture) = 1.2676927, element 9 (Germany Transport_Equipment) = 1.9843574.
    const r = indicators(await leather(), { set: ['rca_va'] });
    const v = r.rows.map((x) => x.value as number);
    expect(v).toHaveLength(9);
    expect(Math.abs(v[0] - 1.2676927)).toBeLessThan(1e-6);
    expect(Math.abs(v[8] - 1.9843574)).toBeLessThan(1e-6);
  });

  it('is empty at country level (a country’s share of its own exports is 1 by construction)', async () => {
    const r = indicators(await leather(), { set: ['rca_va'], level: 'country' });
    expect(r.rows.every((x) => x.value === null)).toBe(true);
  });
});

describe('aggregation sums numerators and denominators', () => {
  it('country values equal sums over the country’s sectors (leather)', async () => {
    const m = await leather();
    const s = indicators(m, { set: ['production', 'participation', 'plv', 'upstreamness', 'ply'] });
    const c = indicators(m, { set: ['production', 'participation', 'plv', 'upstreamness', 'ply'], level: 'country' });
    for (const country of m.table.countries) {
      const sec = m.table.sectors;
      const tot = (id: string) => sec.reduce((a, n) => a + num(val(s, country, n, id)), 0);
      expect(close(num(val(c, country, null, 'va')), tot('va'), 1e-12)).toBe(true);
      const gvc = tot('va_gvc_simple_forward') + tot('va_gvc_complex_forward');
      expect(close(num(val(c, country, null, 'gvc_participation_forward')), gvc / tot('va'), 1e-12)).toBe(true);
      const gvcB = tot('va_gvc_simple_backward') + tot('va_gvc_complex_backward');
      expect(close(num(val(c, country, null, 'gvc_participation_backward')), gvcB / tot('final_goods'), 1e-12)).toBe(true);
      // PLv weighted by value added, upstreamness by output, PLy by final goods.
      const va = sec.map((n) => num(val(s, country, n, 'va')));
      const plv = sec.map((n) => num(val(s, country, n, 'plv')));
      const wavg = plv.reduce((a, p, k) => a + p * va[k], 0) / va.reduce((a, b) => a + b, 0);
      expect(close(num(val(c, country, null, 'plv')), wavg, 1e-12)).toBe(true);
      const g = m.table.countries.indexOf(country);
      const x = sec.map((_, n) => m.x[g * m.N + n]);
      const up = sec.map((n) => num(val(s, country, n, 'upstreamness')));
      const xavg = up.reduce((a, u, k) => a + u * x[k], 0) / x.reduce((a, b) => a + b, 0);
      expect(close(num(val(c, country, null, 'upstreamness')), xavg, 1e-12)).toBe(true);
    }
  });
});

describe('shares and bounds', () => {
  it('shares lie in [0, 1] and lengths are ≥ 1 (leather, sample world)', async () => {
    for (const m of [await leather(), Model.build(sampleWorld({ countries: 6, sectors: 4, seed: 5 }))]) {
      for (const level of ['sector', 'country'] as const) {
        const r = indicators(m, { set: ['all'], level });
        let shares = 0;
        for (const row of r.rows) {
          const v = row.value as number;
          if (SHARE_IDS.includes(String(row.indicator))) {
            shares++;
            expect(v, `${row.country} ${row.sector} ${row.indicator}`).toBeGreaterThanOrEqual(0);
            expect(v, `${row.country} ${row.sector} ${row.indicator}`).toBeLessThanOrEqual(1);
          }
          if (['plv', 'ply', 'upstreamness', 'downstreamness', 'plv_gvc', 'ply_gvc', 'chain_length'].includes(String(row.indicator))) {
            expect(v).toBeGreaterThanOrEqual(1);
          }
        }
        expect(shares).toBeGreaterThan(0);
      }
    }
  });
});

describe('groups (regional and national value chains)', () => {
  const m = Model.build(sampleWorld({ countries: 5, sectors: 4, seed: 9 }));
  const countries = m.table.countries;

  it('a single-country group equals the national results, at sector and country level', () => {
    for (const level of ['sector', 'country'] as const) {
      const r = indicators(m, { set: ['production', 'participation'], level, blocks: { SOLO: [countries[1]] } });
      const grouped = INDICATORS.filter((i) => i.grouped && i.bundle !== 'rvc').map((i) => i.id);
      let compared = 0;
      for (const row of r.rows.filter((x) => x.country === countries[1] && !String(x.indicator).includes(':'))) {
        if (!grouped.includes(String(row.indicator))) continue;
        const g = val(r, countries[1], row.sector as string | null, `SOLO:${row.indicator}`);
        const agg = val(r, 'SOLO', row.sector as string | null, `SOLO:${row.indicator}`);
        expect(close(num(g), row.value as number, 1e-10)).toBe(true);
        expect(close(num(agg), row.value as number, 1e-10)).toBe(true);
        compared++;
      }
      expect(compared).toBeGreaterThanOrEqual(16);
    }
  });

  it('rvc terms add up to value added; a single-country group has no regional or returning part', () => {
    const multi = indicators(m, { set: ['rvc', 'va', 'production'], blocks: { TRIO: countries.slice(0, 3) } });
    for (const row of multi.rows.filter((x) => x.indicator === 'va' && countries.slice(0, 3).includes(String(x.country)))) {
      const parts = ['rvc_national', 'rvc_regional', 'rvc_return', 'rvc_leave'].map((id) =>
        num(val(multi, String(row.country), row.sector as string, `TRIO:${id}`)),
      );
      expect(
        close(
          parts.reduce((a, b) => a + b, 0),
          row.value as number,
          1e-10,
        ),
      ).toBe(true);
      expect(parts[1]).toBeGreaterThan(0);
      const nat = num(val(multi, String(row.country), row.sector as string, `TRIO:va_pure_domestic_forward`));
      expect(close(parts[0] + parts[1], nat, 1e-10)).toBe(true); // inside the group = the group's pure domestic term
    }
    // Group aggregate row = sum over members.
    const sumMembers = countries.slice(0, 3).reduce((a, c) => a + num(val(multi, c, m.table.sectors[0], 'TRIO:rvc_leave')), 0);
    expect(close(num(val(multi, 'TRIO', m.table.sectors[0], 'TRIO:rvc_leave')), sumMembers, 1e-12)).toBe(true);

    const solo = indicators(m, { set: ['rvc'], blocks: { SOLO: [countries[0]] } });
    for (const row of solo.rows.filter((x) => x.indicator === 'SOLO:rvc_regional'))
      expect(Math.abs(row.value as number)).toBeLessThan(1e-9);
  });

  it('built-in groups resolve against the table’s codes; unknown members and names are errors', () => {
    const r = indicators(m, { set: ['va_gvc_simple'], level: 'country', blocks: { BRICS: undefined } });
    const members = new Set(r.rows.filter((x) => String(x.indicator).startsWith('BRICS:')).map((x) => x.country));
    expect([...members].sort()).toEqual(['BRICS', 'CHN']); // sampleWorld's first countries: CHN USA DEU JPN KOR
    expect(() => indicators(m, { blocks: { X: ['CHN', 'ZZZ'] } })).toThrow(/ZZZ not in the table; known: CHN/);
    expect(() => indicators(m, { blocks: { NOPE: undefined } })).toThrow(/no built-in group/);
    expect(() => indicators(m, { set: ['rvc_leave'] })).toThrow(/need a group/);
  });
});

describe('chain shape', () => {
  it('foreign share equals 1 − domestic value added per unit of output; HHI and effective number agree', async () => {
    const m = await leather();
    const r = indicators(m, { set: ['chain'] });
    const B = m.B;
    for (let j = 0; j < m.GN; j++) {
      const c = m.table.countries[Math.floor(j / m.N)];
      const s = m.table.sectors[j % m.N];
      let dom = 0;
      for (let i = Math.floor(j / m.N) * m.N; i < (Math.floor(j / m.N) + 1) * m.N; i++) dom += m.v[i] * B.get(i, j);
      expect(close(num(val(r, c, s, 'chain_foreign_share')), 1 - dom, 1e-12)).toBe(true);
      const hhi = num(val(r, c, s, 'chain_hhi'));
      expect(hhi).toBeGreaterThanOrEqual(1 / (m.G - 1) - 1e-12);
      expect(close(num(val(r, c, s, 'chain_effective_origins')), 1 / hhi, 1e-12)).toBe(true);
      expect(num(val(r, c, s, 'chain_origins'))).toBe(2); // both foreign countries supply > 1%
      expect(close(num(val(r, c, s, 'chain_length')), B.colSums()[j], 1e-12)).toBe(true);
    }
  });
});

describe('smile curve', () => {
  it('traces all value added of a product, stage ≥ 1, and renders an SVG chart with the data', async () => {
    const m = await leather();
    const sector = 'Transport_Equipment';
    const r = smileCurve(m, { country: 'Germany', sector, minShare: 0 });
    const j = m.table.countries.indexOf('Germany') * m.N + 2;
    const y = m.Yc.rowSums()[j];
    // v B = 1ᵀ: the value added of all contributors equals the final goods output.
    expect(close(r.meta.totalValueAdded as number, y, 1e-12)).toBe(true);
    expect(
      close(
        r.rows.reduce((a, x) => a + (x.share as number), 0),
        1,
        1e-12,
      ),
    ).toBe(true);
    for (const row of r.rows) expect(row.stage as number).toBeGreaterThanOrEqual(1);
    const svg = smileChartSvg(r);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Germany_Transport_Equipment final goods');
    for (const c of m.table.countries) expect(svg).toContain(c);
    expect(svg).toContain('Turkey_Textile_and_Leather'); // 12% of the value added: labelled
    expect(() => smileCurve(m, { country: 'Atlantis' })).toThrow(/not in the table; known: Argentina/);
  });
});

describe('lock-in', () => {
  it('the quadrant follows the relative participation and position', async () => {
    const r = indicators(Model.build(sampleWorld({ countries: 6, sectors: 5, seed: 2 })), { set: ['lockin'] });
    const quadrants = new Set<number>();
    for (const row of r.rows.filter((x) => x.indicator === 'lockin_quadrant')) {
      const p = num(val(r, String(row.country), row.sector as string, 'lockin_participation'));
      const q = num(val(r, String(row.country), row.sector as string, 'lockin_position'));
      expect(row.value).toBe(p >= 1 ? (q >= 1 ? 1 : 2) : q >= 1 ? 3 : 4);
      quadrants.add(row.value as number);
    }
    expect(quadrants.size).toBeGreaterThan(1);
  });

  it('trend rows give the least-squares slope per year and the trend code', () => {
    const mk = (year: number, p: number, q: number): Result => ({
      columns: [],
      meta: { kind: 'indicators' },
      rows: [
        { year, country: 'CHN', sector: 'c14', indicator: 'lockin_participation', value: p },
        { year, country: 'CHN', sector: 'c14', indicator: 'lockin_position', value: q },
      ] as Row[],
    });
    const rows = lockinTrend([mk(2000, 1.0, 1.2), mk(2001, 1.1, 1.1), mk(2002, 1.2, 1.0)]);
    const get = (id: string) => rows.find((x) => x.indicator === id)!.value as number;
    expect(close(get('lockin_participation_trend'), 0.1, 1e-12)).toBe(true);
    expect(close(get('lockin_position_trend'), -0.1, 1e-12)).toBe(true);
    expect(get('lockin_trend')).toBe(3); // deepening lock-in
  });
});

describe('errors', () => {
  it('an unknown indicator id names the known ids', async () => {
    expect(() => indicators(Model.build(sampleWorld()), { set: ['gvc_frob'] })).toThrow(
      /unknown indicator 'gvc_frob'; known ids: all, production.*upstreamness/,
    );
  });
});

describe('WIOD 2013, 2011', () => {
  it('runs every indicator with groups, no NaN or Infinity, and reports the sectors with x ≤ 0', async () => {
    const m = Model.build(await readTable(dataPath('wiod2013', 'wiot2011_2013rel_int.csv.gz'), { format: 'wide' }));
    const r = indicators(m, { set: ['all'], blocks: { EU: undefined, RCEP: undefined } });
    expect(r.rows.length).toBeGreaterThan(1435 * 30);
    for (const row of r.rows)
      if (row.value !== null) expect(Number.isFinite(row.value), `${row.country} ${row.sector} ${row.indicator}`).toBe(true);
    const diags = r.meta.diagnostics as { code: string; items?: { label: string; index: number }[] }[];
    const zero = diags.find((d) => d.code === 'nonpositive-output');
    expect(zero?.items?.length).toBeGreaterThanOrEqual(18);
    expect(zero?.items?.length).toBeLessThanOrEqual(22);
    for (const it of zero!.items!) {
      const [c, s] = [m.table.countries[Math.floor(it.index / m.N)], m.table.sectors[it.index % m.N]];
      expect(val(r, c, s, 'plv')).toBeNull();
      expect(val(r, c, s, 'upstreamness')).toBeNull();
    }
    // Lengths ≥ 1 wherever defined; identities per sector.
    for (const row of r.rows) {
      if (['upstreamness', 'downstreamness', 'plv', 'ply'].includes(String(row.indicator)) && row.value !== null)
        expect(row.value as number).toBeGreaterThanOrEqual(1 - 1e-12);
    }
    const negFD = new Set((diags.find((d) => d.code === 'negative-final-demand')?.items ?? []).map((x) => x.label));
    const byKey = new Map<string, number>();
    for (const row of r.rows) if (row.value !== null) byKey.set(`${row.country}_${row.sector}|${row.indicator}`, row.value as number);
    let checked = 0;
    for (let i = 0; i < m.GN; i++) {
      const label = m.table.label(i);
      const g = (id: string) => byKey.get(`${label}|${id}`)!;
      const fwd =
        g('va_pure_domestic_forward') + g('va_traditional_trade_forward') + g('va_gvc_simple_forward') + g('va_gvc_complex_forward');
      const bwd =
        g('va_pure_domestic_backward') + g('va_traditional_trade_backward') + g('va_gvc_simple_backward') + g('va_gvc_complex_backward');
      if (m.x[i] <= 0) continue;
      expect(Math.abs(fwd - m.va[i])).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(m.va[i])));
      expect(Math.abs(bwd - g('final_goods'))).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(g('final_goods'))));
      if (negFD.has(label) || m.va[i] <= 0) continue;
      for (const id of SHARE_IDS) {
        const v = byKey.get(`${label}|${id}`);
        if (v === undefined) continue;
        expect(v, `${label} ${id}`).toBeGreaterThanOrEqual(-1e-12);
        expect(v, `${label} ${id}`).toBeLessThanOrEqual(1 + 1e-12);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(1200);
    // The built-in groups are resolved against WIOD's codes (WIOD writes ROM for Romania). EU27
    // as of 2025 has Croatia (not in WIOD 2013) and not the United Kingdom: 26 members in WIOD.
    const eu = (r.meta.groups as Record<string, string[]>).EU;
    expect(eu).toContain('ROM');
    expect(eu).not.toContain('GBR');
    expect(eu).toHaveLength(26);
  });
});
