// A diff of two big snapshots, as the app asks it (diffSnapshots with a diffId): it says how far it has
// got while it runs, can be cancelled, answers as the CLI's straight-through diff does, and leaves the
// database free for other work (a delete) meanwhile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditService, type AuditService } from '../../electron/services/audit-service';
import { nextTurn } from '../../electron/services/followed';
import { openDatabase } from '../../electron/store/database';
import { SnapshotStore } from '../../electron/store/snapshot-store';
import { diffSnapshots, type DiffProgress } from '../../shared/engine/snapshot-diff';
import { resolveModel } from '../../shared/model/resolve';
import { getModel } from '../../shared/models';
import { writeHuntressCsv } from '../support/huntress-csv';

let dir: string;
let dbPath: string;
let service: AuditService;
/** November's 3,000 people; December's the first 2,500 of them. */
let november: number;
let december: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-diff-'));
  dbPath = path.join(dir, 'audit.db');
  service = openAuditService({ dbPath, longLived: true });
  const load = async (rows: number) =>
    (await service.importFiles({ files: [{ path: writeHuntressCsv(path.join(dir, `${rows}.csv`), rows) }], platform: 'huntress' })).id;
  november = await load(3000);
  december = await load(2500);
});
afterAll(() => {
  service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What diffProgress said at each turn of the event loop until the diff ended. */
async function followed(diffId: string, running: Promise<unknown>): Promise<DiffProgress[]> {
  let ended = false;
  void running.finally(() => (ended = true)).catch(() => undefined);
  const seen: DiffProgress[] = [];
  while (!ended) {
    const progress = service.diffProgress({ diffId });
    if (progress) seen.push(progress);
    await nextTurn();
  }
  return seen;
}

describe('a diff the app follows', () => {
  it('says how many people it has compared, of how many, and answers as the straight-through diff does', async () => {
    const running = service.diffSnapshots({ before: november, after: december, diffId: 'd1' });
    const seen = await followed('d1', running);
    // A report before anyone is read, then every 2,000 people.
    expect(seen).toEqual([
      { done: 0, total: 3000 },
      { done: 2000, total: 3000 },
    ]);
    const diff = await running;
    expect(diff.users.removed).toHaveLength(500);
    expect(service.diffProgress({ diffId: 'd1' })).toBeNull();

    const db = openDatabase(dbPath);
    try {
      const store = new SnapshotStore(db);
      const side = (id: number) => {
        const snapshot = store.get(id)!;
        return { snapshot, evaluator: { model: resolveModel(getModel('huntress'), snapshot.modelVersion), view: store.view(id) } };
      };
      expect(diffSnapshots(side(november), side(december))).toEqual(diff);
    } finally {
      db.close();
    }
    expect(await service.diffSnapshots({ before: november, after: december })).toEqual(diff);
  });

  it('cancelled, rejects as cancelled; its id is free again and a later diff answers', async () => {
    const running = service.diffSnapshots({ before: november, after: december, diffId: 'd2' });
    expect(service.diffProgress({ diffId: 'd2' })).toEqual({ done: 0, total: 3000 });
    expect(service.cancelDiff({ diffId: 'd2' })).toEqual({ cancelled: true });
    await expect(running).rejects.toMatchObject({ kind: 'cancelled', message: 'the comparison was cancelled' });
    expect(service.diffProgress({ diffId: 'd2' })).toBeNull();
    expect(service.cancelDiff({ diffId: 'd2' })).toEqual({ cancelled: false });

    const again = await service.diffSnapshots({ before: november, after: december, diffId: 'd2' });
    expect(again.users.removed).toHaveLength(500);
  });

  it('refuses a second diff with the id of one that runs', async () => {
    const running = service.diffSnapshots({ before: november, after: december, diffId: 'd3' });
    await expect(service.diffSnapshots({ before: november, after: december, diffId: 'd3' })).rejects.toMatchObject({
      kind: 'usage',
      message: 'a diff with id "d3" is already running',
    });
    await running;
  });

  it('leaves the database free meanwhile: another snapshot is deleted while the diff is half done', async () => {
    const other = (
      await service.importFiles({ files: [{ path: writeHuntressCsv(path.join(dir, 'other.csv'), 100, 'other') }], platform: 'huntress' })
    ).id;
    const running = service.diffSnapshots({ before: november, after: december, diffId: 'd4' });
    while (service.diffProgress({ diffId: 'd4' })?.done === 0) await nextTurn();
    expect(service.diffProgress({ diffId: 'd4' })).toEqual({ done: 2000, total: 3000 });
    expect(await service.deleteSnapshot({ snapshotId: other })).toEqual({ deleted: other });
    expect((await running).users.removed).toHaveLength(500);
    await service.idle();
    expect(service.snapshots({}).map((s) => s.id)).toEqual([december, november]);
  });
});
