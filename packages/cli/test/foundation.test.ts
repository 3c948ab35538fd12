import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPath } from '../../engine/test/shared.js';
import { run } from './io.js';

const WIOD2011 = dataPath('wiod2013', 'wiot2011_2013rel_int.csv.gz');
const LEATHER = dataPath('leather', 'leather_wide.csv');

describe('catena (top level)', () => {
  it('lists the commands with --help and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['demo', 'info', 'leontief']) expect(r.out).toContain(c);
  });

  it('an unknown command is a user error (exit 1) naming the commands', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown command 'frobnicate'/);
    expect(r.err).toMatch(/info/);
  });

  it('every command has --help', async () => {
    const top = await run(['--help']);
    const names = [...top.out.matchAll(/^ {2}(\S+) {2,}/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const n of names) {
      const r = await run([n, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: catena ${n}`));
    }
  });
});

describe('catena demo', () => {
  it('runs the whole path on the synthetic world and says it is synthetic', async () => {
    const r = await run(['demo']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/synthetic/);
    expect(r.out).toMatch(/max \|v·B − 1\| = (\d\.\d\de-1[4-7]|0\.00e\+0)/);
  });

  it('accepts a real table', async () => {
    const r = await run(['demo', LEATHER]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/3 countries × 3 sectors/);
    // the report carries the Borin–Mancini DVA and GVC shares of each exporter, as shares
    expect(r.out).toMatch(/DVA\/exports\s+GVC\/exports/);
    const rows = r.out.split('\n').filter((l) => /^(Argentina|Turkey|Germany)\s/.test(l));
    expect(rows).toHaveLength(3);
    for (const l of rows) {
      const [dva, gvc] = l.trim().split(/\s+/).slice(-2).map(Number);
      expect(dva).toBeGreaterThan(0);
      expect(dva).toBeLessThanOrEqual(1);
      expect(gvc).toBeGreaterThan(0);
      expect(gvc).toBeLessThanOrEqual(1);
    }
  });
});

describe('catena info', () => {
  it('prints dimensions, totals and named diagnostics for WIOD 2011', async () => {
    const r = await run(['info', WIOD2011]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/41 countries × 35 sectors = 1435 country-sectors; 5 final-demand categories/);
    expect(r.out).toMatch(/output x ≤ 0/);
    expect(r.out).toMatch(/AUS_c35/);
    expect(r.out).toMatch(/LUX_c24/);
  });

  it('--json gives the same facts as data', async () => {
    const r = await run(['info', LEATHER, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.dimensions).toEqual({ countries: 3, sectors: 3, countrySectors: 9, finalDemandCategories: 1 });
    expect(j.countries).toEqual(['Argentina', 'Turkey', 'Germany']);
    // leather: total output is the sum of leather_out.csv
    const out = readFileSync(dataPath('leather', 'leather_out.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .reduce((a, c) => a + Number(c), 0);
    expect(j.totals.output).toBeCloseTo(out, 9);
    expect(j.diagnostics).toEqual([]);
  });

  it('a missing file is exit 1 with the path', async () => {
    const r = await run(['info', '/nonexistent/table.csv']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\/nonexistent\/table\.csv/);
  });

  it('a wrong option is exit 1 with the usage', async () => {
    const r = await run(['info', LEATHER, '--bogus']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bogus/);
    expect(r.err).toMatch(/Usage: catena info/);
  });

  it('an unknown --layout names the known layouts', async () => {
    const r = await run(['info', LEATHER, '--layout', 'nope']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--format nope|nope/);
    expect(r.err).toMatch(/wide/);
  });
});

describe('catena leontief', () => {
  it('writes B as CSV; on leather B·y reproduces x', async () => {
    const r = await run(['leontief', LEATHER]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(10);
    const B = lines.slice(1).map((l) => l.split(',').slice(1).map(Number));
    const cells = readFileSync(LEATHER, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const y = cells.map((c) => Number(c[10]) + Number(c[11]) + Number(c[12]));
    const x = cells.map((c) => Number(c[13]));
    for (let i = 0; i < 9; i++) {
      const bx = B[i].reduce((a, b, j) => a + b * y[j], 0);
      expect(Math.abs(bx - x[i]) / x[i]).toBeLessThan(1e-9);
    }
  });

  it('writes JSON to --out and does not overwrite without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catena-cli-'));
    const out = join(dir, 'B.json');
    expect((await run(['leontief', LEATHER, '--format', 'json', '--out', out])).code).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j.labels).toHaveLength(9);
    expect(j.rows[0][0]).toBeGreaterThan(1);
    writeFileSync(out, 'keep me');
    const again = await run(['leontief', LEATHER, '--out', out]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/exists; pass --force/);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect((await run(['leontief', LEATHER, '--out', out, '--force'])).code).toBe(0);
    // without --format the extension says the format
    expect(JSON.parse(readFileSync(out, 'utf8')).labels).toHaveLength(9);
    expect(readdirSync(dir)).toEqual(['B.json']);
  });

  it('a bad --format value is exit 1 naming the choices', async () => {
    const r = await run(['leontief', LEATHER, '--format', 'xml']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/expected one of csv, json/);
  });
});
