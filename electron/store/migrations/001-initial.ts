// Schema 1: snapshots and their files, tenant nodes, users and role assignments.
//
// Ids of nodes, users and assignments are numbered from 1 within each snapshot, so a snapshot's
// data is the same whatever else the database holds. Snapshots are immutable once imported: the
// importer inserts a snapshot with `complete = 0`, writes its rows in the same transaction, and
// sets `complete = 1` last. Triggers then refuse any change to it except deleting it whole.
//
// Every question the engine asks is answered from an index (see snapshot-store.ts):
// - assignments of some roles at some nodes, or of some roles anywhere: the assignments table itself,
//   clustered (WITHOUT ROWID) on (snapshot_id, role_id, node_id, user_id); being the primary key it
//   also makes a repeated row one assignment;
// - a user's assignments (and per-node counts for the tree): assignments_by_user (snapshot_id, user_id, node_id);
// - assignments strictly below a node: a range over nodes_by_path, `path > 'P/' AND path < 'P0'`
//   ('0' follows '/', and a '/' inside a name is escaped as '\/', so the prefix 'P/' is exact),
//   then the primary key per node.
// Assignments have no foreign keys to nodes and users: the importer guarantees them, and deleting a
// snapshot must not look up its assignments once per deleted node.
//
// Two B-trees per assignment, not three: the importer writes 1,000,000 of them in seconds.

import type BetterSqlite3 from 'better-sqlite3';
import type { Migration } from './index';

/** `PRAGMA application_id` of a Permission Auditor database ("PAud"). */
export const APPLICATION_ID = 0x50417564;

const IMMUTABLE = 'snapshots are immutable once imported; delete the whole snapshot instead';
const COMPLETE = 'this snapshot is complete and cannot be added to';

/** Triggers that keep a child table of a complete snapshot as it was imported. */
function childTriggers(table: string): string {
  return `
    CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
    BEGIN SELECT RAISE(ABORT, '${IMMUTABLE}'); END;

    CREATE TRIGGER ${table}_no_insert_when_complete BEFORE INSERT ON ${table}
    WHEN (SELECT complete FROM snapshots WHERE id = NEW.snapshot_id) = 1
    BEGIN SELECT RAISE(ABORT, '${COMPLETE}'); END;

    -- Rows go only with their whole snapshot: by then the snapshot row is gone, so the cascade passes.
    CREATE TRIGGER ${table}_no_delete_when_complete BEFORE DELETE ON ${table}
    WHEN (SELECT complete FROM snapshots WHERE id = OLD.snapshot_id) = 1
    BEGIN SELECT RAISE(ABORT, '${IMMUTABLE}'); END;
  `;
}

export const SCHEMA_1 = `
  CREATE TABLE snapshots (
    id               INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, so "snapshot #3" means one thing
    name             TEXT    NOT NULL,
    platform         TEXT    NOT NULL,
    model_version    TEXT    NOT NULL,
    as_of            TEXT,
    imported_at      TEXT    NOT NULL,
    user_count       INTEGER NOT NULL DEFAULT 0,
    node_count       INTEGER NOT NULL DEFAULT 0,
    assignment_count INTEGER NOT NULL DEFAULT 0,
    complete         INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1))
  );

  CREATE TABLE snapshot_files (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    rows        INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, position)
  ) WITHOUT ROWID;

  CREATE TABLE nodes (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    id          INTEGER NOT NULL,
    parent_id   INTEGER,
    depth       INTEGER NOT NULL,
    level       TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    path        TEXT    NOT NULL,
    PRIMARY KEY (snapshot_id, id),
    FOREIGN KEY (snapshot_id, parent_id) REFERENCES nodes (snapshot_id, id) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX nodes_by_path ON nodes (snapshot_id, path);
  CREATE INDEX nodes_by_parent ON nodes (snapshot_id, parent_id);

  CREATE TABLE users (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    id          INTEGER NOT NULL,
    email       TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    status      TEXT,
    last_login  TEXT,
    mfa         TEXT,
    PRIMARY KEY (snapshot_id, id)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX users_by_email ON users (snapshot_id, email);

  CREATE TABLE assignments (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    -- numbered in the order the rows were read (a repeated row keeps its first number)
    id          INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    node_id     INTEGER NOT NULL,
    role_id     TEXT    NOT NULL,
    -- position of the source file in snapshot_files
    source_file INTEGER NOT NULL,
    source_line INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, role_id, node_id, user_id)
  ) WITHOUT ROWID;
  CREATE INDEX assignments_by_user ON assignments (snapshot_id, user_id, node_id);

  CREATE TRIGGER snapshots_no_update_when_complete BEFORE UPDATE ON snapshots
  WHEN OLD.complete = 1
  BEGIN SELECT RAISE(ABORT, '${IMMUTABLE}'); END;

  ${['snapshot_files', 'nodes', 'users', 'assignments'].map(childTriggers).join('\n')}
`;

export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db: BetterSqlite3.Database) {
    db.exec(SCHEMA_1);
    db.pragma(`application_id = ${APPLICATION_ID}`);
  },
};
