// `npm start`: launch the desktop app, doing the one-time setup a fresh machine needs.
//   1. The Electron runtime: npm may have skipped its download (ELECTRON_SKIP_BINARY_DOWNLOAD, or a
//      machine without internet). Try the download once more; if it cannot be had, say so plainly
//      and point to `npm run serve`, which runs the same app in a browser.
//   2. better-sqlite3 for Electron's ABI: node_modules keeps the build for Node (the CLI and tests),
//      and the app loads a second build made here once per Electron version, in build/electron-native/.
//   3. Launch. With --prepare-only (used by `npm run dist`), stop after step 2.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');
const electronVersion = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;

/** Where the Electron-ABI build of better-sqlite3 lives (electron/main/main.ts looks here too). */
const nativeDir = path.join(root, 'build', 'electron-native', electronVersion);
const nativeFile = path.join(nativeDir, 'better_sqlite3.node');

function fail(message) {
  console.error(message);
  process.exit(1);
}

function ensureElectron() {
  let binary = electronBinary(root);
  if (binary) return binary;
  if (process.env.PERMAUDIT_NO_DOWNLOAD !== '1') {
    console.log(`Electron ${electronVersion} is not installed yet; downloading it…`);
    const env = { ...process.env };
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    const download = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { encoding: 'utf8', env, timeout: 10 * 60_000 });
    binary = electronBinary(root);
    if (binary) return binary;
    // The downloader prints a stack trace; its first line says what went wrong.
    const reason = `${download.stderr ?? ''}${download.stdout ?? ''}`.split('\n').find((line) => line.trim() !== '');
    if (reason) console.error(`The download failed: ${reason.trim()}\n`);
  }
  fail(`The Electron runtime (version ${electronVersion}) is not installed, so the desktop app cannot start.

npm skipped or could not finish its download (it comes from github.com). To get it, on a machine
that can reach github.com, run:

    node node_modules/electron/install.js

and then \`npm start\` again. If a proxy or a mirror is needed, see
https://www.electronjs.org/docs/latest/tutorial/installation (ELECTRON_MIRROR).

Meanwhile the same app runs in your browser, with nothing to download:

    npm run serve
`);
}

function ensureNativeModule() {
  if (fs.existsSync(nativeFile)) return;
  console.log(`Building better-sqlite3 for Electron ${electronVersion} (once; it takes a minute)…`);
  const source = path.join(nativeDir, 'better-sqlite3');
  fs.rmSync(source, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), source, {
    recursive: true,
    filter: (file) => !file.includes(`${path.sep}build${path.sep}`) && !file.endsWith(`${path.sep}build`),
  });
  const gyp = path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const args = [
    gyp,
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    '--dist-url=https://electronjs.org/headers',
  ];
  const built = spawnSync(process.execPath, args, { cwd: source, stdio: 'inherit' });
  const output = path.join(source, 'build', 'Release', 'better_sqlite3.node');
  if (built.status !== 0 || !fs.existsSync(output)) {
    fail(`Could not build better-sqlite3 for Electron ${electronVersion} (see the node-gyp output above).
It needs Python 3, a C++ compiler and Electron's headers from electronjs.org.
\`npm run serve\` runs the app in your browser without it.`);
  }
  fs.copyFileSync(output, nativeFile);
  fs.rmSync(source, { recursive: true, force: true });
}

const binary = ensureElectron();
ensureNativeModule();
if (process.argv.includes('--prepare-only')) {
  // electron-builder.yml ships this file as resources/native/better_sqlite3.node.
  fs.mkdirSync(path.join(root, 'build', 'native'), { recursive: true });
  fs.copyFileSync(nativeFile, path.join(root, 'build', 'native', 'better_sqlite3.node'));
} else {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [root], { stdio: 'inherit', env });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}
