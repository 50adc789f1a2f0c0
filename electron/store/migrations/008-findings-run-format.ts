// Schema 8: a recorded findings run says what it was exported as (`csv` or `json`), so the app can list
// the runs behind its exports with exactly the rules each ran with. Runs recorded before, or not for an
// export, have none.

import type BetterSqlite3 from 'better-sqlite3';
import type { Migration } from './index';

export const findingsRunFormat: Migration = {
  version: 8,
  name: 'findings-run-format',
  up(db: BetterSqlite3.Database) {
    db.exec(`ALTER TABLE findings_runs ADD COLUMN export_format TEXT CHECK (export_format IN ('csv', 'json'))`);
  },
};
