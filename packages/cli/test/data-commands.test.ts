/**
 * catena download / sources / national / aggregate. Downloads go to a local HTTP server on
 * 127.0.0.1 that serves the EXIOBASE 3 mock (zipped) at the Zenodo paths, with HTTP Range and a
 * Zenodo-style record API carrying the MD5 — no internet.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { main } from '../src/main.js';
import { catalogEntry, CATALOG, downloadSource, READERS, readTable } from '@catena/engine';
import { dataPath } from '../../engine/test/shared.js';

const tmp = mkdtempSync(join(tmpdir(), 'catena-dl-'));
let server: Server;
let base = '';
let zip: Buffer;
let md5 = '';
let published = '';
const ranges: string[] = [];
let cutAfter = 0; // when > 0, the next full response is cut after that many bytes
let rdm = false; // serve the record in the InvenioRDM shape (files.entries)

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false }).then((code) => ({
    code,
    out: out.join(''),
    err: err.join(''),
  }));
}

beforeAll(async () => {
  const files: Record<string, Uint8Array> = {};
  for (const f of ['A.txt', 'Y.txt', 'unit.txt']) files[`IOT_2011_ixi/${f}`] = readFileSync(dataPath('mock_formats', 'exio3_mock', f));
  zip = Buffer.from(zipSync(files, { level: 0 }));
  md5 = createHash('md5').update(zip).digest('hex');
  published = md5;
  server = createServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/api/records/5589597') {
      res.setHeader('content-type', 'application/json');
      const f = { key: 'IOT_2011_ixi.zip', checksum: `md5:${published}` };
      res.end(JSON.stringify(rdm ? { files: { enabled: true, entries: { [f.key]: f } } } : { files: [f] }));
      return;
    }
    if (url.startsWith('/records/5589597/files/IOT_2011_ixi.zip')) {
      const range = req.headers.range;
      if (range) {
        ranges.push(range);
        const from = Number(/bytes=(\d+)-/.exec(range)![1]);
        if (from >= zip.length) {
          res.statusCode = 416;
          res.end();
          return;
        }
        res.statusCode = 206;
        res.setHeader('content-range', `bytes ${from}-${zip.length - 1}/${zip.length}`);
        res.setHeader('content-length', String(zip.length - from));
        res.end(zip.subarray(from));
        return;
      }
      res.setHeader('content-length', String(zip.length));
      if (cutAfter > 0) {
        const n = cutAfter;
        cutAfter = 0;
        res.flushHeaders();
        res.write(zip.subarray(0, n), () => setTimeout(() => res.destroy(), 50));
        return;
      }
      res.end(zip);
      return;
    }
    res.statusCode = 404;
    res.end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  base = `http://127.0.0.1:${addr.port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(tmp, { recursive: true, force: true });
});

describe('catena download', () => {
  it('downloads from the official path on the base, checks the MD5, and reads the result', async () => {
    const dir = join(tmp, 'a');
    const r = await run(['download', 'exiobase3', '--year', '2011', '--dir', dir, '--base', base]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/IOT_2011_ixi\.zip: downloaded, .* checksum matches the publisher's MD5/);
    const file = join(dir, 'IOT_2011_ixi.zip');
    expect(createHash('md5').update(readFileSync(file)).digest('hex')).toBe(md5);
    const t = await readTable(file);
    expect([t.G, t.N]).toEqual([6, 8]);
    // second run: cached
    const again = await run(['download', 'exiobase3', '--year', '2011', '--dir', dir, '--base', base]);
    expect(again.out).toMatch(/already complete/);
  });

  it('resumes an interrupted download with an HTTP Range request (CATENA_DOWNLOAD_BASE)', async () => {
    const dir = join(tmp, 'b');
    cutAfter = 300;
    process.env.CATENA_DOWNLOAD_BASE = base;
    try {
      await expect(downloadSource(catalogEntry('exiobase3')!, { year: 2011, dir })).rejects.toThrow();
      expect(existsSync(join(dir, 'IOT_2011_ixi.zip.part'))).toBe(true);
      expect(readFileSync(join(dir, 'IOT_2011_ixi.zip.part')).length).toBe(300);
      const r = await downloadSource(catalogEntry('exiobase3')!, { year: 2011, dir });
      expect(r.resumed).toBe(true);
      expect(r.checksum).toBe('verified');
      expect(ranges).toContain('bytes=300-');
      expect(readFileSync(r.path).equals(zip)).toBe(true);
    } finally {
      delete process.env.CATENA_DOWNLOAD_BASE;
    }
  });

  it('reads the checksum from a record in the InvenioRDM shape too', async () => {
    rdm = true;
    try {
      const r = await downloadSource(catalogEntry('exiobase3')!, { year: 2011, dir: join(tmp, 'rdm'), base });
      expect(r.checksum).toBe('verified');
    } finally {
      rdm = false;
    }
  });

  it('removes a download whose MD5 differs from the publisher', async () => {
    published = '0'.repeat(32);
    try {
      const r = await run(['download', 'exiobase3', '--year', '2011', '--dir', join(tmp, 'c'), '--base', base]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/MD5 [0-9a-f]{32} does not match the publisher's 0{32}; the damaged download was removed/);
      expect(existsSync(join(tmp, 'c', 'IOT_2011_ixi.zip'))).toBe(false);
      expect(existsSync(join(tmp, 'c', 'IOT_2011_ixi.zip.part'))).toBe(false);
    } finally {
      published = md5;
    }
  });

  it('says where to go for Eora (licence and login), for page-only sources, bad years and missing files', async () => {
    const e = await run(['download', 'eora26', '--year', '2015', '--dir', join(tmp, 'e')]);
    expect(e.code).toBe(1);
    expect(e.err).toMatch(/Eora26 needs a licence or login: .*worldmrio\.com[\s\S]*Eora26_2015_bp\.zip/);
    const g = await run(['download', 'gloria', '--year', '2020']);
    expect(g.err).toMatch(/no stable file address[\s\S]*ielab/);
    const y = await run(['download', 'exiobase3', '--year', '1980', '--base', base]);
    expect(y.err).toMatch(/no table for year 1980; EXIOBASE 3\.8\.2 covers 1995–2022/);
    const m = await run(['download', 'exiobase3', '--year', '2012', '--dir', join(tmp, 'm'), '--base', base]);
    expect(m.err).toMatch(/HTTP 404/);
    const down = await run(['download', 'exiobase3', '--year', '2012', '--dir', join(tmp, 'm'), '--base', 'http://127.0.0.1:9']);
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/127\.0\.0\.1:9\/api\/records\/5589597: the server could not be reached/);
    const u = await run(['download', 'nope', '--year', '2012']);
    expect(u.err).toMatch(/source 'nope' is not known/);
  });
});

describe('catena sources', () => {
  it('lists every catalogued vintage, each read by a registered reader', async () => {
    const r = await run(['sources']);
    expect(r.code).toBe(0);
    for (const e of CATALOG) expect(r.out).toContain(e.id);
    const formats = new Set(READERS.map((x) => x.format));
    for (const id of ['eora26', 'exiobase3', 'gloria', 'china-nbs', 'oecd-niot2021'])
      expect(formats.has(catalogEntry(id)!.layout)).toBe(true);
    const j = JSON.parse((await run(['sources', '--json'])).out) as unknown[];
    expect(j.length).toBe(CATALOG.length);
  });
});

describe('catena national and aggregate', () => {
  it('national: CSV rows with the TOTAL measures', async () => {
    const out = join(tmp, 'nbs.csv');
    const r = await run(['national', dataPath('china_nbs_io', 'china_2018_42.csv'), '--out', out]);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('year,country,sector,sector_name,measure,value');
    const dvar = lines.find((l) => l.startsWith('2018,CHN,TOTAL,all sectors,dva_share,'));
    expect(Number(dvar!.split(',')[5])).toBeGreaterThan(0.7);
    expect(lines.some((l) => l.startsWith('2018,CHN,01,"Agriculture, forestry, animal husbandry and fishery",dva_share,'))).toBe(true);
    const text = await run(['national', dataPath('oecd_niot2021_chn_jpn', 'OECD21ed_JPN_2018.csv')]);
    expect(text.out).toMatch(/TOTAL exports .* DVA in exports .*%/);
    const again = await run(['national', dataPath('china_nbs_io', 'china_2018_42.csv'), '--out', out]);
    expect(again.err).toMatch(/exists; pass --force/);
  });

  it('aggregate: countries and sectors from concordance files; the output reads back with equal totals', async () => {
    const conc = join(tmp, 'regions.csv');
    writeFileSync(conc, 'from,to\nAUS,APAC\nKOR,APAC\nBRA,AMER\nFIN,EUR\nFRA,EUR\nWWF,ROW\n');
    const sect = join(tmp, 'sectors.csv');
    writeFileSync(
      sect,
      'food,goods\nmining,goods\nmanufactoring,goods\nelectricity,goods\nconstruction,goods\ntrade,services\ntransport,services\nother,services\n',
    );
    const out = join(tmp, 'agg.csv');
    const r = await run(['aggregate', dataPath('mock_formats', 'exio3_mock'), '--countries', conc, '--sectors', sect, '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const t = await readTable(dataPath('mock_formats', 'exio3_mock'));
    const a = await readTable(out, { format: 'wide' });
    expect(a.countries).toEqual(['APAC', 'AMER', 'EUR', 'ROW']);
    expect(a.sectors).toEqual(['goods', 'services']);
    expect(Math.abs(a.totals().output - t.totals().output)).toBeLessThan(1e-6 * t.totals().output);
    writeFileSync(conc, 'from,to\nAUS,APAC\nKOR,APAC\nBRA,AMER\nFIN,EUR\nFRA,EUR\n');
    const bad = await run(['aggregate', dataPath('mock_formats', 'exio3_mock'), '--countries', conc, '--out', join(tmp, 'agg2.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/regions\.csv: found no line for WWF/);
  });

  it('aggregate --sectors TECH on WIOD 2013 (7 regions): manufacturing by technology intensity, totals kept', async () => {
    const path = dataPath('wiod2013_regional7', 'wiot2011_regional7.csv.gz');
    const out = join(tmp, 'tech.csv');
    const r = await run(['aggregate', path, '--layout', 'wide', '--sectors', 'TECH', '--countries', 'EU27', '--out', out]);
    expect(r.err).toMatch(/^catena aggregate: .*: 2 findings about the table/); // x ≤ 0 sectors and negative final demand
    expect(r.code).toBe(0);
    const t = await readTable(path, { format: 'wide' });
    const a = await readTable(out, { format: 'wide' });
    expect(a.sectors).toEqual([
      'c1',
      'c2',
      'MFG_LOW',
      'MFG_MEDIUM_LOW',
      'MFG_MEDIUM_HIGH',
      'MFG_HIGH',
      ...Array.from({ length: 19 }, (_, k) => `c${k + 17}`),
    ]);
    expect(a.countries).toEqual(t.countries);
    const [ta, tt] = [a.totals(), t.totals()];
    for (const k of ['output', 'finalDemand', 'intermediate', 'exports'] as const)
      expect(Math.abs(ta[k] - tt[k])).toBeLessThan(1e-9 * tt[k]);
  });
});
