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
 *
 * Countries are those of the frame (frame.ts), as for the other decompositions: split parts
 * (CN1/CN2, MX1/MX2 on a `keepSplits` table) and block members count as one domestic block.
 */
import { Matrix } from '@catena/linalg';
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { Row } from '../results/result.js';
import { bmContext } from './bm-context.js';
import { exportingRows } from './cube.js';
import { blocksOf, frameResult, frameSelection } from './scaffold.js';
import { registerTradeMethod, type DecomposeOptions, type Level, type TradeMethod } from './decompose.js';
import { frameOf, type Frame } from './frame.js';

export const KOOPMAN_TERMS = ['GEXP', 'IV', 'FV', 'GVC_PARTICIPATION', 'GVC_POSITION'];

/**
 * IV and FV of every exporting row (GN each). IV by exporting row n of s:
 *   IV_sn = (V_s L_ss)_n (Σ_{r≠s} A_sr (B f^s)_r)_n,   f^s_t = Σ_{u≠s,t} Y_tu (t ≠ s), f^s_s = 0,
 * which sums over n to KWW's V_s Σ_{r≠s} Σ_{t≠s,r} B_sr Y_rt (because B_s· = L_ss (I_s· + Σ_{j≠s} A_sj B_j·))
 * and equals WWZ's DVA_INTrexF + DVA_INTrexI2 by exporting sector. Countries are those of the
 * frame of `model` with `blocks` (split parts in their parent's block).
 */
export function koopmanPieces(model: Model, blocks: Record<string, string[]> = {}): { IV: Float64Array; FV: Float64Array } {
  return pieces(frameOf(model, blocks));
}

function pieces(f: Frame): { IV: Float64Array; FV: Float64Array } {
  const c = bmContext(f);
  const { G, GN, A, VLdom, VBfor } = c;
  const { cOf } = f;
  const Y = f.Y;
  const yTot = new Float64Array(GN);
  for (let r = 0; r < G; r++) for (let k = 0; k < GN; k++) yTot[k] += Y[k + r * GN];
  const F = new Matrix(GN, G);
  for (let s = 0; s < G; s++) {
    for (let k = 0; k < GN; k++) {
      const t = cOf[k];
      if (t !== s) F.data[k + s * GN] = yTot[k] - Y[k + s * GN] - Y[k + t * GN];
    }
  }
  const BF = f.model.solve(F).data;
  const IV = new Float64Array(GN);
  const FV = new Float64Array(GN);
  for (let i = 0; i < GN; i++) {
    const s = cOf[i];
    let acc = 0;
    for (let j = 0; j < GN; j++) if (cOf[j] !== s) acc += A[j * GN + i] * BF[j + s * GN];
    IV[i] = VLdom[i] * acc;
    FV[i] = VBfor[i] * f.E[i];
  }
  return { IV, FV };
}

function run(model: Model, o: Required<Pick<DecomposeOptions, 'perspective' | 'approach' | 'level'>> & DecomposeOptions) {
  if (o.importers)
    throw new OptionError(`importers do not apply to method koopman (its indices are per exporter); found ${o.importers.join(', ')}`);
  if (o.sectors && o.level !== 'sector') throw new OptionError(`sectors select rows at the sector level; level is '${o.level}'`);
  const f = frameOf(model, blocksOf(o));
  const sel = frameSelection(f, o);
  const { IV, FV } = pieces(f);
  const year = model.table.year ?? null;
  const rows: Row[] = [];
  for (const { exporter, sector, rows: js } of exportingRows(f, o.level, sel.exporters, sel.sectors)) {
    let e = 0;
    let iv = 0;
    let fv = 0;
    for (const j of js) {
      e += f.E[j];
      iv += IV[j];
      fv += FV[j];
    }
    const base = { year, exporter, sector, importer: null };
    const values: Record<string, number | null> = {
      GEXP: e,
      IV: iv,
      FV: fv,
      GVC_PARTICIPATION: e > 0 ? (iv + fv) / e : null,
      GVC_POSITION: e > 0 ? Math.log1p(iv / e) - Math.log1p(fv / e) : null,
    };
    for (const term of KOOPMAN_TERMS) rows.push({ ...base, term, value: values[term] });
  }
  return frameResult(f, { ...o, method: 'koopman' }, o.level, KOOPMAN_TERMS, rows);
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
