// The app speaks plainly: no command-line syntax, no file names of the app's own, no jargon such as
// "seed" (the vendor's documentation) anywhere a person reads; and the Tenants view says what each
// number is, without one number three times over at a leaf.
import type { Page } from '@playwright/test';
import type { TreeNode } from '../../shared/api';
import { expect, openApp, segment, test } from './fixtures';

/** What must not be read on screen, each with why. */
const JARGON: [RegExp, string][] = [
  // Hexiosec's own permission "Add seed domains & IPs" is the vendor's word for the domains a scan starts from.
  [/\bseeds?\b(?! domains)/i, 'internal jargon: say "the vendor\'s documentation"'],
  [/(^|\s)--[a-z]/m, 'a command-line option'],
  [/\bpermaudit\b|\bnpx\b/i, 'a command'],
  [/resources\/|\b\d{3}_[0-9a-f]{16}\.txt\b/, "a file of the app's own"],
];

/** The text a person reads on the page now, tooltips included. */
function readable(page: Page): Promise<string> {
  return page.evaluate(() =>
    [document.body.innerText, ...[...document.querySelectorAll('[title]')].map((el) => el.getAttribute('title') ?? '')].join('\n'),
  );
}

async function expectPlain(page: Page, where: string) {
  const text = await readable(page);
  for (const [pattern, what] of JARGON) expect(text.match(pattern)?.[0], `${where}: ${what}`).toBeUndefined();
}

test('every view and dialog reads without jargon or command-line syntax', async ({ page, host }) => {
  await host.importSample('hexiosec-asm.csv', 'hexiosec-asm');
  await host.importSample('huntress-msp.csv', 'huntress');
  await openApp(page, host, 'snapshots');
  await expect(page.getByRole('table')).toContainText('huntress-msp.csv');
  await expectPlain(page, 'Snapshots');
  await page
    .getByRole('button', { name: /^Delete / })
    .first()
    .click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectPlain(page, 'Delete snapshot dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Tenants', exact: true }).click();
  await page.getByRole('treegrid', { name: 'Tenants' }).getByText('Bayside Dental', { exact: true }).click();
  await expectPlain(page, 'Tenants');

  await page.getByRole('button', { name: 'Who can', exact: true }).click();
  await page.getByRole('combobox', { name: 'Permission' }).fill('approve assisted');
  await page.keyboard.press('Enter');
  await page
    .getByRole('button', { name: /^Why can / })
    .first()
    .click();
  await expect(page.getByRole('list', { name: 'Why' })).toBeVisible();
  await expectPlain(page, 'Who can, with a why-chain');
  await page
    .getByRole('list', { name: 'Why' })
    .getByRole('button', { name: /^Huntress — / })
    .first()
    .click();
  await expect(page.getByRole('dialog')).toContainText('Line ');
  await expectPlain(page, "The vendor's page");
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Users', exact: true }).click();
  await page.getByRole('listbox', { name: 'People' }).getByRole('option').first().click();
  const canBox = page.getByRole('region', { name: 'Can they…?' });
  await canBox.getByRole('combobox', { name: 'Permission' }).fill('update payment');
  await page.keyboard.press('Enter');
  await canBox.getByRole('button', { name: 'Ask' }).click();
  await expect(canBox.getByTestId('can-result')).toBeVisible();
  await expectPlain(page, 'Users, with "Can they…?"');

  await page.getByRole('button', { name: 'Access matrix', exact: true }).click();
  await page.getByRole('grid', { name: 'Access matrix' }).locator('[role=gridcell][data-cell="all"]').first().click();
  await expect(page.getByRole('dialog').getByRole('list', { name: 'Why' }).first()).toBeVisible();
  await expectPlain(page, 'Access matrix, with a why');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Roles', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Notes' })).toBeVisible();
  await expectPlain(page, 'Roles (Huntress)');
  await page.getByLabel('Platform').selectOption('hexiosec-asm');
  await expect(page.locator('.model-meta')).toContainText('Hexiosec');
  await expectPlain(page, 'Roles (Hexiosec ASM)');

  await page.getByRole('button', { name: 'What if', exact: true }).click();
  const propose = page.getByRole('region', { name: 'Propose a change' });
  await segment(page, 'Offboard').click();
  await propose.getByRole('combobox', { name: 'Person' }).fill('maria');
  await page.getByRole('option', { name: /Maria Santos/ }).click();
  await propose.getByRole('button', { name: 'Add to plan' }).click();
  await page.getByTestId('change-row').first().getByRole('button').click();
  await expect(page.getByRole('list', { name: 'Why' })).toContainText('Change 1 of the plan');
  await expectPlain(page, 'What if, with a why');

  await page.getByRole('button', { name: 'Findings', exact: true }).click();
  const finding = page.getByRole('list', { name: 'Findings' }).locator(':scope > li').first();
  await finding.getByRole('button').first().click();
  await expect(finding.getByRole('region', { name: 'Evidence' })).toBeVisible();
  await expectPlain(page, 'Findings, with the evidence');
  await finding.getByRole('button', { name: 'Accept as exception…' }).click();
  await expect(page.getByRole('dialog', { name: 'Accept as exception' })).toBeVisible();
  await expectPlain(page, 'Accept as exception dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Rule settings…' }).click();
  await expect(page.getByRole('dialog', { name: 'Rule settings' })).toBeVisible();
  await expectPlain(page, 'Rule settings dialog');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Reviews', exact: true }).click();
  await page.getByRole('button', { name: 'Start a review…' }).click();
  const start = page.getByRole('dialog', { name: 'Start a review' });
  await start.getByLabel('Name').fill('Q4 access review');
  await start.getByLabel('Reviewer’s email').fill('compliance@northwind-msp.example');
  await start.getByLabel('Started by').fill('Elena Vasquez');
  await expect(start.getByText(/Complete: every one of the/)).toBeVisible();
  await expectPlain(page, 'Start a review dialog, with its preview');
  await start.getByRole('button', { name: 'Start the review' }).click();
  await expect(page.getByRole('tab', { name: 'Items' })).toBeVisible();
  await expectPlain(page, 'A review and its items');
  await page.getByRole('tab', { name: 'Log' }).click();
  await expectPlain(page, 'A review’s log');

  await page.getByRole('button', { name: 'Reports', exact: true }).click();
  await expect(page.frameLocator('iframe.report-frame').getByRole('heading', { level: 1 })).toBeVisible();
  await expectPlain(page, 'Reports');

  await page.getByRole('button', { name: 'Import CSV…' }).first().click();
  await expect(page.getByRole('dialog', { name: 'Import CSV exports' })).toBeVisible();
  await expectPlain(page, 'Import dialog');
});

test('Tenants: each number says what it counts, and a leaf organization shows what is there once', async ({ page, host }) => {
  const { id: snapshotId } = await host.importSample('huntress-msp.csv', 'huntress');
  const { answer: nodes } = await host.call<{ answer: TreeNode[] }>('tree', { snapshotId });
  await openApp(page, host, 'tenants');
  const tree = page.getByRole('treegrid', { name: 'Tenants' });
  await expect(tree.getByRole('columnheader')).toHaveText([
    'Tenant',
    'Level',
    'People with access',
    'Role assignments here',
    'Role assignments incl. below',
  ]);

  // The account: people with access, assignments made there, and made there or below.
  const account = nodes.find((n) => n.parentId === null)!;
  const numbers = (name: string) =>
    tree
      .getByRole('row')
      .filter({ has: page.locator('.tree-label', { hasText: new RegExp(`^${name}$`) }) })
      .locator('[role=gridcell].num');
  await expect(numbers(account.name)).toHaveText([
    String(account.peopleWithAccess),
    String(account.assignmentCount),
    account.subtreeAssignmentCount.toLocaleString('en-US'),
  ]);

  // A leaf: nothing below it, so no second count of the same assignments.
  const leaf = nodes.find((n) => n.name === 'Bayside Dental')!;
  expect(leaf.childIds).toEqual([]);
  expect(leaf.subtreeAssignmentCount).toBe(leaf.assignmentCount);
  const leafNumbers = numbers('Bayside Dental');
  await expect(leafNumbers).toHaveText([String(leaf.peopleWithAccess), String(leaf.assignmentCount), '–']);
  await expect(leafNumbers.nth(2)).toHaveAccessibleName('No tenants below');

  // The scope card says the same in words.
  await tree.getByText('Bayside Dental', { exact: true }).click();
  const card = page.getByRole('complementary', { name: 'Scope' });
  await expect(card).toContainText(new RegExp(`People with access\\s*${leaf.peopleWithAccess}`));
  await expect(card).toContainText(new RegExp(`Role assignments here\\s*${leaf.assignmentCount}`));
  await expect(card).not.toContainText('incl. below');
});
