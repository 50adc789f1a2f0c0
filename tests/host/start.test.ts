// `npm start` on a machine without the Electron runtime, and the packaging it relies on.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/services/security';
// @ts-expect-error: a plain .mjs script, no types
import { electronBinary } from '../../scripts/electron-binary.mjs';

const root = path.resolve(__dirname, '../..');
const require = createRequire(import.meta.url);

describe('npm start without the Electron runtime', () => {
  const installed = electronBinary(root) !== null;
  if (installed)
    console.log(
      'start.test: skipping the "runtime missing" case: the Electron binary is installed here (the _electron e2e test covers the app).',
    );

  it.skipIf(installed)('says plainly what is missing, how to get it, and that `npm run serve` works instead', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/start.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, PERMAUDIT_NO_DOWNLOAD: '1' },
    });
    expect(run.status).toBe(1);
    // The version installed (electron ^45), read from node_modules/electron, never written into the script.
    const { version } = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'));
    expect(version).toMatch(/^45\./);
    expect(run.stderr).toContain(`The Electron runtime (version ${version}) is not installed, so the desktop app cannot start`);
    expect(fs.readFileSync(path.join(root, 'scripts/start.mjs'), 'utf8')).not.toMatch(/\b\d+\.\d+\.\d+\b/);
    expect(run.stderr).toContain('node node_modules/electron/install.js');
    expect(run.stderr).toContain('npm run serve');
    expect(run.stdout, 'PERMAUDIT_NO_DOWNLOAD=1: no download attempt').not.toContain('Downloading');
  });
});

describe('packaging', () => {
  const config = require(path.join(root, 'electron-builder.config.cjs'));

  it('builds Linux AppImage and deb, a macOS dmg and a Windows installer under one app id', () => {
    expect(config.appId).toBe('com.permissionauditor.app');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
  });

  it('has every icon it names, and ships the native module, samples and seed pages outside the asar', () => {
    for (const icon of [config.mac.icon, config.win.icon, path.join(config.linux.icon, '512x512.png')]) {
      expect(fs.existsSync(path.join(root, icon)), icon).toBe(true);
    }
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*');
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'build/native', to: 'native' }));
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'resources/samples', to: 'samples' }));
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'resources/seeds', to: 'seeds' }));
    expect(fs.existsSync(path.join(root, 'resources/samples/huntress-msp.csv'))).toBe(true);
  });

  it('points package.json main at the bundled main process, next to its preload', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(fs.existsSync(path.join(root, pkg.main)), 'run npm run build first').toBe(true);
    expect(fs.existsSync(path.join(root, 'dist/electron/preload.cjs'))).toBe(true);
  });

  it('builds a renderer page that carries the Content-Security-Policy itself, as well as the app:// header', () => {
    const html = fs.readFileSync(path.join(root, 'dist/renderer/index.html'), 'utf8');
    const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
    expect(meta, 'a CSP meta tag').not.toBeNull();
    const policy = meta![1].replace(/&#39;/g, "'");
    expect(policy).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // no inline script
  });

  it('bundles a preload that a sandboxed renderer can load: it requires nothing but electron', () => {
    const preload = fs.readFileSync(path.join(root, 'dist/electron/preload.cjs'), 'utf8');
    const required = new Set([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld("permaudit"');
  });
});
