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
