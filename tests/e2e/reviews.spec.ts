// An access review in the app, as a reviewer runs it: started from the dialog after its preview,
// items decided with the keyboard alone (a revoke that asks for its comment, a don't-know, a keep), a
// sign-off refused while items are undecided, the rest kept in one bulk decision, the sign-off locking
// the review, the log verified, and, once the next export (without the revoked row) is imported, the
// revocation shown as verified. Every count is checked against the API's own answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ReviewDetail, ReviewSummary } from '../../shared/reviews';
import { expect, openApp, samplesDir, screenshotBoth, test } from './fixtures';

const REVIEWER = 'compliance@northwind-msp.example';
const ELENA = 'elena.vasquez@northwind-msp.example';
const JIA = 'jia.zhou@northwind-msp.example';
const ADAEZE = 'adaeze.nwankwo@northwind-msp.example';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const list = (page: Page) => page.getByRole('listbox', { name: 'Items' });
/** The item the keyboard is on (the list keeps the focus; the item is its active descendant). */
async function activeItem(page: Page): Promise<number> {
  const id = await list(page).getAttribute('aria-activedescendant');
  return Number(id?.split('-item-')[1]);
}

test('Reviews: start, decide with the keyboard, bulk keep, sign off, verify the log, see the revoke verified', async ({ page, host }) => {
  test.setTimeout(180_000);
  await host.importSample('huntress-msp.csv', 'huntress', 'Northwind November');
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page, host, 'reviews');
  await expect(page.getByText('No reviews yet')).toBeVisible();

  // Start: the preview shows the population before anything is written.
  await page.getByRole('button', { name: 'Start a review…' }).click();
  const start = page.getByRole('dialog', { name: 'Start a review' });
  await start.getByRole('button', { name: 'Start the review' }).click();
  await expect(start.getByText('Give the review a name.')).toBeVisible();
  await expect(start.getByText('Give at least one reviewer’s email.')).toBeVisible();
  await start.getByLabel('Name').fill('Q4 access review');
  await start.getByLabel('Reviewer’s email').fill(REVIEWER);
  await start.getByLabel('Started by').fill('Elena Vasquez');
  const preview = await host.call<{ items: number; people: number }>('previewReview', {
    name: 'Q4 access review',
    reviewers: [{ reviewer: REVIEWER }],
  });
  const panel = start.getByRole('region', { name: 'Preview' });
  await expect(panel).toContainText(`Complete: every one of the ${preview.items} imported assignments in scope is an item.`);
  await expect(panel.getByRole('list', { name: 'Items by reviewer' })).toHaveText(`${REVIEWER}: ${preview.items} items`);
  await screenshotBoth(page, 'reviews-start');
  await start.getByRole('button', { name: 'Start the review' }).click();
  await expect(start).toHaveCount(0);

  await expect(page.getByRole('heading', { name: 'Q4 access review' })).toBeVisible();
  await expect(page).toHaveURL(/#\/reviews\?review=1/);
  await expect(page.getByRole('region', { name: 'Progress' })).toContainText(`Progress: 0 of ${preview.items} decided`);
  await expect(page.getByRole('region', { name: 'Evidence' })).toContainText('huntress-msp.csv');
  const first = (await host.call<ReviewDetail>('review', { reviewId: 1, count: 100 })).items;
  await expect(list(page).getByRole('option')).not.toHaveCount(0);
  await screenshotBoth(page, 'reviews-items');

  // The keyboard alone: down and back up, then R on item 1 asks for the comment the service requires.
  await list(page).focus();
  expect(await activeItem(page)).toBe(1);
  await page.keyboard.press('j');
  expect(await activeItem(page)).toBe(2);
  await page.keyboard.press('ArrowUp');
  expect(await activeItem(page)).toBe(1);
  await page.keyboard.press('r');
  const decide = page.getByRole('dialog', { name: 'Revoke: item 1' });
  await expect(decide.getByLabel('Comment')).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(decide.getByText(/a comment is required to revoke access/)).toBeVisible();
  await decide.getByLabel('Comment').focus();
  await page.keyboard.type('Left the company in October');
  await screenshotBoth(page, 'reviews-revoke');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(decide).toHaveCount(0);
  const revoked = first[0];
  await expect(list(page).getByRole('option', { name: /^Item 1:/ })).toContainText('Revoke');
  await expect(list(page)).toBeFocused();
  // Focus went on to the next undecided item; D decides it at once (no comment needed).
  expect(await activeItem(page)).toBe(2);
  await page.keyboard.press('d');
  await expect(list(page).getByRole('option', { name: /^Item 2:/ })).toContainText("Don't know");
  expect(await activeItem(page)).toBe(3);
  // Shift+K keeps; on an item without privileged access no comment is asked.
  const plain = first.find((i) => i.number > 3 && !i.privileged)!;
  for (let n = 3; n < plain.number; n++) await page.keyboard.press('ArrowDown');
  expect(await activeItem(page)).toBe(plain.number);
  await page.keyboard.press('Shift+K');
  await expect(list(page).getByRole('option', { name: new RegExp(`^Item ${plain.number}:`) })).toContainText('Keep');
  // M asks for the role the access becomes (a role of the same tenant) and the comment.
  const admin = first.find((i) => i.number > plain.number && i.role === 'Admin · organization')!;
  expect(await activeItem(page)).toBe(plain.number + 1);
  for (let n = plain.number + 1; n < admin.number; n++) await page.keyboard.press('j');
  await page.keyboard.press('m');
  const modify = page.getByRole('dialog', { name: `Change role: item ${admin.number}` });
  await modify.getByLabel('The role it becomes').selectOption({ label: 'User' });
  await modify.getByLabel('Comment').fill('Admin is not needed there');
  await modify.getByRole('button', { name: 'Record decision' }).click();
  await expect(modify).toHaveCount(0);
  await expect(list(page).getByRole('option', { name: new RegExp(`^Item ${admin.number}:`) })).toContainText('Change role to User');
  await expect(page.getByRole('region', { name: 'Progress' })).toContainText(`Progress: 4 of ${preview.items} decided`);
  await screenshotBoth(page, 'reviews-decided');

  // Sign-off is refused while items are undecided, in the service's words.
  await page.getByRole('button', { name: 'Sign off…' }).click();
  const sign = page.getByRole('dialog', { name: 'Sign off the review' });
  await expect(sign.getByLabel('Statement')).toHaveValue(/^I reviewed every item of this review/);
  await sign.getByLabel('Your name').fill('Elena Vasquez');
  await sign.getByRole('button', { name: 'Sign off and lock' }).click();
  await expect(sign.getByRole('alert')).toContainText(`cannot be signed off: ${preview.items - 4} items are undecided`);
  await sign.getByRole('button', { name: 'Cancel' }).click();

  // Bulk: every undecided item kept with one comment, after a confirmation saying how many.
  await page.getByRole('checkbox', { name: 'Undecided' }).check();
  await expect(page).toHaveURL(/undecided=1/);
  const rest = preview.items - 4;
  await expect(page.getByRole('status').filter({ hasText: ' of ' })).toHaveText(`${rest} of ${preview.items} items`);
  await page.getByRole('button', { name: `Decide all ${rest} items shown…` }).click();
  const bulk = page.getByRole('dialog', { name: `Decide ${rest} items` });
  // Without a comment the check refuses (privileged access is among them), naming a few items and how many more.
  await bulk.getByRole('button', { name: 'Check' }).click();
  const privileged = (await host.call<ReviewDetail>('review', { reviewId: 1, undecided: true, privileged: true })).total;
  await expect(bulk.getByText(/a comment is required to keep privileged access/)).toContainText(`and ${privileged - 3} more like these`);
  await bulk.getByLabel('Comment, for every item').fill('Confirmed with the pod leads');
  await bulk.getByRole('button', { name: 'Check' }).click();
  await expect(bulk.getByRole('status')).toHaveText(`Checked: ${rest} items will be decided “Keep”. This is recorded in the log.`);
  await screenshotBoth(page, 'reviews-bulk');
  await bulk.getByRole('button', { name: `Yes, decide ${rest} items` }).click();
  await expect(bulk).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Progress' })).toContainText(`Progress: ${preview.items} of ${preview.items} decided`);
  await expect(page.getByText('No item matches the filters')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Undecided' }).uncheck();

  // Signed off: locked, no decision keys any more.
  await page.getByRole('button', { name: 'Sign off…' }).click();
  await sign.getByLabel('Your name').fill('Elena Vasquez');
  await sign.getByRole('button', { name: 'Sign off and lock' }).click();
  await expect(sign).toHaveCount(0);
  await expect(page.getByText(/Signed off by Elena Vasquez on .* · locked/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign off…' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Decide / })).toHaveCount(0);
  await list(page).focus();
  await page.keyboard.press('r');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByText('This review is signed off: its decisions cannot change.')).toBeVisible();
  const signed = (await host.call<ReviewSummary[]>('reviews', {}))[0];
  expect(signed).toMatchObject({ status: 'signed', decided: preview.items });
  await screenshotBoth(page, 'reviews-signed');

  // The log: every action, and its chain verified.
  await page.getByRole('tab', { name: 'Log' }).click();
  await expect(page).toHaveURL(/tab=log/);
  const log = await host.call<{ total: number }>('reviewLog', { reviewId: 1 });
  await expect(page.getByText(`${log.total} entries, each chained`)).toBeVisible();
  await expect(page.getByRole('row', { name: /Decided item 1\b/ })).toContainText('Revoke: “Left the company in October”');
  await page.getByRole('button', { name: 'Verify the log' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The log is' })).toHaveText(
    `The log is intact: all ${log.total} entries chain correctly, and every item and the sign-off agree with it.`,
  );
  await screenshotBoth(page, 'reviews-log');

  // The next export, without the revoked assignment's row: the revoke shows as verified there.
  const lines = fs.readFileSync(path.join(samplesDir, revoked.sourceFile), 'utf8').split('\n');
  expect(revoked.sourceLine).toBeGreaterThan(1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-review-'));
  const next = path.join(dir, 'huntress-msp-next.csv');
  fs.writeFileSync(next, lines.filter((_, i) => i !== revoked.sourceLine - 1).join('\n'));
  const file = await host.upload(next);
  const later = await host.call<{ id: number }>('importFiles', { files: [file], platform: 'huntress', name: 'Northwind December' });
  fs.rmSync(dir, { recursive: true, force: true });
  await page.reload();
  await page.getByRole('tab', { name: 'Remediation' }).click();
  await expect(page.getByLabel('Checked in')).toHaveValue(String(later.id));
  const tenant = (item: { path: string }) => item.path.split('/').at(-1)!;
  const row = page
    .getByRole('row')
    .filter({ hasText: revoked.email })
    .filter({ hasText: tenant(revoked) });
  await expect(row).toContainText(`removed — verified in snapshot #${later.id}`);
  // The change of role was not carried out in that export: it says so.
  const unchanged = page
    .getByRole('row')
    .filter({ hasText: admin.email })
    .filter({ hasText: tenant(admin) });
  await expect(unchanged).toContainText('Change to User · organization');
  await expect(unchanged).toContainText(`still present in snapshot #${later.id}`);
  await screenshotBoth(page, 'reviews-remediation');

  // The list of reviews: signed off, every item decided.
  await page.getByRole('button', { name: 'All reviews' }).click();
  const listed = page.getByRole('row', { name: /Q4 access review/ });
  await expect(listed).toContainText('Signed off');
  await expect(listed).toContainText(`${preview.items} of ${preview.items} decided`);
  await screenshotBoth(page, 'reviews-list');
});

test('Reviews: a reviewer per tenant, their own access, an exception, reassigning, and the filters kept in the address', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await host.importSample('huntress-msp.csv', 'huntress', 'Northwind November');
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page, host, 'reviews');

  // Elena reviews everything but Bayside Dental, which Jia reviews.
  await page.getByRole('button', { name: 'Start a review…' }).click();
  const start = page.getByRole('dialog', { name: 'Start a review' });
  await start.getByLabel('Name').fill('Q4 by pod');
  await start.getByLabel('Reviewer’s email').fill(ELENA);
  await start.getByRole('button', { name: 'Add a reviewer for a tenant' }).click();
  await start.getByRole('combobox', { name: 'Tenant 1' }).fill('Bayside');
  await page.getByRole('option', { name: /^Bayside Dental/ }).click();
  await start.getByLabel('Reviewer 2’s email').fill(JIA);
  await start.getByLabel('Started by').fill('Elena Vasquez');
  const preview = await host.call<{ items: number; byReviewer: { reviewer: string; items: number }[] }>('previewReview', {
    name: 'Q4 by pod',
    reviewers: [{ reviewer: ELENA }, { scope: 'Northwind MSP/Bayside Dental', reviewer: JIA }],
  });
  await expect(start.getByRole('list', { name: 'Items by reviewer' })).toHaveText(
    preview.byReviewer.map((r) => `${r.reviewer}: ${r.items} items`).join(''),
  );
  await start.getByRole('button', { name: 'Start the review' }).click();
  await expect(page.getByRole('heading', { name: 'Q4 by pod' })).toBeVisible();

  // Elena's own access: keeping it (privileged) needs a comment, and a reason for deciding her own.
  await page.getByLabel('Filter by person, role or tenant').fill('elena.vasquez');
  await expect(page).toHaveURL(/q=elena.vasquez/);
  await expect(page.getByRole('status').filter({ hasText: ' of ' })).toHaveText(`1 of ${preview.items} items`);
  await list(page).focus();
  await page.keyboard.press('Shift+K');
  const own = page.getByRole('dialog', { name: /^Keep: item \d+$/ });
  await expect(own.getByText(`This is ${ELENA}'s own access: deciding it needs a self-review reason`)).toBeVisible();
  await own.getByRole('button', { name: 'Record decision' }).click();
  await expect(own.getByText('a comment is required to keep privileged access')).toBeVisible();
  await own.getByLabel('Comment').fill('Account owner; MFA on a hardware key');
  await own.getByLabel('Why you decide your own access').fill('Sole account owner; the CISO countersigns');
  await screenshotBoth(page, 'reviews-own-access');
  await own.getByRole('button', { name: 'Record decision' }).click();
  await expect(own).toHaveCount(0);
  const mine = list(page).getByRole('option').first();
  await expect(mine).toContainText('Keep');
  await expect(mine).toContainText('Own access: “Sole account owner; the CISO countersigns”');

  // The filters are in the address: a reload shows the same list.
  await page.reload();
  await expect(page.getByLabel('Filter by person, role or tenant')).toHaveValue('elena.vasquez');
  await expect(list(page).getByRole('option').first()).toContainText('Own access');
  await page.getByLabel('Filter by person, role or tenant').fill('');

  // Jia's items: an exception with its last day.
  await page.getByLabel('Reviewer', { exact: true }).selectOption(JIA);
  await expect(page).toHaveURL(/reviewer=jia.zhou/);
  const jias = preview.byReviewer.find((r) => r.reviewer === JIA)!.items;
  await expect(page.getByRole('status').filter({ hasText: ' of ' })).toHaveText(`${jias} of ${preview.items} items`);
  const items = (await host.call<ReviewDetail>('review', { reviewId: 1, reviewer: JIA, count: 100 })).items;
  const other = items.findIndex((i) => i.email !== JIA);
  await list(page).focus();
  for (let n = 0; n < other; n++) await page.keyboard.press('j');
  await page.keyboard.press('e');
  const exception = page.getByRole('dialog', { name: `Exception: item ${items[other].number}` });
  await exception.getByLabel('Accepted until').fill(day(90));
  await exception.getByLabel('Comment').fill('Covering for the office manager until March');
  await exception.getByRole('button', { name: 'Record decision' }).click();
  await expect(exception).toHaveCount(0);
  await expect(list(page).getByRole('option', { name: new RegExp(`^Item ${items[other].number}:`) })).toContainText('Exception until');

  // Two items chosen with Space, reassigned to Adaeze with a note.
  await expect(list(page)).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('j');
  await page.keyboard.press('Space');
  await expect(list(page).getByRole('option', { selected: true })).toHaveCount(2);
  await page.getByRole('button', { name: 'Reassign 2 selected items…' }).click();
  const reassign = page.getByRole('dialog', { name: 'Reassign 2 selected items' });
  await reassign.getByLabel('New reviewer’s email').fill(ADAEZE);
  await reassign.getByLabel('Note').fill('Pod lead for Bayside Dental');
  await reassign.getByLabel('Reassigned by').fill('Elena Vasquez');
  await reassign.getByRole('button', { name: 'Continue' }).click();
  await expect(reassign.getByRole('status')).toHaveText(`2 items will move to ${ADAEZE}.`);
  await screenshotBoth(page, 'reviews-reassign');
  await reassign.getByRole('button', { name: 'Yes, reassign 2 items' }).click();
  await expect(reassign).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: ' of ' })).toHaveText(`${jias - 2} of ${preview.items} items`);
  await expect(page.getByRole('region', { name: 'Progress' })).toContainText(`${ADAEZE}0 of 2 decided`);
  await screenshotBoth(page, 'reviews-by-reviewer');
});
