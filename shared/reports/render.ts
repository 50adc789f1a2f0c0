// A report as the file a user takes away: HTML (shared/reports/html.ts), CSV from the one CSV writer
// (one row per item, grant or finding) or JSON (the report as it is, with its provenance). docs/reports.md
// lists the columns and fields.

import { csvText } from '../csv/write';
import { findingsCsv } from '../findings/export';
import { citeSeeds } from '../models/seeds';
import { exportFileName } from '../provenance';
import { remediationWords } from '../reviews';
import { reportHtml, type HtmlOptions } from './html';
import type { AccessReviewReport, RenderedReport, Report, ReportFormat, WhoCanReport } from './types';

const MEDIA_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};

function accessReviewCsv(r: AccessReviewReport): string {
  const remediation = new Map(r.remediation.rows.map((e) => [e.item, e]));
  return csvText(
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
    r.items.map((i) => {
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

function whoCanCsv(r: WhoCanReport): string {
  const permissions = new Map(r.permissions.map((p) => [p.id, p]));
  const roles = new Map(r.roles.map((role) => [role.id, role]));
  const rows: (string | number | boolean)[][] = [];
  for (const person of r.people)
    for (const a of person.assignments) {
      const role = roles.get(a.roleId);
      for (const g of role?.grants ?? [])
        rows.push([
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
        ]);
    }
  return csvText(
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
    rows,
  );
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

/** The report as a file of `format`; `print` writes the HTML for paper and PDF (every row, no script). */
export function renderReport(report: Report, format: ReportFormat, options: HtmlOptions = {}): RenderedReport {
  const generatedAt = new Date(report.provenance.generatedAt);
  const subject = report.type === 'access-review' && report.review ? `access-review-${report.review.id}` : `${report.type}-report`;
  const fileName = exportFileName(
    report.provenance.snapshot,
    { scope: report.type === 'access-review' ? report.scope : null, subject },
    generatedAt,
    format,
  );
  const text =
    format === 'html'
      ? reportHtml(report, options)
      : format === 'json'
        ? `${JSON.stringify(report)}\n`
        : report.type === 'access-review'
          ? accessReviewCsv(report)
          : report.type === 'who-can'
            ? whoCanCsv(report)
            : findingsCsv(report.findings);
  return { title: report.title, fileName, mediaType: MEDIA_TYPES[format], text, summary: summaryOf(report) };
}
