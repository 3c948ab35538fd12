import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPath } from '../../engine/test/shared.js';
import { run } from './io.js';

const LEATHER = dataPath('leather', 'leather_wide.csv');
const tmp = () => mkdtempSync(join(tmpdir(), 'catena-net-'));

describe('catena network', () => {
  it('writes tidy measure rows, the edge list and GraphML', async () => {
    const d = tmp();
    const edges = join(d, 'edges.csv');
    const graphml = join(d, 'g.graphml');
    const r = await run(['network', LEATHER, '--graph', 'fva-exports', '--edges', edges, '--graphml', graphml, '--year', '2000']);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('year,node,measure,value');
    // Borin–Mancini FVA of Germany's exports (icio::bm, exporter/source): 35.06489.
    const deu = lines.find((l) => l.startsWith('2000,Germany,in_strength,'))!;
    expect(Math.abs(Number(deu.split(',')[3]) - 35.06489)).toBeLessThan(1e-5);
    const e = readFileSync(edges, 'utf8').trim().split('\n');
    expect(e[0]).toBe('year,source,target,weight');
    expect(e).toHaveLength(7);
    expect(readFileSync(graphml, 'utf8')).toContain('<graph id="fva-exports" edgedefault="directed">');
  });

  it('refuses to overwrite and names bad options', async () => {
    const d = tmp();
    const out = join(d, 'x.csv');
    writeFileSync(out, 'keep');
    const r = await run(['network', LEATHER, '--edges', out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/exists; pass --force/);
    expect(readFileSync(out, 'utf8')).toBe('keep');
    const g = await run(['network', LEATHER, '--graph', 'trade']);
    expect(g.code).toBe(1);
    expect(g.err).toMatch(/--graph trade is not known; expected one of va-final-demand, fva-exports, intermediates/);
    const k = await run(['network', LEATHER, '--top-k', '0']);
    expect(k.err).toMatch(/--top-k 0: expected a whole number ≥ 1/);
  });
});

describe('catena linkages', () => {
  it('writes one row per country-sector with the quadrant, and APL rows with --apl', async () => {
    const r = await run(['linkages', LEATHER]);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('year,country,sector,backward,forward,backward_raw,forward_raw,quadrant');
    expect(lines).toHaveLength(10);
    const a = await run(['linkages', LEATHER, '--apl', '--origins', 'Argentina', '--destinations', 'Germany,Turkey']);
    expect(a.code, a.err).toBe(0);
    const rows = a.out.trim().split('\n');
    expect(rows).toHaveLength(3);
    expect(Number(rows[1].split(',').at(-1))).toBeGreaterThan(1);
    const bad = await run(['linkages', LEATHER, '--apl', '--origins', 'Atlantis']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/country 'Atlantis' is not in the table/);
  });
});

describe('catena embodied and catena footprint', () => {
  const WIOD = dataPath('wiod2013');
  const RD = join(import.meta.dirname, '..', '..', '..', 'examples', 'extensions', 'wiod2013_rd_synthetic.csv');
  it('embodied R&D over two WIOD years with change rows, from the shipped synthetic example', async () => {
    const r = await run([
      'embodied',
      `${WIOD}/wiot1995_2013rel_int.csv.gz,${WIOD}/wiot2011_2013rel_int.csv.gz`,
      '--extension',
      RD,
      '--indicator',
      'rd',
      '--level',
      'country',
    ]);
    expect(r.code, r.err).toBe(0);
    const rows = r.out
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const get = (y: string, c: string, m: string) => Number(rows.find((x) => x[0] === y && x[1] === c && x[3] === m)![4]);
    const d = get('', 'CHN', 'gic_share_change');
    expect(Math.abs(d - (get('2011', 'CHN', 'gic_share') - get('1995', 'CHN', 'gic_share')))).toBeLessThan(1e-12);
    for (const x of rows.filter((x) => x[3] === 'gic_share')) expect(Number(x[4])).toBeGreaterThan(0);
  });

  it('footprints on the pymrio test MRIO; an unknown indicator is a clear error', async () => {
    const P = dataPath('pymrio_testmrio', 'mrio_data');
    const r = await run(['footprint', P, '--extension', `${P}/factor_input.txt`, '--indicator', 'Value Added']);
    expect(r.code, r.err).toBe(0);
    const line = r.out.split('\n').find((l) => l.includes(',reg1,') && l.includes('footprint_foreign'))!;
    // pymrio D_imp_reg for reg1 (REFERENCE_pymrio_test_integration.json).
    expect(Math.abs(Number(line.split(',').at(-1)) - 2382767.5387909594)).toBeLessThan(1e-3);
    const bad = await run(['footprint', P, '--extension', `${P}/factor_input.txt`, '--indicator', 'CO2']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/indicator 'CO2' is not in .*factor_input.txt; known: Value Added/);
  });
});

describe('catena network --view', () => {
  const REG = dataPath('wiod2013_regional7', 'wiot2011_regional7.csv.gz');
  it('roles, chain leaders and signatures; leaders need --chain', async () => {
    const roles = await run(['network', REG, '--view', 'roles']);
    expect(roles.code, roles.err).toBe(0);
    expect(roles.out.split('\n')[0]).toBe('year,node,role,pagerank,strength,pagerank_rank,strength_rank,main_partner,main_partner_share');
    expect(roles.out.trim().split('\n')).toHaveLength(8);
    const lead = await run(['network', REG, '--view', 'leaders', '--chain', 'c14', '--level', 'country']);
    expect(lead.code, lead.err).toBe(0);
    const shares = lead.out.split('\n').filter((l) => l.includes(',va_capture_share,'));
    expect(Math.abs(shares.reduce((a, l) => a + Number(l.split(',').at(-1)), 0) - 1)).toBeLessThan(1e-9);
    const sig = await run(['network', REG, '--view', 'signature', '--chain', 'c14']);
    expect(sig.code, sig.err).toBe(0);
    expect(sig.out).toMatch(/,(spider|snake|mixed|short)\n/);
    const bad = await run(['network', REG, '--view', 'leaders']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--view leaders needs --chain SECTORS/);
  });
});

describe('catena network --block', () => {
  it('a block is one node; its in-strength is the block’s BM FVA (as catena decompose --block)', async () => {
    const r = await run(['network', LEATHER, '--graph', 'fva-exports', '--block', 'AT=Argentina,Turkey']);
    expect(r.code, r.err).toBe(0);
    const d = await run(['decompose', LEATHER, '--method', 'bm', '--block', 'AT=Argentina,Turkey']);
    const fva = Number(
      d.out
        .split('\n')
        .find((l) => l.includes(',AT,') && l.includes(',FVA,'))!
        .split(',')
        .at(-1),
    );
    const got = Number(
      r.out
        .split('\n')
        .find((l) => l.startsWith(',AT,in_strength,'))!
        .split(',')
        .at(-1),
    );
    expect(Math.abs(got - fva)).toBeLessThan(1e-9);
    const bad = await run(['network', LEATHER, '--block', 'AT=Atlantis']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/Atlantis/);
  });
});
