// Changes between two versions of the role model: Huntress before and after Q2 2022 on the sample
// MSP's people, as an auditor reads it: the roles changed, whom it affects, by permission, at one
// tenant, as a matrix of the changed cells; the address keeps it all through a reload.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ModelDiffAnswer, SnapshotInfo } from '../../shared/api';
import type { PersonAccessChange } from '../../shared/engine/snapshot-diff';
import { expect, openApp, root, screenshotBoth, segment, test } from './fixtures';

const rows = (page: Page) => page.getByTestId('change-row');
const shownCount = (page: Page) => page.getByTestId('changes-shown');
const people = (access: PersonAccessChange[]) => new Set(access.map((c) => c.email));
const within = (tenant: string) => (c: PersonAccessChange) => c.scope === tenant || c.scope.startsWith(`${tenant}/`);

async function pickTenant(page: Page, name: string) {
  await page.getByRole('combobox', { name: 'Tenant' }).fill(name);
  await page.getByRole('option', { name: new RegExp(`^${name}`) }).click();
}

test('Changes: Huntress model versions before and after Q2 2022, whom it affects, by permission, at a tenant, as a matrix', async ({
  page,
  host,
}) => {
  const snapshot = await host.importSample('huntress-msp.csv', 'huntress', 'Northwind MSP');
  const { diff, impact } = await host.call<ModelDiffAnswer>('diffModel', {
    platform: 'huntress',
    from: '2022-01-01',
    to: '2022-07-01',
    snapshotId: snapshot.id,
  });
  const access = impact!.access;
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page, host, 'changes');
  await segment(page, 'Two model versions').click();

  // The first version and the newest, as the CLI compares them by default.
  await expect(page.getByLabel('From')).toHaveValue('pre-2022-06');
  await expect(page.getByLabel('To')).toHaveValue('2022-06');
  const roles = page.getByRole('region', { name: 'Changes between the versions' });
  await expect(roles).toContainText(`${diff.summary}.`);
  const role = (label: string) => roles.getByTestId('model-role-change').filter({ hasText: label });
  await expect(role('Admin · organization')).toContainText('changed');
  await expect(role('Admin · organization')).toContainText('+ Approve Assisted Remediation');
  await expect(role('Finance')).toContainText('added');
  await expect(role('Marketing')).toContainText('added');
  await expect(page.getByTestId('changes-summary')).toContainText(`${impact!.people} people`);

  // Whom it affects: every change of the API's impact, person by person.
  await expect(shownCount(page)).toHaveText(`${access.length} changes shown of ${access.length}`);
  const grace = access.find((c) => c.name === 'Grace Whitfield')!;
  await expect(page.getByRole('heading', { level: 3, name: /^Grace Whitfield/ })).toBeVisible();
  const first = rows(page).first();
  await first.getByRole('button').click();
  await expect(first.getByRole('list', { name: 'Why' })).toContainText(`holds ${grace.via.role} at ${grace.via.assignedAt}`);
  await expect(first.getByRole('list', { name: 'Why' })).toContainText('Granted under version 2022-06, not under version pre-2022-06');
  await page.locator('main').evaluate((main) => main.scrollTo(0, 0));
  await screenshotBoth(page, 'changes-model');
  await page.getByRole('group', { name: 'Filters' }).scrollIntoViewIfNeeded();
  await screenshotBoth(page, 'changes-model-people');

  // By permission: Approve Assisted Remediation, with everyone who gains it through organization Admin.
  await segment(page, 'By permission').click();
  const approvers = people(access.filter((c) => c.permission === 'remediation.approve'));
  const approve = page.getByTestId('change-permission').filter({ hasText: 'Approve Assisted Remediation' });
  await expect(approve).toContainText(`✔ ${approvers.size} people gain it`);

  // One tenant: only the changes made there or below.
  const harbor = 'Northwind MSP/Harbor Law Group';
  await pickTenant(page, 'Harbor Law Group');
  const atHarbor = access.filter(within(harbor));
  expect(atHarbor.length).toBeGreaterThan(0);
  await expect(shownCount(page)).toHaveText(`${atHarbor.length} changes shown of ${access.length}`);
  await expect(rows(page)).toHaveCount(atHarbor.length);
  for (const email of people(atHarbor))
    await expect(
      rows(page)
        .and(page.locator(`[data-person="${email}"]`))
        .first(),
    ).toBeVisible();
  await page.getByRole('group', { name: 'Filters' }).evaluate((el) => el.scrollIntoView());
  await screenshotBoth(page, 'changes-model-by-permission');

  // The matrix of changed cells: a row per person, ✔ where they gain a permission there.
  await segment(page, 'Matrix').click();
  const matrix = page.getByTestId('changes-matrix');
  await expect(matrix.locator('tbody tr')).toHaveCount(people(atHarbor).size);
  const cells = new Set(atHarbor.map((c) => `${c.email} ${c.permission}`));
  await expect(matrix.locator('.cm-button[data-change="gained"]')).toHaveCount(cells.size);
  await expect(matrix.locator('.cm-button[data-change="lost"]')).toHaveCount(0);
  // A cell opens that person's changes of that permission, each with its why.
  const anna = atHarbor.find((c) => c.permission === 'remediation.approve')!;
  await matrix
    .locator(`tr[data-person="${anna.email}"]`)
    .getByRole('button', { name: /Approve Assisted Remediation/ })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`${anna.name}: Approve Assisted Remediation`) })).toBeVisible();
  await expect(rows(page)).toHaveCount(atHarbor.filter((c) => c.email === anna.email && c.permission === anna.permission).length);
  await page.getByRole('group', { name: 'Filters' }).evaluate((el) => el.scrollIntoView());
  await screenshotBoth(page, 'changes-model-matrix');

  // The JSON export: the people shown, the filters in its provenance.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const json = JSON.parse(fs.readFileSync(await (await downloading).path(), 'utf8')) as {
    users: { email: string }[];
    provenance: { question: { filters: Record<string, unknown> } };
  };
  expect(new Set(json.users.map((u) => u.email))).toEqual(people(atHarbor));
  expect(json.provenance.question.filters).toEqual({ platform: 'huntress', from: 'pre-2022-06', to: '2022-06', tenant: harbor });

  // The address keeps the comparison, the tenant, the grouping and the matrix through a reload.
  await expect(page).toHaveURL(/compare=model/);
  await page.reload();
  await expect(page.getByLabel('From')).toHaveValue('pre-2022-06');
  await expect(page.getByRole('combobox', { name: 'Tenant' })).toHaveValue('Harbor Law Group');
  await expect(page.getByTestId('changes-matrix').locator('tbody tr')).toHaveCount(people(atHarbor).size);
  await segment(page, 'List').click();
  await expect(page.getByTestId('change-permission').first()).toBeVisible();

  // The other way round: the same people lose what they gained.
  await page.getByLabel('From').selectOption('2022-06');
  await expect(page.getByText('The same version twice')).toBeVisible();
  await page.getByLabel('To').selectOption('pre-2022-06');
  await expect(rows(page).and(page.locator('[data-change="lost"]'))).toHaveCount(atHarbor.length);
});

test("Changes: a snapshot read with the user's model file compares that file with the built-in model", async ({ page, host }) => {
  const model = await host.upload(path.join(root, 'resources/models/huntress-2026-10.json'));
  const snapshot = await host.call<SnapshotInfo>('importFiles', {
    files: [await host.upload(path.join(root, 'resources/samples/huntress-msp.csv'))],
    model,
    name: 'Northwind with our model',
  });
  const { impact } = await host.call<ModelDiffAnswer>('diffModel', {
    platform: 'huntress',
    from: '2022-07-01',
    snapshotId: snapshot.id,
    snapshotModel: true,
  });
  await openApp(page, host, 'changes?compare=model');
  await page.getByLabel('From').selectOption('2022-06');
  await page.getByLabel('To').selectOption({ label: `This snapshot's model file (Huntress, version ${snapshot.modelVersion})` });
  const roles = page.getByRole('region', { name: 'Changes between the versions' });
  await expect(roles.getByTestId('model-role-change').filter({ hasText: 'User · organization' })).toContainText(
    '+ Approve Assisted Remediation',
  );
  await expect(shownCount(page)).toHaveText(`${impact!.access.length} changes shown of ${impact!.access.length}`);
  await screenshotBoth(page, 'changes-model-own-file');
});
