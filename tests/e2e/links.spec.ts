// Links that last: the address holds the snapshot, the view, the question and the filters, so a
// reload, Back and Forward, and a copied address return to the same answer.
import type { Page } from '@playwright/test';
import type { SnapshotInfo } from '../../shared/api';
import { expect, openApp, screenshotBoth, segment, test, type Host } from './fixtures';

/** Two snapshots: Northwind (Huntress), the older, and Hexiosec, the newest, which the app opens by itself. */
async function twoSnapshots(host: Host): Promise<{ northwind: SnapshotInfo; hexiosec: SnapshotInfo }> {
  const northwind = await host.importSample('huntress-msp.csv', 'huntress', 'Northwind');
  const hexiosec = await host.importSample('hexiosec-asm.csv', 'hexiosec-asm', 'Hexiosec');
  return { northwind, hexiosec };
}

const switcher = (page: Page) => page.getByRole('button', { name: /^Open snapshot:/ });

test('a question of an older snapshot survives a reload, steps back and forward, and opens from a copied address', async ({
  page,
  host,
  context,
}) => {
  const { northwind } = await twoSnapshots(host);
  await openApp(page, host, 'snapshots');
  await expect(switcher(page)).toContainText('Hexiosec');

  // Open the older snapshot, then ask who can approve remediation at Bayside Dental through the API.
  await page.getByRole('button', { name: 'Open Northwind' }).click();
  await expect(switcher(page)).toContainText('Northwind');
  await page.getByRole('button', { name: 'Who can', exact: true }).click();
  const permission = page.getByRole('combobox', { name: 'Permission' });
  await permission.fill('approve assisted');
  await page.getByRole('option', { name: /Approve Assisted Remediation/ }).click();
  const summary = page.getByTestId('who-can-summary');
  await expect(summary).toContainText('can Approve Assisted Remediation anywhere');
  const scope = page.getByRole('combobox', { name: 'Scope' });
  await scope.click();
  await scope.fill('Bayside');
  await page.keyboard.press('Enter');
  await expect(summary).toContainText('at Northwind MSP/Bayside Dental');
  await segment(page, 'API').click();
  await expect(summary).toContainText('through the API');
  const answer = page.getByRole('region', { name: 'Answer' });
  const rows = answer.getByRole('row');
  const unfiltered = await summary.innerText();
  await page.getByRole('searchbox', { name: 'Filter the answer' }).fill('northwind-msp');
  await expect(summary).not.toHaveText(unfiltered);
  await expect(answer).not.toContainText('@bayside-dental.example');
  await expect(answer).toHaveAttribute('aria-busy', 'false');
  const filtered = await summary.innerText();
  const people = await rows.allTextContents();
  expect(people.length).toBeGreaterThan(1);
  await expect(page).toHaveURL(
    new RegExp(
      `#/who-can\\?snapshot=${northwind.id}&scope=Northwind%20MSP%2FBayside%20Dental&permission=[^&]+&channel=api&q=northwind-msp$`,
    ),
  );
  await expect(page).toHaveTitle('Who can: Approve Assisted Remediation in Bayside Dental · Permission Auditor');

  // A reload shows the same answer of the same (older) snapshot, not the newest.
  await page.reload();
  await expect(summary).toHaveText(filtered);
  await expect(answer).toHaveAttribute('aria-busy', 'false');
  await expect(switcher(page)).toContainText('Northwind');
  await expect(permission).toHaveValue('Approve Assisted Remediation');
  await expect(scope).toHaveValue('Bayside Dental');
  await expect(page.getByRole('radio', { name: 'API' })).toBeChecked();
  await expect(page.getByRole('searchbox', { name: 'Filter the answer' })).toHaveValue('northwind-msp');
  await expect(rows).toHaveText(people);
  await screenshotBoth(page, 'links-who-can-reloaded');

  // The address as copied from the address bar (no token: the page took it out) opens the same answer in another tab.
  expect(page.url()).not.toContain('token');
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByTestId('who-can-summary')).toHaveText(filtered);
  await expect(other.getByRole('region', { name: 'Answer' }).getByRole('row')).toHaveText(people);
  await other.close();

  // Back and Forward step through the scope, the permission and the views; typing made no steps.
  await page.goBack();
  await expect(summary).toContainText('can Approve Assisted Remediation anywhere');
  await expect(page.getByRole('navigation', { name: 'Scope' }).locator('[aria-current="location"]')).toHaveText('All tenants');
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Choose a permission' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Tenants', level: 1 })).toBeVisible();
  await expect(switcher(page)).toContainText('Northwind');
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Snapshots', level: 1 })).toBeVisible();
  await expect(switcher(page)).toContainText('Hexiosec');
  await page.goForward();
  await expect(switcher(page)).toContainText('Northwind');
  await page.goForward();
  await page.goForward();
  await page.goForward();
  await expect(summary).toHaveText(filtered);
  await expect(rows).toHaveText(people);
});

test('the matrix’s filters and the selected person survive a reload', async ({ page, host }) => {
  const { northwind } = await twoSnapshots(host);
  await page.goto(`${host.server.url}#/matrix?snapshot=${northwind.id}`);
  const grid = page.getByRole('grid', { name: 'Access matrix' });
  await expect(grid).toContainText('elena.vasquez@northwind-msp.example');
  await page.getByRole('button', { name: /Category:/ }).click();
  await page.getByRole('group', { name: 'Permission categories' }).getByLabel('Billing').check();
  await page.keyboard.press('Escape');
  await page.getByLabel('Role').selectOption('Finance');
  await page.getByLabel('Sort people by').selectOption('email');
  await expect(page.getByTestId('matrix-count')).toContainText('1 person ×');
  const count = await page.getByTestId('matrix-count').innerText();
  await page.reload();
  await expect(page.getByTestId('matrix-count')).toHaveText(count);
  await expect(grid).toContainText('grace.whitfield@northwind-msp.example');
  await expect(page.getByRole('button', { name: /Category:/ })).toContainText('Billing');
  await expect(page.getByLabel('Role')).toHaveValue('Finance');
  await expect(page.getByLabel('Sort people by')).toHaveValue('email');
  await expect(switcher(page)).toContainText('Northwind');
  await screenshotBoth(page, 'links-matrix-reloaded');

  await page.getByRole('button', { name: 'Users' }).click();
  await page.getByRole('searchbox', { name: 'Search people' }).fill('grace');
  const list = page.getByRole('listbox', { name: 'People' });
  await expect(list.getByRole('option')).toHaveCount(1);
  await list.getByRole('option').first().click();
  const person = page.getByRole('region', { name: 'Person' });
  await expect(person).toContainText('grace.whitfield@northwind-msp.example');
  await expect(page).toHaveURL(/person=grace\.whitfield%40northwind-msp\.example/);
  await page.reload();
  await expect(person.getByRole('heading', { level: 2 })).toContainText('Grace');
  await expect(person).toContainText('Finance');
  await expect(page.getByRole('searchbox', { name: 'Search people' })).toHaveValue('grace');
  await expect(list.getByRole('option', { selected: true })).toContainText('grace.whitfield@northwind-msp.example');
  await screenshotBoth(page, 'links-users-reloaded');
});

test('an address naming a deleted snapshot or an unknown tenant falls back, and says so', async ({ page, host }) => {
  const { northwind, hexiosec } = await twoSnapshots(host);
  await host.call('deleteSnapshot', { snapshotId: northwind.id });
  await page.goto(`${host.server.url}#/tenants?snapshot=${northwind.id}`);
  await expect(page.getByText(`Snapshot #${northwind.id} is no longer here: showing the newest, “Hexiosec”.`)).toBeVisible();
  await expect(switcher(page)).toContainText('Hexiosec');
  await expect(page).toHaveURL(new RegExp(`#/tenants\\?snapshot=${hexiosec.id}$`));

  await page.goto(`${host.server.url}#/who-can?snapshot=${hexiosec.id}&scope=Nowhere%2FAt%20All`);
  await expect(page.getByText('“Nowhere/At All” is not a tenant in this snapshot: showing all tenants.')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Scope' }).locator('[aria-current="location"]')).toHaveText('All tenants');
  await expect(page).toHaveURL(new RegExp(`#/who-can\\?snapshot=${hexiosec.id}$`));
  await screenshotBoth(page, 'links-fallback');
});
