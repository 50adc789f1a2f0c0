// Findings on Northwind MSP's export, as an auditor reviews them: the counts by severity, a severity
// chosen, a finding opened to its evidence, one accepted as an exception (a reason, who and a last day
// required), a rule setting changed and the list following it, and all of it kept across a reload.
// Every number the page shows is checked against the API's own answer for the same rules.
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import type { Answered, FindingsAnswer, SnapshotInfo } from '../../shared/api';
import { expect, openApp, screenshotBoth, test, type Host } from './fixtures';

const DANIEL = 'daniel.okonkwo@northwind-msp.example';
const MARCUS = 'marcus.webb@northwind-msp.example';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The API's findings for the snapshot under the rules saved now. */
async function findingsOf(host: Host, snapshot: SnapshotInfo) {
  return (await host.call<Answered<FindingsAnswer>>('findings', { snapshotId: snapshot.id })).answer;
}

const count = (page: Page, label: string) =>
  page.getByRole('region', { name: 'Findings by severity' }).getByRole('button', { name: new RegExp(`^[\\d,]+ ${label}$`) });
const items = (page: Page) => page.getByRole('list', { name: 'Findings' }).locator(':scope > li');

test('Findings: counts, a severity, the evidence, an exception accepted, a setting changed, all kept on reload', async ({ page, host }) => {
  test.setTimeout(120_000);
  const snapshot = await host.importSample('huntress-msp.csv', 'huntress', 'Northwind November');
  // An exception accepted earlier that has run out: its finding is open again and says so.
  await host.call('saveFindingsRules', {
    platform: 'huntress',
    settings: {
      formatVersion: 1,
      exceptions: [
        {
          rule: 'disabled-with-roles',
          user: MARCUS,
          reason: 'Leaver kept for the handover',
          acceptedBy: 'Elena Vasquez',
          expires: day(-1),
        },
      ],
    },
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page, host, `findings?snapshot=${snapshot.id}`);

  const before = await findingsOf(host, snapshot);
  for (const [label, n] of [
    ['Critical', before.counts.bySeverity.critical],
    ['High', before.counts.bySeverity.high],
    ['Medium', before.counts.bySeverity.medium],
    ['Low', before.counts.bySeverity.low],
    ['Not evaluable', before.counts.notEvaluable],
    ['Excepted', before.counts.excepted],
  ] as const)
    await expect(count(page, label)).toHaveText(`${n}${label}`);
  await expect(page.getByText('1 exception expired: its finding is open again.')).toBeVisible();
  await expect(items(page)).toHaveCount(Math.min(100, before.findings.length));

  // The expired exception is flagged on its finding, open again in its severity.
  await page.getByLabel('Filter by person or tenant').fill('marcus.webb');
  const marcus = items(page).filter({ hasText: 'Suspended account still holds roles' });
  await expect(marcus).toContainText('Exception expired');
  await marcus.getByRole('button', { name: /Suspended account/ }).click();
  await expect(marcus).toContainText(
    /Exception expired on .*, so the finding is open again\. Accepted by Elena Vasquez: “Leaver kept for the handover”/,
  );
  await page.getByLabel('Filter by person or tenant').fill('');

  // The not-evaluable findings are listed as such, not as passing.
  await count(page, 'Not evaluable').click();
  await expect(items(page)).toHaveCount(before.counts.notEvaluable);
  await expect(items(page).first()).toContainText('Not evaluable');

  // Critical only: the address says so.
  await page.getByLabel('Severity', { exact: true }).selectOption({ label: 'Critical' });
  await expect(page).toHaveURL(/severity=critical/);
  const critical = before.findings.filter((f) => f.severity === 'critical' && !f.excepted && f.status === 'finding');
  await expect(items(page)).toHaveCount(critical.length);
  await expect(page.getByRole('status').filter({ hasText: 'of' })).toHaveText(`${critical.length} of ${before.findings.length} findings`);

  // Daniel's finding opens to why, what to do, and the assignment behind it with the vendor's words.
  const daniel = items(page).filter({ hasText: DANIEL });
  await daniel.getByRole('button', { name: /Privileged access without MFA/ }).click();
  await expect(daniel.getByText('What to do')).toBeVisible();
  const evidence = daniel.getByRole('region', { name: 'Evidence' });
  await expect(evidence).toContainText(`${DANIEL} holds Admin · account at Northwind MSP`);
  await expect(evidence.locator('code')).toHaveText('huntress-msp.csv:2');
  await expect(evidence.getByRole('button', { name: /Setting Huntress User Permissions/ }).first()).toBeVisible();
  await screenshotBoth(page, 'findings');

  // Accepting it needs a reason, who accepts it and a last day.
  await daniel.getByRole('button', { name: 'Accept as exception…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Accept as exception' });
  await dialog.getByRole('button', { name: 'Accept as exception' }).click();
  await expect(dialog.getByText('Say why the risk is accepted.')).toBeVisible();
  await expect(dialog.getByText('Say who accepts it.')).toBeVisible();
  await expect(dialog.getByText('Choose the last day the exception holds.')).toBeVisible();
  await dialog.getByLabel('Reason').fill('Break-glass account; MFA through the hardware key reader');
  await dialog.getByLabel('Accepted by').fill('Elena Vasquez (CISO)');
  await dialog.getByLabel('Last day').fill(day(60));
  await screenshotBoth(page, 'findings-accept');
  await dialog.getByRole('button', { name: 'Accept as exception' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(count(page, 'Critical')).toHaveText(`${critical.length - 1}Critical`);
  await expect(count(page, 'Excepted')).toHaveText(`${before.counts.excepted + 1}Excepted`);
  await count(page, 'Excepted').click();
  const accepted = items(page).filter({ hasText: DANIEL });
  await expect(accepted).toContainText('Excepted');
  // Still open, now with the exception that accepts it.
  await expect(accepted.getByRole('button', { name: /Privileged access without MFA/ })).toHaveAttribute('aria-expanded', 'true');
  await expect(accepted).toContainText('Accepted by Elena Vasquez (CISO): “Break-glass account; MFA through the hardware key reader”');
  await screenshotBoth(page, 'findings-excepted');

  // Inactivity counted from 400 days instead of 90: fewer people are inactive. A bad number is refused by its field.
  await page.getByLabel('Severity', { exact: true }).selectOption({ label: 'All' });
  await page.getByLabel('Rule', { exact: true }).selectOption({ label: 'Inactive' });
  await expect(page).toHaveURL(/rule=inactive/);
  const inactive = before.findings.filter((f) => f.rule === 'inactive').length;
  await expect(items(page)).toHaveCount(inactive);
  await page.getByRole('button', { name: 'Rule settings…' }).click();
  const settings = page.getByRole('dialog', { name: 'Rule settings' });
  const days = settings.getByLabel('Inactive after (days without login)');
  await days.fill('0');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByText('must be a whole number of at least 1, got 0')).toBeVisible();
  await expect(days).toHaveAttribute('aria-invalid', 'true');
  await days.fill('400');
  await screenshotBoth(page, 'findings-settings');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings).toHaveCount(0);
  const after = await findingsOf(host, snapshot);
  const stillInactive = after.findings.filter((f) => f.rule === 'inactive').length;
  expect(stillInactive).toBeLessThan(inactive);
  await expect(items(page)).toHaveCount(stillInactive);
  await expect(items(page).first()).toContainText(/No login for (4\d\d|[5-9]\d\d) days/);

  // A reload returns to the same filters, and the settings and the exception are kept.
  await page.reload();
  await expect(items(page)).toHaveCount(stillInactive);
  await expect(page.getByLabel('Rule', { exact: true })).toHaveValue('inactive');
  await expect(page.getByText(/^Rules saved .*, with 2 accepted exceptions\./)).toBeVisible();
  await expect(count(page, 'Excepted')).toHaveText(`${after.counts.excepted}Excepted`);
  await page.getByRole('button', { name: 'Rule settings…' }).click();
  await expect(page.getByRole('dialog', { name: 'Rule settings' }).getByLabel('Inactive after (days without login)')).toHaveValue('400');
  await page.keyboard.press('Escape');

  // The JSON export is the whole run, recorded in the database with exactly the rules it ran with.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^huntress-snapshot-\d+-findings-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as FindingsAnswer;
  expect(exported.run).toEqual({ id: expect.any(Number), runAt: expect.any(String) });
  expect(exported.settings).toMatchObject({ source: 'saved', settings: after.settings.settings });
  expect(exported.settings.settings.rules?.inactive).toEqual({ days: 400 });
  expect(exported.findings).toHaveLength(after.findings.length);
});

test('Findings: an exception edited (its last day) and removed, and each export listed with the rules it ran with', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  const snapshot = await host.importSample('huntress-msp.csv', 'huntress', 'Northwind November');
  // Daniel's exception ran out yesterday; Marcus's holds for a month.
  await host.call('saveFindingsRules', {
    platform: 'huntress',
    settings: {
      formatVersion: 1,
      exceptions: [
        { rule: 'privileged-no-mfa', user: DANIEL, reason: 'Break-glass account', acceptedBy: 'Elena Vasquez', expires: day(-1) },
        {
          rule: 'disabled-with-roles',
          user: MARCUS,
          reason: 'Leaver kept for the handover',
          acceptedBy: 'Elena Vasquez',
          expires: day(30),
        },
      ],
    },
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page, host, `findings?snapshot=${snapshot.id}`);
  const before = await findingsOf(host, snapshot);
  const noMfa = () => items(page).filter({ hasText: 'Privileged access without MFA' }).filter({ hasText: DANIEL });
  const suspended = () => items(page).filter({ hasText: 'Suspended account still holds roles' }).filter({ hasText: MARCUS });
  await expect(noMfa()).toContainText('Exception expired');
  await expect(suspended()).toContainText('Excepted');

  // The exceptions as saved: the expired one marked.
  await page.getByRole('button', { name: 'Exceptions (2)…' }).click();
  const list = page.getByRole('dialog', { name: 'Accepted exceptions' });
  const entries = list.getByRole('list', { name: 'Accepted exceptions' }).locator(':scope > li');
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText(`Privileged without MFA for ${DANIEL}`);
  await expect(entries.nth(0)).toContainText('Expired');
  await expect(entries.nth(0)).toContainText('“Break-glass account”');
  await expect(entries.nth(1)).not.toContainText('Expired');
  await screenshotBoth(page, 'findings-exceptions');

  // Daniel's last day moved: a day already past is refused by its field, a day to come accepts the finding again.
  await list.getByRole('button', { name: `Edit the exception for ${DANIEL}` }).click();
  const edit = page.getByRole('dialog', { name: 'Edit exception' });
  await expect(edit.getByLabel('Reason')).toHaveValue('Break-glass account');
  await edit.getByLabel('Last day').fill(day(0));
  await edit.getByRole('button', { name: 'Save exception' }).click();
  await expect(edit.getByText(/must be after today/)).toBeVisible();
  await expect(edit.getByLabel('Last day')).toHaveAttribute('aria-invalid', 'true');
  await edit.getByLabel('Last day').fill(day(45));
  await screenshotBoth(page, 'findings-exception-edit');
  await edit.getByRole('button', { name: 'Save exception' }).click();
  await expect(edit).toHaveCount(0);
  await expect(entries.nth(0)).not.toContainText('Expired');
  await expect(count(page, 'Excepted')).toHaveText(`${before.counts.excepted + 1}Excepted`);

  // Marcus's removed, once confirmed: his finding is open again.
  await list.getByRole('button', { name: `Remove the exception for ${MARCUS}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove this exception?' });
  await expect(confirm).toContainText('Leaver kept for the handover');
  await screenshotBoth(page, 'findings-exception-remove');
  await confirm.getByRole('button', { name: 'Remove exception' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(entries).toHaveCount(1);
  await list.getByRole('button', { name: 'Close' }).first().click();
  await expect(list).toHaveCount(0);
  await expect(noMfa()).toContainText('Excepted');
  await expect(suspended()).not.toContainText('Excepted');
  const after = await findingsOf(host, snapshot);
  expect(after.settings.settings.exceptions).toEqual([expect.objectContaining({ user: DANIEL, expires: day(45) })]);

  // A CSV export is recorded: listed with what it found, its format and the SHA-256 of its rules, which it shows as they were.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await downloading;
  await page.getByRole('button', { name: 'Recorded runs…' }).click();
  const runs = page.getByRole('dialog', { name: 'Recorded runs' });
  const recorded = runs.getByRole('list', { name: 'Recorded runs' }).locator(':scope > li');
  await expect(recorded).toHaveCount(1);
  await expect(recorded.first()).toContainText('Exported as CSV');
  await expect(recorded.first()).toContainText(after.summary);
  await expect(recorded.first().locator('code')).toHaveText(after.settings.sha256 as string);
  await recorded.first().getByRole('button', { name: 'Show the rules' }).click();
  const rules = recorded.first().locator('pre');
  await expect(rules).toContainText(`"expires": "${day(45)}"`);
  expect(JSON.parse((await rules.textContent()) as string)).toEqual(after.settings.settings);
  await screenshotBoth(page, 'findings-runs');
});
