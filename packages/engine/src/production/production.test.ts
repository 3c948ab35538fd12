/**
 * WWYZ production decomposition and production lengths: accounting identities, an independent
 * dense computation (explicit inverses, no shared code path), the Ghosh inverse, and the
 * pymrio test-suite multipliers.
 */
import { readFileSync } from 'node:fs';
import { inverse, Matrix, matmul } from '@catena/linalg';
import { describe, expect, it } from 'vitest';
import { Model } from '../model/model.js';
import { IcioTable } from '../table/icio-table.js';
import { readTable } from '../sources/registry.js';
import { sampleWorld } from '../sources/sample-world.js';
import { close, dataPath, refPath } from '../../test/shared.js';
import { ghoshTimes, productionLengths } from './lengths.js';
import { productionDecomposition } from './wwyz.js';

const LEATHER = dataPath('leather', 'leather_wide.csv');

/** Dense WWYZ terms from explicit matrices: L, A^F, B, V̂ and Ŷ (independent of blocks.ts). */
function denseTerms(m: Model) {
  const { G, N, GN } = m;
  const same = (i: number, j: number) => Math.floor(i / N) === Math.floor(j / N);
  const AF = new Matrix(GN, GN);
  const IminusAD = Matrix.identity(GN);
  for (let j = 0; j < GN; j++)
    for (let i = 0; i < GN; i++) {
      const a = m.A.get(i, j);
      if (same(i, j)) IminusAD.set(i, j, IminusAD.get(i, j) - a);
      else AF.set(i, j, a);
    }
  const L = inverse(IminusAD);
  const B = m.B;
  const y = new Float64Array(GN);
  const yD = new Float64Array(GN);
  for (let r = 0; r < G; r++)
    for (let i = 0; i < GN; i++) {
      y[i] += m.Yc.get(i, r);
      if (Math.floor(i / N) === r) yD[i] += m.Yc.get(i, r);
    }
  const yF = y.map((v, i) => v - yD[i]);
  const V = Matrix.diag(m.v);
  const terms = (M: Matrix, d: Float64Array) => matmul(matmul(V, M), Matrix.diag(d)); // V̂ M d̂
  const LAF = matmul(L, AF);
  const LAFL = matmul(LAF, L);
  const LAFB = matmul(LAF, B);
  const pure = terms(L, yD);
  const trad = terms(L, yF);
  const simple = terms(LAFL, yD);
  // V̂ L A^F (B Ŷ − L Ŷ^D) = V̂ L A^F B Ŷ − V̂ L A^F L Ŷ^D
  const complex = matmul(V, matmul(LAFB, Matrix.diag(y)));
  const s2 = terms(LAFL, yD);
  for (let k = 0; k < complex.data.length; k++) complex.data[k] -= s2.data[k];
  return { L, B, AF, y, yD, pure, trad, simple, complex };
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string) {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!close(a[i], b[i], tol)) expect.fail(`${what}[${i}]: ${a[i]} vs ${b[i]} (tol ${tol})`);
}

describe('WWYZ (2017a) production decomposition', () => {
  it('forward terms sum to VA and backward terms to final goods output, every sector (leather, sample world)', async () => {
    const tables = [await readTable(LEATHER), sampleWorld({ countries: 6, sectors: 5, seed: 7 })];
    for (const t of tables) {
      const m = Model.build(t);
      const p = productionDecomposition(m);
      for (let i = 0; i < m.GN; i++) {
        const f = p.forward.pureDomestic[i] + p.forward.traditionalTrade[i] + p.forward.gvcSimple[i] + p.forward.gvcComplex[i];
        const b = p.backward.pureDomestic[i] + p.backward.traditionalTrade[i] + p.backward.gvcSimple[i] + p.backward.gvcComplex[i];
        expect(close(f, m.va[i], 1e-10), `forward sum of ${t.label(i)}: ${f} vs VA ${m.va[i]}`).toBe(true);
        expect(close(b, p.y[i], 1e-10), `backward sum of ${t.label(i)}: ${b} vs y ${p.y[i]}`).toBe(true);
      }
      // World totals: Σ VA = Σ y (GDP = final demand).
      const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
      expect(close(sum(p.va), sum(p.y), 1e-10)).toBe(true);
    }
  });

  it('matches the dense matrix formulas term by term (leather, explicit L, A^F, B; tol 1e-10)', async () => {
    const m = Model.build(await readTable(LEATHER));
    const p = productionDecomposition(m);
    const d = denseTerms(m);
    const rows = (M: Matrix) => M.rowSums();
    const cols = (M: Matrix) => M.colSums();
    expectClose(p.forward.pureDomestic, rows(d.pure), 1e-10, 'forward pure');
    expectClose(p.forward.traditionalTrade, rows(d.trad), 1e-10, 'forward trad');
    expectClose(p.forward.gvcSimple, rows(d.simple), 1e-10, 'forward simple');
    expectClose(p.forward.gvcComplex, rows(d.complex), 1e-10, 'forward complex');
    expectClose(p.backward.pureDomestic, cols(d.pure), 1e-10, 'backward pure');
    expectClose(p.backward.traditionalTrade, cols(d.trad), 1e-10, 'backward trad');
    expectClose(p.backward.gvcSimple, cols(d.simple), 1e-10, 'backward simple');
    expectClose(p.backward.gvcComplex, cols(d.complex), 1e-10, 'backward complex');
  });

  it('a group of one country is the national decomposition', () => {
    const m = Model.build(sampleWorld({ countries: 5, sectors: 4, seed: 3 }));
    const nat = productionDecomposition(m);
    const grp = productionDecomposition(m, m.partition({ group: [m.table.countries[2]] }));
    expectClose(grp.forward.gvcComplex, nat.forward.gvcComplex, 1e-12, 'forward complex');
    expectClose(grp.backward.gvcSimple, nat.backward.gvcSimple, 1e-12, 'backward simple');
  });

  it('a group block of several countries moves value added from trade and GVC terms into the pure domestic term', () => {
    const m = Model.build(sampleWorld({ countries: 5, sectors: 4, seed: 3 }));
    const nat = productionDecomposition(m);
    const grp = productionDecomposition(m, m.partition({ group: m.table.countries.slice(0, 3) }));
    for (let i = 0; i < 3 * m.N; i++) {
      expect(grp.forward.pureDomestic[i]).toBeGreaterThan(nat.forward.pureDomestic[i]);
      const sum = grp.forward.pureDomestic[i] + grp.forward.traditionalTrade[i] + grp.forward.gvcSimple[i] + grp.forward.gvcComplex[i];
      expect(close(sum, m.va[i], 1e-10)).toBe(true);
    }
  });
});

describe('production lengths (WWYZ 2017b), upstreamness, downstreamness', () => {
  it('PLv equals the row sums of the Ghosh inverse and PLy the column sums of B (leather, sample world; tol 1e-10)', async () => {
    for (const t of [await readTable(LEATHER), sampleWorld({ countries: 4, sectors: 6, seed: 11 })]) {
      const m = Model.build(t);
      const len = productionLengths(m);
      // Ghosh computed independently: H = x̂⁻¹ Z, G = (I − H)⁻¹.
      const GN = m.GN;
      const IminusH = Matrix.identity(GN);
      for (let j = 0; j < GN; j++) for (let i = 0; i < GN; i++) IminusH.set(i, j, IminusH.get(i, j) - t.Z.get(i, j) / m.x[i]);
      const ghoshRows = inverse(IminusH).rowSums();
      const Bcols = m.B.colSums();
      for (let i = 0; i < GN; i++) {
        expect(close(len.plv.num[i] / len.plv.den[i], ghoshRows[i], 1e-10)).toBe(true);
        expect(close(len.upstreamness.num[i] / len.upstreamness.den[i], ghoshRows[i], 1e-10)).toBe(true);
        expect(close(len.ply.num[i] / len.ply.den[i], Bcols[i], 1e-10)).toBe(true);
        expect(close(len.downstreamness.num[i] / len.downstreamness.den[i], Bcols[i], 1e-10)).toBe(true);
        expect(ghoshRows[i]).toBeGreaterThanOrEqual(1);
        expect(Bcols[i]).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('Miller & Blair (2009) ch. 2 two-sector example: PLy = column sums of the printed L, upstreamness by hand', () => {
    // Z = [[150, 500], [200, 100]], f = [350, 1700] (shared/data/textbook_miller_blair). The book
    // prints L = [[1.254, 0.330], [0.264, 1.122]] (3 decimals), so PLy = (1.518, 1.452). By hand:
    // det(I − A) = det(I − H) = 0.7575; Ghosh row sums = (1.45, 0.95) / 0.7575.
    const t = new IcioTable({
      countries: ['MB'],
      sectors: ['S1', 'S2'],
      fdCategories: ['final'],
      Z: Matrix.fromRows([
        [150, 500],
        [200, 100],
      ]),
      Y: Matrix.fromRows([[350], [1700]]),
    });
    const m = Model.build(t);
    const len = productionLengths(m);
    const r = (p: { num: Float64Array; den: Float64Array }, i: number) => p.num[i] / p.den[i];
    expect(Math.abs(r(len.ply, 0) - (1.254 + 0.264))).toBeLessThan(1e-3);
    expect(Math.abs(r(len.ply, 1) - (0.33 + 1.122))).toBeLessThan(1e-3);
    expect(Math.abs(r(len.upstreamness, 0) - 1.45 / 0.7575)).toBeLessThan(1e-12);
    expect(Math.abs(r(len.upstreamness, 1) - 0.95 / 0.7575)).toBeLessThan(1e-12);
    // One country: everything is pure domestic, nothing crosses a border.
    const p = productionDecomposition(m);
    expect(close(p.forward.pureDomestic[0], m.va[0], 1e-12)).toBe(true);
    expect(p.forward.gvcSimple[0] + p.forward.gvcComplex[0] + p.forward.traditionalTrade[0]).toBe(0);
  });

  it('GVC lengths match V̂ (B B − L L) Ŷ over V̂ (B − L) Ŷ from dense matrices (leather; tol 1e-10)', async () => {
    const m = Model.build(await readTable(LEATHER));
    const len = productionLengths(m);
    const d = denseTerms(m);
    const BB = matmul(d.B, d.B);
    const LL = matmul(d.L, d.L);
    const X = new Matrix(m.GN, m.GN);
    const Vg = new Matrix(m.GN, m.GN);
    for (let k = 0; k < X.data.length; k++) {
      X.data[k] = BB.data[k] - LL.data[k];
      Vg.data[k] = d.B.data[k] - d.L.data[k];
    }
    const V = Matrix.diag(m.v);
    const Y = Matrix.diag(d.y);
    const Xv = matmul(matmul(V, X), Y);
    const Vv = matmul(matmul(V, Vg), Y);
    const fr = Xv.rowSums().map((a, i) => a / Vv.rowSums()[i]);
    const bc = Xv.colSums().map((a, j) => a / Vv.colSums()[j]);
    for (let i = 0; i < m.GN; i++) {
      expect(close(len.plvGvc.num[i] / len.plvGvc.den[i], fr[i], 1e-10)).toBe(true);
      expect(close(len.plyGvc.num[i] / len.plyGvc.den[i], bc[i], 1e-10)).toBe(true);
    }
  });

  it('reproduces pymrio’s upstream (S L) and downstream (S (Gᵀ − I)) multipliers on its test MRIO (rtol 1e-6)', async () => {
    // Reference: shared/reference/REFERENCE_pymrio_test_integration.json, from pymrio's
    // tests/test_integration.py (commit 89c9b97), S = stored value added / x.
    const ref = JSON.parse(readFileSync(refPath('REFERENCE_pymrio_test_integration.json'), 'utf8')) as { M: number[]; M_down: number[] };
    const t = await readTable(dataPath('pymrio_testmrio'));
    expect(t.storedVA).toBeDefined();
    const m = Model.build(t);
    const s = t.storedVA!.map((va, i) => va / m.x[i]);
    const up = m.solve(s, true); // S L (pymrio's L is our B)
    const down = ghoshTimes(m, s).map((g, i) => g - s[i]); // S (Gᵀ − I), as (G s)ᵀ − S
    expect(up.length).toBe(ref.M.length);
    for (let i = 0; i < up.length; i++) {
      expect(Math.abs(up[i] - ref.M[i])).toBeLessThanOrEqual(1e-6 * Math.abs(ref.M[i]) + 1e-8);
      expect(Math.abs(down[i] - ref.M_down[i])).toBeLessThanOrEqual(1e-6 * Math.abs(ref.M_down[i]) + 1e-8);
    }
  });
});
