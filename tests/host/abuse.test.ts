// Browser mode's host under abuse: bodies too large or too slow, uploads piling up, inherited names
// as calls or properties, duplicate Host headers. Its limits are made small so the tests stay quick.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, TOKEN_HEADER, type RunningServer, type ServerOptions } from '../../electron/serve/server';

const root = path.resolve(__dirname, '../..');
const fixture = path.join(root, 'tests/fixtures/huntress-small.csv');
const KB = 1024;
let dir: string;
let server: RunningServer;

function start(limits: ServerOptions['limits'], name = 'audit.db') {
  return startServer({ dbPath: path.join(dir, name), rendererDir: path.join(dir, 'renderer'), limits });
}

/** Files (not folders) under a folder, recursively; none when it is gone. */
function filesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(folder, f)).isFile());
}

/**
 * Sends raw bytes and keeps the socket open (never ending the body unless told), resolving with what
 * came back once the server closes the connection. A host that holds the socket makes the test time out.
 */
function raw(target: RunningServer, head: string, body: Buffer | string = ''): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(target.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => {}); // a reset after the answer is fine: the answer is what counts
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.write(head);
    if (body.length > 0) socket.write(body);
  });
}

const host = () => `Host: 127.0.0.1:${server.port}\r\n`;
const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d+)/.exec(response)?.[1]);
/** The JSON in a raw response (sent chunked: the object is between the first `{` and the last `}`). */
function bodyOf(response: string) {
  const body = response.slice(response.indexOf('\r\n\r\n') + 4);
  return JSON.parse(body.slice(body.indexOf('{'), body.lastIndexOf('}') + 1));
}

function post(target: RunningServer, pathname: string, body: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: target.port, path: pathname, method: 'POST', headers: { [TOKEN_HEADER]: target.token } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function upload(target: RunningServer, name: string, body: string | Buffer = fs.readFileSync(fixture)) {
  const res = await post(target, `/api/upload?name=${encodeURIComponent(name)}`, body);
  return { status: res.status, result: JSON.parse(res.body) };
}

async function call(method: string, body: string) {
  const res = await post(server, `/api/call/${method}`, body);
  return { status: res.status, result: JSON.parse(res.body) };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-abuse-'));
  fs.mkdirSync(path.join(dir, 'renderer'));
  fs.writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>Permission Auditor</title>');
  server = await start({ maxUploadBytes: 4 * KB, maxUploads: 2, maxUploadTotalBytes: 6 * KB, headersTimeoutMs: 300 });
});

afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('uploads', () => {
  it('counts the bytes of a chunked upload (no Content-Length) and refuses it past the cap with 413, keeping no file', async () => {
    const head = `POST /api/upload?name=big.csv HTTP/1.1\r\n${host()}${TOKEN_HEADER}: ${server.token}\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = `${KB.toString(16)}\r\n${'x'.repeat(KB)}\r\n`;
    const response = await raw(server, head, chunk.repeat(6) + '0\r\n\r\n');
    expect(statusOf(response)).toBe(413);
    expect(bodyOf(response).error.message).toBe('big.csv is larger than 4096 bytes');
    expect(filesUnder(server.uploadDir)).toEqual([]);
  });

  it('refuses a declared Content-Length past the cap before reading the body', async () => {
    const head = `POST /api/upload?name=big.csv HTTP/1.1\r\n${host()}${TOKEN_HEADER}: ${server.token}\r\nContent-Length: ${5 * KB}\r\n\r\n`;
    const response = await raw(server, head, 'x'.repeat(10)); // the rest never comes
    expect(statusOf(response)).toBe(413);
  });

  it('holds a limited number of uploads, deletes one when it is imported, and takes another then', async () => {
    const first = await upload(server, 'first.csv');
    const second = await upload(server, 'second.csv');
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await upload(server, 'third.csv');
    expect(third.status).toBe(429);
    expect(third.result.error.message).toBe('2 uploads are held already; import or reload first');
    expect(filesUnder(server.uploadDir)).toHaveLength(2);

    const imported = await call('importFiles', JSON.stringify({ files: [first.result.value], platform: 'huntress' }));
    expect(imported.status).toBe(200);
    expect(fs.existsSync(first.result.value.path)).toBe(false);
    expect(fs.existsSync(second.result.value.path)).toBe(true);
    // Deleted means no longer readable either.
    const again = await call('previewImport', JSON.stringify({ files: [first.result.value], platform: 'huntress' }));
    expect(again.result.error.message).toMatch(/first\.csv was not uploaded/);
    expect((await upload(server, 'third.csv')).status).toBe(200);
  });

  it('keeps an upload whose import failed, to try again', async () => {
    const scratch = await start({}, 'scratch.db');
    const bad = await upload(scratch, 'bad.csv', 'email,name,role,account,organization\nnot-an-email,X,Admin,Acme,\n');
    const failed = await post(scratch, '/api/call/importFiles', JSON.stringify({ files: [bad.result.value], platform: 'huntress' }));
    expect(failed.status).toBe(422);
    expect(fs.existsSync(bad.result.value.path)).toBe(true);
    await scratch.close();
  });

  it('refuses uploads past the total held at once', async () => {
    const scratch = await start({ maxUploadBytes: 4 * KB, maxUploadTotalBytes: 5 * KB }, 'total.db');
    expect((await upload(scratch, 'a.csv', 'x'.repeat(3 * KB))).status).toBe(200);
    const over = await upload(scratch, 'b.csv', 'x'.repeat(3 * KB));
    expect(over.status).toBe(413);
    expect(over.result.error.message).toMatch(/uploads held at once would exceed 5120 bytes/);
    expect(filesUnder(scratch.uploadDir)).toHaveLength(1);
    await scratch.close();
  });

  it('deletes uploads left unused, and every upload at close', async () => {
    const scratch = await start({ uploadIdleMs: 200 }, 'idle.db');
    const left = await upload(scratch, 'left.csv');
    expect(fs.existsSync(left.result.value.path)).toBe(true);
    await expect.poll(() => fs.existsSync(left.result.value.path), { timeout: 5_000 }).toBe(false);
    await upload(scratch, 'kept.csv');
    expect(filesUnder(scratch.uploadDir)).toHaveLength(1);
    await scratch.close();
    expect(fs.existsSync(scratch.uploadDir)).toBe(false);
  });
});

describe('timeouts and refusals', () => {
  it('answers an unauthenticated request with a never-finished body 403 and closes the connection', { timeout: 10_000 }, async () => {
    const head = `POST /api/upload?name=a.csv HTTP/1.1\r\n${host()}Content-Length: 100000000\r\n\r\n`;
    const response = await raw(server, head, 'x'.repeat(100)); // resolves only when the socket closes
    expect(statusOf(response)).toBe(403);
    expect(response).toMatch(/\r\nConnection: close\r\n/i);
  });

  it('closes the connection after a 403 for a foreign Host too', { timeout: 10_000 }, async () => {
    const response = await raw(server, `POST /api/call/platforms HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 100000000\r\n\r\n`, '{');
    expect(statusOf(response)).toBe(403);
  });

  it(
    'drops an upload whose body does not arrive within the request timeout, and deletes its partial file',
    { timeout: 10_000 },
    async () => {
      const scratch = await start({ headersTimeoutMs: 200, requestTimeoutMs: 400 }, 'slow.db');
      const head = `POST /api/upload?name=slow.csv HTTP/1.1\r\nHost: 127.0.0.1:${scratch.port}\r\n${TOKEN_HEADER}: ${scratch.token}\r\nContent-Length: 100000\r\n\r\n`;
      const response = await raw(scratch, head, 'x'.repeat(100)); // the rest never comes
      expect(response === '' || statusOf(response) === 408).toBe(true);
      await expect.poll(() => filesUnder(scratch.uploadDir), { timeout: 5_000 }).toEqual([]);
      await scratch.close();
    },
  );

  it('drops a client whose headers do not arrive within the headers timeout', { timeout: 10_000 }, async () => {
    const response = await raw(server, `GET / HTTP/1.1\r\n${host()}X-Slow: `); // the headers never end
    expect(response === '' || statusOf(response) === 408).toBe(true);
  });
});

describe('names that are not the contract’s', () => {
  it('refuses inherited names as methods with 400', async () => {
    for (const method of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const res = await call(method, '{}');
      expect(res.status, method).toBe(400);
      expect(res.result.error.message).toBe(`unknown API call "${method}"`);
    }
  });

  it('refuses inherited names as argument properties with 400, at the top and nested', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      // Raw JSON: JSON.parse makes "__proto__" an own property, as a hostile page would send it.
      const top = await call('whoCan', `{"permission": "View Reports", "${name}": {"polluted": true}}`);
      expect(top.status, name).toBe(400);
      expect(top.result.error.message).toBe(`invalid arguments for whoCan: argument.${name} is not a known property`);
      const nested = await call('previewImport', `{"files": [{"path": "x.csv", "${name}": 1}], "platform": "huntress"}`);
      expect(nested.status, name).toBe(400);
      expect(nested.result.error.message).toBe(`invalid arguments for previewImport: argument.files[0].${name} is not a known property`);
    }
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('refuses a request with two Host headers with 400', { timeout: 10_000 }, async () => {
    const twice = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nHost: evil.example\r\n\r\n`;
    const response = await raw(server, twice);
    expect(statusOf(response)).toBe(400);
    expect(bodyOf(response).error.message).toBe('more than one Host header');
  });
});
