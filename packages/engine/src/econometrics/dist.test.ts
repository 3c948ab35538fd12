import { describe, expect, it } from 'vitest';
import { fPValue, incompleteBeta, logGamma, normalCdf, normalPValue, studentTCdf, studentTPValue } from './dist.js';

// Quantiles from standard tables (Abramowitz & Stegun 26.7, 26.2): the CDF at a tabulated
// quantile must return its probability; closed forms for df = 1 and df = 2.
describe('Student t, F and normal distributions', () => {
  it('log-gamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 8);
  });
  it('incomplete beta: I_x(1,1) = x, I_x(a,1) = x^a, symmetry', () => {
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(incompleteBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 14);
    expect(incompleteBeta(0.7, 3, 5) + incompleteBeta(0.3, 5, 3)).toBeCloseTo(1, 14);
  });
  it('t CDF at tabulated quantiles', () => {
    const table: [number, number, number][] = [
      // [df, quantile, probability]
      [1, 12.706204736174707, 0.975],
      [5, 2.5705818356363146, 0.975],
      [10, 2.2281388519649385, 0.975],
      [30, 2.0422724563012373, 0.975],
      [10, 1.3721836411103363, 0.9],
      [20, 2.8453397097861, 0.995],
      [100, 1.6602343260657506, 0.95],
    ];
    for (const [df, q, p] of table) {
      expect(studentTCdf(q, df), `df ${df} q ${q}`).toBeCloseTo(p, 10);
      expect(studentTCdf(-q, df)).toBeCloseTo(1 - p, 10);
      expect(studentTPValue(q, df)).toBeCloseTo(2 * (1 - p), 10);
    }
  });
  it('t closed forms: Cauchy (df 1) and df 2', () => {
    for (const t of [-3, -0.5, 0, 0.7, 2, 25]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
    }
  });
  it('normal CDF at tabulated quantiles, and t → normal as df grows', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 13);
    expect(normalCdf(-2.5758293035489004)).toBeCloseTo(0.005, 13);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalPValue(1.6448536269514722)).toBeCloseTo(0.1, 13);
    expect(studentTCdf(1.959963984540054, 1e7)).toBeCloseTo(0.975, 7);
    expect(studentTCdf(1.959963984540054, Infinity)).toBeCloseTo(0.975, 13);
  });
  it('F upper tail: F(1, d) = t(d)², and a tabulated F(3, 20) quantile', () => {
    for (const t of [0.5, 1.7, 3.2]) expect(fPValue(t * t, 1, 17)).toBeCloseTo(studentTPValue(t, 17), 13);
    expect(fPValue(3.0983912121407795, 3, 20)).toBeCloseTo(0.05, 10);
  });
});
