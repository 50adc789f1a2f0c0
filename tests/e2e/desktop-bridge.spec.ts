// The renderer as the desktop app runs it: `window.permaudit` present (here a stand-in that speaks
// the same ApiResult protocol over the browser-mode host), with menu commands and native saving.
import { createRequire } from 'node:module';
import type { API_METHODS as Methods } from '../../shared/api';
import path from 'node:path';
import { expect, openApp, samplesDir, screenshot, screenshotBoth, test } from './fixtures';

// Through require, as fixtures.ts loads the host: imported as an ES module here, the contract would be
// resolved by Node's ESM loader, which does not find extensionless TypeScript files.
const { API_METHODS } = createRequire(import.meta.url)('../../shared/api') as { API_METHODS: typeof Methods };

test.beforeEach(async ({ page }) => {
  // The script runs in the page, so the contract's list of calls is handed to it as its argument.
  await page.addInitScript((methods: string[]) => {
    const token = new URL(location.href).searchParams.get('token') ?? '';
    const menu = new Set<(command: string) => void>();
    const progress = new Set<(p: unknown) => void>();
    const saved: { suggestedName: string; text: string }[] = [];
    const call = (method: string) => async (argument: unknown) => {
      const response = await fetch(`/api/call/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Permaudit-Token': token },
        body: JSON.stringify(argument ?? {}),
      });
      return response.json();
    };
    const w = window as unknown as Record<string, unknown>;
    const exported: unknown[] = [];
    const diffsHeld: unknown[] = [];
    const diffsCancelled: unknown[] = [];
    w.permaudit = {
      ...Object.fromEntries(methods.map((m) => [m, call(m)])),
      // The host writes big exports itself (the desktop's save dialog chooses where); kept here to read back.
      exportAnswer: async (argument: unknown) => {
        // A test can hold the export open (as a long one is) to see its progress and cancel it.
        if (w.__holdExports) {
          return new Promise((resolve) => {
            w.__releaseExport = () =>
              resolve({ ok: false, error: { kind: 'cancelled', message: 'the export was cancelled; no file was written', problems: [] } });
          });
        }
        const result = await call('exportAnswer')(argument);
        exported.push(result.value);
        return result;
      },
      exportProgress: async (argument: unknown) =>
        w.__holdExports ? { ok: true, value: { rows: 25_000, total: 100_000 } } : call('exportProgress')(argument),
      cancelExport: async (argument: unknown) => {
        if (!w.__holdExports) return call('cancelExport')(argument);
        (w.__releaseExport as () => void)();
        return { ok: true, value: { cancelled: true } };
      },
      // A test can hold a diff open too (a diff of two million-assignment snapshots takes seconds).
      diffSnapshots: async (argument: { diffId?: string }) => {
        if (!w.__holdDiffs) return call('diffSnapshots')(argument);
        diffsHeld.push(argument.diffId);
        return new Promise((resolve) => {
          w.__releaseDiff = () =>
            resolve({ ok: false, error: { kind: 'cancelled', message: 'the comparison was cancelled', problems: [] } });
        });
      },
      diffProgress: async (argument: unknown) =>
        w.__holdDiffs ? { ok: true, value: { done: 120_000, total: 1_000_000 } } : call('diffProgress')(argument),
      cancelDiff: async (argument: { diffId: string }) => {
        if (!w.__holdDiffs) return call('cancelDiff')(argument);
        diffsCancelled.push(argument.diffId);
        (w.__releaseDiff as () => void)();
        return { ok: true, value: { cancelled: true } };
      },
      chooseFiles: async () => null,
      chooseModelFile: async () => null,
      pathForFile: (file: File) => `/nowhere/${file.name}`,
      saveText: async (req: { suggestedName: string; text: string }) => {
        saved.push(req);
        return true;
      },
      onMenuCommand: (listener: (command: string) => void) => {
        menu.add(listener);
        return () => menu.delete(listener);
      },
      onImportProgress: (listener: (p: unknown) => void) => {
        progress.add(listener);
        return () => progress.delete(listener);
      },
    };
    w.__menu = (command: string) => menu.forEach((l) => l(command));
    w.__saved = saved;
    w.__exported = exported;
    w.__diffs = { held: diffsHeld, cancelled: diffsCancelled };
  }, API_METHODS);
});

test('menu commands: import, find, export and reload', async ({ page, host }) => {
  await host.importSample('huntress-msp.csv', 'huntress', 'Northwind');
  await openApp(page, host, 'matrix');
  await expect(page.getByText('Everything stays on this computer.')).toBeVisible(); // desktop mode
  const grid = page.getByRole('grid', { name: 'Access matrix' });
  await expect(grid).toContainText('elena.vasquez@northwind-msp.example');

  await page.evaluate(() => (window as unknown as { __menu(c: string): void }).__menu('find'));
  await expect(page.getByRole('searchbox', { name: 'Filter people' })).toBeFocused();
  await page.keyboard.type('grace');

  await page.evaluate(() => (window as unknown as { __menu(c: string): void }).__menu('export'));
  // The menu's Export has the host write the CSV of what the filter shows, named by platform,
  // snapshot, scope (the root: the whole tenancy), subject and day.
  await expect(
    page.getByText(/^Exported huntress-snapshot-1-northwind-msp-access-matrix-\d{4}-\d{2}-\d{2}\.csv \(1 rows?\)$/),
  ).toBeVisible();
  const exported = await page.evaluate(() => (window as unknown as { __exported: { name: string; download: string }[] }).__exported);
  expect(exported).toHaveLength(1);
  const text = await page.evaluate(async ({ download, token }) => (await fetch(`${download}?token=${token}`)).text(), {
    download: exported[0].download,
    token: host.server.token,
  });
  expect(text.split('\r\n')[1]).toMatch(/^grace\.whitfield@northwind-msp\.example,/);

  await page.evaluate(() => (window as unknown as { __menu(c: string): void }).__menu('import'));
  const wizard = page.getByRole('dialog', { name: 'Import CSV exports' });
  await expect(wizard).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(wizard).toBeHidden();

  // Another snapshot arrives behind the window's back; Reload shows it.
  await host.importSample('hexiosec-asm.csv', 'hexiosec-asm', 'Hexiosec');
  await page.getByRole('button', { name: 'Snapshots' }).click();
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
  await page.evaluate(() => (window as unknown as { __menu(c: string): void }).__menu('reload'));
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(3);
  await screenshot(page, 'desktop-snapshots');
});

test('export in a view without an export says so', async ({ page, host }) => {
  await host.importSample('huntress-msp.csv', 'huntress');
  await openApp(page, host, 'roles');
  await page.evaluate(() => (window as unknown as { __menu(c: string): void }).__menu('export'));
  await expect(page.getByRole('status').filter({ hasText: 'Nothing to export in this view' })).toBeVisible();
});

test('a long export shows how far it has got, and Cancel stops it without a file', async ({ page, host }) => {
  await host.importSample('huntress-msp.csv', 'huntress');
  await openApp(page, host, 'matrix');
  await expect(page.getByRole('grid', { name: 'Access matrix' })).toContainText('elena.vasquez@northwind-msp.example');
  await page.evaluate(() => ((window as unknown as { __holdExports: boolean }).__holdExports = true));
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const progress = page.getByRole('group', { name: 'Export in progress' });
  await expect(progress).toContainText('Exporting JSON… 25,000 of 100,000 rows');
  await expect(progress.getByRole('progressbar', { name: 'Export' })).toHaveAttribute('aria-valuenow', '25');
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeHidden(); // one export at a time
  await screenshot(page, 'matrix-export-progress');
  await progress.getByRole('button', { name: 'Cancel export' }).click();
  await expect(page.getByText('Export cancelled: no file was written')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeVisible();
});

test('a long comparison of two snapshots shows how far it has got; Cancel stops it, and Compare again compares anew', async ({
  page,
  host,
}) => {
  const november = await host.importSample('huntress-msp.csv', 'huntress', 'Northwind November');
  const december = await host.call<{ id: number }>('importFiles', {
    files: [await host.upload(path.join(samplesDir, 'huntress-msp-december.csv'))],
    platform: 'huntress',
    name: 'Northwind December',
  });
  const { summary } = await host.call<{ summary: string }>('diffSnapshots', { before: november.id, after: december.id });
  await openApp(page, host, 'snapshots');
  await page.evaluate(() => ((window as unknown as { __holdDiffs: boolean }).__holdDiffs = true));
  await page.getByRole('button', { name: 'Changes', exact: true }).click();
  const progress = page.getByRole('group', { name: 'Comparison in progress' });
  await expect(progress).toContainText('Comparing people… 120,000 of 1,000,000');
  await expect(progress.getByRole('progressbar', { name: 'Comparison' })).toHaveAttribute('aria-valuenow', '12');
  await screenshotBoth(page, 'changes-progress');

  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'Comparison cancelled' })).toBeVisible();
  await expect(
    page.getByText('The comparison of “Northwind November” with “Northwind December” was stopped before it finished.'),
  ).toBeVisible();
  const diffs = await page.evaluate(() => (window as unknown as { __diffs: { held: string[]; cancelled: string[] } }).__diffs);
  expect(diffs.held).toHaveLength(1);
  expect(diffs.cancelled).toEqual(diffs.held); // the diff asked is the one cancelled
  await screenshotBoth(page, 'changes-cancelled');

  await page.evaluate(() => ((window as unknown as { __holdDiffs: boolean }).__holdDiffs = false));
  await page.getByRole('button', { name: 'Compare again' }).click();
  await expect(page.getByTestId('changes-summary')).toHaveText(summary);
});

test('the desktop app, which starts with no address, reopens the last view with its question', async ({ page, host }) => {
  await host.importSample('huntress-msp.csv', 'huntress', 'Northwind');
  await host.importSample('hexiosec-asm.csv', 'hexiosec-asm', 'Hexiosec');
  await openApp(page, host, 'snapshots');
  await page.getByRole('button', { name: 'Open Northwind' }).click();
  await page.getByRole('button', { name: 'Who can', exact: true }).click();
  await page.getByRole('combobox', { name: 'Permission' }).fill('approve assisted');
  await page.getByRole('option', { name: /Approve Assisted Remediation/ }).click();
  await page.getByRole('searchbox', { name: 'Filter the answer' }).fill('elena');
  const summary = page.getByTestId('who-can-summary');
  await expect(summary).toContainText('1 person can Approve Assisted Remediation anywhere');
  await expect(page).toHaveURL(/q=elena$/);

  // A new start, as the desktop app starts: at the page, with no hash.
  await page.goto(host.server.url);
  await expect(summary).toContainText('1 person can Approve Assisted Remediation anywhere');
  await expect(page.getByRole('region', { name: 'Answer' })).toContainText('elena.vasquez@northwind-msp.example');
  await expect(page.getByRole('button', { name: /^Open snapshot:/ })).toContainText('Northwind');
  await expect(page.getByRole('searchbox', { name: 'Filter the answer' })).toHaveValue('elena');
  await expect(page).toHaveURL(/#\/who-can\?snapshot=\d+&permission=[^&]+&q=elena$/);
});
