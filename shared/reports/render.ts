// A report as the file a user takes away: HTML (shared/reports/html.ts), CSV from the one CSV writer
// (one row per item, grant or finding) or JSON (the report as it is, with its provenance). docs/reports.md
// lists the columns and fields.

import { csvLine, type CsvValue } from '../csv/write';
import { AuditError } from '../errors';
import { findingJson, findingsCsv, seedCiter } from '../findings/export';
import { jsonChunks, LazyList } from '../json-chunks';
import { citeSeeds } from '../models/seeds';
import { exportFileName } from '../provenance';
import { remediationWords } from '../reviews';
import { reportHtml, type HtmlOptions } from './html';
import type { AccessReviewReport, FindingsPart, RenderedReport, Report, ReportFormat, WhoCanReport } from './types';

const MEDIA_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};

/** Rows per chunk of a CSV. */
const CHUNK = 1000;

function* mapped<T, U>(list: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of list) yield f(item);
}

/** A CSV a chunk at a time: the header, then `CHUNK` rows a chunk. */
function* csvChunks(header: readonly string[], rows: Iterable<readonly CsvValue[]>): Generator<string> {
  yield csvLine(header);
  let chunk = '';
  let count = 0;
  for (const row of rows) {
    chunk += csvLine(row);
    if (++count % CHUNK === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

function* accessReviewCsv(r: AccessReviewReport): Generator<string> {
  const remediation = new Map(r.remediation.rows.map((e) => [e.item, e]));
  yield* csvChunks(
    [
      'snapshot_id',
      'review_id',
      'item',
      'email',
      'name',
      'role',
      'role_id',
      'tenant',
      'privileged',
      'reviewer',
      'decision',
      'new_role',
      'expires',
      'comment',
      'self_reason',
      'decided_by',
      'decided_at',
      'recommendations',
      'changed',
      'remediation',
      'source_file',
      'source_line',
    ],
    mapped(r.items, (i) => {
      const d = i.decision;
      const fix = remediation.get(i.number);
      return [
        r.provenance.snapshot.id,
        r.review?.id ?? '',
        i.number,
        i.email,
        i.name,
        i.role,
        i.roleId,
        i.path,
        i.privileged,
        i.reviewer,
        d?.decision ?? 'undecided',
        d?.role,
        d?.expires,
        d?.comment,
        d?.selfReason,
        d?.by,
        d?.at,
        i.recommendations.map((x) => x.rule).join('; '),
        i.changed,
        fix ? `${fix.status === 'not-yet-verifiable' ? 'not yet verifiable' : remediationWords(fix.status)}: ${fix.detail}` : '',
        i.sourceFile,
        i.sourceLine,
      ];
    }),
  );
}

function* whoCanCsv(r: WhoCanReport): Generator<string> {
  const permissions = new Map(r.permissions.map((p) => [p.id, p]));
  const roles = new Map(r.roles.map((role) => [role.id, role]));
  function* rows(): Generator<CsvValue[]> {
    for (const person of r.people)
      for (const a of person.assignments) {
        const role = roles.get(a.roleId);
        for (const g of role?.grants ?? [])
          yield [
            r.provenance.snapshot.id,
            person.email,
            person.name,
            g.permission,
            permissions.get(g.permission)?.label ?? g.permission,
            permissions.get(g.permission)?.privileged === true,
            role!.label,
            a.roleId,
            a.path,
            role!.reach,
            g.channels.join('; '),
            a.sourceFile,
            a.sourceLine,
            citeSeeds(g.source),
          ];
      }
  }
  yield* csvChunks(
    [
      'snapshot_id',
      'email',
      'name',
      'permission_id',
      'permission',
      'privileged',
      'role',
      'role_id',
      'assigned_at',
      'reach',
      'channels',
      'source_file',
      'source_line',
      'vendor_source',
    ],
    rows(),
  );
}

/** The findings CSV of `permaudit findings`, a thousand findings at a time (each chunk's header line dropped but the first's). */
function* findingsCsvChunks({ findings, evidence }: FindingsPart): Generator<string> {
  for (let i = 0; i === 0 || i < findings.length; i += CHUNK) {
    const text = findingsCsv({ findings: findings.slice(i, i + CHUNK), evidence });
    yield i === 0 ? text : text.slice(text.indexOf('\r\n') + 2);
  }
}

function summaryOf(r: Report): string {
  const n = (v: number) => v.toLocaleString('en-US');
  if (r.type === 'access-review') {
    const p = r.population;
    return `${r.title}: ${n(p.items)} items of ${n(p.people)} people, ${n(p.decided)} decided, ${n(p.privileged)} privileged; ${r.findings.summary}`;
  }
  if (r.type === 'who-can') return `${r.title}: ${n(r.people.length)} people, ${n(r.grants)} grants`;
  return `${r.title}: ${r.findings.summary}`;
}

/** What a rendered report is besides its text: its title, file name, media type and summary. */
export function reportFile(report: Report, format: ReportFormat): Omit<RenderedReport, 'text'> {
  const generatedAt = new Date(report.provenance.generatedAt);
  const subject = report.type === 'access-review' && report.review ? `access-review-${report.review.id}` : `${report.type}-report`;
  const fileName = exportFileName(
    report.provenance.snapshot,
    { scope: report.type === 'access-review' ? report.scope : null, subject },
    generatedAt,
    format,
  );
  return { title: report.title, fileName, mediaType: MEDIA_TYPES[format], summary: summaryOf(report) };
}

/**
 * The report as a file of `format`, a chunk at a time, so that no one string need hold a big report
 * (V8 refuses a string of more than about 512 MB); `print` writes the HTML for paper and PDF (every
 * row, no script). Joined, the chunks are the file.
 */
export function reportChunks(report: Report, format: ReportFormat, options: HtmlOptions = {}): Iterable<string> {
  if (format === 'html') return reportHtml(report, options);
  if (format === 'json') return jsonChunks(jsonShape(report), '\n');
  if (report.type === 'access-review') return accessReviewCsv(report);
  if (report.type === 'who-can') return whoCanCsv(report);
  return findingsCsvChunks(report.findings);
}

/** The report as its JSON says it: a findings part's findings each with its evidence whole and seed lines cited. */
export function jsonShape(report: Report): unknown {
  if (report.type === 'who-can') return report;
  const { findings, evidence, ...part } = report.findings;
  const cite = seedCiter();
  return {
    ...report,
    findings: { ...part, findings: new LazyList(findings.length, (i) => findingJson(findings[i], evidence, cite)) },
  };
}

/**
 * The most a report shown as a preview (the `report` call's one string) may hold: 50 million
 * characters (about 50 MB). A bigger report is written to a file, a chunk at a time (the service's
 * writeReport: `permaudit report --out`, the app's export); docs/reports.md "Size and scale".
 */
export const PREVIEW_MAX_CHARS = 50_000_000;

/** The report as one string, refused (an `input` error saying where to get it) once it passes `maxChars`. */
export function renderReport(
  report: Report,
  format: ReportFormat,
  options: HtmlOptions = {},
  maxChars = PREVIEW_MAX_CHARS,
): RenderedReport {
  const chunks: string[] = [];
  let chars = 0;
  for (const chunk of reportChunks(report, format, options)) {
    chars += chunk.length;
    if (chars > maxChars)
      throw new AuditError(
        'input',
        `this ${format.toUpperCase()} report is more than ${(maxChars / 1e6).toLocaleString('en-US')} MB, too big to show here: write it to a file instead (in the app, Export; on the command line, permaudit report --type ${report.type} --format ${format} --out FILE)`,
      );
    chunks.push(chunk);
  }
  return { ...reportFile(report, format), text: chunks.join('') };
}
