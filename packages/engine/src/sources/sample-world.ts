/**
 * A deterministic synthetic world for `catena demo` and for tests and benchmarks at any size.
 * It is not data: flows come from a seeded generator (xorshift32), shaped so the table behaves
 * like a real one — a strong domestic diagonal, smaller cross-border blocks, and final demand
 * mostly absorbed at home — and every row balances with positive value added.
 *
 * Generator: for country-sectors i (in s) and j (in r), base u ~ U(0,1); the intermediate flow
 * is Z_ij = scale · u · (s = r ? 1 : trade), with column sums capped at 60% of output so that
 * value added is positive; final demand Y_i,r = scale · U(0,1) · (s = r ? 4 : trade).
 */
import { Matrix } from '@catena/linalg';
import { IcioTable } from '../table/icio-table.js';

export interface SampleWorldOptions {
  countries?: number;
  sectors?: number;
  /** Final-demand categories per country (default 1, named 'final'). */
  categories?: number;
  seed?: number;
  /** Relative size of cross-border flows (default 0.15). */
  trade?: number;
  year?: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const ISO = [
  'CHN',
  'USA',
  'DEU',
  'JPN',
  'KOR',
  'FRA',
  'GBR',
  'ITA',
  'IND',
  'BRA',
  'MEX',
  'CAN',
  'RUS',
  'AUS',
  'ESP',
  'IDN',
  'NLD',
  'TUR',
  'POL',
  'SWE',
];

export function sampleWorld(o: SampleWorldOptions = {}): IcioTable {
  const G = o.countries ?? 5;
  const N = o.sectors ?? 4;
  const F = o.categories ?? 1;
  const trade = o.trade ?? 0.15;
  const rand = rng(o.seed ?? 2024);
  const GN = G * N;
  const countries = Array.from({ length: G }, (_, g) => (g < ISO.length ? ISO[g] : `C${String(g + 1).padStart(3, '0')}`));
  const sectors = Array.from({ length: N }, (_, n) => `s${String(n + 1).padStart(2, '0')}`);
  const Z = new Matrix(GN, GN);
  const Y = new Matrix(GN, G * F);
  const scale = 100;
  for (let j = 0; j < GN; j++) {
    const r = Math.floor(j / N);
    for (let i = 0; i < GN; i++) {
      const s = Math.floor(i / N);
      Z.data[i + j * GN] = scale * rand() * (s === r ? 1 : trade);
    }
  }
  for (let c = 0; c < G * F; c++) {
    const r = Math.floor(c / F);
    for (let i = 0; i < GN; i++) {
      const s = Math.floor(i / N);
      Y.data[i + c * GN] = (scale * N * rand() * (s === r ? 4 : trade)) / F;
    }
  }
  // Scale each column of Z so intermediate inputs are at most 60% of the column's output.
  const x = Z.rowSums();
  const yr = Y.rowSums();
  for (let i = 0; i < GN; i++) x[i] += yr[i];
  const cs = Z.colSums();
  for (let j = 0; j < GN; j++) {
    const cap = 0.6 * x[j];
    if (cs[j] > cap) {
      const f = cap / cs[j];
      for (let i = 0; i < GN; i++) Z.data[i + j * GN] *= f;
    }
  }
  return new IcioTable({
    countries,
    sectors,
    fdCategories: F === 1 ? ['final'] : Array.from({ length: F }, (_, f) => `F${f + 1}`),
    Z,
    Y,
    unit: 'synthetic units',
    year: o.year ?? 2020,
    source: `synthetic sample world (${G} countries × ${N} sectors, seed ${o.seed ?? 2024}; not real data)`,
  });
}
