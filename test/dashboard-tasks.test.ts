import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, CHROMIUM, launchChromium } from './support/browser.js';
import { startDashboardScenario, type DashboardScenario } from './support/dashboardScenario.js';
import { startOpenAIEmulator, type OpenAIEmulator } from './emulator-openai/index.js';
import {
  expectNoSidewaysScroll,
  expectUrlsUnbroken,
  goTo,
  SCREENSHOTS,
  shot,
  watch,
} from './support/dashboardPage.js';
import { PAGES } from '../renderer/routes.js';

const KEY_IN_CLEAR = /AIza[0-9A-Za-z_-]{35}/;
const INTERNAL_ID = /\b(acc|prj|key|tok)_[a-z0-9]{6,}/;

/**
 * Issue 28's seven tasks, as a new user does them on a lived-in gateway (three Google accounts and
 * a Qwen one, four apps, a day of traffic with resumes, refusals and a project whose daily quota
 * Google reported exhausted), in real Chromium on a laptop and on a phone. Each task takes a few
 * clicks, and its answers agree with the pool's state.
 */
describe.skipIf(!chromiumAvailable).each([
  { device: 'laptop', width: 1280, height: 800, suffix: '' },
  { device: 'phone', width: 390, height: 844, suffix: '-phone' },
])('the seven tasks on a $device ($width×$height)', ({ device, width, height, suffix }) => {
  let s: DashboardScenario;
  let qwen2: OpenAIEmulator;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let page: Page;
  let watched: ReturnType<typeof watch>;
  const laptop = device === 'laptop';
  const picture = (name: string, fullPage = true) =>
    shot(page, `${name}${suffix}`, {
      docs: laptop || ['overview', 'keys', 'usage'].includes(name),
      fullPage,
    });

  beforeAll(async () => {
    s = await startDashboardScenario();
    qwen2 = await startOpenAIEmulator();
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width, height });
    watched = watch(page);
    await page.goto(s.serve.loginUrl);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await qwen2?.close();
    await s?.close();
  });

  const gemini = (token: string, model: string, prompt: string) =>
    fetch(`${s.serve.url}/v1beta/models/${model}:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': token, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: prompt }] }] }),
    });

  it(
    `sees which keys are healthy, how much quota is left today and when it resets (${CHROMIUM})`,
    { timeout: 60_000 },
    async () => {
      await goTo(page, 'Overview');
      const pro = page.getByTestId('pool-quota').locator(`tr[data-model="${s.exhausted.model}"]`);
      await pro.waitFor();
      // The project Google called exhausted carries nothing more today; the others do.
      await pro.getByText('used up today').waitFor();
      expect(await pro.textContent()).toMatch(/work \(work-prod\) used up today/);
      expect(await pro.textContent()).toMatch(/\(in \d+ h( \d+ min)?\)/);
      expect(await pro.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      const leftOnOverview = Number((await pro.getByTestId('left-today').textContent())!.replace(/,/g, ''));
      await picture('overview');

      // The same reading in each project's detail: the exhausted day bar is full, and they add up.
      await goTo(page, 'Accounts & keys');
      const workProd = page.getByRole('region', { name: `Project ${s.exhausted.project}` });
      await workProd.getByText(`${s.exhausted.model}: back`).waitFor();
      expect(await workProd.locator('tr[data-key-id]').first().textContent()).toMatch(/partly resting/);
      for (const summary of await page.locator('details.quota-details > summary').all())
        await summary.click();
      const exhaustedBar = workProd.getByRole('meter', {
        name: new RegExp(`^Requests today, ${s.exhausted.model}`),
      });
      expect(await exhaustedBar.getAttribute('aria-label')).toMatch(
        new RegExp(`: ${s.exhausted.limit} (of ${s.exhausted.limit}|counted) · used up for today$`),
      );
      const proBars = page.getByRole('meter', { name: new RegExp(`^Requests today, ${s.exhausted.model}:`) });
      const left = await proBars.evaluateAll((meters) =>
        meters.reduce(
          (sum, meter) =>
            sum + Number(meter.getAttribute('aria-valuemax')) - Number(meter.getAttribute('aria-valuenow')),
          0,
        ),
      );
      expect(left).toBe(leftOnOverview);
      // A dead key's project shows no quota, and the key says why it is dead.
      const spare = page.getByRole('region', { name: /Account: spare/ });
      await spare.getByText('Not serving').waitFor();
      await spare.getByText(/Gemini refused this key \(API_KEY_INVALID\)/).waitFor();
      // Keys that served say so: none of the pool's working keys reads "not checked yet".
      for (const row of await page.locator('tr[data-key-id]').all()) {
        if ((await row.textContent())!.includes('active'))
          expect(await row.textContent()).not.toMatch(/not checked yet/);
      }
      await picture('keys');
    },
  );

  it('finds out why a request failed', { timeout: 60_000 }, async () => {
    const refused = await gemini(s.tokens.phone, 'gemini-2.5-pro', 'pro from the phone, once more');
    expect(refused.status).toBe(403);
    const told = ((await refused.json()) as { error: { message: string } }).error.message;

    await goTo(page, 'Usage');
    const log = page.getByTestId('request-log');
    const filters = page.getByRole('form', { name: 'Filter the request log' });
    // Filters are choices of what the log holds: an app by name, never a key id typed in.
    await filters.getByLabel('App', { exact: true }).selectOption({ label: 'phone' });
    await filters.getByLabel('Outcome', { exact: true }).selectOption({ label: 'Refused by gemgate' });
    await expect.poll(() => log.locator('tbody tr').count()).toBe(3);
    await log.locator('tbody tr').first().getByText(told).waitFor();
    await log.locator('tbody tr').first().getByRole('button').click();
    const detail = page.getByRole('dialog');
    await expect.poll(() => detail.getByTestId('client-message').textContent()).toBe(`HTTP 403: ${told}`);
    await detail.getByText('None: gemgate answered without calling Google.').waitFor();
    await expectNoSidewaysScroll(page);
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });

    // A request every key answered with a 429: each key tried, its project and what it answered.
    await filters.getByLabel('App', { exact: true }).selectOption({ label: 'All apps' });
    await filters.getByLabel('Outcome', { exact: true }).selectOption({ label: 'Did not succeed' });
    await filters.getByLabel('Model', { exact: true }).selectOption('gemini-2.5-flash-lite');
    await expect.poll(() => log.locator('tbody tr').count()).toBe(1);
    await log.locator('tbody tr').first().getByRole('button').click();
    const tried = detail.locator('li.attempt[data-mode="failover"]');
    await expect.poll(() => tried.count()).toBe(3);
    expect(await tried.first().textContent()).toMatch(/HTTP 429: rate-limited/);
    expect(await detail.textContent()).toMatch(/account personal/);
    expect(await detail.textContent()).not.toMatch(INTERNAL_ID);
    await picture('request-detail', false);
    await detail.getByRole('button', { name: 'Close' }).click();

    // A stream cut and resumed: the first call's cut, the continuation that finished it.
    await filters.getByLabel('Outcome', { exact: true }).selectOption({ label: 'All' });
    await filters.getByLabel('Model', { exact: true }).selectOption('gemini-2.5-flash');
    await log.locator('tbody tr').filter({ hasText: 'resumed' }).first().getByRole('button').click();
    await detail
      .locator('li.attempt[data-mode="continue"]')
      .getByText('Resumed: continued the cut answer')
      .waitFor();
    expect(await detail.locator('li.attempt[data-mode="first"]').textContent()).toMatch(/Stopped short: /);
    await detail.getByRole('button', { name: 'Close' }).click();

    // The log pages back past its first 50 requests, to the very first one.
    await filters.getByLabel('Model', { exact: true }).selectOption({ label: 'All models' });
    await expect.poll(() => log.locator('tbody tr').count()).toBe(50);
    await page.getByRole('button', { name: 'Show 50 older requests' }).click();
    await page.getByText(/requests shown; that is all\./).waitFor();
    expect(await log.locator('tbody tr').count()).toBeGreaterThan(70);
  });

  it("sees this week's spending per app and per model", { timeout: 60_000 }, async () => {
    await goTo(page, 'Usage');
    expect(
      await page
        .getByRole('group', { name: 'Period' })
        .getByRole('button', { name: '7 days' })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    await page.getByRole('group', { name: 'Group by' }).getByRole('button', { name: 'App × model' }).click();
    const table = page.getByTestId('usage-table');
    // By text, not by name: a phone's stacked table puts each column's heading into the cells' names.
    const row = (label: string) =>
      table.locator('tbody tr').filter({ has: page.getByText(label, { exact: true }) });
    await row('cherry-studio · gemini-2.5-pro').waitFor();
    expect(
      await row('cherry-studio · gemini-2.5-pro').locator('td[data-label="Cost"]').textContent(),
    ).toMatch(/^\$\d/);
    // A model without a price says so instead of $0.00; embeddings report no tokens, not zero.
    expect(await row('notes-app · qwen-plus').locator('td[data-label="Cost"]').textContent()).toBe(
      'no price',
    );
    expect(
      await row('notes-app · gemini-embedding-001').locator('td[data-label="Input tokens"]').textContent(),
    ).toBe('not reported');
    await picture('usage');

    // Every model is named in the chart, the costliest first: none is dropped from a crowded axis.
    await page.getByRole('group', { name: 'Group by' }).getByRole('button', { name: 'By model' }).click();
    await page.getByRole('group', { name: 'Metric' }).getByRole('button', { name: 'Cost' }).click();
    const chart = page.getByTestId('usage-chart');
    await chart.locator('.recharts-bar-rectangle').first().waitFor();
    for (const label of await table.locator('tbody th').allTextContents()) {
      await chart.getByText(label, { exact: true }).first().waitFor();
    }

    // The values as a file.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^gemgate-usage-model-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const file = path.join(SCREENSHOTS, `usage${suffix}.csv`);
    await download.saveAs(file);
    const csv = fs.readFileSync(file, 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      'model,requests,errors,input_tokens,output_tokens,thinking_tokens,cost_usd,requests_without_price',
    );
    expect(csv.some((line) => /^gemini-2\.5-pro,1\d,/.test(line))).toBe(true);
    expect(csv.find((line) => line.startsWith('qwen-plus,'))).toMatch(/,,3$/);

    // Other periods: today holds the same day; a custom day with no traffic holds none.
    await page.getByRole('group', { name: 'Period' }).getByRole('button', { name: 'Today' }).click();
    await page
      .getByTestId('usage-period')
      .getByText(/^\d{4}-\d{2}-\d{2}, local days$/)
      .waitFor();
    await page.getByRole('group', { name: 'Period' }).getByRole('button', { name: 'Custom' }).click();
    await page.getByLabel('From', { exact: true }).fill('2025-01-01');
    await page.getByLabel('To', { exact: true }).fill('2025-01-07');
    await page.getByText('No requests in this period.').waitFor();
    await page.getByRole('group', { name: 'Period' }).getByRole('button', { name: '7 days' }).click();
  });

  it('gives the phone a token limited to one model', { timeout: 60_000 }, async () => {
    await goTo(page, 'Clients');
    const form = page.getByRole('form', { name: 'Create a token' });
    await form.getByLabel('Name (who uses it)').fill('tablet');
    await form.getByText('Limits for this token (optional)').click();
    // The model is picked from those the pool serves, not typed.
    await form
      .getByRole('group', { name: 'gemini models' })
      .getByLabel('gemini-2.5-flash', { exact: true })
      .check();
    await form.getByLabel('Spend per day (USD)').fill('2');
    await form.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent())!;
    const item = page.getByRole('listitem', { name: 'Token tablet' });
    await item.getByText('Limits: models gemini-2.5-flash; $2/day').waitFor();

    // On request, QR codes carry the base URL and the token, for ChatBox on the phone.
    await page.getByRole('button', { name: 'Show as QR codes for a phone' }).click();
    expect(
      await page.getByRole('img', { name: 'QR code of the new token' }).getAttribute('data-qr-text'),
    ).toBe(token);
    expect(
      await page.getByRole('img', { name: /^QR code of the API host/ }).getAttribute('data-qr-text'),
    ).toBe(`${s.serve.url}/v1`);
    await page.getByText(/listens on 127\.0\.0\.1 only/).waitFor();
    await expectNoSidewaysScroll(page);
    await picture('clients-new-token');
    await page.getByRole('button', { name: 'Done, hide it' }).click();

    expect((await gemini(token, 'gemini-2.5-pro', 'not allowed')).status).toBe(403);
    expect((await gemini(token, 'gemini-2.5-flash', 'allowed')).status).toBe(200);
    // What it spent, against its limit, follows without a reload.
    const spent = item.getByRole('meter', { name: /^tablet spent today: \$0\.\d+ of \$2\.00$/ });
    await expect
      .poll(async () => Number(await spent.getAttribute('aria-valuenow')), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await picture('clients');
  });

  it('adds keys of two accounts', { timeout: 60_000 }, async () => {
    const home = [s.emulator.newKey(), s.emulator.newKey()];
    const refused = s.emulator.newKey();
    s.emulator.setKeyState(refused, 'invalid');
    const lab = [s.emulator.newKey(), s.emulator.newKey()];
    s.secrets.push(...home, refused, ...lab);
    await goTo(page, 'Accounts & keys');
    const form = page.getByRole('form', { name: 'Add keys' });
    await form.getByLabel('Account').fill(`home-${device}`);
    // One already in the pool, one Google refuses: each is named; the others are added.
    await form
      .getByLabel('Gemini API keys, one a line')
      .fill([home[0], s.secrets[0], refused, home[1]].join('\n'));
    await form.getByRole('button', { name: 'Check and add 4 keys' }).click();
    const result = page.getByRole('status', { name: 'Added keys' });
    await result.getByText('Added 2 of 4 keys.').waitFor();
    await result.getByText('not added: already here').waitFor();
    await result.getByText('not added: refused').waitFor();
    expect(await result.getByText('added, works').count()).toBe(2);

    // The second account: a backup one, its keys in one Google Cloud project.
    await form.getByLabel('Account').fill(`lab-${device}`);
    await form.getByLabel('Tier').selectOption('backup');
    await form.getByLabel(/Google Cloud project id/).fill(`lab-project-${device}`);
    await form.getByLabel('Gemini API keys, one a line').fill(lab.join('\n'));
    await form.getByRole('button', { name: 'Check and add 2 keys' }).click();
    await result.getByText('Added 2 of 2 keys.').waitFor();
    // Nothing carries over unseen to the next add.
    expect(await form.getByLabel('Tier').inputValue()).toBe('primary');
    expect(await form.locator('select[name="provider"]').inputValue()).toBe('gemini');
    expect(await form.getByLabel('Account').inputValue()).toBe('');
    const card = page.getByRole('region', { name: `Account: lab-${device}` });
    await card.getByText(`Project lab-project-${device}`).waitFor();
    expect(await card.getByLabel('Tier').inputValue()).toBe('backup');
    expect(await card.locator('tr[data-key-id]').count()).toBe(2);
    for (const row of await card.locator('tr[data-key-id]').all())
      expect(await row.textContent()).toMatch(/checked \d+ s ago/);
    await expectNoSidewaysScroll(page);
    await picture('keys-added');
  });

  it('adds Qwen', { timeout: 60_000 }, async () => {
    await goTo(page, 'Accounts & keys');
    const providerForm = page.getByRole('form', { name: 'Add a provider' });
    await providerForm.getByLabel('Name').fill(`dashscope-${device}`);
    await providerForm.getByLabel('Base URL or preset').fill(qwen2.baseUrl);
    await providerForm.getByRole('button', { name: 'Add provider' }).click();
    const providerRow = page.locator(`tr[data-provider="dashscope-${device}"]`);
    await providerRow.getByText('listed when its first key is added').waitFor();
    const key = qwen2.newKey();
    s.secrets.push(key);
    const form = page.getByRole('form', { name: 'Add keys' });
    await form.locator('select[name="provider"]').selectOption(`dashscope-${device}`);
    await form.getByLabel('Account').fill(`aliyun-${device}`);
    await form.getByLabel(`dashscope-${device} API keys, one a line`).fill(key);
    await form.getByRole('button', { name: 'Check and add' }).click();
    await page.getByRole('status', { name: 'Added keys' }).getByText('added, works').waitFor();
    await providerRow.getByText('1/1 active').waitFor();
    await providerRow.getByText(/qwen-plus/).waitFor();
    await expectNoSidewaysScroll(page);
    await expectUrlsUnbroken(page);
    await picture('providers');
  });

  it('backs up and restores', { timeout: 60_000 }, async () => {
    await goTo(page, 'Backup');
    await page.getByLabel('Passphrase for the backup').fill('a long passphrase');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export backup' }).click(),
    ]);
    const file = path.join(SCREENSHOTS, `backup${suffix}.json`);
    await download.saveAs(file);
    for (const secret of s.secrets) expect(fs.readFileSync(file, 'utf8')).not.toContain(secret);

    // Something made after the backup: replacing everything with it would remove this.
    await goTo(page, 'Clients');
    const form = page.getByRole('form', { name: 'Create a token' });
    await form.getByLabel('Name (who uses it)').fill('made-after-the-backup');
    await form.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('button', { name: 'Done, hide it' }).click();

    await goTo(page, 'Backup');
    await page.getByLabel('Backup file').setInputFiles(file);
    await page.getByLabel('Passphrase of the backup').fill('a long passphrase');
    await page.getByLabel(/^Replace:/).check();
    await page.getByLabel('Only list the changes').uncheck();
    const replace = page.getByRole('button', { name: 'Replace everything…' });
    expect(await replace.getAttribute('class')).toContain('button-danger-strong');
    await replace.click();
    // One click replaces nothing: it asks, in red, naming what it removes as a person knows it.
    const confirm = page.getByRole('alertdialog', { name: 'Confirm replace' });
    await confirm.getByText('remove').first().waitFor();
    expect(await confirm.textContent()).toMatch(/remove token made-after-the-backup/);
    expect(await confirm.textContent()).not.toMatch(INTERNAL_ID);
    await expectNoSidewaysScroll(page);
    await picture('backup-replace');
    await confirm.getByRole('button', { name: 'Yes, replace everything' }).click();
    await page.getByText('Backup restored.').waitFor();
    fs.rmSync(file);
    await goTo(page, 'Clients');
    await page.getByRole('listitem', { name: 'Token tablet' }).waitFor();
    expect(await page.getByRole('listitem', { name: 'Token made-after-the-backup' }).count()).toBe(0);
  });

  it(
    'every page has its own title, fits the window, keeps URLs whole, and never shows a key',
    { timeout: 60_000 },
    async () => {
      for (const { title } of PAGES) {
        await goTo(page, title);
        await page.waitForTimeout(300);
        await expectNoSidewaysScroll(page);
        await expectUrlsUnbroken(page);
      }
      await goTo(page, 'Alerts');
      await page.getByText('A project used up its daily quota').waitFor();
      expect(await page.locator('.events').textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      expect(await page.locator('.events').textContent()).not.toMatch(INTERNAL_ID);
      await picture('alerts');
      await goTo(page, 'Settings');
      await page.getByLabel(/^Silence before a stream counts as stalled/).waitFor();
      await picture('settings');

      for (const { url, body } of await watched.adminBodies()) {
        for (const secret of s.secrets) expect(body, url).not.toContain(secret);
        expect(body, url).not.toMatch(KEY_IN_CLEAR);
      }
      expect(watched.consoleErrors).toEqual([]);
    },
  );
});
