/**
 * Miroudot–Ye (2021): a source-based split of the domestic and foreign content of gross exports,
 * as R `exvatools` computes it with `method = "my"` (country perimeter). For exporter s, let
 * A° be A with the intermediate exports of s removed (A°_{s,r} = 0 for r ≠ s) and
 * B° = (I − A°)⁻¹ ("extraction" inverse). Per exporting country-sector j of s and partner r:
 *
 *   DVA_j = Σ_{k∈s} v_k B°_kj · E_jr  (= V_s L_ss E_s: B°_ss = L_ss)
 *   DDC_j = Σ_{k∈s} v_k (B − B°)_kj · E_jr
 *   FVA_j = Σ_{k∉s} v_k B°_kj · E_jr      foreign value added reaching s before any export by s
 *   FDC_j = Σ_{k∉s} v_k (B − B°)_kj · E_jr foreign value added counted again in exports of s
 *
 * DC = DVA + DDC = V_s B_ss E_s and FC = FVA + FDC as in every source-based method.
 *
 * B° is never factorised: removing the rows of s is a rank-N update of I − A, so by Woodbury
 * B°_{·,s} = B_{·,s} M⁻¹ with M = I_N + A_{s,−s} B_{−s,s} (an N × N system per exporter), and
 * the value added of origin t in B°_{·,s} is W_{s·,t} M⁻¹ with W from the global inverse.
 *
 * Paper: Miroudot, S. & Ye, M. (2021), "Decomposing value added in gross exports",
 * Economic Systems Research 33(1): 67–87.
 */
import { LU, Matrix, matmul } from '@catena/linalg';
import { cubeRows, type TermCube } from './cube.js';
import { frameMethod, plus, type SummaryMap } from './scaffold.js';
import { perFrame, vaByOrigin, vaLocal, type Frame } from './frame.js';
import { registerTradeMethod } from './decompose.js';

export const MY_TERMS = ['DVA', 'DDC', 'FVA', 'FDC'] as const;

/** Per exporting row j: the four coefficients (DVA, DDC, FVA, FDC per unit of exports). */
export function miroudotYeCoefficients(f: Frame): Float64Array[] {
  const { G, GN, rows } = f;
  const A = f.model.A.data;
  const B = f.model.B.data;
  const W = vaByOrigin(f);
  const w = vaLocal(f);
  const dva = new Float64Array(GN);
  const ddc = new Float64Array(GN);
  const fva = new Float64Array(GN);
  const fdc = new Float64Array(GN);
  for (let s = 0; s < G; s++) {
    const rs = rows[s];
    const n = rs.length;
    // M = I + A_{s,−s} B_{−s,s} = I + A_{s,·} B_{·,s} − A_ss B_ss (one n × GN × n product).
    const As = new Matrix(n, GN);
    const Bs = new Matrix(GN, n);
    for (let m = 0; m < GN; m++) for (let a = 0; a < n; a++) As.data[a + m * n] = A[rs[a] + m * GN];
    for (let b = 0; b < n; b++) Bs.data.set(B.subarray(rs[b] * GN, (rs[b] + 1) * GN), b * GN);
    const M = matmul(As, Bs);
    const Md = M.data;
    for (let b = 0; b < n; b++) {
      for (let c = 0; c < n; c++) {
        const bcb = B[rs[c] + rs[b] * GN];
        if (bcb === 0) continue;
        for (let a = 0; a < n; a++) Md[a + b * n] -= A[rs[a] + rs[c] * GN] * bcb;
      }
      Md[b + b * n] += 1;
    }
    // Foreign value added per unit of the columns of B°_{·,s}: f M⁻¹, i.e. solve Mᵀ z = f.
    const fo = new Float64Array(n);
    for (let c = 0; c < n; c++) {
      let tot = 0;
      for (let t = 0; t < G; t++) if (t !== s) tot += W[rs[c] + t * GN];
      fo[c] = tot;
    }
    const z = LU.factor(M, { context: `I + A_s,−s B_−s,s of ${f.countries[s]}` }).solve(fo, true);
    for (let c = 0; c < n; c++) {
      const j = rs[c];
      dva[j] = w[j];
      ddc[j] = W[j + s * GN] - w[j];
      fva[j] = z[c];
      fdc[j] = fo[c] - z[c];
    }
  }
  return [dva, ddc, fva, fdc];
}

/** DVA, DDC, FVA, FDC for every exporting row and partner (cached per frame). */
export const miroudotYeCube = perFrame((f: Frame): TermCube => {
  const { G, GN, Esr } = f;
  const coef = miroudotYeCoefficients(f);
  const data = coef.map((c) => {
    const d = new Float64Array(GN * G);
    for (let r = 0; r < G; r++) for (let j = 0; j < GN; j++) d[j + r * GN] = c[j] * Esr[j + r * GN];
    return d;
  });
  return { terms: [...MY_TERMS], data };
});

export const MY_SUMMARY: SummaryMap = {
  GEXP: plus(...MY_TERMS),
  DC: plus('DVA', 'DDC'),
  DVA: plus('DVA'),
  DDC: plus('DDC'),
  FC: plus('FVA', 'FDC'),
  FVA: plus('FVA'),
  FDC: plus('FDC'),
};

export const miroudotYeMethod = frameMethod({
  id: 'my',
  name: 'Miroudot–Ye (source-based)',
  paper: 'Miroudot & Ye (2021), Economic Systems Research 33(1): 67–87',
  levels: ['country', 'sector', 'bilateral', 'sector-bilateral'],
  terms: MY_TERMS,
  rows: (f, level, o) => cubeRows(f, miroudotYeCube(f), level, o),
  summary: MY_SUMMARY,
  meta: { perimeter: 'country' },
});

registerTradeMethod(miroudotYeMethod);
