import { describe, expect, it, vi } from 'vitest';
import type { ApiResult, DesktopBridge, ImportProgress } from '../../shared/api';
import { ApiError } from '../../renderer/api/bridge';
import { createDesktopClient } from '../../renderer/api/desktop-bridge';
import { createHttpClient, takeToken, TOKEN_HEADER } from '../../renderer/api/http-bridge';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function recordingFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return respond(String(input), init ?? {});
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

class FakeEventSource {
  static last: FakeEventSource | null = null;
  listeners = new Map<string, ((event: MessageEvent) => void)[]>();
  closed = false;
  constructor(public url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data: string) {
    for (const l of this.listeners.get(type) ?? []) l({ data } as MessageEvent);
  }
  close() {
    this.closed = true;
  }
}

describe('the HTTP client', () => {
  it('posts each call with the token header and returns the value', async () => {
    const { fetch, calls } = recordingFetch(() => json(200, { ok: true, value: [{ id: 'huntress' }] }));
    const client = createHttpClient({ token: 'secret', fetch });
    await expect(client.platforms({})).resolves.toEqual([{ id: 'huntress' }]);
    await client.whoCan({ permission: 'View users', scope: 'A/B', snapshotId: 2 });
    expect(calls[0].url).toBe('/api/call/platforms');
    expect(calls[0].init.method).toBe('POST');
    const headers = calls[1].init.headers as Record<string, string>;
    expect(headers[TOKEN_HEADER]).toBe('secret');
    expect(headers['Content-Type']).toBe('application/json');
    expect(calls[1].url).toBe('/api/call/whoCan');
    expect(JSON.parse(calls[1].init.body as string)).toEqual({ permission: 'View users', scope: 'A/B', snapshotId: 2 });
  });

  it('turns an error envelope into an ApiError with its kind and problems', async () => {
    const problems = [{ file: 'a.csv', line: 3, message: 'malformed email "x"' }];
    const { fetch } = recordingFetch(() =>
      json(422, { ok: false, error: { kind: 'input', message: 'import failed: 1 problem', problems } }),
    );
    const client = createHttpClient({ token: 't', fetch });
    const error = await client.importFiles({ files: [{ path: '/u/a.csv' }], platform: 'huntress' }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'input', message: 'import failed: 1 problem', problems });
  });

  it('maps statuses without an envelope, refusals and network failures', async () => {
    const html = createHttpClient({
      token: 't',
      fetch: recordingFetch(() => new Response('<h1>oops</h1>', { status: 500, statusText: 'Server Error' })).fetch,
    });
    await expect(html.snapshots({})).rejects.toMatchObject({ kind: 'internal', message: 'The host answered 500 Server Error' });

    const refused = createHttpClient({
      token: 'wrong',
      fetch: recordingFetch(() => json(403, { ok: false, error: { kind: 'usage', message: 'missing or wrong token', problems: [] } }))
        .fetch,
    });
    await expect(refused.snapshots({})).rejects.toMatchObject({ kind: 'usage', message: expect.stringContaining('not authorised') });

    const down = createHttpClient({
      token: 't',
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as unknown as typeof fetch,
    });
    await expect(down.snapshots({})).rejects.toMatchObject({ kind: 'network', message: expect.stringContaining('Failed to fetch') });
  });

  it('uploads dropped files as raw bytes and returns server-side paths', async () => {
    const { fetch, calls } = recordingFetch((url) =>
      json(200, { ok: true, value: { path: `/tmp/up/${calls.length}`, name: decodeURIComponent(url.split('name=')[1]) } }),
    );
    const client = createHttpClient({ token: 'tok', fetch, baseUrl: 'http://127.0.0.1:9/' });
    const files = [new File(['email,role\n'], 'a b.csv'), new File(['x'], 'c.csv')];
    const uploaded = await client.filesFromDrop(files);
    expect(uploaded).toEqual([
      { path: '/tmp/up/1', name: 'a b.csv' },
      { path: '/tmp/up/2', name: 'c.csv' },
    ]);
    expect(calls[0].url).toBe('http://127.0.0.1:9/api/upload?name=a%20b.csv');
    expect(calls[0].init.body).toBe(files[0]);
    expect((calls[0].init.headers as Record<string, string>)[TOKEN_HEADER]).toBe('tok');
  });

  it('forwards import progress from the event stream while an import runs, then closes it', async () => {
    let answer!: (response: Response) => void;
    const { fetch, calls } = recordingFetch(() => new Promise<Response>((resolve) => (answer = resolve)));
    const client = createHttpClient({ token: 'a b', fetch, EventSource: FakeEventSource as unknown as typeof EventSource });
    const seen: ImportProgress[] = [];
    const done = client.importFiles({ files: [{ path: '/x.csv' }], platform: 'huntress' }, (p) => seen.push(p));
    const stream = FakeEventSource.last!;
    expect(stream.url).toBe('/api/events?token=a%20b');
    // The import is asked only once the stream is open, so that none of its progress is sent before.
    await Promise.resolve();
    expect(calls).toHaveLength(0);
    stream.emit('open', '');
    await expect.poll(() => calls.length).toBe(1);
    stream.emit('import-progress', JSON.stringify({ file: 'x.csv', bytesRead: 10, totalBytes: 100, rows: 2 }));
    stream.emit('import-progress', 'not json');
    answer(json(200, { ok: true, value: { id: 1 } }));
    await expect(done).resolves.toEqual({ id: 1 });
    expect(seen).toEqual([{ file: 'x.csv', bytesRead: 10, totalBytes: 100, rows: 2 }]);
    expect(stream.closed).toBe(true);
  });
});

it('asks the import even when the event stream cannot open (no progress, but no hang)', async () => {
  const { fetch, calls } = recordingFetch(() => json(200, { ok: true, value: { id: 2 } }));
  const client = createHttpClient({ token: 't', fetch, EventSource: FakeEventSource as unknown as typeof EventSource });
  const done = client.importFiles({ files: [{ path: '/y.csv' }], platform: 'huntress' }, () => undefined);
  FakeEventSource.last!.emit('error', '');
  await expect(done).resolves.toEqual({ id: 2 });
  expect(calls).toHaveLength(1);
});

describe('the token', () => {
  const fakeWindow = (href: string, stored: string | null = null) => {
    const storage = new Map<string, string>(stored ? [['permaudit.token', stored]] : []);
    const replaced: string[] = [];
    return {
      win: {
        location: { href } as Location,
        history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) } as unknown as History,
        localStorage: {
          getItem: (k: string) => storage.get(k) ?? null,
          setItem: (k: string, v: string) => void storage.set(k, v),
        } as unknown as Storage,
      },
      storage,
      replaced,
    };
  };

  it('is read from the address, kept in the storage of the address and removed from the address bar', () => {
    const { win, storage, replaced } = fakeWindow('http://127.0.0.1:5000/?token=abc&x=1#/matrix');
    expect(takeToken(win)).toBe('abc');
    expect(storage.get('permaudit.token')).toBe('abc');
    expect(replaced).toEqual(['/?x=1#/matrix']);
  });

  it('comes from storage after a reload, or in a new tab opened from a bookmark', () => {
    const { win, replaced } = fakeWindow('http://127.0.0.1:5000/#/users', 'kept');
    expect(takeToken(win)).toBe('kept');
    expect(replaced).toEqual([]);
  });
});

describe('the desktop client', () => {
  const ok = <T>(value: T): Promise<ApiResult<T>> => Promise.resolve({ ok: true, value });

  it('unwraps results and throws ApiErrors with problems', async () => {
    const problems = [{ file: 'f.csv', line: 2, message: 'unknown role "X"' }];
    const progress = new Set<(p: ImportProgress) => void>();
    const bridge = {
      snapshots: () => ok([{ id: 1 }]),
      importFiles: async () => {
        for (const l of progress) l({ file: 'f.csv', bytesRead: 1, totalBytes: 2, rows: 1 });
        return { ok: false, error: { kind: 'input', message: 'import failed', problems } };
      },
      onImportProgress: (l: (p: ImportProgress) => void) => {
        progress.add(l);
        return () => progress.delete(l);
      },
      pathForFile: (file: File) => `/home/me/${file.name}`,
      chooseFiles: async () => {
        throw new Error("Error invoking remote method 'permaudit:chooseFiles': Error: no window");
      },
    } as unknown as DesktopBridge;
    const client = createDesktopClient(bridge);
    await expect(client.snapshots({})).resolves.toEqual([{ id: 1 }]);
    const seen: ImportProgress[] = [];
    const error = await client.importFiles({ files: [], platform: 'huntress' }, (p) => seen.push(p)).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'input', problems });
    expect(seen).toHaveLength(1);
    expect(progress.size).toBe(0);
    await expect(client.filesFromDrop([new File([''], 'x.csv')])).resolves.toEqual([{ path: '/home/me/x.csv', name: 'x.csv' }]);
    await expect(client.pickFiles()).rejects.toMatchObject({ kind: 'internal', message: 'no window' });
  });

  it('cleans Electron prefixes from messages', () => {
    expect(ApiError.from(new Error("Error invoking remote method 'x': AuditError: bad thing")).message).toBe('bad thing');
    expect(ApiError.from({ kind: 'not-found', message: 'gone', problems: [{ bad: true }] })).toMatchObject({
      kind: 'not-found',
      problems: [],
    });
    expect(ApiError.from('plain')).toMatchObject({ kind: 'internal', message: 'plain' });
  });
});
