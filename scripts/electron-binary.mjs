// Where the Electron runtime's executable is, or null when it is not installed. Read from the
// package's path.txt rather than `require('electron')`: since Electron 45 that require itself
// downloads a missing binary (from github.com), which a check must never do.
import fs from 'node:fs';
import path from 'node:path';

export function electronBinary(root) {
  const dir = path.join(root, 'node_modules', 'electron');
  let relative;
  try {
    relative = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8');
  } catch {
    return null;
  }
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist');
  const binary = path.join(dist, relative);
  return fs.existsSync(binary) ? binary : null;
}
