// What if: a plan edited in the app on Northwind MSP's November export, as an auditor builds one;
// every delta the page shows is checked against the API's own answer for the same plan.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Answered, SnapshotInfo, WhatIfAnswer } from '../../shared/api';
import type { Plan } from '../../shared/engine/what-if';
import { expect, openApp, root, screenshotBoth, segment, test, type Host } from './fixtures';

const JONAS = 'jonas.becker@northwind-msp.example';
const give: Plan['changes'][number] = { op: 'add', email: JONAS, role: 'org-admin', scope: 'Northwind MSP/Bayside Dental' };
const grant: Plan['changes'][number] = { op: 'grant', role: 'org-user', permission: 'remediation.approve' };

/** The API's delta for these changes on the snapshot. */
async function delta(host: Host, snapshot: SnapshotInfo, changes: Plan['changes']) {
  const plan: Plan = { formatVersion: 1, name: 'expected', changes };
  return (await host.call<Answered<WhatIfAnswer>>('whatIf', { snapshotId: snapshot.id, plan })).answer;
}

const summary = (page: Page) => page.getByTestId('whatif-summary');
const changeItems = (page: Page) => page.getByTestId('plan-change');
const propose = (page: Page) => page.getByRole('region', { name: 'Propose a change' });

test('What if: give a role, change a role, remove a change, save, reload and reopen', async ({ page, host }) => {
  const snapshot = await host.importSample('huntress-msp.csv', 'huntress', 'Northwind November');
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page, host, 'what-if');
  await expect(page.getByRole('heading', { name: 'No changes proposed yet' })).toBeVisible();
  await page.getByLabel('Plan name').fill('Bayside cover');

  // Give Jonas Becker (a User at the account) Admin at Bayside Dental.
  const form = propose(page);
  const person = form.getByRole('combobox', { name: 'Person' });
  await person.fill('jonas');
  await page.getByRole('option', { name: /Jonas Becker/ }).click();
  const tenant = form.getByRole('combobox', { name: 'Tenant' });
  await tenant.click();
  await tenant.fill('Bayside');
  await page.getByRole('option', { name: /Bayside Dental/ }).click();
  await form.getByLabel('Role', { exact: true }).selectOption({ label: 'Admin · organization' });
  await form.getByRole('button', { name: 'Add to plan' }).click();

  await expect(changeItems(page)).toHaveText([/Give Jonas Becker Admin · organization at Northwind MSP › Bayside Dental/]);
  const first = await delta(host, snapshot, [give]);
  expect(first.gained).toBeGreaterThan(0);
  await expect(summary(page)).toHaveText(first.summary);
  const gains = page.locator(`[data-testid="change-row"][data-person="${JONAS}"][data-change="gained"]`);
  await expect(gains).toHaveCount(first.access.filter((c) => c.email === JONAS && c.change === 'gained').length);

  // A gain's why ends at the plan's change that proposes the assignment.
  const gain = first.access.find((c) => c.email === JONAS && c.change === 'gained')!;
  const row = gains.filter({ hasText: gain.label });
  await expect(row).toContainText('✔ gained');
  await expect(row).toContainText('plan change 1');
  await row.getByRole('button').click();
  const why = row.getByRole('list', { name: 'Why' });
  await expect(why).toContainText('would hold Admin · organization at Northwind MSP/Bayside Dental');
  await expect(why).toContainText('Change 1 of the plan: Give Jonas Becker Admin · organization at Northwind MSP › Bayside Dental');

  // Organization Users may approve remediations: everyone holding the role gains it.
  await segment(page, 'Change a role').click();
  await form.getByLabel('Role', { exact: true }).selectOption({ label: 'User · organization' });
  await form.getByRole('combobox', { name: 'Permission' }).fill('approve assisted');
  await page.getByRole('option', { name: /Approve Assisted Remediation/ }).click();
  await expect(form.getByTestId('grant-status')).toHaveText('User · organization does not grant this now');
  await form.getByRole('button', { name: 'Grant it' }).click();
  await expect(changeItems(page)).toHaveCount(2);
  await expect(changeItems(page).nth(1)).toContainText('User · organization grants “Approve Assisted Remediation”');
  const both = await delta(host, snapshot, [give, grant]);
  expect(both.gainers).toBeGreaterThan(first.gainers);
  await expect(summary(page)).toHaveText(both.summary);
  // The same form now offers to take the plan's change back.
  await expect(form.getByRole('button', { name: 'Undo the plan’s change' })).toBeVisible();
  await screenshotBoth(page, 'what-if');

  // Without the first change only the role's new grant is left.
  await page.getByRole('button', { name: /^Remove change 1:/ }).click();
  await expect(changeItems(page)).toHaveText([/User · organization grants “Approve Assisted Remediation”/]);
  const granted = await delta(host, snapshot, [grant]);
  await expect(summary(page)).toHaveText(granted.summary);
  await expect(page.locator(`[data-testid="change-row"][data-person="${JONAS}"]`)).toHaveCount(0);

  // Saved by name, it comes back after a reload, the address naming it.
  await page.getByRole('button', { name: 'Save plan' }).click();
  await expect(page.getByTestId('plan-status')).toHaveText('Saved');
  await expect(page).toHaveURL(/#\/what-if\?snapshot=\d+&plan=Bayside%20cover$/);
  const saved = await host.call<Plan>('plan', { name: 'Bayside cover' });
  expect(saved.changes).toEqual([grant]);
  await page.reload();
  await expect(page.getByLabel('Plan name')).toHaveValue('Bayside cover');
  await expect(changeItems(page)).toHaveText([/User · organization grants “Approve Assisted Remediation”/]);
  await expect(summary(page)).toHaveText(granted.summary);
  await expect(page.getByTestId('plan-status')).toHaveText('Saved');

  // The plan as JSON: what the CLI's what-if reads.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export plan' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(
    `huntress-snapshot-${snapshot.id}-plan-bayside-cover-${new Date().toISOString().slice(0, 10)}.json`,
  );
  expect(JSON.parse(fs.readFileSync(await file.path(), 'utf8'))).toEqual(saved);
});

test('What if: a saved plan that does not fit the snapshot names its change, is deleted after a confirmation, and a plan file is imported', async ({
  page,
  host,
}) => {
  await host.importSample('huntress-msp.csv', 'huntress', 'Northwind November');
  await host.call('savePlan', {
    plan: {
      formatVersion: 1,
      name: 'Typo',
      changes: [give, { op: 'remove', email: JONAS, role: 'Admin', scope: 'Northwind MSP/Harbor Law Group' }],
    },
  });
  await openApp(page, host, 'what-if');
  await page.getByLabel('Saved plans').selectOption('Typo');
  await expect(changeItems(page)).toHaveCount(2);
  const alert = page.getByRole('alert').filter({ hasText: 'Change 2 does not fit this snapshot' });
  await expect(alert).toContainText('Take Admin at Northwind MSP › Harbor Law Group from Jonas Becker');
  await expect(alert).toContainText(`${JONAS} holds no Admin · organization at Northwind MSP/Harbor Law Group`);
  await expect(changeItems(page).nth(1)).toContainText('does not fit this snapshot');
  await screenshotBoth(page, 'what-if-problem');

  // The plan is kept: without the bad change the delta is back.
  await page.getByRole('button', { name: /^Remove change 2:/ }).click();
  await expect(summary(page)).toBeVisible();
  await expect(page.getByTestId('plan-status')).toHaveText('Changed since saved');

  await page.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete the saved plan “Typo”?' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('plan-status')).toHaveText('Not saved');
  expect(await host.call('plans', {})).toEqual([]);
  await expect(changeItems(page)).toHaveCount(1);

  // A plan file replaces the unsaved plan once that is confirmed; a file that is no plan is refused by its JSON path.
  const file = page.locator('input[type="file"]');
  await file.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"formatVersion":1,"name":"B","changes":[{"op":"promote"}]}'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'broken.json is not a plan' })).toContainText('changes[0].op');
  await expect(changeItems(page)).toHaveCount(1);
  const offboarding = fs.readFileSync(path.join(root, 'resources', 'plans', 'offboarding.json'));
  await file.setInputFiles({ name: 'offboarding.json', mimeType: 'application/json', buffer: offboarding });
  await page.getByRole('dialog', { name: 'Discard the changes to this plan?' }).getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByLabel('Plan name')).toHaveValue('Offboarding');
  await expect(changeItems(page)).toHaveCount(3);
  await expect(changeItems(page).first()).toContainText('Offboard Marcus Webb: remove every role');
  await expect(page.getByTestId('plan-status')).toHaveText('Not saved');
});

test('What if: take a role, move a person and bring in a new one, each from the person’s own roles and the tenants', async ({
  page,
  host,
}) => {
  const snapshot = await host.importSample('huntress-msp.csv', 'huntress', 'Northwind November');
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page, host, 'what-if');
  const form = propose(page);
  const pickPerson = async (text: string, option: RegExp) => {
    await form.getByRole('combobox', { name: 'Person' }).fill(text);
    await page.getByRole('option', { name: option }).click();
  };

  // Tomás Herrera's Admin at Bayside Dental, chosen among the roles he holds.
  await segment(page, 'Take a role').click();
  await pickPerson('tomas', /Tomás Herrera/);
  const held = form.getByLabel('Their role to take away');
  await expect(held.locator('option')).toContainText([
    'Read-Only · account at Northwind MSP',
    'Admin · organization at Northwind MSP › Bayside Dental',
  ]);
  await held.selectOption({ label: 'Admin · organization at Northwind MSP › Bayside Dental' });
  await form.getByRole('button', { name: 'Add to plan' }).click();

  // Priya Raman's roles at Bayside Dental go to Harbor Law Group: only organizations are offered.
  await segment(page, 'Move').click();
  await pickPerson('priya', /Priya Raman/);
  await form.getByLabel('From tenant').selectOption({ label: 'Northwind MSP › Bayside Dental' });
  const to = form.getByRole('combobox', { name: 'To tenant' });
  await to.click();
  await expect(page.getByRole('option', { name: /^Northwind MSP/ })).toHaveCount(0);
  await to.fill('Harbor');
  await page.getByRole('option', { name: /Harbor Law Group/ }).click();
  await form.getByRole('button', { name: 'Add to plan' }).click();

  // Someone not in the snapshot yet, by their email.
  await segment(page, 'Give a role').click();
  await pickPerson('dana.reyes@northwind-msp.example', /dana\.reyes@northwind-msp\.example/);
  await form.getByLabel('Their name').fill('Dana Reyes');
  const tenant = form.getByRole('combobox', { name: 'Tenant' });
  await tenant.click();
  await tenant.fill('Northwind MSP');
  await page.getByRole('option', { name: 'Northwind MSP', exact: true }).click();
  await form.getByLabel('Role', { exact: true }).selectOption({ label: 'Read-Only · account' });
  await form.getByRole('button', { name: 'Add to plan' }).click();

  await expect(changeItems(page)).toHaveText([
    /Take Admin · organization at Northwind MSP › Bayside Dental from Tomás Herrera/,
    /Move Priya Raman’s roles from Northwind MSP › Bayside Dental to Northwind MSP › Harbor Law Group/,
    /Give Dana Reyes Read-Only · account at Northwind MSP/,
  ]);
  const expected = await delta(host, snapshot, [
    { op: 'remove', email: 'tomas.herrera@northwind-msp.example', role: 'org-admin', scope: 'Northwind MSP/Bayside Dental' },
    { op: 'move', email: 'priya.raman@coastal-it.example', from: 'Northwind MSP/Bayside Dental', to: 'Northwind MSP/Harbor Law Group' },
    { op: 'add', email: 'dana.reyes@northwind-msp.example', name: 'Dana Reyes', role: 'account-read-only', scope: 'Northwind MSP' },
  ]);
  expect(expected.added).toEqual(['dana.reyes@northwind-msp.example']);
  await expect(summary(page)).toHaveText(expected.summary);
  await expect(page.getByRole('region', { name: 'Delta' })).toContainText('1 person added');
  await screenshotBoth(page, 'what-if-people');
});
