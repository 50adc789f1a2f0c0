// Picks the client for where the page runs: the desktop bridge when the preload gave one, else HTTP.
import type { Client } from './bridge';
import { createDesktopClient } from './desktop-bridge';
import { createHttpClient, takeToken } from './http-bridge';

export function createClient(win: Window = window): Client {
  if (win.permaudit) return createDesktopClient(win.permaudit);
  return createHttpClient({ token: takeToken(win), EventSource: (win as Window & typeof globalThis).EventSource, document: win.document });
}
