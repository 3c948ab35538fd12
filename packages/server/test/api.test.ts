/**
 * The HTTP API through Fastify's inject: every route, bad input naming the field, the path
 * confinement and the token rules. Numbers are checked against an outside reference (exvatools
 * 0.9.0 on the leather table, R lm on Grunfeld) or an independent dense computation here.
 */
import { mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Model, registerAnalysis, sampleWorld, type Result } from '@catena/engine';
import { Matrix, inverse } from '@catena/linalg';
import { buildServer, checkBind, startServer, type CatenaServer } from '../src/index.js';
import { fitQuadratic } from '../src/views/fit.js';
import { SHARED, close, dataPath, refPath } from '../../engine/test/shared.js';

// A small analysis registered by this test, so the run and job routes are exercised whatever
// the registry holds: value added by country, with progress steps and cancellation.
registerAnalysis<{ scale: number; steps: number }, Model>({
  id: 'test-server-va',
  summary: 'Value added by country, times a scale (server test)',
  input: 'model',
  options: z.object({
    scale: z.number().positive().default(1).describe('factor applied to the value added'),
    steps: z.number().int().min(1).max(50).default(1).describe('progress steps, 20 ms each'),
  }),
  async run(model, o, ctx) {
    for (let i = 0; i < o.steps; i++) {
      if (ctx?.signal?.aborted) throw new Error('aborted');
      ctx?.progress?.(i, o.steps, `step ${i + 1}`);
      if (o.steps > 1) await new Promise((r) => setTimeout(r, 20));
    }
    const rows = model.table.countries.map((c, g) => {
      let s = 0;
      for (let i = g * model.N; i < (g + 1) * model.N; i++) s += model.va[i];
      return { country: c, value: s * o.scale };
    });
    return { columns: ['country', 'value'], rows, meta: { kind: 'test' } };
  },
});

let s: CatenaServer;
let leather = '';
// The server reports folders by their real path (symlinks resolved), so compare with that.
const dataRoot = realpathSync(join(SHARED, 'data'));

beforeAll(async () => {
  s = await buildServer({ dataDirs: [dataRoot], webRoot: null, uploadLimit: 512, syncRows: 100 });
  const r = await s.app.inject({ method: 'POST', url: '/api/tables', payload: { path: 'leather/leather_wide.csv' } });
  expect(r.statusCode).toBe(201);
  leather = r.json().id;
});
afterAll(async () => s.close());

const get = (url: string) => s.app.inject({ method: 'GET', url });
const post = (url: string, payload: unknown) => s.app.inject({ method: 'POST', url, payload: payload as object });

describe('tables', () => {
  it('lists the sample world first, then imported tables', async () => {
    const r = await get('/api/tables');
    expect(r.statusCode).toBe(200);
    const ids = r.json().tables.map((t: { id: string }) => t.id);
    expect(ids[0]).toBe('sample');
    expect(ids).toContain(leather);
    expect((await get(`/api/tables/${leather}`)).json().countries).toEqual(['Argentina', 'Turkey', 'Germany']);
  });

  it('reports diagnostics and totals of a table', async () => {
    const r = (await get('/api/tables/sample/diagnostics')).json();
    const t = sampleWorld({ countries: 5, sectors: 4, seed: 2024 });
    expect(r.shape).toEqual({ G: 5, N: 4, F: 1, GN: 20 });
    expect(close(r.totals.output, t.totals().output, 1e-12)).toBe(true);
    expect(Array.isArray(r.diagnostics)).toBe(true);
  });

  it('names the field of a bad id and of an unknown table', async () => {
    const bad = await get('/api/tables/a%20b');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('params.id');
    const none = await get('/api/tables/nope/diagnostics');
    expect(none.statusCode).toBe(404);
    expect(none.json().message).toMatch(/no table with id nope/);
  });

  it('lists table files found in the data folders', async () => {
    const r = (await get('/api/data-files')).json();
    expect(r.folders).toEqual([dataRoot]);
    expect(r.files.map((f: { path: string }) => f.path)).toContain('wiod2013/wiot2011_2013rel_int.csv.gz');
  });

  it('confines import-by-path to the data folders: traversal, absolute paths and symlinks', async () => {
    const out = mkdtempSync(join(tmpdir(), 'catena-srv-'));
    try {
      const root = join(out, 'data');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(root);
      writeFileSync(join(out, 'secret.csv'), 'a,b\n1,2\n');
      symlinkSync(join(out, 'secret.csv'), join(root, 'link.csv'));
      symlinkSync(dataPath('leather'), join(root, 'leather'));
      const t = await buildServer({ dataDirs: [root], webRoot: null });
      const imp = (path: string) => t.app.inject({ method: 'POST', url: '/api/tables', payload: { path } });
      for (const [path, status] of [
        ['../secret.csv', 403],
        ['link.csv', 403],
        [join(out, 'secret.csv'), 403],
        ['/etc/passwd', 403],
        ['missing.csv', 404],
      ] as const) {
        const r = await imp(path);
        expect(r.statusCode, path).toBe(status);
        expect(r.json().field).toBe('body.path');
      }
      // A symlink to a folder outside is followed only when its target is inside: here it is not.
      expect((await imp('leather/leather_wide.csv')).statusCode).toBe(403);
      await t.close();
      const none = await buildServer({ webRoot: null });
      const r = await none.app.inject({ method: 'POST', url: '/api/tables', payload: { path: 'x.csv' } });
      expect(r.statusCode).toBe(403);
      expect(r.json().message).toMatch(/no data folders/);
      await none.close();
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('names the field of a malformed import', async () => {
    for (const [payload, field] of [
      [{}, 'body.path'],
      [{ path: 3 }, 'body.path'],
      [{ path: 'leather/leather_wide.csv', year: 'x' }, 'body.year'],
      [{ path: 'leather/leather_wide.csv', keepSplits: 'yes' }, 'body.keepSplits'],
      [{ path: 'a\0b' }, 'body.path'],
    ] as const) {
      const r = await post('/api/tables', payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.json().field).toBe(field);
    }
    const notTable = await post('/api/tables', { path: 'econometrics/grunfeld.csv' });
    expect(notTable.statusCode).toBe(422);
    expect(notTable.json().message).toMatch(/grunfeld\.csv/);
  });

  it('checks uploads: name, content type, size limit', async () => {
    const up = (url: string, body: Buffer, type = 'application/octet-stream') =>
      s.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': type } });
    const bytes = readFileSync(dataPath('leather', 'leather_wide.csv'));
    const noName = await up('/api/tables/upload', bytes.subarray(0, 100));
    expect(noName.statusCode).toBe(400);
    expect(noName.json().field).toBe('query.name');
    const folder = await up('/api/tables/upload?name=../x.csv', bytes.subarray(0, 100));
    expect(folder.json().field).toBe('query.name');
    const big = await up('/api/tables/upload?name=leather_wide.csv', bytes);
    expect(bytes.length).toBeGreaterThan(512);
    expect(big.statusCode).toBe(413);
    const wrongType = await up('/api/tables/upload?name=x.csv', bytes.subarray(0, 10), 'image/png');
    expect(wrongType.statusCode).toBe(415);
    const text = await up('/api/tables/upload?name=x.csv', bytes.subarray(0, 10), 'text/plain');
    expect(text.statusCode).toBe(400);
    expect(text.json().field).toBe('body');
    const empty = await up('/api/tables/upload?name=x.csv', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
  });

  it('deletes an imported table but not the sample world', async () => {
    const r = await post('/api/tables', { path: 'wiod2013_regional7/wiot2011_regional7.csv.gz' });
    const id = r.statusCode === 201 ? r.json().id : (await post('/api/tables', { path: 'leather/leather_wide.csv', year: 2000 })).json().id;
    expect((await s.app.inject({ method: 'DELETE', url: `/api/tables/${id}` })).statusCode).toBe(204);
    expect((await get(`/api/tables/${id}`)).statusCode).toBe(404);
    const sample = await s.app.inject({ method: 'DELETE', url: '/api/tables/sample' });
    expect(sample.statusCode).toBe(409);
  });
});

describe('views', () => {
  it('country profile: TiVA terms of the leather table equal exvatools 0.9.0 (oecd method)', async () => {
    const r = await get(`/api/tables/${leather}/views/profile?country=Turkey`);
    expect(r.statusCode).toBe(200);
    const rows = r.json().rows as { part: string; measure: string; value: number }[];
    const term = (m: string) => rows.find((x) => x.part === 'exports' && x.measure === m)!.value;
    // exvatools_leather_decompositions.csv, method oecd, TUR: EXGR, DC (= EXGR_DVA), FC (= EXGR_FVA), VAX (= FFD_DVA), REF.
    const ref = Object.fromEntries(
      readFileSync(refPath('exvatools_leather_decompositions.csv'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('decompr_leather,oecd,TUR,'))
        .map((l) => l.split(','))
        .map((c) => [c[3], Number(c[4])]),
    );
    // tolerance 1e-9 relative (the reference is printed with 15 significant digits)
    expect(close(term('EXGR'), ref.EXGR, 1e-9)).toBe(true);
    expect(close(term('EXGR_DVA'), ref.DC, 1e-9)).toBe(true);
    expect(close(term('EXGR_FVA'), ref.FC, 1e-9)).toBe(true);
    expect(close(term('FFD_DVA'), ref.VAX, 1e-9)).toBe(true);
    expect(close(term('REF'), ref.REF, 1e-9)).toBe(true);
    // identities: DVA + FVA = EXGR; the partners' gross exports sum to EXGR; sectors' DVA to DVA
    expect(close(term('EXGR_DVA') + term('EXGR_FVA'), term('EXGR'), 1e-12)).toBe(true);
    const sum = (part: string, m: string) => rows.filter((x) => x.part === part && x.measure === m).reduce((a, x) => a + x.value, 0);
    expect(close(sum('partners', 'EXGR'), term('EXGR'), 1e-12)).toBe(true);
    expect(close(sum('sectors', 'EXGR_DVA'), term('EXGR_DVA'), 1e-12)).toBe(true);
    expect(rows.filter((x) => x.part === 'lockin' && x.measure === 'lockin_quadrant').length).toBe(3);
  });

  it("value flows: origins of an exporter's exports against a dense inverse computed here", async () => {
    const r = (await get('/api/tables/sample/views/flows?exporter=USA')).json();
    const t = sampleWorld({ countries: 5, sectors: 4, seed: 2024 });
    const m = Model.build(t);
    const GN = m.GN;
    // Independent: I − A from Z and x, inverted densely; VA origins of USA's exports = v̂ B e.
    const IA = new Matrix(GN, GN);
    for (let j = 0; j < GN; j++) for (let i = 0; i < GN; i++) IA.data[i + j * GN] = (i === j ? 1 : 0) - t.Z.data[i + j * GN] / m.x[j];
    const B = inverse(IA);
    const s1 = t.countries.indexOf('USA');
    for (const o of r.rows.filter((x: { part: string }) => x.part === 'origins')) {
      const g = t.countries.indexOf(o.country);
      let va = 0;
      for (let k = g * 4; k < g * 4 + 4; k++) for (let j = s1 * 4; j < s1 * 4 + 4; j++) va += m.v[k] * B.data[k + j * GN] * m.E[j];
      expect(close(o.value, va, 1e-9), o.country).toBe(true);
    }
    // v B = 1ᵀ: the origins sum to the exports, which equal the destinations' sum.
    const sum = (part: string) =>
      r.rows.filter((x: { part: string }) => x.part === part).reduce((a: number, x: { value: number }) => a + x.value, 0);
    expect(close(sum('origins'), sum('destinations'), 1e-10)).toBe(true);
    // FD_VA: every origin's value added ends in some final demand (rows sum to VA).
    for (let g = 0; g < 5; g++) {
      let va = 0;
      for (let k = g * 4; k < g * 4 + 4; k++) va += m.va[k];
      const fd = r.rows.filter((x: { part: string; country: string }) => x.part === 'fdva' && x.country === t.countries[g]);
      expect(
        close(
          fd.reduce((a: number, x: { value: number }) => a + x.value, 0),
          va,
          1e-9,
        ),
      ).toBe(true);
    }
  });

  it('smile curve with its fitted quadratic, as CSV and Parquet too', async () => {
    const r = (await get('/api/tables/sample/views/smile?country=CHN&sector=s02')).json();
    const pts = new Map<string, Record<string, number>>();
    for (const x of r.rows.filter((y: { part: string }) => y.part === 'points')) {
      const k = `${x.country}_${x.sector}`;
      pts.set(k, { ...(pts.get(k) ?? {}), [x.measure]: x.value });
    }
    const p = [...pts.values()];
    // Independent: the weighted normal equations XᵀWX β = XᵀWy solved with a dense inverse.
    const X = new Matrix(3, 3);
    const rhs = [0, 0, 0];
    for (const q of p) {
      const f = [1, q.stage, q.stage * q.stage];
      for (let a = 0; a < 3; a++) {
        rhs[a] += q.value_added * f[a] * q.va_rate;
        for (let b = 0; b < 3; b++) X.data[a + b * 3] += q.value_added * f[a] * f[b];
      }
    }
    const Xi = inverse(X);
    const beta = [0, 1, 2].map((a) => rhs.reduce((acc, v, b) => acc + Xi.data[a + b * 3] * v, 0));
    expect(close(r.meta.fit.a, beta[0], 1e-8)).toBe(true);
    expect(close(r.meta.fit.b, beta[1], 1e-8)).toBe(true);
    expect(close(r.meta.fit.c, beta[2], 1e-8)).toBe(true);
    const csv = await get('/api/tables/sample/views/smile?country=CHN&sector=s02&format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toBe('year,part,country,sector,partner,measure,value');
    const pq = await get('/api/tables/sample/views/smile?country=CHN&format=parquet');
    expect(pq.statusCode).toBe(200);
    expect(pq.rawPayload.subarray(0, 4).toString()).toBe('PAR1');
  });

  it('recovers an exact quadratic', () => {
    const x = [1, 2, 3, 4, 5];
    const f = fitQuadratic(
      x,
      x.map((v) => 0.9 - 0.4 * v + 0.07 * v * v),
      x.map(() => 1),
    )!;
    expect(Math.abs(f.a - 0.9) + Math.abs(f.b + 0.4) + Math.abs(f.c - 0.07)).toBeLessThan(1e-10);
    expect(fitQuadratic([1, 1, 2], [1, 2, 3], [1, 1, 1])).toBeNull();
  });

  it('names the field of a bad view query', async () => {
    for (const [url, field] of [
      ['/api/tables/sample/views/profile', 'query.country'],
      ['/api/tables/sample/views/profile?country=XXX', 'query.country'],
      ['/api/tables/sample/views/profile?country=CHN&format=xml', 'query.format'],
      ['/api/tables/sample/views/flows?exporter=ATL', 'query.exporter'],
      ['/api/tables/sample/views/smile?country=CHN&sector=s99', 'query.sector'],
      ['/api/tables/sample/views/panel?indicators=nope', 'query.indicators'],
    ] as const) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json().field, url).toBe(field);
    }
    expect((await get('/api/tables/zzz/views/profile?country=CHN')).statusCode).toBe(404);
  });

  it('profile over the years of a series and an indicator panel', async () => {
    const r = (await get('/api/tables/sample/views/profile-series?country=JPN')).json();
    expect(r.meta.years).toEqual([2020]);
    const one = (await get('/api/tables/sample/views/profile?country=JPN')).json();
    const pick = (rows: { measure: string; value: number }[], m: string) => rows.find((x) => x.measure === m)!.value;
    expect(pick(r.rows, 'gvc_position')).toBe(pick(one.rows, 'gvc_position'));
    const p = (await get('/api/tables/sample/views/panel?indicators=gvc_participation_backward,plv')).json();
    expect(p.columns).toEqual(['country', 'year', 'gvc_participation_backward', 'plv']);
    expect(p.rows.length).toBe(5);
  });
});

describe('analyses and jobs', () => {
  const vaByCountry = () => {
    const t = sampleWorld({ countries: 5, sectors: 4, seed: 2024 });
    const va = t.va;
    return t.countries.map((c, g) => [c, va.slice(g * 4, g * 4 + 4).reduce((a, b) => a + b, 0)] as const);
  };

  it('lists analyses with their option schemas', async () => {
    const r = (await get('/api/analyses')).json();
    const a = r.analyses.find((x: { id: string }) => x.id === 'test-server-va');
    expect(a.options.properties.scale.type).toBe('number');
    expect((await get('/api/analyses/test-server-va')).json().input).toBe('model');
    expect((await get('/api/analyses/none')).statusCode).toBe(404);
  });

  it('runs a small request synchronously, as JSON and CSV', async () => {
    const r = await post('/api/analyses/test-server-va/run', { table: 'sample', options: { scale: 2 } });
    expect(r.statusCode).toBe(200);
    const res = r.json() as Result;
    for (const [c, va] of vaByCountry()) expect(close(res.rows.find((x) => x.country === c)!.value as number, 2 * va, 1e-12)).toBe(true);
    const csv = await post('/api/analyses/test-server-va/run?format=csv', { table: 'sample' });
    expect(csv.body.split('\n')[0]).toBe('country,value');
  });

  it('names the field of bad options and bad bodies', async () => {
    for (const [body, status, field] of [
      [{ table: 'sample', options: { scale: -1 } }, 400, 'body.options.scale'],
      [{ table: 'sample', options: { steps: 1.5 } }, 400, 'body.options.steps'],
      [{ options: {} }, 400, 'body.table'],
      [{ table: 'no such' }, 400, 'body.table'],
      [{ table: 'nothere' }, 404, 'body.table'],
      [{ table: 'sample', mode: 'later' }, 400, 'body.mode'],
      [{ tables: [] }, 400, 'body.tables'],
    ] as const) {
      const r = await post('/api/analyses/test-server-va/run', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json().field, JSON.stringify(body)).toBe(field);
    }
    const badJson = await s.app.inject({
      method: 'POST',
      url: '/api/analyses/test-server-va/run',
      payload: '{"table":',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().field).toBe('body');
  });

  it('runs large requests as jobs, with progress over server-sent events', async () => {
    // leather has 9 rows; with syncRows 100 it is small, so ask for a job, and check auto on two tables.
    const j = await post('/api/analyses/test-server-va/run', { table: 'sample', mode: 'job', options: { steps: 3 } });
    expect(j.statusCode).toBe(202);
    const id = j.json().id;
    expect(j.headers.location).toBe(`/api/jobs/${id}`);
    const ev = await get(`/api/jobs/${id}/events`);
    expect(ev.headers['content-type']).toBe('text/event-stream');
    const events = ev.body.split('\n\n').filter(Boolean);
    expect(events.some((e) => e.startsWith('event: progress'))).toBe(true);
    expect(events.at(-1)).toMatch(/"state":"done"/);
    const res = (await get(`/api/jobs/${id}/result`)).json() as Result;
    for (const [c, va] of vaByCountry()) expect(close(res.rows.find((x) => x.country === c)!.value as number, va, 1e-12)).toBe(true);
    const auto = await post('/api/analyses/test-server-va/run', { tables: ['sample', leather] });
    expect(auto.statusCode).toBe(202);
    await s.context.jobs.drain();
    const both = (await get(`/api/jobs/${auto.json().id}/result`)).json() as Result;
    expect(both.rows.length).toBe(5 + 3);
    expect((await get('/api/jobs')).json().jobs.length).toBeGreaterThanOrEqual(2);
  });

  it('cancels a job and refuses its result', async () => {
    const j = (await post('/api/jobs', { analysis: 'test-server-va', table: 'sample', options: { steps: 50 } })).json();
    const c = await s.app.inject({ method: 'DELETE', url: `/api/jobs/${j.id}` });
    expect(c.statusCode).toBe(200);
    await s.context.jobs.drain();
    expect((await get(`/api/jobs/${j.id}`)).json().state).toBe('cancelled');
    expect((await get(`/api/jobs/${j.id}/result`)).statusCode).toBe(409);
    expect((await get('/api/jobs/not-a-uuid')).json().field).toBe('params.id');
    expect((await get('/api/jobs/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const bad = await post('/api/jobs', { analysis: 'nope', table: 'sample' });
    expect(bad.json().field).toBe('body.analysis');
  });
});

describe('index and regression', () => {
  const grunfeld = () => {
    const [head, ...lines] = readFileSync(dataPath('econometrics', 'grunfeld.csv'), 'utf8').trim().split('\n');
    const names = head.split(',').map((h) => h.replace(/"/g, ''));
    return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], names[i] === 'firm' ? `f${v}` : Number(v)])));
  };

  it('regression: Grunfeld firm fixed effects equal R lm (grunfeld_reference.json)', async () => {
    const ref = JSON.parse(readFileSync(refPath('grunfeld_reference.json'), 'utf8'));
    const r = await post('/api/regress', { rows: grunfeld(), formula: 'inv ~ value + capital | firm', vcov: 'iid' });
    expect(r.statusCode).toBe(200);
    const fit = r.json().fit;
    // tolerance 1e-8 relative on coefficients and standard errors
    for (const k of ['value', 'capital']) {
      expect(close(fit.coef[k].estimate, ref.oneway_fe_firm_iid.coef[k], 1e-8)).toBe(true);
      expect(close(fit.coef[k].se, ref.oneway_fe_firm_iid.se[k], 1e-8)).toBe(true);
    }
    expect(r.json().markdown).toMatch(/value/);
    const bad = await post('/api/regress', { rows: grunfeld(), formula: 'inv ~ nothere' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/nothere/);
    expect((await post('/api/regress', { rows: [] })).json().field).toBe('body.rows');
  });

  it('index builder: entropy weights sum to one and scores lie in [0, 1]', async () => {
    const p = (await get('/api/tables/sample/views/panel?indicators=gvc_participation_backward,gvc_participation_forward,plv')).json();
    const r = await post('/api/index', {
      rows: p.rows,
      benefit: ['gvc_participation_backward', 'gvc_participation_forward'],
      cost: ['plv'],
      methods: ['entropy', 'topsis'],
    });
    expect(r.statusCode).toBe(200);
    const w = r.json().weights.entropy as Record<string, number>;
    expect(Math.abs(Object.values(w).reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
    for (const row of r.json().rows) expect(row.entropy).toBeGreaterThanOrEqual(0);
    const none = await post('/api/index', { rows: p.rows });
    expect(none.statusCode).toBe(400);
    expect(none.json().field).toBe('body.options.benefit');
    expect((await post('/api/index', { rows: p.rows, benefit: ['plv'], methods: ['magic'] })).json().field).toBe('body.methods.0');
  });
});

describe('security and the document', () => {
  it('needs the token on every /api route when one is set', async () => {
    const t = await buildServer({ token: 'secret-token-1', webRoot: null });
    expect((await t.app.inject({ url: '/api/tables' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/tables', headers: { authorization: 'Bearer wrong-token' } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/tables', headers: { authorization: 'Bearer secret-token-1' } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/tables/sample/views/profile?country=CHN&token=secret-token-1' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/openapi.json' })).json().field).toBe('authorization');
    await t.close();
  });

  it('binds loopback only unless a token is given', async () => {
    expect(() => checkBind('0.0.0.0', undefined)).toThrow(/--token/);
    expect(() => checkBind('192.0.2.1', 'short')).toThrow(/8 characters/);
    expect(() => checkBind('0.0.0.0', 'long-enough-token')).not.toThrow();
    expect(() => checkBind('127.0.0.1', undefined)).not.toThrow();
    await expect(startServer({ host: '0.0.0.0', port: 0, webRoot: null })).rejects.toThrow(/--token/);
    const live = await startServer({ port: 0, webRoot: null });
    expect(live.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(`${live.url}api/health`);
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    await live.close();
  });

  it('generates the OpenAPI document from the registry', async () => {
    const doc = (await get('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const op = doc.paths['/api/analyses/test-server-va/run'].post;
    const schema = op.requestBody.content['application/json'].schema;
    expect(schema.properties.options.properties.steps.maximum).toBe(50);
    for (const [path, item] of Object.entries(doc.paths) as [string, Record<string, { responses: object }>][]) {
      for (const m of Object.values(item)) expect(Object.keys(m.responses).length, path).toBeGreaterThan(0);
    }
    expect(doc.paths['/api/tables/{id}/views/profile'].get.parameters.map((p: { name: string }) => p.name)).toContain('country');
    expect((await get('/api/no/such/route')).statusCode).toBe(404);
  });
});

describe('on a workspace (DuckDB)', () => {
  it('uploads a table, caches a view and keeps both across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catena-srv-ws-'));
    try {
      const file = join(dir, 'w.duckdb');
      const a = await buildServer({ workspace: file, webRoot: null });
      const bytes = readFileSync(dataPath('leather', 'leather_wide.csv'));
      const up = await a.app.inject({
        method: 'POST',
        url: '/api/tables/upload?name=leather_wide.csv',
        payload: bytes,
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(up.statusCode).toBe(201);
      const id = up.json().id;
      const first = (await a.app.inject({ url: `/api/tables/${id}/views/profile?country=Germany` })).json();
      await a.close();
      const b = await buildServer({ workspace: file, webRoot: null });
      expect((await b.app.inject({ url: '/api/tables' })).json().tables.map((t: { id: string }) => t.id)).toContain(id);
      const again = (await b.app.inject({ url: `/api/tables/${id}/views/profile?country=Germany` })).json();
      expect(again.rows).toEqual(first.rows);
      // exvatools_leather_decompositions.csv, oecd, DEU: DC = EXGR_DVA (tolerance 1e-9 relative)
      const dva = again.rows.find((r: { part: string; measure: string }) => r.part === 'exports' && r.measure === 'EXGR_DVA').value;
      expect(close(dva, 111.29058305936, 1e-9)).toBe(true);
      const bad = await b.app.inject({
        method: 'POST',
        url: '/api/tables/upload?name=notes.txt',
        payload: Buffer.from('hello'),
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(bad.statusCode).toBe(422);
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
