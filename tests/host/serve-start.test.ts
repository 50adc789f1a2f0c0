// `npm run serve`'s start-up (electron/serve/start.ts): the default port when free, a free one (said so)
// when it is taken, a token kept 0600 across restarts, and the address as the last line printed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/serve/server';
import { DEFAULT_PORT, choosePort, loadToken, startBrowserMode } from '../../electron/serve/start';

const root = path.resolve(__dirname, '../..');

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function occupy(port: number): Promise<net.Server> {
  const blocker = net.createServer();
  await new Promise<void>((resolve, reject) => {
    blocker.once('error', reject);
    blocker.listen(port, '127.0.0.1', resolve);
  });
  return blocker;
}

describe('choosePort', () => {
  it('prefers the fixed default; --port, then PERMAUDIT_PORT, choose another', () => {
    expect(DEFAULT_PORT).toBe(4780);
    expect(choosePort(undefined, {})).toEqual({ port: 4780, explicit: false });
    expect(choosePort('5000', { PERMAUDIT_PORT: '6000' })).toEqual({ port: 5000, explicit: true });
    expect(choosePort(undefined, { PERMAUDIT_PORT: '6000' })).toEqual({ port: 6000, explicit: true });
    expect(choosePort('0', {})).toEqual({ port: 0, explicit: true });
    expect(() => choosePort('http', {})).toThrow('--port takes a port number (0 to 65535), got "http"');
    expect(() => choosePort(undefined, { PERMAUDIT_PORT: '70000' })).toThrow('PERMAUDIT_PORT takes a port number');
  });
});

describe('the browser-mode start-up', () => {
  let dir: string;
  let tokenFile: string;
  const servers: RunningServer[] = [];
  const blockers: net.Server[] = [];
  const start = async (port: number, explicit = false, rotateToken = false) => {
    const started = await startBrowserMode({
      dbPath: path.join(dir, 'audit.db'),
      port,
      explicit,
      tokenFile,
      rotateToken,
      rendererDir: path.join(dir, 'renderer'),
    });
    servers.push(started.server);
    return started;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-serve-'));
    tokenFile = path.join(dir, 'data', 'serve-token');
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    for (const blocker of blockers.splice(0)) await new Promise<void>((resolve) => blocker.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uses the preferred port when it is free, and prints the address last, on its own line', async () => {
    const port = await freePort();
    const { server, lines } = await start(port);
    expect(server.port).toBe(port);
    expect(lines.at(-1)).toBe(`http://127.0.0.1:${port}/?token=${server.token}`);
    expect(lines.at(-1)).toBe(server.url);
    expect(lines.filter((line) => line.includes(server.token))).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('in use');
  });

  it('falls back to a free port when the preferred one is taken, and says so', async () => {
    const port = await freePort();
    blockers.push(await occupy(port));
    const { server, lines } = await start(port);
    expect(server.port).not.toBe(port);
    expect(server.port).toBeGreaterThan(0);
    expect(lines.join('\n')).toContain(`Port ${port} is in use, so a free port (${server.port}) is used instead`);
    expect(lines.at(-1)).toBe(server.url);
    // The database the failed attempt opened was closed again: the fallback's own host answers.
    const answer = await fetch(`${server.origin}/api/call/snapshots`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Permaudit-Token': server.token },
      body: '{}',
    });
    expect(answer.status).toBe(200);
  });

  it('refuses a port the user chose when it is taken, rather than use another', async () => {
    const port = await freePort();
    blockers.push(await occupy(port));
    await expect(start(port, true)).rejects.toThrow(`port ${port} is in use`);
  });

  it('keeps the token (0600) so the address survives a restart; --new-token replaces it', async () => {
    const first = await start(0);
    expect(first.lines.join('\n')).toContain(`Token:    new, kept in ${tokenFile}`);
    await servers.pop()!.close();
    if (process.platform !== 'win32') expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(tokenFile, 'utf8').trim()).toBe(first.server.token);

    const second = await start(0);
    expect(second.server.token).toBe(first.server.token);
    expect(second.lines.join('\n')).not.toContain('Token:    new');
    await servers.pop()!.close();

    const rotated = await start(0, false, true);
    expect(rotated.server.token).not.toBe(first.server.token);
    expect(fs.readFileSync(tokenFile, 'utf8').trim()).toBe(rotated.server.token);
  });

  it('replaces a malformed token file and tightens a loose one', () => {
    fs.mkdirSync(path.dirname(tokenFile), { recursive: true });
    fs.writeFileSync(tokenFile, 'short\n');
    const replaced = loadToken(tokenFile);
    expect(replaced.created).toBe(true);
    expect(replaced.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    if (process.platform !== 'win32') {
      fs.chmodSync(tokenFile, 0o644);
      expect(loadToken(tokenFile)).toEqual({ token: replaced.token, created: false });
      expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    }
  });
});

describe('node dist/serve.cjs', () => {
  const built = fs.existsSync(path.join(root, 'dist', 'serve.cjs'));
  it.skipIf(!built)('prints the address as the last line of its start-up output', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-serve-home-'));
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(root, 'dist', 'serve.cjs'), '--db', path.join(home, 'audit.db')], {
      env: { ...process.env, PERMAUDIT_PORT: String(port), XDG_CONFIG_HOME: home, APPDATA: home, HOME: home },
    });
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('?token=') && output.endsWith('\n')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${output}`)));
      });
      const lines = output.trimEnd().split('\n');
      expect(lines.at(-1)).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{43}$`));
    } finally {
      child.kill();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
