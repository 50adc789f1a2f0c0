// `npm run serve`: the app in a browser, for people without the desktop runtime and for tests.
//   node dist/serve.cjs [--port N] [--db FILE] [--new-token]
// See ./start.ts for the port and the token; the address is printed last.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AuditError, describeError } from '../../shared/errors';
import { defaultDatabasePath, userDataDir } from '../services/data-dir';
import { DEFAULT_PORT, PORT_ENV, TOKEN_FILE, choosePort, startBrowserMode } from './start';

async function main() {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, db: { type: 'string' }, 'new-token': { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(`Usage: npm run serve -- [--port N] [--db FILE] [--new-token]
Serves Permission Auditor on http://127.0.0.1:${DEFAULT_PORT} (or a free port, said so, if that one is taken).
  --port N      another port (also ${PORT_ENV}=N); 0 picks any free port; a port given and taken is an error
  --db FILE     another database (default: ${defaultDatabasePath()})
  --new-token   replace the token kept in ${path.join(userDataDir(), TOKEN_FILE)}: old addresses stop working`);
    return;
  }
  const { port, explicit } = choosePort(values.port);
  const dbPath = path.resolve(values.db ?? defaultDatabasePath());
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });

  const { server, lines } = await startBrowserMode({
    dbPath,
    port,
    explicit,
    tokenFile: path.join(userDataDir(), TOKEN_FILE),
    rotateToken: values['new-token'],
    rendererDir: path.join(__dirname, 'renderer'),
  });
  console.log(lines.join('\n'));
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof AuditError ? `permaudit serve: ${describeError(error)}` : error);
  process.exitCode = error instanceof AuditError && error.kind === 'usage' ? 2 : 1;
});
