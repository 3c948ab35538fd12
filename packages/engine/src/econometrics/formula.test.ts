import { describe, expect, it } from 'vitest';
import { dataFrame } from './data.js';
import { evalTerm, FormulaError, panelIndex, parseFormula } from './formula.js';

function parseError(text: string): FormulaError {
  try {
    parseFormula(text);
  } catch (e) {
    expect(e).toBeInstanceOf(FormulaError);
    return e as FormulaError;
  }
  throw new Error(`"${text}" parsed without error`);
}

describe('fixest formula syntax', () => {
  it('OLS terms, names as R deparses them', () => {
    const f = parseFormula('log(inv) ~ log( value ) + sqrt(capital) + I(a / b) + I(x^2) + x1:x2 + l(x, 1)');
    expect(f.lhs.name).toBe('log(inv)');
    expect(f.terms.map((t) => t.name)).toEqual(['log(value)', 'sqrt(capital)', 'I(a/b)', 'I(x^2)', 'x1:x2', 'l(x, 1)']);
    expect(f.intercept).toBe(true);
    expect(f.fixedEffects).toEqual([]);
    expect(f.iv).toBeUndefined();
  });
  it('a*b expands to a + b + a:b; + 0 and - 1 drop the intercept', () => {
    expect(parseFormula('y ~ a*b').terms.map((t) => t.name)).toEqual(['a', 'b', 'a:b']);
    expect(parseFormula('y ~ x + 0').intercept).toBe(false);
    expect(parseFormula('y ~ x - 1').intercept).toBe(false);
  });
  it('fixed effects, combinations, IV with and without fixed effects', () => {
    const f = parseFormula('y ~ x1 + x2 | id + year + id^sector');
    expect(f.fixedEffects).toEqual([
      { name: 'id', vars: ['id'] },
      { name: 'year', vars: ['year'] },
      { name: 'id^sector', vars: ['id', 'sector'] },
    ]);
    expect(f.intercept).toBe(false);
    const iv = parseFormula('y ~ x1 | x2 ~ z1 + z2');
    expect(iv.terms.map((t) => t.name)).toEqual(['x1']);
    expect(iv.iv!.endogenous.map((t) => t.name)).toEqual(['x2']);
    expect(iv.iv!.instruments.map((t) => t.name)).toEqual(['z1', 'z2']);
    expect(iv.fixedEffects).toEqual([]);
    const ivfe = parseFormula('y ~ x1 | fe | x2 ~ z1 + z2');
    expect(ivfe.fixedEffects.map((x) => x.name)).toEqual(['fe']);
    expect(ivfe.iv!.instruments.length).toBe(2);
  });
  it('errors name the 1-based position and the token', () => {
    let e = parseError('y ~ x1 + + x2');
    expect(e.position).toBe(10);
    expect(e.token).toBe("'+'");
    expect(e.message).toContain('position 10');
    e = parseError('y ~ log(x');
    expect(e.token).toBe('the end of the formula');
    expect(e.position).toBe(10);
    e = parseError('y ~ foo(x)');
    expect(e.position).toBe(5);
    expect(e.token).toBe("'foo'");
    e = parseError('y ~ x $ z');
    expect(e.position).toBe(7);
    expect(e.token).toBe("'$'");
    e = parseError('y ~ x^2');
    expect(e.position).toBe(6);
    expect(e.expected).toContain('I(x^2)');
    e = parseError('y x');
    expect(e.position).toBe(3);
    expect(e.token).toBe("'x'");
    e = parseError('y ~ x | x2 ~ z | fe');
    expect(e.position).toBe(16);
    e = parseError('y ~ x | x2 + x3 ~ z');
    expect(e.expected).toContain('at least 2 instrument');
    e = parseError('y ~ l(x, 0.5)');
    expect(e.expected).toContain('integer lag');
  });
  it('evaluates functions, I() arithmetic, interactions and panel lags', () => {
    const df = dataFrame({ id: [1, 1, 1, 2, 2], t: [2000, 2001, 2002, 2001, 2000], a: [1, 2, 4, 8, 16], b: [2, 2, 2, 4, 4] });
    const ev = (text: string) => Array.from(evalTerm(parseFormula(`a ~ ${text}`).terms[0], df, text, panelIndex(df, 'id', 't')));
    expect(ev('log(a)')).toEqual([1, 2, 4, 8, 16].map(Math.log));
    expect(ev('I(a / b - 1)')).toEqual([-0.5, 0, 1, 1, 3]);
    expect(ev('a:b')).toEqual([2, 4, 8, 32, 64]);
    expect(ev('l(a, 1)')).toEqual([NaN, 1, 2, 16, NaN]);
    expect(ev('f(a)')).toEqual([2, 4, NaN, NaN, 8]);
    expect(ev('d(a)')).toEqual([NaN, 1, 2, -8, NaN]);
    const noPanel = parseFormula('a ~ l(a, 1)');
    expect(() => evalTerm(noPanel.terms[0], df, noPanel.text)).toThrow(/--panel id,time/);
  });
});
