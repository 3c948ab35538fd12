/**
 * KWW: Koopman, Wang & Wei (2014, AER 104(2)) decomposition of gross exports into 9 terms.
 * At country level, for exporter s with total exports E_s* (KWW eq. 36; V_s value-added
 * coefficients, B the global Leontief inverse, A the input coefficients, Y_ab final goods of a
 * absorbed in b, Y_s* = Σ_{r≠s} Y_sr, sums over r ≠ s and t ≠ s):
 *
 *   DVA_FIN    V_s B_ss Y_s*                        domestic VA in final-goods exports
 *   DVA_INT    V_s Σ_r B_sr Y_rr                    … in intermediates absorbed by the direct importer
 *   DVA_INTrex V_s Σ_r Σ_{t≠r} B_sr Y_rt            … re-exported and absorbed in third countries
 *   RDV_FIN    V_s Σ_r B_sr Y_rs                    … returning home in final imports
 *   RDV_INT    V_s Σ_r B_sr A_rs (I − A_ss)⁻¹ Y_ss  … returning in intermediates absorbed at home
 *   DDC        V_s Σ_r B_sr A_rs (I − A_ss)⁻¹ E_s*  pure double counting of domestic VA
 *   FVA_FIN    Σ_t V_t B_ts Y_s*                    foreign VA in final-goods exports
 *   FVA_INT    Σ_t V_t B_ts A_sr (I − A_rr)⁻¹ Y_rr  foreign VA in intermediate exports
 *   FDC        Σ_t V_t B_ts A_sr (I − A_rr)⁻¹ E_r*  pure double counting of foreign VA
 *
 * The engine computes each KWW term as a sum of WWZ terms (WWZ 2013, Table E2; `decompr::wwz2kww`),
 * which equals the formulas above (and `decompr::kww`) at country level and gives the same
 * split at sector-bilateral, bilateral and sector level (where a term such as DVA_INT then
 * means "the WWZ terms that make it up", not literally "absorbed by this importer"):
 *   DVA_INT = DVA_INT + DVA_INTrexI1, DVA_INTrex = DVA_INTrexF + DVA_INTrexI2,
 *   RDV_FIN = RDV_FIN + RDV_FIN2, DDC = DDC_FIN + DDC_INT, FVA_FIN = OVA_FIN + MVA_FIN,
 *   FVA_INT = OVA_INT + MVA_INT, FDC = ODC + MDC.
 *
 * KWW is built for the country's total exports: its foreign-content split (FVA vs FDC) is biased
 * (Borin & Mancini 2019, §4); the BM world/sink perspective is the corrected version.
 */
import { cubeRows, type TermCube } from './cube.js';
import { frameMethod, plus, type SummaryMap } from './scaffold.js';
import { registerTradeMethod } from './decompose.js';
import { perFrame, type Frame } from './frame.js';
import { wwzCube } from './wwz.js';

export const KWW_TERMS = ['DVA_FIN', 'DVA_INT', 'DVA_INTrex', 'RDV_FIN', 'RDV_INT', 'DDC', 'FVA_FIN', 'FVA_INT', 'FDC'] as const;

/** Each KWW term as a sum of WWZ terms. */
export const KWW_FROM_WWZ: Record<(typeof KWW_TERMS)[number], string[]> = {
  DVA_FIN: ['DVA_FIN'],
  DVA_INT: ['DVA_INT', 'DVA_INTrexI1'],
  DVA_INTrex: ['DVA_INTrexF', 'DVA_INTrexI2'],
  RDV_FIN: ['RDV_FIN', 'RDV_FIN2'],
  RDV_INT: ['RDV_INT'],
  DDC: ['DDC_FIN', 'DDC_INT'],
  FVA_FIN: ['OVA_FIN', 'MVA_FIN'],
  FVA_INT: ['OVA_INT', 'MVA_INT'],
  FDC: ['ODC', 'MDC'],
};

/** The 9 KWW terms for every exporting row and importer (cached per frame). */
export const kwwCube = perFrame((f: Frame): TermCube => {
  const wwz = wwzCube(f);
  const data = KWW_TERMS.map((t) => {
    const parts = KWW_FROM_WWZ[t].map((p) => wwz.data[wwz.terms.indexOf(p)]);
    if (parts.length === 1) return parts[0];
    const d = new Float64Array(parts[0].length);
    for (const p of parts) for (let i = 0; i < d.length; i++) d[i] += p[i];
    return d;
  });
  return { terms: [...KWW_TERMS], data };
});

/** KWW terms onto the common components (as `exvatools` method "kww" reports them). */
export const KWW_SUMMARY: SummaryMap = {
  GEXP: plus(...KWW_TERMS),
  DC: plus('DVA_FIN', 'DVA_INT', 'DVA_INTrex', 'RDV_FIN', 'RDV_INT', 'DDC'),
  DVA: plus('DVA_FIN', 'DVA_INT', 'DVA_INTrex', 'RDV_FIN', 'RDV_INT'),
  VAX: plus('DVA_FIN', 'DVA_INT', 'DVA_INTrex'),
  REF: plus('RDV_FIN', 'RDV_INT'),
  DDC: plus('DDC'),
  FC: plus('FVA_FIN', 'FVA_INT', 'FDC'),
  FVA: plus('FVA_FIN', 'FVA_INT'),
  FDC: plus('FDC'),
};

export const kwwMethod = frameMethod({
  id: 'kww',
  name: 'Koopman–Wang–Wei (9 terms)',
  paper: 'Koopman, Wang & Wei (2014), American Economic Review 104(2): 459–494',
  levels: ['country', 'sector', 'bilateral', 'sector-bilateral'],
  terms: KWW_TERMS,
  rows: (f, level, o) => cubeRows(f, kwwCube(f), level, o),
  summary: KWW_SUMMARY,
});

registerTradeMethod(kwwMethod);
