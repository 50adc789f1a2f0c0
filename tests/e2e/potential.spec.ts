// Potential access in the app, on the Hexiosec sample: Who can "Delete scans" at Fenwick Engineering/
// External Perimeter with "Include potential access" lists, after those who hold it, the people who
// could give themselves it (exactly the API's answer), each opening into its path one hop a line with
// the vendor's words; the export carries them; a reload keeps the toggle. The Findings view shows an
// escalation finding's paths the same way.
import fs from 'node:fs';
import type { Locator } from '@playwright/test';
import Papa from 'papaparse';
import type { Answered, FindingsAnswer, WhoCanWindow } from '../../shared/api';
import type { PotentialPath } from '../../shared/engine/potential';
import { expect, openApp, screenshotBoth, test } from './fixtures';

const SCOPE = 'Fenwick Engineering/External Perimeter';

/** The lines a path reads as, one per hop and then the grant (as PotentialPath draws them). */
const pathLines = (p: Pick<PotentialPath, 'hops' | 'role' | 'permission'>) => [
  ...p.hops.map((h) => `Holds ‘${h.permission}’ as ${h.heldAs} at ${h.heldAt} → can give themselves ${h.gives} at ${h.givesAt}`),
  `→ ${p.role} grants ‘${p.permission}’`,
];

async function expectPath(list: Locator, p: Parameters<typeof pathLines>[0]) {
  const hops = list.getByTestId('path-hop');
  const lines = pathLines(p);
  await expect(hops).toHaveCount(lines.length);
  for (const [i, line] of lines.entries()) {
    await expect(hops.nth(i)).toContainText(line);
    // Each hop cites the vendor's words, as a grant does.
    await expect(
      hops
        .nth(i)
        .getByRole('button', { name: /^Hexiosec.* — “/ })
        .first(),
    ).toBeVisible();
  }
}

test('Who can with potential access, its paths and export, kept on reload; an escalation finding’s path', async ({ page, host }) => {
  test.setTimeout(120_000);
  const snapshot = await host.importSample('hexiosec-asm.csv', 'hexiosec-asm', 'Fenwick');
  const { answer } = await host.call<Answered<WhoCanWindow>>('whoCanWindow', {
    snapshotId: snapshot.id,
    permission: 'Delete scans',
    scope: SCOPE,
    potential: true,
    from: 0,
    count: 2000,
  });
  const potential = answer.entries.filter((e) => e.potential);
  expect(potential.length, 'the sample has people who could give themselves Delete scans there').toBeGreaterThan(0);
  expect(answer.potential).toBeDefined();
  const { holders, people } = answer.potential!;

  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page, host, `who-can?snapshot=${snapshot.id}&scope=${encodeURIComponent(SCOPE)}`);
  await page.getByRole('combobox', { name: 'Permission' }).fill('delete scans');
  await page.getByRole('option', { name: /^Delete scans/ }).click();
  const summary = page.getByTestId('who-can-summary');
  await expect(summary).toContainText(`can Delete scans at ${SCOPE}`);
  await expect(summary).not.toContainText('could give themselves');

  const toggle = page.getByRole('switch', { name: 'Include potential access' });
  await toggle.check();
  await expect(page).toHaveURL(/potential=1/);
  await expect(summary).toContainText(
    `${holders} ${holders === 1 ? 'person can' : 'people can'} Delete scans at ${SCOPE} · ${people} ${people === 1 ? 'person' : 'people'} could give themselves it`,
  );

  // The potential entries, after the others, are those of the API's answer, badged as such.
  const answerRegion = page.getByRole('region', { name: 'Answer' });
  const potentialRows = answerRegion.getByRole('row').filter({ hasText: 'could give themselves' });
  await expect(potentialRows).toHaveCount(potential.length);
  expect(await potentialRows.locator('.cell-sub').allTextContents()).toEqual(potential.map((e) => e.email));
  await screenshotBoth(page, 'who-can-potential-list');
  await page.setViewportSize({ width: 960, height: 900 });
  await screenshotBoth(page, 'who-can-potential-narrow');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Each one's why is its path, one hop a line with the vendor's words.
  for (const e of potential) {
    await answerRegion.getByRole('button', { name: `How could ${e.email} give themselves ${e.roleLabel} at ${e.assignedAt}?` }).click();
  }
  const paths = answerRegion.getByRole('list', { name: 'How they could give it to themselves' });
  await expect(paths).toHaveCount(potential.length);
  for (const [i, e] of potential.entries())
    await expectPath(paths.nth(i), { hops: e.path!, role: e.roleLabel, permission: 'Delete scans' });
  await screenshotBoth(page, 'who-can-potential');

  // The export carries the potential entries and their paths.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const rows = Papa.parse<Record<string, string>>(fs.readFileSync(await (await download).path(), 'utf8'), {
    header: true,
    newline: '\r\n',
    skipEmptyLines: true,
  }).data;
  const exported = rows.filter((r) => r.potential === 'yes');
  expect(exported.map((r) => r.email)).toEqual(potential.map((e) => e.email));
  for (const [i, r] of exported.entries()) expect(r.path).toContain(`‘${potential[i].path![0].permission}’`);

  // A reload keeps the toggle and the answer.
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Include potential access' })).toBeChecked();
  await expect(summary).toContainText(`${people} ${people === 1 ? 'person' : 'people'} could give themselves it`);
  await expect(potentialRows).toHaveCount(potential.length);

  // Off again: only those who hold it.
  await page.getByRole('switch', { name: 'Include potential access' }).uncheck();
  await expect(page).not.toHaveURL(/potential=1/);
  await expect(potentialRows).toHaveCount(0);

  // Findings: an escalation finding's evidence shows its paths the same way.
  const findings = (await host.call<Answered<FindingsAnswer>>('findings', { snapshotId: snapshot.id })).answer.findings;
  const escalation = findings.find((f) => f.rule === 'escalation' && f.paths && f.paths.length > 0);
  expect(escalation, 'the sample has an escalation finding').toBeDefined();
  const person = escalation!.users[0];
  await openApp(page, host, `findings?snapshot=${snapshot.id}&rule=escalation&q=${encodeURIComponent(person)}`);
  const item = page.getByRole('list', { name: 'Findings' }).locator(':scope > li').filter({ hasText: person });
  await item.getByRole('button', { name: escalation!.title }).click();
  const evidence = item.getByRole('region', { name: 'Evidence' });
  await expect(evidence.getByText('How they could give it to themselves')).toBeVisible();
  const shown = evidence.getByRole('list', { name: /^How they could give themselves ‘/ });
  await expect(shown).toHaveCount(escalation!.paths!.length);
  for (const [i, p] of escalation!.paths!.entries()) await expectPath(shown.nth(i), p);
  await shown.first().scrollIntoViewIfNeeded();
  await screenshotBoth(page, 'findings-escalation-path');
});
