// The `report` call (docs/reports.md): gathers what a report holds from the service — the snapshot and
// its files, a review with its items, log and remediation, findings under the rules asked for, or
// everyone's effective grants — has shared/reports make the report, and writes it as a file.
// PDF is the HTML's print variant (`print: true`) printed by Chromium: the CLI through playwright-core
// (electron/services/report-pdf.ts), the app with webContents.printToPDF, both with pdfHeaderFooter
// (shared/reports/pdf.ts) for the title and page numbers on every page.

import fs from 'node:fs';
import path from 'node:path';
import type { ImportFile, ReportAnswer, ReportRequest, SnapshotRef } from '../../shared/api';
import type { Evaluator } from '../../shared/engine/walk';
import { AuditError } from '../../shared/errors';
import type { FindingsReport } from '../../shared/findings/findings';
import { buildProvenance } from '../../shared/provenance';
import { accessReviewReport, findingsReport, whoCanReport } from '../../shared/reports/build';
import { renderReport, reportChunks, reportFile } from '../../shared/reports/render';
import type { FindingsPart, RenderedReport, Report } from '../../shared/reports/types';
import type { RemediationAnswer, ReviewItem, ReviewManifest, ReviewSummary, ReviewVerification } from '../../shared/reviews';
import type { SnapshotInfo } from '../../shared/snapshot';
import type { ReviewStore } from '../store/reviews';

export interface ReportDeps {
  reviews: ReviewStore;
  snapshotFor(ref: SnapshotRef): SnapshotInfo;
  evaluatorFor(ref: SnapshotRef): { snapshot: SnapshotInfo; evaluator: Evaluator };
  /** Every snapshot, newest first. */
  snapshots(): SnapshotInfo[];
  /** The snapshot's findings under the rules file, else the platform's saved rules, else the defaults; with the rules' SHA-256. */
  findings(evaluator: Evaluator, snapshot: SnapshotInfo, rules: ImportFile | undefined): { report: FindingsReport; part: FindingsPart };
  population(ref: SnapshotRef, findings: FindingsReport): { items: ReviewItem[]; manifest: ReviewManifest };
  remediation(req: { reviewId: number }): RemediationAnswer;
  verify(reviewId: number): ReviewVerification;
  now(): Date;
  dbPath: string;
}

export function reportCalls(deps: ReportDeps) {
  const accessReview = (req: ReportRequest, generatedAt: Date): Report => {
    const chosen = req.reviewId === undefined ? undefined : deps.reviews.get(req.reviewId);
    if (req.reviewId !== undefined && !chosen) throw new AuditError('not-found', `no review #${req.reviewId} in ${deps.dbPath}`);
    if (chosen && req.snapshotId !== undefined && req.snapshotId !== chosen.snapshotId)
      throw new AuditError('usage', `review #${chosen.id} is of snapshot #${chosen.snapshotId}, not #${req.snapshotId}`);
    const { snapshot, evaluator } = deps.evaluatorFor(chosen ? { snapshotId: chosen.snapshotId } : req);
    // Without a review id: the snapshot's newest review.
    const newest =
      chosen ??
      deps.reviews
        .list()
        .reduce<ReviewSummary | undefined>(
          (found, r) => (r.snapshotId === snapshot.id && (found === undefined || r.id > found.id) ? r : found),
          undefined,
        );
    const findings = deps.findings(evaluator, snapshot, req.rules);
    const provenance = buildProvenance(
      snapshot,
      { kind: 'access-review', scope: newest?.scope ?? null, filters: { review: newest ? String(newest.id) : undefined } },
      generatedAt,
    );
    if (!newest) {
      const { items, manifest } = deps.population({ snapshotId: snapshot.id }, findings.report);
      return accessReviewReport({
        provenance,
        review: null,
        scope: null,
        manifest: { ...manifest, populationSha256: null },
        reviewers: [],
        items,
        findings: findings.part,
        remediation: null,
        log: null,
      });
    }
    const later = deps.snapshots().some((s) => s.platform === newest.platform && s.id > newest.snapshotId);
    const verification = deps.verify(newest.id);
    return accessReviewReport({
      provenance,
      review: newest,
      scope: newest.scope,
      manifest: deps.reviews.manifest(newest.id),
      reviewers: deps.reviews.progress(newest.id),
      items: deps.reviews.items(newest.id),
      findings: findings.part,
      remediation: later ? deps.remediation({ reviewId: newest.id }) : null,
      log: { entries: deps.reviews.logCount(newest.id), head: verification.head, verification },
    });
  };

  /** The report asked for, made from the database (no file written). */
  const reportOf = (req: ReportRequest): Report => {
    const generatedAt = deps.now();
    if (req.reviewId !== undefined && req.type !== 'access-review')
      throw new AuditError('usage', `a review is reported by the access-review report, not the ${req.type} report`);
    if (req.print && req.format !== 'html') throw new AuditError('usage', 'the print variant is HTML only (format html)');
    if (req.type === 'access-review') return accessReview(req, generatedAt);
    const { snapshot, evaluator } = deps.evaluatorFor(req);
    if (req.type === 'who-can') return whoCanReport(evaluator, buildProvenance(snapshot, { kind: 'who-can' }, generatedAt));
    const { part } = deps.findings(evaluator, snapshot, req.rules);
    return findingsReport(
      buildProvenance(snapshot, { kind: 'findings', filters: { rules: part.rules.fileName ?? undefined } }, generatedAt),
      part,
    );
  };

  return {
    /** The report as one string, for a preview: refused past PREVIEW_MAX_CHARS (shared/reports/render.ts), saying to write it to a file. */
    report: async (req: ReportRequest): Promise<ReportAnswer> => renderReport(reportOf(req), req.format, { print: req.print }),
    /** The report written to the file `out`, a chunk at a time: see writeReportFile. */
    writeReport: (req: ReportRequest, out: string, onProgress?: (progress: ReportProgress) => void): Promise<ReportWritten> =>
      writeReportFile(reportOf(req), req, out, onProgress),
    /**
     * The report made, not yet written: what its file is called and says, and how to write it (an
     * export asks where only once the report could be made).
     */
    prepareReport: (req: ReportRequest): PreparedReport => {
      const report = reportOf(req);
      return {
        report,
        file: reportFile(report, req.format),
        text: () => renderReport(report, req.format, { print: req.print }).text,
        write: (out, onProgress) => writeReportFile(report, req, out, onProgress),
      };
    },
  };
}

export interface PreparedReport {
  /** What the report says, before it is written in a format. */
  report: Report;
  file: Omit<RenderedReport, 'text'>;
  /** The report as one string (refused past the preview's size). */
  text(): string;
  write(out: string, onProgress?: (progress: ReportProgress) => void): Promise<ReportWritten>;
}

/** How far a report's writing is: the bytes written so far. */
export interface ReportProgress {
  bytes: number;
}

/** A report written to a file: what the `report` call answers but the text, and where and how big the file is. */
export type ReportWritten = Omit<RenderedReport, 'text'> & { path: string; bytes: number };

/** Bytes gathered before each write to the file. */
const WRITE_BYTES = 1 << 20;

/**
 * Writes the chunks to `out` (no one string need hold the file), all or nothing: into a temporary file
 * beside `out`, renamed to `out` once complete; a failure part way removes it and leaves `out` as it
 * was. Gives the event loop a turn (and `onProgress` the bytes written) after every megabyte, so a host
 * stays responsive while a big file is written. Answers the bytes written.
 */
export async function writeWhole(
  out: string,
  chunks: Iterable<string | Uint8Array>,
  onProgress?: (progress: ReportProgress) => void,
): Promise<number> {
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.${Date.now()}.part`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx');
  } catch (error) {
    throw new AuditError('input', `cannot write ${out}: ${(error as Error).message}`);
  }
  let bytes = 0;
  try {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = () => {
      const buffer = Buffer.concat(pending);
      for (let at = 0; at < buffer.length;) at += fs.writeSync(fd!, buffer, at);
      bytes += buffer.length;
      pending = [];
      pendingBytes = 0;
    };
    for (const chunk of chunks) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      pending.push(buffer);
      pendingBytes += buffer.length;
      if (pendingBytes >= WRITE_BYTES) {
        flush();
        onProgress?.({ bytes });
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    flush();
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, out);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  onProgress?.({ bytes });
  return bytes;
}

/** Writes `report` to `out` a chunk at a time, all or nothing (writeWhole). */
export async function writeReportFile(
  report: Report,
  req: Pick<ReportRequest, 'format' | 'print'>,
  out: string,
  onProgress?: (progress: ReportProgress) => void,
): Promise<ReportWritten> {
  const bytes = await writeWhole(out, reportChunks(report, req.format, { print: req.print }), onProgress);
  return { ...reportFile(report, req.format), path: out, bytes };
}
