import { describe, expect, test } from 'vitest';
import { close } from '../../test/shared.js';
import { exvatoolsModel, exvatoolsRefs, valueOf } from '../../test/trade-refs.js';
import type { BlockOptions } from './cube.js';
import type { DecomposeOptions, TradeMethod } from './decompose.js';
import { frameOf } from './frame.js';
import { kwwMethod } from './kww.js';
import { miroudotYeMethod } from './my.js';
import { tivaMethod } from './tiva.js';
import { wwzMethod } from './wwz.js';

const NAFTA = { NAFTA: ['MEX', 'USA'] };
const run = (method: TradeMethod, o: Partial<DecomposeOptions> & BlockOptions) =>
  method.summarize(
    method.run(method === tivaMethod ? tivaModel : model, {
      method: method.id,
      perspective: 'exporter',
      approach: 'source',
      level: 'country',
      ...o,
    } as DecomposeOptions).rows,
  );
let model: Awaited<ReturnType<typeof exvatoolsModel>>;
let tivaModel: Awaited<ReturnType<typeof exvatoolsModel>>;

describe('a group of countries as one exporter (domestic block)', () => {
  test('NAFTA (MEX with its splits, USA) on iciotest: exvatools kww, wwz, my and oecd rows, 1e-9', async () => {
    // Source: exvatools_testdata_decompositions.csv, exporter NAFTA (exvatools 0.9.0 treats the group as one domestic block).
    model = tivaModel = await exvatoolsModel('iciotest');
    const f = frameOf(model, NAFTA);
    expect(f.countries).toEqual(['ESP', 'FRA', 'NAFTA', 'CHN', 'ROW']);
    expect(f.members.NAFTA).toEqual(['MEX', 'USA', 'MX1', 'MX2']);
    let checked = 0;
    for (const [method, id] of [
      [kwwMethod, 'kww'],
      [wwzMethod, 'wwz'],
      [miroudotYeMethod, 'my'],
      [tivaMethod, 'oecd'],
    ] as const) {
      const rows = run(method, { blocks: NAFTA, exporters: ['MEX'] });
      expect(new Set(rows.map((r) => r.exporter))).toEqual(new Set(['NAFTA']));
      for (const r of exvatoolsRefs(id).filter((x) => x.dataset === 'iciotest' && x.exporter === 'NAFTA')) {
        const got = valueOf(rows, { exporter: 'NAFTA', term: r.component === 'EXGR' ? 'GEXP' : r.component });
        expect(close(got, r.value, 1e-9), `${id} ${r.component}: ${got} vs ${r.value}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(9 + 9 + 7 + 10);
  });

  test('a block member that is not in the table is an error naming the option', async () => {
    const m = await exvatoolsModel('wiodtest');
    expect(() => frameOf(m, { NAFTA: ['USA', 'CAN'] })).toThrow(/blocks: NAFTA lists 'CAN', which is not a country of the table/);
  });
});
