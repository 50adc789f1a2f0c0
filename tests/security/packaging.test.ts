// The packaged app's hardening, read from its configuration and sources: Electron's fuses, and nothing
// in it that calls out (no updater, telemetry or crash reporter, no publishing).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const require = createRequire(import.meta.url);
const config = require(path.join(root, 'electron-builder.config.cjs'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('fuses', () => {
  it.each([
    ['runAsNode', false],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['enableCookieEncryption', true],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
    ['grantFileProtocolExtraPrivileges', false],
  ])('%s is %s', (fuse, value) => {
    expect(config.electronFuses[fuse]).toBe(value);
  });

  it('packs the app into an asar (which the integrity fuses check)', () => {
    expect(config.asar ?? true).toBe(true);
  });
});

describe('nothing leaves the machine', () => {
  const CALLS_OUT =
    /^(electron-updater|update-electron-app|electron-simple-updater|@sentry\/.*|@bugsnag\/.*|@datadog\/.*|@honeybadger-io\/.*|@rollbar\/.*|rollbar|raven|newrelic|@newrelic\/.*|applicationinsights|@amplitude\/.*|@segment\/.*|analytics-node|mixpanel|posthog-node|electron-google-analytics.*|universal-analytics|@aptabase\/.*|@opentelemetry\/.*)$/;

  it('ships no updater, telemetry or crash-report package', () => {
    const shipped = Object.keys(pkg.dependencies ?? {});
    expect(shipped.length).toBeGreaterThan(0);
    expect(shipped.filter((name) => CALLS_OUT.test(name))).toEqual([]);
    expect(CALLS_OUT.test('electron-updater') && CALLS_OUT.test('@sentry/electron')).toBe(true);
  });

  it('never starts a crash reporter or an auto-updater, nor opens links outside', () => {
    const sources = ['electron/main', 'electron/preload', 'electron/ipc'].flatMap((dir) =>
      fs.readdirSync(path.join(root, dir)).map((file) => [`${dir}/${file}`, fs.readFileSync(path.join(root, dir, file), 'utf8')] as const),
    );
    expect(sources.length).toBeGreaterThan(3);
    for (const [file, text] of sources) {
      expect(text, file).not.toMatch(/crashReporter|autoUpdater|shell\.openExternal|net\.request/);
    }
  });

  it('publishes nowhere', () => {
    expect(config.publish).toBeNull();
    expect(pkg.scripts.dist).toContain('--publish never');
    for (const platform of ['linux', 'mac', 'win']) expect(config[platform].publish, platform).toBeUndefined();
  });
});
