// `npm run serve`: the app in a browser, for people without the desktop runtime and for tests.
//   node dist/serve.cjs [--port N] [--db FILE]

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AuditError, describeError } from '../../shared/errors';
import { defaultDatabasePath } from '../services/data-dir';
import { startServer } from './server';

async function main() {
  const { values } = parseArgs({ options: { port: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log('Usage: npm run serve -- [--port N] [--db FILE]\nServes Permission Auditor on http://127.0.0.1 (a free port unless --port is given).');
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AuditError('usage', `--port takes a port number, got "${values.port}"`);
  const dbPath = path.resolve(values.db ?? defaultDatabasePath());
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });

  const server = await startServer({ dbPath, port, rendererDir: path.join(__dirname, 'renderer') });
  console.log(`Permission Auditor is running in browser mode.
  Database: ${dbPath}
  Open:     ${server.url}
The address holds a private token: do not share it. Press Ctrl+C to stop.`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof AuditError ? `permaudit serve: ${describeError(error)}` : error);
  process.exitCode = error instanceof AuditError && error.kind === 'usage' ? 2 : 1;
});
