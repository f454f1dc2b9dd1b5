import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright';
import { expect } from 'vitest';
import { REPO_ROOT } from './cli.js';

export const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');
export const DOCS_SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
/** Set to refresh docs/screenshots (the README's pictures) from this run. */
export const UPDATE_DOCS = process.env.GEMGATE_UPDATE_SCREENSHOTS === '1';

/** Saves a full-page picture under test-results/, and under docs/screenshots/ when asked to. */
export async function shot(
  page: Page,
  name: string,
  options: { docs?: boolean; fullPage?: boolean } = {},
): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  // A dialog stands over the window, not the page: its picture is the window's.
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  if (UPDATE_DOCS && options.docs !== false) {
    fs.mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    fs.copyFileSync(file, path.join(DOCS_SCREENSHOTS, `${name}.png`));
  }
}

/**
 * Goes to a page as its user would: through the menu, which on a phone sits behind a button. Then
 * the page has its heading, its own window title, and nothing wider than the window.
 */
export async function goTo(page: Page, title: string): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation').getByRole('link', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await expect.poll(() => page.title()).toBe(`${title} · gemgate`);
  await expectNoSidewaysScroll(page);
}

/** The page is no wider than the window: nothing makes it scroll sideways. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll, `page ${page.url()} is ${scroll}px wide in a ${inner}px window`).toBeLessThanOrEqual(inner);
}

/**
 * Every URL shown (code.url) wraps, if at all, right after a slash: never inside its host or port.
 * Finds each line break by where consecutive characters land.
 */
export async function expectUrlsUnbroken(page: Page): Promise<void> {
  const breaks = await page.evaluate(() => {
    const found: string[] = [];
    for (const element of document.querySelectorAll('code.url')) {
      const text = element.textContent ?? '';
      const range = document.createRange();
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      const chars: Array<{ char: string; top: number }> = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < (node.textContent ?? '').length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getBoundingClientRect();
          if (rect.width > 0) chars.push({ char: node.textContent![i]!, top: Math.round(rect.top) });
        }
      }
      for (let i = 1; i < chars.length; i++) {
        if (chars[i]!.top > chars[i - 1]!.top + 2 && chars[i - 1]!.char !== '/')
          found.push(`${text} after "${chars[i - 1]!.char}"`);
      }
    }
    return found;
  });
  expect(breaks).toEqual([]);
}

/** Collects what the page logs as errors, and every admin API answer body, for checks at the end. */
export function watch(page: Page): {
  consoleErrors: string[];
  adminBodies: () => Promise<Array<{ url: string; body: string }>>;
} {
  const consoleErrors: string[] = [];
  const bodies: Array<{ url: string; body: string }> = [];
  const pending: Array<Promise<unknown>> = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (!response.url().includes('/admin/api/') || response.url().endsWith('/events/stream')) return;
    pending.push(
      response
        .text()
        .then((body) => bodies.push({ url: response.url(), body }))
        .catch(() => undefined),
    );
  });
  return {
    consoleErrors,
    adminBodies: async () => {
      await Promise.all(pending);
      return bodies;
    },
  };
}
