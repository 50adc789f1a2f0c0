// The report pages in a real browser (the system Chromium, as the PDF is printed): with markup in
// names, emails, tenants, the review's name and comments, no script runs, no element is injected and
// nothing is fetched; a big table shows a page at a time, Next and the filter work; and screenshots
// of the page in light and dark for a person to look at (REPORT_SHOTS=DIR keeps them).
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium';
import { BIG_TABLE, PAGE_ROWS } from '../../shared/reports/html';
import { big, crafted } from './support';

const found = fs.existsSync(CHROMIUM_PATH);
if (!found) console.log(`tests/reports/chromium.test.ts: skipped, no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);

let browser: Browser;
beforeAll(async () => {
  if (found) browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});
afterAll(async () => browser?.close());

/** The page in a browser that refuses and records every request, with what ran and what the console said. */
async function open(html: string, colorScheme: 'light' | 'dark' = 'light') {
  const page = await browser.newPage({ colorScheme, viewport: { width: 1100, height: 900 } });
  const requests: string[] = [];
  const violations: string[] = [];
  await page.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.setContent(html, { waitUntil: 'load' });
  return { page, requests, violations };
}

const shots = process.env.REPORT_SHOTS;
async function shoot(page: Page, name: string) {
  if (shots) await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: false });
}

describe.skipIf(!found)('report pages in Chromium', () => {
  it('markup from the import stays text: no script runs, no element is injected, nothing is fetched', async () => {
    const setup = await crafted();
    try {
      for (const type of ['access-review', 'who-can', 'findings'] as const) {
        const { text } = await setup.service.report({ type, format: 'html' });
        const { page, requests, violations } = await open(text);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), type).toBeUndefined();
        expect(await page.locator('img, svg, iframe, b, i, script:not([type="application/json"])').count(), type).toBe(0);
        expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toMatch(/^default-src 'none'/);
        expect(requests, type).toEqual([]);
        expect(violations, type).toEqual([]);
        if (type === 'access-review') {
          await expect.poll(() => page.getByText('<img src=x onerror="window.__pwned=1">').first().isVisible()).toBe(true);
          await expect.poll(() => page.getByText("o'neil&co@evil.example").first().isVisible()).toBe(true);
          await shoot(page, 'crafted-light');
        }
        await page.close();
      }
    } finally {
      setup.close();
    }
  });

  it('a big table shows a page at a time: Next shows the second page, the filter narrows it; the script is allowed by its hash', async () => {
    const setup = await big(BIG_TABLE + 500);
    try {
      const { text } = await setup.service.report({ type: 'access-review', format: 'html' });
      for (const scheme of ['light', 'dark'] as const) {
        const { page, requests, violations } = await open(text, scheme);
        const items = page.locator('#items');
        const status = items.locator('.status');
        await expect.poll(() => status.textContent()).toBe(`Rows 1–${PAGE_ROWS} of ${(BIG_TABLE + 500).toLocaleString('en-US')}`);
        expect(await items.locator('tbody tr').count()).toBe(PAGE_ROWS);
        expect(await items.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe('person00000@big.example\nPerson 0');
        await items.getByRole('button', { name: 'Next' }).click();
        expect(await status.textContent()).toBe(`Rows ${PAGE_ROWS + 1}–${2 * PAGE_ROWS} of 2,500`);
        expect(await items.locator('tbody tr').first().locator('td').first().textContent()).toBe(String(PAGE_ROWS + 1));
        await items.getByRole('searchbox').fill('person0123');
        expect(await status.textContent()).toBe('Rows 1–10 of 10 matching (of 2,500)');
        expect(await items.locator('tbody tr').count()).toBe(10);
        await items.getByRole('searchbox').fill('nobody at all');
        expect(await status.textContent()).toBe('No row matches.');
        await items.getByRole('searchbox').fill('');
        expect(requests).toEqual([]);
        expect(violations).toEqual([]);
        await page.locator('#items').scrollIntoViewIfNeeded();
        await shoot(page, `big-${scheme}`);
        await page.evaluate(() => window.scrollTo(0, 0));
        await shoot(page, `top-${scheme}`);
        await page.close();
      }
    } finally {
      setup.close();
    }
  });
});
