import { describe, expect, it } from 'vitest';
import { Model, readTable, smileCurve } from '@catena/engine/node';
import { dataPath } from '../../engine/test/shared.js';
import { smileChartSvg } from '../src/charts/smile.js';

describe('smile chart', () => {
  it('renders the smile analysis of the leather table as an ECharts SVG with the data', async () => {
    const m = Model.build(await readTable(dataPath('leather', 'leather_wide.csv')));
    const r = smileCurve(m, { country: 'Germany', sector: 'Transport_Equipment', minShare: 0 });
    const svg = smileChartSvg(r);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Germany_Transport_Equipment final goods');
    for (const c of m.table.countries) expect(svg).toContain(c);
    expect(svg).toContain('Turkey_Textile_and_Leather'); // 12% of the value added: labelled
  });
});
