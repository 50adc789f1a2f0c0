// How `npm run serve` starts: a fixed default port (so a bookmark keeps working), falling back to a
// free one when it is taken, and a token kept in the user's data folder (0600) so the same address
// works across restarts until it is rotated (--new-token). The address is printed last, on its own line.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AuditError } from '../../shared/errors';
import { startServer, type RunningServer, type ServerOptions } from './server';

/** The port browser mode prefers; `--port N` or PERMAUDIT_PORT=N choose another (0: any free port). */
export const DEFAULT_PORT = 4780;
export const PORT_ENV = 'PERMAUDIT_PORT';
export const TOKEN_FILE = 'serve-token';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,}$/;

/** The port asked for: --port, else PERMAUDIT_PORT, else the default; `explicit` when the user chose it. */
export function choosePort(option: string | undefined, env: NodeJS.ProcessEnv = process.env): { port: number; explicit: boolean } {
  const [given, source] = option !== undefined ? [option, '--port'] : env[PORT_ENV] ? [env[PORT_ENV], PORT_ENV] : [undefined, ''];
  if (given === undefined) return { port: DEFAULT_PORT, explicit: false };
  const port = Number(given);
  if (given.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AuditError('usage', `${source} takes a port number (0 to 65535), got "${given}"`);
  }
  return { port, explicit: true };
}

/**
 * The token in the address: the one kept in `file` (created 0600 when missing, unreadable or malformed,
 * or when `rotate` is set). `created` says whether the address changed.
 */
export function loadToken(file: string, rotate = false): { token: string; created: boolean } {
  if (!rotate) {
    try {
      const token = fs.readFileSync(file, 'utf8').trim();
      if (TOKEN_PATTERN.test(token)) {
        if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
        return { token, created: false };
      }
    } catch {
      // No token yet: make one below.
    }
  }
  const token = randomBytes(32).toString('base64url');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${token}\n`, { mode: 0o600 });
  fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, file);
  return { token, created: true };
}

export interface BrowserModeOptions extends Omit<ServerOptions, 'port' | 'token'> {
  port: number;
  /** The port was chosen by the user (--port / PERMAUDIT_PORT): if taken, fail rather than pick another. */
  explicit: boolean;
  tokenFile: string;
  rotateToken?: boolean;
}

export interface BrowserMode {
  server: RunningServer;
  /** The start-up output, one entry a line; the address is the last. */
  lines: string[];
}

export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const { port, explicit, tokenFile, rotateToken, ...serverOptions } = options;
  const { token, created } = loadToken(tokenFile, rotateToken);
  const lines: string[] = ['Permission Auditor is running in browser mode.', `  Database: ${options.dbPath}`];
  let server: RunningServer;
  try {
    server = await startServer({ ...serverOptions, port, token });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    if (explicit) throw new AuditError('usage', `port ${port} is in use; choose another with --port N (or --port 0 for any free port)`);
    server = await startServer({ ...serverOptions, port: 0, token });
    lines.push(
      `  Port ${port} is in use, so a free port (${server.port}) is used instead: this address will differ from a bookmark of port ${port}.`,
    );
  }
  lines.push(
    created
      ? `  Token:    new, kept in ${tokenFile} (the address stays the same across restarts; --new-token changes it)`
      : `  Token:    kept in ${tokenFile} (--new-token changes it)`,
    'The address holds a private token: do not share it. Press Ctrl+C to stop.',
    'Open this address in your browser:',
    server.url,
  );
  return { server, lines };
}
