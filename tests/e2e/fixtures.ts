// The browser-mode host, in-process, with a fresh database per test; helpers to seed it through the
// API (as the UI would) and to save screenshots into test-results/screenshots.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import type { ApiResult, ImportFile, SnapshotInfo } from '../../shared/api';
import type { RunningServer, startServer as StartServer } from '../../electron/serve/server';

// The host's modules are CommonJS at heart (they use __dirname, as the bundles do); Playwright runs
// this package's tests as ES modules, so the host is loaded through require, which compiles it as CJS.
const { startServer } = createRequire(import.meta.url)('../../electron/serve/server') as { startServer: typeof StartServer };

export const root = path.resolve(import.meta.dirname, '../..');
export const samplesDir = path.join(root, 'resources', 'samples');
export const screenshotsDir = path.join(root, 'test-results', 'screenshots');

export interface Host {
  server: RunningServer;
  dbPath: string;
  /** Calls the API the way the renderer does. */
  call<T>(method: string, argument: unknown): Promise<T>;
  /** Uploads a file as the browser does; browser mode reads only uploaded files and the samples. */
  upload(file: string): Promise<ImportFile>;
  /** Imports a bundled sample (by file name) and returns the snapshot. */
  importSample(file: string, platform: string, name?: string): Promise<SnapshotInfo>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A request that would reach another machine: any network URL whose host is not loopback. */
export function leavesMachine(url: URL): boolean {
  return ['http:', 'https:', 'ws:', 'wss:', 'ftp:'].includes(url.protocol) && !LOOPBACK.has(url.hostname);
}

export const test = base.extend<{ host: Host; pageErrors: void; leaks: string[] }>({
  // Nothing leaves the machine: every request (and WebSocket) from any page of the test to a host that
  // is not loopback is recorded and aborted, never sent, and fails the test at its end.
  leaks: [
    async ({ context }, use) => {
      const leaks: string[] = [];
      await context.route(leavesMachine, (route) => {
        leaks.push(`${route.request().method()} ${route.request().url()}`);
        return route.abort('blockedbyclient');
      });
      await context.routeWebSocket(leavesMachine, (ws) => {
        leaks.push(`WebSocket ${ws.url()}`);
        return ws.close();
      });
      await use(leaks);
      expect(leaks, 'requests to addresses outside this machine').toEqual([]);
    },
    { auto: true },
  ],
  // Every page must run clean under the host's Content-Security-Policy: no script errors, no CSP
  // violations. (Chromium also logs each 4xx/5xx response; those are answers the UI shows.)
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`);
      });
      await use();
      expect(errors).toEqual([]);
    },
    { auto: true },
  ],
  // Playwright reads a fixture's dependencies from the destructuring pattern; this one has none.
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const rendererDir = path.join(root, 'dist', 'renderer');
    if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error('dist/renderer is not built: run `npm run build` first');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-e2e-'));
    const dbPath = path.join(dir, 'audit.db');
    const server = await startServer({ dbPath, port: 0, rendererDir, resourcesDir: path.join(root, 'resources') });
    const call = async <T>(method: string, argument: unknown): Promise<T> => {
      const response = await fetch(`${server.origin}/api/call/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Permaudit-Token': server.token },
        body: JSON.stringify(argument),
      });
      const result = (await response.json()) as ApiResult<T>;
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value;
    };
    const upload = async (file: string): Promise<ImportFile> => {
      const response = await fetch(`${server.origin}/api/upload?name=${encodeURIComponent(path.basename(file))}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream', 'X-Permaudit-Token': server.token },
        body: fs.readFileSync(file),
      });
      const result = (await response.json()) as ApiResult<ImportFile>;
      if (!result.ok) throw new Error(`upload: ${result.error.message}`);
      return result.value;
    };
    const importSample = (file: string, platform: string, name?: string) =>
      call<SnapshotInfo>('importFiles', {
        files: [{ path: path.join(samplesDir, file), name: file }],
        platform,
        ...(name ? { name } : {}),
      });
    await use({ server, dbPath, call, upload, importSample });
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  },
});

export { expect };

/** A full-page screenshot, named after what it shows, in test-results/screenshots. */
export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(screenshotsDir, { recursive: true });
  // The app fills the window and scrolls inside its panes, so the page is the viewport.
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** Opens the app at a view (the token in the address, as `npm run serve` prints it). */
export async function openApp(page: Page, host: Host, view?: string) {
  await page.goto(host.server.url + (view ? `#/${view}` : ''));
  await expect(page.getByText('Permission Auditor').first()).toBeVisible();
}

/**
 * Ctrl+F as a person presses it once the view shows its search box: until the view has loaded (the
 * role model, the list) there is no box, and Ctrl+F is left to the browser.
 */
export async function pressFind(page: Page) {
  await expect(page.locator('main [data-find]').first()).toBeVisible();
  await page.keyboard.press('Control+f');
}

/** A segment of a segmented choice, as a person clicks it: the radio's label (the radio itself is visually hidden). */
export function segment(page: Page, name: string) {
  return page.locator('label', { has: page.getByRole('radio', { name, exact: true }) });
}

/** Both colour schemes of the current view. */
export async function screenshotBoth(page: Page, name: string) {
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}
