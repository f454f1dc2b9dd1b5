import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator/index.js';
import { runCli, startServe, type ServeProcess } from './support/cli.js';
import { tempDataDir } from './support/dataDir.js';
import { chromiumAvailable, CHROMIUM, launchChromium } from './support/browser.js';
import { startHarness, type Harness } from './support/harness.js';
import { startOpenAIEmulator, type OpenAIEmulator } from './emulator-openai/index.js';
import { DOCS_SCREENSHOTS, SCREENSHOTS, UPDATE_DOCS, watch } from './support/dashboardPage.js';

const KEY_IN_CLEAR = /AIza[0-9A-Za-z_-]{35}/;
const DOCS_NAMES = new Set(['files', 'overview-dark', 'keys-dark', 'signin']);

/**
 * A whole dashboard session as a user has it: `gemgate serve` (file secret store) in front of the
 * emulator, real headless Chromium, sign-in through the printed link, keys pasted and checked,
 * traffic watched live, a client token created, settings changed, every page photographed. Any
 * console error fails the test, and no admin answer may hold a key in clear.
 */
describe.skipIf(!chromiumAvailable)(`dashboard in real Chromium (${CHROMIUM})`, () => {
  const data = tempDataDir('dashboard');
  const env = {
    GEMGATE_DATA_DIR: data.dir,
    GEMGATE_SECRET_STORE: 'file',
    GEMGATE_PASSPHRASE: 'dashboard test',
  };
  let emulator: Emulator;
  let qwen: OpenAIEmulator;
  let serve: ServeProcess;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let page: Page;
  let watched: ReturnType<typeof watch>;

  beforeAll(async () => {
    emulator = await startEmulator();
    qwen = await startOpenAIEmulator();
    expect((await runCli(['config', 'set', 'upstream.baseUrl', emulator.url], { env })).code).toBe(0);
    serve = await startServe([], env);
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    watched = watch(page);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    if (UPDATE_DOCS) fs.mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await emulator?.close();
    await qwen?.close();
    data.cleanup();
  });

  /**
   * This session starts from an empty gateway: docs/screenshots takes from it the pictures of files,
   * the dark theme and signing in; the lived-in gateway of dashboard-tasks.test.ts gives the rest.
   */
  const shot = async (name: string) => {
    const file = path.join(SCREENSHOTS, `session-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    if (UPDATE_DOCS && DOCS_NAMES.has(name))
      fs.copyFileSync(file, path.join(DOCS_SCREENSHOTS, `${name}.png`));
  };
  const goTo = async (title: string) => {
    // By keyboard, as a user without a mouse would: focus the link, press Enter.
    await page.getByRole('navigation').getByRole('link', { name: title }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  };
  const generate = (token: string, prompt: string) =>
    fetch(`${serve.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': token, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: prompt }] }] }),
    });

  it(
    'signs in, manages keys and tokens, follows traffic live, and never shows a key',
    { timeout: 60_000 },
    async () => {
      // Sign in through the printed one-time link; the token leaves the address bar.
      await page.goto(serve.loginUrl);
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      expect(page.url()).toBe(`${serve.url}/`);
      await page.getByText('No keys yet').waitFor();
      await page.getByText('Live', { exact: true }).waitFor();
      // The first Tab reaches the skip link, the second the first page in the menu.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Overview');

      // Paste three keys at once; one of them Gemini refuses: it is named, and not added.
      const good = [emulator.newKey(), emulator.newKey()];
      const refused = emulator.newKey();
      emulator.setKeyState(refused, 'invalid');
      const secrets = [...good, refused];
      await goTo('Accounts & keys');
      const addKeys = page.getByRole('form', { name: 'Add keys' });
      await addKeys.getByLabel('Account').fill('personal');
      await addKeys.getByLabel('Gemini API keys, one a line').fill(secrets.join('\n'));
      await addKeys.getByRole('button', { name: 'Check and add 3 keys' }).click();
      const added = page.getByRole('status', { name: 'Added keys' });
      await added.waitFor();
      await added.getByText('Added 2 of 3 keys.').waitFor();
      expect(await added.getByText('added, works').count()).toBe(2);
      await added.getByText('not added: refused').waitFor();
      await added.getByText(/Google refused it \(API_KEY_INVALID\)/).waitFor();
      expect(await addKeys.getByLabel('Gemini API keys, one a line').inputValue()).toBe('');
      await page.locator('tr[data-key-id]').nth(1).waitFor();
      expect(await page.locator('tr[data-key-id]').count()).toBe(2);
      await shot('keys-added');

      // Another provider, added on the same page, then a key of its own.
      const providerForm = page.getByRole('form', { name: 'Add a provider' });
      await providerForm.getByLabel('Name').fill('qwen');
      await providerForm.getByLabel('Base URL or preset').fill(qwen.baseUrl);
      await providerForm.getByRole('button', { name: 'Add provider' }).click();
      const qwenRow = page.locator('tr[data-provider="qwen"]');
      await qwenRow.getByText('listed when its first key is added').waitFor();
      const qwenKey = qwen.newKey();
      secrets.push(qwenKey);
      await addKeys.locator('select[name="provider"]').selectOption('qwen');
      await addKeys.locator('input[name="account"]').fill('aliyun');
      await addKeys.getByLabel('qwen API keys, one a line').fill(qwenKey);
      await addKeys.getByRole('button', { name: 'Check and add' }).click();
      await page.getByRole('status', { name: 'Added keys' }).getByText('added, works').waitFor();
      // The form starts afresh: the next paste is Gemini's again unless the user picks otherwise.
      expect(await addKeys.locator('select[name="provider"]').inputValue()).toBe('gemini');
      await qwenRow.getByText('1/1 active').waitFor();
      await qwenRow.getByText(/qwen-plus/).waitFor();
      await page.getByText('keys of this account (they share its quota)').waitFor();
      await shot('providers');

      // A client token for an app, shown once.
      await goTo('Clients');
      await page.getByLabel('Name (who uses it)').fill('cherry-studio');
      // With a policy: only gemini-2.5-flash, at most 100 requests a minute.
      await page.getByText('Limits for this token (optional)').click();
      // The models come from the pool: ticked, not typed.
      await page
        .getByRole('group', { name: 'gemini models' })
        .getByLabel('gemini-2.5-flash', { exact: true })
        .check();
      await page.getByLabel('Requests per minute').fill('100');
      await page.getByRole('button', { name: 'Create token' }).click();
      const token = (await page.getByTestId('new-token').textContent())!;
      expect(token).toMatch(/^gg-/);
      const item = page.getByRole('listitem', { name: 'Token cherry-studio' });
      await item.getByText('Limits: models gemini-2.5-flash; 100 rpm').waitFor();
      await page.getByRole('button', { name: 'Done, hide it' }).click();
      // Photographed once the token is hidden: pictures travel further than a test's data folder.
      await shot('clients');

      // Traffic through the gateway shows on the overview as it happens, pushed, not reloaded.
      await goTo('Overview');
      await page.getByText('Healthy: every key can serve').waitFor();
      for (let i = 0; i < 6; i++) expect((await generate(token, `question ${i}`)).status).toBe(200);
      await page.waitForFunction(
        () => Number(document.querySelector('[data-testid="requests-total"]')?.textContent) >= 6,
        undefined,
        { timeout: 10_000 },
      );
      expect(Number(await page.getByTestId('rps').textContent())).toBeGreaterThan(0);
      await shot('overview');

      // The per-project quota bars count those requests, and move while more arrive.
      await goTo('Accounts & keys');
      // The page lists its projects once the accounts have loaded: open each one's quota details then.
      const quotaSummaries = page.locator('details.quota-details > summary');
      await quotaSummaries.first().waitFor();
      for (const summary of await quotaSummaries.all()) await summary.click();
      const perDay = page.getByRole('meter', { name: /^Requests today/ });
      const usedToday = async () =>
        (
          await perDay.evaluateAll((meters) =>
            meters.map((meter) => Number(meter.getAttribute('aria-valuenow'))),
          )
        ).reduce((total, used) => total + used, 0);
      await expect.poll(usedToday, { timeout: 10_000 }).toBe(6);
      // 2.5 Flash's free-tier default as AI Studio shows it (proxy/pool/freeTierDefaults.ts).
      expect(await perDay.first().getAttribute('aria-valuemax')).toBe('20');
      await page
        .getByRole('meter', { name: /^Requests this minute/ })
        .first()
        .waitFor();
      for (let i = 0; i < 2; i++) expect((await generate(token, `again ${i}`)).status).toBe(200);
      await expect.poll(usedToday, { timeout: 10_000 }).toBe(8);
      await shot('keys');

      // A key that Gemini starts refusing mid-traffic: the pool drops it and an alert appears.
      emulator.setKeyState(good[0]!, 'invalid');
      for (let i = 0; i < 3; i++) expect((await generate(token, `more ${i}`)).status).toBe(200);
      await page.getByRole('navigation').getByLabel(/new/).waitFor();
      await goTo('Alerts');
      await page.getByText('A Gemini key was disabled').first().waitFor();
      await shot('alerts');

      // The policy holds: another model is refused, and the refusal is in the request log.
      const refusedCall = await fetch(`${serve.url}/v1beta/models/gemini-2.5-pro:generateContent`, {
        method: 'POST',
        headers: { 'x-goog-api-key': token, 'content-type': 'application/json' },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'pro please' }] }] }),
      });
      expect(refusedCall.status).toBe(403);

      // Usage: charts by day, model, key and client, for tokens and cost, following new requests live.
      await goTo('Usage');
      const chart = page.getByTestId('usage-chart');
      await chart.locator('.recharts-bar-rectangle').first().waitFor();
      const requestsStat = page.getByTestId('usage-requests');
      await expect.poll(async () => Number(await requestsStat.textContent()), { timeout: 10_000 }).toBe(12);
      expect((await generate(token, 'one more')).status).toBe(200);
      await expect.poll(async () => Number(await requestsStat.textContent()), { timeout: 10_000 }).toBe(13);
      await page.getByRole('button', { name: 'By model' }).click();
      await chart.getByText('gemini-2.5-flash').first().waitFor();
      await page.getByRole('button', { name: 'By app' }).click();
      await chart.getByText('cherry-studio').first().waitFor();
      await page.getByRole('button', { name: 'By key' }).click();
      await chart.getByText(/AIza…/).first().waitFor();
      await page.getByRole('button', { name: 'Cost' }).click();
      await page.getByRole('button', { name: 'By day' }).click();
      await chart.locator('.recharts-bar-rectangle').first().waitFor();
      const log = page.getByTestId('request-log');
      await expect.poll(() => log.locator('tbody tr').count(), { timeout: 10_000 }).toBe(13);
      await shot('usage');
      await page.getByLabel('Outcome').selectOption('error');
      await expect.poll(() => log.locator('tbody tr').count()).toBe(1);
      await log.getByText('gemini-2.5-pro', { exact: true }).waitFor();
      // Opened, the refusal says what the client was told, word for word.
      const told = ((await refusedCall.json()) as { error: { message: string } }).error.message;
      await log.locator('tbody tr').first().getByRole('button').click();
      const detail = page.getByRole('dialog');
      await expect.poll(() => detail.getByTestId('client-message').textContent()).toBe(`HTTP 403: ${told}`);
      await detail.getByRole('button', { name: 'Close' }).click();
      await goTo('Overview');
      await page.getByTestId('today-requests').getByText('13').waitFor();

      // A file uploaded through the gateway shows under the project that owns it, and can be deleted.
      const { GoogleGenAI } = await import('@google/genai');
      const sdk = new GoogleGenAI({ apiKey: token, httpOptions: { baseUrl: serve.url } });
      const uploaded = await sdk.files.upload({
        file: new Blob(['%PDF-1.7 quarterly figures'], { type: 'application/pdf' }),
        config: { displayName: 'report.pdf' },
      });
      await goTo('Files');
      const row = page.getByTestId('owned-resource').filter({ hasText: 'report.pdf' });
      await row.waitFor();
      await row.getByText('cherry-studio').waitFor();
      await row.getByText(uploaded.name!).waitFor();
      await shot('files');
      await row.getByRole('button', { name: 'Delete report.pdf' }).click();
      await row.getByRole('button', { name: 'Confirm delete' }).click();
      await page.getByText('Nothing uploaded or cached yet.').waitFor();
      expect(emulator.requests.at(-1)).toMatchObject({ method: 'DELETE', action: 'files.delete' });
      await expect(sdk.files.get({ name: uploaded.name! })).rejects.toThrow(/permission to access the File/);

      // Settings apply at once and are the same ones the CLI sees.
      await goTo('Settings');
      const attempts = page.getByLabel(/^Attempts per answer/);
      await attempts.fill('4');
      await page.locator('form', { has: attempts }).getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved.').waitFor();
      expect((await runCli(['config', 'get', 'resume.maxAttempts'], { env })).stdout.trim()).toBe('4');
      await page.getByRole('table').filter({ hasText: 'gemini-2.5-flash' }).first().waitFor();
      await shot('settings');

      // A backup: encrypted, downloaded by the browser, and read back (a dry run changes nothing).
      await goTo('Backup');
      await page.getByLabel('Passphrase for the backup').fill('a long passphrase');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export backup' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^gemgate-backup-\d{4}-\d{2}-\d{2}\.json$/);
      const backupFile = path.join(SCREENSHOTS, '..', 'dashboard-backup.json');
      await download.saveAs(backupFile);
      const backup = fs.readFileSync(backupFile, 'utf8');
      expect(JSON.parse(backup)).toMatchObject({ format: 'gemgate-backup', cipher: 'aes-256-gcm' });
      for (const secret of secrets) expect(backup).not.toContain(secret);
      await page.getByLabel('Backup file').setInputFiles(backupFile);
      await page.getByLabel('Passphrase of the backup').fill('a long passphrase');
      await page.getByRole('button', { name: 'List changes' }).click();
      await page.getByText('Nothing to change: everything in the backup is already here.').waitFor();
      fs.rmSync(backupFile);

      // Dark theme, by the toggle.
      await page.getByLabel('Theme').selectOption('dark');
      await goTo('Overview');
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await shot('overview-dark');
      await goTo('Accounts & keys');
      await shot('keys-dark');
      await page.getByLabel('Theme').selectOption('system');

      // Signed out, the page says how to sign in, and the old link is spent.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to gemgate' }).waitFor();
      await page.goto(serve.loginUrl);
      await page.getByText('That sign-in link was already used or has expired.').waitFor();
      await shot('signin');

      const adminBodies = await watched.adminBodies();
      expect(adminBodies.length).toBeGreaterThan(10);
      for (const { url, body } of adminBodies) {
        for (const secret of secrets) expect(body, url).not.toContain(secret);
        expect(body, url).not.toMatch(KEY_IN_CLEAR);
        expect(body, url).not.toMatch(/sk-[0-9a-f]{32}/);
      }
      expect(watched.consoleErrors).toEqual([]);
    },
  );

  it('admin API: 401 without a session, 401 with a client token', async () => {
    const created = await runCli(['tokens', 'create', 'probe', '--json'], { env });
    const { token } = JSON.parse(created.stdout) as { token: string };
    expect((await fetch(`${serve.url}/admin/api/accounts`)).status).toBe(401);
    const presented: Array<Record<string, string>> = [
      { authorization: `Bearer ${token}` },
      { 'x-goog-api-key': token },
    ];
    for (const headers of presented) {
      const response = await fetch(`${serve.url}/admin/api/accounts`, { headers });
      expect([401, 403]).toContain(response.status);
    }
    expect((await fetch(`${serve.url}/admin/api/accounts?key=${token}`)).status).toBe(401);
  });
});

/**
 * Inside the desktop app the window opens `/` with no token in the URL; the preload's bridge hands
 * the page a one-time login token, which it exchanges for its cookie. A stand-in bridge plays the
 * preload here, backed by the real Gateway API.
 */
describe.skipIf(!chromiumAvailable)('dashboard inside the desktop window', () => {
  let h: Harness;
  let browser: { context: BrowserContext; close: () => Promise<void> };

  beforeAll(async () => {
    h = await startHarness({ accounts: { laptop: { keys: 1 } } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('signs in through the bridge, without a link, and copies through it', async () => {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const copied: string[] = [];
    await page.exposeFunction('__gemgateCopy', (text: string) => copied.push(text));
    await page.exposeFunction('__gemgateLoginToken', () => h.gateway.createLoginToken());
    await page.addInitScript(() => {
      const exposed = window as unknown as {
        __gemgateCopy(text: string): Promise<void>;
        __gemgateLoginToken(): Promise<string>;
      };
      Object.defineProperty(window, 'gemgateDesktop', {
        value: Object.freeze({
          isDesktop: true,
          getLoginToken: () => exposed.__gemgateLoginToken(),
          copyToClipboard: (text: string) => exposed.__gemgateCopy(text),
          openExternal: async () => undefined,
        }),
      });
    });
    await page.goto(`${h.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('button', { name: 'Copy OpenAI endpoint' }).click();
    await page.getByRole('button', { name: 'Copied OpenAI endpoint' }).waitFor();
    expect(copied).toEqual([`${h.url}/v1`]);
    expect(errors).toEqual([]);

    // The session is lost (the gateway restarted and forgot it): the page signs in again by itself.
    await browser.context.clearCookies();
    await page.getByRole('navigation').getByRole('link', { name: 'Clients' }).click();
    await page.getByRole('listitem', { name: 'Token harness' }).waitFor();
    expect((await browser.context.cookies()).map((cookie) => cookie.name)).toEqual([
      `gemgate_session_${new URL(h.url).port}`,
    ]);
  });
});
