import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openApp, samplesDir, screenshot, screenshotBoth, test, type Host } from './fixtures';

/** Opens the app, picks one file in the wizard and walks to its column step. */
async function wizardToColumns(page: Page, host: Host, file: string, platform: string) {
  await openApp(page, host);
  await page.getByRole('button', { name: 'Import CSV…' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Import CSV exports' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Choose files…' }).click();
  await (await chooser).setFiles(file);
  await expect(dialog.getByRole('list', { name: 'Chosen files' })).toContainText(path.basename(file));
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByLabel('Platform').selectOption(platform);
  await dialog.getByRole('button', { name: 'Next' }).click();
  return dialog;
}

test('imports a vendor export through the wizard: detected columns, progress, summary', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByRole('button', { name: 'Import CSV…' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Import CSV exports' });
  await expect(dialog).toBeVisible();
  await screenshot(page, 'import-1-files-empty');

  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Choose files…' }).click();
  await (await chooser).setFiles(path.join(samplesDir, 'huntress-export-raw.csv'));
  await expect(dialog.getByRole('list', { name: 'Chosen files' })).toContainText('huntress-export-raw.csv');
  await screenshot(page, 'import-1-files');
  await dialog.getByRole('button', { name: 'Next' }).click();

  await dialog.getByLabel('Platform').selectOption('huntress');
  await dialog.getByLabel(/^Name/).fill('Lakeshore review');
  await screenshot(page, 'import-2-platform');
  await dialog.getByRole('button', { name: 'Next' }).click();

  // The mapping step shows the vendor headers it recognised, and the first rows.
  const columns = dialog.getByRole('region', { name: 'Columns of huntress-export-raw.csv' });
  await expect(columns).toBeVisible();
  await expect(columns.locator('select[data-field="email"]')).toHaveValue('E-mail');
  await expect(columns.locator('select[data-field="organization"]')).toHaveValue('Organization Name');
  await expect(columns.locator('select[data-field="mfa"]')).toHaveValue('MFA Enabled');
  await expect(columns.getByRole('table')).toContainText('ingrid.halvorsen@lakeshore-it.example');
  await screenshotBoth(page, 'import-3-columns');
  // A detected column can be left out on purpose; the choice sticks after the preview reloads.
  await columns.locator('select[data-field="mfa"]').selectOption('');
  await expect(columns.locator('select[data-field="mfa"]')).toHaveValue('');
  await expect(columns.locator('.mapping-row', { has: page.locator('select[data-field="mfa"]') })).toContainText('chosen');

  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByText('Imported “Lakeshore review”')).toBeVisible();
  await expect(dialog.getByRole('progressbar')).toHaveCount(0);
  const stats = dialog.locator('.stats');
  await expect(stats).toContainText('Users26');
  await expect(stats).toContainText('Role assignments30');
  await screenshot(page, 'import-4-summary');
  // The MFA column was left out, so no one's MFA state was read from it.
  const { answer } = await host.call<{ answer: { users: { mfa?: boolean | null }[] } }>('users', {});
  expect(answer.users.length).toBe(26);
  expect(answer.users.every((u) => u.mfa === null || u.mfa === undefined)).toBe(true);

  await dialog.getByRole('button', { name: 'Open snapshot' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('treegrid', { name: 'Tenants' }).getByText('Greyfield Dental')).toBeVisible();
});

test('shows import progress while a large file is read', async ({ page, host }) => {
  // About 6 MB: enough for progress events to reach the page before the import ends.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-big-'));
  const file = path.join(dir, 'big-export.csv');
  const lines = ['email,name,role,account,organization'];
  for (let i = 0; i < 80_000; i++) lines.push(`user${i}@big.example,User ${i},User,Big MSP,Org ${i % 400}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  try {
    const dialog = await wizardToColumns(page, host, file, 'huntress');
    await expect(dialog.getByRole('region', { name: 'Columns of big-export.csv' })).toBeVisible();
    // However fast the import, the page must still be waiting for its answer when the bar is checked:
    // the host's answer is held back (the progress events have all arrived by then) until it is seen.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/call/importFiles', async (route) => {
      const response = await route.fetch();
      await released;
      await route.fulfill({ response });
    });
    await dialog.getByRole('button', { name: 'Import' }).click();
    const bar = dialog.getByRole('progressbar', { name: 'Reading big-export.csv' });
    await expect(bar).toBeVisible();
    await expect(dialog.getByText(/of \d+(\.\d)? MB · [\d,]+ rows/)).toBeVisible();
    await screenshot(page, 'import-progress');
    release();
    await expect(dialog.getByText(/Imported “/)).toBeVisible({ timeout: 30_000 });
    await expect(dialog.locator('.stats')).toContainText('Role assignments80,000');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad CSV lists every problem as FILE:LINE and creates no snapshot', async ({ page, host }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-bad-'));
  const file = path.join(dir, 'bad-export.csv');
  fs.writeFileSync(
    file,
    [
      'email,name,role,account,organization',
      'ok.person@acme.example,Ok Person,Admin,Acme MSP,',
      'not-an-email,Broken Email,Admin,Acme MSP,Client One',
      'rita@acme.example,Rita,Superuser,Acme MSP,Client One',
      '',
    ].join('\n'),
  );
  try {
    const dialog = await wizardToColumns(page, host, file, 'huntress');
    await expect(dialog.getByRole('region', { name: 'Columns of bad-export.csv' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Import' }).click();

    await expect(dialog.getByText('The import failed; nothing was written.')).toBeVisible();
    const problems = dialog.getByRole('list', { name: 'Problems' });
    await expect(problems).toContainText('bad-export.csv:3:');
    await expect(problems).toContainText('bad-export.csv:4:');
    await expect(problems.getByRole('listitem')).toHaveCount(2);
    await screenshotBoth(page, 'import-problems');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    // No snapshot: still the first-run screen, and the database agrees.
    await expect(page.getByRole('heading', { name: 'Welcome to Permission Auditor' })).toBeVisible();
    expect(await host.call<unknown[]>('snapshots', {})).toHaveLength(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('files dropped on the window open the wizard with them', async ({ page, host }) => {
  await openApp(page, host);
  const csv = fs.readFileSync(path.join(samplesDir, 'hexiosec-asm.csv'), 'utf8');
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped-hexiosec.csv', { type: 'text/csv' }));
    return dt;
  }, csv);
  await page.dispatchEvent('.app', 'dragenter', { dataTransfer });
  await expect(page.getByText('Drop CSV files to import them')).toBeVisible();
  await screenshot(page, 'import-drop-overlay');
  await page.dispatchEvent('.app', 'drop', { dataTransfer });
  const dialog = page.getByRole('dialog', { name: 'Import CSV exports' });
  await expect(dialog.getByRole('list', { name: 'Chosen files' })).toContainText('dropped-hexiosec.csv');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByLabel('Platform').selectOption('hexiosec-asm');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.locator('.stats')).toContainText('Users55');
  // Escape closes the dialog; the snapshot stays.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await host.call<unknown[]>('snapshots', {})).toHaveLength(1);
});

test('a UTF-16 export without its account column: the encoding is shown, one account for every row, and a repeat needs "Import anyway"', async ({
  page,
  host,
}) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-set-'));
  const file = path.join(dir, 'orgs-unicode.txt');
  const text =
    'email\tname\trole\torganization\r\nzoe@praxis.example\tZoë Ärztin\tAdmin\tPraxis Müller\r\nli@praxis.example\tLi Wei 李\tUser\tPraxis Müller\r\n';
  fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  try {
    const dialog = await wizardToColumns(page, host, file, 'huntress');
    const columns = dialog.getByRole('region', { name: 'Columns of orgs-unicode.txt' });
    await expect(columns).toContainText('UTF-16 LE');
    await expect(columns.getByRole('list', { name: 'Problems in orgs-unicode.txt' })).toContainText('missing required column "account"');
    const account = columns.getByLabel('Account for every row');
    await account.fill('Northwind MSP');
    await account.press('Enter');
    await expect(columns.getByRole('list', { name: 'Problems in orgs-unicode.txt' })).toHaveCount(0);
    await screenshot(page, 'import-set-value');
    await dialog.getByRole('button', { name: 'Import' }).click();
    await expect(dialog.getByText(/Imported “/)).toBeVisible();
    await expect(dialog.getByRole('table')).toContainText('UTF-16 LE');
    const { answer } = await host.call<{ answer: { users: { name: string }[] } }>('users', {});
    expect(answer.users.map((u) => u.name).sort()).toEqual(['Li Wei 李', 'Zoë Ärztin']);

    await dialog.getByRole('button', { name: 'Open snapshot' }).click();
    const again = await wizardToColumns(page, host, file, 'huntress');
    const account2 = again.getByLabel('Account for every row');
    await account2.fill('Northwind MSP');
    await account2.press('Enter');
    await expect(again.getByRole('list', { name: 'Problems in orgs-unicode.txt' })).toHaveCount(0);
    await again.getByRole('button', { name: 'Import' }).click();
    await expect(again.getByText('These files were imported before.')).toBeVisible();
    await expect(again.getByRole('alert')).toHaveClass(/callout-warning/);
    await expect(again.getByRole('alert')).toContainText(
      /These files were already imported as snapshot #1 ".*" on \d{4}-\d\d-\d\d at \d\d:\d\d UTC; nothing was imported\. Choose “Import anyway”/,
    );
    expect(await host.call<unknown[]>('snapshots', {})).toHaveLength(1);
    await again.getByRole('button', { name: 'Import anyway' }).click();
    await expect(again.getByText(/Imported “/)).toBeVisible();
    expect(await host.call<unknown[]>('snapshots', {})).toHaveLength(2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('"Cancel import" cancels the running import by its id; the wizard says nothing was written and can go back', async ({
  page,
  host,
}) => {
  const dialog = await wizardToColumns(page, host, path.join(samplesDir, 'huntress-export-raw.csv'), 'huntress');
  await expect(dialog.getByRole('region', { name: 'Columns of huntress-export-raw.csv' })).toBeVisible();
  // An import of the samples is over before a click could catch it (the service tests cancel real
  // imports), so here the host's two answers are played: importFiles is held until cancelImport comes.
  let cancel!: (importId: string) => void;
  const cancelled = new Promise<string>((resolve) => (cancel = resolve));
  await page.route('**/api/call/importFiles', async (route) => {
    const { importId } = route.request().postDataJSON() as { importId: string };
    expect(await cancelled).toBe(importId);
    await route.fulfill({
      status: 409,
      json: { ok: false, error: { kind: 'cancelled', message: 'the import was cancelled; nothing was written', problems: [] } },
    });
  });
  await page.route('**/api/call/cancelImport', async (route) => {
    await route.fulfill({ json: { ok: true, value: { cancelled: true } } });
    cancel((route.request().postDataJSON() as { importId: string }).importId);
  });
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByRole('button', { name: 'Cancel import' })).toBeVisible();
  // While it runs, Escape does not close the wizard: only "Cancel import" stops it.
  await dialog.getByRole('button', { name: 'Cancel import' }).focus();
  await page.keyboard.press('Escape');
  await expect(dialog.getByRole('button', { name: 'Cancel import' })).toBeVisible();
  await screenshotBoth(page, 'import-running-cancel');
  await dialog.getByRole('button', { name: 'Cancel import' }).click();
  await expect(dialog.getByRole('alert')).toContainText('The import was cancelled; nothing was written.');
  await expect(dialog.getByRole('button', { name: 'Cancel import' })).toHaveCount(0);
  await screenshotBoth(page, 'import-cancelled');
  await dialog.getByRole('button', { name: 'Back' }).click();
  await expect(dialog.getByRole('region', { name: 'Columns of huntress-export-raw.csv' })).toBeVisible();
  expect(await host.call('snapshots', {})).toEqual([]);
});
