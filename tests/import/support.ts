// Models and helpers for the import tests. Two small models valid per shared/model/types.ts:
// - `accountModel` is shaped like Huntress: account > organization, "Admin" at both levels (with
//   aliases), and a Finance role that arrives in version 2022-06;
// - `ownerModel` is shaped like Hexiosec ASM: organisation > group, exactly one Owner per organisation.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { openDatabase, type Database } from '../../electron/store/database';
import { importSnapshot, type ImportSnapshotRequest } from '../../electron/services/import';
import { SnapshotStore } from '../../electron/store/snapshot-store';
import { AuditError, formatProblem } from '../../shared/errors';
import type { Role, RoleModel } from '../../shared/model/types';

const src = [{ file: 'test-seed.txt', line: 1 }];

const role = (id: string, name: string, level: string, extra: Partial<Role> = {}): Role => ({
  id,
  name,
  aliases: [],
  level,
  reach: level === 'account' || level === 'organisation' ? 'subtree' : 'node',
  description: name,
  grants: [{ permission: 'logs.view', source: src }],
  source: src,
  ...extra,
});

export const accountModel: RoleModel = {
  formatVersion: 1,
  id: 'acct',
  name: 'Acct',
  origin: 'tests',
  levels: [
    { id: 'account', name: 'Account' },
    { id: 'organization', name: 'Organization' },
  ],
  permissions: [{ id: 'logs.view', label: 'View Logs', category: 'Logs', level: 'organization', kind: 'view', source: src }],
  roles: [
    role('account-admin', 'Admin', 'account', { aliases: ['Account Admin'] }),
    role('account-user', 'User', 'account'),
    role('account-finance', 'Finance', 'account', { since: '2022-06' }),
    role('account-read-only', 'Read-Only', 'account', { aliases: ['Read Only'] }),
    role('org-admin', 'Admin', 'organization', { aliases: ['Org Admin', 'Organization Admin'] }),
    role('org-user', 'User', 'organization'),
  ],
  constraints: [],
  versions: [
    { id: 'pre-2022-06', effectiveFrom: null, note: 'first', source: src },
    { id: '2022-06', effectiveFrom: '2022-06-01', note: 'finance', source: src },
  ],
  notes: [],
};

export const ownerModel: RoleModel = {
  formatVersion: 1,
  id: 'owned',
  name: 'Owned',
  origin: 'tests',
  levels: [
    { id: 'organisation', name: 'Organisation' },
    { id: 'group', name: 'Group' },
  ],
  permissions: [{ id: 'logs.view', label: 'View Logs', category: 'Logs', level: 'group', kind: 'view', source: src }],
  roles: [role('owner', 'Owner', 'organisation'), role('org-admin', 'Admin', 'organisation'), role('group-member', 'Member', 'group')],
  constraints: [{ kind: 'exactly-one', role: 'owner', description: 'one Owner per organisation', source: src }],
  versions: [{ id: 'v1', effectiveFrom: null, note: 'first', source: src }],
  notes: [],
};

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-import-'));
}

export interface Env {
  dir: string;
  dbFile: string;
  db: Database;
  store: SnapshotStore;
  /** Writes a file in the temp dir and returns its path. */
  file(name: string, content: string | Buffer): string;
  /** Imports with the account model at its newest version unless told otherwise. */
  run(files: (string | { path: string; name?: string })[], options?: Partial<ImportSnapshotRequest>): ReturnType<typeof importSnapshot>;
  close(): void;
}

export function env(): Env {
  const dir = tempDir();
  const dbFile = path.join(dir, 'audit.db');
  const db = openDatabase(dbFile);
  const store = new SnapshotStore(db);
  return {
    dir,
    dbFile,
    db,
    store,
    file(name, content) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    },
    run(files, options = {}) {
      const model = options.model ?? accountModel;
      return importSnapshot(db, {
        files: files.map((f) => (typeof f === 'string' ? { path: f } : f)),
        model,
        modelVersion: model.versions[model.versions.length - 1].id,
        ...options,
      });
    },
    close: () => db.close(),
  };
}

/** Everything in the database: the snapshot list, every table's rows, and the main file's bytes. */
export function state(e: Env): { list: unknown; rows: Record<string, unknown[]>; fileHash: string } {
  e.db.pragma('wal_checkpoint(TRUNCATE)');
  const tables = e.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  const rows = Object.fromEntries(tables.map((t) => [t, e.db.prepare(`SELECT * FROM "${t}"`).raw().all()]));
  const fileHash = crypto.createHash('sha256').update(fs.readFileSync(e.dbFile)).digest('hex');
  return { list: e.store.list(), rows, fileHash };
}

/**
 * Runs an import that must fail: returns its problems as `FILE:LINE: message` lines and checks the
 * database is exactly as it was (same snapshots, same rows, same bytes in the main file).
 */
export async function failingImport(e: Env, ...args: Parameters<Env['run']>): Promise<{ error: AuditError; lines: string[] }> {
  const before = state(e);
  let error: unknown;
  try {
    await e.run(...args);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(AuditError);
  const after = state(e);
  expect(after.list).toEqual(before.list);
  expect(after.rows).toEqual(before.rows);
  expect(after.fileHash).toBe(before.fileHash);
  const audit = error as AuditError;
  return { error: audit, lines: audit.problems.map(formatProblem) };
}

export const HEADER = 'email,name,role,account,organization';
