// Schema 6: the findings rules of each platform (the rules file's JSON, docs/findings.md), which the
// app edits and accepts exceptions into, and a record of findings runs: exactly what was configured
// (the rules as run, with their SHA-256) and what was found, per snapshot.

import type BetterSqlite3 from 'better-sqlite3';
import type { Migration } from './index';

export const findings: Migration = {
  version: 6,
  name: 'findings',
  up(db: BetterSqlite3.Database) {
    db.exec(`
      CREATE TABLE findings_rules (
        platform   TEXT PRIMARY KEY,
        rules_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE findings_runs (
        id           INTEGER PRIMARY KEY,
        snapshot_id  INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
        run_at       TEXT NOT NULL,
        rules_json   TEXT NOT NULL,
        rules_sha256 TEXT NOT NULL,
        counts_json  TEXT NOT NULL
      );
      CREATE INDEX findings_runs_by_snapshot ON findings_runs (snapshot_id, run_at);
    `);
  },
};
