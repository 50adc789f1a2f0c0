// Browser mode's host as a browser (or a hostile page) reaches it: over real HTTP on loopback.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, TOKEN_HEADER, type RunningServer } from '../../electron/serve/server';
import { CONTENT_SECURITY_POLICY } from '../../electron/services/security';

const root = path.resolve(__dirname, '../..');
const fixture = path.join(root, 'tests/fixtures/huntress-small.csv');
let dir: string;
let server: RunningServer;

/** A raw request, so tests can send any Host and Origin. */
function request(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: pathname, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function call(method: string, argument: unknown, headers: Record<string, string> = {}) {
  const res = await request(`/api/call/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token, ...headers },
    body: JSON.stringify(argument),
  });
  return { status: res.status, result: JSON.parse(res.body) };
}

async function upload(file: string, name = path.basename(file)) {
  const res = await request(`/api/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { [TOKEN_HEADER]: server.token },
    body: fs.readFileSync(file),
  });
  return JSON.parse(res.body);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-serve-'));
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Permission Auditor</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the browser');
  server = await startServer({ dbPath: path.join(dir, 'audit.db'), rendererDir });
});

afterAll(async () => {
  await server.close();
});

describe('browser-mode host', () => {
  it('listens on 127.0.0.1 only and prints a URL with a long random token', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
    expect(server.url).toBe(`${server.origin}/?token=${server.token}`);
  });

  it('refuses API calls without the token, or with a wrong one', async () => {
    const none = await request('/api/call/platforms', { method: 'POST', body: '{}' });
    expect(none.status).toBe(403);
    const wrong = await call('platforms', {}, { [TOKEN_HEADER]: 'x'.repeat(server.token.length) });
    expect(wrong.status).toBe(403);
    expect(wrong.result.error.message).toMatch(/token/);
    const inQuery = await request(`/api/call/platforms?token=${server.token}`, { method: 'POST', body: '{}' });
    expect(inQuery.status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin, even with the token', async () => {
    const host = await call('platforms', {}, { host: `evil.example:${server.port}` });
    expect(host.status).toBe(403);
    expect(host.result.error.message).toMatch(/Host/);
    const origin = await call('platforms', {}, { origin: 'http://evil.example' });
    expect(origin.status).toBe(403);
    expect(origin.result.error.message).toMatch(/Origin/);
    const page = await request('/', { headers: { host: 'evil.example' } });
    expect(page.status).toBe(403);
  });

  it('answers calls with the token, from its own origin or localhost', async () => {
    const ok = await call('platforms', {}, { origin: server.origin });
    expect(ok.status).toBe(200);
    expect(ok.result.value.map((p: { id: string }) => p.id)).toEqual(['huntress', 'hyas-protect', 'hexiosec-asm']);
    const local = await call('platforms', {}, { host: `localhost:${server.port}` });
    expect(local.status).toBe(200);
  });

  it('maps errors to statuses with the kind and message', async () => {
    const invalid = await call('whoCan', { permission: 42 });
    expect(invalid.status).toBe(400);
    expect(invalid.result.error).toMatchObject({ kind: 'usage', message: expect.stringContaining('argument.permission must be a string') });
    const unknown = await call('dropTables', {});
    expect(unknown.status).toBe(400);
    expect(unknown.result.error.message).toBe('unknown API call "dropTables"');
    const missing = await call('tree', { snapshotId: 99 });
    expect(missing.status).toBe(404);
    expect(missing.result.error.kind).toBe('not-found');
    const notJson = await request('/api/call/platforms', { method: 'POST', headers: { [TOKEN_HEADER]: server.token }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toBe('the request body is not JSON');
  });

  it('refuses a call with an unknown or malformed property with 400, naming its path, before any service runs', async () => {
    const unknown = await call('whoCan', { permission: 'View Reports', snapshotID: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.result.error).toEqual({
      kind: 'usage',
      message: 'invalid arguments for whoCan: argument.snapshotID is not a known property',
      problems: [],
    });
    const nested = await call('importFiles', { files: [{ path: fixture, bytes: 'AAAA' }], platform: 'huntress' });
    expect(nested.status).toBe(400);
    expect(nested.result.error.message).toBe('invalid arguments for importFiles: argument.files[0].bytes is not a known property');
    expect((await call('users', { limit: 'all' })).result.error.message).toBe(
      'invalid arguments for users: argument.limit must be a whole number from 1 to 100000, got "all"',
    );
  });

  it("answers cancelImport, and validates its importId and importFiles' alike", async () => {
    const none = await call('cancelImport', { importId: '0b6f2d1e-5c1a-4b7e-9f3a-2d4c6e8a0b1c' });
    expect(none).toEqual({ status: 200, result: { ok: true, value: { cancelled: false } } });
    const missing = await call('cancelImport', {});
    expect(missing.status).toBe(400);
    expect(missing.result.error.message).toMatch(/^invalid arguments for cancelImport: argument\.importId /);
    const spaced = await call('cancelImport', { importId: 'not an id' });
    expect(spaced.status).toBe(400);
    expect(spaced.result.error.message).toMatch(/argument\.importId must be an id of letters, digits, - and _/);
    const long = await call('importFiles', { files: [{ path: fixture }], platform: 'huntress', importId: 'x'.repeat(65) });
    expect(long.status).toBe(400);
    expect(long.result.error.message).toMatch(/^invalid arguments for importFiles: argument\.importId /);
  });

  it('serves the vendor seed pages, and only them', async () => {
    const page = await call('seed', { file: '004_8629ad2ea81c0d1c.txt' });
    expect(page.status).toBe(200);
    expect(page.result.value).toMatchObject({
      file: '004_8629ad2ea81c0d1c.txt',
      title: 'Organisation and Group Roles',
      platform: 'hexiosec-asm',
      platformName: 'Hexiosec ASM',
    });
    expect(page.result.value.lines[0]).toBe('Organisation and Group Roles');
    expect((await call('seed', { file: '../secret.txt' })).status).toBe(400);
    expect((await call('seed', { file: 'secret.txt' })).status).toBe(404);
  });

  it('reads only uploaded files and the bundled samples', async () => {
    const direct = await call('previewImport', { files: [{ path: fixture }], platform: 'huntress' });
    expect(direct.status).toBe(400);
    expect(direct.result.error.message).toMatch(/huntress-small\.csv was not uploaded/);
    // A model file is a file the back end reads too.
    const model = await call('diffModel', {
      platform: 'huntress',
      model: { path: path.join(root, 'resources/models/huntress-2026-10.json') },
    });
    expect(model.status).toBe(400);
    expect(model.result.error.message).toMatch(/huntress-2026-10\.json was not uploaded/);
    const samples = (await call('samples', {})).result.value;
    const preview = await call('previewImport', { files: samples[0].files, platform: samples[0].platform });
    expect(preview.status).toBe(200);
    expect(preview.result.value[0].mapping.email).toBeDefined();
  });

  it('imports an uploaded file, streaming progress to the event stream', async () => {
    const events: string[] = [];
    const stream = http.get({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}` }, (res) => {
      expect(res.headers['content-type']).toBe('text/event-stream');
      res.on('data', (chunk) => events.push(chunk.toString()));
    });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const uploaded = await upload(fixture, '../../etc/users list.csv');
    expect(uploaded.ok).toBe(true);
    expect(uploaded.value.name).toBe('../../etc/users list.csv');
    expect(path.basename(uploaded.value.path)).toBe('users list.csv');
    const imported = await call('importFiles', { files: [uploaded.value], platform: 'huntress', name: 'Uploaded' });
    expect(imported.status).toBe(200);
    expect(imported.result.value).toMatchObject({ name: 'Uploaded', assignmentCount: 8 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    stream.destroy();
    const progress = events
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ file: '../../etc/users list.csv', rows: 8 });
  });

  it('diffs two snapshots under a diffId, which diffProgress and cancelDiff answer by (none once it ended)', async () => {
    const [uploaded] = (await call('snapshots', {})).result.value as { id: number }[];
    const diff = await call('diffSnapshots', { before: uploaded.id, after: uploaded.id, diffId: 'diff-1' });
    expect(diff.status).toBe(200);
    expect(diff.result.value.summary).toBe('nobody gains access, nobody loses any; 0 added, 0 removed');
    expect(await call('diffProgress', { diffId: 'diff-1' })).toEqual({ status: 200, result: { ok: true, value: null } });
    expect(await call('cancelDiff', { diffId: 'diff-1' })).toEqual({ status: 200, result: { ok: true, value: { cancelled: false } } });
    const spaced = await call('cancelDiff', { diffId: 'not an id' });
    expect(spaced.status).toBe(400);
    expect(spaced.result.error.message).toMatch(
      /^invalid arguments for cancelDiff: argument\.diffId must be an id of letters, digits, - and _/,
    );
  });

  it('refuses the event stream without the token', async () => {
    const res = await request('/api/events');
    expect(res.status).toBe(403);
  });

  it('returns every FILE:LINE problem of a bad upload with status 422', async () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'email,name,role,account,organization\nnot-an-email,X,Admin,Acme,\n');
    const uploaded = await upload(bad);
    const before = (await call('snapshots', {})).result.value.length;
    const failed = await call('importFiles', { files: [uploaded.value], platform: 'huntress' });
    expect(failed.status).toBe(422);
    expect(failed.result.error.problems[0]).toMatchObject({ file: 'bad.csv', line: 2 });
    expect((await call('snapshots', {})).result.value.length).toBe(before);
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const index = await request('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(index.body).toContain('<title>Permission Auditor</title>');
    const script = await request('/assets/app.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const sneaky of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await request(sneaky);
      expect(res.body).not.toContain('not for the browser');
    }
    const post = await request('/', { method: 'POST' });
    expect(post.status).toBe(405);
  });
});
