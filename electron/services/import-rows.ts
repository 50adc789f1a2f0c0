// One file of an import, read and validated: its header against the model's columns, then each record
// (field count, email, role, level, model version, scope gaps: createRowReader). Each problem goes to
// the import's list as FILE:LINE: message; each good row goes on to the caller.

import type { ImportProgress } from '../../shared/api';
import { detectColumns, isMissingColumn, otherPlatformHint } from '../../shared/csv/columns';
import { createRowReader, type RowReader, type RowResult, type RowUser } from '../../shared/csv/rows';
import type { DateFormat } from '../../shared/csv/values';
import type { RoleModel } from '../../shared/model/types';
import { BUILT_IN_MODELS } from '../../shared/models';
import type { SourceFile } from '../../shared/snapshot';
import { streamCsv, type NamedFile } from './csv-read';
import type { ImportProblems } from './import-problems';

const PROGRESS_INTERVAL_MS = 100;

export interface RowOptions {
  model: RoleModel;
  /** The model version id the rows are read against. */
  versionId: string;
  /** The date the version was chosen for, if one was given (for messages). */
  asOf?: string | null;
  /** Canonical field → header, overriding detection. */
  mapping?: Record<string, string>;
  /** Field → one value for every row, for a field the files lack. */
  set?: Record<string, string>;
  dateFormat?: DateFormat;
  /** Called at most every PROGRESS_INTERVAL_MS while the file is read, and once at its end. */
  onProgress?: (progress: ImportProgress) => void;
  /** Reading waits for it before each chunk (backpressure; see streamCsv). */
  ready?: () => Promise<void> | undefined;
}

/** A record without problems: its user, the scope's node names and the roles to assign there. */
export type GoodRow = RowResult & { user: RowUser };

/** Why a file's headers do not fit: detection's problems, and a hint when another platform fits them. */
export function headerProblems(headers: string[], model: RoleModel, mapping?: Record<string, string>, set?: Record<string, string>) {
  const detected = detectColumns(headers, model.levels, mapping, set);
  const problems = [...detected.problems];
  if (problems.some(isMissingColumn)) {
    const hint = otherPlatformHint(headers, model.id, BUILT_IN_MODELS);
    if (hint) problems.push(hint);
  }
  return { detected, problems };
}

/**
 * Reads the file, adding its problems to `problems` and handing each good row, with the line it
 * starts on, to `onRow`. Returns the file as the snapshot records it (hash, size, rows, encoding).
 */
export async function readRows(
  file: NamedFile,
  options: RowOptions,
  problems: ImportProblems,
  onRow: (row: GoodRow, line: number) => void,
): Promise<SourceFile> {
  const { onProgress } = options;
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
      const { detected, problems: wrong } = headerProblems(headers, options.model, options.mapping, options.set);
      for (const message of wrong) problems.add(file.name, line, message);
      if (wrong.length > 0) return false;
      read = createRowReader({
        model: options.model,
        versionId: options.versionId,
        asOf: options.asOf,
        mapping: detected.mapping,
        set: detected.set,
        dateFormat: options.dateFormat,
      });
      return true;
    },
    record(record, line, scanned) {
      rows++;
      if (record.length > width && record.slice(width).some((f) => f.trim() !== '')) {
        problems.add(
          file.name,
          line,
          `this row has ${record.length} fields but the header has ${width} (a field with a delimiter in it needs quotes)`,
        );
        return true;
      }
      const row = (read as RowReader)(record, scanned);
      if (row.problems.length > 0) {
        for (const message of row.problems) problems.add(file.name, line, message);
        return true;
      }
      onRow(row as GoodRow, line);
      return true;
    },
    problem(line, message) {
      if (headerLine > 0)
        rows++; // an unreadable row is still a row
      else unreadableHeader = true;
      problems.add(file.name, line, message);
    },
    progress: (bytesRead, records) => progress(bytesRead, records),
    ready: options.ready,
  });
  progress(result.size, rows, true);

  if (result.undecodable || unreadableHeader) {
    // already reported: where the bytes stopped being text, or what is wrong with the header line
  } else if (headerLine === 0) problems.add(file.name, 1, 'the file is empty: expected a header row and at least one row');
  else if (rows === 0 && read) problems.add(file.name, headerLine, 'the file has a header but no rows');
  return { name: file.name, sha256: result.sha256, size: result.size, rows, encoding: result.encoding };
}
