/**
 * Regression formulas in the syntax of R's `fixest`:
 *
 *   y ~ x1 + x2                      OLS with an intercept (`+ 0` or `- 1` drops it)
 *   y ~ x1 + x2 | fe1 + fe2          fixed effects, absorbed; `fe1^fe2` is their combination
 *   y ~ x1 | x2 ~ z1 + z2            2SLS: x2 endogenous, z1, z2 excluded instruments
 *   y ~ x1 | fe | x2 ~ z1 + z2       2SLS with fixed effects
 *
 * Terms: variables, `log()`, `log10()`, `exp()`, `sqrt()`, `abs()`, `I(…)` (arithmetic with
 * + − * / ^), interactions `x1:x2`, `a*b` (= a + b + a:b), panel lags `l(x, k)`, leads
 * `f(x, k)` and differences `d(x)` (these need the panel's id and time columns).
 * Coefficient names are the terms as R deparses them: `log(pcap)`, `I(a/b)`, `x1:x2`, `l(x, 1)`.
 */
import type { DataFrame } from './data.js';
import { getColumn, missingAt } from './data.js';

/** A formula that cannot be parsed: names the 1-based position, the token found and what was expected. */
export class FormulaError extends Error {
  override name = 'FormulaError';
  constructor(
    readonly formula: string,
    readonly position: number,
    readonly token: string,
    readonly expected: string,
  ) {
    super(`formula "${formula}", position ${position}: found ${token}; expected ${expected}`);
  }
}

export type Expr =
  | { k: 'var'; name: string; pos: number }
  | { k: 'num'; value: number; text: string }
  | { k: 'call'; fn: string; args: Expr[]; pos: number }
  | { k: 'bin'; op: '+' | '-' | '*' | '/' | '^'; l: Expr; r: Expr }
  | { k: 'neg'; e: Expr }
  | { k: 'paren'; e: Expr };

/** One regressor: the product (interaction) of its factors. */
export interface Term {
  name: string;
  factors: Expr[];
}

/** One fixed-effect dimension: a variable or the combination a^b^… of several. */
export interface FixedEffect {
  name: string;
  vars: string[];
}

export interface Formula {
  text: string;
  lhs: Term;
  terms: Term[];
  intercept: boolean;
  fixedEffects: FixedEffect[];
  /** Endogenous regressors and excluded instruments of a 2SLS formula. */
  iv?: { endogenous: Term[]; instruments: Term[] };
}

const FUNCTIONS: Record<string, { arity: [number, number] }> = {
  log: { arity: [1, 1] },
  log10: { arity: [1, 1] },
  exp: { arity: [1, 1] },
  sqrt: { arity: [1, 1] },
  abs: { arity: [1, 1] },
  I: { arity: [1, 1] },
  l: { arity: [1, 2] },
  f: { arity: [1, 2] },
  d: { arity: [1, 2] },
};

interface Token {
  t: 'id' | 'num' | 'op' | 'end';
  s: string;
  pos: number; // 0-based
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (/[A-Za-z_.]/.test(ch) && !/^\.\d/.test(text.slice(i, i + 2))) {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_.]/.test(text[j])) j++;
      out.push({ t: 'id', s: text.slice(i, j), pos: i });
      i = j;
      continue;
    }
    if (ch === '`') {
      const j = text.indexOf('`', i + 1);
      if (j < 0) throw new FormulaError(text, i + 1, "an opening '`'", 'a closing backtick');
      out.push({ t: 'id', s: text.slice(i + 1, j), pos: i });
      i = j + 1;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      out.push({ t: 'num', s: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    if ('~|+-:*/^(),'.includes(ch)) {
      out.push({ t: 'op', s: ch, pos: i });
      i++;
      continue;
    }
    throw new FormulaError(text, i + 1, `'${ch}'`, 'a variable, a number, a function call or one of ~ | + - : * / ^ ( ) ,');
  }
  out.push({ t: 'end', s: '', pos: text.length });
  return out;
}

/** R's deparse spacing: blanks around + − * ~, none around / ^ :. */
export function deparse(e: Expr): string {
  switch (e.k) {
    case 'var':
      return e.name;
    case 'num':
      return e.text;
    case 'call':
      return `${e.fn}(${e.args.map(deparse).join(', ')})`;
    case 'neg':
      return `-${deparse(e.e)}`;
    case 'paren':
      return `(${deparse(e.e)})`;
    case 'bin':
      return e.op === '/' || e.op === '^' ? `${deparse(e.l)}${e.op}${deparse(e.r)}` : `${deparse(e.l)} ${e.op} ${deparse(e.r)}`;
  }
}

class Parser {
  private i = 0;
  constructor(
    private readonly text: string,
    private readonly toks: Token[],
  ) {}

  peek(): Token {
    return this.toks[this.i];
  }
  next(): Token {
    return this.toks[this.i++];
  }
  fail(tok: Token, expected: string): never {
    const found = tok.t === 'end' ? 'the end of the formula' : `'${tok.s}'`;
    throw new FormulaError(this.text, tok.pos + 1, found, expected);
  }
  expect(s: string, expected: string): Token {
    const t = this.next();
    if (t.t !== 'op' || t.s !== s) this.fail(t, expected);
    return t;
  }
  isOp(s: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.s === s;
  }

  /** arithmetic inside a function call: sum → product → power → unary → atom */
  arith(): Expr {
    let l = this.product();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().s as '+' | '-';
      l = { k: 'bin', op, l, r: this.product() };
    }
    return l;
  }
  product(): Expr {
    let l = this.power();
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.next().s as '*' | '/';
      l = { k: 'bin', op, l, r: this.power() };
    }
    return l;
  }
  power(): Expr {
    const base = this.unary();
    if (this.isOp('^')) {
      this.next();
      return { k: 'bin', op: '^', l: base, r: this.power() };
    }
    return base;
  }
  unary(): Expr {
    if (this.isOp('-')) {
      this.next();
      return { k: 'neg', e: this.unary() };
    }
    if (this.isOp('(')) {
      this.next();
      const e = this.arith();
      this.expect(')', "')' to close '('");
      return { k: 'paren', e };
    }
    return this.atom('a variable, a number, a function call or (');
  }
  atom(expected: string): Expr {
    const t = this.next();
    if (t.t === 'num') return { k: 'num', value: Number(t.s), text: t.s };
    if (t.t !== 'id') this.fail(t, expected);
    if (!this.isOp('(')) return { k: 'var', name: t.s, pos: t.pos };
    const spec = FUNCTIONS[t.s];
    if (!spec) this.fail(t, `a function of ${Object.keys(FUNCTIONS).join(', ')}`);
    this.next();
    const args: Expr[] = [this.arith()];
    while (this.isOp(',')) {
      this.next();
      args.push(this.arith());
    }
    const close = this.peek();
    this.expect(')', `',' or ')' to close ${t.s}(`);
    if (args.length < spec.arity[0] || args.length > spec.arity[1]) {
      this.fail(
        close,
        `${spec.arity[0] === spec.arity[1] ? spec.arity[0] : `${spec.arity[0]} or ${spec.arity[1]}`} argument(s) to ${t.s}()`,
      );
    }
    if (t.s === 'l' || t.s === 'f' || t.s === 'd') {
      const k = args[1];
      if (k && !(k.k === 'num' && Number.isInteger(k.value)) && !(k.k === 'neg' && k.e.k === 'num' && Number.isInteger(k.e.value))) {
        this.fail(close, `an integer lag as the second argument of ${t.s}()`);
      }
    }
    return { k: 'call', fn: t.s, args, pos: t.pos };
  }

  /** A ':'-chain of factors at formula level. */
  chain(): Expr[] {
    const f: Expr[] = [this.factor()];
    while (this.isOp(':')) {
      this.next();
      f.push(this.factor());
    }
    return f;
  }
  factor(): Expr {
    if (this.isOp('(')) {
      const t = this.peek();
      this.fail(t, 'a variable or a function call (write arithmetic inside I(…))');
    }
    return this.atom('a variable or a function call');
  }

  /** term := chain ('*' chain)*, expanded to all interactions as R does; returns terms or intercept markers. */
  term(): (Term | { marker: 0 | 1 })[] {
    const t = this.peek();
    if (t.t === 'num') {
      this.next();
      if (t.s === '0' || t.s === '1') return [{ marker: t.s === '0' ? 0 : 1 }];
      this.fail(t, 'a variable, a function call, or 0/1 for the intercept');
    }
    const groups: Expr[][] = [this.chain()];
    while (this.isOp('*')) {
      this.next();
      groups.push(this.chain());
    }
    if (this.isOp('^')) this.fail(this.peek(), "'+', '|' or '~' (write powers inside I(…), e.g. I(x^2))");
    const out: Term[] = [];
    const m = groups.length;
    for (let size = 1; size <= m; size++) {
      const pick = (start: number, acc: Expr[][]): void => {
        if (acc.length === size) {
          const factors = acc.flat();
          out.push({ name: factors.map(deparse).join(':'), factors });
          return;
        }
        for (let g = start; g < m; g++) pick(g + 1, [...acc, groups[g]]);
      };
      pick(0, []);
    }
    return out;
  }

  /** Terms joined by + (and − for `- 1`/`- 0`) up to '|', '~', ')' or the end. */
  termList(): { terms: Term[]; intercept: boolean | undefined } {
    const terms: Term[] = [];
    let intercept: boolean | undefined;
    let first = true;
    for (;;) {
      let minus = false;
      if (!first) {
        if (this.isOp('+')) this.next();
        else if (this.isOp('-')) {
          this.next();
          minus = true;
        } else break;
      }
      first = false;
      const tok = this.peek();
      for (const item of this.term()) {
        if ('marker' in item) intercept = minus ? item.marker === 0 : item.marker === 1;
        else if (minus) this.fail(tok, "'- 1' or '- 0' (only the intercept can be removed)");
        else if (!terms.some((x) => x.name === item.name)) terms.push(item);
      }
    }
    return { terms, intercept };
  }

  fixedEffects(): FixedEffect[] {
    const out: FixedEffect[] = [];
    for (;;) {
      const t = this.next();
      if (t.t !== 'id' || this.isOp('(')) this.fail(t, 'a fixed-effect variable name (functions are not allowed there)');
      const vars = [t.s];
      while (this.isOp('^')) {
        this.next();
        const u = this.next();
        if (u.t !== 'id') this.fail(u, "a variable name after '^'");
        vars.push(u.s);
      }
      out.push({ name: vars.join('^'), vars });
      if (!this.isOp('+')) break;
      this.next();
    }
    return out;
  }

  /** Whether the section starting here contains a '~' before the next '|' or the end. */
  sectionHasTilde(): boolean {
    for (let j = this.i; j < this.toks.length; j++) {
      const t = this.toks[j];
      if (t.t === 'end' || (t.t === 'op' && t.s === '|')) return false;
      if (t.t === 'op' && t.s === '~') return true;
    }
    return false;
  }

  formula(): Formula {
    const lhsExpr = this.factor();
    if (this.isOp(':') || this.isOp('+')) this.fail(this.peek(), "'~' after the dependent variable");
    const lhs: Term = { name: deparse(lhsExpr), factors: [lhsExpr] };
    this.expect('~', "'~' after the dependent variable");
    const rhs = this.termList();
    const f: Formula = { text: this.text, lhs, terms: rhs.terms, intercept: rhs.intercept ?? true, fixedEffects: [] };
    let sawFe = false;
    while (this.isOp('|')) {
      const bar = this.next();
      if (f.iv) this.fail(bar, 'the end of the formula (the IV part endogenous ~ instruments comes last)');
      if (this.sectionHasTilde()) {
        const endo = this.termList();
        this.expect('~', "'~' between the endogenous regressors and the instruments");
        const inst = this.termList();
        if (endo.intercept !== undefined || inst.intercept !== undefined) this.fail(bar, 'no 0/1 in the IV part');
        if (endo.terms.length === 0) this.fail(bar, 'endogenous regressors before ~');
        if (inst.terms.length < endo.terms.length) {
          this.fail(this.peek(), `at least ${endo.terms.length} instrument(s) for ${endo.terms.length} endogenous regressor(s)`);
        }
        f.iv = { endogenous: endo.terms, instruments: inst.terms };
      } else {
        if (sawFe) this.fail(bar, "the IV part 'endogenous ~ instruments' (fixed effects were given already)");
        sawFe = true;
        const t = this.peek();
        if (t.t === 'num' && t.s === '0') this.next();
        else f.fixedEffects = this.fixedEffects();
      }
    }
    const end = this.peek();
    if (end.t !== 'end') this.fail(end, this.isOp('~') ? "'|' before an IV part" : "'+', '|' or the end of the formula");
    if (f.fixedEffects.length) f.intercept = false;
    if (f.terms.length === 0 && !f.intercept && !f.iv && f.fixedEffects.length === 0) {
      throw new FormulaError(this.text, this.text.length, 'no regressors', 'at least one regressor or an intercept');
    }
    return f;
  }
}

/** Parses a fixest-style formula; errors name the position and the token. */
export function parseFormula(text: string): Formula {
  const toks = tokenize(text);
  if (toks.length === 1) throw new FormulaError(text, 1, 'an empty formula', "a formula such as 'y ~ x1 + x2 | fe'");
  return new Parser(text, toks).formula();
}

/** Variables (column names) an expression reads. */
export function exprVariables(e: Expr, out = new Set<string>()): Set<string> {
  switch (e.k) {
    case 'var':
      out.add(e.name);
      break;
    case 'call':
      // the lag order of l(), f(), d() is a constant, not a column
      (e.fn === 'l' || e.fn === 'f' || e.fn === 'd' ? e.args.slice(0, 1) : e.args).forEach((a) => exprVariables(a, out));
      break;
    case 'bin':
      exprVariables(e.l, out);
      exprVariables(e.r, out);
      break;
    case 'neg':
    case 'paren':
      exprVariables(e.e, out);
      break;
  }
  return out;
}

/** Panel structure for lags: for each row, the row of the same unit `k` periods earlier. */
export interface PanelIndex {
  id: string;
  time: string;
  lagRow(k: number): Int32Array;
}

/** Indexes a data frame by (id, time) so that l(x, k) finds the row of the same id at time − k. */
export function panelIndex(df: DataFrame, id: string, time: string): PanelIndex {
  const idc = getColumn(df, id);
  const tc = getColumn(df, time);
  if (!(tc instanceof Float64Array))
    throw new FormulaError(`--panel ${id},${time}`, 1, `text in time column '${time}'`, 'a numeric time column');
  const key = (i: number) => `${idc[i]}\u0001${tc[i]}`;
  const where = new Map<string, number>();
  for (let i = 0; i < df.n; i++) {
    if (missingAt(idc, i) || missingAt(tc, i)) continue;
    const k = key(i);
    if (where.has(k)) {
      throw new FormulaError(
        `--panel ${id},${time}`,
        1,
        `rows ${where.get(k)! + 1} and ${i + 1} of the data with the same ${id} = ${idc[i]} and ${time} = ${tc[i]}`,
        'one row per unit and period',
      );
    }
    where.set(k, i);
  }
  const cache = new Map<number, Int32Array>();
  return {
    id,
    time,
    lagRow(k) {
      let r = cache.get(k);
      if (!r) {
        r = new Int32Array(df.n).fill(-1);
        for (let i = 0; i < df.n; i++) {
          if (missingAt(idc, i) || missingAt(tc, i)) continue;
          const j = where.get(`${idc[i]}\u0001${tc[i] - k}`);
          if (j !== undefined) r[i] = j;
        }
        cache.set(k, r);
      }
      return r;
    },
  };
}

function lagOrder(e: Expr | undefined, dflt: number): number {
  if (!e) return dflt;
  if (e.k === 'num') return e.value;
  if (e.k === 'neg' && e.e.k === 'num') return -e.e.value;
  return dflt;
}

/** Evaluates an expression on every row of the data; missing or undefined values become NaN. */
export function evalExpr(e: Expr, df: DataFrame, formula: string, panel?: PanelIndex): Float64Array {
  const n = df.n;
  switch (e.k) {
    case 'num':
      return new Float64Array(n).fill(e.value);
    case 'var': {
      const c = getColumn(df, e.name);
      if (!(c instanceof Float64Array)) {
        const why = df.textBecause?.get(e.name);
        throw new FormulaError(
          formula,
          e.pos + 1,
          `'${e.name}', a text column${why ? ` (${df.file ?? 'the data'}, ${why})` : ''}`,
          'a numeric column (use a text column as a fixed effect after |)',
        );
      }
      return c;
    }
    case 'paren':
      return evalExpr(e.e, df, formula, panel);
    case 'neg': {
      const a = evalExpr(e.e, df, formula, panel);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = -a[i];
      return out;
    }
    case 'bin': {
      const a = evalExpr(e.l, df, formula, panel);
      const b = evalExpr(e.r, df, formula, panel);
      const out = new Float64Array(n);
      if (e.op === '+') for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
      else if (e.op === '-') for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
      else if (e.op === '*') for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
      else if (e.op === '/') for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
      else for (let i = 0; i < n; i++) out[i] = Math.pow(a[i], b[i]);
      return out;
    }
    case 'call': {
      const a = evalExpr(e.args[0], df, formula, panel);
      const out = new Float64Array(n);
      const unary = (fn: (x: number) => number) => {
        for (let i = 0; i < n; i++) out[i] = fn(a[i]);
        return out;
      };
      switch (e.fn) {
        case 'I':
          return a;
        case 'log':
          return unary(Math.log);
        case 'log10':
          return unary(Math.log10);
        case 'exp':
          return unary(Math.exp);
        case 'sqrt':
          return unary(Math.sqrt);
        case 'abs':
          return unary(Math.abs);
        default: {
          if (!panel) {
            throw new FormulaError(
              formula,
              e.pos + 1,
              `'${e.fn}('`,
              'the panel structure for lags: give --panel id,time (panel: { id, time } in the API)',
            );
          }
          const k = lagOrder(e.args[1], 1) * (e.fn === 'f' ? -1 : 1);
          const row = panel.lagRow(k);
          for (let i = 0; i < n; i++) {
            const j = row[i];
            const lagged = j < 0 ? NaN : a[j];
            out[i] = e.fn === 'd' ? a[i] - lagged : lagged;
          }
          return out;
        }
      }
    }
  }
}

/** Evaluates a term (product of its factors) on every row. */
export function evalTerm(t: Term, df: DataFrame, formula: string, panel?: PanelIndex): Float64Array {
  const parts = t.factors.map((f) => evalExpr(f, df, formula, panel));
  if (parts.length === 1) return parts[0];
  const out = Float64Array.from(parts[0]);
  for (let p = 1; p < parts.length; p++) {
    const q = parts[p];
    for (let i = 0; i < out.length; i++) out[i] *= q[i];
  }
  return out;
}
