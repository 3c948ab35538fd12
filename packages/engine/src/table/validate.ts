import type { IcioTable } from './icio-table.js';

/** One finding about a table. `items` name the country-sectors (or cells) concerned. */
export interface Diagnostic {
  code:
    'non-finite' | 'nonpositive-output' | 'negative-value-added' | 'negative-intermediate' | 'output-imbalance' | 'value-added-imbalance';
  severity: 'error' | 'warning' | 'info';
  message: string;
  items: { label: string; index: number; value: number; expected?: number; column?: string }[];
}

export interface ValidateOptions {
  /** Relative tolerance for imbalance against the stored output (default 1e-3). */
  imbalanceTolerance?: number;
  /** Most items to list per diagnostic (default: all). */
  maxItems?: number;
}

/**
 * Checks a table: non-finite cells (error), country-sectors with x ≤ 0 and with negative value
 * added, negative intermediate flows, and x against the stored output when there is one.
 */
export function validateTable(t: IcioTable, o: ValidateOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const GN = t.GN;
  const tol = o.imbalanceTolerance ?? 1e-3;
  const cap = <T>(xs: T[]) => (o.maxItems !== undefined ? xs.slice(0, o.maxItems) : xs);

  const nonFinite: Diagnostic['items'] = [];
  const scan = (data: Float64Array, rows: number, colLabel: (j: number) => string, where: string) => {
    for (let k = 0; k < data.length; k++) {
      if (!Number.isFinite(data[k])) {
        const i = k % rows;
        nonFinite.push({ label: t.label(i), index: i, value: data[k], column: `${where} ${colLabel(Math.floor(k / rows))}` });
      }
    }
  };
  scan(t.Z.data, GN, (j) => t.label(j), 'Z');
  scan(t.Y.data, GN, (j) => `${t.countries[Math.floor(j / t.F)]}_${t.fdCategories[j % t.F]}`, 'Y');
  if (nonFinite.length) {
    out.push({
      code: 'non-finite',
      severity: 'error',
      message: `${nonFinite.length} cells are NaN or infinite`,
      items: cap(nonFinite),
    });
  }

  const x = t.x;
  const va = t.va;
  const nonpos: Diagnostic['items'] = [];
  const negVa: Diagnostic['items'] = [];
  for (let i = 0; i < GN; i++) {
    if (x[i] <= 0) nonpos.push({ label: t.label(i), index: i, value: x[i] });
    if (va[i] < 0) negVa.push({ label: t.label(i), index: i, value: va[i] });
  }
  if (nonpos.length) {
    out.push({
      code: 'nonpositive-output',
      severity: 'warning',
      message: `${nonpos.length} country-sectors have output x ≤ 0: their input coefficients are set to zero and they are excluded from ratios`,
      items: cap(nonpos),
    });
  }
  if (negVa.length) {
    out.push({
      code: 'negative-value-added',
      severity: 'warning',
      message: `${negVa.length} country-sectors have negative value added (intermediate inputs exceed output)`,
      items: cap(negVa),
    });
  }

  const negZ: Diagnostic['items'] = [];
  const Z = t.Z.data;
  for (let k = 0; k < Z.length; k++) {
    if (Z[k] < 0) {
      const i = k % GN;
      negZ.push({ label: t.label(i), index: i, value: Z[k], column: t.label(Math.floor(k / GN)) });
    }
  }
  if (negZ.length) {
    out.push({
      code: 'negative-intermediate',
      severity: 'warning',
      message: `${negZ.length} intermediate flows are negative`,
      items: cap(negZ),
    });
  }

  if (t.storedOutput) {
    const imb: Diagnostic['items'] = [];
    for (let i = 0; i < GN; i++) {
      const s = t.storedOutput[i];
      const d = Math.abs(x[i] - s);
      if (d > tol * Math.max(Math.abs(s), Math.abs(x[i]), 1)) imb.push({ label: t.label(i), index: i, value: x[i], expected: s });
    }
    if (imb.length) {
      out.push({
        code: 'output-imbalance',
        severity: 'info',
        message: `${imb.length} country-sectors: row sums (x) differ from the stored output by more than ${tol * 100}%; x from row sums is used`,
        items: cap(imb),
      });
    }
  }
  if (t.storedVA) {
    const imb: Diagnostic['items'] = [];
    for (let i = 0; i < GN; i++) {
      const s = t.storedVA[i];
      if (Math.abs(va[i] - s) > tol * Math.max(Math.abs(s), Math.abs(va[i]), 1))
        imb.push({ label: t.label(i), index: i, value: va[i], expected: s });
    }
    if (imb.length) {
      out.push({
        code: 'value-added-imbalance',
        severity: 'info',
        message: `${imb.length} country-sectors: residual value added differs from the stored value added by more than ${tol * 100}%; the residual is used`,
        items: cap(imb),
      });
    }
  }
  return out;
}
