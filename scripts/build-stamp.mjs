// Whether the bundles in dist/ are older than their sources, for `npm run serve` and `npm start`
// (`node scripts/build.mjs --if-changed`); `npm run build` always builds.
// The fingerprint is a hash of every input's path, size and modification time, so an edit, a touch,
// a new or a deleted file all count as a change. A successful build writes it to dist/.build-stamp.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The folders and files the build reads (the bundles, the renderer, and the build's own settings). */
export const BUILD_INPUTS = [
  'shared',
  'electron',
  'renderer',
  'scripts',
  'vite.config.ts',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
];

/** What a complete build leaves behind; if one is missing the build runs whatever the stamp says. */
export const BUILD_OUTPUTS = ['dist/serve.cjs', 'dist/cli.cjs', 'dist/renderer/index.html'];

export const STAMP_FILE = path.join('dist', '.build-stamp');

function collect(root, relative, out) {
  const full = path.join(root, relative);
  let stat;
  try {
    stat = fs.statSync(full);
  } catch {
    return; // an input that does not exist (yet)
  }
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(full).sort()) collect(root, path.join(relative, name), out);
  } else {
    out.push(`${relative.split(path.sep).join('/')}\0${stat.size}\0${stat.mtimeMs}`);
  }
}

export function sourceFingerprint(root, inputs = BUILD_INPUTS) {
  const lines = [];
  for (const input of inputs) collect(root, input, lines);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** { build: boolean, reason: string, fingerprint } — build when the stamp is missing or differs, or an output is missing. */
export function buildDecision(root, { inputs = BUILD_INPUTS, outputs = BUILD_OUTPUTS } = {}) {
  const fingerprint = sourceFingerprint(root, inputs);
  const missing = outputs.find((file) => !fs.existsSync(path.join(root, file)));
  if (missing) return { build: true, reason: `${missing} is missing`, fingerprint };
  let stamp = null;
  try {
    stamp = fs.readFileSync(path.join(root, STAMP_FILE), 'utf8').trim();
  } catch {
    return { build: true, reason: 'no record of a previous build', fingerprint };
  }
  if (stamp !== fingerprint) return { build: true, reason: 'sources changed since the last build', fingerprint };
  return { build: false, reason: 'up to date', fingerprint };
}

export function clearStamp(root) {
  fs.rmSync(path.join(root, STAMP_FILE), { force: true });
}

export function writeStamp(root, fingerprint) {
  fs.mkdirSync(path.dirname(path.join(root, STAMP_FILE)), { recursive: true });
  fs.writeFileSync(path.join(root, STAMP_FILE), `${fingerprint}\n`);
}
