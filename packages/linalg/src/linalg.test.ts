import { afterAll, describe, expect, it } from 'vitest';
import {
  DimensionError,
  IllConditionedError,
  LU,
  Matrix,
  NonFiniteError,
  SingularMatrixError,
  backend,
  inverse,
  inverseAsync,
  lu,
  luAsync,
  matmul,
  matmulAsync,
  matvec,
  nativeAvailable,
  solve,
  useBackend,
} from './node.js';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

function random(rows: number, cols: number, seed: number, diag = 0): Matrix {
  const r = seeded(seed);
  const m = new Matrix(rows, cols);
  for (let k = 0; k < m.data.length; k++) m.data[k] = r();
  for (let i = 0; i < Math.min(rows, cols); i++) m.data[i + i * rows] += diag;
  return m;
}

/** max |a − b| / max(1, |b|) over all entries. */
function relDiff(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]) / Math.max(1, Math.abs(b[k])));
  return worst;
}

const native = nativeAvailable();
const initial = backend().name;
afterAll(() => {
  useBackend(initial);
});

describe('Matrix', () => {
  it('stores column-major and converts to and from rows', () => {
    const m = Matrix.fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(Array.from(m.data)).toEqual([1, 4, 2, 5, 3, 6]);
    expect(m.get(1, 2)).toBe(6);
    expect(m.toRows()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(Array.from(m.rowSums())).toEqual([6, 15]);
    expect(Array.from(m.colSums())).toEqual([5, 7, 9]);
    expect(m.transpose().toRows()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(m.block(0, 1, 2, 2).toRows()).toEqual([
      [2, 3],
      [5, 6],
    ]);
  });

  it('rejects data of the wrong length with the expected size', () => {
    expect(() => new Matrix(2, 3, new Float64Array(5))).toThrow(/5 entries, expected 2 × 3 = 6/);
  });
});

describe('the two backends', () => {
  it('the native addon is built on this machine (CI installs OpenBLAS)', () => {
    expect(native).toEqual({ ok: true });
  });

  // Both backends on the same random systems; tolerance 1e-10 relative (issue 2).
  const cases: [number, number, number, boolean, boolean][] = [
    [1, 1, 1, false, false],
    [7, 5, 3, false, false],
    [37, 41, 29, true, false],
    [64, 33, 300, false, true],
    [130, 97, 257, true, true],
  ];
  for (const [m, n, k, ta, tb] of cases) {
    it(`gemm ${m}×${k}·${k}×${n} (transA ${ta}, transB ${tb}) agrees`, () => {
      const A = ta ? random(k, m, 1) : random(m, k, 1);
      const B = tb ? random(n, k, 2) : random(k, n, 2);
      useBackend('ts');
      const Cts = matmul(A, B, { transA: ta, transB: tb });
      useBackend('native');
      const Cn = matmul(A, B, { transA: ta, transB: tb });
      expect(relDiff(Cts.data, Cn.data)).toBeLessThan(1e-10);
      // and against the definition, entry by entry
      const i = m - 1;
      const j = n - 1;
      let s = 0;
      for (let p = 0; p < k; p++) s += (ta ? A.get(p, i) : A.get(i, p)) * (tb ? B.get(j, p) : B.get(p, j));
      expect(Math.abs(Cts.get(i, j) - s)).toBeLessThan(1e-12 * Math.max(1, Math.abs(s)));
    });
  }

  it('gemv agrees, plain and transposed', () => {
    const A = random(50, 30, 3);
    const x = random(30, 1, 4).data;
    const xt = random(50, 1, 5).data;
    useBackend('ts');
    const y1 = matvec(A, x);
    const y2 = matvec(A, xt, true);
    useBackend('native');
    expect(relDiff(y1, matvec(A, x))).toBeLessThan(1e-10);
    expect(relDiff(y2, matvec(A, xt, true))).toBeLessThan(1e-10);
  });

  for (const n of [1, 2, 10, 65, 200]) {
    it(`LU, solves and inverse agree on a random ${n}×${n} system`, () => {
      const A = random(n, n, 10 + n, 2);
      const B = random(n, 3, 20 + n);
      useBackend('ts');
      const fts = lu(A);
      const Xts = fts.solve(B);
      const XtTs = fts.solve(B, true);
      const Its = fts.inverse();
      useBackend('native');
      const fn = lu(A);
      expect(relDiff(Xts.data, fn.solve(B).data)).toBeLessThan(1e-10);
      expect(relDiff(XtTs.data, fn.solve(B, true).data)).toBeLessThan(1e-10);
      expect(relDiff(Its.data, fn.inverse().data)).toBeLessThan(1e-10);
      // A·X = B
      const AX = matmul(A, Xts);
      expect(relDiff(AX.data, B.data)).toBeLessThan(1e-10);
      // Aᵀ·X = B
      const AtX = matmul(A, XtTs, { transA: true });
      expect(relDiff(AtX.data, B.data)).toBeLessThan(1e-10);
      // condition estimates agree within a factor of 10 (both are estimates)
      expect(fts.rcond / fn.rcond).toBeGreaterThan(0.1);
      expect(fts.rcond / fn.rcond).toBeLessThan(10);
    });
  }

  it('async variants give the sync results', async () => {
    useBackend('native');
    const A = random(80, 80, 7, 3);
    const B = random(80, 4, 8);
    const f = await luAsync(A);
    expect(relDiff((await f.solveAsync(B)).data, lu(A).solve(B).data)).toBeLessThan(1e-13);
    expect(relDiff((await inverseAsync(A)).data, inverse(A).data)).toBeLessThan(1e-13);
    expect(relDiff((await matmulAsync(A, B)).data, matmul(A, B).data)).toBeLessThan(1e-13);
  });
});

describe('textbook values', () => {
  // Miller & Blair (2009), ch. 2: A = Z x̂⁻¹ with Z = [[150, 500], [200, 100]], x = [1000, 2000];
  // L = (I − A)⁻¹ printed there as [[1.2541, 0.3300], [0.2640, 1.1221]] (4 decimals).
  for (const name of ['ts', 'native'] as const) {
    it(`Leontief inverse of Miller & Blair's two-sector example (${name})`, () => {
      useBackend(name);
      const IminusA = Matrix.fromRows([
        [1 - 0.15, -0.25],
        [-0.2, 1 - 0.05],
      ]);
      const L = inverse(IminusA).toRows();
      const printed = [
        [1.2541, 0.33],
        [0.264, 1.1221],
      ];
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(Math.abs(L[i][j] - printed[i][j])).toBeLessThan(5e-5);
    });
  }
});

describe('errors', () => {
  for (const name of ['ts', 'native'] as const) {
    it(`a singular system names the pivot (${name})`, () => {
      useBackend(name);
      // Third row = first + second: elimination leaves pivot 2 exactly zero.
      const A = Matrix.fromRows([
        [1, 2, 3],
        [4, 5, 6],
        [5, 7, 9],
      ]);
      let err: unknown;
      try {
        lu(A, { context: 'test matrix' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(Error);
      // exact zero pivot (SingularMatrixError) or a tiny rounding residue caught by the condition check
      if (err instanceof SingularMatrixError) expect(err.pivot).toBe(2);
      else {
        expect(err).toBeInstanceOf(IllConditionedError);
        expect((err as IllConditionedError).pivot).toBe(2);
      }
      expect((err as Error).message).toMatch(/test matrix/);
      expect((err as Error).message).toMatch(/index 2/);
    });

    it(`an exactly singular column is reported as pivot 1 (${name})`, () => {
      useBackend(name);
      const A = Matrix.fromRows([
        [1, 0, 0],
        [0, 0, 0],
        [0, 0, 1],
      ]);
      expect(() => lu(A)).toThrow(SingularMatrixError);
      try {
        lu(A);
      } catch (e) {
        expect((e as SingularMatrixError).pivot).toBe(1);
      }
    });

    it(`an ill-conditioned system is an error, not a matrix of huge numbers (${name})`, () => {
      useBackend(name);
      const A = Matrix.fromRows([
        [1, 1],
        [1, 1 + 1e-15],
      ]);
      expect(() => lu(A)).toThrow(IllConditionedError);
      // the same system is accepted when the caller lowers the tolerance
      expect(() => lu(A, { rcondMin: 1e-20 })).not.toThrow();
    });
  }

  it('NaN in a matrix names the row and column', () => {
    const A = Matrix.identity(3);
    A.set(2, 1, NaN);
    expect(() => lu(A)).toThrow(NonFiniteError);
    expect(() => lu(A)).toThrow(/row 2, column 1/);
  });

  it('shape mismatches say what was expected', () => {
    expect(() => matmul(new Matrix(2, 3), new Matrix(2, 3))).toThrow(DimensionError);
    expect(() => matmul(new Matrix(2, 3), new Matrix(2, 3))).toThrow(/inner dimensions/);
    expect(() => lu(new Matrix(2, 3))).toThrow(/square/);
    expect(() => solve(Matrix.identity(3), new Float64Array(2))).toThrow(/2 rows, expected 3/);
    expect(() => matvec(new Matrix(2, 3), [1, 2])).toThrow(/expected 3/);
  });

  it('LU.factor leaves its input untouched', () => {
    const A = random(5, 5, 99, 2);
    const copy = A.data.slice();
    LU.factor(A);
    expect(Array.from(A.data)).toEqual(Array.from(copy));
  });
});

describe('threads', () => {
  it('the BLAS thread count can be set and read back', async () => {
    const { getThreads, setThreads } = await import('./node.js');
    useBackend('native');
    const before = getThreads();
    setThreads(1);
    expect(getThreads()).toBe(1);
    setThreads(before);
    expect(getThreads()).toBe(before);
    expect(() => setThreads(0)).toThrow(/positive integer/);
  });
});

describe('overwrite', () => {
  it('factorises in place when asked, with the same factors as a copy', () => {
    const A = random(6, 6, 123, 2);
    const copy = A.clone();
    const f1 = LU.factor(copy);
    const f2 = LU.factor(A, { overwrite: true });
    expect(f2.factors).toBe(A.data);
    expect(Array.from(f2.factors)).toEqual(Array.from(f1.factors));
  });
});
