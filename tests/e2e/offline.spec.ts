// The shared fixture's guard (tests/e2e/fixtures.ts): a request to another machine is caught, never
// sent, and fails the test. The requests are made from about:blank, which has no CSP to stop them first.
import { expect, leavesMachine, test } from './fixtures';

const tryFetch = (url: string) =>
  fetch(url).then(
    () => 'answered',
    () => 'failed',
  );

test('records and aborts a request that would leave the machine', async ({ page, leaks }) => {
  expect(await page.evaluate(tryFetch, 'http://example.invalid/collect')).toBe('failed');
  expect(leaks).toEqual(['GET http://example.invalid/collect']);
  leaks.length = 0; // caught as it should be: do not fail this test for it
});

test('fails the test that made such a request', async ({ page }) => {
  test.fail(true, 'the fixture fails any test that requested a non-loopback address');
  await page.evaluate(tryFetch, 'https://telemetry.example.invalid/');
});

test('lets loopback through and ignores local schemes', () => {
  for (const url of [
    'http://127.0.0.1:4173/api',
    'http://localhost/',
    'http://[::1]:8080/',
    'data:text/plain,x',
    'blob:http://127.0.0.1/1',
    'about:blank',
  ]) {
    expect(leavesMachine(new URL(url)), url).toBe(false);
  }
  for (const url of ['http://example.invalid/', 'https://192.168.1.2/', 'wss://example.com/', 'http://127.0.0.2/', 'http://[::2]/']) {
    expect(leavesMachine(new URL(url)), url).toBe(true);
  }
});
