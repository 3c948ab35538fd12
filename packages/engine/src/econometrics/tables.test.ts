import { describe, expect, it } from 'vitest';
import { dataFrame } from './data.js';
import { mulberry32 } from './mediation.js';
import { regress } from './regress.js';
import { regressionTable } from './tables.js';

const r = mulberry32(17);
const n = 120;
const g_id = Array.from({ length: n }, (_, i) => i % 12);
const x_1 = Array.from({ length: n }, () => r() + 1);
const z = x_1.map((v) => v + r());
const y = x_1.map((v, i) => 2 * v + g_id[i] * 0.1 + r());
const df = dataFrame({ y, x_1, z, g_id });
const models = [regress(df, 'y ~ log(x_1)'), regress(df, 'y ~ 1 | g_id | x_1 ~ z', { cluster: ['g_id'] })];

describe('regression tables', () => {
  it('LaTeX escapes names and marks stars as superscripts', () => {
    const tex = regressionTable(models, 'tex', { digits: 2 });
    expect(tex).toContain('log(x\\_1) & ');
    expect(tex).toContain('g\\_id fixed effects & No & Yes \\\\');
    expect(tex).toContain('Standard errors & IID & Clustered (g\\_id) \\\\');
    expect(tex).toMatch(/x\\_1 & {2}& \d+\.\d{2}\$\^\{\*\*\*\}\$ \\\\/);
    expect(tex).toMatch(/First-stage F & {2}& \d+\.\d{2} \\\\/);
    expect(tex).toContain('R$^2$ & ');
  });
  it('HTML escapes and has one body per section; Markdown has a row per line', () => {
    const html = regressionTable(models, 'html', { titles: ['OLS', '<IV>'] });
    expect(html).toContain('<th>&lt;IV&gt;</th>');
    expect(html.match(/<tbody>/g)!.length).toBe(3);
    const md = regressionTable(models, 'md');
    const lines = md.split('\n').filter((l) => l.startsWith('|'));
    expect(new Set(lines.map((l) => l.split(' | ').length)).size).toBe(1);
    expect(md).toContain('| Observations | 120 | 120 |');
  });
});
