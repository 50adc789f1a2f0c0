// Changes: November's and December's exports of one MSP compared, as an auditor reads them; every
// number and row is checked against the API's own diff of the two snapshots.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { SnapshotInfo } from '../../shared/api';
import type { snapshotDiffCsv as SnapshotDiffCsv } from '../../shared/engine/diff-export';
import type { SnapshotDiff } from '../../shared/engine/snapshot-diff';
import { createRequire } from 'node:module';
import { expect, openApp, samplesDir, screenshotBoth, segment, test, type Host } from './fixtures';

// Through require, as fixtures.ts loads the host: an ES import of shared/ here would load those modules a second
// way in the same process, and the host's require of them then fails (see views.spec.ts).
const { snapshotDiffCsv } = createRequire(import.meta.url)('../../shared/engine/diff-export') as {
  snapshotDiffCsv: typeof SnapshotDiffCsv;
};

/** November, then December (the newest, which the app opens), and the API's diff of the two. */
async function twoMonths(host: Host) {
  const november = await host.importSample('huntress-msp.csv', 'huntress', 'Northwind November');
  const december = await host.call<SnapshotInfo>('importFiles', {
    files: [await host.upload(path.join(samplesDir, 'huntress-msp-december.csv'))],
    platform: 'huntress',
    name: 'Northwind December',
  });
  const diff = await host.call<SnapshotDiff>('diffSnapshots', { before: november.id, after: december.id });
  return { november, december, diff };
}

const rows = (page: Page) => page.getByTestId('change-row');
const shownCount = (page: Page) => page.getByTestId('changes-shown');
const filter = (page: Page) => page.getByRole('searchbox', { name: 'Filter by person, permission or place' });
/** A person's heading in the list, which says whether they were added, removed or changed. */
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 3, name: new RegExp(`^${name}`) });

test('Changes: December against November, person by person, filtered, with the why and the CSV export', async ({ page, host }) => {
  const { november, december, diff } = await twoMonths(host);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, host, 'changes');

  // The open snapshot is After, the newest earlier one of the platform Before.
  await expect(page.getByLabel('Before')).toHaveValue(String(november.id));
  await expect(page.getByLabel('After')).toHaveValue(String(december.id));
  await expect(page.getByTestId('changes-summary')).toHaveText(diff.summary);
  await expect(shownCount(page)).toHaveText(`${diff.access.length} changes shown of ${diff.access.length}`);

  // The list is windowed: only the rows in view are drawn; scrolled to its end, the diff's last change is there.
  await expect(rows(page).first()).toBeVisible();
  expect(await rows(page).count()).toBeLessThan(diff.access.length);
  await page.locator('main').evaluate((main) => main.scrollTo(0, main.scrollHeight));
  const lastChange = diff.access[diff.access.length - 1];
  await expect(rows(page).last()).toHaveAttribute('data-person', lastChange.email);
  await expect(rows(page).last()).toContainText(lastChange.label);
  await page.locator('main').evaluate((main) => main.scrollTo(0, 0));

  // The two people offboarded are removed, the new one added.
  await expect(heading(page, 'Gregor Steiner')).toContainText('removed');
  await expect(heading(page, 'Marcus Webb')).toContainText('removed');
  await filter(page).fill('samuel');
  await expect(heading(page, 'Samuel Ortiz')).toContainText('added');
  await filter(page).fill('');
  const removed = page.getByRole('button', { name: /People removed/ });
  await expect(removed).toHaveAttribute('aria-expanded', 'false');
  await removed.click();
  for (const email of diff.users.removed) await expect(page.getByRole('region', { name: 'People removed' })).toContainText(email);

  // Tomás Herrera's swap from Admin to User at Bayside Dental: he loses what only Admin grants, nothing he keeps.
  await filter(page).fill('tomas.herrera');
  await expect(heading(page, 'Tomás Herrera')).toContainText('changed');
  const tomasChanges = diff.access.filter((c) => c.email === 'tomas.herrera@northwind-msp.example');
  const tomas = rows(page).and(page.locator('[data-person="tomas.herrera@northwind-msp.example"]'));
  await expect(tomas).toHaveCount(tomasChanges.length);
  await expect(rows(page)).toHaveCount(tomasChanges.length);
  const approve = tomas.filter({ hasText: 'Approve Assisted Remediation' });
  await expect(approve).toHaveCount(1);
  await expect(approve).toContainText('✖ lost');
  await expect(approve).toContainText('at Northwind MSP/Bayside Dental');
  await expect(tomas.filter({ hasText: 'View Reports' })).toHaveCount(0);
  expect(tomasChanges.some((c) => c.label === 'View Reports')).toBe(false);

  // Its why: Before's assignment behind the loss.
  const via = tomasChanges.find((c) => c.label === 'Approve Assisted Remediation')!.via;
  await approve.getByRole('button').click();
  const why = approve.getByRole('list', { name: 'Why' });
  await expect(why).toContainText(`holds ${via.role} at ${via.assignedAt}`);
  await expect(why).toContainText(`${via.sourceFile}:${via.sourceLine}`);
  await expect(why).toContainText(`The assignment is in Before: ${november.name}`);
  // And by keyboard: Enter on another row opens it.
  await filter(page).fill('');
  const next = rows(page).nth(1).getByRole('button');
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(next).toHaveAttribute('aria-expanded', 'true');
  await page.locator('main').evaluate((main) => main.scrollTo(0, 0));
  await screenshotBoth(page, 'changes');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshotBoth(page, 'changes-1920');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Privileged only: exactly the API's privileged changes.
  const privileged = diff.access.filter((c) => c.privileged);
  await page.getByLabel('Privileged only').check();
  await expect(shownCount(page)).toHaveText(`${privileged.length} changes shown of ${diff.access.length}`);
  await expect(rows(page).first()).toBeVisible();
  await expect(rows(page).and(page.locator('[data-privileged="false"]'))).toHaveCount(0);
  // Gains only hides the losses.
  await segment(page, 'Gains only').click();
  const gains = privileged.filter((c) => c.change === 'gained');
  await expect(rows(page)).toHaveCount(gains.length);
  await expect(rows(page).and(page.locator('[data-change="lost"]'))).toHaveCount(0);
  await screenshotBoth(page, 'changes-filtered');
  await segment(page, 'Gains and losses').click();
  await expect(shownCount(page)).toHaveText(`${privileged.length} changes shown of ${diff.access.length}`);

  // The CSV of what the filters show is the shared writer's CSV of the privileged changes.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  expect(fs.readFileSync(await download.path(), 'utf8')).toBe(snapshotDiffCsv(diff, { privileged: true }));
  // The JSON: the same changes with the provenance of both snapshots.
  const downloadingJson = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const json = JSON.parse(fs.readFileSync(await (await downloadingJson).path(), 'utf8')) as SnapshotDiff & {
    provenance: { question: { filters: unknown } };
  };
  expect(json.access).toEqual(privileged);
  expect(json.summary).toBe(diff.summary);
  expect(json.provenance.question.filters).toEqual({ privileged: true });
  expect(JSON.stringify(json.provenance)).toContain(november.files[0].sha256);

  // The text filter: a place, matched as the API's changes name it.
  await page.getByLabel('Privileged only').uncheck();
  await filter(page).fill('bayside');
  const bayside = diff.access.filter((c) =>
    [c.email, c.name, c.label, c.permission, c.scope].some((t) => t.toLowerCase().includes('bayside')),
  );
  expect(bayside.length).toBeGreaterThan(0);
  await expect(shownCount(page)).toHaveText(`${bayside.length} changes shown of ${diff.access.length}`);
});

test('Changes: the link keeps both snapshots through a reload; the oldest snapshot has nothing earlier', async ({ page, host }) => {
  const { november, december } = await twoMonths(host);
  await openApp(page, host, 'changes');
  await expect(page.getByLabel('Before')).toHaveValue(String(november.id));

  // November as After: nothing earlier to compare with, so December is chosen as Before (changes backwards).
  await page.getByLabel('After').selectOption(String(november.id));
  await expect(page.getByText('No earlier Huntress snapshot')).toBeVisible();
  await screenshotBoth(page, 'changes-no-earlier');
  await page.getByLabel('Before').selectOption(String(december.id));
  const backwards = await host.call<SnapshotDiff>('diffSnapshots', { before: december.id, after: november.id });
  await expect(page.getByTestId('changes-summary')).toHaveText(backwards.summary);
  await expect(page).toHaveURL(new RegExp(`#/changes\\?snapshot=${november.id}&before=${december.id}$`));

  await page.reload();
  await expect(page.getByLabel('After')).toHaveValue(String(november.id));
  await expect(page.getByLabel('Before')).toHaveValue(String(december.id));
  await expect(page.getByTestId('changes-summary')).toHaveText(backwards.summary);
});

test('Changes: December against November by permission, at one tenant, and as a matrix of the changed cells', async ({ page, host }) => {
  const { december, diff } = await twoMonths(host);
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page, host, 'changes');
  await expect(page.getByTestId('changes-summary')).toHaveText(diff.summary);

  // By permission: each permission once (privileged first), with the people who gain or lose it.
  await segment(page, 'By permission').click();
  const firstPermission = [...diff.access].sort((a, b) => Number(b.privileged) - Number(a.privileged) || a.label.localeCompare(b.label))[0];
  await expect(page.getByTestId('change-permission').first()).toContainText(firstPermission.label);
  await filter(page).fill('approve assisted');
  const approve = page.getByTestId('change-permission').filter({ hasText: 'Approve Assisted Remediation' });
  const approveChanges = diff.access.filter((c) => c.label === 'Approve Assisted Remediation');
  const losers = new Set(approveChanges.filter((c) => c.change === 'lost').map((c) => c.email));
  await expect(approve).toContainText(`✖ ${losers.size} ${losers.size === 1 ? 'person loses' : 'people lose'} it`);
  for (const email of losers)
    await expect(rows(page).and(page.locator(`[data-person="${email}"]`))).toHaveCount(
      approveChanges.filter((c) => c.email === email).length,
    );
  await filter(page).fill('');

  // The whole diff as a matrix: every person with a change, ✔ and ✖ side by side.
  await segment(page, 'Matrix').click();
  await expect(page.getByTestId('changes-matrix').locator('tbody tr')).toHaveCount(new Set(diff.access.map((c) => c.email)).size);
  await page.getByRole('group', { name: 'Filters' }).evaluate((el) => el.scrollIntoView());
  await screenshotBoth(page, 'changes-matrix-all');
  await segment(page, 'List').click();

  // Bayside Dental only: the changes made there or below, and the assignments made there.
  const bayside = 'Northwind MSP/Bayside Dental';
  await page.getByRole('combobox', { name: 'Tenant' }).fill('Bayside');
  await page.getByRole('option', { name: /^Bayside Dental/ }).click();
  const there = diff.access.filter((c) => c.scope === bayside || c.scope.startsWith(`${bayside}/`));
  expect(there.length).toBeGreaterThan(0);
  expect(there.length).toBeLessThan(diff.access.length);
  await expect(shownCount(page)).toHaveText(`${there.length} changes shown of ${diff.access.length}`);
  await expect(rows(page)).toHaveCount(there.length);
  await page.getByRole('group', { name: 'Filters' }).evaluate((el) => el.scrollIntoView());
  await screenshotBoth(page, 'changes-by-permission-tenant');

  // The matrix: one row per person with changes there, ✔ and ✖ only where a cell changed.
  await segment(page, 'Matrix').click();
  const matrix = page.getByTestId('changes-matrix');
  const cells = new Map<string, Set<string>>();
  for (const c of there) cells.set(`${c.email} ${c.permission}`, (cells.get(`${c.email} ${c.permission}`) ?? new Set()).add(c.change));
  const only = (change: string) => [...cells.values()].filter((s) => s.size === 1 && s.has(change)).length;
  await expect(matrix.locator('tbody tr')).toHaveCount(new Set(there.map((c) => c.email)).size);
  await expect(matrix.locator('.cm-button')).toHaveCount(cells.size);
  await expect(matrix.locator('.cm-button[data-change="lost"]')).toHaveCount(only('lost'));
  await expect(matrix.locator('.cm-button[data-change="gained"]')).toHaveCount(only('gained'));
  expect(only('lost')).toBeGreaterThan(0);
  // Tomás Herrera's lost approval: the cell opens the change, and its why names Before's assignment.
  const tomas = 'tomas.herrera@northwind-msp.example';
  const cell = matrix.locator(`tr[data-person="${tomas}"]`).getByRole('button', { name: /loses it .*Approve Assisted Remediation/ });
  await expect(cell).toContainText('✖');
  await cell.click();
  await expect(rows(page)).toHaveCount(there.filter((c) => c.email === tomas && c.label === 'Approve Assisted Remediation').length);
  await rows(page).first().getByRole('button').click();
  await expect(page.getByRole('list', { name: 'Why' })).toContainText('The assignment is in Before');
  await page.getByRole('group', { name: 'Filters' }).evaluate((el) => el.scrollIntoView());
  await screenshotBoth(page, 'changes-matrix');

  // The exports hold what the filters show: the JSON's access is Bayside's, the tenant in its provenance.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toContain('bayside-dental');
  const json = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as SnapshotDiff & {
    provenance: { question: { filters: unknown } };
  };
  expect(json.access).toEqual(there);
  expect(json.provenance.question.filters).toEqual({ tenant: bayside });
  const downloadingCsv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = fs.readFileSync(await (await downloadingCsv).path(), 'utf8');
  expect(csv.split('\n').filter((line) => line.startsWith('access,'))).toHaveLength(there.length);

  // A reload keeps the tenant, the matrix and the grouping.
  await expect(page).toHaveURL(new RegExp(`snapshot=${december.id}&.*tenant=.*&group=permission&layout=matrix`));
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Tenant' })).toHaveValue('Bayside Dental');
  await expect(page.getByTestId('changes-matrix').locator('tbody tr')).toHaveCount(new Set(there.map((c) => c.email)).size);
  await segment(page, 'List').click();
  await expect(page.getByTestId('change-permission').first()).toBeVisible();
});
