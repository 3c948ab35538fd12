/**
 * Regression tables with several models side by side, as pasted into papers: one column per
 * model, each coefficient with stars (*** p < 0.01, ** p < 0.05, * p < 0.1) and its standard
 * error in parentheses below, then rows for the fixed effects (Yes/No), the standard-error
 * type, the number of observations, R² and within R². Markdown, LaTeX (booktabs) or HTML.
 */
import type { RegressionResult } from './regress.js';

export type TableFormat = 'md' | 'tex' | 'html';

export interface TableOptions {
  /** Decimals of estimates and standard errors (default 3). */
  digits?: number;
  /** Column titles (default (1), (2), …). */
  titles?: string[];
}

type Section = 'head' | 'coef' | 'fe' | 'stats';
interface Row {
  section: Section;
  cells: string[];
}

function stars(p: number): string {
  return p < 0.01 ? '***' : p < 0.05 ? '**' : p < 0.1 ? '*' : '';
}

function num(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && Math.abs(x) < 0.5 * 10 ** -digits) return x.toExponential(Math.max(1, digits - 1));
  return x.toFixed(digits);
}

function vcovLabel(r: RegressionResult): string {
  if (r.vcov.type === 'iid') return 'IID';
  if (r.vcov.type === 'hc1') return 'Heteroskedasticity-robust (HC1)';
  return `Clustered (${(r.vcov.clusters ?? []).map((c) => c.name).join(' & ')})`;
}

/** The grid of a table: text cells, the stars kept apart so each format can typeset them. */
function grid(models: readonly RegressionResult[], o: TableOptions): { rows: Row[]; starsOf: Map<string, string> } {
  const digits = o.digits ?? 3;
  const rows: Row[] = [];
  const starsOf = new Map<string, string>();
  const titles = o.titles ?? models.map((_, j) => `(${j + 1})`);
  rows.push({ section: 'head', cells: ['', ...titles] });
  rows.push({ section: 'head', cells: ['Dependent variable', ...models.map((m) => m.depvar)] });
  const terms: string[] = [];
  for (const m of models) for (const name of m.names) if (!terms.includes(name)) terms.push(name);
  for (const term of terms) {
    const est = models.map((m, j) => {
      const c = m.coef[term];
      if (!c) return '';
      starsOf.set(`${rows.length},${j + 1}`, stars(c.p));
      return num(c.estimate, digits);
    });
    rows.push({ section: 'coef', cells: [term, ...est] });
    rows.push({ section: 'coef', cells: ['', ...models.map((m) => (m.coef[term] ? `(${num(m.coef[term].se, digits)})` : ''))] });
  }
  const fes: string[] = [];
  for (const m of models) for (const fe of m.fixedEffects) if (!fes.includes(fe.name)) fes.push(fe.name);
  for (const fe of fes)
    rows.push({
      section: 'fe',
      cells: [`${fe} fixed effects`, ...models.map((m) => (m.fixedEffects.some((x) => x.name === fe) ? 'Yes' : 'No'))],
    });
  rows.push({ section: 'stats', cells: ['Standard errors', ...models.map(vcovLabel)] });
  rows.push({ section: 'stats', cells: ['Observations', ...models.map((m) => m.n.toLocaleString('en-US'))] });
  rows.push({ section: 'stats', cells: ['R²', ...models.map((m) => num(m.r2, 4))] });
  if (models.some((m) => m.r2Within !== null)) {
    rows.push({ section: 'stats', cells: ['Within R²', ...models.map((m) => (m.r2Within === null ? '' : num(m.r2Within, 4)))] });
  }
  const fs = models.filter((m) => m.firstStage);
  if (fs.length) {
    rows.push({
      section: 'stats',
      cells: ['First-stage F', ...models.map((m) => (m.firstStage ? m.firstStage.map((s) => num(s.F, 2)).join('; ') : ''))],
    });
  }
  return { rows, starsOf };
}

const NOTE = 'Standard errors in parentheses. *** p < 0.01, ** p < 0.05, * p < 0.1.';

function texEscape(s: string): string {
  return s
    .replace(/[\\&%$#_{}~^]/g, (c) =>
      c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\^{}' : `\\${c}`,
    )
    .replace(/²/g, '$^2$');
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** A regression table of one or more models in Markdown, LaTeX or HTML. */
export function regressionTable(models: readonly RegressionResult[], format: TableFormat, o: TableOptions = {}): string {
  if (models.length === 0) throw new RangeError('a regression table needs at least one model');
  const { rows, starsOf } = grid(models, o);
  const k = models.length;
  const cell = (r: number, j: number, fmt: (s: string, st: string) => string) => fmt(rows[r].cells[j], starsOf.get(`${r},${j}`) ?? '');
  if (format === 'md') {
    const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\*/g, '\\*');
    const line = (r: number) =>
      `| ${rows[r].cells.map((_, j) => cell(r, j, (s, st) => esc(s) + (st ? `\\${st.split('').join('\\')}` : ''))).join(' | ')} |`;
    const out = [line(0), `|${' --- |'.repeat(k + 1).replace(/^ ---/, ':---')}`];
    for (let r = 1; r < rows.length; r++) out.push(line(r));
    return `${out.join('\n')}\n\n${NOTE}\n`;
  }
  if (format === 'tex') {
    const out = [`\\begin{tabular}{l${'c'.repeat(k)}}`, '\\toprule'];
    let prev: Section = 'head';
    for (let r = 0; r < rows.length; r++) {
      if (rows[r].section !== prev) out.push('\\midrule');
      prev = rows[r].section;
      out.push(`${rows[r].cells.map((_, j) => cell(r, j, (s, st) => texEscape(s) + (st ? `$^{${st}}$` : ''))).join(' & ')} \\\\`);
    }
    out.push('\\bottomrule', '\\end{tabular}', '', `% ${NOTE}`);
    return out.join('\n') + '\n';
  }
  const out = ['<table class="regression">', '<thead>'];
  const tr = (r: number, tag: 'th' | 'td') =>
    `<tr>${rows[r].cells.map((_, j) => cell(r, j, (s, st) => `<${j === 0 ? 'th' : tag}>${htmlEscape(s)}${st ? `<sup>${st}</sup>` : ''}</${j === 0 ? 'th' : tag}>`)).join('')}</tr>`;
  let r = 0;
  for (; r < rows.length && rows[r].section === 'head'; r++) out.push(tr(r, 'th'));
  out.push('</thead>');
  let prev: Section | undefined;
  for (; r < rows.length; r++) {
    if (rows[r].section !== prev) {
      if (prev) out.push('</tbody>');
      out.push('<tbody>');
      prev = rows[r].section;
    }
    out.push(tr(r, 'td'));
  }
  out.push('</tbody>', `<tfoot><tr><td colspan="${k + 1}">${htmlEscape(NOTE)}</td></tr></tfoot>`, '</table>');
  return out.join('\n') + '\n';
}
