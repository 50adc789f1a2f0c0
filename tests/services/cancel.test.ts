// Cancelling an import (cancelImport): a reading one stops at its next chunk, a queued one leaves the
// queue, and either way nothing at all is written; an id no import has is answered `cancelled: false`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditError } from '../../shared/errors';
import { openAuditService, type AuditService } from '../../electron/services/audit-service';
import { writeHuntressCsv } from '../support/huntress-csv';

let dir: string;
let dbPath: string;
let service: AuditService;

/** Rows in each table a snapshot writes. */
const counts = () => {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    return Object.fromEntries(
      ['snapshots', 'snapshot_files', 'nodes', 'users', 'assignments'].map((table) => [
        table,
        db.prepare(`SELECT count(*) AS n FROM ${table}`).pluck().get(),
      ]),
    );
  } finally {
    db.close();
  }
};

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-cancel-'));
  dbPath = path.join(dir, 'audit.db');
  service = openAuditService({ dbPath });
  // One snapshot already there: a cancelled import must leave it exactly as it was.
  await service.importFiles({ files: [{ path: writeHuntressCsv(path.join(dir, 'first.csv'), 100, 'first') }], platform: 'huntress' });
});
afterEach(() => {
  service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('cancelling an import', () => {
  it('stops a running import at its next chunk and writes nothing; a later import succeeds', { timeout: 60_000 }, async () => {
    const file = writeHuntressCsv(path.join(dir, 'big.csv'), 200_000, 'big');
    const before = { snapshots: service.snapshots({}), rows: counts() };
    const answers: boolean[] = [];
    const importing = service.importFiles({ files: [{ path: file }], platform: 'huntress', importId: 'big-1' }, () => {
      if (answers.length === 0) answers.push(service.cancelImport({ importId: 'big-1' }).cancelled);
    });
    const error = await rejection(importing);
    expect(answers).toEqual([true]);
    expect(error).toBeInstanceOf(AuditError);
    expect(error).toMatchObject({ kind: 'cancelled', message: 'the import was cancelled; nothing was written' });
    expect(service.snapshots({})).toEqual(before.snapshots);
    expect(counts()).toEqual(before.rows);
    // Done with: its id is free, and cancelling it again is too late.
    expect(service.cancelImport({ importId: 'big-1' })).toEqual({ cancelled: false });

    const later = await service.importFiles({ files: [{ path: file }], platform: 'huntress', importId: 'big-1' });
    expect(later.assignmentCount).toBe(200_000);
    expect(service.snapshots({})).toHaveLength(2);
  });

  it('takes a queued import out of the queue; the one before it completes', { timeout: 60_000 }, async () => {
    const [a, b] = ['a', 'b'].map((tag) => writeHuntressCsv(path.join(dir, `${tag}.csv`), 2000, tag));
    const first = service.importFiles({ files: [{ path: a }], platform: 'huntress', importId: 'first' });
    const second = rejection(service.importFiles({ files: [{ path: b }], platform: 'huntress', importId: 'second' }));
    expect(service.cancelImport({ importId: 'second' })).toEqual({ cancelled: true });
    expect(await second).toMatchObject({ kind: 'cancelled' });
    expect((await first).assignmentCount).toBe(2000);
    await service.idle();
    expect(service.snapshots({}).map((s) => s.files[0].name)).toEqual(['a.csv', 'first.csv']);
    expect(counts().snapshots).toBe(2);
  });

  it('answers cancelled: false for an id no import has', () => {
    expect(service.cancelImport({ importId: 'no-such-import' })).toEqual({ cancelled: false });
  });

  it('refuses a second import with the id of one that runs', async () => {
    const file = writeHuntressCsv(path.join(dir, 'c.csv'), 2000, 'c');
    const running = service.importFiles({ files: [{ path: file }], platform: 'huntress', importId: 'same' });
    await expect(service.importFiles({ files: [{ path: file }], platform: 'huntress', importId: 'same' })).rejects.toMatchObject({
      kind: 'usage',
    });
    await running;
  });
});
