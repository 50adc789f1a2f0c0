// One test per migration: build the schema before it (for 001: an empty database), run the step,
// check what it created and that data written to it behaves.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/store/database';
import { initial } from '../../electron/store/migrations/001-initial';
import { fileEncoding } from '../../electron/store/migrations/002-file-encoding';
import { models } from '../../electron/store/migrations/004-models';
import { plans } from '../../electron/store/migrations/005-plans';
import { PlanStore } from '../../electron/store/plans';
import { findings } from '../../electron/store/migrations/006-findings';
import { findingsRunFormat } from '../../electron/store/migrations/008-findings-run-format';
import { APPLICATION_ID, MIGRATIONS } from '../../electron/store/migrations';
import { tableCounts, writeSnapshot } from './helpers';
import { assignments, nodes, users } from '../support/test-snapshot';

const objects = (db: BetterSqlite3.Database, type: string) =>
  db.prepare("SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all(type);
const columns = (db: BetterSqlite3.Database, table: string) => (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);

describe('migration 001-initial', () => {
  it('is the first migration', () => {
    expect(MIGRATIONS[0]).toBe(initial);
    expect(initial.version).toBe(1);
  });

  it('turns an empty database into schema 1', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    expect(migrate(db, [initial])).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(objects(db, 'table')).toEqual(['assignments', 'nodes', 'snapshot_files', 'snapshots', 'users']);
    expect(columns(db, 'snapshots')).toEqual([
      'id',
      'name',
      'platform',
      'model_version',
      'as_of',
      'imported_at',
      'user_count',
      'node_count',
      'assignment_count',
      'complete',
    ]);
    expect(columns(db, 'snapshot_files')).toEqual(['snapshot_id', 'position', 'name', 'sha256', 'size', 'rows']);
    expect(columns(db, 'nodes')).toEqual(['snapshot_id', 'id', 'parent_id', 'depth', 'level', 'name', 'path']);
    expect(columns(db, 'users')).toEqual(['snapshot_id', 'id', 'email', 'name', 'status', 'last_login', 'mfa']);
    expect(columns(db, 'assignments')).toEqual(['snapshot_id', 'id', 'user_id', 'node_id', 'role_id', 'source_file', 'source_line']);
    expect(objects(db, 'index')).toEqual(['assignments_by_user', 'nodes_by_parent', 'nodes_by_path', 'users_by_email']);
    expect(objects(db, 'trigger')).toHaveLength(1 + 4 * 3);
    db.close();
  });

  it('keeps data per snapshot and deletes it with its snapshot', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, [initial]);
    const first = writeSnapshot(db, { nodes, users, assignments });
    const second = writeSnapshot(db, { nodes, users, assignments });
    expect(tableCounts(db)).toEqual({ assignments: 10, nodes: 8, snapshot_files: 2, snapshots: 2, users: 10 });
    db.prepare('DELETE FROM snapshots WHERE id = ?').run(first);
    expect(tableCounts(db)).toEqual({ assignments: 5, nodes: 4, snapshot_files: 1, snapshots: 1, users: 5 });
    // Ids are never reused, so a deleted snapshot's number never names another one.
    db.prepare('DELETE FROM snapshots WHERE id = ?').run(second);
    expect(writeSnapshot(db, { nodes, users, assignments })).toBe(second + 1);
    db.close();
  });

  it('enforces uniqueness: one path per node, one email per user, one row per user, role and node', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, [initial]);
    const id = writeSnapshot(db, { nodes, users, assignments }, { incomplete: true });
    expect(() => db.exec(`INSERT INTO nodes VALUES (${id}, 50, NULL, 0, 'account', 'MSP', 'MSP')`)).toThrow(/UNIQUE/);
    expect(() => db.exec(`INSERT INTO users VALUES (${id}, 50, 'ada@msp.test', 'Ada', NULL, NULL, NULL)`)).toThrow(/UNIQUE/);
    expect(() => db.exec(`INSERT INTO assignments VALUES (${id}, 50, 1, 1, 'account-admin', 0, 40)`)).toThrow(/UNIQUE/);
    db.close();
  });
});

describe('migration 002-file-encoding', () => {
  it('is the second migration', () => {
    expect(MIGRATIONS[1]).toBe(fileEncoding);
    expect(fileEncoding.version).toBe(2);
  });

  it('adds the encoding of each snapshot file; files imported before it were read as UTF-8', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, [initial]);
    const old = writeSnapshot(db, { nodes, users, assignments });
    expect(migrate(db, [initial, fileEncoding])).toBe(1); // one migration ran
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(columns(db, 'snapshot_files')).toEqual(['snapshot_id', 'position', 'name', 'sha256', 'size', 'rows', 'encoding']);
    expect(db.prepare('SELECT encoding FROM snapshot_files WHERE snapshot_id = ?').pluck().all(old)).toEqual(['utf-8']);
    // The old snapshot is still immutable, and its rows go with it.
    expect(() => db.exec(`UPDATE snapshot_files SET encoding = 'windows-1252' WHERE snapshot_id = ${old}`)).toThrow(/immutable/);
    const id = writeSnapshot(db, { nodes, users, assignments }, { incomplete: true });
    db.prepare(
      "INSERT INTO snapshot_files (snapshot_id, position, name, sha256, size, rows, encoding) VALUES (?, 1, 'b.csv', ?, 1, 1, 'utf-16le')",
    ).run(id, '1'.repeat(64));
    expect(db.prepare('SELECT encoding FROM snapshot_files WHERE snapshot_id = ? ORDER BY position').pluck().all(id)).toEqual([
      'utf-8',
      'utf-16le',
    ]);
    db.prepare('DELETE FROM snapshots WHERE id = ?').run(old);
    expect(tableCounts(db).snapshot_files).toBe(2);
    db.close();
  });
});

describe('migration 004-models', () => {
  it('is the fourth migration', () => {
    expect(MIGRATIONS[3]).toBe(models);
    expect(models.version).toBe(4);
  });

  it('keeps user-defined models once each, never changed; snapshots from before it use the built-in model', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 3));
    const old = writeSnapshot(db, { nodes, users, assignments });
    expect(migrate(db, MIGRATIONS.slice(0, 4))).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect(columns(db, 'models')).toEqual(['id', 'sha256', 'platform', 'name', 'file_name', 'file_text', 'model_json']);
    expect(db.prepare('SELECT model_id FROM snapshots WHERE id = ?').pluck().get(old)).toBeNull();
    const sha = 'a'.repeat(64);
    const insert = db.prepare(
      "INSERT INTO models (sha256, platform, name, file_name, file_text, model_json) VALUES (?, 'acme-edr', 'Acme EDR', 'acme.json', '{}', ?)",
    );
    const model = Number(insert.run(sha, '{}').lastInsertRowid);
    expect(() => db.prepare('UPDATE models SET model_json = \'{"changed":1}\' WHERE id = ?').run(model)).toThrow(/never changes/);
    // The same file read the same way is kept once; read another way (a later app's built-in model under `extends`), once more.
    expect(() => insert.run(sha, '{}')).toThrow(/UNIQUE/);
    expect(() => insert.run(sha, '{"other":1}')).not.toThrow();
    // A complete snapshot stays as it was: its model cannot be swapped afterwards.
    expect(() => db.prepare('UPDATE snapshots SET model_id = ? WHERE id = ?').run(model, old)).toThrow(/immutable/);
    expect(() => db.prepare('UPDATE snapshots SET complete = 0, model_id = 99 WHERE id = ?').run(old)).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

describe('migration 005-plans', () => {
  it('is the fifth migration', () => {
    expect(MIGRATIONS[4]).toBe(plans);
    expect(plans.version).toBe(5);
  });

  it('keeps plans by name, a plan saved again under its name replacing the old one; snapshots are untouched', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 4));
    const old = writeSnapshot(db, { nodes, users, assignments });
    expect(migrate(db, MIGRATIONS.slice(0, 5))).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(columns(db, 'plans')).toEqual(['name', 'plan_json', 'saved_at']);
    const store = new PlanStore(db);
    const plan = { formatVersion: 1 as const, name: 'Offboarding', changes: [{ op: 'remove-person' as const, email: 'ada@msp.test' }] };
    store.save(plan, new Date('2026-12-01T10:00:00Z'));
    store.save({ ...plan, changes: [] }, new Date('2026-12-02T10:00:00Z'));
    expect(store.list()).toEqual([{ name: 'Offboarding', savedAt: '2026-12-02T10:00:00.000Z', changes: 0 }]);
    expect(store.get('Offboarding')).toEqual({ ...plan, changes: [] });
    expect(tableCounts(db).snapshots).toBe(1);
    expect(db.prepare('SELECT id FROM snapshots').pluck().all()).toEqual([old]);
    db.close();
  });
});

describe('migration 006-findings', () => {
  it('is the sixth migration', () => {
    expect(MIGRATIONS[5]).toBe(findings);
    expect(findings.version).toBe(6);
  });

  it('adds the rules saved per platform and the runs per snapshot; snapshots are untouched', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 5));
    const old = writeSnapshot(db, { nodes, users, assignments });
    expect(migrate(db, MIGRATIONS.slice(0, 6))).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    expect(columns(db, 'findings_rules')).toEqual(['platform', 'rules_json', 'updated_at']);
    expect(columns(db, 'findings_runs')).toEqual(['id', 'snapshot_id', 'run_at', 'rules_json', 'rules_sha256', 'counts_json']);
    // A run belongs to a snapshot that exists.
    expect(() =>
      db
        .prepare("INSERT INTO findings_runs (snapshot_id, run_at, rules_json, rules_sha256, counts_json) VALUES (999, '', '{}', '', '{}')")
        .run(),
    ).toThrow(/FOREIGN KEY/);
    expect(db.prepare('SELECT id FROM snapshots').pluck().all()).toEqual([old]);
    db.close();
  });
});

describe('migration 008-findings-run-format', () => {
  it('is the eighth migration', () => {
    expect(MIGRATIONS[7]).toBe(findingsRunFormat);
    expect(findingsRunFormat.version).toBe(8);
  });

  it('lets a recorded run say what it was exported as (csv or json); runs recorded before say nothing', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 7));
    const old = writeSnapshot(db, { nodes, users, assignments });
    db.prepare(
      "INSERT INTO findings_runs (snapshot_id, run_at, rules_json, rules_sha256, counts_json) VALUES (?, '2026-12-01', '{}', 'abc', '{}')",
    ).run(old);
    expect(migrate(db, MIGRATIONS.slice(0, 8))).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(8);
    expect(columns(db, 'findings_runs')).toContain('export_format');
    expect(db.prepare('SELECT export_format FROM findings_runs').pluck().all()).toEqual([null]);
    const insert = db.prepare(
      "INSERT INTO findings_runs (snapshot_id, run_at, rules_json, rules_sha256, counts_json, export_format) VALUES (?, '', '{}', '', '{}', ?)",
    );
    insert.run(old, 'csv');
    expect(() => insert.run(old, 'pdf')).toThrow(/CHECK/);
    db.close();
  });
});
