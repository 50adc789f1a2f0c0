// The import's writer: on a worker thread for a database file (here, run from TypeScript source, the
// worker script is bundled in memory), in-process for an in-memory database; both write the same
// snapshot, and a write that fails on the writer's side leaves the database as it was.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { importSnapshot } from '../../electron/services/import';
import { openWriter } from '../../electron/services/import-thread';
import { ImportWriter, rankRoles, sortRows } from '../../electron/services/import-writer';
import { openDatabase, type Database } from '../../electron/store/database';
import { accountModel, env, failingImport, HEADER, state, type Env } from './support';

let current: Env | undefined;
afterEach(() => {
  current?.close();
  current = undefined;
});
const setup = () => (current = env());

/** A snapshot's rows, without the snapshot's own id and import time. */
function snapshotRows(db: Database, id: number) {
  const rows = (sql: string) => db.prepare(sql).raw().all(id) as unknown[][];
  return {
    files: rows('SELECT position, name, sha256, size, rows FROM snapshot_files WHERE snapshot_id = ? ORDER BY position'),
    nodes: rows('SELECT id, parent_id, depth, level, name, path FROM nodes WHERE snapshot_id = ? ORDER BY id'),
    users: rows('SELECT id, email, name, status, last_login, mfa FROM users WHERE snapshot_id = ? ORDER BY id'),
    assignments: rows('SELECT id, user_id, node_id, role_id, source_file, source_line FROM assignments WHERE snapshot_id = ? ORDER BY id'),
  };
}

describe('the import writer', () => {
  it('runs on a worker thread for a database file and in-process for an in-memory database', async () => {
    const e = setup();
    const onFile = openWriter(e.db, ['a', 'b']);
    expect(onFile.thread).toBe('worker');
    await onFile.close();
    const memory = openDatabase(':memory:');
    const inMemory = openWriter(memory, ['a', 'b']);
    expect(inMemory.thread).toBe('in-process');
    await inMemory.close();
    memory.close();
  });

  it('leaves foreign keys on after writing, so deleting a snapshot still takes all its rows with it', async () => {
    const memory = openDatabase(':memory:');
    try {
      const file = setup().file('users.csv', `${HEADER}\nada@msp.test,Ada,Admin,MSP,\noli@acme.test,Oli,Org Admin,MSP,Acme\n`);
      const info = await importSnapshot(memory, {
        files: [{ path: file }],
        model: accountModel,
        modelVersion: accountModel.versions.at(-1)!.id,
      });
      expect(memory.pragma('foreign_keys', { simple: true })).toBe(1);
      memory.prepare('DELETE FROM snapshots WHERE id = ?').run(info.id);
      for (const table of ['snapshot_files', 'nodes', 'users', 'assignments']) {
        expect(memory.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
      }
    } finally {
      memory.close();
    }
  });

  it('carries an error back from the worker thread, and closes cleanly after it', async () => {
    const e = setup();
    const writer = openWriter(e.db, ['a']);
    await writer.call('stage', Int32Array.from([0, 1, 1, 1, 0, 2]));
    await expect(writer.call('stage', new Int32Array(5))).rejects.toThrow(
      'a staged batch holds whole assignments of 6 numbers, not 5 numbers',
    );
    await writer.close();
    e.db.exec('BEGIN IMMEDIATE; ROLLBACK');
  });

  it('sorts rows stably by several keys, however large their values', () => {
    const rows = Int32Array.from(
      [
        [2, 5, 0],
        [1, 70000, 1],
        [2, 5, 2],
        [0, 2 ** 31 - 1, 3],
        [1, 3, 4],
        [0, 0, 5],
      ].flat(),
    );
    const order = sortRows(rows, 6, 3, [0, 1]);
    expect([...order].map((row) => rows[row * 3 + 2])).toEqual([5, 3, 4, 1, 0, 2]);
    expect([...sortRows(rows, 0, 3, [0])]).toEqual([]);
  });

  it('stages in sorted runs: a repeated assignment keeps the first one read, within a run and across runs', () => {
    const db = openDatabase(':memory:');
    const writer = new ImportWriter(db, ['account-admin', 'org-admin'], false, 4);
    // role rank, node, user, id, file, line
    writer.stage(
      Int32Array.from(
        [
          [1, 1, 1, 1, 0, 2],
          [0, 2, 1, 2, 0, 3],
          [0, 1, 1, 3, 0, 4],
          [1, 1, 1, 4, 0, 5],
          [0, 1, 2, 5, 0, 6],
        ].flat(),
      ),
    );
    writer.stage(
      Int32Array.from(
        [
          [0, 1, 1, 6, 1, 2],
          [0, 1, 3, 7, 1, 3],
        ].flat(),
      ),
    );
    const header = { name: 's', platform: 'acct', modelVersion: 'v', asOf: null, importedAt: 'now', files: [], userCount: 0, nodeCount: 0 };
    const { id, assignmentCount } = writer.write(header);
    writer.close();
    expect(assignmentCount).toBe(5);
    const written = db
      .prepare('SELECT role_id, node_id, user_id, id, source_file, source_line FROM assignments WHERE snapshot_id = ? ORDER BY id')
      .raw()
      .all(id);
    expect(written).toEqual([
      ['org-admin', 1, 1, 1, 0, 2],
      ['account-admin', 2, 1, 2, 0, 3],
      ['account-admin', 1, 1, 3, 0, 4],
      ['account-admin', 1, 2, 5, 0, 6],
      ['account-admin', 1, 3, 7, 1, 3],
    ]);
    // The staging tables are gone.
    expect(db.prepare("SELECT count(*) FROM temp.sqlite_schema WHERE type = 'table'").pluck().get()).toBe(0);
    db.close();
  });

  it('ranks role ids in SQLite BINARY (UTF-8 byte) order', () => {
    expect(rankRoles(['org-user', 'account-admin', 'org-admin', 'account-admin'])).toEqual(['account-admin', 'org-admin', 'org-user']);
    // UTF-16 order would put the emoji (a surrogate pair) before U+FFFD; UTF-8 order puts it after.
    expect(rankRoles(['\u{1F600}', '\uFFFD', 'z'])).toEqual(['z', '\uFFFD', '\u{1F600}']);
  });

  it('writes the same snapshot on the worker as in-process, across many staged batches', async () => {
    const e = setup();
    const rows: string[] = [];
    for (let i = 0; i < 12_000; i++) {
      const org = `Org ${i % 37}`;
      // A user's status arrives only in a later batch; the first value of each attribute wins.
      const status = i >= 9000 ? 'active' : '';
      rows.push(`user${i % 900}@msp.test,User ${i % 900},${i % 3 === 0 ? 'Admin;User' : 'User'},MSP,${org},${status}`);
    }
    // A repeat of the first row, far away: it keeps the first row's line.
    rows.push(rows[0]);
    const file = e.file('many.csv', `${HEADER},status\n${rows.join('\n')}\n`);

    const onFile = await e.run([file]);
    const memory = openDatabase(':memory:');
    const inMemory = await importSnapshot(memory, { files: [{ path: file }], model: accountModel, modelVersion: '2022-06' });

    // Every (user, organization) pair is distinct: 12,000 User assignments and 4,000 Admin ones.
    expect(onFile.assignmentCount).toBe(16_000);
    expect(inMemory).toEqual({ ...onFile, id: inMemory.id, importedAt: inMemory.importedAt });
    const written = snapshotRows(e.db, onFile.id);
    expect(snapshotRows(memory, inMemory.id)).toEqual(written);
    memory.close();

    expect(written.users).toHaveLength(900);
    expect(written.users[0]).toEqual([1, 'user0@msp.test', 'User 0', 'active', null, null]);
    const first = written.assignments.find((a) => a[1] === 1 && a[3] === 'org-admin');
    expect(first).toEqual([1, 1, 2, 'org-admin', 0, 2]);
  });
});

describe('a problem found after rows were staged', () => {
  it('leaves the database as it was', async () => {
    const e = setup();
    await e.run([e.file('existing.csv', `${HEADER}\nada@msp.test,Ada,Admin,MSP,\n`)], { name: 'existing' });
    const rows = Array.from({ length: 60_000 }, (_, i) => `user${i}@msp.test,User ${i},User,MSP,Org ${i % 10}`);
    rows[50_000] = 'not-an-email,Nobody,User,MSP,';
    const file = e.file('users.csv', `${HEADER}\n${rows.join('\n')}\n`);
    const { lines } = await failingImport(e, [file]);
    expect(lines).toEqual(['users.csv:50002: malformed email "not-an-email"']);
  });
});

describe('a write that fails on the writer', () => {
  for (const table of ['snapshots', 'snapshot_files', 'nodes', 'users', 'assignments']) {
    it(`(in ${table}) leaves the database as it was and reports the error`, async () => {
      const e = setup();
      await e.run([e.file('existing.csv', `${HEADER}\nada@msp.test,Ada,Admin,MSP,\n`)], { name: 'existing' });
      e.db.exec(`CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'the disk is on fire'); END`);
      const before = state(e);
      // Enough rows that staging runs while the file is still being read.
      const rows = Array.from({ length: 20_000 }, (_, i) => `user${i}@msp.test,User ${i},User,MSP,Org ${i % 10}`);
      const file = e.file('users.csv', `${HEADER}\n${rows.join('\n')}\n`);
      await expect(e.run([file])).rejects.toMatchObject({ message: 'the disk is on fire', code: 'SQLITE_CONSTRAINT_TRIGGER' });
      const after = state(e);
      expect(after.list).toEqual(before.list);
      expect(after.rows).toEqual(before.rows);
      expect(after.fileHash).toBe(before.fileHash);
      // The import's connection is closed and holds no lock; no file is left behind.
      e.db.exec('BEGIN IMMEDIATE; ROLLBACK');
      expect(
        fs
          .readdirSync(e.dir)
          .filter((f) => f.startsWith('audit.db'))
          .sort(),
      ).toEqual(['audit.db', 'audit.db-shm', 'audit.db-wal']);
    });
  }
});
