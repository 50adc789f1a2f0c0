// Schema 5: what-if plans saved by name (shared/engine/what-if.ts), to open again, change and export.
// A plan is the user's draft, not evidence: saving a plan of the same name replaces it.

import type BetterSqlite3 from 'better-sqlite3';
import type { Migration } from './index';

export const plans: Migration = {
  version: 5,
  name: 'plans',
  up(db: BetterSqlite3.Database) {
    db.exec(`
      CREATE TABLE plans (
        name      TEXT PRIMARY KEY,
        plan_json TEXT NOT NULL,
        saved_at  TEXT NOT NULL
      );
    `);
  },
};
