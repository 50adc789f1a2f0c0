// The shared controls from the keyboard, as a person without a mouse uses them: the snapshot switcher,
// the people list, the permission picker's search over categories and ids, and the dialogs' focus.
import { expect, openApp, pressFind, screenshotBoth, test } from './fixtures';

test('the snapshot switcher: a list over the content, arrows and Enter switch, Escape closes', async ({ page, host }) => {
  await host.importSample('hexiosec-asm.csv', 'hexiosec-asm', 'Hexiosec review');
  await host.importSample('huntress-msp.csv', 'huntress', 'Northwind Q4 review with a long name that does not fit the sidebar');
  await openApp(page, host, 'snapshots');
  const button = page.getByRole('button', { name: /^Open snapshot: Northwind Q4 review/ });
  await expect(button).toContainText('Northwind Q4 review with a long name that does not fit the sidebar'); // in full, wrapped
  await button.focus();
  await page.keyboard.press('Enter');
  const list = page.getByRole('listbox', { name: 'Snapshots' });
  await expect(list.getByRole('option', { selected: true })).toBeFocused(); // the open one
  // The list floats over the page: it is not cut at the sidebar's edge.
  const box = (await list.boundingBox())!;
  const sidebar = (await page.locator('.sidebar').boundingBox())!;
  expect(box.x + box.width).toBeGreaterThan(sidebar.x + sidebar.width);
  expect(await page.locator('.sidebar').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await screenshotBoth(page, 'snapshot-switcher');

  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
  await expect(button).toBeFocused();

  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await expect(list.getByRole('option', { name: /Hexiosec review/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(list).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Open snapshot: Hexiosec review/ })).toBeVisible();
});

test('the people list: Tab into it, arrows move, Enter opens the person; pages keep working', async ({ page, host }) => {
  await host.importSample('hyas-protect-mssp.csv', 'hyas-protect');
  await openApp(page, host, 'users');
  const people = page.getByRole('listbox', { name: 'People' });
  await expect(people.getByRole('option')).toHaveCount(50);
  await pressFind(page);
  await page.keyboard.press('Tab');
  await expect(people.getByRole('option').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const third = people.getByRole('option').nth(2);
  await expect(third).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(third).toHaveAttribute('aria-selected', 'true');
  const email = (await third.locator('.person-email').textContent())!;
  await expect(page.getByRole('region', { name: 'Person' })).toContainText(email);

  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('51–100 of 106 people')).toBeVisible();
  await expect(people.getByRole('option')).toHaveCount(50);
  await expect(people.getByRole('option', { name: new RegExp(email.replace(/[.]/g, '\\.')) })).toHaveCount(0);
});

test('the permission picker finds by category and by id, in sections, and Escape leaves the choice as it was', async ({ page, host }) => {
  await host.importSample('huntress-msp.csv', 'huntress');
  await openApp(page, host, 'who-can');
  await pressFind(page);
  const permission = page.getByRole('combobox', { name: 'Permission' });
  const list = page.getByRole('listbox', { name: /Permission/ });
  // By its category's name: every permission of Billing, under the Billing heading.
  await permission.fill('billing');
  await expect(list.getByRole('group', { name: /Billing/i })).toBeVisible();
  await expect(list.getByRole('option', { name: /Update Payment Info/ })).toBeVisible();
  // By its id, which is not shown.
  await permission.fill('remediation.approve');
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(list.getByRole('option').first()).toContainText('Approve Assisted Remediation');
  await page.keyboard.press('Enter');
  await expect(permission).toHaveValue('Approve Assisted Remediation');
  await expect(page.getByTestId('who-can-summary')).toContainText('can Approve Assisted Remediation');

  // Reopened, typing something else and Escape: the choice stands.
  await permission.fill('nothing like this');
  await expect(list).toContainText('No permission matches');
  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
  await expect(permission).toHaveValue('Approve Assisted Remediation');
});
