/**
 * Demand, supply, import-coefficient and tariff shocks, each a relative change, combined in named
 * scenarios and compared side by side. Three fixed-coefficient models, no substitution:
 *
 *   final-demand USA | USA:CHN | USA:CHN_c14   Δy = δ·Y[rows, USA] (USA's final demand for all
 *       products, for CHN's, for CHN_c14's); Leontief quantity model Δx = L Δy.
 *   import-coefficients CHN:JPN (buyer:supplier, each a country or country-sector)
 *       Ā = A + δ·A[JPN, CHN]: x̄ = (I − Ā)⁻¹ ȳ by a Woodbury update of the one inverse (rank
 *       min(|rows|, |cols|)); the buyer's value-added coefficient takes up the change,
 *       v̄_j = 1 − Σ_i Ā_ij, so the inputs not bought are not replaced (no substitution).
 *   supply CHN_c14 | CHN   Ghosh: Δx' = Δva' G with G = (I − B)⁻¹, B = x̂⁻¹Z, Δva = δ·va.
 *       Read as a price model (Dietzenbacher 1997): Δx_j / x_j is the cost-push price change
 *       Δp' = Δv' L, which is what price_change reports; as a quantity model Ghosh implies that
 *       buyers take whatever is supplied (joint stability problems, Oosterhaven 1988).
 *   tariff USA:CHN (importer:supplier)   cost-push price model p' = p'(A + τ∘A[CHN, USA]) + v',
 *       p = 1 at baseline: the tariff raises the cost of USA's inputs from CHN; exact by the same
 *       Woodbury update on the transposed system.
 *
 * Scenario results: output_change = Δx (Leontief, plus Ghosh for supply shocks), va_change
 * (v̄ x̄ − v x, plus Δva of supply shocks), their shares of the baseline, price_change (p − 1;
 * country level: output-weighted mean). World value added changes by exactly the change in world
 * final demand (GDP identity), which meta.totals reports for every scenario.
 */
import type { Matrix } from '@catena/linalg';
import { z } from 'zod';
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import { registerAnalysis, type RunContext } from '../registry/analysis.js';
import type { Result, Row } from '../results/result.js';
import { checkAbort, parseOptions } from './common.js';
import { baselineOf } from './extract.js';
import { checkShock, SHOCK_TYPES, type Scenario, type Shock } from './scenario.js';
import { countryIndex, countrySectors, sectorSet } from './targets.js';
import { leftMultiply, leontiefCorrection, priceCorrection, rightMultiply, type Baseline, type BlockUpdate } from './update.js';

export const SHOCK_INDICATORS = ['output_change', 'output_change_share', 'va_change', 'va_change_share', 'price_change'] as const;

const shockSchema = z.object({
  type: z.enum(SHOCK_TYPES).describe('final-demand, supply (Ghosh), import-coefficients or tariff'),
  target: z
    .string()
    .min(1)
    .describe('final-demand USA | USA:CHN | USA:CHN_c14; supply CHN_c14 | CHN; import-coefficients and tariff BUYER:SUPPLIER'),
  change: z.number().describe('relative change (−0.1 = −10 %); for a tariff the ad-valorem rate (0.25 = 25 %)'),
  source: z.string().optional().describe('where the shock was written (file and row), for error messages'),
});

export const shockOptions = z.object({
  scenarios: z
    .array(
      z.object({
        name: z.string().min(1).describe('scenario name (a result column when several are compared)'),
        shocks: z.array(shockSchema).min(1).describe('the shocks of the scenario, applied together'),
      }),
    )
    .min(1)
    .describe('named scenarios, each a list of shocks; several are compared side by side'),
  level: z.enum(['sector', 'country']).default('sector').describe('sector: one row per country-sector; country: countries and the World'),
});
export type ShockOptions = z.input<typeof shockOptions>;

/** The effect of one scenario, per country-sector. */
export interface ScenarioEffect {
  dx: Float64Array;
  dva: Float64Array;
  dp: Float64Array;
  /** Change in world final demand (Leontief Δy plus the final demand Ghosh implies). */
  finalDemandChange: number;
}

/** A block of changes to A, accumulated over several shocks on a union of rows and columns. */
class BlockBuilder {
  private rows = new Map<number, number>();
  private cols = new Map<number, number>();
  private cells = new Map<string, number>();
  add(r: number, c: number, d: number): void {
    if (!this.rows.has(r)) this.rows.set(r, this.rows.size);
    if (!this.cols.has(c)) this.cols.set(c, this.cols.size);
    const k = `${r},${c}`;
    this.cells.set(k, (this.cells.get(k) ?? 0) + d);
  }
  build(): BlockUpdate {
    const rows = [...this.rows.keys()];
    const cols = [...this.cols.keys()];
    const D = new Float64Array(rows.length * cols.length);
    for (const [k, d] of this.cells) {
      const [r, c] = k.split(',').map(Number);
      D[this.rows.get(r)! + this.cols.get(c)! * rows.length] += d;
    }
    return { rows, cols, D };
  }
}

const where = (s: Shock, k: number) => s.source ?? `shock ${k + 1} (${s.type} ${s.target})`;

/** BUYER:SUPPLIER for import coefficients and tariffs: rows = supplier's sectors, cols = buyer's. */
function buyerSupplier(model: Model, s: Shock, w: string): { rows: number[]; cols: number[] } {
  const t = model.table;
  const parts = s.target.split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new OptionError(
      `${w}, field target: found '${s.target}'; expected BUYER:SUPPLIER (CHN:JPN, or a country-sector on either side)`,
      'scenarios',
    );
  }
  const buyer = sectorSet(t, parts[0], 'scenarios', `${w}, field target: `);
  const supplier = sectorSet(t, parts[1], 'scenarios', `${w}, field target: `);
  if (buyer.country === supplier.country) {
    throw new OptionError(
      `${w}, field target: '${s.target}' links ${t.countries[buyer.country]} to itself; expected inputs from another country`,
      'scenarios',
    );
  }
  return { rows: supplier.idx, cols: buyer.idx };
}

/** Computes one scenario's effect with the model's Leontief inverse L. */
export function scenarioEffect(
  model: Model,
  shocks: readonly Shock[],
  L: Matrix = model.B,
  b: Baseline = baselineOf(model, L),
): ScenarioEffect {
  const { GN, table } = model;
  const dy = new Float64Array(GN);
  const dv = new Float64Array(GN);
  const coeff = new BlockBuilder();
  const tariff = new BlockBuilder();
  const A = model.A.data;
  shocks.forEach((raw, k) => {
    const s = checkShock(raw, where(raw, k));
    const w = where(raw, k);
    const d = s.change;
    if (s.type === 'final-demand') {
      const [dest, prod] = s.target.split(':');
      if (s.target.split(':').length > 2 || !dest) {
        throw new OptionError(
          `${w}, field target: found '${s.target}'; expected COUNTRY, COUNTRY:SUPPLIER or COUNTRY:SUPPLIER_SECTOR`,
          'scenarios',
        );
      }
      const c = countryIndex(table, dest, 'scenarios', `${w}, field target: `);
      const rows =
        prod === undefined ? Array.from({ length: GN }, (_, i) => i) : sectorSet(table, prod, 'scenarios', `${w}, field target: `).idx;
      let any = false;
      for (const i of rows) {
        const y = model.Yc.data[i + c * GN];
        if (y !== 0) any = true;
        dy[i] += d * y;
      }
      if (!any)
        throw new OptionError(`${w}, field target: ${s.target} has no final-demand flow in the table; nothing to shock`, 'scenarios');
    } else if (s.type === 'supply') {
      const set = sectorSet(table, s.target, 'scenarios', `${w}, field target: `);
      if (set.idx.every((j) => model.v[j] === 0))
        throw new OptionError(`${w}, field target: ${s.target} has no value added in the table; nothing to shock`, 'scenarios');
      for (const j of set.idx) dv[j] += d * model.v[j];
    } else {
      const { rows, cols } = buyerSupplier(model, s, w);
      let any = false;
      const into = s.type === 'tariff' ? tariff : coeff;
      for (const c of cols)
        for (const r of rows) {
          const a = A[r + c * GN];
          if (a === 0) continue;
          any = true;
          into.add(r, c, d * a);
        }
      if (!any) {
        throw new OptionError(
          `${w}, field target: link ${s.target} has no intermediate flow in the table (that block of A is zero); nothing to shock`,
          'scenarios',
        );
      }
    }
  });
  // Quantity side (Leontief): ȳ = y + Δy, Ā = A + ΔA.
  const dxy = rightMultiply(L, dy);
  const upd = coeff.build();
  const xPrime = Float64Array.from(b.x, (x, i) => x + dxy[i]);
  const corr = leontiefCorrection(L, upd, xPrime);
  const vbar = Float64Array.from(b.v);
  upd.cols.forEach((c, q) => {
    for (let p = 0; p < upd.rows.length; p++) vbar[c] -= upd.D[p + q * upd.rows.length];
  });
  const dx = new Float64Array(GN);
  const dva = new Float64Array(GN);
  // Supply side (Ghosh, baseline coefficients): Δx = x̂ L' Δv.
  const ghosh = leftMultiply(L, dv);
  let fd = 0;
  for (let i = 0; i < GN; i++) {
    const dxl = dxy[i] + corr[i];
    const xg = b.x[i] * ghosh[i];
    dx[i] = dxl + xg;
    dva[i] = vbar[i] * (b.x[i] + dxl) - b.v[i] * b.x[i] + dv[i] * b.x[i];
    fd += dy[i] + (b.x[i] > 0 ? (xg * b.y[i]) / b.x[i] : 0);
  }
  // Price side: p = (I − A − T)⁻ᵀ (v + Δv); baseline L'v.
  const pPrime = Float64Array.from(b.Ltv, (p, i) => p + ghosh[i]);
  const pc = priceCorrection(L, tariff.build(), pPrime);
  const dp = Float64Array.from(ghosh, (g, i) => g + pc[i]);
  return { dx, dva, dp, finalDemandChange: fd };
}

const share = (a: number, base: number): number | null => (base > 0 ? a / base : null);

/** Runs every scenario and lays the results side by side. */
export function shock(model: Model, options: ShockOptions, ctx: RunContext = {}): Result {
  const o = parseOptions(shockOptions, options);
  const { G, N, GN, table } = model;
  const names = o.scenarios.map((s) => s.name);
  const clash = names.find((n, i) => names.indexOf(n) !== i || ['country', 'sector', 'indicator'].includes(n));
  if (clash)
    throw new OptionError(
      `scenario name '${clash}' is used twice or is a column name; expected distinct names other than country, sector, indicator`,
      'scenarios',
    );
  const L = model.B;
  const b = baselineOf(model, L);
  const effects: ScenarioEffect[] = [];
  o.scenarios.forEach((sc: Scenario, k: number) => {
    checkAbort(ctx);
    ctx.progress?.(k, o.scenarios.length, sc.name);
    effects.push(scenarioEffect(model, sc.shocks, L, b));
  });
  const valueCols = names.length === 1 ? ['value'] : names;
  const rows: Row[] = [];
  const emit = (country: string, sector: string, base: { x: number; va: number }, get: (e: ScenarioEffect) => [number, number, number]) => {
    const vals = effects.map(get);
    const ind: [string, (v: [number, number, number]) => number | null][] = [
      ['output_change', (v) => v[0]],
      ['output_change_share', (v) => share(v[0], base.x)],
      ['va_change', (v) => v[1]],
      ['va_change_share', (v) => share(v[1], base.va)],
      ['price_change', (v) => v[2]],
    ];
    for (const [indicator, f] of ind) {
      const row: Row = { country, sector, indicator };
      valueCols.forEach((c, s) => (row[c] = f(vals[s])));
      rows.push(row);
    }
  };
  const vax = (i: number) => b.v[i] * b.x[i];
  if (o.level === 'sector') {
    for (let i = 0; i < GN; i++) {
      emit(table.countries[Math.floor(i / N)], table.sectors[i % N], { x: b.x[i], va: vax(i) }, (e) => [e.dx[i], e.dva[i], e.dp[i]]);
    }
  } else {
    const groups = [...table.countries.map((_, c) => countrySectors(table, c)), Array.from({ length: GN }, (_, i) => i)];
    groups.forEach((idx, c) => {
      let x = 0;
      let va = 0;
      for (const i of idx) {
        x += b.x[i];
        va += vax(i);
      }
      emit(c === G ? 'World' : table.countries[c], '', { x, va }, (e) => {
        let dx = 0;
        let dva = 0;
        let px = 0;
        for (const i of idx) {
          dx += e.dx[i];
          dva += e.dva[i];
          px += b.x[i] * e.dp[i];
        }
        return [dx, dva, x > 0 ? px / x : 0];
      });
    });
  }
  return {
    columns: ['country', 'sector', 'indicator', ...valueCols],
    rows,
    meta: {
      kind: 'shock',
      method: 'Leontief quantity model (final demand, import coefficients), Ghosh (supply), cost-push price model (tariffs, supply)',
      level: o.level,
      unit: table.unit,
      source: table.source,
      year: table.year,
      scenarios: o.scenarios.map((s, k) => ({
        name: s.name,
        shocks: s.shocks.map((x) => ({ type: x.type, target: x.target, change: x.change })),
        totals: {
          va_change: effects[k].dva.reduce((a, v) => a + v, 0),
          final_demand_change: effects[k].finalDemandChange,
        },
      })),
      conventions: {
        ...model.conventions,
        shocks: 'relative changes of the baseline cells; several shocks on one cell add up',
        importCoefficients:
          'Ā = A + δ·A[supplier, buyer]; the buyer’s value-added coefficient takes up the change (v̄ = 1 − column sums of Ā); no substitution',
        supply: 'Ghosh Δx′ = Δva′G on the baseline B; Δx/x is the cost-push price change (Dietzenbacher 1997)',
        tariff: 'cost-push price model p′ = p′(A + τ∘A[supplier, importer]) + v′, p = 1 at baseline; price_change = p − 1',
        combination: 'quantity effects of the Leontief and Ghosh shocks of a scenario are added',
        computation: 'closed-form Woodbury updates of the one Leontief inverse; no refactorisation',
      },
    },
  };
}

export const shockAnalysis = registerAnalysis({
  id: 'shock',
  summary: 'Final-demand, supply (Ghosh), import-coefficient and tariff shocks in named scenarios',
  input: 'model',
  options: shockOptions,
  run: (model: Model, options: ShockOptions, ctx?: RunContext) => shock(model, options, ctx),
});
