// Schema 2: each snapshot file records the encoding it was read in (`utf-8`, `utf-16le`, `utf-16be`,
// `windows-1252`). Files imported before this migration were all read as UTF-8, so they get 'utf-8'.
//
// snapshot_files has a trigger that refuses updates; ADD COLUMN with a DEFAULT fills the old rows
// without updating them.

import type BetterSqlite3 from 'better-sqlite3';
import type { Migration } from './index';

export const fileEncoding: Migration = {
  version: 2,
  name: 'file-encoding',
  up(db: BetterSqlite3.Database) {
    db.exec(`ALTER TABLE snapshot_files ADD COLUMN encoding TEXT NOT NULL DEFAULT 'utf-8'`);
  },
};
