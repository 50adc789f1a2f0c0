// Where the app keeps its database: the same folder Electron's app.getPath('userData') gives for
// the product name, so the desktop app and browser mode (`npm run serve`) open the same snapshots.
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Permission Auditor';
export const DATABASE_FILE = 'permaudit.db';

export function userDataDir(platform = process.platform, env = process.env, home = os.homedir()): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

export function defaultDatabasePath(): string {
  return path.join(userDataDir(), DATABASE_FILE);
}
