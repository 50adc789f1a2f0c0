// Test helpers for the store: temp databases, and writing a snapshot's rows directly (without the
// importer) so the store can be tested on data of any shape.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SnapshotData } from '../../shared/engine/memory-view';
import type { SourceFile } from '../../shared/snapshot';
import type { Database } from '../../electron/store/database';
import type { SnapshotStore } from '../../electron/store/snapshot-store';

export function tempDir(prefix = 'permaudit-store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface WriteOptions {
  name?: string;
  platform?: string;
  modelVersion?: string;
  asOf?: string | null;
  importedAt?: string;
  files?: SourceFile[];
  /** Level id per depth. */
  levels?: string[];
  /** Leave the snapshot incomplete (as an import in progress). */
  incomplete?: boolean;
}

/** Writes a complete snapshot straight into the tables; returns its id. */
export function writeSnapshot(db: Database, data: SnapshotData, options: WriteOptions = {}): number {
  const files = options.files ?? [{ name: 'users.csv', sha256: '0'.repeat(64), size: 1, rows: data.assignments.length, encoding: 'utf-8' }];
  const levels = options.levels ?? ['account', 'organization', 'group'];
  const write = db.transaction(() => {
    const id = db
      .prepare(
        `INSERT INTO snapshots (name, platform, model_version, as_of, imported_at, user_count, node_count, assignment_count)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        options.name ?? 'test snapshot',
        options.platform ?? 'test',
        options.modelVersion ?? 'v2',
        options.asOf ?? null,
        options.importedAt ?? new Date().toISOString(),
        data.users.length,
        data.nodes.length,
        data.assignments.length,
      ).lastInsertRowid as number;
    // Without the encoding column (schema 1 has none): files written here are read back as 'utf-8'.
    const file = db.prepare('INSERT INTO snapshot_files (snapshot_id, position, name, sha256, size, rows) VALUES (?, ?, ?, ?, ?, ?)');
    files.forEach((f, i) => file.run(id, i, f.name, f.sha256, f.size, f.rows));
    const node = db.prepare('INSERT INTO nodes (snapshot_id, id, parent_id, depth, level, name, path) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const n of [...data.nodes].sort((a, b) => a.depth - b.depth))
      node.run(id, n.id, n.parentId, n.depth, levels[n.depth], n.name, n.path);
    const user = db.prepare('INSERT INTO users (snapshot_id, id, email, name, status, last_login, mfa) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const u of data.users) user.run(id, u.id, u.email, u.name, u.status ?? null, u.lastLogin ?? null, u.mfa ?? null);
    const assignment = db.prepare(
      'INSERT INTO assignments (snapshot_id, id, user_id, node_id, role_id, source_file, source_line) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const a of data.assignments) {
      const fileNo = Math.max(
        0,
        files.findIndex((f) => f.name === a.sourceFile),
      );
      assignment.run(id, a.id, a.userId, a.nodeId, a.roleId, fileNo, a.sourceLine);
    }
    if (!options.incomplete) db.prepare('UPDATE snapshots SET complete = 1 WHERE id = ?').run(id);
    return id;
  });
  return write();
}

/** Row counts of every table: to show an operation changed nothing. */
export function tableCounts(db: Database): Record<string, number> {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
}

/** mulberry32, the bench's seeded PRNG: generated data is the same on every run. */
export { rng } from '../../scripts/bench-util';

/** Deletes a snapshot at once: withdrawn, then purged in one go (the service purges in steps). */
export function deleteNow(store: SnapshotStore, id: number): void {
  store.withdraw(id);
  while (!store.purgeStep(id, Number.MAX_SAFE_INTEGER));
}
