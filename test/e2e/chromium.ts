// Headless Chromium (Debian's package) for the browser tests, driven by playwright-core.
// Missing Chromium fails the test under CI=true and skips it elsewhere, with the install command.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import type { Test } from 'tap';
import { toolMissing } from './tools.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser tests cannot run, or false (a failure of `t` under CI=true). */
export function chromiumMissing(t: Test): string | false {
  return toolMissing(t, CHROMIUM_PATH, INSTALL_COMMAND);
}

export interface Browsing {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions of the page and its frames. */
  errors: string[];
  /** Requests to anything but the given origins (pages must load nothing from elsewhere). */
  foreign: string[];
}

/** A fresh Chromium profile for one test; closed on teardown. */
export async function openChromium(t: Test, allowedOrigins: string[]): Promise<Browsing> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'bu-mock-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  t.teardown(async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  context.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('about:')) return;
    if (!allowedOrigins.some((origin) => url.startsWith(`${origin}/`) || url === origin)) foreign.push(url);
  });
  return { context, page, errors, foreign };
}
