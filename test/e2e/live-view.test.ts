// What a person sees in a browser: the live view embedded in an iframe of another origin following a
// run as the manual clock moves, the inspector, and the API docs. Runs in Debian's headless Chromium.
import t from 'tap';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BrowserUse } from 'browser-use-sdk/v3';
import type { Frame } from 'playwright-core';
import type { Test } from 'tap';
import { startTestServer } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';
import { chromiumMissing, openChromium } from './chromium.js';

const TASK = 'Find the best-rated wireless mouse under $50 on amazon.com';
const TITLE = 'Find the best-rated wireless mouse under $50 on';
/** Wall-clock limit for the page to pick up a change (it polls every second; generous for busy machines). */
const PAGE_WAIT = 30_000;

/** A page on another local origin (localhost vs 127.0.0.1, another port) embedding `liveUrl`. */
async function hostPage(t: Test, liveUrl: string): Promise<string> {
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(`<!doctype html><html><head><title>My app</title><link rel="icon" href="data:,"></head><body><h1>My app</h1><iframe id="live" src="${liveUrl}" width="1200" height="680" style="border:0"></iframe></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}
async function stepsDone(s: TestServer, client: BrowserUse, id: string, steps: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (((await client.sessions.get(id)).stepCount ?? 0) >= steps) return;
    s.advance(250);
  }
  throw new Error(`no ${steps} steps`);
}

const text = (frame: Frame, id: string): Promise<string> => frame.locator(`#${id}`).innerText();

// The few DOM shapes the page-side functions use: the test compilation has no DOM types. Playwright
// runs these functions inside the page, where `document` is the real one (the pages' CSP forbids eval,
// so conditions cannot be passed as strings).
interface PageElement {
  textContent: string | null;
  hidden: boolean;
  complete?: boolean;
  naturalWidth?: number;
  getAttribute(name: string): string | null;
}
declare const document: { getElementById(id: string): PageElement | null; querySelector(selector: string): PageElement | null };

const textIs = ([id, value]: [string, string]): boolean => document.getElementById(id)?.textContent === value;
/** The screenshot has loaded (and is not `previous`). */
const shotLoaded = (previous: string | null): boolean => {
  const img = document.getElementById('shot');
  return !!img && !img.hidden && img.complete === true && (img.naturalWidth ?? 0) > 0 && img.getAttribute('src') !== previous;
};
const pillIs = ([id, value]: [string, string]): boolean => document.querySelector(`#sessions tr[data-id="${id}"] .pill`)?.textContent === value;

const missing = chromiumMissing(t);

t.test('the live view in a cross-origin iframe follows the run', { skip: missing }, async (t) => {
  const s = await startTestServer(t);
  const client = new BrowserUse({ apiKey: 'ui-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const session = await client.sessions.create({ task: TASK, enableRecording: true });
  await stepsDone(s, client, session.id, 1);
  const liveUrl = session.liveUrl ?? '';
  const host = await hostPage(t, liveUrl);
  t.not(new URL(host).origin, new URL(liveUrl).origin, 'the embedding page is another origin');

  const { page, errors, foreign } = await openChromium(t, [host, s.url]);
  await page.goto(host);
  const frame = await (await page.waitForSelector('#live')).contentFrame();
  if (!frame) throw new Error('the iframe has no frame');
  await frame.waitForSelector('#title');
  t.equal(await text(frame, 'title'), TITLE);
  t.equal((await text(frame, 'status')).toLowerCase(), 'running');
  const api = await client.sessions.get(session.id);
  t.equal(await text(frame, 'step'), `Step ${api.stepCount} · ${api.lastStepSummary}`);
  await frame.waitForFunction(shotLoaded, null, { timeout: PAGE_WAIT });
  t.equal(await frame.evaluate<number>("document.getElementById('shot').naturalWidth"), 1024, 'the screenshot loaded');
  const firstShot = (await frame.locator('#shot').getAttribute('src')) ?? '';
  t.match(await text(frame, 'log'), /Opening amazon\.com/);

  // Move the simulated clock: the page notices on its next poll, without a reload.
  await stepsDone(s, client, session.id, 3);
  const now = await client.sessions.get(session.id);
  const expected = `Step ${now.stepCount} · ${now.lastStepSummary}`;
  t.not(await text(frame, 'step'), '', 'a step is shown');
  await frame.waitForFunction(textIs, ['step', expected] as [string, string], { timeout: PAGE_WAIT });
  t.equal(await text(frame, 'step'), expected, 'the step text follows the clock');
  await frame.waitForFunction(shotLoaded, firstShot, { timeout: PAGE_WAIT });
  t.pass('a new screenshot replaced the first one');
  t.equal(await frame.evaluate<number>("performance.getEntriesByType('navigation').length"), 1, 'no reload happened');

  // To the end of the run.
  for (let i = 0; i < 200 && (await client.sessions.get(session.id)).status === 'running'; i++) s.advance(1000);
  await frame.waitForFunction(textIs, ['status', 'stopped'] as [string, string], { timeout: PAGE_WAIT });
  await frame.waitForSelector('#result:not([hidden])', { timeout: PAGE_WAIT });
  t.match(await text(frame, 'output'), /listings on amazon\.com/);
  t.match(await frame.locator('#recording').getAttribute('href'), /\/_mock\/recordings\/.+\/0\.mp4\?X-Amz-/);
  t.match(await text(frame, 'log'), /Task completed/);

  t.same(errors, [], 'no console errors');
  t.same(foreign, [], 'nothing loaded from other hosts');
});

t.test('the inspector and the API docs render', { skip: missing }, async (t) => {
  const s = await startTestServer(t);
  const client = new BrowserUse({ apiKey: 'inspect-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const session = await client.sessions.create({ task: TASK });
  await client.sessions.get('00000000-0000-4000-8000-000000000000').catch(() => undefined);
  await stepsDone(s, client, session.id, 2);

  const { page, errors, foreign } = await openChromium(t, [s.url]);
  await page.goto(`${s.url}/_mock/ui`);
  await page.waitForSelector(`#sessions tr[data-id="${session.id}"]`, { timeout: PAGE_WAIT });
  t.match(await page.locator('#keys').innerText(), /inspect-key/);
  t.match(await page.locator('#sessions').innerText(), /running/);
  const detail = await page.locator('#detail').innerText();
  t.match(detail, new RegExp(TITLE.replace(/\$/g, '\\$')));
  t.match(detail, /Task 1/);
  t.match(detail, /Opening amazon\.com/);
  t.match(detail, /Total/);
  const journal = await page.locator('#jrows').innerText();
  t.match(journal, /POST\s+\/api\/v3\/sessions\s+200/);
  t.match(journal, /404/);

  // It refreshes itself: finish the run and wait for the table to say so.
  for (let i = 0; i < 200 && (await client.sessions.get(session.id)).status === 'running'; i++) s.advance(1000);
  await page.waitForFunction(pillIs, [session.id, 'stopped'] as [string, string], { timeout: PAGE_WAIT });
  t.pass('the inspector picked up the end of the run');
  t.match(await page.locator('#detail').innerText(), /Task completed/);

  await page.goto(`${s.url}/docs`);
  await page.waitForSelector('.opblock-summary-path', { timeout: PAGE_WAIT });
  t.match(await page.locator('.info .title').innerText(), /Browser Use Cloud API v3/);
  const paths = await page.locator('.opblock-summary-path').allInnerTexts();
  t.ok(paths.some((p) => p.includes('/sessions/{session_id}/messages')), `operations listed (${paths.length})`);

  t.same(errors, [], 'no console errors');
  t.same(foreign, [], 'nothing loaded from other hosts');
});
