// The Reports view as an auditor uses it: the access review of a signed review previewed with every
// section, another report chosen and previewed, each export downloaded and read back (HTML with its
// policy, CSV with formulas neutralised, JSON that parses, a PDF printed by Chromium), and a crafted
// import whose names, emails and tenants are markup staying inert text inside the preview frame.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ReviewDetail } from '../../shared/reviews';
import type { SECTIONS as Sections } from '../../shared/reports/build';
import { FORMULA_NAMES, MARKUP } from '../reports/payloads';
import { expect, openApp, screenshotBoth, screenshotsDir, segment, test, type Host } from './fixtures';

// Loaded as the fixtures load the host (CommonJS through require): one copy of the shared modules per worker.
const { SECTIONS } = createRequire(import.meta.url)('../../shared/reports/build') as { SECTIONS: typeof Sections };

const REVIEWER = 'compliance@northwind-msp.example';

/** A review of snapshot 1 with every item kept, signed off. */
async function signedReview(host: Host, name: string) {
  await host.call('startReview', { name, reviewers: [{ reviewer: REVIEWER }], by: 'Elena Vasquez' });
  const { items } = await host.call<ReviewDetail>('review', { reviewId: 1, count: 10_000 });
  await host.call('decide', {
    reviewId: 1,
    decisions: [{ items: items.map((i) => i.number), decision: 'keep', comment: 'Confirmed with the pod leads' }],
  });
  await host.call('signOff', { reviewId: 1, name: 'Elena Vasquez', statement: 'I reviewed every item of this review.' });
}

const preview = (page: Page) => page.frameLocator('iframe.report-frame');

/** Clicks an export button and returns the downloaded file's name and bytes. */
async function exportAs(page: Page, label: string): Promise<{ name: string; bytes: Buffer }> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('group', { name: 'Export the report' }).getByRole('button', { name: label, exact: true }).click();
  const download = await downloading;
  const bytes = fs.readFileSync(await download.path());
  await expect(page.getByRole('status').filter({ hasText: `Saved ${download.suggestedFilename()}` })).toBeVisible();
  return { name: download.suggestedFilename(), bytes };
}

test('Reports: a signed review previewed with every section, another report, and each export read back', async ({ page, host }) => {
  test.setTimeout(180_000);
  await host.importSample('huntress-msp.csv', 'huntress', 'Northwind November');
  await signedReview(host, 'Q4 access review');
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page, host, 'reports');

  // The access review is the default, of the snapshot's newest review.
  await expect(page.getByRole('radio', { name: 'Access review' })).toBeChecked();
  await expect(page.getByLabel('Review', { exact: true })).toHaveValue('1');
  await expect(page.getByLabel('Review', { exact: true }).locator('option:checked')).toContainText('Q4 access review · signed off');
  const answer = await host.call<{ summary: string; title: string }>('report', { type: 'access-review', format: 'html' });
  await expect(page.getByRole('status').filter({ hasText: answer.summary })).toBeVisible();
  const frame = preview(page);
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText(answer.title);
  for (const title of Object.values(SECTIONS)) await expect(frame.getByRole('heading', { name: title, exact: true })).toBeVisible();
  await expect(frame.locator('#signoff')).toContainText('I reviewed every item of this review.');
  await expect(frame.locator('#controls')).toContainText('CC6.2');
  await screenshotBoth(page, 'reports-access-review');

  // Exports: each downloads, and holds what it should.
  const html = await exportAs(page, 'HTML');
  expect(html.name).toMatch(/\.html$/);
  expect(html.bytes.toString('utf8')).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'');
  expect(html.bytes.toString('utf8')).toContain('I reviewed every item of this review.');
  const json = await exportAs(page, 'JSON');
  const parsed = JSON.parse(json.bytes.toString('utf8')) as { type: string; review: { name: string } };
  expect(parsed.type).toBe('access-review');
  expect(parsed.review.name).toBe('Q4 access review');
  const csv = await exportAs(page, 'CSV');
  expect(csv.bytes.toString('utf8').split('\r\n')[0]).toMatch(/^snapshot_id,review_id,item,email,/);

  // A PDF: printed by the system Chromium (browser mode's printer).
  if (!fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    console.log('reports.spec.ts: no Chromium at /usr/bin/chromium (or CHROMIUM_PATH): the PDF export is not checked');
  } else {
    const pdf = await exportAs(page, 'PDF');
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-pdf-')), pdf.name);
    fs.writeFileSync(file, pdf.bytes);
    const text = spawnSync('pdftotext', ['-l', '3', file, '-'], { encoding: 'utf8' });
    if (text.status === 0) {
      expect(text.stdout).toContain(answer.title);
      expect(text.stdout).toMatch(/Page 1 of \d+/);
    } else console.log('reports.spec.ts: pdftotext is not installed; the PDF text is not checked');
    fs.mkdirSync(screenshotsDir, { recursive: true });
    spawnSync('pdftoppm', ['-png', '-r', '60', '-l', '4', file, path.join(screenshotsDir, 'reports-pdf')]);
  }

  // Another report: the preview and the address follow.
  await segment(page, 'Who can do what').click();
  await expect(page).toHaveURL(/#\/reports\?snapshot=1&report=who-can/);
  await expect(page.getByLabel('Review', { exact: true })).toHaveCount(0);
  await expect(page.getByText("Everyone's effective access in the snapshot")).toBeVisible();
  await expect(frame.getByRole('heading', { name: 'Roles and what they grant' })).toBeVisible();
  await segment(page, 'Findings').click();
  await expect(page).toHaveURL(/report=findings/);
  const findings = await host.call<{ title: string }>('report', { type: 'findings', format: 'html' });
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText(findings.title);
  await screenshotBoth(page, 'reports-findings');

  // Back returns to the who-can report, and a reload keeps the report chosen.
  await page.goBack();
  await expect(page.getByRole('radio', { name: 'Who can do what' })).toBeChecked();
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Who can do what' })).toBeChecked();
  await expect(frame.getByRole('heading', { name: 'Roles and what they grant' })).toBeVisible();
});

test('Reports: with no review the access review is the population undecided', async ({ page, host }) => {
  await host.importSample('huntress-msp.csv', 'huntress');
  await openApp(page, host, 'reports');
  await expect(page.getByLabel('Review', { exact: true })).toBeDisabled();
  await expect(page.getByLabel('Review', { exact: true }).locator('option:checked')).toHaveText('No review — the population, undecided');
  await expect(preview(page).locator('header .notes')).toContainText(/undecided/);
});

test('Reports: markup in names, emails and tenants stays text inside the preview frame', async ({ page, host }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-crafted-'));
  const csv = path.join(dir, 'crafted.csv');
  const cell = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const rows = [
    ['boss@acme.example', 'Boss', 'Admin', MARKUP.tenant, ''],
    ['ann@acme.example', MARKUP.name, 'Admin', MARKUP.tenant, 'Org <i>one</i>'],
    [MARKUP.email, 'Eve', 'User', MARKUP.tenant, 'Org <i>one</i>'],
    ...FORMULA_NAMES.map((f, i) => [`f${i}@acme.example`, f, 'User', MARKUP.tenant, `${f} org`]),
  ];
  fs.writeFileSync(csv, `email,name,role,account,organization\n${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`);
  await host.call('importFiles', { files: [await host.upload(csv)], platform: 'huntress', name: 'Crafted' });
  await host.call('startReview', { name: MARKUP.reviewName, reviewers: [{ reviewer: 'boss@acme.example' }], by: 'Boss' });

  const dialogs: string[] = [];
  page.on('dialog', (dialog) => (dialogs.push(dialog.message()), void dialog.dismiss()));
  const fromFrame: string[] = [];
  page.on('request', (request) => {
    if (request.frame() !== page.mainFrame()) fromFrame.push(request.url());
  });
  await openApp(page, host, 'reports');
  const frame = preview(page);
  // (A tenant path writes a "/" in a name as "\/".)
  const tenant = MARKUP.tenant.replace(/\//g, '\\/');
  for (const text of [MARKUP.name, tenant, MARKUP.email]) await expect(frame.locator('main')).toContainText(text);
  await expect(frame.getByRole('heading', { level: 1 })).toContainText(MARKUP.reviewName);
  await segment(page, 'Who can do what').click();
  await expect(frame.locator('main')).toContainText(MARKUP.name);
  await segment(page, 'Findings').click();
  await expect(frame.getByRole('heading', { level: 1 })).toContainText('Findings');

  // Nothing the import held became markup: no image, frame or extra script, no flag set, no dialog, no request.
  const inFrame = page.frames().find((f) => f !== page.mainFrame())!;
  expect(await inFrame.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await inFrame.locator('img, iframe, b[onmouseover], script:not([type="application/json"])').count()).toBe(0);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  // The frame is an origin of its own: the app's page is out of its reach.
  expect(await inFrame.evaluate(() => origin)).toBe('null');
  expect(dialogs).toEqual([]);
  expect(fromFrame).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('Reports: without Chromium a PDF export says how to get one, and the other exports still work', async ({ page, host }) => {
  await host.importSample('huntress-msp.csv', 'huntress');
  await openApp(page, host, 'reports');
  await expect(preview(page).getByRole('heading', { level: 1 })).toBeVisible();
  // The host runs in this process: it looks for Chromium where CHROMIUM_PATH says, here nowhere.
  const before = process.env.CHROMIUM_PATH;
  process.env.CHROMIUM_PATH = path.join(os.tmpdir(), 'permaudit-no-chromium', 'chrome');
  try {
    await page.getByRole('group', { name: 'Export the report' }).getByRole('button', { name: 'PDF', exact: true }).click();
    // Said on the view, under the buttons (and in the notice).
    await expect(page.getByRole('main').getByRole('alert').filter({ hasText: 'Could not export' }).first()).toContainText(
      'install Chromium (apt-get install chromium) or set CHROMIUM_PATH=/path/to/chrome; or export the report as HTML and print it from your browser',
    );
  } finally {
    if (before === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = before;
  }
  const html = await exportAs(page, 'HTML');
  expect(html.name).toMatch(/\.html$/);
});
