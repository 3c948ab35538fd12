import { describe, expect, test } from 'vitest';
import { close } from '../../test/shared.js';
import { componentOf, exvatoolsModel, exvatoolsRefs, runMethod } from '../../test/trade-refs.js';
import type { BlockOptions } from './scaffold.js';
import { OptionError } from '../errors.js';
import { decompose, TRADE_METHODS, type DecomposeOptions, type MethodId, type TradeMethod } from './decompose.js';
import './methods.js';
import { frameOf } from './frame.js';
import { kwwMethod } from './kww.js';
import { miroudotYeMethod } from './my.js';
import { tivaMethod } from './tiva.js';
import { wwzMethod } from './wwz.js';

const NAFTA = { NAFTA: ['MEX', 'USA'] };
const run = (method: TradeMethod, o: Partial<DecomposeOptions> & BlockOptions) =>
  method.summarize(runMethod(method, method === tivaMethod ? tivaModel : model, 'country', o).rows);
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
        const got = componentOf(rows, 'NAFTA', r.component);
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

  test('every method works on the same frame: GEXP and DVA of each country (CHN with CN1/CN2, the NAFTA block) agree, 1e-12', async () => {
    const m = await exvatoolsModel('iciotest');
    const bm = decompose(m, { method: 'bm', blocks: NAFTA, summary: true });
    const want = new Map(bm.rows.map((r) => [`${r.exporter}|${r.term}`, Number(r.value)]));
    expect(new Set(bm.rows.map((r) => r.exporter))).toEqual(new Set(['ESP', 'FRA', 'NAFTA', 'CHN', 'ROW']));
    const methods = Object.keys(TRADE_METHODS) as MethodId[];
    expect(methods.length).toBe(7);
    let n = 0;
    for (const method of methods) {
      const r = decompose(m, { method, blocks: NAFTA, summary: true });
      for (const row of r.rows) {
        if ((row.term !== 'GEXP' && row.term !== 'DVA') || row.importer !== null) continue;
        const w = want.get(`${row.exporter}|${row.term}`)!;
        expect(close(Number(row.value), w, 1e-12), `${method} ${row.exporter} ${row.term}: ${row.value} vs ${w}`).toBe(true);
        n++;
      }
    }
    expect(n).toBeGreaterThanOrEqual(5 * 7 + 5 * 5);
  });

  test('decompose() checks the blocks option and accepts block names as exporters and importers', async () => {
    const m = await exvatoolsModel('iciotest');
    const bad = (blocks: Record<string, string[]>, msg: RegExp) => {
      expect(() => decompose(m, { method: 'bm', blocks })).toThrow(OptionError);
      expect(() => decompose(m, { method: 'bm', blocks })).toThrow(msg);
    };
    bad({ NAFTA: ['USA', 'CAN'] }, /blocks: NAFTA lists 'CAN', which is not a country of the table \(ESP, FRA, MEX/);
    bad({ NAFTA: ['MEX', 'USA'], X: ['USA', 'FRA'] }, /blocks: 'USA' is in both NAFTA and X; a country can belong to one block only/);
    bad({ ESP: ['FRA', 'USA'] }, /blocks: the block name 'ESP' is a country of the table that the block does not contain/);
    bad({ NAFTA: ['MX1', 'USA'] }, /blocks: NAFTA lists 'MX1', a split part of MEX; list MEX/);
    bad({ NAFTA: [] }, /blocks: NAFTA has no members/);
    // a country group stands for its members in the table (USMCA: USA, CAN, MEX → MEX, USA here)
    const viaGroup = decompose(m, { method: 'bm', blocks: { NA: ['USMCA'] }, exporters: ['NA'] });
    const direct = decompose(m, { method: 'bm', blocks: NAFTA, exporters: ['NAFTA'] });
    expect(viaGroup.rows.map((r) => r.value)).toEqual(direct.rows.map((r) => r.value));
    expect(viaGroup.meta.domesticBlocks).toMatchObject({ NA: ['MEX', 'USA', 'MX1', 'MX2'] });
    const bil = decompose(m, { method: 'bm', level: 'bilateral', blocks: NAFTA, exporters: ['CHN'], importers: ['NAFTA'] });
    expect(new Set(bil.rows.map((r) => `${r.exporter}>${r.importer}`))).toEqual(new Set(['CHN>NAFTA']));
  });
});
