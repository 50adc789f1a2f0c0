// The real desktop app, driven through Playwright's Electron support. It needs the Electron runtime,
// which cannot be downloaded on every machine (npm install may skip it); without it this file skips
// with the reason printed, and browser mode (the other specs) covers the UI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
// @ts-expect-error: a plain .mjs script, no types
import { electronBinary } from '../../scripts/electron-binary.mjs';

const root = path.resolve(import.meta.dirname, '../..');

const binary = electronBinary(root) as string | null;
const reason =
  'the Electron runtime is not installed here (node_modules/electron has no binary; run `node node_modules/electron/install.js` where github.com is reachable)';
if (!binary) console.log(`electron.spec: skipping the desktop app tests: ${reason}`);

test.describe('desktop app', () => {
  test.skip(!binary, reason);

  test('opens a locked-down window that offers the samples, imports one and answers who can', async () => {
    // The Electron-ABI build of better-sqlite3, as `npm start` makes it.
    const prepared = spawnSync(process.execPath, [path.join(root, 'scripts/start.mjs'), '--prepare-only'], { stdio: 'inherit' });
    expect(prepared.status).toBe(0);

    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [root, `--user-data-dir=${userData}`, '--no-sandbox', '--disable-gpu'],
    });
    try {
      const window = await app.firstWindow();
      await expect(window).toHaveTitle(/Permission Auditor/);
      expect(window.url()).toMatch(/^app:\/\/renderer\/index\.html/); // the app:// scheme, not file://
      // Neither the disk nor the network is reachable (the CSP and the session filter both refuse).
      const refused = await window.evaluate(async () =>
        Promise.all(
          ['file:///etc/hostname', 'http://127.0.0.1:9/'].map((url) =>
            fetch(url).then(
              () => 'loaded',
              () => 'refused',
            ),
          ),
        ),
      );
      expect(refused).toEqual(['refused', 'refused']);
      const exposure = await window.evaluate(() => ({
        bridge: typeof (window as unknown as { permaudit?: unknown }).permaudit,
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(exposure).toEqual({ bridge: 'object', require: 'undefined', process: 'undefined' });

      await expect(window.getByRole('heading', { name: 'Welcome to Permission Auditor' })).toBeVisible();
      await window.getByRole('button', { name: 'Open the sample dataset' }).first().click();
      await expect(window.getByText(/Northwind MSP/).first()).toBeVisible();
      const answer = await window.evaluate(() =>
        (window as unknown as { permaudit: { whoCan(arg: unknown): Promise<{ ok: boolean }> } }).permaudit.whoCan({
          permission: 'Approve Assisted Remediation',
        }),
      );
      expect(answer.ok).toBe(true);
      await window.screenshot({ path: path.join(root, 'test-results/screenshots/electron-window.png') });
    } finally {
      await app.close();
    }
  });
});
