// Big answers for the service: the matrix and who-can as tables, kept for the last few questions so
// that each window a view scrolls to is a slice, and their exports written a window at a time to a
// file (the app) or a stream (the CLI), in bounded memory, with progress and cancel.

import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type {
  Answered,
  ExportProgress,
  ExportQuestion,
  ExportRequest,
  ExportResult,
  MatrixWindow,
  MatrixWindowRequest,
  SnapshotInfo,
  SnapshotRef,
  WhoCanWindow,
  WhoCanWindowRequest,
} from '../../shared/api';
import { matrixStream, whoCanStream, type AnswerStream, type ExportFormat } from '../../shared/engine/answer-stream';
import { matrixRows, matrixTable, type MatrixTable } from '../../shared/engine/matrix';
import { whoCanEntries, whoCanTable, type WhoCanTable } from '../../shared/engine/who-can';
import type { Evaluator } from '../../shared/engine/walk';
import { AuditError } from '../../shared/errors';
import { followed, nextTurn } from './followed';

/** Where an export goes: a path the host chose with the user, and for browser mode where the page downloads it. */
export interface ExportTarget {
  path: string;
  download?: string;
}

/** What an export is written as: a big answer's CSV or JSON, or a report's HTML or PDF too. */
export type ExportFileFormat = ExportFormat | 'html' | 'pdf';

/** The host's way of choosing a file for an export: null when the user chose none. */
export type ChooseExportTarget = (suggestedName: string, format: ExportFileFormat) => Promise<ExportTarget | null>;

/** The exports running (exportAnswer's and exportReport's), which exportProgress and cancelExport follow. */
export type RunningExports = ReturnType<typeof followed<ExportProgress>>;

/** Tables kept: enough for a view going back and forth between a few filters. */
const KEPT_TABLES = 6;

type Asked = { snapshot: SnapshotInfo; evaluator: Evaluator };

export function bigAnswers(
  evaluatorFor: (ref: SnapshotRef) => Asked,
  chooseTarget: ChooseExportTarget | undefined,
  exports: RunningExports = followed<ExportProgress>('an export'),
) {
  const kept = new Map<string, MatrixTable | WhoCanTable>();
  const keep = <T extends MatrixTable | WhoCanTable>(key: string, make: () => T): T => {
    let table = kept.get(key) as T | undefined;
    if (table)
      kept.delete(key); // most recent last
    else {
      table = make();
      if (kept.size >= KEPT_TABLES) kept.delete(kept.keys().next().value as string);
    }
    kept.set(key, table);
    return table;
  };

  const matrixOf = (question: Omit<MatrixWindowRequest, 'from' | 'count'>) => {
    const asked = evaluatorFor(question);
    const { scope, channel, categories, role, search, sort } = question;
    const key = JSON.stringify(['matrix', asked.snapshot.id, scope, channel, categories, role, search?.trim(), sort]);
    return { ...asked, table: keep(key, () => matrixTable(asked.evaluator, { scope, channel, categories, role, search, sort })) };
  };
  const whoCanOf = (question: Omit<WhoCanWindowRequest, 'from' | 'count'>) => {
    const asked = evaluatorFor(question);
    const { permission, scope, channel, search, sort, potential } = question;
    const key = JSON.stringify(['whoCan', asked.snapshot.id, permission, scope, channel, search?.trim(), sort, potential === true]);
    return { ...asked, table: keep(key, () => whoCanTable(asked.evaluator, { permission, scope, channel, search, sort, potential })) };
  };

  /** The export of a question as a stream of chunks, its rows read from the table a window at a time. */
  const answerStream = (question: ExportQuestion, format: ExportFormat, generatedAt: Date): AnswerStream => {
    if (question.kind === 'matrix') {
      const { snapshot, evaluator, table } = matrixOf(question);
      const filters = { categories: question.categories, role: question.role, search: question.search };
      return matrixStream(
        snapshot,
        { scope: table.scope, permissions: table.permissions, channel: question.channel ?? null, filters },
        { total: table.people.length, read: (from, to) => matrixRows(evaluator, table, from, to) },
        format,
        generatedAt,
      );
    }
    const { snapshot, evaluator, table } = whoCanOf(question);
    return whoCanStream(
      snapshot,
      {
        permission: table.permission,
        scope: table.scope?.path ?? null,
        channel: table.channel,
        search: question.search,
        potential: question.potential,
      },
      { total: table.total, read: (from, to) => whoCanEntries(evaluator, table, from, to) },
      format,
      generatedAt,
    );
  };

  return {
    answerStream,
    matrixWindow: (req: MatrixWindowRequest): Answered<MatrixWindow> => {
      const { snapshot, evaluator, table } = matrixOf(req);
      const rows = matrixRows(evaluator, table, req.from, req.from + req.count);
      return {
        snapshot,
        answer: {
          scope: table.scope,
          permissions: table.permissions,
          categories: table.categories,
          roles: table.roles,
          total: table.people.length,
          from: req.from,
          rows,
        },
      };
    },
    whoCanWindow: (req: WhoCanWindowRequest): Answered<WhoCanWindow> => {
      const { snapshot, evaluator, table } = whoCanOf(req);
      const entries = whoCanEntries(evaluator, table, req.from, req.from + req.count);
      return {
        snapshot,
        answer: {
          permission: table.permission,
          scope: table.scope?.path ?? null,
          channel: table.channel,
          total: table.total,
          people: table.people,
          only: table.only,
          ...(req.potential ? { potential: { holders: table.holders, total: table.potential.length, people: table.potentialPeople } } : {}),
          from: req.from,
          entries,
        },
      };
    },
    exportAnswer: async (req: ExportRequest): Promise<ExportResult> => {
      exports.refuseRunning(req.exportId);
      if (!chooseTarget)
        throw new AuditError('usage', 'this host cannot save files; the CLI writes exports to its output (--format csv > file.csv)');
      const stream = answerStream(req.question, req.format, new Date());
      const target = await chooseTarget(stream.name, req.format);
      if (!target) return { saved: false, name: stream.name, rows: 0 };
      const progress = { rows: 0, total: stream.total };
      return exports.run(req.exportId, progress, async (isCancelled) => {
        await writeStream(stream, target.path, progress, isCancelled);
        return {
          saved: true,
          name: path.basename(target.path),
          rows: progress.rows,
          ...(target.download ? { download: target.download } : {}),
        };
      });
    },
    exportProgress: (req: { exportId: string }): ExportProgress | null => exports.progress(req.exportId),
    cancelExport: (req: { exportId: string }) => exports.cancel(req.exportId),
  };
}

export function cancelledExport(): AuditError {
  return new AuditError('cancelled', 'the export was cancelled; no file was written');
}

/**
 * Writes the stream to `file` through a file beside it, renamed into place once whole: a failed or
 * cancelled export leaves nothing behind. Yields to the event loop between chunks, so the host keeps
 * answering (progress, cancel, other views) while it writes.
 */
async function writeStream(stream: AnswerStream, file: string, progress: ExportProgress, isCancelled: () => boolean): Promise<void> {
  const partial = `${file}.partial-${process.pid}`;
  const out = fs.createWriteStream(partial);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  try {
    // Opened first: a stream destroyed while its file is still opening would create it afterwards.
    await Promise.race([once(out, 'ready'), failed]);
    for (const chunk of stream.chunks()) {
      if (isCancelled()) throw cancelledExport();
      if (!out.write(chunk.text)) await Promise.race([new Promise<void>((drained) => out.once('drain', () => drained())), failed]);
      progress.rows += chunk.rows;
      await nextTurn();
    }
    await Promise.race([new Promise<void>((closed) => out.end(() => closed())), failed]);
    fs.renameSync(partial, file);
  } catch (error) {
    // Destroyed with a write still pending, the stream reports that write as an error: only its close matters here.
    out.on('error', () => undefined);
    const closed = out.closed ? Promise.resolve() : new Promise<void>((done) => out.once('close', () => done()));
    out.destroy();
    await closed;
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** Writes texts to a Writable (the CLI's standard output), waiting whenever it is full. */
export async function writeChunks(texts: Iterable<string>, out: NodeJS.WritableStream): Promise<void> {
  for (const text of texts) {
    if (!out.write(text)) await new Promise<void>((drained) => out.once('drain', () => drained()));
  }
}

/** Writes a stream to a Writable (the CLI's standard output), waiting whenever it is full. */
export function pipeStream(stream: AnswerStream, out: NodeJS.WritableStream): Promise<void> {
  return writeChunks(
    (function* () {
      for (const chunk of stream.chunks()) yield chunk.text;
    })(),
    out,
  );
}
