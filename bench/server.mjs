// HTTP API and dashboard (issue 14), on loopback only, bounded in count and time:
//  1. country profile of CHN on WIOD 2011: cold (table imported, nothing cached, fresh server
//     process) and warm (200 sequential requests, p50/p95);
//  2. 50 concurrent clients for 30 s on mixed read routes (autocannon): errors, latency;
//  3. the dashboard's first load in Chromium (until the profile's figures and first chart show)
//     and the gzip size of its JavaScript.
// Needs `npm run build`. The server runs in a child process (`catena serve`) so the load
// generator does not share its event loop. Set BENCH_SECONDS to shorten the load run.
/* global fetch, clearTimeout */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { chromium } from 'playwright-core';
import { ROOT, WIOD, machine } from './_util.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const dir = mkdtempSync(join(tmpdir(), 'catena-bench-server-'));
const workspace = join(dir, 'workspace.duckdb');
const dataDir = join(WIOD(2011), '..');

/** Starts `catena serve` on a free loopback port; resolves with its URL and a stop function. */
function serve() {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'packages/cli/bin/catena.js'), 'serve', '--port', '0', '--workspace', workspace, '--data', dataDir, '--no-import'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    const timer = setTimeout(() => reject(new Error('the server did not start in 60 s')), 60_000);
    child.stdout.on('data', (b) => {
      out += b;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[0],
          stop: () =>
            new Promise((done) => {
              child.once('exit', done);
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
}

async function get(url) {
  const t0 = performance.now();
  const r = await fetch(url);
  const body = await r.arrayBuffer();
  if (!r.ok) throw new Error(`${url}: ${r.status} ${Buffer.from(body).toString().slice(0, 200)}`);
  return performance.now() - t0;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

const lines = [];
lines.push = (...xs) => (console.log(...xs), Array.prototype.push.apply(lines, xs));
lines.push(`machine: ${machine()}; shared with other builds and tests while measured`);
try {
  // Import WIOD 2011 into a fresh workspace, then stop: the next server starts with nothing cached.
  let s = await serve();
  const imp = await fetch(`${s.url}api/tables`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: 'wiot2011_2013rel_int.csv.gz' }),
  });
  const table = await imp.json();
  if (!imp.ok) throw new Error(JSON.stringify(table));
  await s.stop();

  s = await serve();
  let profile = `${s.url}api/tables/${table.id}/views/profile?country=CHN`;
  const cold = await get(profile);
  const warm = [];
  for (let i = 0; i < 200; i++) warm.push(await get(profile));
  lines.push(`country profile CHN, WIOD 2011: cold ${cold.toFixed(0)} ms (table in the workspace, fresh server, nothing cached)`);
  lines.push(
    `  warm, 200 sequential requests: p50 ${pct(warm, 50).toFixed(1)} ms, p95 ${pct(warm, 95).toFixed(1)} ms, max ${Math.max(...warm).toFixed(1)} ms`,
  );
  await s.stop();
  // Restarted server: the view comes from the workspace's result cache, not from memory.
  s = await serve();
  profile = `${s.url}api/tables/${table.id}/views/profile?country=CHN`;
  lines.push(`  after a restart (from the DuckDB result cache): first request ${(await get(profile)).toFixed(0)} ms`);

  const routes = [
    '/api/tables',
    `/api/tables/${table.id}`,
    `/api/tables/${table.id}/views/profile?country=CHN`,
    `/api/tables/${table.id}/views/profile?country=USA`,
    `/api/tables/${table.id}/views/flows?exporter=DEU`,
    `/api/tables/${table.id}/views/smile?country=CHN`,
    '/api/tables/sample/views/profile?country=JPN',
    '/api/openapi.json',
    '/api/analyses',
  ];
  for (const r of routes) await get(`${s.url.slice(0, -1)}${r}`); // first computation of each, outside the load run
  const times = [];
  const load = await new Promise((resolve, reject) => {
    const inst = autocannon(
      { url: s.url.slice(0, -1), connections: 50, duration: SECONDS, requests: routes.map((path) => ({ method: 'GET', path })) },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    inst.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  });
  lines.push(
    `load: 50 connections × ${SECONDS} s on ${routes.length} read routes: ${load.requests.total} requests (${load.requests.average.toFixed(0)}/s), ` +
      `errors ${load.errors}, timeouts ${load.timeouts}, non-2xx ${load.non2xx}; latency p50 ${load.latency.p50} ms, p90 ${load.latency.p90} ms, ` +
      `p95 ${pct(times, 95).toFixed(0)} ms (of ${times.length} responses), ` +
      `p97.5 ${load.latency.p97_5} ms, p99 ${load.latency.p99} ms, max ${load.latency.max} ms`,
  );

  const assets = join(ROOT, 'packages/web/dist/assets');
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const raw = js.reduce((a, f) => a + readFileSync(join(assets, f)).length, 0);
  const gz = js.reduce((a, f) => a + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);
  lines.push(
    `dashboard JavaScript: ${js.length} file(s), ${(raw / 2 ** 20).toFixed(2)} MiB, ${(gz / 2 ** 20).toFixed(2)} MiB gzip (level 9)`,
  );

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const loads = [];
  for (let i = 0; i < 5; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1300, height: 1000 } }); // fresh: empty cache
    const page = await ctx.newPage();
    const t0 = performance.now();
    await page.goto(`${s.url}?page=profile&table=${table.id}&country=CHN`);
    await page.getByTestId('EXGR_DVA').waitFor();
    await page.locator('figure.chart canvas').first().waitFor();
    loads.push(performance.now() - t0);
    await ctx.close();
  }
  await browser.close();
  lines.push(
    `dashboard first load (fresh browser context, until the CHN profile's figures and first chart show), 5 runs: median ${pct(loads, 50).toFixed(0)} ms, max ${Math.max(...loads).toFixed(0)} ms`,
  );
  await s.stop();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
