// Schema 7: access review campaigns (docs/reviews.md). A review freezes its population when it starts:
// one item per role assignment in scope, copied out of the snapshot (email, role, tenant path, import
// row), so the review stays evidence of what was reviewed even if the snapshot is deleted later (no
// foreign key to snapshots). Decisions are kept on the items. Every action goes to review_log, which
// the database keeps append-only (triggers refuse UPDATE and DELETE), each entry chained to the one
// before by SHA-256 (electron/store/reviews.ts). Once a review is signed off, triggers refuse any
// change to it or its items; the population never changes, and nothing of a review is ever deleted.

import type BetterSqlite3 from 'better-sqlite3';
import type { Migration } from './index';

const refuse = (message: string) => `BEGIN SELECT RAISE(ABORT, '${message.replaceAll("'", "''")}'); END`;
const SIGNED = 'this review is signed off: nothing in it can change';

export const reviews: Migration = {
  version: 7,
  name: 'reviews',
  up(db: BetterSqlite3.Database) {
    db.exec(`
      CREATE TABLE reviews (
        id              INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, so "review #3" means one thing
        name            TEXT    NOT NULL,
        snapshot_id     INTEGER NOT NULL,
        platform        TEXT    NOT NULL,
        scope           TEXT,  -- a tenant path; null: the whole tenancy
        due             TEXT,
        created_at      TEXT    NOT NULL,
        created_by      TEXT    NOT NULL,
        status          TEXT    NOT NULL CHECK (status IN ('started', 'signed')),
        previous_review INTEGER,
        manifest_json   TEXT    NOT NULL,
        signed_by       TEXT,
        signed_at       TEXT,
        sign_statement  TEXT,
        signed_head     TEXT   -- the log's last hash when signed off
      );
      CREATE INDEX reviews_by_scope ON reviews (platform, scope, snapshot_id);

      CREATE TABLE review_reviewers (
        review_id INTEGER NOT NULL REFERENCES reviews (id),
        scope     TEXT    NOT NULL, -- a tenant path: the reviewer decides the items at it and below
        reviewer  TEXT    NOT NULL,
        PRIMARY KEY (review_id, scope)
      ) WITHOUT ROWID;

      CREATE TABLE review_items (
        review_id            INTEGER NOT NULL REFERENCES reviews (id),
        number               INTEGER NOT NULL,
        email                TEXT    NOT NULL,
        name                 TEXT    NOT NULL,
        role_id              TEXT    NOT NULL,
        role                 TEXT    NOT NULL,
        level                TEXT    NOT NULL,
        path                 TEXT    NOT NULL,
        source_file          TEXT    NOT NULL,
        source_line          INTEGER NOT NULL,
        privileged           INTEGER NOT NULL CHECK (privileged IN (0, 1)),
        recommendations_json TEXT    NOT NULL,
        changed              TEXT,  -- what changed since the previous review; null: nothing
        reviewer             TEXT    NOT NULL,
        decision             TEXT    CHECK (decision IN ('keep', 'revoke', 'modify', 'exception', 'dont-know')),
        new_role             TEXT,
        expires              TEXT,
        comment              TEXT,
        decided_by           TEXT,
        decided_at           TEXT,
        self_reason          TEXT,
        PRIMARY KEY (review_id, number)
      ) WITHOUT ROWID;
      CREATE INDEX review_items_by_reviewer ON review_items (review_id, reviewer);

      CREATE TABLE review_log (
        review_id   INTEGER NOT NULL REFERENCES reviews (id),
        seq         INTEGER NOT NULL,
        at          TEXT    NOT NULL,
        actor       TEXT    NOT NULL,
        action      TEXT    NOT NULL,
        item        INTEGER,
        before_json TEXT,
        after_json  TEXT,
        prev_hash   TEXT    NOT NULL,
        hash        TEXT    NOT NULL,
        PRIMARY KEY (review_id, seq)
      ) WITHOUT ROWID;

      CREATE TRIGGER review_log_no_update BEFORE UPDATE ON review_log
      ${refuse('the review log is append-only: its entries cannot be changed')};
      CREATE TRIGGER review_log_no_delete BEFORE DELETE ON review_log
      ${refuse('the review log is append-only: its entries cannot be deleted')};

      CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews ${refuse('a review is evidence: it cannot be deleted')};
      CREATE TRIGGER reviews_locked BEFORE UPDATE ON reviews WHEN OLD.status = 'signed' ${refuse(SIGNED)};
      CREATE TRIGGER review_reviewers_no_update BEFORE UPDATE ON review_reviewers ${refuse('the reviewers a review started with cannot change')};
      CREATE TRIGGER review_reviewers_no_delete BEFORE DELETE ON review_reviewers ${refuse('the reviewers a review started with cannot change')};
      CREATE TRIGGER review_items_no_delete BEFORE DELETE ON review_items ${refuse("a review's population is frozen: items cannot be deleted")};
      CREATE TRIGGER review_items_frozen
      BEFORE UPDATE OF review_id, number, email, name, role_id, role, level, path, source_file, source_line, privileged, recommendations_json, changed
      ON review_items ${refuse("a review's population is frozen: an item's access cannot change")};
      CREATE TRIGGER review_items_locked BEFORE UPDATE ON review_items
      WHEN (SELECT status FROM reviews WHERE id = OLD.review_id) = 'signed' ${refuse(SIGNED)};
      CREATE TRIGGER review_items_no_insert_when_signed BEFORE INSERT ON review_items
      WHEN (SELECT status FROM reviews WHERE id = NEW.review_id) = 'signed' ${refuse(SIGNED)};
    `);
  },
};
