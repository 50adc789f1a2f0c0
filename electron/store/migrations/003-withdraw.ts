// Schema 3: a complete snapshot may be withdrawn (marked incomplete again), the first step of
// deleting it. Deleting a snapshot of a million assignments takes many seconds; done in one
// statement it would hold the write lock and the thread for all of them. Instead the snapshot is
// withdrawn in one small transaction, which hides it from every query at once (they all read
// `complete = 1` only), and its rows are then deleted in chunks (the child tables' triggers let rows
// of an incomplete snapshot go). A committed incomplete snapshot is therefore always one being
// deleted (an import inserts and completes its snapshot in one transaction): whoever opens the
// database next deletes what a crash left of it (SnapshotStore.purge).
//
// The trigger that kept a complete snapshot's row unchanged now refuses only updates that leave it
// complete: a visible snapshot still never changes.

import type BetterSqlite3 from 'better-sqlite3';
import type { Migration } from './index';

export const withdraw: Migration = {
  version: 3,
  name: 'withdraw',
  up(db: BetterSqlite3.Database) {
    db.exec(`
      DROP TRIGGER snapshots_no_update_when_complete;
      CREATE TRIGGER snapshots_no_update_when_complete BEFORE UPDATE ON snapshots
      WHEN OLD.complete = 1 AND NEW.complete = 1
      BEGIN SELECT RAISE(ABORT, 'snapshots are immutable once imported; delete the whole snapshot instead'); END;
    `);
  },
};
