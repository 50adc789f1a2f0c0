// The CLI as a user runs it, for the tests of tests/cli: the built bundle (bin/permaudit.cjs) in a
// process of its own, in a working directory of the test's, at 80 columns.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');
/** The launcher a user runs (`npx permaudit`). */
export const CLI_BIN = path.join(root, 'bin/permaudit.cjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Builds the bundles (as `npm test` has already done; a single test file run alone needs it) and makes a working directory. */
export function prepareCli(prefix: string): string {
  spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs `permaudit ARGS…` in `dir`. */
export function runCli(dir: string, ...args: string[]): CliResult {
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, COLUMNS: '80' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
