// Crash safety: an import or a delete killed (SIGKILL) at any point leaves the database intact, with
// only complete snapshots listed, and the next import (and the next open) finishes what was left.
// The CLI and a small delete script are bundled from source into a temp folder here (as
// scripts/build.mjs bundles dist/), so the test runs the current code without racing a build.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { build } from 'esbuild';
import { NODE_BUNDLE } from '../../scripts/bundle-options.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditService } from '../../electron/services/audit-service';
import { openDatabase } from '../../electron/store/database';
import { writeHuntressCsv } from '../support/huntress-csv';

const root = path.resolve(__dirname, '../..');
const ROWS = 200_000;
let dir: string;
let bin: string;
let csv: string;
let db: string;

/** The bundled script's environment: better-sqlite3 (external) is found in the project's node_modules. */
const env = () => ({ ...process.env, NODE_PATH: path.join(root, 'node_modules') });

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(bin, 'cli.cjs'), ...args], { encoding: 'utf8', env: env() });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs a script and SIGKILLs it once `killWhen` says so (checked every few milliseconds, and on each
 * line of its output); resolves with how it ended.
 */
function runUntil(
  args: string[],
  killWhen: (output: string) => boolean,
): Promise<{ killed: boolean; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: env() });
    let output = '';
    let stderr = '';
    let killed = false;
    const check = () => {
      if (!killed && child.exitCode === null && killWhen(output)) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    const poll = setInterval(check, 2);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      check();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ killed, code, stderr });
    });
  });
}

/** What must hold after any crash; also checkpoints the WAL away (a clean close), for the next run. */
function checkIntact(): { complete: number; withdrawn: number } {
  const conn = openDatabase(db); // as the next open does: a file killed before it had a schema gets one
  try {
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(conn.pragma('foreign_key_check')).toEqual([]);
    const count = (sql: string) => conn.prepare(sql).pluck().get() as number;
    // Every complete snapshot has all its rows.
    for (const [id, assignments] of conn.prepare('SELECT id, assignment_count FROM snapshots WHERE complete = 1').raw().all() as [
      number,
      number,
    ][]) {
      expect(count(`SELECT count(*) FROM assignments WHERE snapshot_id = ${id}`)).toBe(assignments);
    }
    return {
      complete: count('SELECT count(*) FROM snapshots WHERE complete = 1'),
      withdrawn: count('SELECT count(*) FROM snapshots WHERE complete = 0'),
    };
  } finally {
    conn.close();
  }
}

const listed = () => JSON.parse(cli('snapshots', '--db', db, '--json').stdout) as { id: number; assignmentCount: number }[];
const walSize = () => (fs.existsSync(`${db}-wal`) ? fs.statSync(`${db}-wal`).size : 0);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-crash-'));
  bin = path.join(dir, 'bin');
  await build({
    entryPoints: {
      cli: path.join(root, 'electron/cli/main.ts'),
      'import-worker': path.join(root, 'electron/services/import-worker.ts'),
      'delete-child': path.join(root, 'tests/import/crash-delete-child.ts'),
    },
    ...NODE_BUNDLE,
    outdir: bin,
    outExtension: { '.js': '.cjs' },
  });
  csv = writeHuntressCsv(path.join(dir, 'users.csv'), ROWS);
  db = path.join(dir, 'audit.db');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('crash safety', () => {
  it('an import killed at any point leaves only complete snapshots, and the next import succeeds', async () => {
    const importArgs = [path.join(bin, 'cli.cjs'), 'import', csv, '--platform', 'huntress', '--db', db, '--allow-duplicate'];
    const started = () => {
      const at = Date.now();
      return () => Date.now() - at;
    };
    // Kill points: soon after the start, while reading, as soon as the write transaction writes
    // (the WAL grows only then: staging is in temp tables), well into it; and never.
    const points: (() => (output: string) => boolean)[] = [
      () => () => true,
      () => {
        const elapsed = started();
        return () => elapsed() > 150;
      },
      () => {
        const elapsed = started();
        return () => elapsed() > 600;
      },
      () => () => walSize() > 0,
      () => () => walSize() > 4 * 1024 * 1024,
      () => () => false,
    ];
    let complete = 0;
    for (const point of points) {
      const run = await runUntil(importArgs, point());
      const state = checkIntact();
      expect(state.withdrawn).toBe(0);
      // A killed import wrote its snapshot whole (if it got as far as committing) or not at all.
      if (run.killed) expect([complete, complete + 1]).toContain(state.complete);
      else
        expect({ code: run.code, stderr: run.stderr, complete: state.complete }).toEqual({ code: 0, stderr: '', complete: complete + 1 });
      complete = state.complete;
      const snapshots = listed();
      expect(snapshots).toHaveLength(state.complete);
      for (const snapshot of snapshots) expect(snapshot.assignmentCount).toBe(ROWS);
    }
    const after = cli('import', csv, '--platform', 'huntress', '--db', db, '--allow-duplicate', '--json');
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).assignmentCount).toBe(ROWS);
    checkIntact();
  }, 120_000);

  it('a delete killed while it purges leaves the snapshot gone from the list, and the next open finishes it', async () => {
    const snapshots = listed();
    expect(snapshots.length).toBeGreaterThanOrEqual(1);
    const victim = snapshots[0].id;
    const run = await runUntil([path.join(bin, 'delete-child.cjs'), db, String(victim)], (output) => output.includes('withdrawn'));
    expect(run.stderr).toBe('');
    const state = checkIntact();
    expect(listed().map((s) => s.id)).not.toContain(victim);
    expect(state.complete).toBe(snapshots.length - 1);

    // The next open purges what is left (here in this process, from source), and imports go on.
    const service = openAuditService({ dbPath: db });
    try {
      await service.idle();
      expect(checkIntact().withdrawn).toBe(0);
      const again = await service.importFiles({ files: [{ path: csv }], platform: 'huntress', allowDuplicate: true });
      expect(again.assignmentCount).toBe(ROWS);
    } finally {
      service.close();
    }
    const conn = new BetterSqlite3(db, { readonly: true });
    try {
      expect(conn.prepare('SELECT count(*) FROM assignments WHERE snapshot_id = ?').pluck().get(victim)).toBe(0);
    } finally {
      conn.close();
    }
    expect(checkIntact()).toEqual({ complete: snapshots.length, withdrawn: 0 });
  }, 120_000);
});
