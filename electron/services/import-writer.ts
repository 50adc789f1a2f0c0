// The import's SQLite side: staging what has been read and validated, then writing the snapshot in
// one transaction. Everything here is synchronous; import.ts drives it through import-thread.ts, on a
// worker thread for a database file (so SQLite works while the main thread parses) or in-process for
// an in-memory database.
//
// Staging goes into TEMP tables (SQLite's temp file; the database itself is not touched). Assignments
// arrive as Int32Arrays (STAGED_FIELDS numbers each) in reading order and are staged clustered like
// `assignments`: on (role, node, user), the role as its rank among the model's role ids in SQLite's
// BINARY order (rankRoles). `INSERT OR IGNORE` drops a repeated assignment there, keeping the first
// one read. The writer collects RUN_ROWS of them and sorts them (a radix sort, stable) before they go
// in, so that the B-tree takes each run in key order rather than one random insert per row. All of
// that happens on the worker while the main thread is still parsing, and it leaves the rows in the
// primary-key order of `assignments`. New nodes and users come with the batches; a user staged again
// (an attribute filled in later) replaces its earlier row.
//
// write() is the one write transaction: the snapshot, its files, then nodes, users and assignments
// each copied with one INSERT … SELECT in their primary-key order (no sort; every table grows at its
// end, and only the secondary indexes take rows out of order), and last the mark that the snapshot is
// complete. Any error rolls it all back.

import type BetterSqlite3 from 'better-sqlite3';
import { AuditError, type ErrorKind, type Problem } from '../../shared/errors';
import type { RoleModel } from '../../shared/model/types';
import type { SnapshotInfo } from '../../shared/snapshot';
import type { ConnectionTarget } from '../store/database';

/**
 * Numbers per staged assignment in a stage() batch, in this order: role rank, node id, user id,
 * assignment id (its number in reading order, from 1), source file position, source line.
 */
export const STAGED_FIELDS = 6;

/** A user's model file, kept with the snapshots imported against it (migrations/004-models.ts). */
export interface ModelFileRecord {
  sha256: string;
  fileName: string;
  text: string;
  /** The model as it was read (a file extending a built-in model, merged). */
  model: RoleModel;
}

/** The snapshot as write() records it; with `modelFile`, the user's model it was imported against. */
export type SnapshotHeader = Omit<SnapshotInfo, 'id' | 'assignmentCount' | 'model'> & { modelFile?: ModelFileRecord };

/** The stored model's id: the one kept already for the same file read the same way, or a new one. */
function keepModel(conn: BetterSqlite3.Database, file: ModelFileRecord): number {
  const json = JSON.stringify(file.model);
  conn
    .prepare(
      `INSERT INTO models (sha256, platform, name, file_name, file_text, model_json) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (sha256, model_json) DO NOTHING`,
    )
    .run(file.sha256, file.model.id, file.model.name, file.fileName, file.text, json);
  return conn.prepare('SELECT id FROM models WHERE sha256 = ? AND model_json = ?').pluck().get(file.sha256, json) as number;
}

/** id, parent id, depth, level id, name, path. */
export type NodeRow = [number, number | null, number, string, string, string];
/** id, email, name, status, last login, mfa. */
export type UserRow = [number, string, string, string | null, string | null, string | null];

/** SQLite page cache of the temp database (the staging tables), in KiB. */
const TEMP_CACHE_KIB = 16 * 1024;
/** Staged assignments per INSERT statement (fewer calls into SQLite). */
const STAGE_BATCH = 256;
/** Assignments sorted together before they go into the staging table (1.5 MiB of numbers). */
const RUN_ROWS = 64 * 1024;

let writers = 0;

/**
 * Sorts role ids as SQLite's BINARY collation does (by UTF-8 bytes), so that staging by rank orders
 * rows as `assignments` orders them by role_id.
 */
export function rankRoles(roleIds: Iterable<string>): string[] {
  return [...new Set(roleIds)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

const RADIX_BITS = 11;
const RADIX_MASK = (1 << RADIX_BITS) - 1;

/**
 * The order of `count` rows of `width` non-negative int32 numbers each, sorted stably by the numbers
 * at `keys` (most significant first): a least-significant-digit radix sort, 11 bits a pass and only
 * as many passes as each key's largest value needs.
 */
export function sortRows(rows: Int32Array, count: number, width: number, keys: readonly number[]): Uint32Array {
  let order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let next = new Uint32Array(count);
  const slots = new Uint32Array(RADIX_MASK + 1);
  for (let k = keys.length - 1; k >= 0; k--) {
    const key = keys[k];
    let max = 0;
    for (let i = 0; i < count; i++) max = Math.max(max, rows[i * width + key]);
    for (let shift = 0; shift < 32 && max >>> shift !== 0; shift += RADIX_BITS) {
      slots.fill(0);
      for (let i = 0; i < count; i++) slots[(rows[order[i] * width + key] >>> shift) & RADIX_MASK]++;
      for (let digit = 0, start = 0; digit <= RADIX_MASK; digit++) {
        const size = slots[digit];
        slots[digit] = start;
        start += size;
      }
      for (let i = 0; i < count; i++) {
        const row = order[i];
        next[slots[(rows[row * width + key] >>> shift) & RADIX_MASK]++] = row;
      }
      [order, next] = [next, order];
    }
  }
  return order;
}

export class ImportWriter {
  private readonly tables: { assignments: string; roles: string; nodes: string; users: string };
  private readonly stageMany: BetterSqlite3.Statement;
  private readonly stageOne: BetterSqlite3.Statement;
  private readonly stageNode: BetterSqlite3.Statement;
  private readonly stageUser: BetterSqlite3.Statement;
  private readonly params: number[] = new Array(STAGE_BATCH * STAGED_FIELDS);
  /** Assignments waiting to be sorted and staged as one run. */
  private readonly run: Int32Array;
  private runRows = 0;
  /** Whether the staging transaction (own connection only) is open. */
  private staging = false;

  /**
   * @param conn the connection to stage and write on (its temp tables are this import's)
   * @param roleIds the model's role ids in rank order (rankRoles)
   * @param ownsConnection whether close() closes the connection, and its settings may be changed
   * @param runRows how many assignments are sorted together (smaller in tests)
   */
  constructor(
    private readonly conn: BetterSqlite3.Database,
    roleIds: string[],
    private readonly ownsConnection: boolean,
    runRows = RUN_ROWS,
  ) {
    this.run = new Int32Array(runRows * STAGED_FIELDS);
    const prefix = `temp.permaudit_import_${++writers}`;
    const tables = { assignments: `${prefix}_assignments`, roles: `${prefix}_roles`, nodes: `${prefix}_nodes`, users: `${prefix}_users` };
    this.tables = tables;
    if (ownsConnection) conn.pragma(`temp.cache_size = -${TEMP_CACHE_KIB}`);
    conn.exec(`
      CREATE TABLE ${tables.assignments} (
        role INTEGER, node_id INTEGER, user_id INTEGER, id INTEGER, source_file INTEGER, source_line INTEGER,
        PRIMARY KEY (role, node_id, user_id)
      ) WITHOUT ROWID;
      CREATE TABLE ${tables.roles} (rank INTEGER PRIMARY KEY, role_id TEXT NOT NULL);
      CREATE TABLE ${tables.nodes} (id INTEGER PRIMARY KEY, parent_id INTEGER, depth INTEGER, level TEXT, name TEXT, path TEXT);
      CREATE TABLE ${tables.users} (id INTEGER PRIMARY KEY, email TEXT, name TEXT, status TEXT, last_login TEXT, mfa TEXT);
    `);
    const addRole = conn.prepare(`INSERT INTO ${tables.roles} VALUES (?, ?)`);
    conn.transaction(() => roleIds.forEach((id, rank) => addRole.run(rank, id)))();
    const stageSql = (rows: number) =>
      `INSERT OR IGNORE INTO ${tables.assignments} (role, node_id, user_id, id, source_file, source_line)
       VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?)').join(', ')}`;
    this.stageMany = conn.prepare(stageSql(STAGE_BATCH));
    this.stageOne = conn.prepare(stageSql(1));
    this.stageNode = conn.prepare(`INSERT INTO ${tables.nodes} VALUES (?, ?, ?, ?, ?, ?)`);
    this.stageUser = conn.prepare(`INSERT OR REPLACE INTO ${tables.users} VALUES (?, ?, ?, ?, ?, ?)`);
  }

  /**
   * Stages assignments (STAGED_FIELDS numbers each; a repeated one keeps what was staged first), and
   * the nodes and users they brought (a user staged again replaces its earlier row).
   */
  stage(rows: Int32Array, nodes: NodeRow[] = [], users: UserRow[] = []): void {
    if (rows.length % STAGED_FIELDS !== 0)
      throw new Error(`a staged batch holds whole assignments of ${STAGED_FIELDS} numbers, not ${rows.length} numbers`);
    this.staged(() => {
      for (const node of nodes) this.stageNode.run(node);
      for (const user of users) this.stageUser.run(user);
      const { run } = this;
      for (let at = 0; at < rows.length;) {
        const take = Math.min(rows.length - at, run.length - this.runRows * STAGED_FIELDS);
        run.set(rows.subarray(at, at + take), this.runRows * STAGED_FIELDS);
        this.runRows += take / STAGED_FIELDS;
        at += take;
        if (this.runRows * STAGED_FIELDS === run.length) this.insertRun();
      }
    });
  }

  /** Writes the snapshot with everything staged, in one transaction; returns its id. */
  write(header: SnapshotHeader): { id: number; assignmentCount: number } {
    const { conn, tables } = this;
    if (this.runRows > 0) this.staged(() => this.insertRun());
    if (this.staging) {
      conn.exec('COMMIT');
      this.staging = false;
    }
    const write = conn.transaction(() => {
      const modelId = header.modelFile ? keepModel(conn, header.modelFile) : null;
      const id = Number(
        conn
          .prepare('INSERT INTO snapshots (name, platform, model_version, as_of, imported_at, model_id) VALUES (?, ?, ?, ?, ?, ?)')
          .run(header.name, header.platform, header.modelVersion, header.asOf, header.importedAt, modelId).lastInsertRowid,
      );
      const file = conn.prepare(
        'INSERT INTO snapshot_files (snapshot_id, position, name, sha256, size, rows, encoding) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      header.files.forEach((f, i) => file.run(id, i, f.name, f.sha256, f.size, f.rows, f.encoding));
      conn
        .prepare(
          `INSERT INTO nodes (snapshot_id, id, parent_id, depth, level, name, path)
           SELECT ?, id, parent_id, depth, level, name, path FROM ${tables.nodes} ORDER BY id`,
        )
        .run(id);
      conn
        .prepare(
          `INSERT INTO users (snapshot_id, id, email, name, status, last_login, mfa)
           SELECT ?, id, email, name, status, last_login, mfa FROM ${tables.users} ORDER BY id`,
        )
        .run(id);
      // The CROSS JOIN keeps the staged assignments outermost, read in their (the primary key's) order.
      const assignmentCount = conn
        .prepare(
          `INSERT INTO assignments (snapshot_id, id, user_id, node_id, role_id, source_file, source_line)
           SELECT ?, s.id, s.user_id, s.node_id, r.role_id, s.source_file, s.source_line
           FROM ${tables.assignments} AS s CROSS JOIN ${tables.roles} AS r ON r.rank = s.role
           ORDER BY s.role, s.node_id, s.user_id`,
        )
        .run(id).changes;
      conn
        .prepare('UPDATE snapshots SET user_count = ?, node_count = ?, assignment_count = ?, complete = 1 WHERE id = ?')
        .run(header.userCount, header.nodeCount, assignmentCount, id);
      return { id, assignmentCount };
    });
    // Every row written here belongs to the snapshot inserted first, and nodes come parents first
    // (ids in creation order), so the foreign keys hold by construction; checking them would look up
    // the snapshot once for each of a million assignments. They are off for this transaction only.
    const foreignKeys = conn.pragma('foreign_keys', { simple: true }) === 1;
    if (foreignKeys) conn.pragma('foreign_keys = OFF');
    try {
      return write.immediate();
    } finally {
      if (foreignKeys) conn.pragma('foreign_keys = ON');
    }
  }

  /**
   * Runs a staging step in a transaction. On its own connection the writer keeps one transaction open
   * on the temp tables for all of the staging (committing each batch would write the pages it touched
   * out to the temp file each time); on a shared connection each step is a savepoint of its own, so
   * nothing stays open between calls.
   */
  private staged(step: () => void): void {
    const { conn } = this;
    if (this.ownsConnection) {
      if (!this.staging) conn.exec('BEGIN');
      this.staging = true;
      step();
      return;
    }
    conn.exec('SAVEPOINT permaudit_stage');
    try {
      step();
    } catch (error) {
      conn.exec('ROLLBACK TO permaudit_stage; RELEASE permaudit_stage');
      throw error;
    }
    conn.exec('RELEASE permaudit_stage');
  }

  /**
   * Stages the run: sorted by (role, node, user) first, so that its rows go into the staging table's
   * B-tree in key order, touching each page once instead of once per row. The sort is stable, and
   * the rows arrived in reading order: of two equal keys the first read is inserted first and kept.
   */
  private insertRun(): void {
    const { run, params } = this;
    const order = sortRows(run, this.runRows, STAGED_FIELDS, [0, 1, 2]);
    let filled = 0;
    for (const row of order) {
      for (let at = row * STAGED_FIELDS, end = at + STAGED_FIELDS; at < end; at++) params[filled++] = run[at];
      if (filled === params.length) {
        this.stageMany.run(params);
        filled = 0;
      }
    }
    for (let at = 0; at < filled; at += STAGED_FIELDS) this.stageOne.run(params.slice(at, at + STAGED_FIELDS));
    this.runRows = 0;
  }

  /** Drops the staged rows, and closes the connection if it is ours. */
  close(): void {
    const { conn, tables } = this;
    try {
      if (this.staging) conn.exec('ROLLBACK');
      this.staging = false;
      for (const table of Object.values(tables)) conn.exec(`DROP TABLE IF EXISTS ${table}`);
    } finally {
      if (this.ownsConnection) conn.close();
    }
  }
}

// Calling a writer on another thread: one request per method call, answered in order.

export type WriterMethod = 'stage' | 'write' | 'close';

/** What the worker thread is started with. */
export interface WorkerSetup {
  target: ConnectionTarget;
  roleIds: string[];
}

export interface WriterRequest {
  seq: number;
  method: WriterMethod;
  args: unknown[];
}

/** An error as it crosses threads: enough to rebuild an AuditError or a SqliteError-like Error. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  kind?: ErrorKind;
  problems?: Problem[];
}

export type WriterReply = { seq: number; ok: true; result: unknown } | { seq: number; ok: false; error: WireError };

export function toWireError(error: unknown): WireError {
  if (error instanceof AuditError) return { name: error.name, message: error.message, kind: error.kind, problems: error.problems };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

export function fromWireError(wire: WireError): Error {
  if (wire.kind !== undefined) return new AuditError(wire.kind, wire.message, wire.problems);
  const error = new Error(wire.message) as Error & { code?: string };
  error.name = wire.name;
  if (wire.code !== undefined) error.code = wire.code;
  return error;
}
