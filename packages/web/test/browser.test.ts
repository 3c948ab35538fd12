/// <reference lib="dom" />
/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core against the
 * built pages served by the Catena server on 127.0.0.1. Each page is opened on the sample world,
 * the numbers it shows are checked against the engine's (or an outside reference: R lm on
 * Grunfeld), there must be no console error, and a screenshot of each page is saved under
 * out/browser/ (gitignored).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Model, decompose, indicators, sampleWorld } from '@catena/engine';
import { startServer, smileView, type CatenaServer } from '@catena/server';
import { close, dataPath, refPath } from '../../engine/test/shared.js';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const shots = join(here, '..', '..', '..', 'out', 'browser');
const CHROMIUM = '/usr/bin/chromium';

let server: CatenaServer & { url: string };
let browser: Browser;
const model = Model.build(sampleWorld({ countries: 5, sectors: 4, seed: 2024 }));

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`the dashboard is not built (${dist}); run npm run build`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium`);
  mkdirSync(shots, { recursive: true });
  server = await startServer({ port: 0, webRoot: dist, dataDirs: [dataPath('wiod2013_regional7')] });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
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
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page of the dashboard in a fresh context, collecting console errors. */
async function open(query: string): Promise<{ page: Page; errors: string[] }> {
  const ctx = await browser.newContext({ viewport: { width: 1300, height: 1000 }, acceptDownloads: true });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}?${query}`);
  return { page, errors };
}

const num = async (page: Page, id: string) => Number(await page.getByTestId(id).getAttribute('data-value'));

async function finish(page: Page, errors: string[], name: string) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  await page.context().close();
  expect(errors, name).toEqual([]);
}

describe('dashboard pages on the sample world', () => {
  it('Tables: totals shown equal the table', async () => {
    const { page, errors } = await open('page=tables&table=sample');
    await page.getByTestId('total-output').waitFor();
    const t = model.table.totals();
    expect(close(await num(page, 'total-output'), t.output, 1e-12)).toBe(true);
    expect(close(await num(page, 'total-exports'), t.exports, 1e-12)).toBe(true);
    expect(await page.locator('[data-table=sample]').count()).toBe(1);
    // import a table from the data folder through the form
    const option = await page.getByTestId('data-file').locator('option').nth(1).getAttribute('value');
    await page.getByTestId('data-file').selectOption(option!);
    await page.getByTestId('import').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-table]').length === 2);
    await finish(page, errors, 'tables');
  });

  it('Country profile: TiVA terms and participation equal the engine, charts drawn, downloads work', async () => {
    const { page, errors } = await open('page=profile&table=sample&country=DEU');
    await page.getByTestId('EXGR_DVA').waitFor();
    await page.locator('figure.chart canvas').first().waitFor();
    const tiva = decompose(model, { method: 'tiva', level: 'country', exporters: ['DEU'] }).rows;
    const term = (t: string) => tiva.find((r) => r.term === t)!.value as number;
    for (const t of ['EXGR', 'EXGR_DVA', 'EXGR_FVA', 'EXGR_DVASH']) expect(close(await num(page, t), term(t), 1e-12), t).toBe(true);
    const ind = indicators(model, { level: 'country' }).rows.filter((r) => r.country === 'DEU');
    for (const i of ['gvc_participation_backward', 'gvc_participation_forward', 'gvc_position', 'ply']) {
      expect(close(await num(page, i), ind.find((r) => r.indicator === i)!.value as number, 1e-12), i).toBe(true);
    }
    expect(await page.locator('figure.chart').count()).toBe(5);
    const fig = page.locator('figure[data-chart="partners-DEU"]');
    for (const [button, ext] of [
      ['PNG', 'png'],
      ['SVG', 'svg'],
      ['CSV', 'csv'],
    ]) {
      const [dl] = await Promise.all([page.waitForEvent('download'), fig.getByRole('button', { name: button }).click()]);
      expect(dl.suggestedFilename()).toBe(`partners-DEU.${ext}`);
      const body = readFileSync((await dl.path())!);
      if (ext === 'png') expect(body.subarray(1, 4).toString()).toBe('PNG');
      if (ext === 'svg') expect(body.toString()).toMatch(/^<svg/);
      if (ext === 'csv') expect(body.toString().split('\n')[0]).toBe('year,part,country,sector,partner,measure,value');
    }
    // the state is in the URL: choosing another country rewrites it
    await page.getByTestId('country').selectOption('JPN');
    await page.waitForURL(/country=JPN/);
    await finish(page, errors, 'profile');
  });

  it('Value flows: exports and their value added equal the engine; Sankey, chord and map drawn', async () => {
    const { page, errors } = await open('page=flows&table=sample&exporter=KOR');
    await page.getByTestId('exports').waitFor();
    const g = model.table.countries.indexOf('KOR');
    let e = 0;
    for (let i = g * 4; i < g * 4 + 4; i++) e += model.E[i];
    expect(close(await num(page, 'exports'), e, 1e-12)).toBe(true);
    expect(close(await num(page, 'va-in-exports'), e, 1e-9)).toBe(true); // v B = 1ᵀ
    await page.locator('figure[data-chart="map-KOR"] canvas').waitFor();
    expect(await page.locator('figure.chart').count()).toBe(3);
    await finish(page, errors, 'flows');
  });

  it('Smile curve: the fitted coefficients equal the server view computed here', async () => {
    const { page, errors } = await open('page=smile&table=sample&country=CHN&sector=s02');
    await page.getByTestId('fit-c').waitFor();
    const fit = smileView(model, 'CHN', 's02').meta.fit as { a: number; b: number; c: number };
    expect(close(await num(page, 'fit-a'), fit.a, 1e-12)).toBe(true);
    expect(close(await num(page, 'fit-c'), fit.c, 1e-12)).toBe(true);
    await page.locator('figure.chart canvas').waitFor();
    await finish(page, errors, 'smile');
  });

  it('Scenario and Network pages: the registered analyses, or a note that none are', async () => {
    for (const kind of ['scenario', 'network']) {
      const { page, errors } = await open(`page=${kind}&table=sample`);
      await page.locator('main[data-page] h1').waitFor();
      await page.waitForFunction(() => !document.body.innerText.includes('Computing…'));
      const registered = await page.getByTestId('run').count();
      if (!registered) expect(await page.locator('main').innerText()).toMatch(/not registered in this build/);
      else if (kind === 'network') {
        // the first network analysis with its defaults: one row per node measure, nodes = 5 countries
        await page.getByTestId('run').click();
        await page.locator('.datatable tbody tr').first().waitFor();
        expect(await page.locator('.datatable tbody tr').count()).toBeGreaterThan(0);
      }
      await finish(page, errors, kind);
    }
  });

  it('Index builder: weights shown sum to one, a score per country', async () => {
    const { page, errors } = await open('page=index&table=sample&method=entropy');
    await page.locator('figure[data-chart="weights-entropy"] canvas').waitFor();
    expect(await page.locator('.datatable tbody tr').count()).toBe(5);
    await finish(page, errors, 'index');
  });

  it('Regression: Grunfeld firm fixed effects equal R lm (grunfeld_reference.json)', async () => {
    const formula = encodeURIComponent('inv ~ value + capital | firm');
    const { page, errors } = await open(`page=regress&source=csv&vcov=iid&formula=${formula}`);
    await page.locator('textarea').fill(readFileSync(dataPath('econometrics', 'grunfeld.csv'), 'utf8'));
    await page.getByTestId('run').click();
    await page.getByTestId('coef-value').waitFor();
    const ref = JSON.parse(readFileSync(refPath('grunfeld_reference.json'), 'utf8')).oneway_fe_firm_iid.coef;
    // tolerance 1e-8 relative
    expect(close(await num(page, 'coef-value'), ref.value, 1e-8)).toBe(true);
    expect(close(await num(page, 'coef-capital'), ref.capital, 1e-8)).toBe(true);
    expect(await num(page, 'nobs')).toBe(200);
    await finish(page, errors, 'regress');
  });
});
