// The window shows the renderer from app://renderer/…, a privileged custom scheme, instead of file://
// (which would let a page read any file on the disk). These pure decisions (which file a URL names,
// which requests the window may make) are here so they are tested under Node; main.ts wires them in.

import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function isAppUrl(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
}

/**
 * The file inside rendererDir that an app:// URL names, or null for anything else: another scheme or
 * host, a path that leaves the folder (`..`, also percent-encoded), an encoded slash or backslash, a
 * NUL. The query and the fragment are ignored.
 */
export function resolveAppFile(rendererDir: string, url: string): string | null {
  const parsed = parse(url);
  if (!parsed || !isAppUrl(parsed)) return null;
  // The URL parser has already removed plain `.` and `..` segments; what is left encoded is refused,
  // so no decoded character can change the path's shape.
  if (/%2f|%5c|%00|%2e/i.test(parsed.pathname) || parsed.pathname.includes('\\')) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname).replace(/^\/+/, '');
  } catch {
    return null;
  }
  if (relative === '' || relative.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, ...relative.split('/'));
  return file.startsWith(root + path.sep) ? file : null;
}

/** True for the app's own page: only its main frame may call the back end. */
export function isAppPage(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && isAppUrl(parsed) && parsed.pathname === '/index.html';
}

/**
 * Whether the window may make a request: the app's own files only, plus the developer tools in an
 * unpackaged build. file:, http(s):, data:, ws: and everything else are refused: nothing is ever
 * fetched from the disk behind the scheme's back or from the network.
 */
export function isAllowedRequest(url: string, allowDevtools: boolean): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (parsed.protocol === 'devtools:') return allowDevtools;
  return isAppUrl(parsed);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
