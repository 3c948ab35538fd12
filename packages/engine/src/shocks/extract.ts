/**
 * Hypothetical extraction: how much output and value added the world and each country would
 * lose if a country-sector, a country or a link between countries did not exist (Miller & Blair
 * 2009, §12.2; Dietzenbacher & Lahr 2013; Los, Timmer & de Vries 2016 for links).
 *
 *   backward  the target's input columns of A zeroed (it buys no intermediates), final demand kept
 *   forward   the target's rows of B = x̂⁻¹Z zeroed (it sells no intermediates), primary inputs
 *             kept (Ghosh, supply-driven)
 *   total     both, in the Leontief model: rows and columns of A zeroed, final demand kept
 *   link      FROM:TO removes every intermediate flow Z[FROM, TO] and final flow Y[FROM, TO]
 *             (backward, Leontief) or the allocation block B[FROM, TO] (forward, Ghosh); FROM:*
 *             removes all of FROM's exports, and FROM's va_loss is then its domestic value added
 *             in exports (LTdV 2016), equal to v_s L_ss E_s, Borin–Mancini's exporter-perspective DVA.
 *
 * Losses are x − x̄ and v̂(x − x̄), with the baseline value-added coefficients v (value added is
 * what the extracted flows would have generated). All by closed-form updates of the one
 * Leontief inverse (update.ts); `all-sectors` sweeps every country-sector in one O(GN²) pass.
 */
import type { Matrix } from '@catena/linalg';
import { z } from 'zod';
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import { registerAnalysis, type RunContext } from '../registry/analysis.js';
import type { Result, Row } from '../results/result.js';
import { link as parseLink, sectorSet, countrySectors, type Link } from './targets.js';
import {
  extractSetDelta,
  leftMultiply,
  leontiefCorrection,
  priceCorrection,
  sweepSectors,
  type Baseline,
  type BlockUpdate,
  type ExtractionMode,
} from './update.js';
import { checkAbort, parseOptions } from './common.js';

export const EXTRACTION_MODES = ['backward', 'forward', 'total'] as const;
export const EXTRACTION_INDICATORS = ['output_loss', 'output_loss_share', 'va_loss', 'va_loss_share'] as const;
export const EXTRACTION_COLUMNS = ['target', 'country', 'indicator', 'value'];

export const extractOptions = z.object({
  targets: z
    .array(z.string().min(1))
    .min(1)
    .describe(
      'what to extract: COUNTRY_SECTOR (CHN_c14), COUNTRY (CHN), a link FROM:TO (CHN:USA) or FROM:* (all exports of FROM), all-sectors or all-countries',
    ),
  mode: z
    .enum(EXTRACTION_MODES)
    .default('backward')
    .describe('backward (inputs of A, Leontief), forward (sales rows of B, Ghosh) or total (rows and columns of A)'),
});
export type ExtractOptions = z.input<typeof extractOptions>;

/** Baseline vectors of a model for the extraction formulas, with L' v. */
export function baselineOf(model: Model, L: Matrix = model.B): Baseline {
  const { GN } = model;
  const y = model.table.Y.rowSums();
  if (y.length !== GN) throw new Error('final demand has the wrong length');
  return { x: model.x, y, v: model.v, Ltv: leftMultiply(L, model.v) };
}

/** The block of A from FROM's sectors to TO's sectors, and FROM's final sales to TO, of a link. */
function linkBlock(model: Model, l: Link): { upd: BlockUpdate; fd: Float64Array } {
  const rows = countrySectors(model.table, l.from);
  const cols = l.to.flatMap((t) => countrySectors(model.table, t));
  const D = new Float64Array(rows.length * cols.length);
  const GN = model.GN;
  let any = false;
  cols.forEach((c, b) =>
    rows.forEach((r, a) => {
      const x = model.A.data[r + c * GN];
      if (x !== 0) any = true;
      D[a + b * rows.length] = -x;
    }),
  );
  const fd = new Float64Array(rows.length);
  rows.forEach((r, a) => {
    for (const t of l.to) fd[a] += model.Yc.data[r + t * GN];
  });
  if (!any && fd.every((v) => v === 0)) {
    throw new OptionError(
      `link ${l.label} carries no flow in the table (no intermediate or final sales from ${model.table.countries[l.from]} to it); nothing to extract`,
      'targets',
    );
  }
  return { upd: { rows, cols, D }, fd };
}

/**
 * Δx = x̄ − x of removing a link: backward (Leontief, final flows removed too) or forward (Ghosh,
 * the allocation block removed, primary inputs kept).
 */
export function linkDelta(
  model: Model,
  l: Link,
  mode: ExtractionMode,
  L: Matrix = model.B,
  b: Baseline = baselineOf(model, L),
): Float64Array {
  const { upd, fd } = linkBlock(model, l);
  if (mode === 'total') {
    throw new OptionError(
      `link ${l.label}: mode total does not apply to a link (one block of flows); expected backward (Leontief) or forward (Ghosh)`,
      'mode',
    );
  }
  if (mode === 'forward') {
    const dp = priceCorrection(L, upd, b.Ltv);
    for (let i = 0; i < dp.length; i++) dp[i] *= b.x[i];
    return dp;
  }
  // x' = L(y − Δy) with Δy the final sales FROM → TO, then the Woodbury correction for Ā.
  const n = model.GN;
  const dx = new Float64Array(n);
  upd.rows.forEach((r, a) => {
    const s = fd[a];
    if (s === 0) return;
    const o = r * n;
    for (let i = 0; i < n; i++) dx[i] -= L.data[o + i] * s;
  });
  const xPrime = Float64Array.from(b.x, (x, i) => x + dx[i]);
  const corr = leontiefCorrection(L, upd, xPrime);
  for (let i = 0; i < n; i++) dx[i] += corr[i];
  return dx;
}

/** A resolved extraction target. */
export type Target = { label: string; set: number[] } | { label: string; link: Link };

/** Resolves target texts (sweeps expanded) against the model's table. */
export function resolveTargets(model: Model, texts: readonly string[]): Target[] {
  const t = model.table;
  const out: Target[] = [];
  for (const text of texts) {
    if (text === 'all-sectors') for (let i = 0; i < model.GN; i++) out.push({ label: t.label(i), set: [i] });
    else if (text === 'all-countries') t.countries.forEach((c, g) => out.push({ label: c, set: countrySectors(t, g) }));
    else if (text.includes(':')) out.push({ label: text, link: parseLink(t, text, 'targets') });
    else out.push({ label: text, set: sectorSet(t, text, 'targets').idx });
  }
  return out;
}

/** Δx = x̄ − x of one target. */
export function extractionDelta(
  model: Model,
  target: Target,
  mode: ExtractionMode,
  L: Matrix = model.B,
  b: Baseline = baselineOf(model, L),
): Float64Array {
  return 'link' in target ? linkDelta(model, target.link, mode, L, b) : extractSetDelta(L, target.set, mode, b);
}

/** Country and world baseline totals of output and value added (v∘x: zero-output sectors count 0). */
function totals(model: Model): { X: Float64Array; VA: Float64Array } {
  const { G, N } = model;
  const X = new Float64Array(G + 1);
  const VA = new Float64Array(G + 1);
  for (let i = 0; i < model.GN; i++) {
    const c = Math.floor(i / N);
    X[c] += model.x[i];
    VA[c] += model.v[i] * model.x[i];
  }
  for (let c = 0; c < G; c++) {
    X[G] += X[c];
    VA[G] += VA[c];
  }
  return { X, VA };
}

const share = (a: number, base: number): number | null => (base > 0 ? a / base : null);

function pushRows(
  rows: Row[],
  label: string,
  countries: readonly string[],
  out: Float64Array,
  va: Float64Array,
  base: { X: Float64Array; VA: Float64Array },
): void {
  const G = countries.length;
  for (let c = 0; c <= G; c++) {
    const country = c === G ? 'World' : countries[c];
    rows.push(
      { target: label, country, indicator: 'output_loss', value: out[c] },
      { target: label, country, indicator: 'output_loss_share', value: share(out[c], base.X[c]) },
      { target: label, country, indicator: 'va_loss', value: va[c] },
      { target: label, country, indicator: 'va_loss_share', value: share(va[c], base.VA[c]) },
    );
  }
}

/** Hypothetical extraction of each target: world and per-country output and value-added losses. */
export function extraction(model: Model, options: ExtractOptions, ctx: RunContext = {}): Result {
  const o = parseOptions(extractOptions, options);
  const { G, N, GN, table } = model;
  const L = model.B;
  const b = baselineOf(model, L);
  const base = totals(model);
  const rows: Row[] = [];
  const perCountry = (dx: Float64Array) => {
    const out = new Float64Array(G + 1);
    const va = new Float64Array(G + 1);
    for (let i = 0; i < GN; i++) {
      const c = Math.floor(i / N);
      out[c] -= dx[i];
      va[c] -= b.v[i] * dx[i];
    }
    for (let c = 0; c < G; c++) {
      out[G] += out[c];
      va[G] += va[c];
    }
    return { out, va };
  };
  const texts = o.targets;
  texts.forEach((text, k) => {
    checkAbort(ctx);
    ctx.progress?.(k, texts.length, text);
    if (text === 'all-sectors') {
      const s = sweepSectors(L, o.mode, b, G, N);
      for (let j = 0; j < GN; j++) {
        const out = new Float64Array(G + 1);
        const va = new Float64Array(G + 1);
        for (let c = 0; c < G; c++) {
          out[c] = s.output[c + j * G];
          va[c] = s.va[c + j * G];
          out[G] += out[c];
          va[G] += va[c];
        }
        pushRows(rows, table.label(j), table.countries, out, va, base);
      }
      return;
    }
    for (const t of resolveTargets(model, [text])) {
      const { out, va } = perCountry(extractionDelta(model, t, o.mode, L, b));
      pushRows(rows, t.label, table.countries, out, va, base);
    }
  });
  ctx.progress?.(texts.length, texts.length);
  return {
    columns: EXTRACTION_COLUMNS,
    rows,
    meta: {
      kind: 'extraction',
      method: `hypothetical extraction, ${o.mode}`,
      mode: o.mode,
      targets: texts,
      unit: table.unit,
      source: table.source,
      year: table.year,
      conventions: {
        ...model.conventions,
        loss: 'output_loss = Σ (x − x̄), va_loss = Σ v (x − x̄) with the baseline value-added coefficients; shares of the baseline output and value added of the country (World: of the world)',
        backward: 'the target buys no intermediate inputs (its columns of A are zero); final demand kept',
        forward: 'the target sells no intermediate inputs (its rows of B = x̂⁻¹Z are zero); primary inputs kept (Ghosh)',
        total: 'rows and columns of A zeroed; final demand kept',
        link: 'FROM:TO removes Z[FROM, TO] and Y[FROM, TO] (backward) or B[FROM, TO] (forward); FROM:* every export of FROM',
        computation: 'closed-form Sherman–Morrison / Woodbury updates of the one Leontief inverse; no inversion per target',
      },
    },
  };
}

export const extractAnalysis = registerAnalysis({
  id: 'extract',
  summary: 'Hypothetical extraction of country-sectors, countries or links: output and value added lost',
  input: 'model',
  options: extractOptions,
  run: (model: Model, options: ExtractOptions, ctx?: RunContext) => extraction(model, options, ctx),
});
