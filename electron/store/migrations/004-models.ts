// Schema 4: user-defined role models. A snapshot imported with a model file keeps that model, so
// editing or losing the file never changes the snapshot's answers: the file's text as given, its
// SHA-256 (of the file's bytes, as `sha256sum` prints it), and the model as it was read (a file that
// extends a built-in model is kept merged, so a later app's built-in model does not change it
// either). Snapshots of a built-in model leave `model_id` empty and are answered with the app's.
// A model is kept once, however many snapshots use it (the same file read the same way), and never
// changes.

import type BetterSqlite3 from 'better-sqlite3';
import type { Migration } from './index';

export const models: Migration = {
  version: 4,
  name: 'models',
  up(db: BetterSqlite3.Database) {
    db.exec(`
      CREATE TABLE models (
        id         INTEGER PRIMARY KEY,
        sha256     TEXT NOT NULL,
        platform   TEXT NOT NULL,
        name       TEXT NOT NULL,
        file_name  TEXT NOT NULL,
        file_text  TEXT NOT NULL,
        model_json TEXT NOT NULL,
        UNIQUE (sha256, model_json)
      );
      CREATE TRIGGER models_no_update BEFORE UPDATE ON models
      BEGIN SELECT RAISE(ABORT, 'a stored model never changes'); END;
      ALTER TABLE snapshots ADD COLUMN model_id INTEGER REFERENCES models (id);
    `);
  },
};
