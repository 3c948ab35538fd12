/**
 * GVC participation and position indices of Koopman, Powers, Wang & Wei (2010, NBER WP 16426),
 * for each exporting country (or country-sector) s:
 *
 *   IV_s = V_s Σ_{r≠s} Σ_{t≠s,r} B_sr Y_rt
 *        = domestic value added in intermediate exports that the direct importer r re-exports to
 *          third countries and that is absorbed there (KWW 2014 term 3, DVA_INTrex);
 *   FV_s = Σ_{t≠s} V_t B_ts E_s (foreign value added in gross exports, the foreign content);
 *   participation = (IV + FV) / E,   position = ln(1 + IV/E) − ln(1 + FV/E).
 *
 * IV needs one multi-right-hand-side solve with the model's factorisation (B f^s for all s) and
 * the local inverses; sector rows are by exporting sector and add up to the country rows.
 * Ratios are null where gross exports are zero.
 */
import { Matrix } from '@catena/linalg';
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { Row } from '../results/result.js';
import { bmContext } from './bm-context.js';
import { decompositionResult, registerTradeMethod, selection, type DecomposeOptions, type Level, type TradeMethod } from './decompose.js';

export const KOOPMAN_TERMS = ['GEXP', 'IV', 'FV', 'GVC_PARTICIPATION', 'GVC_POSITION'];

/**
 * IV and FV of every exporting country-sector (GN each). IV by exporting sector n of s:
 *   IV_sn = (V_s L_ss)_n (Σ_{r≠s} A_sr (B f^s)_r)_n,   f^s_t = Σ_{u≠s,t} Y_tu (t ≠ s), f^s_s = 0,
 * which sums over n to KWW's V_s Σ_{r≠s} Σ_{t≠s,r} B_sr Y_rt (because B_s· = L_ss (I_s· + Σ_{j≠s} A_sj B_j·))
 * and equals WWZ's DVA_INTrexF + DVA_INTrexI2 by exporting sector.
 */
export function koopmanPieces(model: Model): { IV: Float64Array; FV: Float64Array } {
  const c = bmContext(model);
  const { G, N, GN, A, VLdom, VBfor } = c;
  const Y = model.Yc.data;
  const yTot = model.Yc.rowSums();
  const F = new Matrix(GN, G);
  for (let s = 0; s < G; s++) {
    for (let k = 0; k < GN; k++) {
      const t = Math.floor(k / N);
      if (t !== s) F.data[k + s * GN] = yTot[k] - Y[k + s * GN] - Y[k + t * GN];
    }
  }
  const BF = model.solve(F).data;
  const IV = new Float64Array(GN);
  const FV = new Float64Array(GN);
  for (let s = 0; s < G; s++) {
    const o = s * N;
    for (let n = 0; n < N; n++) {
      let acc = 0;
      for (let j = 0; j < GN; j++) {
        if (j === o) j += N;
        if (j >= GN) break;
        acc += A[j * GN + o + n] * BF[j + s * GN];
      }
      IV[o + n] = VLdom[o + n] * acc;
      FV[o + n] = VBfor[o + n] * model.E[o + n];
    }
  }
  return { IV, FV };
}

function run(model: Model, o: Required<Pick<DecomposeOptions, 'perspective' | 'approach' | 'level'>> & DecomposeOptions) {
  if (o.importers)
    throw new OptionError(`importers do not apply to method koopman (its indices are per exporter); found ${o.importers.join(', ')}`);
  if (o.sectors && o.level !== 'sector') throw new OptionError(`sectors select rows at the sector level; level is '${o.level}'`);
  const sel = selection(model, o);
  const t = model.table;
  const { IV, FV } = koopmanPieces(model);
  const N = model.N;
  const year = t.year ?? null;
  const rows: Row[] = [];
  const push = (s: number, n: number | null, sectors: number[]) => {
    let e = 0;
    let iv = 0;
    let fv = 0;
    for (const k of sectors) {
      e += model.E[s * N + k];
      iv += IV[s * N + k];
      fv += FV[s * N + k];
    }
    const base = { year, exporter: t.countries[s], sector: n === null ? null : t.sectors[n], importer: null };
    const values: Record<string, number | null> = {
      GEXP: e,
      IV: iv,
      FV: fv,
      GVC_PARTICIPATION: e > 0 ? (iv + fv) / e : null,
      GVC_POSITION: e > 0 ? Math.log1p(iv / e) - Math.log1p(fv / e) : null,
    };
    for (const term of KOOPMAN_TERMS) rows.push({ ...base, term, value: values[term] });
  };
  const all = Array.from({ length: N }, (_, n) => n);
  for (const s of sel.exporters) {
    if (o.level === 'sector') for (const n of sel.sectors) push(s, n, [n]);
    else push(s, null, all);
  }
  return decompositionResult(model, { ...o, method: 'koopman' }, KOOPMAN_TERMS, rows);
}

export const koopmanMethod: TradeMethod = {
  id: 'koopman',
  name: 'Koopman, Powers, Wang & Wei GVC participation and position',
  paper:
    'Koopman, Powers, Wang & Wei (2010), Give credit where credit is due: tracing value added in global production chains, NBER WP 16426',
  perspectives: ['exporter'],
  approaches: ['source'],
  levels: ['country', 'sector'] as Level[],
  terms: KOOPMAN_TERMS,
  run,
  /** GEXP stays GEXP; FV is the foreign content FC. The indices have no common component. */
  summarize(rows: Row[]): Row[] {
    return rows.flatMap((r) => (r.term === 'GEXP' ? [r] : r.term === 'FV' ? [{ ...r, term: 'FC' }] : []));
  },
};

registerTradeMethod(koopmanMethod);
