// The app:// scheme the desktop window loads the renderer from (electron/main/app-scheme.ts): which
// file a URL names, which page may call the back end, which requests the window may make.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, contentType, isAllowedRequest, isAppPage, resolveAppFile } from '../../electron/main/app-scheme';

const dir = path.resolve('/opt/permaudit/dist/renderer');

describe('app:// files', () => {
  it('serves the files inside the renderer folder, ignoring the query and the fragment', () => {
    expect(resolveAppFile(dir, APP_INDEX_URL)).toBe(path.join(dir, 'index.html'));
    expect(resolveAppFile(dir, 'app://renderer/assets/index-abc.js?v=1#top')).toBe(path.join(dir, 'assets', 'index-abc.js'));
    expect(resolveAppFile(dir, 'app://renderer/assets/my%20font.woff2')).toBe(path.join(dir, 'assets', 'my font.woff2'));
  });

  it('never leaves the folder: `..`, plain or encoded, stays inside or is refused', () => {
    // The URL parser folds plain and %2e dot segments before the path is read: they end inside.
    for (const url of [
      'app://renderer/../../etc/passwd',
      'app://renderer/%2e%2e/%2e%2e/etc/passwd',
      'app://renderer/assets/%2E%2E/%2E%2E/x',
    ]) {
      const file = resolveAppFile(dir, url);
      expect(file === null || file.startsWith(dir + path.sep), url).toBe(true);
    }
    expect(resolveAppFile(dir, 'app://renderer/../../etc/passwd')).toBe(path.join(dir, 'etc', 'passwd'));
  });

  it('refuses encoded slashes and backslashes, NUL, odd segments and the bare folder', () => {
    for (const url of [
      'app://renderer/..%2f..%2fetc%2fpasswd',
      'app://renderer/..%2F..%2Fpackage.json',
      'app://renderer/..%5c..%5cpackage.json',
      'app://renderer/..\\..\\package.json',
      'app://renderer/%2e%2e%2fpackage.json',
      'app://renderer/index.html%00.png',
      'app://renderer/assets//x.js',
      'app://renderer/assets/',
      'app://renderer/',
      'app://renderer',
      'app://renderer/%E0%A4%A',
    ]) {
      expect(resolveAppFile(dir, url), url).toBeNull();
    }
  });

  it('refuses other schemes, hosts, ports and credentials', () => {
    for (const url of [
      'file:///opt/permaudit/dist/renderer/index.html',
      'https://renderer/index.html',
      'app://evil/index.html',
      'app://renderer.evil/index.html',
      'app://renderer:8080/index.html',
      'app://user:pw@renderer/index.html',
      'app:index.html',
      'not a url',
    ]) {
      expect(resolveAppFile(dir, url), url).toBeNull();
    }
  });

  it('names the content type of what the renderer build holds', () => {
    expect(contentType('index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('a/b.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentType('x.css')).toBe('text/css; charset=utf-8');
    expect(contentType('x.bin')).toBe('application/octet-stream');
  });
});

describe('the window', () => {
  it('trusts only the app page as the caller of the back end', () => {
    expect(isAppPage(APP_INDEX_URL)).toBe(true);
    expect(isAppPage(`${APP_INDEX_URL}#/who-can`)).toBe(true);
    for (const url of [
      'file:///opt/permaudit/dist/renderer/index.html',
      'app://evil/index.html',
      'app://renderer/other.html',
      'http://127.0.0.1:5173/index.html',
      '',
    ]) {
      expect(isAppPage(url), url).toBe(false);
    }
  });

  it('may request only app:// (and devtools:// when unpackaged): no file:, http(s):, data: or anything else', () => {
    expect(isAllowedRequest('app://renderer/assets/index.js', false)).toBe(true);
    expect(isAllowedRequest('devtools://devtools/bundled/devtools_app.html', true)).toBe(true);
    expect(isAllowedRequest('devtools://devtools/bundled/devtools_app.html', false)).toBe(false);
    for (const url of [
      'file:///etc/passwd',
      'file:///opt/permaudit/dist/renderer/index.html',
      'http://127.0.0.1/',
      'https://example.com/x.js',
      'wss://example.com/',
      'data:text/html,<script>alert(1)</script>',
      'blob:app://renderer/1234',
      'chrome://settings',
      'app://evil/x.js',
      'garbage',
    ]) {
      expect(isAllowedRequest(url, true), url).toBe(false);
    }
  });
});
