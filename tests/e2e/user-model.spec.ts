// A snapshot read with the user's own model file, in the app: the import wizard takes the model file
// (showing what it defines, or its problems by line), Roles shows that model and says it is the user's
// (with its SHA-256), marks privileged permissions, and Who can cites the model file's lines.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { SnapshotInfo } from '../../shared/api';
import { expect, openApp, root, samplesDir, screenshotBoth, segment, test, type Host } from './fixtures';

const modelFile = path.join(root, 'resources/models/acme-edr.json');

/** The wizard at its Platform step, with the Acme EDR export chosen and "A model file…" picked. */
async function wizardAtModelStep(page: Page, host: Host) {
  await openApp(page, host);
  await page.getByRole('button', { name: 'Import CSV…' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Import CSV exports' });
  const files = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Choose files…' }).click();
  await (await files).setFiles(path.join(samplesDir, 'acme-edr.csv'));
  await dialog.getByRole('button', { name: 'Next' }).click();
  await segment(page, 'A model file…').click();
  await expect(dialog.getByRole('button', { name: 'Next' })).toBeDisabled();
  await expect(dialog).toContainText('Choose a role model file');
  return dialog;
}

async function chooseModel(page: Page, dialog: ReturnType<Page['getByRole']>, file: string) {
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: /Choose (another )?model file…/ }).click();
  await (await chooser).setFiles(file);
}

test('the import wizard reads the files with a model file the user picks, and the snapshot answers from it', async ({ page, host }) => {
  const dialog = await wizardAtModelStep(page, host);
  await chooseModel(page, dialog, modelFile);
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(modelFile)).digest('hex');
  const summary = dialog.getByRole('definition');
  await expect(summary.filter({ hasText: 'Acme EDR' })).toBeVisible();
  await expect(summary.filter({ hasText: '2026-06' })).toBeVisible();
  await expect(dialog.getByTitle(sha256)).toHaveText(`${sha256.slice(0, 12)}…`);
  await expect(summary.filter({ hasText: 'Tenant › Site' })).toBeVisible();
  await dialog.getByLabel(/^Name/).fill('Keystone IT review');
  await screenshotBoth(page, 'import-2-model-file');

  // The columns are the model's own scope levels, and the import reads the rows with it.
  await dialog.getByRole('button', { name: 'Next' }).click();
  const columns = dialog.getByRole('region', { name: 'Columns of acme-edr.csv' });
  await expect(columns.locator('select[data-field="tenant"]')).toHaveValue('tenant');
  await expect(columns.locator('select[data-field="site"]')).toHaveValue('site');
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByText('Imported “Keystone IT review”')).toBeVisible();
  await expect(dialog).toContainText('Read against model version 2026-06');

  const [snapshot] = await host.call<SnapshotInfo[]>('snapshots', {});
  expect(snapshot.model).toEqual({ origin: 'user', name: 'Acme EDR', fileName: 'acme-edr.json', sha256 });
  await openApp(page, host, 'roles');
  await expect(page.getByText('your model file acme-edr.json')).toHaveAttribute('title', `SHA-256 ${sha256}`);
  await expect(page.locator('.roles-table').getByRole('columnheader', { name: /Site Admin/ })).toBeVisible();
});

test('a broken model file shows each problem with its line, and blocks the import until another is chosen', async ({ page, host }) => {
  const text = fs.readFileSync(modelFile, 'utf8');
  const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-e2e-model-')), 'acme-edr-draft.json');
  fs.writeFileSync(broken, text.replace('"alerts.close" }', '"alerts.clos" }'));
  const line = text.split('\n').findIndex((l) => l.includes('"alerts.close" }')) + 1;

  const dialog = await wizardAtModelStep(page, host);
  await chooseModel(page, dialog, broken);
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('This model file cannot be used.');
  await expect(alert.getByRole('list', { name: 'Problems' })).toHaveText(
    `acme-edr-draft.json:${line}: roles[0].grants[4].permission: unknown permission "alerts.clos"; did you mean "alerts.close"?`,
  );
  await expect(dialog.getByRole('button', { name: 'Next' })).toBeDisabled();
  await expect(dialog).toContainText('Fix the model file, or choose another');
  await screenshotBoth(page, 'import-2-model-file-problems');

  // The fixed file goes through.
  await chooseModel(page, dialog, modelFile);
  await expect(alert).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Next' })).toBeEnabled();
});

test("a platform of the user's own: its roles, marked as their model file, and answers citing it", async ({ page, host }) => {
  const model = await host.upload(path.join(root, 'resources/models/acme-edr.json'));
  const snapshot = await host.call<SnapshotInfo>('importFiles', {
    files: [await host.upload(path.join(samplesDir, 'acme-edr.csv'))],
    model,
    name: 'Keystone IT',
  });
  expect(snapshot.model).toMatchObject({ origin: 'user', name: 'Acme EDR', fileName: 'acme-edr.json' });

  await openApp(page, host, 'roles');
  await expect(page.getByText('your model file acme-edr.json')).toBeVisible();
  await expect(page.getByText('your model file acme-edr.json')).toHaveAttribute('title', `SHA-256 ${snapshot.model.sha256}`);
  const table = page.locator('.roles-table');
  await expect(table.getByRole('columnheader', { name: /Site Admin/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /Manage users/ }).getByText('privileged')).toBeVisible();
  await expect(table.getByRole('row', { name: /View alerts/ }).getByText('privileged')).toHaveCount(0);
  await screenshotBoth(page, 'roles-user-model');

  // The built-in models are still there to compare with.
  await page.getByLabel('Platform').selectOption({ label: 'Huntress' });
  await expect(page.getByText('built-in model')).toBeVisible();

  // Who can answers from the user's model, and each grant cites the model file at its line.
  const whoCan = await host.call<{ answer: { entries: { email: string; grantSource: { file: string; line: number }[] }[] } }>('whoCan', {
    snapshotId: snapshot.id,
    permission: 'Isolate hosts',
    scope: 'Keystone IT/Millbrook Foods',
  });
  expect(whoCan.answer.entries.map((e) => e.email).sort()).toEqual([
    'ben.ode@millbrook.example',
    'lee.park@keystone-it.example',
    'olga.berg@keystone-it.example',
    'sam.reyes@keystone-it.example',
  ]);
  await page.goto(
    `${host.server.url}#/who-can?snapshot=${snapshot.id}&permission=hosts.isolate&scope=${encodeURIComponent('Keystone IT/Millbrook Foods')}`,
  );
  const first = whoCan.answer.entries.find((e) => e.email === 'ben.ode@millbrook.example')!;
  await page
    .getByRole('button', { name: /ben\.ode@millbrook\.example/ })
    .first()
    .click();
  await expect(page.getByText(`acme-edr.json, line ${first.grantSource[0].line} (your model file)`).first()).toBeVisible();
  await screenshotBoth(page, 'who-can-user-model');

  // A platform of the user's own has no built-in versions: Changes says so instead of waiting for them.
  await page.goto(`${host.server.url}#/changes?snapshot=${snapshot.id}&compare=model`);
  await expect(page.getByRole('heading', { name: 'Acme EDR is not a built-in platform' })).toBeVisible();
});
