import os from 'node:os';
import type { BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { startDashboardScenario, type DashboardScenario } from './support/dashboardScenario.js';
import { expectNoSidewaysScroll, goTo, shot, watch } from './support/dashboardPage.js';

/**
 * The dashboard when gemgate goes away: it never blanks, says plainly that what it shows is old,
 * loads a part it could not fetch once it can, and when gemgate returns (restarted, so the session
 * is gone) asks to sign in again and says how. In real Chromium, laptop and phone widths.
 */
describe.skipIf(!chromiumAvailable).each([
  { device: 'laptop', width: 1280, height: 800 },
  { device: 'phone', width: 390, height: 844 },
])('the dashboard without gemgate, on a $device', ({ device, width, height }) => {
  let s: DashboardScenario;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let page: Page;
  let watched: ReturnType<typeof watch>;

  beforeAll(async () => {
    s = await startDashboardScenario({ traffic: false });
    for (let i = 0; i < 3; i++) {
      await fetch(`${s.serve.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
        method: 'POST',
        headers: { 'x-goog-api-key': s.tokens.cherry, 'content-type': 'application/json' },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: `hello ${i}` }] }] }),
      }).then((response) => response.text());
    }
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width, height });
    watched = watch(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('shows the rest of a page while a part cannot be fetched, and loads it when it can', async () => {
    let refuse = true;
    await page.route('**/assets/UsageCharts-*.js', (route) =>
      refuse ? route.abort('connectionrefused') : route.continue(),
    );
    await page.goto(s.serve.loginUrl);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await goTo(page, 'Usage');
    await page.getByText('The chart could not be loaded: gemgate did not answer.').waitFor();
    // Everything but the chart is there: the figures and their table.
    await page.getByTestId('usage-table').waitFor();
    refuse = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('usage-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await page.unroute('**/assets/UsageCharts-*.js');
  });

  it('never goes blank while gemgate is stopped, and says what it shows is old', async () => {
    await goTo(page, 'Overview');
    await page.getByTestId('today-requests').getByText('3').waitFor();
    await page.locator('.live-on').waitFor({ state: 'attached' });
    await s.serve.stop();

    const offline = page.getByRole('alert').filter({ hasText: 'gemgate is not reachable.' });
    await offline.waitFor({ timeout: 15_000 });
    expect(await offline.textContent()).toMatch(/What you see is from \d/);
    // What was loaded stays on screen, marked as old.
    expect(await page.getByTestId('today-requests').textContent()).toBe('3');
    // Pages not opened before still open, with their heading and a word on what is missing.
    for (const title of ['Accounts & keys', 'Clients', 'Usage']) {
      await goTo(page, title);
      await offline.waitFor();
      expect((await page.locator('main').innerText()).length).toBeGreaterThan(100);
    }
    await page.getByText('Not loaded: waiting for gemgate to answer.').first().waitFor();
    await expectNoSidewaysScroll(page);
    await shot(page, `offline-${device}`, { docs: device === 'laptop' });
  });

  it('asks to sign in again, and says how, once a restarted gemgate has forgotten the session', async () => {
    await s.restart();
    const signIn = page.getByRole('heading', { level: 1, name: 'Sign in to gemgate' });
    await signIn.waitFor({ timeout: 20_000 });
    await page.getByText(/You need to sign in again: gemgate was restarted/).waitFor();
    await page.getByText(/Open the one-time link that gemgate serve printed in its terminal/).waitFor();
    expect(await page.title()).toBe('Sign in · gemgate');
    // The new link gets the user back in, to live data.
    await page.goto(s.serve.loginUrl);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByTestId('today-requests').getByText('3').waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'gemgate is not reachable.' }).count()).toBe(0);

    // Only failed fetches while gemgate was away, and the chart refused on purpose, were logged.
    const unexpected = watched.consoleErrors.filter(
      (line) =>
        !/net::ERR_CONNECTION_REFUSED|Failed to fetch dynamically imported module|Failed to load resource|status of 401/.test(
          line,
        ),
    );
    expect(unexpected).toEqual([]);
  });
});

/**
 * Listening beyond loopback (`--host 0.0.0.0`), the overview shows the address a phone on the same
 * network uses, and a QR code of it.
 */
describe.skipIf(!chromiumAvailable)('the phone set-up on a gateway that listens on the network', () => {
  let s: DashboardScenario;
  let browser: { context: BrowserContext; close: () => Promise<void> };

  beforeAll(async () => {
    s = await startDashboardScenario({ traffic: false, serveArgs: ['--host', '0.0.0.0'] });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('shows its LAN address and a QR code carrying the base URL', async () => {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 390, height: 844 });
    const port = new URL(s.serve.url).port;
    // Signed in through loopback, as on the computer itself.
    await page.goto(s.serve.loginUrl.replace(/\/\/[^/:]+:/, '//127.0.0.1:'));
    await page
      .getByRole('heading', { level: 1, name: 'Overview' })
      .waitFor({ timeout: 5000 })
      .catch(async (error) => {
        throw new Error(`${s.serve.loginUrl} -> ${page.url()}: ${await page.locator('body').innerText()}`, {
          cause: error,
        });
      });
    const card = page.getByRole('region', { name: 'Use it from your phone' });
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .filter((entry) => entry && entry.family === 'IPv4' && !entry.internal)
      .map((entry) => entry!.address);
    if (lan.length === 0) {
      await card.getByText(/Only this computer can reach gemgate now/).waitFor();
      return;
    }
    const base = `http://${lan[0]}:${port}/v1`;
    expect(await card.getByRole('img', { name: `QR code of ${base}` }).getAttribute('data-qr-text')).toBe(
      base,
    );
    await card.getByText(base).waitFor();
    await expectNoSidewaysScroll(page);
    await shot(page, 'overview-lan-phone', { docs: false });
  });
});
