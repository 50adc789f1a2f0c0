// Writing to one database from several callers: imports and deletes in one service run one at a
// time, in order; two services (two connections, as two processes) wait for each other's lock; a
// delete leaves the process answering while it purges, and a delete cut short is finished on open.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../shared/api';
import { AuditError } from '../../shared/errors';
import { openAuditService, WAITING_FOR_WRITE, type AuditService } from '../../electron/services/audit-service';
import { lockedError } from '../../electron/store/database';
import { writeHuntressCsv } from '../support/huntress-csv';

let dir: string;
let dbPath: string;
const services: AuditService[] = [];
const open = () => {
  const service = openAuditService({ dbPath });
  services.push(service);
  return service;
};
const intact = (file: string) => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return { integrity: db.pragma('integrity_check', { simple: true }), foreignKeys: db.pragma('foreign_key_check') };
  } finally {
    db.close();
  }
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-writes-'));
  dbPath = path.join(dir, 'audit.db');
});
afterEach(() => {
  for (const service of services.splice(0)) service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('one write at a time', () => {
  it('runs concurrent imports into one service one after another, in the order asked; the waiting ones say so', async () => {
    const service = open();
    const files = ['a', 'b', 'c', 'd'].map((tag) => writeHuntressCsv(path.join(dir, `${tag}.csv`), 2000, tag));
    const progress: ImportProgress[][] = files.map(() => []);
    const imported = await Promise.all(
      files.map((file, i) => service.importFiles({ files: [{ path: file }], platform: 'huntress' }, (p) => progress[i].push(p))),
    );
    expect(imported.map((s) => s.files[0].name)).toEqual(['a.csv', 'b.csv', 'c.csv', 'd.csv']);
    const ids = imported.map((s) => s.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(service.snapshots({}).map((s) => s.assignmentCount)).toEqual([2000, 2000, 2000, 2000]);
    expect(progress[0].some((p) => p.waiting)).toBe(false);
    for (const later of progress.slice(1)) expect(later[0]).toMatchObject({ waiting: WAITING_FOR_WRITE, bytesRead: 0 });
    expect(intact(dbPath)).toEqual({ integrity: 'ok', foreignKeys: [] });
  });

  it('lets two services (two connections to one file) import at the same time; both succeed', async () => {
    const [first, second] = [open(), open()];
    const [a, b] = ['a', 'b'].map((tag) => writeHuntressCsv(path.join(dir, `${tag}.csv`), 20_000, tag));
    const both = await Promise.all([
      first.importFiles({ files: [{ path: a }], platform: 'huntress' }),
      second.importFiles({ files: [{ path: b }], platform: 'huntress' }),
    ]);
    expect(both.map((s) => s.assignmentCount)).toEqual([20_000, 20_000]);
    expect(first.snapshots({})).toHaveLength(2);
    expect(intact(dbPath)).toEqual({ integrity: 'ok', foreignKeys: [] });
  });

  it('reports a lock another program held past the busy timeout as a busy error saying what to do', () => {
    const holder = new BetterSqlite3(dbPath);
    const other = new BetterSqlite3(dbPath, { timeout: 0 });
    try {
      holder.exec('CREATE TABLE t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)');
      let raised: unknown;
      try {
        other.exec('INSERT INTO t VALUES (2)');
      } catch (error) {
        raised = error;
      }
      const error = lockedError(dbPath, raised);
      expect(error).toBeInstanceOf(AuditError);
      expect((error as AuditError).kind).toBe('busy');
      expect((error as AuditError).message).toMatch(/^the database .*audit\.db is busy: another program .* try again once it is done$/);
      const plain = new Error('no such table');
      expect(lockedError(dbPath, plain)).toBe(plain);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      other.close();
    }
  });
});

describe('deleting a snapshot', () => {
  it('hides it at once and purges it in steps while the process goes on answering; the database is intact after', async () => {
    const service = open();
    const file = writeHuntressCsv(path.join(dir, 'big.csv'), 200_000);
    const big = await service.importFiles({ files: [{ path: file }], platform: 'huntress' });
    const small = await service.importFiles({
      files: [{ path: writeHuntressCsv(path.join(dir, 'small.csv'), 10, 's') }],
      platform: 'huntress',
    });

    // A timer counts the big snapshot's rows from another connection: it fires while they go.
    const reader = new BetterSqlite3(dbPath, { readonly: true });
    const rows = reader.prepare('SELECT count(*) FROM assignments WHERE snapshot_id = ?').pluck();
    const seen: number[] = [];
    const timer = setInterval(() => seen.length < 1000 && seen.push(rows.get(big.id) as number), 1);
    try {
      expect(await service.deleteSnapshot({ snapshotId: big.id })).toEqual({ deleted: big.id });
      expect(service.snapshots({}).map((s) => s.id)).toEqual([small.id]);
      expect(service.tree({ snapshotId: small.id }).answer.length).toBeGreaterThan(0);
      await service.idle();
    } finally {
      clearInterval(timer);
      reader.close();
    }
    expect(seen.some((n) => n > 0 && n < 200_000)).toBe(true);
    const db = new BetterSqlite3(dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM assignments WHERE snapshot_id = ?').pluck().get(big.id)).toBe(0);
      expect(db.prepare('SELECT count(*) FROM snapshots').pluck().get()).toBe(1);
    } finally {
      db.close();
    }
    expect(intact(dbPath)).toEqual({ integrity: 'ok', foreignKeys: [] });
  });

  it('finishes, on the next open, a delete the process did not live to finish', async () => {
    const service = open();
    const file = writeHuntressCsv(path.join(dir, 'a.csv'), 5000);
    const snapshot = await service.importFiles({ files: [{ path: file }], platform: 'huntress' });
    // As a crash after the withdrawal leaves it: withdrawn, every row still there.
    const raw = new BetterSqlite3(dbPath);
    raw.exec(`UPDATE snapshots SET complete = 0 WHERE id = ${snapshot.id}`);
    raw.close();
    expect(service.snapshots({})).toEqual([]);
    service.close();
    services.length = 0;

    const reopened = open();
    await reopened.idle();
    const db = new BetterSqlite3(dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM snapshots').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM assignments').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    const again = await reopened.importFiles({ files: [{ path: file }], platform: 'huntress' });
    expect(reopened.snapshots({}).map((s) => s.id)).toEqual([again.id]);
  });

  it('refuses a snapshot that does not exist as not-found', async () => {
    await expect(open().deleteSnapshot({ snapshotId: 42 })).rejects.toMatchObject({ kind: 'not-found' });
  });
});
