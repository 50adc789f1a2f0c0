// Plain-text renderings of the review calls' answers (`permaudit review …`), within the terminal's width.

import type {
  LogEntry,
  RemediationAnswer,
  ReviewDetail,
  ReviewItem,
  ReviewPreview,
  ReviewSummary,
  ReviewVerification,
} from '../../shared/reviews';
import { remediationWords } from '../../shared/reviews';
import type { SourceFile } from '../../shared/snapshot';
import { defaultLayout, formatTable, key, optional, wrap, type Layout } from './table';

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const scopeText = (scope: string | null) => scope ?? 'the whole tenancy';

function population(p: { items: number; assignmentsInScope: number }): string {
  return p.items === p.assignmentsInScope
    ? `${plural(p.items, 'item')}: every one of the ${plural(p.assignmentsInScope, 'assignment')} in scope (complete)`
    : `${plural(p.items, 'item')} for ${plural(p.assignmentsInScope, 'assignment')} in scope: INCOMPLETE`;
}

/** A source file of the snapshot: its name and rows, then its SHA-256 on a line of its own. */
function fileLines(f: SourceFile, layout: Layout): string {
  return `${wrap(`  file ${f.name}: ${plural(f.rows, 'row')}`, layout.width, '    ')}\n    SHA-256 ${f.sha256}`;
}

/** `review start --preview`: what the review would hold. */
export function preview(p: ReviewPreview, layout: Layout = defaultLayout()): string {
  return [
    wrap(`A review of ${scopeText(p.scope)} on snapshot #${p.snapshotId} would hold:`, layout.width),
    `  ${population(p)}`,
    `  ${plural(p.people, 'person', 'people')}, ${p.privileged} privileged items, ${p.recommended} with recommendations`,
    p.previousReview === null ? '  no previous review of this scope' : `  ${p.changed} changed since review #${p.previousReview}`,
    ...p.files.map((f) => fileLines(f, layout)),
    ...p.byReviewer.map((r) => `  ${r.reviewer}: ${plural(r.items, 'item')}`),
    'Nothing was started.',
  ].join('\n');
}

/** The head of a review: what, on which snapshot, its population and progress. */
export function reviewHead(d: Omit<ReviewDetail, 'items' | 'total' | 'from'>, layout: Layout = defaultLayout()): string {
  const r = d.review;
  const m = d.manifest;
  const lines = [
    wrap(`Review #${r.id} "${r.name}" · ${scopeText(r.scope)} · snapshot #${r.snapshotId} (${m.snapshot.name})`, layout.width, '  '),
    `  started ${minute(r.createdAt)} by ${r.createdBy}${r.due ? ` · due ${r.due}` : ''}`,
    `  ${population(m)}`,
    ...m.files.map((f) => fileLines(f, layout)),
    `  ${r.decided} of ${r.items} decided${m.previousReview === null ? '' : ` · compared with review #${m.previousReview}`}`,
    ...d.progress.map((p) => `  ${p.reviewer}: ${p.decided} of ${p.items} decided`),
  ];
  lines.push(
    r.signOff
      ? wrap(`  signed off by ${r.signOff.name} at ${minute(r.signOff.at)}: "${r.signOff.statement}"`, layout.width, '    ')
      : '  not signed off',
  );
  return lines.join('\n');
}

function decisionText(item: ReviewItem): string {
  const d = item.decision;
  if (!d) return '-';
  if (d.decision === 'modify') return `modify to ${d.role}`;
  if (d.decision === 'exception') return `exception until ${d.expires}`;
  return d.decision;
}

function notes(item: ReviewItem): string {
  return [
    ...(item.privileged ? ['privileged'] : []),
    ...item.recommendations.map((r) => r.rule),
    ...(item.changed ? [item.changed] : []),
    ...(item.decision?.comment ? [`"${item.decision.comment}"`] : []),
    ...(item.decision?.selfReason ? [`own access: "${item.decision.selfReason}"`] : []),
  ].join('; ');
}

export function items(list: ReviewItem[], layout: Layout = defaultLayout()): string {
  if (list.length === 0) return 'No items match.';
  return formatTable(
    ['#', key('EMAIL'), 'ROLE', key('TENANT'), 'DECISION', optional('NOTES')],
    list.map((i) => [String(i.number), i.email, i.role, i.path, decisionText(i), notes(i)]),
    layout,
  );
}

export function list(reviews: ReviewSummary[], layout: Layout = defaultLayout()): string {
  if (reviews.length === 0) return 'No reviews yet. Start one with `permaudit review start`.';
  return formatTable(
    ['ID', key('NAME'), 'SNAPSHOT', key('SCOPE'), 'STATUS', 'DECIDED', optional('DUE')],
    reviews.map((r) => [String(r.id), r.name, `#${r.snapshotId}`, scopeText(r.scope), r.status, `${r.decided}/${r.items}`, r.due ?? '']),
    layout,
  );
}

function change(e: LogEntry): string {
  const before = e.before as { decision?: string; reviewer?: string } | null;
  const after = e.after as Record<string, unknown> | null;
  switch (e.action) {
    case 'start':
      return `started with ${String(after?.items)} items`;
    case 'decide': {
      const a = after as { decision: string; role: string | null; expires: string | null; comment: string | null };
      const what =
        a.decision === 'modify' ? `modify to ${a.role}` : a.decision === 'exception' ? `exception until ${a.expires}` : a.decision;
      return `item ${e.item}: ${before?.decision ?? 'undecided'} → ${what}${a.comment ? ` ("${a.comment}")` : ''}`;
    }
    case 'reassign':
      return `item ${e.item}: ${before?.reviewer} → ${String(after?.reviewer)} ("${String(after?.note)}")`;
    case 'sign-off':
      return `signed off by ${String(after?.name)}`;
  }
}

export function log(entries: LogEntry[], layout: Layout = defaultLayout()): string {
  return entries.map((e) => wrap(`${e.seq}. ${minute(e.at)} ${e.actor} ${e.action}: ${change(e)}`, layout.width, '     ')).join('\n');
}

export function verification(v: ReviewVerification, layout: Layout = defaultLayout()): string {
  if (v.ok)
    return [`Review #${v.reviewId}'s log is intact: ${plural(v.entries, 'entry', 'entries')}.`, `  chain head ${v.head}`].join('\n');
  return wrap(`Review #${v.reviewId}'s log does not verify: ${v.problem!.message}.`, layout.width, '  ');
}

export function remediation(a: RemediationAnswer, layout: Layout = defaultLayout()): string {
  const head = wrap(
    `Review #${a.review.id}'s revokes and modifies, checked in snapshot #${a.snapshot.id} (${a.snapshot.name}): ${a.counts.verified} verified, ${a.counts['still-present']} still present, ${a.counts['changed-otherwise']} changed otherwise.`,
    layout.width,
  );
  if (a.entries.length === 0) return `${head}\nNo item was decided revoke or modify.`;
  const table = formatTable(
    ['#', key('EMAIL'), 'ROLE', key('TENANT'), 'DECIDED', 'STATUS'],
    a.entries.map((e) => [
      String(e.item),
      e.email,
      e.role,
      e.path,
      e.decision === 'modify' ? `modify to ${e.newRole}` : 'revoke',
      e.status === 'verified' ? e.detail : remediationWords(e.status),
    ]),
    layout,
  );
  return `${head}\n\n${table}`;
}
