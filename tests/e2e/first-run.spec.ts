import { expect, openApp, screenshot, screenshotBoth, test } from './fixtures';

test('first run welcomes the user and offers every sample dataset', async ({ page, host }) => {
  await openApp(page, host);
  await expect(page.getByRole('heading', { name: 'Welcome to Permission Auditor' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Open the sample dataset/ })).toHaveCount(3);
  await expect(page.getByText('Northwind MSP (Huntress)')).toBeVisible();
  await expect(page.getByText('No snapshot open')).toBeVisible();
  // The token is taken out of the address bar (and kept for this tab).
  expect(page.url()).not.toContain('token=');
  await screenshotBoth(page, 'welcome');

  // Views that need a snapshot say so and lead back.
  await page.getByRole('button', { name: 'Who can' }).click();
  await expect(page.getByRole('heading', { name: 'No snapshot is open' })).toBeVisible();
  await screenshot(page, 'who-can-no-snapshot');
});

test('one click opens a sample dataset', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByRole('button', { name: 'Open the sample dataset: Northwind MSP (Huntress)' }).click();
  // It lands in Tenants with the new snapshot open.
  await expect(page.getByRole('heading', { name: 'Tenants', level: 1 })).toBeVisible();
  await expect(page.getByRole('treegrid', { name: 'Tenants' }).getByText('Bayside Dental')).toBeVisible();
  await expect(page.getByRole('button', { name: /Open snapshot: Northwind MSP \(Huntress\)/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /Open snapshot/ })).toContainText('Huntress · model 2022-06');

  // Reloading the page keeps the token (from local storage) and the view.
  await page.reload();
  await expect(page.getByRole('treegrid', { name: 'Tenants' }).getByText('Bayside Dental')).toBeVisible();
});
