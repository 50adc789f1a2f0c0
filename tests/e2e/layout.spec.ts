// Text uses the room there is: whole at 1920 px, and where it must be cut (1280 px), whole on hover.
import type { Locator, Page } from '@playwright/test';
import { expect, openApp, screenshotBoth, test } from './fixtures';

/** The elements of a locator whose text does not fit (cut, with an ellipsis), with their text and title. */
function cut(elements: Locator) {
  return elements.evaluateAll((els) =>
    els
      .filter((el) => el.scrollWidth > el.clientWidth)
      .map((el) => ({ text: el.textContent ?? '', title: el.closest('[title]')?.getAttribute('title') ?? '' })),
  );
}

async function chooseTenant(page: Page, name: string) {
  await page.getByRole('button', { name: 'Tenants', exact: true }).click();
  await page.getByRole('treegrid', { name: 'Tenants' }).getByText(name, { exact: true }).click();
}

test('at 1920 px: whole emails in the matrix, whole names in the breadcrumb, whole role names in Roles', async ({ page, host }) => {
  await host.importSample('huntress-msp.csv', 'huntress');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, host, 'matrix');
  const grid = page.getByRole('grid', { name: 'Access matrix' });
  await expect(grid.locator('.person-email').first()).toBeVisible();
  expect(await grid.locator('.person-email').count()).toBeGreaterThan(10);
  expect(await cut(grid.locator('.person-email'))).toEqual([]);
  await screenshotBoth(page, 'matrix-1920');

  // A long tenant name, two levels down.
  await chooseTenant(page, 'Okafor, Mensah & Partners');
  const crumbs = page.getByRole('navigation', { name: 'Scope' }).locator('.crumb');
  await expect(crumbs.last()).toHaveText('Okafor, Mensah & Partners');
  expect(await cut(crumbs)).toEqual([]);
  await screenshotBoth(page, 'tenants-1920');

  await page.getByRole('button', { name: 'Roles', exact: true }).click();
  const table = page.getByRole('table').first();
  await expect(table.getByRole('columnheader', { name: 'Marketing and below' })).toBeVisible();
  expect(await cut(table.locator('thead th, thead th .role-name'))).toEqual([]);
  await screenshotBoth(page, 'roles-1920');
});

test('at 1280 px: what is cut keeps its whole text in its tooltip, and role names are still whole', async ({ page, host }) => {
  await host.importSample('huntress-msp.csv', 'huntress');
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, host, 'matrix');
  const grid = page.getByRole('grid', { name: 'Access matrix' });
  await expect(grid.locator('.person-email').first()).toBeVisible();
  const emails = await cut(grid.locator('.person-email'));
  const roles = await cut(grid.locator('.mcol-roles:not(.mhead-roles)'));
  // The narrow window does cut some (else this test would show nothing); each cut one is whole on hover.
  expect(emails.length + roles.length).toBeGreaterThan(0);
  for (const e of emails) expect(e.title).toContain(e.text);
  // A roles cell reads "Admin · organization ×11, User · organization": its tooltip lists every role with where it is held.
  for (const r of roles) for (const name of r.text.split(', ')) expect(r.title).toContain(name.replace(/ ×\d+$/, ''));
  await screenshotBoth(page, 'matrix-1280');

  await chooseTenant(page, 'Okafor, Mensah & Partners');
  const crumbs = page.getByRole('navigation', { name: 'Scope' }).locator('.crumb');
  for (const c of await cut(crumbs)) expect(c.title).toContain(c.text.replace(/…$/, ''));
  await screenshotBoth(page, 'tenants-1280');

  await page.getByRole('button', { name: 'Roles', exact: true }).click();
  const table = page.getByRole('table').first();
  await expect(table.getByRole('columnheader', { name: 'Marketing and below' })).toBeVisible();
  expect(await cut(table.locator('thead th .role-name'))).toEqual([]);
  await screenshotBoth(page, 'roles-1280');
});
