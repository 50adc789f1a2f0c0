// `npm test`'s Electron security scan: Electronegativity over the desktop app's sources, electron/
// (main, preload, IPC, services) with the built renderer page (its CSP meta tag), offline, failing on any finding of medium severity or above except the ones reviewed in
// docs/security.md.
//
// Run through the package's documented programmatic API rather than its CLI: the CLI's CSV file is
// written by two racing writes (the header can overwrite the first finding) and its SARIF file drops
// the severity. Offline: the Electron version is given (it would otherwise be looked up online), and
// AvailableSecurityFixesGlobalCheck, which fetches Electron's release list, is skipped. (Its attempt to
// fetch updated translations fails within a second and falls back to the bundled ones.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronegativity = require('@doyensec/electronegativity');
const run = electronegativity.default ?? electronegativity;
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

/** Reviewed, with the reasons next to the code: PRELOAD_JS_CHECK flags every preload (electron/preload/preload.ts). */
export const REVIEWED = new Set(['PRELOAD_JS_CHECK']);
const FAILING = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

/** The findings that fail the scan. */
export function failures(issues) {
  return issues.filter((issue) => FAILING.has(issue.severity.name) && !REVIEWED.has(issue.id));
}

/**
 * The scanned tree: one folder with the sources in electron/ and the built page (the build writes its
 * CSP meta tag). The scan takes one input, and the bundles in dist/ are minified past its patterns.
 */
function stage() {
  const page = path.join(root, 'dist', 'renderer', 'index.html');
  if (!fs.existsSync(page)) throw new Error('dist/renderer/index.html is not built: run `npm run build` first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-electronegativity-'));
  fs.cpSync(path.join(root, 'electron'), path.join(dir, 'electron'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'renderer'));
  fs.copyFileSync(page, path.join(dir, 'renderer', 'index.html'));
  return dir;
}

export async function scan(input) {
  const result = await run(
    { input, isRelative: true, electronVersionOverride: electronVersion, excludeFromScan: ['availablesecurityfixesglobalcheck'] },
    false,
  );
  if (result.errors.length > 0)
    throw new Error(`electronegativity could not parse: ${result.errors.map((e) => e.file ?? JSON.stringify(e)).join(', ')}`);
  return result.issues;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const staged = stage();
  const issues = await scan(staged).finally(() => fs.rmSync(staged, { recursive: true, force: true }));
  const failed = failures(issues);
  for (const issue of issues) {
    const mark = failed.includes(issue) ? 'FAIL' : REVIEWED.has(issue.id) ? 'reviewed' : 'ok';
    console.log(`${mark.padEnd(8)} ${issue.id} ${issue.severity.name} ${issue.file}:${issue.location.line}:${issue.location.column}`);
  }
  if (failed.length > 0) {
    console.error(`electronegativity: ${failed.length} finding(s) of medium severity or above (Electron ${electronVersion})`);
    process.exit(1);
  }
  console.log(
    `electronegativity: no unreviewed finding of medium severity or above (Electron ${electronVersion}, ${issues.length} finding(s) in all)`,
  );
}
