/**
 * Borin–Mancini: reference numbers (R `icio` / Stata `icio` printed outputs for leather, R
 * `exvatools` 0.9.0 for leather, the WIOD-type synthetic table, and the ICIO-type synthetic table
 * read with its CN/MX splits kept, with and without the NAFTA block), the low-rank updates against
 * explicit inverses of the modified systems (with and without a block of two countries), and the
 * accounting identities (sample worlds, user blocks, WIOD 2011).
 */
import { readFileSync } from 'node:fs';
import { inverse, Matrix } from '@catena/linalg';
import { beforeAll, describe, expect, it } from 'vitest';
import { OptionError } from '../errors.js';
import { Model } from '../model/model.js';
import type { IcioTable } from '../table/icio-table.js';
import type { Result } from '../results/result.js';
import { readTable } from '../sources/registry.js';
import { sampleWorld } from '../sources/sample-world.js';
import { decompose } from './decompose.js';
import './bm.js';
import './koopman.js';
import { close, dataPath, refPath } from '../../test/shared.js';

type Key = string;
const key = (exp: unknown, sec: unknown, imp: unknown, term: unknown): Key => `${exp ?? ''}|${sec ?? ''}|${imp ?? ''}|${term}`;
function values(r: Result): Map<Key, number> {
  const m = new Map<Key, number>();
  for (const row of r.rows) m.set(key(row.exporter, row.sector, row.importer, row.term), row.value as number);
  return m;
}
function get(m: Map<Key, number>, exp: unknown, sec: unknown, imp: unknown, term: string): number {
  const v = m.get(key(exp, sec, imp, term));
  if (v === undefined) throw new Error(`no row ${key(exp, sec, imp, term)}`);
  return v;
}

/** The whitespace tables of a '## title' section of leather_reference_outputs.md. */
function mdTable(md: string, title: string): { head: string[]; rows: string[][] } {
  const start = md.indexOf(`## ${title}`);
  if (start < 0) throw new Error(`section '${title}' not in leather_reference_outputs.md`);
  const lines = md.slice(start).split('\n').slice(1);
  const body: string[] = [];
  for (const l of lines) {
    if (l.startsWith('##') || l.startsWith('(') || l.trim() === '') break;
    body.push(l);
  }
  const [head, ...rows] = body.map((l) => l.trim().split(/\s+/));
  return { head, rows };
}

describe('Borin–Mancini on leather (R icio printed outputs, exvatools 0.9.0; 1e-6 relative)', () => {
  let model: Model;
  let md: string;
  const names: Record<string, string> = {
    Argentina: 'Argentina',
    Turkey: 'Turkey',
    Germany: 'Germany',
    ARG: 'Argentina',
    TUR: 'Turkey',
    DEU: 'Germany',
  };
  const sectorOf: Record<string, string> = { Agri: 'Agriculture', Textile: 'Textile_and_Leather', Transport: 'Transport_Equipment' };
  beforeAll(async () => {
    model = Model.build(await readTable(dataPath('leather', 'leather_wide.csv')));
    md = readFileSync(refPath('leather_reference_outputs.md'), 'utf8');
  });

  const countryCases: [string, string, 'source' | 'sink'][] = [
    ['Borin-Mancini, country, exporter perspective / source (13 terms)', 'exporter', 'source'],
    ['Borin-Mancini, country, world perspective / sink (= corrected KWW, 9 terms)', 'world', 'sink'],
  ];
  for (const [title, perspective, approach] of countryCases) {
    it(`${perspective}/${approach}, country level: every printed number`, () => {
      const m = values(decompose(model, { method: 'bm', perspective, approach }));
      const { head, rows } = mdTable(md, title);
      expect(rows.length).toBe(3);
      let n = 0;
      for (const r of rows) {
        for (let j = 1; j < head.length; j++) {
          const got = get(m, names[r[0]], null, null, head[j]);
          expect(close(got, Number(r[j]), 1e-6), `${r[0]} ${head[j]}: ${got} vs ${r[j]}`).toBe(true);
          n++;
        }
      }
      expect(n).toBe(3 * (head.length - 1));
    });
  }

  it('exporter/source, sector level: every printed number', () => {
    const m = values(decompose(model, { method: 'bm', level: 'sector' }));
    const { head, rows } = mdTable(md, 'Borin-Mancini, sector level, exporter/source (13 terms)');
    expect(rows.length).toBe(9);
    for (const r of rows) {
      for (let j = 2; j < head.length; j++) {
        const got = get(m, names[r[0]], sectorOf[r[1]], null, head[j]);
        expect(close(got, Number(r[j]), 1e-6), `${r[0]} ${r[1]} ${head[j]}: ${got} vs ${r[j]}`).toBe(true);
      }
    }
  });

  it('bm_src and bm_snk rows of exvatools_leather_decompositions.csv', () => {
    const lines = readFileSync(refPath('exvatools_leather_decompositions.csv'), 'utf8').trim().split('\n').slice(1);
    const src = values(decompose(model, { method: 'bm', approach: 'source' }));
    const snk = values(decompose(model, { method: 'bm', approach: 'sink' }));
    let n = 0;
    for (const l of lines) {
      const [, method, exp, comp, val] = l.split(',');
      if (method !== 'bm_src' && method !== 'bm_snk') continue;
      const got = get(method === 'bm_src' ? src : snk, names[exp], null, null, comp === 'EXGR' ? 'GEXP' : comp);
      expect(close(got, Number(val), 1e-6), `${method} ${exp} ${comp}: ${got} vs ${val}`).toBe(true);
      n++;
    }
    expect(n).toBe(3 * 13 + 3 * 10);
  });
});

describe('Borin–Mancini on the exvatools WIOD-type synthetic table (exvatools 0.9.0, 1e-9 relative)', () => {
  it('bm_src and bm_snk at country level', async () => {
    const model = Model.build(await readTable(dataPath('exvatools_testdata', 'wiodtest_data.csv')));
    const src = values(decompose(model, { method: 'bm', approach: 'source' }));
    const snk = values(decompose(model, { method: 'bm', approach: 'sink' }));
    let n = 0;
    for (const l of readFileSync(refPath('exvatools_testdata_decompositions.csv'), 'utf8').trim().split('\n').slice(1)) {
      const [ds, method, exp, comp, val] = l.split(',');
      if (ds !== 'wiodtest' || (method !== 'bm_src' && method !== 'bm_snk')) continue;
      const got = get(method === 'bm_src' ? src : snk, exp, null, null, comp === 'EXGR' ? 'GEXP' : comp);
      expect(close(got, Number(val), 1e-9), `${method} ${exp} ${comp}: ${got} vs ${val}`).toBe(true);
      n++;
    }
    expect(n).toBe(78 + 60);
  });
});

/**
 * The frame country of each row of a table: split parts (CN1, CN2, MX1, MX2) count as their parent,
 * members of a block as the block. Written out here, independently of frame.ts.
 */
function frameRows(t: IcioTable, blocks: Record<string, string[]> = {}): { names: string[]; cOf: Int32Array } {
  const splitParent: Record<string, string> = { CN1: 'CHN', CN2: 'CHN', MX1: 'MEX', MX2: 'MEX' };
  const blockOf = new Map(Object.entries(blocks).flatMap(([b, ms]) => ms.map((c) => [c, b] as const)));
  const frameName = t.countries.map((c) => {
    const p = splitParent[c] && t.countries.includes(splitParent[c]) ? splitParent[c] : c;
    return blockOf.get(p) ?? p;
  });
  const names = [...new Set(frameName)];
  const cOf = new Int32Array(t.GN);
  for (let i = 0; i < t.GN; i++) cOf[i] = names.indexOf(frameName[Math.floor(i / t.N)]);
  return { names, cOf };
}

/** exvatools reference rows of one dataset and BM method: exporter → component → value. */
function exvaBm(dataset: string, method: 'bm_src' | 'bm_snk'): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const l of readFileSync(refPath('exvatools_testdata_decompositions.csv'), 'utf8').trim().split('\n').slice(1)) {
    const [ds, m, exp, comp, val] = l.split(',');
    if (ds !== dataset || m !== method) continue;
    if (!out.has(exp)) out.set(exp, new Map());
    out.get(exp)!.set(comp === 'EXGR' ? 'GEXP' : comp, Number(val));
  }
  return out;
}

const NAFTA = { NAFTA: ['MEX', 'USA'] };

describe('Borin–Mancini on the exvatools ICIO-type synthetic table read with keepSplits (CN1/CN2 in CHN, MX1/MX2 in MEX; exvatools 0.9.0)', () => {
  let model: Model;
  beforeAll(async () => {
    model = Model.build(await readTable(dataPath('exvatools_testdata', 'iciotest_data.csv'), { keepSplits: true }));
  });

  it('bm_src and bm_snk at country level, every component but VAXIM, for the 6 countries and the NAFTA block (1e-9 relative)', () => {
    let n = 0;
    for (const [method, approach] of [
      ['bm_src', 'source'],
      ['bm_snk', 'sink'],
    ] as const) {
      const plain = decompose(model, { method: 'bm', approach });
      const block = decompose(model, { method: 'bm', approach, blocks: NAFTA, exporters: ['NAFTA'] });
      expect(plain.rows.map((r) => r.exporter)).not.toContain('CN1');
      expect(plain.meta.domesticBlocks).toEqual({ MEX: ['MEX', 'MX1', 'MX2'], CHN: ['CHN', 'CN1', 'CN2'] });
      expect(new Set(block.rows.map((r) => r.exporter))).toEqual(new Set(['NAFTA']));
      const got = { plain: values(plain), block: values(block) };
      for (const [exp, comps] of exvaBm('iciotest', method)) {
        for (const [comp, want] of comps) {
          if (comp === 'VAXIM') continue; // see the next test
          const v = get(exp === 'NAFTA' ? got.block : got.plain, exp, null, null, comp);
          expect(close(v, want, 1e-9), `${method} ${exp} ${comp}: ${v} vs ${want}`).toBe(true);
          n++;
        }
      }
    }
    expect(n).toBe(7 * 13 + 7 * 9);
  });

  it('VAXIM equals its definition; exvatools’ VAXIM is the same sum with the importer’s rows summed by sector before multiplying (1e-9)', () => {
    // VAXIM_s = Σ_{r≠s} Σ_{i∈s} VBdom_i [Y_ir + (A_sr L_rr Y_rr)_i + Σ_{j∈r} (A_sr L_rr)_ij q_jr],
    // q_jr = Σ_{l∉r} A_jl (B^{−P} Y^{¬P}_{·r})_l (B^{−P}: s's exports removed; Y^{¬P}: s's final exports removed).
    // exvatools 0.9.0 (make_exvadec_bm_snk, term VAXIM3) sums (A_sr L_rr)_ij and q_jr separately over the
    // rows j of r with the same sector (CHN, CN1, CN2) and multiplies the sums, which adds cross products
    // between split parts whenever the importer r is split; everything else it computes on the frame.
    const ref = exvaBm('iciotest', 'bm_snk');
    const { A, v, B } = model;
    const GN = model.GN;
    const N = model.N;
    let checked = 0;
    for (const blocks of [{}, NAFTA]) {
      const { names, cOf } = frameRows(model.table, blocks);
      const G = names.length;
      const L = modifiedInverse(model, (i, j) => cOf[i] !== cOf[j]);
      const Y = (i: number, r: number) => model.table.countries.reduce((acc, c, g) => acc + (cOf[g * N] === r ? model.Yc.get(i, g) : 0), 0);
      const engine = values(decompose(model, { method: 'bm', approach: 'sink', blocks }));
      for (let s = 0; s < G; s++) {
        if (Object.keys(blocks).length && names[s] !== 'NAFTA') continue;
        const Bp = modifiedInverse(model, (i, j) => cOf[i] === s && cOf[j] !== s);
        let exact = 0;
        let exva = 0;
        for (let r = 0; r < G; r++) {
          if (r === s) continue;
          const yNot = Float64Array.from({ length: GN }, (_, l) => (cOf[l] === s ? 0 : Y(l, r)));
          const x = Float64Array.from({ length: GN }, (_, k) => yNot.reduce((acc, y, l) => acc + Bp.get(k, l) * y, 0));
          const q = Float64Array.from({ length: GN }, (_, j) =>
            cOf[j] === r ? x.reduce((acc, xl, l) => acc + (cOf[l] !== r ? A.get(j, l) * xl : 0), 0) : 0,
          );
          for (let i = 0; i < GN; i++) {
            if (cOf[i] !== s) continue;
            let vbDom = 0;
            for (let k = 0; k < GN; k++) if (cOf[k] === s) vbDom += v[k] * B.get(k, i);
            const AL = new Float64Array(GN); // (A_sr L_rr)_ij
            for (let j = 0; j < GN; j++)
              if (cOf[j] === r) for (let l = 0; l < GN; l++) if (cOf[l] === r) AL[j] += A.get(i, l) * L.get(l, j);
            let common = Y(i, r);
            for (let j = 0; j < GN; j++) common += AL[j] * Y(j, r);
            exact += vbDom * common;
            exva += vbDom * common;
            for (let j = 0; j < GN; j++) exact += vbDom * AL[j] * q[j];
            for (let n = 0; n < N; n++) {
              let sa = 0;
              let sq = 0;
              for (let j = n; j < GN; j += N) {
                if (cOf[j] !== r) continue;
                sa += AL[j];
                sq += q[j];
              }
              exva += vbDom * sa * sq;
            }
          }
        }
        const got = get(engine, names[s], null, null, 'VAXIM');
        expect(close(got, exact, 1e-10), `${names[s]} VAXIM ${got} vs definition ${exact}`).toBe(true);
        const want = ref.get(names[s])!.get('VAXIM')!;
        expect(close(exva, want, 1e-9), `${names[s]} exvatools VAXIM ${want} vs product of sector sums ${exva}`).toBe(true);
        // the difference is real: up to 6 % on this table
        expect(close(got, want, 1e-3)).toBe(false);
        checked++;
      }
    }
    expect(checked).toBe(7);
  });

  it('the melded table (CN1 + CN2 → CHN) keeps gross exports but not the value-added split', async () => {
    const melded = Model.build(await readTable(dataPath('exvatools_testdata', 'iciotest_data.csv')));
    const src = values(decompose(melded, { method: 'bm' }));
    const ref = exvaBm('iciotest', 'bm_src');
    expect(close(get(src, 'CHN', null, null, 'GEXP'), ref.get('CHN')!.get('GEXP')!, 1e-9)).toBe(true);
    expect(close(get(src, 'MEX', null, null, 'DVA'), ref.get('MEX')!.get('DVA')!, 1e-3)).toBe(false);
  });
});

describe('Borin–Mancini with a user block (NAFTA = MEX, USA)', () => {
  for (const [dataset, o] of [
    ['iciotest', { keepSplits: true }],
    ['wiodtest', {}],
  ] as const) {
    it(`${dataset}: the block's GEXP is its members' exports to non-members; identities and levels hold`, async () => {
      const model = Model.build(await readTable(dataPath('exvatools_testdata', `${dataset}_data.csv`), o));
      const t = model.table;
      const { names, cOf } = frameRows(t, NAFTA);
      const nafta = names.indexOf('NAFTA');
      // exports of the members' rows (MEX, USA and MEX's split parts) to every other country, from Z and Y
      let gexp = 0;
      for (let i = 0; i < t.GN; i++) {
        if (cOf[i] !== nafta) continue;
        for (let j = 0; j < t.GN; j++) if (cOf[j] !== nafta) gexp += t.Z.get(i, j);
        for (let g = 0; g < t.G; g++) if (cOf[g * t.N] !== nafta) for (let f = 0; f < t.F; f++) gexp += t.Y.get(i, g * t.F + f);
      }
      const r = values(decompose(model, { method: 'bm', blocks: NAFTA }));
      expect(close(get(r, 'NAFTA', null, null, 'GEXP'), gexp, 1e-12)).toBe(true);
      expect([...r.keys()].some((k) => k.startsWith('MEX|') || k.startsWith('USA|'))).toBe(false);
      checkWorld(model, 1e-9, NAFTA);
    });
  }
});

/** Explicit inverse of I − A with the given intermediate flows removed: the definition of B^{−P}. */
function modifiedInverse(model: Model, removed: (i: number, j: number) => boolean): Matrix {
  const GN = model.GN;
  const M = new Matrix(GN, GN);
  for (let j = 0; j < GN; j++)
    for (let i = 0; i < GN; i++) M.data[i + j * GN] = (i === j ? 1 : 0) - (removed(i, j) ? 0 : model.A.data[i + j * GN]);
  return inverse(M);
}

describe('Borin–Mancini perimeters against explicit modified inverses (sample world 4 × 3)', () => {
  const model = Model.build(sampleWorld({ countries: 4, sectors: 3, seed: 7 }));
  const { N, GN } = model;
  const t = model.table;
  const B = model.B;
  // Without blocks every country is its own block; with one, CHN and USA are one country (two rows
  // per sector, so the one-sector perimeters are 2 × 2 systems).
  const cases: [string, Record<string, string[]> | undefined][] = [
    ['countries', undefined],
    ['a block of two countries (CHN + USA)', { CU: [t.countries[0], t.countries[1]] }],
  ];
  for (const [label, blocks] of cases) {
    describe(label, () => {
      const { names, cOf: rowsOf } = frameRows(t, blocks);
      const G = names.length;
      const cOf = (i: number) => rowsOf[i];
      const members = (r: number) => t.countries.map((_, g) => g).filter((g) => rowsOf[g * N] === r);
      const E = (i: number, r: number) => members(r).reduce((a, g) => a + model.Esr.data[i + g * GN], 0);
      const Yc = (i: number, r: number) => members(r).reduce((a, g) => a + model.Yc.data[i + g * GN], 0);
      /** Rows of frame country s with sector n. */
      const group = (s: number, n: number) => Array.from({ length: GN }, (_, i) => i).filter((i) => cOf(i) === s && i % N === n);
      const run = (o: object) => values(decompose(model, { method: 'bm', blocks, ...o }));

      type Perim = (s: number, n: number, r: number) => { rows: (n2: number) => boolean; dests: (r2: number) => boolean };
      const perimeters: Record<string, Perim> = {
        exporter: (s) => ({ rows: () => true, dests: (r2) => r2 !== s }),
        bilateral: (_s, _n, r) => ({ rows: () => true, dests: (r2) => r2 === r }),
        sector: (s, n) => ({ rows: (n2) => n2 === n, dests: (r2) => r2 !== s }),
        'sector-bilateral': (_s, n, r) => ({ rows: (n2) => n2 === n, dests: (r2) => r2 === r }),
      };

      for (const perspective of Object.keys(perimeters)) {
        it(`${perspective} perspective, source and sink, sector-bilateral cells`, () => {
          const src = run({ perspective, approach: 'source', level: 'sector-bilateral' });
          const snk = run({ perspective, approach: 'sink', level: 'sector-bilateral' });
          let checked = 0;
          for (let s = 0; s < G; s++) {
            for (let n = 0; n < N; n++) {
              for (let r = 0; r < G; r++) {
                if (r === s) continue;
                const P = perimeters[perspective](s, n, r);
                const inP = (i: number, j: number) => cOf(i) === s && P.rows(i % N) && cOf(j) !== s && P.dests(cOf(j));
                const Bp = modifiedInverse(model, inP);
                // sink: what feeds the perimeter's exports again, and the final demands of s and r
                const eP = new Float64Array(GN);
                for (let k = 0; k < GN; k++)
                  for (let r2 = 0; r2 < G; r2++) if (cOf(k) === s && r2 !== s && P.rows(k % N) && P.dests(r2)) eP[k] += E(k, r2);
                const up = new Float64Array(GN);
                const ref = new Float64Array(GN);
                const im = new Float64Array(GN);
                for (let k = 0; k < GN; k++) {
                  for (let l = 0; l < GN; l++) {
                    const b = Bp.get(k, l);
                    up[k] += b * eP[l];
                    ref[k] += b * Yc(l, s);
                    const perimFinal = cOf(l) === s && P.rows(l % N) && P.dests(r);
                    im[k] += b * (perimFinal ? 0 : Yc(l, r));
                  }
                }
                const want = { DVA: 0, FVA: 0, sDVA: 0, sFVA: 0, REF: 0, VAXIM: 0 };
                for (const i0 of group(s, n)) {
                  // source: V B^{−P} column of row i0, domestic and foreign parts
                  let dvaC = 0;
                  let fvaC = 0;
                  let vbDom = 0;
                  let vbFor = 0;
                  for (let i = 0; i < GN; i++) {
                    if (cOf(i) === s) {
                      dvaC += model.v[i] * Bp.get(i, i0);
                      vbDom += model.v[i] * B.get(i, i0);
                    } else {
                      fvaC += model.v[i] * Bp.get(i, i0);
                      vbFor += model.v[i] * B.get(i, i0);
                    }
                  }
                  const e = E(i0, r);
                  want.DVA += dvaC * e;
                  want.FVA += fvaC * e;
                  // sink: the part of the flow that does not feed the perimeter's exports again
                  let phi = Yc(i0, r);
                  let phiRef = 0;
                  let phiIm = Yc(i0, r);
                  for (let j = 0; j < GN; j++) {
                    if (cOf(j) !== r) continue;
                    const a = model.A.get(i0, j);
                    phi += a * (model.x[j] - up[j]);
                    phiRef += a * ref[j];
                    phiIm += a * im[j];
                  }
                  want.sDVA += vbDom * phi;
                  want.sFVA += vbFor * phi;
                  want.REF += vbDom * phiRef;
                  want.VAXIM += vbDom * phiIm;
                }
                const lab = [names[s], t.sectors[n], names[r]] as const;
                expect(close(get(src, ...lab, 'DVA'), want.DVA, 1e-10)).toBe(true);
                expect(close(get(src, ...lab, 'FVA'), want.FVA, 1e-10)).toBe(true);
                expect(close(get(snk, ...lab, 'DVA'), want.sDVA, 1e-10)).toBe(true);
                expect(close(get(snk, ...lab, 'FVA'), want.sFVA, 1e-10)).toBe(true);
                expect(close(get(snk, ...lab, 'REF'), want.REF, 1e-10)).toBe(true);
                expect(close(get(snk, ...lab, 'VAXIM'), want.VAXIM, 1e-10)).toBe(true);
                checked++;
              }
            }
          }
          expect(checked).toBe(G * (G - 1) * N);
        });
      }

      it('importer perspective: VA = v B̃^r E_·r with B̃^r the inverse without r’s imported inputs, DC as BM eq. 51', () => {
        const imp = run({ perspective: 'importer', level: 'sector-bilateral' });
        const cty = run({ perspective: 'importer', level: 'country' });
        for (let r = 0; r < G; r++) {
          const Bt = modifiedInverse(model, (i, j) => cOf(j) === r && cOf(i) !== r);
          // h = A_{t≠r, r} (B d^r)_r, d^r = imports of r
          const Bd = new Float64Array(GN);
          for (let k = 0; k < GN; k++) for (let l = 0; l < GN; l++) Bd[k] += B.get(k, l) * (cOf(l) === r ? 0 : E(l, r));
          const h = new Float64Array(GN);
          for (let i = 0; i < GN; i++) if (cOf(i) !== r) for (let j = 0; j < GN; j++) if (cOf(j) === r) h[i] += model.A.get(i, j) * Bd[j];
          let dc = 0;
          for (let k = 0; k < GN; k++) for (let l = 0; l < GN; l++) dc += model.v[k] * Bt.get(k, l) * h[l];
          for (let s = 0; s < G; s++) {
            if (s === r) continue;
            for (let n = 0; n < N; n++) {
              let va = 0;
              for (const j of group(s, n)) {
                let q = 0;
                for (let k = 0; k < GN; k++) q += model.v[k] * Bt.get(k, j);
                va += q * E(j, r);
              }
              expect(close(get(imp, names[s], t.sectors[n], names[r], 'VA'), va, 1e-10)).toBe(true);
            }
          }
          expect(close(get(cty, null, null, names[r], 'DC'), dc, 1e-10)).toBe(true);
          expect(close(get(cty, null, null, names[r], 'GIMP'), get(cty, null, null, names[r], 'VA') + dc, 1e-10)).toBe(true);
        }
      });

      it('world/source: FVA = Σ_{t≠s} V_t L_tt A_ts L_ss E_s with explicit local inverses', () => {
        const w = run({ perspective: 'world', approach: 'source' });
        const L = modifiedInverse(model, (i, j) => cOf(i) !== cOf(j));
        for (let s = 0; s < G; s++) {
          const Es = Array.from({ length: GN }, (_, c) => (cOf(c) === s ? names.reduce((a, _, r) => a + (r === s ? 0 : E(c, r)), 0) : 0));
          let fva = 0;
          for (let i = 0; i < GN; i++) {
            if (cOf(i) === s) continue;
            for (let a = 0; a < GN; a++) {
              if (cOf(a) !== cOf(i)) continue;
              for (let b = 0; b < GN; b++) {
                if (cOf(b) !== s) continue;
                for (let c = 0; c < GN; c++) if (cOf(c) === s) fva += model.v[i] * L.get(i, a) * model.A.get(a, b) * L.get(b, c) * Es[c];
              }
            }
          }
          expect(close(get(w, names[s], null, null, 'FVA'), fva, 1e-10)).toBe(true);
        }
      });
    });
  }
});

/** Checks the accounting identities on every row group of a result. */
function identities(r: Result, tol: number): number {
  const groups = new Map<string, Record<string, number>>();
  for (const row of r.rows) {
    const k = `${row.exporter}|${row.sector}|${row.importer}`;
    const g = groups.get(k) ?? {};
    g[String(row.term)] = row.value as number;
    groups.set(k, g);
  }
  let n = 0;
  const failures: string[] = [];
  for (const [k, g] of groups) {
    const scale = Math.max(1, Math.abs(g.GEXP));
    const eq = (a: number, b: number, what: string) => {
      if (!(Math.abs(a - b) <= tol * scale)) failures.push(`${k}: ${what} (${a} vs ${b})`);
    };
    eq(g.GEXP, g.DC + g.FC, 'GEXP = DC + FC');
    eq(g.DC, g.DVA + g.DDC, 'DC = DVA + DDC');
    eq(g.FC, g.FVA + g.FDC, 'FC = FVA + FDC');
    eq(g.DVA, g.VAX + g.REF, 'DVA = VAX + REF');
    if ('GVC' in g) {
      eq(g.GVC, g.GVCB + g.GVCF, 'GVC = GVCB + GVCF');
      eq(g.GVC, g.GEXP - g.DAVAX, 'GVC = GEXP − DAVAX');
      eq(g.GVCB, g.FC + g.DDC, 'GVCB = FC + DDC');
    }
    if ('VAXIM' in g && r.meta.perspective === 'exporter' && !(g.VAXIM <= g.VAX + tol * scale)) failures.push(`${k}: VAXIM ≤ VAX`);
    n++;
  }
  expect(failures.slice(0, 5)).toEqual([]);
  return n;
}

/** Sums a term of a result over the rows that share the given keys. */
function sums(r: Result, keys: ('exporter' | 'sector' | 'importer')[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const row of r.rows) {
    const k = [...keys.map((c) => row[c]), row.term].join('|');
    m.set(k, (m.get(k) ?? 0) + (row.value as number));
  }
  return m;
}
function expectSameSums(a: Map<string, number>, b: Map<string, number>, tol: number, terms?: string[]): void {
  let n = 0;
  const failures: string[] = [];
  for (const [k, v] of b) {
    if (terms && !terms.includes(k.split('|').at(-1)!)) continue;
    const got = a.get(k);
    if (got === undefined || !(Math.abs(got - v) <= tol * Math.max(1, Math.abs(v)))) failures.push(`${k}: ${got} vs ${v}`);
    n++;
  }
  expect(failures.slice(0, 5)).toEqual([]);
  expect(n).toBeGreaterThan(0);
}

function checkWorld(model: Model, tol: number, blocks?: Record<string, string[]>): void {
  const c = (o: object) => decompose(model, { method: 'bm', blocks, ...o });
  for (const approach of ['source', 'sink'] as const) {
    const country = c({ approach });
    const sector = c({ approach, level: 'sector' });
    const bilateral = c({ approach, level: 'bilateral' });
    const sb = c({ approach, level: 'sector-bilateral' });
    for (const r of [country, sector, bilateral, sb]) expect(identities(r, tol)).toBeGreaterThan(0);
    // exporter perspective: sector, bilateral and sector-bilateral rows add up to the country rows
    const top = sums(country, ['exporter']);
    for (const r of [sector, bilateral, sb]) expectSameSums(sums(r, ['exporter']), top, tol);
    expectSameSums(sums(sb, ['exporter', 'sector']), sums(sector, ['exporter', 'sector']), tol);
    expectSameSums(sums(sb, ['exporter', 'importer']), sums(bilateral, ['exporter', 'importer']), tol);
  }
  // sink summed over importers equals the source totals
  expectSameSums(sums(c({ approach: 'sink', level: 'bilateral' }), ['exporter']), sums(c({ approach: 'source' }), ['exporter']), tol, [
    'GEXP',
    'DC',
    'DVA',
    'VAX',
    'REF',
    'DDC',
    'FC',
    'FVA',
    'FDC',
  ]);
  // narrower perimeters: source and sink agree on each perimeter's own total; sector-bilateral cells add up
  for (const [perspective, level, keys] of [
    ['bilateral', 'bilateral', ['exporter', 'importer']],
    ['sector', 'sector', ['exporter', 'sector']],
    ['sector-bilateral', 'sector-bilateral', ['exporter', 'sector', 'importer']],
  ] as const) {
    const so = c({ perspective, level, approach: 'source' });
    const si = c({ perspective, level, approach: 'sink' });
    expect(identities(so, tol)).toBeGreaterThan(0);
    expect(identities(si, tol)).toBeGreaterThan(0);
    expectSameSums(sums(si, [...keys]), sums(so, [...keys]), tol, ['DVA', 'FVA', 'VAX', 'REF']);
    if (perspective !== 'sector-bilateral') {
      for (const approach of ['source', 'sink'] as const) {
        const fine = c({ perspective, level: 'sector-bilateral', approach });
        expect(identities(fine, tol)).toBeGreaterThan(0);
        expectSameSums(sums(fine, [...keys]), sums(approach === 'source' ? so : si, [...keys]), tol, ['GEXP', 'DC', 'FC']);
      }
    }
  }
  // the world perimeter keeps the domestic side of the exporter perspective
  for (const approach of ['source', 'sink'] as const) {
    const w = c({ perspective: 'world', approach });
    expect(identities(w, tol)).toBeGreaterThan(0);
    expectSameSums(sums(w, ['exporter']), sums(c({}), ['exporter']), tol, ['GEXP', 'DC', 'DVA', 'VAX', 'REF', 'DDC', 'FC']);
  }
  // imports: GIMP = VA + DC, levels add up
  const ic = c({ perspective: 'importer' });
  const isb = c({ perspective: 'importer', level: 'sector-bilateral' });
  expectSameSums(sums(isb, ['importer']), sums(ic, ['importer']), tol);
  const im = values(ic);
  const importers = [...new Set(ic.rows.map((x) => String(x.importer)))];
  expect(importers).toEqual(frameRows(model.table, blocks).names);
  for (const r of importers) {
    expect(
      Math.abs(get(im, null, null, r, 'GIMP') - get(im, null, null, r, 'VA') - get(im, null, null, r, 'DC')) <=
        tol * Math.max(1, get(im, null, null, r, 'GIMP')),
    ).toBe(true);
  }
}

describe('Borin–Mancini identities', () => {
  for (const seed of [1, 2, 3]) {
    it(`sample world seed ${seed} (5 × 4): every perspective, approach and level`, () => {
      checkWorld(Model.build(sampleWorld({ countries: 5, sectors: 4, seed })), 1e-10);
    });
  }

  it('a narrower perimeter counts at least as much value added once (sector-bilateral cells)', () => {
    const model = Model.build(sampleWorld({ countries: 5, sectors: 4, seed: 11 }));
    const dva = (perspective: string) => values(decompose(model, { method: 'bm', perspective, level: 'sector-bilateral' }));
    const ex = dva('exporter');
    const bi = dva('bilateral');
    const se = dva('sector');
    const sb = dva('sector-bilateral');
    for (const [k, v] of ex) {
      if (!k.endsWith('|DVA')) continue;
      expect(bi.get(k)! >= v - 1e-12 && se.get(k)! >= v - 1e-12).toBe(true);
      expect(sb.get(k)! >= Math.max(bi.get(k)!, se.get(k)!) - 1e-12).toBe(true);
    }
  });

  it('WIOD 2011 (41 × 35): identities and aggregation, exporter perspective', async () => {
    const model = Model.build(await readTable(dataPath('wiod2013', 'wiot2011_2013rel_int.csv.gz'), { format: 'wide' }));
    const c = (o: object) => decompose(model, { method: 'bm', ...o });
    const country = c({});
    expect(country.rows.length).toBe(41 * 13);
    expect(identities(country, 1e-9)).toBe(41);
    const sb = c({ level: 'sector-bilateral' });
    expect(identities(sb, 1e-9)).toBe(41 * 40 * 35);
    expectSameSums(sums(sb, ['exporter']), sums(country, ['exporter']), 1e-9);
    for (const level of ['sector', 'bilateral'] as const) {
      const r = c({ level });
      expect(identities(r, 1e-9)).toBe(level === 'sector' ? 41 * 35 : 41 * 40);
      expectSameSums(sums(r, ['exporter']), sums(country, ['exporter']), 1e-9);
    }
    const sink = c({ approach: 'sink', level: 'bilateral' });
    expect(identities(sink, 1e-9)).toBe(41 * 40);
    expectSameSums(sums(sink, ['exporter']), sums(country, ['exporter']), 1e-9, ['DVA', 'VAX', 'REF', 'FVA', 'FDC', 'DDC']);
  });
});

describe('decompose() options', () => {
  const model = Model.build(sampleWorld({ countries: 3, sectors: 2, seed: 5 }));
  const codes = model.table.countries;
  it('rejects unknown methods, perspectives, levels and countries, naming what is allowed', () => {
    expect(() => decompose(model, { method: 'nope' as never })).toThrow(OptionError);
    expect(() => decompose(model, { method: 'nope' as never })).toThrow(/method 'nope' is not known; expected one of .*bm.*koopman/);
    expect(() => decompose(model, { method: 'bm', perspective: 'galaxy' })).toThrow(
      /perspective 'galaxy' is not known for method bm; expected one of exporter, world/,
    );
    expect(() => decompose(model, { method: 'bm', level: 'planet' as never })).toThrow(/level 'planet' is not known/);
    expect(() => decompose(model, { method: 'bm', perspective: 'world', level: 'sector' })).toThrow(
      /does not fit the world perspective of bm; expected one of country/,
    );
    expect(() => decompose(model, { method: 'bm', exporters: ['XXX'] })).toThrow(new RegExp(`'XXX' is neither a country.*${codes[0]}`));
    expect(() => decompose(model, { method: 'bm', importers: [codes[1]] })).toThrow(/importers select rows at the bilateral/);
    // without a level, each perspective reports at its own widest level
    expect(decompose(model, { method: 'bm', perspective: 'sector-bilateral' }).meta.level).toBe('sector-bilateral');
    expect(decompose(model, { method: 'bm', perspective: 'bilateral' }).meta.level).toBe('bilateral');
  });
  it('filters exporters, importers and sectors; summary keeps the common components', () => {
    const r = decompose(model, {
      method: 'bm',
      level: 'sector-bilateral',
      exporters: [codes[0]],
      importers: [codes[2]],
      sectors: [model.table.sectors[1]],
    });
    expect(new Set(r.rows.map((x) => `${x.exporter}|${x.sector}|${x.importer}`))).toEqual(
      new Set([`${codes[0]}|${model.table.sectors[1]}|${codes[2]}`]),
    );
    expect(r.rows.map((x) => x.term)).toEqual([
      'GEXP',
      'DC',
      'DVA',
      'VAX',
      'DAVAX',
      'REF',
      'DDC',
      'FC',
      'FVA',
      'FDC',
      'GVC',
      'GVCB',
      'GVCF',
    ]);
    expect(r.meta).toMatchObject({
      kind: 'decomposition',
      method: 'bm',
      perspective: 'exporter',
      approach: 'source',
      level: 'sector-bilateral',
    });
    const s = decompose(model, { method: 'bm', approach: 'sink', summary: true });
    expect([...new Set(s.rows.map((x) => x.term))]).toEqual(['GEXP', 'DC', 'DVA', 'VAX', 'REF', 'DDC', 'FC', 'FVA', 'FDC']);
    expect(() => decompose(model, { method: 'bm', perspective: 'importer', summary: true })).toThrow(OptionError);
  });
});
