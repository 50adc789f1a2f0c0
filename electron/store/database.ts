// The SQLite database: opening it safely, the connection settings, and the schema migrations.
//
// A database is refused, untouched, when it is not a SQLite file, when it is some other program's
// SQLite database, or when a newer version of the app has migrated it further than this one knows.
// Pending migrations run in one transaction, so a database is always at exactly one schema version
// (kept in `PRAGMA user_version`).

import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { AuditError } from '../../shared/errors';
import { APPLICATION_ID, MIGRATIONS, type Migration } from './migrations';

export type Database = BetterSqlite3.Database;

export interface OpenOptions {
  /** Path of a better-sqlite3 binding built for another runtime (the desktop app's Electron ABI). */
  nativeBinding?: string;
}

/** How long a connection waits for another one's write lock before giving up with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * The page size of new database files, in bytes. Larger than SQLite's default 4 KiB: an import
 * inserts a million index entries out of order, and with 8 KiB pages that takes about a fifth less
 * time (fewer page splits); a query reads a few more bytes per page, which it does not notice.
 */
export const PAGE_SIZE = 8192;

/** The options each database was opened with, so a second connection to it can be opened alike. */
const openedWith = new WeakMap<Database, { file: string; options: OpenOptions }>();

/** The schema version this build of the app understands (the newest migration). */
export function latestSchemaVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
}

function isMemory(file: string): boolean {
  return file === ':memory:' || file === '';
}

/** Refuses a path that exists but cannot be a database, before SQLite touches it. */
function checkFile(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return; // does not exist yet: SQLite creates it (a missing directory is reported on open)
  }
  if (stat.isDirectory()) throw new AuditError('input', `${file} is a directory, not a database file`);
  if (stat.size === 0) return; // an empty file is an empty database
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read < 16 || header.toString('latin1') !== SQLITE_HEADER) {
    throw new AuditError('input', `${file} is not a Permission Auditor database (it is not a SQLite file); use another --db`);
  }
}

function connect(file: string, options: OpenOptions, readonly = false): Database {
  try {
    return new BetterSqlite3(file, {
      nativeBinding: options.nativeBinding,
      timeout: BUSY_TIMEOUT_MS,
      readonly,
      fileMustExist: readonly,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/directory does not exist/i.test(message)) {
      throw new AuditError('not-found', `cannot create database ${file}: the directory does not exist`);
    }
    throw new AuditError('input', `cannot open database ${file}: ${message}`);
  }
}

/**
 * An error that says another connection held the database's write lock for longer than
 * BUSY_TIMEOUT_MS (SQLITE_BUSY and its variants, also as it crossed from the writer thread) as a
 * `busy` AuditError that says what to do; any other error as it is.
 */
export function lockedError(file: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY')) return error;
  return new AuditError(
    'busy',
    `the database ${file} is busy: another program (Permission Auditor or permaudit) kept writing to it for more than ${BUSY_TIMEOUT_MS / 1000} s; nothing was changed, try again once it is done`,
  );
}

function notADatabase(file: string, error: unknown): AuditError {
  const locked = lockedError(file, error);
  if (locked instanceof AuditError) return locked;
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new AuditError('input', `${file} is not a Permission Auditor database (it is not a readable SQLite file); use another --db`);
  }
  return new AuditError('input', `cannot read database ${file}: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * Checks a database's schema version and owner without writing to it: refuses a database from a
 * newer version of the app, or one that belongs to another program.
 */
function checkCompatible(file: string, db: Database, migrations: readonly Migration[]): void {
  let version: number;
  let applicationId: number;
  let tables: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
    applicationId = db.pragma('application_id', { simple: true }) as number;
    tables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
  } catch (error) {
    throw notADatabase(file, error);
  }
  const latest = latestSchemaVersion(migrations);
  if (version > latest) {
    throw new AuditError(
      'incompatible',
      `DB was created by a newer version of Permission Auditor (schema ${version}; this version understands up to ${latest}). Upgrade the app or use another --db.`,
    );
  }
  const foreign = (applicationId !== 0 && applicationId !== APPLICATION_ID) || (version === 0 && tables > 0);
  if (foreign) {
    throw new AuditError('input', `${file} is a SQLite database of another program, not a Permission Auditor database; use another --db`);
  }
}

/** Runs every migration newer than the database's version, all in one transaction. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const run = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    const pending = migrations.filter((m) => m.version > current);
    for (const migration of pending) {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
    return pending.length;
  });
  return run.immediate();
}

function configure(db: Database, memory: boolean): void {
  if (!memory) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('cache_size = -32768'); // 32 MiB
}

/**
 * Opens (creating if need be) the database at `file` and brings its schema up to date.
 * Throws AuditError: `input` for a file that is not one of our SQLite databases, `incompatible`
 * for one a newer app version wrote, `not-found` when its directory does not exist.
 */
export function openDatabase(file: string, options: OpenOptions = {}, migrations: readonly Migration[] = MIGRATIONS): Database {
  const memory = isMemory(file);
  if (!memory) {
    checkFile(file);
    if (fs.existsSync(file) && fs.statSync(file).size > 0) {
      // Look before writing anything: a read-only connection never checkpoints or changes the file.
      const probe = connect(file, options, true);
      try {
        checkCompatible(file, probe, migrations);
      } finally {
        probe.close();
      }
    }
  }
  const db = connect(file, options);
  try {
    checkCompatible(file, db, migrations);
    // Only a database without any table yet takes a page size; an existing one keeps its own.
    db.pragma(`page_size = ${PAGE_SIZE}`);
    configure(db, memory);
    migrate(db, migrations);
  } catch (error) {
    db.close();
    if (error instanceof AuditError) throw error;
    throw notADatabase(file, error);
  }
  openedWith.set(db, { file, options });
  return db;
}

/** Where a second connection to a database goes: its file and the options it was opened with. */
export interface ConnectionTarget {
  file: string;
  options: OpenOptions;
}

/** The target of a second connection to `db`; undefined for an in-memory database, which has none. */
export function secondConnectionTarget(db: Database): ConnectionTarget | undefined {
  const opened = openedWith.get(db);
  const file = opened?.file ?? db.name;
  if (db.memory || isMemory(file)) return undefined;
  return { file, options: opened?.options ?? {} };
}

/**
 * Opens a connection to a database that `openDatabase` has already checked and migrated, with the
 * same settings; for another thread, which has only the target (see secondConnectionTarget).
 */
export function openConnection(target: ConnectionTarget): Database {
  const db = connect(target.file, target.options);
  configure(db, false);
  return db;
}

/**
 * A second connection to the same database file, for work that must not share the caller's
 * connection (its transactions, its temp tables). Returns undefined for an in-memory database, which
 * cannot have a second connection.
 */
export function openSecondConnection(db: Database): Database | undefined {
  const target = secondConnectionTarget(db);
  return target && openConnection(target);
}
