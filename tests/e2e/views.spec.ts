import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, openApp, pressFind, screenshot, screenshotBoth, segment, test } from './fixtures';

/** Bayside Dental in the Huntress sample: the 11 people with a role there and the 13 whose account roles reach it, one of them both. */
const PEOPLE_AT_BAYSIDE = 23;

test('snapshots table: details, switching and deleting with confirmation', async ({ page, host }) => {
  await host.importSample('hexiosec-asm.csv', 'hexiosec-asm', 'Hexiosec review');
  await host.importSample('huntress-msp.csv', 'huntress', 'Northwind Q4 review');
  await openApp(page, host, 'snapshots');
  const table = page.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(3);
  const northwind = table.getByRole('row', { name: /Northwind Q4 review/ });
  await expect(northwind).toContainText('Huntress');
  await expect(northwind).toContainText('2022-06');
  await expect(northwind).toContainText('266');
  await expect(northwind).toContainText('huntress-msp.csv');
  await expect(northwind).toContainText('266 rows · UTF-8'); // the file record names the encoding it was read in
  await expect(northwind.locator('.badge', { hasText: 'Current' })).toBeVisible(); // the newest is the one the views answer from
  await screenshotBoth(page, 'snapshots');

  await table.getByRole('button', { name: 'Open Hexiosec review' }).click();
  await expect(page.getByRole('button', { name: /Open snapshot: Hexiosec review/ })).toBeVisible();
  await page.getByRole('button', { name: 'Snapshots' }).click();

  await table.getByRole('button', { name: 'Delete Hexiosec review' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this snapshot?' });
  await expect(confirm).toContainText('Hexiosec review');
  await screenshot(page, 'snapshots-delete-confirm');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(table.getByRole('row')).toHaveCount(3);
  await table.getByRole('button', { name: 'Delete Hexiosec review' }).click();
  await confirm.getByRole('button', { name: 'Delete snapshot' }).click();
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('button', { name: /Open snapshot: Northwind Q4 review/ })).toBeVisible();
});

test('the tenant tree scopes the other views', async ({ page, host }) => {
  await host.importSample('huntress-msp.csv', 'huntress');
  await openApp(page, host, 'tenants');
  const tree = page.getByRole('treegrid', { name: 'Tenants' });
  await expect(tree.getByRole('row', { name: /Northwind MSP/ }).first()).toBeVisible();
  await screenshotBoth(page, 'tenants');

  // Keyboard: into the tree, down to the first organization, choose it.
  await tree.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const scope = page.getByRole('navigation', { name: 'Scope' });
  await expect(scope).toContainText('Northwind MSP');
  await expect(scope.locator('[aria-current="location"]')).not.toHaveText('All tenants');

  // Mouse: choose Bayside Dental.
  await tree.getByText('Bayside Dental', { exact: true }).click();
  await expect(scope.locator('[aria-current="location"]')).toHaveText('Bayside Dental');
  await expect(tree.getByRole('row', { selected: true })).toContainText('Bayside Dental');
  await expect(page.getByRole('complementary', { name: 'Scope' })).toContainText('Northwind MSP/Bayside Dental');
  // The tree counts the people the Users list will show there.
  await expect(page.getByRole('complementary', { name: 'Scope' })).toContainText(new RegExp(`People with access\\s*${PEOPLE_AT_BAYSIDE}`));
  await screenshot(page, 'tenants-selected');

  // The matrix answers for that scope…
  await page.getByRole('button', { name: 'Access matrix here' }).click();
  await expect(page.getByRole('heading', { name: 'Access matrix', level: 1 })).toBeVisible();
  await expect(page.locator('.page-description')).toContainText('Northwind MSP/Bayside Dental');
  await expect(page.getByRole('grid', { name: 'Access matrix' })).toContainText('maria.santos@bayside-dental.example');
  await expect(page.getByRole('grid', { name: 'Access matrix' })).not.toContainText('aostergaard@vantage-ib.example');

  // …the people list holds everyone with access there, account roles that reach down marked as such…
  await page.getByRole('button', { name: 'Users', exact: true }).click();
  await expect(page.locator('.page-description')).toContainText('People with access at Bayside Dental');
  const people = page.getByRole('region', { name: 'People' });
  await expect(people).toContainText(`of ${PEOPLE_AT_BAYSIDE} people`);
  await expect(people).toContainText('maria.santos@bayside-dental.example');
  await expect(people.getByRole('option', { name: /daniel\.okonkwo@northwind-msp\.example/ })).toContainText('via Northwind MSP');
  await expect(people.getByRole('option', { name: /maria\.santos@bayside-dental\.example/ })).not.toContainText('via');
  await expect(people).not.toContainText('aostergaard@vantage-ib.example');
  await screenshotBoth(page, 'users-scoped');

  // …and so does Who can, until the breadcrumb resets it.
  await page.getByRole('button', { name: 'Who can', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Scope' })).toHaveValue('Bayside Dental');
  await scope.getByRole('button', { name: 'All tenants' }).click();
  await expect(page.getByRole('combobox', { name: 'Scope' })).toHaveValue('All tenants');
  await expect(scope.locator('[aria-current="location"]')).toHaveText('All tenants');
});

test('who can: a permission that differs between UI and API, with the why-chain', async ({ page, host }) => {
  await host.importSample('hyas-protect-mssp.csv', 'hyas-protect');
  await openApp(page, host, 'who-can');
  await expect(page.getByRole('heading', { name: 'Choose a permission' })).toBeVisible();
  await screenshot(page, 'who-can-empty');

  // Ctrl+F lands in the permission search; it is grouped by category.
  await pressFind(page);
  const permission = page.getByRole('combobox', { name: 'Permission' });
  await expect(permission).toBeFocused();
  await permission.fill('blocking mode');
  await expect(page.getByRole('listbox', { name: 'Permission' })).toContainText('Blocking');
  await screenshot(page, 'who-can-picker');
  await page.getByRole('option', { name: /View Blocking Mode/ }).click();

  const scope = page.getByRole('combobox', { name: 'Scope' });
  await scope.click();
  await scope.fill('Brennan');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('navigation', { name: 'Scope' })).toContainText('Brennan Freight');

  const summary = page.getByTestId('who-can-summary');
  await expect(summary).toContainText('12 people can View Blocking Mode at Cobalt Ridge Partners/Harborline Security/Brennan Freight');
  const answer = page.getByRole('region', { name: 'Answer' });
  await expect(answer.getByRole('row', { name: /lena\.fischer@harborline-sec\.example/ })).toContainText('API only');
  await expect(answer.getByRole('row', { name: /keisha\.morgan@brennanfreight\.example/ })).toContainText('UI + API');

  // The UI channel: only the six who see it in the console, and their grants still hold on UI and API.
  await segment(page, 'UI').click();
  await expect(summary).toContainText('6 people can View Blocking Mode');
  await expect(answer).not.toContainText('lena.fischer@harborline-sec.example');
  await expect(answer.getByRole('row', { name: /keisha\.morgan@brennanfreight\.example/ })).toContainText('UI + API');
  await expect(page.locator('.summary-badges')).not.toContainText('UI only');
  await segment(page, 'API').click();
  await expect(summary).toContainText('12 people can');
  await expect(answer.getByRole('row', { name: /keisha\.morgan@brennanfreight\.example/ })).toContainText('UI + API');
  await expect(answer.getByRole('row', { name: /lena\.fischer@harborline-sec\.example/ })).toContainText('API only');
  await segment(page, 'Any channel').click();
  await expect(summary).toContainText('12 people can');

  // Why can Lena? Her MSSP Analyst role at Harborline reaches Brennan Freight, API only.
  await answer.getByRole('button', { name: /Why can lena\.fischer@harborline-sec\.example/ }).click();
  const chain = answer.getByRole('list', { name: 'Why' });
  await expect(chain).toContainText('MSSP Analyst at Cobalt Ridge Partners/Harborline Security');
  await expect(chain).toContainText('hyas-protect-mssp.csv:');
  await expect(chain).toContainText('API only');
  await expect(chain).toContainText('every tenant below');
  await chain.scrollIntoViewIfNeeded();
  await screenshot(page, 'who-can-why');
  await page.locator('main').evaluate((el) => el.scrollTo(0, 0));
  await screenshotBoth(page, 'who-can');
});

test('a user page: effective access node by node, and "Can they…?"', async ({ page, host }) => {
  await host.importSample('hyas-protect-mssp.csv', 'hyas-protect');
  await openApp(page, host, 'users');
  await expect(page.getByRole('listbox', { name: 'People' }).getByRole('option')).toHaveCount(50);
  await expect(page.getByText('1–50 of 106 people')).toBeVisible();
  await screenshot(page, 'users-list');

  await pressFind(page);
  await expect(page.getByRole('searchbox', { name: 'Search people' })).toBeFocused();
  await page.keyboard.type('sven');
  const people = page.getByRole('listbox', { name: 'People' });
  await expect(people.getByRole('option')).toHaveCount(1);
  await people.getByRole('option').first().click();

  const person = page.getByRole('region', { name: 'Person' });
  await expect(person.getByRole('heading', { level: 2 })).toContainText('Sven');
  await expect(person).toContainText('sven.aalto@northlight-consulting.example');
  await expect(person).toContainText('Cobalt Ridge Partners/Harborline Security/Coral Bay Resorts');
  await expect(person).toContainText('Cobalt Ridge Partners/Meridian SecOps/Quayside Hotels');
  const coral = person.getByRole('region', { name: 'Cobalt Ridge Partners/Harborline Security/Coral Bay Resorts' });
  await expect(coral).toContainText('Set Blocking Mode');

  // Can they set blocking mode at Quayside Hotels? No: Protect Analyst there.
  const canBox = person.getByRole('region', { name: 'Can they…?' });
  await canBox.getByRole('combobox', { name: 'Permission' }).fill('set blocking');
  await page.keyboard.press('Enter');
  await canBox.getByRole('combobox', { name: 'Tenant' }).fill('Quayside');
  await page.keyboard.press('Enter');
  await canBox.getByRole('button', { name: 'Ask' }).click();
  const result = canBox.getByTestId('can-result');
  await expect(result).toContainText('No');
  await expect(result).toContainText('cannot Set Blocking Mode at Cobalt Ridge Partners/Meridian SecOps/Quayside Hotels');
  await expect(result).toContainText('Protect Analyst');
  await screenshotBoth(page, 'users-person');

  await canBox.getByRole('combobox', { name: 'Tenant' }).fill('Coral Bay');
  await page.keyboard.press('Enter');
  await canBox.getByRole('button', { name: 'Ask' }).click();
  await expect(result).toContainText('Yes');
  await expect(result).toContainText('grants "Set Blocking Mode"');
  await coral.scrollIntoViewIfNeeded();
  await screenshot(page, 'users-access');
});

test('the access matrix: filters by category and role, exports the CSV', async ({ page, host }) => {
  await host.importSample('huntress-msp.csv', 'huntress');
  await openApp(page, host, 'matrix');
  const grid = page.getByRole('grid', { name: 'Access matrix' });
  await expect(grid).toContainText('elena.vasquez@northwind-msp.example');
  await expect(page.getByTestId('matrix-count')).toContainText('75 people');
  await screenshotBoth(page, 'matrix');

  await page.getByRole('button', { name: /Category:/ }).click();
  await page.getByRole('group', { name: 'Permission categories' }).getByLabel('Billing').check();
  await page.keyboard.press('Escape');
  // Admin exists at the account and at the organization: the filter tells them apart.
  await expect(page.getByLabel('Role').locator('option')).toContainText(['Admin · account', 'Admin · organization']);
  await page.getByLabel('Role').selectOption('Finance');
  await expect(page.getByTestId('matrix-count')).toContainText('1 person ×');
  await expect(grid).toContainText('grace.whitfield@northwind-msp.example');
  await screenshot(page, 'matrix-filtered');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^huntress-snapshot-1-northwind-msp-access-matrix-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs
    .readFileSync(await download.path(), 'utf8')
    .trim()
    .split(/\r\n/);
  expect(csv).toHaveLength(2);
  expect(csv[0]).toMatch(/^email,name,status,mfa,roles,/);
  expect(csv[0]).toContain('Update Payment Info');
  expect(csv[0]).not.toContain('Approve Assisted Remediation');
  expect(csv[1]).toMatch(/^grace\.whitfield@northwind-msp\.example,Grace Whitfield,active,enabled,Finance @ Northwind MSP,/);
  expect(csv[1]).toContain('yes');
});

test('the root matrix of 100,000 people: fetched as it scrolls, in natural order, its last row as the engine answers it', async ({
  page,
  host,
}) => {
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-100k-'));
  const file = path.join(dir, 'msp-100k.csv');
  const lines = ['email,name,role,account,organization'];
  for (let i = 0; i < 100_000; i++)
    lines.push(`user${i}@bigmsp.example,User ${i},${i % 10 === 0 ? 'Admin' : 'User'},Big MSP,Client ${i % 500}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  let snapshotId: number;
  try {
    snapshotId = (
      await host.call<{ id: number }>('importFiles', { files: [await host.upload(file)], platform: 'huntress', name: '100k people' })
    ).id;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const windows: number[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/call/matrixWindow')) windows.push((JSON.parse(request.postData() ?? '{}') as { from: number }).from);
  });
  await openApp(page, host, 'matrix');
  const grid = page.getByRole('grid', { name: 'Access matrix' });
  await expect(page.getByTestId('matrix-count')).toContainText('100,000 people', { timeout: 60_000 });
  const rowAt = (index: number) => grid.locator(`[role=row][aria-rowindex="${index + 2}"]`);
  // People as people read them: User 2 before User 10.
  await expect(rowAt(2)).toContainText('user2@bigmsp.example');
  await expect(rowAt(10)).toContainText('user10@bigmsp.example');
  const drawnRows = () => grid.locator('[role=row]').count();
  expect(await drawnRows()).toBeLessThan(60);
  expect(windows).toEqual([0]); // one window: the rows in view and a margin

  // Down to the end in steps: each view's rows arrive, and no more rows are drawn than fit.
  await grid.evaluate(async (el) => {
    for (let i = 0; i < 40; i++) {
      el.scrollTop += el.scrollHeight / 40;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    el.scrollTop = el.scrollHeight;
  });
  const last = rowAt(99_999);
  await expect(last).toContainText('user99999@bigmsp.example');
  await expect(grid.locator('[aria-busy=true]')).toHaveCount(0);
  expect(await drawnRows()).toBeLessThan(60);
  expect(windows.length).toBeLessThan(100_000 / 200); // pages near where it scrolled, never all of them

  // The last row's cells are the engine's, cell for cell.
  const engine = await host.call<{ answer: { permissions: { label: string }[]; rows: { email: string; cells: string[] }[] } }>('matrix', {
    snapshotId,
  });
  const expected = engine.answer.rows.at(-1)!;
  expect(expected.email).toBe('user99999@bigmsp.example');
  const shown = await last.locator('[role=gridcell][data-cell]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-cell')));
  expect(shown).toEqual(expected.cells);

  // The filter searches all 100,000 rows, in the back end.
  await page.getByRole('searchbox', { name: 'Filter people' }).fill('user4242');
  await expect(page.getByTestId('matrix-count')).toContainText('11 people'); // user4242 and user42420…42429
  await screenshot(page, 'matrix-100k-filtered');
});

test('roles: the model table for the snapshot, with markers, constraints and notes', async ({ page, host }) => {
  await host.importSample('hyas-protect-mssp.csv', 'hyas-protect');
  await openApp(page, host, 'roles');
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader', { name: /Partner Admin/ })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: /Protect Executive/ })).toBeVisible();
  const blocking = table.getByRole('row', { name: /View Blocking Mode/ });
  await expect(blocking.getByLabel('API only').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Constraints' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Notes' })).toBeVisible();
  await screenshotBoth(page, 'roles');

  // Another platform and version.
  await page.getByLabel('Platform').selectOption('huntress');
  await page.getByLabel('Version', { exact: true }).selectOption('pre-2022-06');
  await expect(page.locator('.model-meta')).toContainText('pre-2022-06');
  await expect(table.getByRole('columnheader', { name: /Finance/ })).toHaveCount(0);
  await screenshot(page, 'roles-huntress-2021');
});

test('a failed call shows the error with its problems, and Retry asks again', async ({ page, host }) => {
  await host.importSample('huntress-msp.csv', 'huntress');
  await page.route('**/api/call/matrixWindow', (route) =>
    route.fulfill({
      status: 422,
      contentType: 'application/json',
      body: JSON.stringify({
        ok: false,
        error: {
          kind: 'input',
          message: 'no tenant node at "Gone MSP"',
          problems: [{ file: 'huntress-msp.csv', line: 12, message: 'an example problem' }],
        },
      }),
    }),
  );
  await openApp(page, host, 'matrix');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This cannot be answered');
  await expect(alert).toContainText('no tenant node at "Gone MSP"');
  await expect(alert.getByRole('list', { name: 'Problems' })).toContainText('huntress-msp.csv:12: an example problem');
  await screenshotBoth(page, 'error-state');

  await page.unroute('**/api/call/matrixWindow');
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('grid', { name: 'Access matrix' })).toContainText('elena.vasquez@northwind-msp.example');
});

test('keyboard only: ask who can, change the channel, open a why-chain', async ({ page, host }) => {
  await host.importSample('huntress-msp.csv', 'huntress');
  await openApp(page, host, 'who-can');
  await pressFind(page);
  await page.keyboard.type('update payment');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('combobox', { name: 'Permission' })).toHaveValue('Update Payment Info');
  await expect(page.getByTestId('who-can-summary')).toContainText('4 people can Update Payment Info anywhere');

  await page.keyboard.press('Tab'); // the scope
  await expect(page.getByRole('combobox', { name: 'Scope' })).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab'); // the channel
  await expect(page.getByRole('radio', { name: 'Any channel' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'UI' })).toBeChecked();
  await expect(page.getByTestId('who-can-summary')).toContainText('through the UI');

  // On to the first why-button of the answer.
  const first = page.getByRole('button', { name: /^Why can / }).first();
  for (let i = 0; i < 6 && !(await first.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(first).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Why' })).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page.getByRole('list', { name: 'Why' })).toHaveCount(0);
});

test('roles compared with another version: what changed, above the table and marked in it, as the back end diffs them', async ({
  page,
  host,
}) => {
  await host.importSample('huntress-msp.csv', 'huntress');
  await openApp(page, host, 'roles');
  await expect(page.getByLabel('Version', { exact: true })).toHaveValue('2022-06');
  await page.getByLabel('Compare with').selectOption('pre-2022-06');
  const changes = page.getByRole('region', { name: 'Changes between the versions' });
  const diff = await host.call<{ diff: { summary: string; roles: { label: string; status: string; gained: { label: string }[] }[] } }>(
    'diffModel',
    {
      platform: 'huntress',
      from: '2022-01-01',
      to: '2022-07-01',
    },
  );
  await expect(changes.getByRole('heading')).toHaveText('From version pre-2022-06 to 2022-06');
  await expect(changes).toContainText(`${diff.diff.summary}.`);
  for (const role of diff.diff.roles) {
    const item = changes.locator('.model-change-list > li', { hasText: role.label }).first();
    await expect(item).toContainText(role.status);
    for (const g of role.gained) await expect(item).toContainText(`+ ${g.label}`);
  }
  // In the table, organization Admin's Approve Assisted Remediation is marked new.
  const row = page.locator('.roles-table tr', { has: page.getByText('Approve Assisted Remediation', { exact: true }) });
  await expect(row.locator('.grant-gained')).toHaveCount(
    diff.diff.roles.filter((r) => r.gained.some((g) => g.label === 'Approve Assisted Remediation')).length,
  );
  await screenshotBoth(page, 'roles-compare');

  // The other way round, the same grant shows as no longer granted.
  await page.getByLabel('Version', { exact: true }).selectOption('pre-2022-06');
  await page.getByLabel('Compare with').selectOption('2022-06');
  await expect(
    page.locator('.roles-table tr', { has: page.getByText('Approve Assisted Remediation', { exact: true }) }).locator('.grant-lost'),
  ).toHaveCount(1);
});
