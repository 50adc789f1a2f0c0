// The client in browser mode: each call is `POST /api/call/<method>` on the loopback host that served
// the page, authorised by the token from the URL it printed; import progress arrives as Server-Sent
// Events; files the user picks or drops are uploaded first, since a browser cannot name a path.

import {
  API,
  STATUS_BY_KIND,
  type ApiErrorInfo,
  type ApiMethod,
  type ApiResult,
  type ImportFile,
  type ImportProgress,
  type MenuCommand,
} from '../../shared/api';
import { ApiError, contractCalls, type Client } from './bridge';

export const TOKEN_HEADER = 'X-Permaudit-Token';
const TOKEN_KEY = 'permaudit.token';

export interface HttpClientOptions {
  token: string;
  /** Origin (and path prefix) of the host; '' for the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** For progress events; none means no progress is shown. */
  EventSource?: typeof EventSource;
  /** For the file picker and downloads. */
  document?: Document;
}

type Envelope = ApiResult<unknown>;

/**
 * Reads the token the host put in the address (`?token=`), keeps it in this address's storage and
 * takes it out of the address bar, so it does not end up in bookmarks or screenshots. Kept in local
 * storage (this origin only, 127.0.0.1 and the host's port), a bookmark or a link copied from the
 * address bar opens in a new tab too; the host keeps its token across restarts (`serve-token`).
 */
export function takeToken(win: Pick<Window, 'location' | 'history' | 'localStorage'>): string {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      win.localStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token then lives only as long as this page.
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return win.localStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

/** The kind an error status stands for where the body does not say (409: the first of its kinds). */
const kindOf = (status: number) =>
  (Object.keys(STATUS_BY_KIND) as ApiErrorInfo['kind'][]).find((kind) => STATUS_BY_KIND[kind] === status) ?? 'internal';

async function readEnvelope(response: Response): Promise<unknown> {
  let body: Envelope | undefined;
  try {
    body = (await response.json()) as Envelope;
  } catch {
    body = undefined;
  }
  if (response.status === 401 || response.status === 403) {
    const detail = body && !body.ok && body.error?.message ? ` (the host said: ${body.error.message})` : '';
    throw new ApiError(
      'usage',
      `This page is not authorised: open the address that \`npm run serve\` printed, with its ?token=, again${detail}.`,
    );
  }
  if (body && typeof body === 'object' && 'ok' in body) {
    if (body.ok) return body.value;
    throw ApiError.from(body.error ?? {}, kindOf(response.status));
  }
  throw new ApiError(kindOf(response.status), `The host answered ${response.status} ${response.statusText}`.trim());
}

export function createHttpClient(options: HttpClientOptions): Client {
  const base = (options.baseUrl ?? '').replace(/\/$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const progressListeners = new Set<(progress: ImportProgress) => void>();
  let events: EventSource | null = null;
  // Settles once the event stream is open (or has failed): a call with progress waits for it, or the
  // first progress events of a quick import would be sent before the stream is there to carry them.
  let eventsOpen: Promise<void> = Promise.resolve();

  const request = async (path: string, init: RequestInit): Promise<unknown> => {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), [TOKEN_HEADER]: options.token },
      });
    } catch (error) {
      throw new ApiError(
        'network',
        `Cannot reach the Permission Auditor host (${error instanceof Error ? error.message : String(error)}). Is \`npm run serve\` still running?`,
      );
    }
    return readEnvelope(response);
  };

  const call = async (method: ApiMethod, argument: unknown) => {
    if (API[method].progress) await eventsOpen;
    return request(`/api/call/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(argument),
    });
  };

  const ensureEvents = () => {
    if (events || !options.EventSource) return;
    const stream = new options.EventSource(`${base}/api/events?token=${encodeURIComponent(options.token)}`);
    events = stream;
    eventsOpen = new Promise((settle) => {
      stream.addEventListener('open', () => settle(), { once: true });
      stream.addEventListener('error', () => settle(), { once: true });
    });
    stream.addEventListener('import-progress', (event) => {
      let progress: ImportProgress;
      try {
        progress = JSON.parse((event as MessageEvent<string>).data) as ImportProgress;
      } catch {
        return;
      }
      for (const listener of [...progressListeners]) listener(progress);
    });
  };

  const onImportProgress = (listener: (progress: ImportProgress) => void) => {
    progressListeners.add(listener);
    ensureEvents();
    return () => {
      progressListeners.delete(listener);
      if (progressListeners.size === 0 && events) {
        events.close();
        events = null;
      }
    };
  };

  const upload = async (file: File): Promise<ImportFile> =>
    (await request(`/api/upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: file,
    })) as ImportFile;

  return {
    ...contractCalls(call, onImportProgress),
    mode: 'browser',
    pickFiles: async () => {
      const doc = options.document;
      if (!doc) return null;
      const files = await chooseWithInput(doc, { accept: '.csv,text/csv', multiple: true, testId: 'file-input' });
      return files ? Promise.all(files.map(upload)) : null;
    },
    pickModelFile: async () => {
      const doc = options.document;
      if (!doc) return null;
      const files = await chooseWithInput(doc, { accept: '.json,.jsonc,application/json', multiple: false, testId: 'model-file-input' });
      return files ? upload(files[0]) : null;
    },
    filesFromDrop: (files) => Promise.all(files.map(upload)),
    downloadExport: (result) => {
      const doc = options.document;
      if (!doc || !result.download) return;
      // A link the page follows: the download carries the token in its address (see electron/serve/server.ts).
      const a = doc.createElement('a');
      a.href = `${base}${result.download}?token=${encodeURIComponent(options.token)}`;
      a.download = result.name;
      a.style.display = 'none';
      doc.body.append(a);
      a.click();
      a.remove();
    },
    saveText: async (name, text) => {
      const doc = options.document;
      if (!doc) return false;
      const type = name.toLowerCase().endsWith('.json') ? 'application/json' : 'text/csv';
      const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
      const a = doc.createElement('a');
      a.href = url;
      a.download = name;
      a.style.display = 'none';
      doc.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return true;
    },
    // A browser tab has no application menu; the shortcuts are handled by the page itself.
    onMenuCommand: (_listener: (command: MenuCommand) => void) => () => {},
    onImportProgress,
  };
}

/** A hidden `<input type=file>`: resolves with the chosen files, or null when the dialog is cancelled. */
function chooseWithInput(doc: Document, kind: { accept: string; multiple: boolean; testId: string }): Promise<File[] | null> {
  return new Promise((resolve) => {
    const input = doc.createElement('input');
    input.type = 'file';
    input.multiple = kind.multiple;
    input.accept = kind.accept;
    input.style.display = 'none';
    input.dataset.testid = kind.testId;
    const done = (files: File[] | null) => {
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () => done(input.files && input.files.length > 0 ? [...input.files] : null));
    input.addEventListener('cancel', () => done(null));
    doc.body.append(input);
    input.click();
  });
}
