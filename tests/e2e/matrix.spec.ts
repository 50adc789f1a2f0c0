// The access matrix's cells: each says its answer in words, and opens the why (or why not) as the
// engine answers it; the keyboard moves between cells with one Tab stop for the grid.
import type { Locator, Page } from '@playwright/test';
import type { CanAnswer, MatrixWindow, UserAccess } from '../../shared/api';
import { expect, openApp, screenshotBoth, test, type Host } from './fixtures';

const BAYSIDE = 'Northwind MSP/Bayside Dental';

/** The matrix at Bayside Dental, chosen in the tenant tree as a person would. */
async function matrixAtBayside(page: Page, host: Host) {
  await openApp(page, host, 'tenants');
  await page.getByRole('treegrid', { name: 'Tenants' }).getByText('Bayside Dental', { exact: true }).click();
  await page.getByRole('button', { name: 'Access matrix here' }).click();
  await expect(page.locator('.page-description')).toContainText(BAYSIDE);
}

/** A grid cell's row (0 = the first person) and column (0 = the first permission), from where it is drawn. */
const placeOfCell = (el: Element | null) => {
  const row = el?.parentElement?.getAttribute('aria-rowindex');
  if (!el?.parentElement || !row || el.getAttribute('role') !== 'gridcell') return null;
  return { row: Number(row) - 2, column: [...el.parentElement.children].indexOf(el) - 2 };
};

/** What a drawn cell is about: its person and permission, from the engine's matrix at that scope. */
async function cellFacts(host: Host, snapshotId: number, scope: string | undefined, cell: Locator) {
  const { row, column } = (await cell.evaluate(placeOfCell))!;
  const { answer } = await host.call<{ answer: MatrixWindow }>('matrixWindow', {
    snapshotId,
    ...(scope ? { scope } : {}),
    from: row,
    count: 1,
  });
  const person = answer.rows[0];
  return { email: person.email, who: person.name || person.email, permission: answer.permissions[column], shown: person.cells[column] };
}

test('a matrix cell at a tenant says its answer in words and opens the why, or why not; Escape goes back to it', async ({ page, host }) => {
  const { id: snapshotId } = await host.importSample('huntress-msp.csv', 'huntress');
  await matrixAtBayside(page, host);
  const grid = page.getByRole('grid', { name: 'Access matrix' });

  // A ✔ cell: the grants' why-chains, each with the role, where it is assigned, and the vendor's words.
  const yes = grid.locator('[role=gridcell][data-cell="all"]').first();
  const y = await cellFacts(host, snapshotId, BAYSIDE, yes);
  expect(y.shown).toBe('all');
  const can = (email: string, permission: string) =>
    host.call<{ answer: CanAnswer }>('can', { snapshotId, email, permission, scope: BAYSIDE }).then((r) => r.answer);
  const granted = await can(y.email, y.permission.id);
  expect(granted.allowed).toBe(true);
  await expect(yes).toHaveAccessibleName(`${y.who} can ${y.permission.label} at Bayside Dental`);
  // Pointing at it shows the same words as a tooltip.
  await yes.hover();
  await expect(yes).toHaveAttribute('title', new RegExp(`^${y.who} can `));
  await yes.click();
  const dialog = page.getByRole('dialog', { name: `${y.who} · ${y.permission.label}` });
  await expect(dialog.getByTestId('can-result')).toContainText('Yes');
  const chains = dialog.getByRole('list', { name: 'Why' });
  const grants = granted.reasons.filter((r) => r.kind === 'grants');
  expect(grants.length).toBeGreaterThan(0);
  await expect(chains).toHaveCount(grants.length);
  for (const [i, r] of grants.entries()) {
    const chain = r.chain!;
    await expect(chains.nth(i)).toContainText(`${y.email} holds ${chain.roleLabel} at ${chain.assignedAt}`);
    await expect(chains.nth(i)).toContainText(`${chain.sourceFile}:${chain.sourceLine}`);
    for (const source of chain.grantSource)
      await expect(chains.nth(i).getByRole('button', { name: new RegExp(`^Huntress — .*, line ${source.line}\\b`) })).toBeVisible();
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshotBoth(page, 'matrix-why-1280');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshotBoth(page, 'matrix-why-1920');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(yes).toBeFocused();

  // A ✖ cell: why not, every reason the engine gives.
  const no = grid.locator('[role=gridcell][data-cell="none"]').first();
  const n = await cellFacts(host, snapshotId, BAYSIDE, no);
  const refused = await can(n.email, n.permission.id);
  expect(refused.allowed).toBe(false);
  await expect(no).toHaveAccessibleName(`${n.who} cannot ${n.permission.label} at Bayside Dental`);
  await no.click();
  const whyNot = page.getByRole('dialog', { name: `${n.who} · ${n.permission.label}` }).getByTestId('can-result');
  await expect(whyNot).toContainText('No');
  await expect(whyNot).toContainText(`cannot ${n.permission.label} at ${BAYSIDE}`);
  for (const r of refused.reasons) await expect(whyNot).toContainText(r.text);
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(no).toBeFocused();
});

test('at All tenants a ◐ cell shows where further down the person holds it, and through which role', async ({ page, host }) => {
  const { id: snapshotId } = await host.importSample('huntress-msp.csv', 'huntress');
  await openApp(page, host, 'matrix');
  const grid = page.getByRole('grid', { name: 'Access matrix' });
  const below = grid.locator('[role=gridcell][data-cell="below"]').first();
  const b = await cellFacts(host, snapshotId, undefined, below);
  await expect(below).toHaveAccessibleName(`${b.who} can ${b.permission.label} only further down, not at Northwind MSP`);

  // Where: the person's access tenant by tenant, as the engine answers it, narrowed to this permission.
  const { answer } = await host.call<{ answer: UserAccess }>('access', { snapshotId, email: b.email });
  const places = answer.nodes.filter(
    (n) => n.node.path.startsWith('Northwind MSP/') && n.permissions.some((p) => p.permission.id === b.permission.id),
  );
  expect(places.length).toBeGreaterThan(0);
  await below.click();
  const dialog = page.getByRole('dialog', { name: `${b.who} · ${b.permission.label}` });
  await expect(dialog).toContainText(`They can at ${places.length === 1 ? '1 tenant' : `${places.length} tenants`} below Northwind MSP`);
  const rows = dialog.getByRole('table').locator('tbody tr');
  await expect(rows).toHaveCount(places.length);
  for (const [i, place] of places.entries()) {
    await expect(rows.nth(i)).toContainText(place.node.name);
    for (const via of place.permissions.find((p) => p.permission.id === b.permission.id)!.via) {
      await expect(rows.nth(i)).toContainText(via.roleLabel);
      await expect(rows.nth(i)).toContainText(`${via.sourceFile}:${via.sourceLine}`);
    }
  }
  // The vendor's words behind each role's grant.
  await expect(
    dialog.getByRole('list', { name: "The vendor's documentation behind these grants" }).getByRole('button').first(),
  ).toContainText('Huntress — ');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(below).toBeFocused();
});

test('keyboard: the grid is one Tab stop, arrow keys move between cells, Enter opens the why, Escape comes back', async ({
  page,
  host,
}) => {
  await host.importSample('huntress-msp.csv', 'huntress');
  await openApp(page, host, 'matrix');
  const grid = page.getByRole('grid', { name: 'Access matrix' });
  await expect(grid.locator('[role=gridcell][data-cell]').first()).toBeVisible();
  await expect(grid.locator('[role=gridcell][data-cell][tabindex="0"]')).toHaveCount(1);

  const focused = () => page.evaluateHandle(() => document.activeElement).then((el) => el.evaluate(placeOfCell));
  // Tab from the last control before the grid (the channel) lands on the first cell.
  await page.getByRole('radio', { name: 'Any channel' }).focus();
  for (let i = 0; i < 4 && (await focused()) === null; i++) await page.keyboard.press('Tab');
  expect(await focused()).toEqual({ row: 0, column: 0 });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect(await focused()).toEqual({ row: 2, column: 1 });
  await page.keyboard.press('End');
  const columns = await grid.locator('[role=columnheader].mlabel').count();
  expect(await focused()).toEqual({ row: 2, column: columns - 1 });
  await page.keyboard.press('Home');
  expect(await focused()).toEqual({ row: 2, column: 0 });

  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('matrix-why')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await focused()).toEqual({ row: 2, column: 0 });

  // Tab leaves the grid: no other cell is a Tab stop.
  await page.keyboard.press('Tab');
  expect(await focused()).toBeNull();
  await page.keyboard.press('Shift+Tab');
  expect(await focused()).toEqual({ row: 2, column: 0 });
});
