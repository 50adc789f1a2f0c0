// Importing CSV exports as one snapshot: all of it, or nothing. importSnapshot runs the steps in one
// pass over the files, each in a module of its own:
//
//   reading      csv-read.ts                  each file streamed through papaparse, hashed (SHA-256)
//   validating   import-rows.ts               the header, then each record; every problem is kept
//                                             as FILE:LINE: message (import-problems.ts)
//   the tree     import-tree.ts               each tenant node and user once, numbered as first seen
//   constraints  shared/model/constraints.ts  the model's, e.g. one Owner per organisation
//   writing      import-staging.ts            good rows in batches to the writer (import-writer.ts)
//
// Staging while reading: good rows go, in batches of numbers (role rank, node, user, assignment id,
// file, line) with the nodes and users first seen (or changed) since the last batch, to the import's
// writer. For a database file the writer runs on a worker thread with a connection of its own
// (import-thread.ts), so SQLite stages one batch while this thread parses the next. The writer
// stages into TEMP tables (SQLite's temp file); the database itself is not written at all while the
// files are read. The staged assignments are clustered like `assignments` (role, node, user) and go
// in as sorted runs, so a repeated row is dropped there (the first one read is kept) and the final
// copy needs no sort.
//
// All-or-nothing: only when every file has been read without a single problem is the snapshot
// written, in ONE transaction on the writer: snapshot, files, then nodes, users and assignments each
// copied with one INSERT … SELECT in primary-key order (no sort), and last the flag that marks the
// snapshot complete. A problem means that transaction never starts; an error inside it means
// ROLLBACK (and the error is reported as it was raised); a crash inside it means SQLite discards it
// on the next open. Cancelling (request.signal) is a reason for the transaction never to start:
// reading stops before its next chunk, the writer is closed and its staged rows dropped; once the
// transaction is about to start (request.onWrite), the import goes on to the end.
//
// Bounded memory: files are read 1 MiB and parsed 64 KiB at a time; reading waits while the writer is
// behind. Only the distinct users and tenant nodes are held (maps by email and by path), plus per
// constraint one entry per node. The rows themselves live in SQLite, whose page caches are capped
// (the temp tables spill to their temp file). Problems are capped at MAX_PROBLEMS.
//
// Where the time goes, 1,000,000 rows on two cores (`npm run bench`; about 5 s against 1.75 s for
// sqlite3's own .import of the file): reading, parsing and validating on this thread, about 2.5 s,
// with the worker staging (1.3 s of work) alongside; then the write, about 2.4 s, of which 2 s are
// the one INSERT … SELECT into `assignments`: appending to the table, a trigger check per row, and
// above all (1.4 s) inserting into its index `assignments_by_user`, whose order is not the table's.

import fs from 'node:fs';
import path from 'node:path';
import type { FilePreview, ImportFile, ImportProgress } from '../../shared/api';
import { mappingByHeader } from '../../shared/csv/columns';
import { ownCopy } from '../../shared/csv/rows';
import { MAX_CELL_LENGTH, quote, type DateFormat } from '../../shared/csv/values';
import { AuditError } from '../../shared/errors';
import { ConstraintCheck } from '../../shared/model/constraints';
import type { ModelVersion, RoleModel } from '../../shared/model/types';
import { builtInSnapshotModel } from '../../shared/models';
import type { SnapshotInfo, SnapshotModel, SourceFile } from '../../shared/snapshot';
import type { Database } from '../store/database';
import { MAX_RECORD_BYTES, streamCsv, type NamedFile } from './csv-read';
import { ImportProblems, MAX_PROBLEMS } from './import-problems';
import { headerProblems, readRows, type RowOptions } from './import-rows';
import { withStaging } from './import-staging';
import { SnapshotTree } from './import-tree';
import type { ModelFileRecord, SnapshotHeader } from './import-writer';

export interface ImportSnapshotRequest {
  files: ImportFile[];
  /** The platform's role model; the snapshot records its id as the platform. */
  model: RoleModel;
  /** The user's model file `model` was read from, kept with the snapshot; none for a built-in model. */
  modelFile?: Omit<ModelFileRecord, 'model'>;
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
  /** Aborted: the import stops before the next chunk it reads, or before its final write, with a `cancelled` error. */
  signal?: AbortSignal;
  /** Called just before the final write begins; from then on the import cannot be cancelled. */
  onWrite?: () => void;
}

/** What a cancelled import rejects with. */
export function cancelledError(): AuditError {
  return new AuditError('cancelled', 'the import was cancelled; nothing was written');
}

export interface PreviewOptions {
  mapping?: Record<string, string>;
  set?: Record<string, string>;
}

export { MAX_PROBLEMS, MAX_RECORD_BYTES };
export const PREVIEW_ROWS = 5;

function checkFiles(files: ImportFile[]): NamedFile[] {
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

/** The model version the request names; refuses a platform that is not the model's, or a version it lacks. */
function requestedVersion({ model, platform, modelVersion }: ImportSnapshotRequest): ModelVersion {
  if (platform !== undefined && platform !== model.id) {
    throw new AuditError('usage', `platform "${platform}" does not match the model "${model.id}"`);
  }
  const version = model.versions.find((v) => v.id === modelVersion);
  if (!version) {
    throw new AuditError('input', `${model.name} has no version "${modelVersion}" (known: ${model.versions.map((v) => v.id).join(', ')})`);
  }
  return version;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Imports the files as one new snapshot and returns it. Throws AuditError('input') with every
 * problem (FILE:LINE: message) if anything is wrong, and then nothing at all was written. Cancelled
 * (request.signal) before its final write, it throws AuditError('cancelled') and writes nothing too.
 */
export async function importSnapshot(
  db: Database,
  request: ImportSnapshotRequest,
  onProgress?: (progress: ImportProgress) => void,
): Promise<SnapshotInfo> {
  const { model } = request;
  const version = requestedVersion(request);
  const files = checkFiles(request.files);
  const problems = new ImportProblems(files.map((f) => f.name));
  const tree = new SnapshotTree(model.levels);
  const constraints = new ConstraintCheck(model);

  return withStaging(db, model, tree, async (staging) => {
    const { asOf, mapping, set, dateFormat, signal } = request;
    const ready = () => (signal?.aborted ? Promise.reject(cancelledError()) : staging.ready());
    const options: RowOptions = { model, versionId: version.id, asOf, mapping, set, dateFormat, onProgress, ready };
    const sourceFiles: SourceFile[] = [];
    for (let fileNo = 0; fileNo < files.length; fileNo++) {
      const fileName = files[fileNo].name;
      const read = await readRows(files[fileNo], options, problems, (row, line) => {
        const user = tree.user(row.user);
        const node = tree.node(row.scope, fileName, line);
        for (const role of row.roles) {
          const broken = constraints.assign(role.id, node, user.id, fileName, line);
          if (broken) problems.add(broken.file, broken.line, broken.message);
          // Once anything is wrong nothing will be written, so staging stops; checking goes on.
          else if (problems.total === 0) staging.add(role.id, node.id, user.id, fileNo, line);
        }
      });
      sourceFiles.push(read);
    }
    for (const missing of constraints.missing(tree.nodes.values())) problems.add(missing.file, missing.line, missing.message);
    problems.throwIfAny();
    if (!request.allowDuplicate) refuseDuplicate(db, sourceFiles, request.modelFile?.sha256 ?? null);

    const header: SnapshotHeader = {
      name: request.name?.trim() || `${files[0].name} ${today()}`,
      platform: model.id,
      modelVersion: version.id,
      asOf: request.asOf ?? null,
      importedAt: new Date().toISOString(),
      files: sourceFiles,
      userCount: tree.users.size,
      nodeCount: tree.nodes.size,
      ...(request.modelFile ? { modelFile: { ...request.modelFile, model } } : {}),
    };
    if (signal?.aborted) throw cancelledError();
    request.onWrite?.();
    const { id, assignmentCount } = await staging.write(header);
    const { modelFile, ...info } = header;
    const kept: SnapshotModel = modelFile
      ? { origin: 'user', name: model.name, sha256: modelFile.sha256, fileName: modelFile.fileName }
      : builtInSnapshotModel(model.id);
    return { id, ...info, model: kept, assignmentCount };
  });
}

/** Refuses files already imported together as one snapshot with the same model (AuditError 'duplicate'). */
function refuseDuplicate(db: Database, files: SourceFile[], modelSha256: string | null): void {
  const same = sameFiles(
    db,
    files.map((f) => f.sha256),
    modelSha256,
  );
  if (same) {
    throw new AuditError(
      'duplicate',
      `these files were already imported as snapshot #${same.id} ${quote(same.name)} on ${importedOn(same.importedAt)}; nothing was imported`,
    );
  }
}

/** When a snapshot was imported, for a message: `2026-12-01 at 19:51 UTC` (an unexpected form as it is). */
function importedOn(importedAt: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(importedAt);
  return m ? `${m[1]} at ${m[2]} UTC` : importedAt;
}

/**
 * The complete snapshot whose files have exactly these SHA-256 hashes (as a set), read with the same
 * model (the same model file, or the built-in one when `modelSha256` is null), if there is one.
 */
function sameFiles(
  db: Database,
  hashes: string[],
  modelSha256: string | null,
): { id: number; name: string; importedAt: string } | undefined {
  const wanted = [...new Set(hashes)].sort().join(',');
  const rows = db
    .prepare(
      `SELECT s.id, s.name, s.imported_at, f.sha256 FROM snapshots AS s JOIN snapshot_files AS f ON f.snapshot_id = s.id
       LEFT JOIN models AS m ON m.id = s.model_id
       WHERE s.complete = 1 AND m.sha256 IS ? ORDER BY s.id`,
    )
    .raw()
    .all(modelSha256) as [number, string, string, string][];
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
export async function previewImport(files: ImportFile[], model: RoleModel, options: PreviewOptions = {}): Promise<FilePreview[]> {
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
      preview.problems.push(
        ...(parseProblems.length > 0 ? parseProblems : ['the file is empty: expected a header row and at least one row']),
      );
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
