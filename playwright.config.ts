// Browser tests of the renderer against the real browser-mode host (started in-process by the
// fixture in tests/e2e/fixtures.ts). Chromium comes from the system (Debian's /usr/bin/chromium);
// `npx playwright install` is never needed. Build first: `npm test` runs the build before this.
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  reporter: 'list',
  workers: 2,
  fullyParallel: true,
  // Timeouts guard against hangs only; they are generous because a busy 2-core machine is slow.
  // No test measures speed: that is `npm run bench`'s job.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    headless: true,
    locale: 'en-US',
    timezoneId: 'UTC',
    acceptDownloads: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
});
