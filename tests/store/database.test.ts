import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BUSY_TIMEOUT_MS,
  latestSchemaVersion,
  migrate,
  openDatabase,
  openSecondConnection,
  PAGE_SIZE,
  type Database,
} from '../../electron/store/database';
import { APPLICATION_ID, MIGRATIONS, type Migration } from '../../electron/store/migrations';
import { AuditError } from '../../shared/errors';
import { tableCounts, tempDir, writeSnapshot } from './helpers';
import { assignments, nodes, users } from '../support/test-snapshot';

const open: Database[] = [];
afterEach(() => {
  while (open.length) open.pop()?.close();
});
const track = (db: Database) => (open.push(db), db);

function caught(fn: () => unknown): AuditError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AuditError) return error;
    throw error;
  }
  throw new Error('expected an AuditError');
}

describe('openDatabase', () => {
  it('creates a database at the newest schema, in WAL mode with foreign keys on', () => {
    const file = path.join(tempDir(), 'audit.db');
    const db = track(openDatabase(file));
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(latestSchemaVersion()).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('gives a new database PAGE_SIZE pages, and leaves an existing one its own', () => {
    const dir = tempDir();
    expect(PAGE_SIZE).toBe(8192);
    expect(track(openDatabase(path.join(dir, 'new.db'))).pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    // A database file made with 4 KiB pages (written, but without tables yet), then opened.
    const file = path.join(dir, 'old.db');
    const made = new BetterSqlite3(file);
    made.pragma('page_size = 4096');
    made.pragma(`application_id = ${APPLICATION_ID}`);
    made.close();
    const old = track(openDatabase(file));
    expect(old.pragma('page_size', { simple: true })).toBe(4096);
    expect(old.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
  });

  it('opens an existing database again without re-running migrations', () => {
    const file = path.join(tempDir(), 'audit.db');
    const first = openDatabase(file);
    writeSnapshot(first, { nodes, users, assignments });
    first.close();
    const again = track(openDatabase(file));
    expect(tableCounts(again)).toMatchObject({ snapshots: 1, nodes: 4, users: 5, assignments: 5 });
  });

  it('lists migrations with increasing versions, one per file', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(MIGRATIONS[0].name).toBe('initial');
  });

  it('refuses a database of a newer schema and leaves it untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, 'future.db');
    const raw = new BetterSqlite3(file);
    raw.exec("CREATE TABLE snapshots (id INTEGER PRIMARY KEY, something_new TEXT); INSERT INTO snapshots VALUES (1, 'x');");
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma(`user_version = ${latestSchemaVersion() + 1}`);
    raw.close();
    const before = fs.readFileSync(file);
    const listing = fs.readdirSync(dir);

    const error = caught(() => openDatabase(file));
    expect(error.kind).toBe('incompatible');
    expect(error.message).toBe(
      `DB was created by a newer version of Permission Auditor (schema ${latestSchemaVersion() + 1}; this version understands up to ${latestSchemaVersion()}). Upgrade the app or use another --db.`,
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(listing); // no -wal or -shm left behind either
  });

  it('refuses a newer database that is in WAL mode without checkpointing it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'future-wal.db');
    const raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('user_version = 9');
    raw.close();
    const before = fs.readFileSync(file);
    expect(caught(() => openDatabase(file)).kind).toBe('incompatible');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not a SQLite database, naming it, and leaves it as it was', () => {
    const file = path.join(tempDir(), 'users.csv');
    fs.writeFileSync(file, 'email,name,role\nada@x.test,Ada,Admin\n');
    const error = caught(() => openDatabase(file));
    expect(error.kind).toBe('input');
    expect(error.message).toBe(`${file} is not a Permission Auditor database (it is not a SQLite file); use another --db`);
    expect(fs.readFileSync(file, 'utf8')).toBe('email,name,role\nada@x.test,Ada,Admin\n');
  });

  it('refuses a file shorter than a SQLite header and a directory', () => {
    const dir = tempDir();
    const short = path.join(dir, 'short.db');
    fs.writeFileSync(short, 'SQLite');
    expect(caught(() => openDatabase(short)).kind).toBe('input');
    expect(caught(() => openDatabase(dir)).message).toBe(`${dir} is a directory, not a database file`);
  });

  it('refuses another program’s SQLite database instead of adding tables to it', () => {
    const file = path.join(tempDir(), 'other.db');
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT)');
    raw.close();
    const error = caught(() => openDatabase(file));
    expect(error.kind).toBe('input');
    expect(error.message).toMatch(/other\.db is a SQLite database of another program/);
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all()).toEqual(['contacts']);
    check.close();
  });

  it('reports a missing directory as not-found', () => {
    const file = path.join(tempDir(), 'no', 'such', 'dir', 'audit.db');
    const error = caught(() => openDatabase(file));
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain(file);
  });

  it('runs pending migrations in one transaction: a failing one leaves the database at its old version', () => {
    const file = path.join(tempDir(), 'audit.db');
    const failing: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'broken',
      up(db) {
        db.exec('CREATE TABLE half_done (x)');
        throw new Error('boom');
      },
    };
    expect(() => openDatabase(file, {}, [...MIGRATIONS, failing])).toThrow(/boom/);
    const raw = new BetterSqlite3(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get()).toBe(0);
    raw.close();
    // And the same file opens fine with the real migrations afterwards.
    expect(track(openDatabase(file)).pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });

  it('migrate() is a no-op at the newest version', () => {
    const db = track(openDatabase(path.join(tempDir(), 'audit.db')));
    expect(migrate(db)).toBe(0);
  });

  it('opens a second connection with the same settings for a file database, none for :memory:', () => {
    const db = track(openDatabase(path.join(tempDir(), 'audit.db')));
    const second = openSecondConnection(db);
    expect(second).toBeDefined();
    if (second) {
      track(second);
      expect(second.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(second.pragma('journal_mode', { simple: true })).toBe('wal');
      // The import's writer thread opens its connection so: it waits for another's lock as long.
      expect(second.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    }
    const memory = track(openDatabase(':memory:'));
    expect(openSecondConnection(memory)).toBeUndefined();
  });
});

describe('immutability of snapshots', () => {
  const setup = () => {
    const db = track(openDatabase(path.join(tempDir(), 'audit.db')));
    const id = writeSnapshot(db, { nodes, users, assignments });
    return { db, id };
  };

  it('refuses to update any row of a complete snapshot', () => {
    const { db, id } = setup();
    const before = tableCounts(db);
    const updates = [
      `UPDATE snapshots SET name = 'renamed' WHERE id = ${id}`,
      `UPDATE snapshot_files SET rows = 0 WHERE snapshot_id = ${id}`,
      `UPDATE nodes SET name = 'X' WHERE snapshot_id = ${id} AND id = 2`,
      `UPDATE users SET email = 'x@y.test' WHERE snapshot_id = ${id} AND id = 1`,
      `UPDATE assignments SET role_id = 'account-admin' WHERE snapshot_id = ${id} AND id = 3`,
    ];
    for (const sql of updates) expect(() => db.exec(sql), sql).toThrow(/immutable/);
    expect(db.prepare('SELECT name FROM snapshots WHERE id = ?').pluck().get(id)).toBe('test snapshot');
    expect(tableCounts(db)).toEqual(before);
  });

  it('refuses to add rows to a complete snapshot, even with OR IGNORE', () => {
    const { db, id } = setup();
    const inserts = [
      `INSERT INTO snapshot_files VALUES (${id}, 5, 'more.csv', 'x', 1, 1, 'utf-8')`,
      `INSERT INTO nodes VALUES (${id}, 99, NULL, 0, 'account', 'New', 'New')`,
      `INSERT INTO users VALUES (${id}, 99, 'new@x.test', 'New', NULL, NULL, NULL)`,
      `INSERT OR IGNORE INTO assignments VALUES (${id}, 99, 1, 1, 'org-admin', 0, 9)`,
    ];
    for (const sql of inserts) expect(() => db.exec(sql), sql).toThrow(/complete and cannot be added to/);
  });

  it('refuses to delete single rows, but deletes a whole snapshot with everything in it', () => {
    const { db, id } = setup();
    expect(() => db.exec(`DELETE FROM assignments WHERE snapshot_id = ${id} AND id = 1`)).toThrow(/immutable/);
    expect(() => db.exec(`DELETE FROM users WHERE snapshot_id = ${id}`)).toThrow(/immutable/);
    db.prepare('DELETE FROM snapshots WHERE id = ?').run(id);
    expect(tableCounts(db)).toEqual({
      snapshots: 0,
      snapshot_files: 0,
      nodes: 0,
      users: 0,
      assignments: 0,
      models: 0,
      plans: 0,
      findings_rules: 0,
      findings_runs: 0,
      reviews: 0,
      review_items: 0,
      review_log: 0,
      review_reviewers: 0,
    });
  });

  it('lets a complete snapshot be withdrawn (the first step of deleting it), and nothing else change', () => {
    const { db, id } = setup();
    expect(() => db.exec(`UPDATE snapshots SET name = 'renamed' WHERE id = ${id}`)).toThrow(/immutable/);
    expect(() => db.exec(`UPDATE snapshots SET complete = 1 WHERE id = ${id}`)).toThrow(/immutable/);
    db.exec(`UPDATE snapshots SET complete = 0 WHERE id = ${id}`);
    db.exec(`DELETE FROM assignments WHERE snapshot_id = ${id} AND id = 1`);
    expect(tableCounts(db).assignments).toBe(assignments.length - 1);
  });

  it('lets an import in progress write its rows and then mark the snapshot complete', () => {
    const { db } = setup();
    const id = writeSnapshot(db, { nodes, users, assignments }, { incomplete: true });
    db.exec(`INSERT INTO assignments VALUES (${id}, 99, 1, 2, 'org-admin', 0, 9)`);
    db.exec(`UPDATE snapshots SET assignment_count = 6, complete = 1 WHERE id = ${id}`);
    expect(() => db.exec(`INSERT INTO assignments VALUES (${id}, 100, 1, 3, 'org-admin', 0, 9)`)).toThrow(/complete/);
  });
});
