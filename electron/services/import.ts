// Importing CSV exports as one snapshot: all of it, or nothing.
//
// Each file is streamed through papaparse while it is hashed (SHA-256) and its bytes are counted for
// progress. Every record is validated (columns, email, role, level, model version, scope gaps) and
// the `exactly-one` constraints are checked; every problem is collected as FILE:LINE: message.
//
// Staging while reading: good rows go, in batches of numbers (role rank, node, user, assignment id,
// file, line) with the nodes and users first seen (or changed) since the last batch, to the import's
// writer (import-writer.ts). For a database file the writer runs on a worker thread with a
// connection of its own (import-thread.ts), so SQLite stages one batch while this thread parses the
// next. The writer stages into TEMP tables (SQLite's temp file); the database itself is not written
// at all while the files are read. The staged assignments are clustered like `assignments` (role,
// node, user) and go in as sorted runs, so a repeated row is dropped there (the first one read is
// kept) and the final copy needs no sort.
//
// All-or-nothing: only when every file has been read without a single problem is the snapshot
// written, in ONE transaction on the writer: snapshot, files, then nodes, users and assignments each
// copied with one INSERT … SELECT in primary-key order (no sort), and last the flag that marks the
// snapshot complete. A problem means that transaction never starts; an error inside it means
// ROLLBACK (and the error is reported as it was raised); a crash inside it means SQLite discards it
// on the next open.
//
// Bounded memory: files are read 1 MiB and parsed 64 KiB at a time; reading waits while the writer is
// more than MAX_PENDING_CALLS batches behind. Only the distinct users and tenant nodes are held (maps
// by email and by path), plus per constraint one entry per node. The rows themselves live in SQLite,
// whose page caches are capped (the temp tables spill to their temp file). Problems are capped at
// MAX_PROBLEMS.
//
// Where the time goes, 1,000,000 rows on two cores (`npm run bench`; about 5 s against 1.75 s for
// sqlite3's own .import of the file): reading, parsing and validating on this thread, about 2.5 s,
// with the worker staging (1.3 s of work) alongside; then the write, about 2.4 s, of which 2 s are
// the one INSERT … SELECT into `assignments`: appending to the table, a trigger check per row, and
// above all (1.4 s) inserting into its index `assignments_by_user`, whose order is not the table's.

import fs from 'node:fs';
import path from 'node:path';
import { detectColumns, isMissingColumn, mappingByHeader, otherPlatformHint } from '../../shared/csv/columns';
import type { TextEncodingId } from '../../shared/csv/text';
import { MAX_CELL_LENGTH, quote, type DateFormat } from '../../shared/csv/values';
import { BUILT_IN_MODELS } from '../../shared/models';
import { createRowReader, levelWord, ownCopy, type RowReader, type RowUser } from '../../shared/csv/rows';
import { AuditError, type Problem } from '../../shared/errors';
import type { Role, RoleModel } from '../../shared/model/types';
import { joinPath } from '../../shared/paths';
import type { SnapshotInfo, SourceFile } from '../../shared/snapshot';
import type { Database } from '../store/database';
import { MAX_RECORD_BYTES, streamCsv, type NamedFile } from './csv-read';
import { openWriter } from './import-thread';
import { rankRoles, STAGED_FIELDS, type NodeRow, type SnapshotHeader, type UserRow } from './import-writer';

export interface ImportFileRef {
  /** A path on this machine. */
  path: string;
  /** Shown in problems and recorded with the snapshot; default: the path's base name. */
  name?: string;
}

export interface ImportSnapshotRequest {
  files: ImportFileRef[];
  /** The platform's role model; the snapshot records its id as the platform. */
  model: RoleModel;
  /** When given, must be the model's id. */
  platform?: string;
  /** The model version id (resolved by the caller, e.g. with versionAsOf). */
  modelVersion: string;
  /** The date the version was chosen for (YYYY-MM-DD), if one was given. */
  asOf?: string | null;
  /** Default: the first file's name and today's date. */
  name?: string;
  /** Canonical field → header, overriding detection. */
  mapping?: Record<string, string>;
  /** Field → one value for every row, for a field the files lack (`--set account="Northwind MSP"`). */
  set?: Record<string, string>;
  /** How slash dates in last_login are read (`--date-format`). */
  dateFormat?: DateFormat;
  /** Import even when a snapshot of exactly these files (by SHA-256) exists. */
  allowDuplicate?: boolean;
}

export interface PreviewOptions {
  mapping?: Record<string, string>;
  set?: Record<string, string>;
}

export interface ImportProgress {
  file: string;
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export interface FilePreview {
  name: string;
  headers: string[];
  delimiter: string;
  /** The encoding the file is read in (detectEncoding). */
  encoding: TextEncodingId;
  /** Canonical field → header, as detected (or as mapped explicitly). */
  mapping: Record<string, string>;
  problems: string[];
  /** Up to PREVIEW_ROWS records after the header. */
  firstRows: string[][];
}

/** Problems listed in full; beyond this they are counted in a last "… and N more problems". */
export const MAX_PROBLEMS = 500;
export { MAX_RECORD_BYTES };
export const PREVIEW_ROWS = 5;
const PROGRESS_INTERVAL_MS = 100;

function checkFiles(files: ImportFileRef[]): NamedFile[] {
  if (files.length === 0) throw new AuditError('usage', 'no files to import');
  return files.map((file) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file.path);
    } catch {
      throw new AuditError('not-found', `file not found: ${file.path}`);
    }
    if (stat.isDirectory()) throw new AuditError('input', `${file.path} is a directory, not a CSV file`);
    return { path: file.path, name: file.name ?? path.basename(file.path), size: stat.size };
  });
}

/** Why a file's headers do not fit: detection's problems, and a hint when another platform fits them. */
function headerProblems(headers: string[], model: RoleModel, mapping?: Record<string, string>, set?: Record<string, string>) {
  const detected = detectColumns(headers, model.levels, mapping, set);
  const problems = [...detected.problems];
  if (problems.some(isMissingColumn)) {
    const hint = otherPlatformHint(headers, model.id, BUILT_IN_MODELS);
    if (hint) problems.push(hint);
  }
  return { detected, problems };
}

/** One problem list for an import: sorted by file and line, capped, with the count of the rest. */
class Problems {
  readonly kept: (Problem & { order: number })[] = [];
  total = 0;
  private firstDropped: Problem | undefined;

  constructor(private readonly fileOrder: Map<string, number>) {}

  add(file: string, line: number, message: string): void {
    this.total++;
    if (this.kept.length < MAX_PROBLEMS) this.kept.push({ file, line, message: ownCopy(message), order: this.fileOrder.get(file) ?? 0 });
    else this.firstDropped ??= { file, line, message: '' };
  }

  list(): Problem[] {
    const sorted = [...this.kept].sort((a, b) => a.order - b.order || a.line - b.line);
    const problems: Problem[] = sorted.map(({ file, line, message }) => ({ file, line, message }));
    if (this.firstDropped) {
      const more = this.total - this.kept.length;
      problems.push({ ...this.firstDropped, message: `… and ${more} more problem${more === 1 ? '' : 's'}` });
    }
    return problems;
  }

  files(): string[] {
    return [...new Set(this.kept.map((p) => p.file))];
  }
}

interface NodeRecord {
  id: number;
  parentId: number | null;
  depth: number;
  name: string;
  path: string;
  children: Map<string, NodeRecord>;
  file: string;
  line: number;
}

/** Every property is always present (one object shape: the hot path reads them a million times). */
interface UserRecord {
  id: number;
  email: string;
  name: string;
  status: string | undefined;
  lastLogin: string | undefined;
  mfa: string | undefined;
}

interface ExactlyOne {
  role: Role;
  depth: number;
  /** Node id → the first holder and where it was assigned. */
  holders: Map<number, { userId: number; file: string; line: number }>;
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Assignments per batch sent to the writer. */
const STAGE_BATCH_ROWS = 4096;
/**
 * Writer calls in flight before reading waits: bounds the memory of rows not yet staged (3 MiB of
 * batches), and lets reading go on while the writer sorts and stages a whole run at once.
 */
const MAX_PENDING_CALLS = 32;

/**
 * Imports the files as one new snapshot and returns it. Throws AuditError('input') with every
 * problem (FILE:LINE: message) if anything is wrong, and then nothing at all was written.
 */
export async function importSnapshot(
  db: Database,
  request: ImportSnapshotRequest,
  onProgress?: (progress: ImportProgress) => void,
): Promise<SnapshotInfo> {
  const { model } = request;
  if (request.platform !== undefined && request.platform !== model.id) {
    throw new AuditError('usage', `platform "${request.platform}" does not match the model "${model.id}"`);
  }
  const version = model.versions.find((v) => v.id === request.modelVersion);
  if (!version) {
    throw new AuditError('input', `${model.name} has no version "${request.modelVersion}" (known: ${model.versions.map((v) => v.id).join(', ')})`);
  }
  const files = checkFiles(request.files);
  const problems = new Problems(new Map(files.map((f, i) => [f.name, i])));
  const levels = model.levels;

  const nodes = new Map<string, NodeRecord>();
  const roots = new Map<string, NodeRecord>();
  const users = new Map<string, UserRecord>();
  const constraints = new Map<string, ExactlyOne>();
  for (const constraint of model.constraints) {
    const role = model.roles.find((r) => r.id === constraint.role);
    const depth = role ? levels.findIndex((l) => l.id === role.level) : -1;
    if (constraint.kind === 'exactly-one' && role && depth !== -1) constraints.set(role.id, { role, depth, holders: new Map() });
  }
  const sourceFiles: SourceFile[] = [];

  // The last row's user and the nodes of its scope (root first): rows of one user or one tenant often
  // follow each other, and comparing a name is cheaper than looking it up.
  let lastUser: UserRecord | undefined;
  const lastScope: NodeRecord[] = [];
  // Nodes and users not yet sent to the writer: they go with the next batch of assignments.
  const newNodes: NodeRow[] = [];
  const changedUsers = new Set<UserRecord>();

  const nodeFor = (scope: string[], file: string, line: number): NodeRecord => {
    let siblings = roots;
    let parent: NodeRecord | undefined;
    let same = true;
    for (let depth = 0; depth < scope.length; depth++) {
      let node = same && lastScope[depth]?.name === scope[depth] ? lastScope[depth] : undefined;
      if (!node) {
        same = false;
        node = siblings.get(scope[depth]);
        if (!node) {
          const name = ownCopy(scope[depth]);
          const escaped = joinPath([name]);
          const nodePath = ownCopy(parent ? `${parent.path}/${escaped}` : escaped);
          node = { id: nodes.size + 1, parentId: parent ? parent.id : null, depth, name, path: nodePath, children: new Map(), file, line };
          nodes.set(nodePath, node);
          siblings.set(name, node);
          newNodes.push([node.id, node.parentId, depth, levels[depth].id, name, nodePath]);
        }
        lastScope[depth] = node;
      }
      parent = node;
      siblings = node.children;
    }
    if (lastScope.length > scope.length) lastScope.length = scope.length;
    return parent as NodeRecord;
  };

  const userFor = (row: RowUser): UserRecord => {
    const found = lastUser?.email === row.email ? lastUser : users.get(row.email);
    if (!found) {
      const user: UserRecord = {
        id: users.size + 1,
        email: ownCopy(row.email),
        name: ownCopy(row.name),
        status: row.status === undefined ? undefined : ownCopy(row.status),
        lastLogin: row.lastLogin === undefined ? undefined : ownCopy(row.lastLogin),
        mfa: row.mfa === undefined ? undefined : ownCopy(row.mfa),
      };
      users.set(user.email, user);
      changedUsers.add(user);
      return (lastUser = user);
    }
    // The first non-empty value of each attribute wins (and the user is staged again).
    if (!found.name && row.name) {
      found.name = ownCopy(row.name);
      changedUsers.add(found);
    }
    if (found.status === undefined && row.status !== undefined) {
      found.status = ownCopy(row.status);
      changedUsers.add(found);
    }
    if (found.lastLogin === undefined && row.lastLogin !== undefined) {
      found.lastLogin = ownCopy(row.lastLogin);
      changedUsers.add(found);
    }
    if (found.mfa === undefined && row.mfa !== undefined) {
      found.mfa = ownCopy(row.mfa);
      changedUsers.add(found);
    }
    return (lastUser = found);
  };

  const label = (node: NodeRecord) => `${levelWord(levels[node.depth])} "${node.depth === 0 ? node.name : node.path}"`;

  // Good rows are staged by the writer (a worker thread for a database file) while reading goes on.
  const roleIds = rankRoles(model.roles.map((r) => r.id));
  const roleRank = new Map(roleIds.map((id, rank) => [id, rank]));
  const writer = openWriter(db, roleIds);
  /** The first thing that went wrong on the writer's side. */
  let failure: unknown;
  const noteFailure = (error: unknown) => {
    failure ??= error;
  };
  try {
    // Rows wait in `batch` until STAGE_BATCH_ROWS of them go to the writer at once.
    let batch = new Int32Array(STAGE_BATCH_ROWS * STAGED_FIELDS);
    let batched = 0;
    let staged = 0;
    const stage = (roleId: string, nodeId: number, userId: number, fileNo: number, line: number) => {
      batch[batched++] = roleRank.get(roleId) as number;
      batch[batched++] = nodeId;
      batch[batched++] = userId;
      batch[batched++] = ++staged;
      batch[batched++] = fileNo;
      batch[batched++] = line;
      if (batched === batch.length) flush();
    };
    const flush = () => {
      const userRows: UserRow[] = [];
      for (const u of changedUsers) userRows.push([u.id, u.email, u.name, u.status ?? null, u.lastLogin ?? null, u.mfa ?? null]);
      writer.call('stage', batched === batch.length ? batch : batch.slice(0, batched), newNodes.splice(0), userRows).catch(noteFailure);
      changedUsers.clear();
      batch = new Int32Array(STAGE_BATCH_ROWS * STAGED_FIELDS);
      batched = 0;
    };
    /** Reading waits while the writer is behind (memory stays bounded) and stops when it failed. */
    const ready = () => {
      if (failure !== undefined) return Promise.reject(failure);
      return writer.pending > MAX_PENDING_CALLS ? writer.settle(MAX_PENDING_CALLS) : undefined;
    };

    for (let fileNo = 0; fileNo < files.length; fileNo++) {
      const file = files[fileNo];
      let read: RowReader | undefined;
      let width = 0;
      let headerLine = 0;
      /** Whether the reader reported a problem before the header was read (a header it could not read). */
      let unreadableHeader = false;
      let rows = 0;
      let lastProgress = 0;
      const progress = (bytesRead: number, records: number, force = false) => {
        if (!onProgress) return;
        const now = Date.now();
        if (!force && now - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = now;
        try {
          onProgress({ file: file.name, bytesRead, totalBytes: file.size, rows: records });
        } catch {
          // a failing progress listener must not fail the import
        }
      };

      const result = await streamCsv(file, {
        header(headers, line) {
          headerLine = line;
          width = headers.length;
          const { detected, problems: wrong } = headerProblems(headers, model, request.mapping, request.set);
          for (const message of wrong) problems.add(file.name, line, message);
          if (wrong.length > 0) return false;
          read = createRowReader({
            model,
            versionId: version.id,
            asOf: request.asOf,
            mapping: detected.mapping,
            set: detected.set,
            dateFormat: request.dateFormat,
          });
          return true;
        },
        record(record, line, scanned) {
          rows++;
          if (record.length > width && record.slice(width).some((f) => f.trim() !== '')) {
            problems.add(file.name, line, `this row has ${record.length} fields but the header has ${width} (a field with a delimiter in it needs quotes)`);
            return true;
          }
          const row = (read as RowReader)(record, scanned);
          if (row.problems.length > 0) {
            for (const message of row.problems) problems.add(file.name, line, message);
            return true;
          }
          const user = userFor(row.user as RowUser);
          const node = nodeFor(row.scope, file.name, line);
          for (const role of row.roles) {
            const constraint = constraints.get(role.id);
            if (constraint) {
              const holder = constraint.holders.get(node.id);
              if (!holder) constraint.holders.set(node.id, { userId: user.id, file: file.name, line });
              else if (holder.userId !== user.id) {
                problems.add(file.name, line, `${label(node)} already has ${article(role.name)} ${role.name} (${holder.file}:${holder.line})`);
                continue;
              }
            }
            // Once anything is wrong nothing will be written, so staging stops; checking goes on.
            if (problems.total === 0) stage(role.id, node.id, user.id, fileNo, line);
          }
          return true;
        },
        problem(line, message) {
          if (headerLine > 0) rows++; // an unreadable row is still a row
          else unreadableHeader = true;
          problems.add(file.name, line, message);
        },
        progress: (bytesRead, records) => progress(bytesRead, records),
        ready,
      });
      progress(result.size, rows, true);

      if (result.undecodable || unreadableHeader) {
        // already reported: where the bytes stopped being text, or what is wrong with the header line
      } else if (headerLine === 0) problems.add(file.name, 1, 'the file is empty: expected a header row and at least one row');
      else if (rows === 0 && read) problems.add(file.name, headerLine, 'the file has a header but no rows');
      sourceFiles.push({ name: file.name, sha256: result.sha256, size: result.size, rows, encoding: result.encoding });
    }

    for (const { role, depth, holders } of constraints.values()) {
      for (const node of nodes.values()) {
        if (node.depth !== depth || holders.has(node.id)) continue;
        const level = levelWord(levels[depth]);
        problems.add(node.file, node.line, `${label(node)} has no ${role.name}; every ${level} needs exactly one`);
      }
    }

    if (problems.total > 0) {
      const count = problems.total;
      throw new AuditError(
        'input',
        `import failed: ${count} problem${count === 1 ? '' : 's'} in ${problems.files().join(', ')}; nothing was imported`,
        problems.list(),
      );
    }

    if (!request.allowDuplicate) {
      const same = sameFiles(db, sourceFiles.map((f) => f.sha256));
      if (same) {
        throw new AuditError(
          'duplicate',
          `these files were already imported as snapshot #${same.id} ${quote(same.name)} on ${importedOn(same.importedAt)}; nothing was imported`,
        );
      }
    }

    flush();
    await writer.settle(0);
    if (failure !== undefined) throw failure;

    const header: SnapshotHeader = {
      name: request.name?.trim() || `${files[0].name} ${today()}`,
      platform: model.id,
      modelVersion: version.id,
      asOf: request.asOf ?? null,
      importedAt: new Date().toISOString(),
      files: sourceFiles,
      userCount: users.size,
      nodeCount: nodes.size,
    };
    const { id, assignmentCount } = await writer.call('write', header);
    return { id, ...header, assignmentCount };
  } catch (error) {
    // The writer's first failure is the cause of whatever failed after it; problems in the files win.
    throw error instanceof AuditError || failure === undefined ? error : failure;
  } finally {
    await writer.close();
  }
}

/** When a snapshot was imported, for a message: `2026-12-01 at 19:51 UTC` (an unexpected form as it is). */
function importedOn(importedAt: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(importedAt);
  return m ? `${m[1]} at ${m[2]} UTC` : importedAt;
}

/** The complete snapshot whose files have exactly these SHA-256 hashes (as a set), if there is one. */
function sameFiles(db: Database, hashes: string[]): { id: number; name: string; importedAt: string } | undefined {
  const wanted = [...new Set(hashes)].sort().join(',');
  const rows = db
    .prepare(
      `SELECT s.id, s.name, s.imported_at, f.sha256 FROM snapshots AS s JOIN snapshot_files AS f ON f.snapshot_id = s.id
       WHERE s.complete = 1 ORDER BY s.id`,
    )
    .raw()
    .all() as [number, string, string, string][];
  const bySnapshot = new Map<number, { name: string; importedAt: string; hashes: Set<string> }>();
  for (const [id, name, importedAt, sha256] of rows) {
    const entry = bySnapshot.get(id) ?? { name, importedAt, hashes: new Set<string>() };
    entry.hashes.add(sha256);
    bySnapshot.set(id, entry);
  }
  for (const [id, entry] of bySnapshot) {
    if ([...entry.hashes].sort().join(',') === wanted) return { id, name: entry.name, importedAt: entry.importedAt };
  }
  return undefined;
}

/**
 * The start of each file as the column-mapping step shows it: headers, the delimiter, the encoding,
 * the detected (or explicit) mapping, what is wrong with it, and the first rows. It reads each file
 * with the importer's own reader (streamCsv), stopping after the first PREVIEW_ROWS records.
 */
export async function previewImport(files: ImportFileRef[], model: RoleModel, options: PreviewOptions = {}): Promise<FilePreview[]> {
  const previews: FilePreview[] = [];
  for (const file of checkFiles(files)) {
    let headers: string[] | undefined;
    const firstRows: string[][] = [];
    const parseProblems: string[] = [];
    const result = await streamCsv(file, {
      header(found) {
        headers = found.map((h) => ownCopy(h));
        return true;
      },
      record(record) {
        firstRows.push(record.map((f) => ownCopy(f)));
        return firstRows.length < PREVIEW_ROWS;
      },
      problem(line, message) {
        parseProblems.push(`line ${line}: ${message}`);
      },
    });
    // A header longer than a cell may be is refused (detectColumns); the preview holds its start only.
    const cleanHeaders = (headers ?? []).map((h) => {
      const header = h.trim();
      return header.length > MAX_CELL_LENGTH ? `${header.slice(0, MAX_CELL_LENGTH)}…` : header;
    });
    const preview: FilePreview = {
      name: file.name,
      headers: cleanHeaders,
      delimiter: result.delimiter,
      encoding: result.encoding,
      mapping: {},
      problems: [],
      firstRows,
    };
    if (headers === undefined) {
      preview.problems.push(...(parseProblems.length > 0 ? parseProblems : ['the file is empty: expected a header row and at least one row']));
      previews.push(preview);
      continue;
    }
    const { detected, problems } = headerProblems(headers, model, options.mapping, options.set);
    preview.mapping = mappingByHeader(cleanHeaders, detected.mapping);
    preview.problems.push(...problems, ...parseProblems);
    if (firstRows.length === 0 && parseProblems.length === 0) preview.problems.push('the file has a header but no rows');
    previews.push(preview);
  }
  return previews;
}
