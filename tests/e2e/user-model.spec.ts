// A snapshot read with the user's own model file, in the app: Roles shows that model and says it is
// the user's (with its SHA-256), marks privileged permissions, and Who can cites the model file's lines.
import path from 'node:path';
import type { SnapshotInfo } from '../../shared/api';
import { expect, openApp, root, samplesDir, screenshotBoth, test } from './fixtures';

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
});
