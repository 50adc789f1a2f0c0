// Changes between two versions of the role model: Huntress before and after Q2 2022 on the sample
// MSP's people, as an auditor reads it: the roles changed, whom it affects, by permission, at one
// tenant, as a matrix of the changed cells; the address keeps it all through a reload.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
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

test('Changes: model files the user picks on either side, compared as the API compares them; a broken or foreign file says why', async ({
  page,
  host,
}) => {
  const ours = path.join(root, 'resources/models/huntress-2026-10.json');
  const text = fs.readFileSync(ours, 'utf8');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-e2e-model-'));
  // A draft of the same file before Organization Users approve Assisted Remediation, and one with a typo.
  const draft = path.join(dir, 'huntress-draft.json');
  fs.writeFileSync(draft, text.replace(/,\s*\{\s*"permission": "remediation.approve",\s*"since": "2026-10"\s*\}/, ''));
  const broken = path.join(dir, 'huntress-typo.json');
  fs.writeFileSync(broken, text.replace('"permission": "remediation.approve"', '"permission": "remediation.aprove"'));
  const typoLine = text.split('\n').findIndex((l) => l.includes('"permission": "remediation.approve"')) + 1;
  const snapshot = await host.importSample('huntress-msp.csv', 'huntress', 'Northwind MSP');
  const ask = async (files: { model?: string; against?: string }, from?: string) =>
    host.call<ModelDiffAnswer>('diffModel', {
      platform: 'huntress',
      snapshotId: snapshot.id,
      ...(from ? { from } : {}),
      ...(files.model ? { model: await host.upload(files.model) } : {}),
      ...(files.against ? { against: await host.upload(files.against) } : {}),
    });

  /** The roles changed and the people affected, as the API answered. */
  const shows = async (answer: ModelDiffAnswer) => {
    const roles = page.getByRole('region', { name: 'Changes between the versions' });
    await expect(roles).toContainText(`${answer.diff.summary}.`);
    await expect(roles.getByTestId('model-role-change')).toHaveCount(answer.diff.roles.length);
    for (const r of answer.diff.roles) {
      const role = roles.getByTestId('model-role-change').filter({ hasText: r.label });
      await expect(role).toContainText(r.renamedFrom ? `renamed from ${r.renamedFrom}` : r.status);
      for (const g of r.gained) await expect(role).toContainText(`+ ${g.label}`);
      for (const g of r.lost) await expect(role).toContainText(`− ${g.label}`);
    }
    const access = answer.impact!.access;
    await expect(shownCount(page)).toHaveText(`${access.length} changes shown of ${access.length}`);
    await expect(page.getByTestId('changes-summary')).toContainText(`${answer.impact!.people} people`);
  };
  const side = (end: 'from' | 'to') => page.getByTestId(`model-side-${end}`);
  const choose = async (end: 'from' | 'to', file: string, how: 'select' | 'button' = 'select') => {
    const chooser = page.waitForEvent('filechooser');
    if (how === 'select') await side(end).getByRole('combobox').selectOption({ label: 'A model file…' });
    else
      await side(end)
        .getByRole('button', { name: /Choose (another )?model file…/ })
        .click();
    await (await chooser).setFiles(file);
  };

  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page, host, 'changes');
  await segment(page, 'Two model versions').click();

  // Our October 2026 model file as To, against the built-in 2022-06 as From.
  await page.getByLabel('From').selectOption('2022-06');
  await choose('to', ours);
  const sha256 = crypto.createHash('sha256').update(text).digest('hex');
  const summary = side('to').getByRole('definition');
  await expect(summary.filter({ hasText: 'Huntress' })).toBeVisible();
  await expect(summary.filter({ hasText: '2026-10' })).toBeVisible();
  await expect(side('to').getByTitle(sha256)).toHaveText(`${sha256.slice(0, 12)}…`);
  const answer = await ask({ model: ours }, '2022-06-01');
  expect(answer.diff.roles.find((r) => r.label === 'User · organization')?.gained.map((g) => g.label)).toEqual([
    'Approve Assisted Remediation',
  ]);
  await shows(answer);
  await expect(
    page.getByRole('heading', { name: 'From version 2022-06 to the model file “huntress-2026-10.json”, version 2026-10' }),
  ).toBeVisible();
  await page.locator('main').evaluate((main) => main.scrollTo(0, 0));
  await screenshotBoth(page, 'changes-model-file');

  // Another platform's model file cannot be compared with Huntress's people; a broken one shows its problem by line.
  await choose('from', path.join(root, 'resources/models/acme-edr.json'));
  await expect(side('from').getByRole('alert')).toContainText('This file models Acme EDR, not Huntress.');
  await expect(page.getByRole('region', { name: 'Changes between the versions' })).toHaveCount(0);
  await choose('from', broken, 'button');
  const problems = side('from').getByRole('alert');
  await expect(problems).toContainText('This model file cannot be used.');
  await expect(problems.getByRole('list', { name: 'Problems' })).toContainText(`huntress-typo.json:${typoLine}:`);
  await expect(problems.getByRole('list', { name: 'Problems' })).toContainText('unknown permission "remediation.aprove"');
  await screenshotBoth(page, 'changes-model-file-problems');

  // Two model files against each other: the draft as From, ours as To.
  await choose('from', draft, 'button');
  await expect(problems).toHaveCount(0);
  await shows(await ask({ against: draft, model: ours }));

  // A link cannot carry a file: after a reload, both sides are built-in versions again, and say so.
  await page.reload();
  await expect(page.getByLabel('From')).toHaveValue('pre-2022-06');
  await expect(page.getByLabel('To')).toHaveValue('2022-06');
  await expect(side('from')).toContainText('A model file is not kept when the page reloads');

  // A change not made yet is What if's: the line under the heading opens it.
  await page.locator('p', { hasText: 'Try a change before making it' }).getByRole('button', { name: 'What if' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'What if' })).toBeVisible();
});
