// A report laid out for people: its title, notes, the facts of its head, then its sections, each with
// facts and a table of plain text cells. The HTML writes it (shared/reports/html.ts); the text in it
// is data, never markup.

import { citeSeeds } from '../models/seeds';
import { remediationWords } from '../reviews';
import { exceptionText, evidenceText } from '../findings/export';
import { evidenceOf } from '../findings/evidence';
import { decisionText, SECTIONS } from './build';
import type { AccessReviewReport, FindingsPart, FindingsReportDoc, Report, WhoCanReport } from './types';

/** A cell: text (a line break is a new line), a number, or a link to a section of the page. */
export type Cell = string | number | { text: string; anchor: string }[];

export interface Table {
  columns: { title: string; numeric?: boolean }[];
  /** How many rows `rows` gives. */
  count: number;
  /** The rows, made as they are written (a page of 1,000,000 items never holds them all at once); read once. */
  rows: Iterable<Cell[]>;
}

/** A table's rows made from `list` one at a time, as the page is written. */
export function rowsOf<T>(list: readonly T[], row: (item: T) => Cell[]): Pick<Table, 'count' | 'rows'> {
  return {
    count: list.length,
    rows: (function* () {
      for (const item of list) yield row(item);
    })(),
  };
}

export interface PageSection {
  id: string;
  title: string;
  facts?: [string, string][];
  table?: Table;
  /** Said when the table has no row. */
  empty?: string;
}

export interface ReportPage {
  kicker: string;
  title: string;
  notes: string[];
  facts: [string, string][];
  sections: PageSection[];
}

const n = (value: number) => value.toLocaleString('en-US');
const plural = (count: number, one: string, many = `${one}s`) => `${n(count)} ${count === 1 ? one : many}`;
/** An ISO time as people read it, in UTC: `2026-12-01 09:30:12 UTC`. */
export const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

function headFacts(report: Report): [string, string][] {
  const s = report.provenance.snapshot;
  const model =
    s.model.origin === 'built-in'
      ? `${s.model.name}, version ${s.modelVersion} (built in)`
      : `${s.model.name}, version ${s.modelVersion} (your model file ${s.model.fileName ?? ''}, SHA-256 ${s.model.sha256 ?? ''})`;
  return [
    ['Platform', s.platformName],
    ['Role model', model],
    ['Snapshot', `#${s.id} “${s.name}”, imported ${utc(s.importedAt)}${s.asOf ? `, model as of ${s.asOf}` : ''}`],
  ];
}

function provenanceSection(report: Report, extra: [string, string][] = []): PageSection {
  const p = report.provenance;
  return {
    id: 'provenance',
    title: SECTIONS.provenance,
    facts: [
      ['Generated', `${utc(p.generatedAt)} by ${p.generator.name} ${p.generator.version}`],
      ...extra,
      ['Source files', `${plural(p.sourceFiles.length, 'file')}, as imported: each file's SHA-256 proves it is the file exported`],
    ],
    table: {
      columns: [{ title: 'File' }, { title: 'Rows', numeric: true }, { title: 'SHA-256' }],
      ...rowsOf(p.sourceFiles, (f) => [f.name, f.rows, f.sha256]),
    },
  };
}

const rulesText = (r: FindingsPart['rules']) =>
  `${r.source === 'file' ? `the rules file ${r.fileName ?? ''}` : r.source === 'saved' ? 'the rules saved for this platform' : 'every rule with its defaults'}, SHA-256 ${r.sha256}`;

/** People, tenants or rows of a finding in a cell: the first MAX_LISTED, then how many more (the CSV and JSON have them all). */
const MAX_LISTED = 10;
const some = (list: string[]) =>
  [...list.slice(0, MAX_LISTED), ...(list.length > MAX_LISTED ? [`and ${n(list.length - MAX_LISTED)} more`] : [])].join('\n');

/**
 * The findings: each one (the findings report), or (`byRule`, the access review report, whose items
 * carry their findings) one row per rule with how many findings and people, and its exceptions.
 */
function findingsSection(part: FindingsPart, byRule = false): PageSection {
  const c = part.counts;
  return {
    id: 'findings',
    title: SECTIONS.findings,
    facts: [
      ['Summary', part.summary],
      ['Rules', rulesText(part.rules)],
      ['Dates', `inactivity measured to ${part.referenceDate}; exceptions judged on ${part.today}`],
      [
        'By severity',
        `${n(c.bySeverity.critical)} critical, ${n(c.bySeverity.high)} high, ${n(c.bySeverity.medium)} medium, ${n(c.bySeverity.low)} low, ${n(c.bySeverity.info)} info; ${n(c.excepted)} accepted as exceptions (${n(c.expired)} expired)`,
      ],
    ],
    table: byRule
      ? findingsByRule(part)
      : {
          columns: ['Severity', 'Finding', 'People', 'Tenants', 'Why', 'What to do', 'Evidence', 'Exception'].map((title) => ({ title })),
          ...rowsOf(part.findings, (f) => [
            f.status === 'finding' ? f.severity : `${f.severity} (not evaluable)`,
            f.title,
            some(f.users),
            some(f.nodes),
            f.rationale,
            f.recommendation,
            some(evidenceOf(part.evidence, f).map(evidenceText)),
            exceptionText(f),
          ]),
        },
    empty: 'No findings.',
  };
}

function findingsByRule(part: FindingsPart): Table {
  const groups = new Map<string, FindingsPart['findings']>();
  for (const f of part.findings) {
    const key = `${f.rule}\n${f.severity}\n${f.status}`;
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  return {
    columns: [
      { title: 'Severity' },
      { title: 'Rule' },
      { title: 'Findings', numeric: true },
      { title: 'People', numeric: true },
      { title: 'Accepted as exceptions' },
    ],
    ...rowsOf([...groups.values()], (list) => [
      list[0].status === 'finding' ? list[0].severity : `${list[0].severity} (not evaluable)`,
      `${list[0].rule}\n${list.length === 1 ? list[0].title : `e.g. ${list[0].title}`}`,
      list.length,
      new Set(list.flatMap((f) => f.users)).size,
      some(list.filter((f) => f.exception).map((f) => `${f.users.join(', ') || f.nodes.join(', ')}: ${exceptionText(f)}`)),
    ]),
  };
}

function accessReviewPage(r: AccessReviewReport): ReportPage {
  const review = r.review;
  const m = r.manifest;
  const pop = r.population;
  const d = pop.byDecision;
  const facts = headFacts(r);
  facts.push(['Scope', r.scope ?? 'the whole tenancy']);
  if (review) {
    facts.push(['Review', `#${review.id} “${review.name}”, started ${utc(review.createdAt)} by ${review.createdBy}`]);
    facts.push(['Due', review.due ?? 'no due date']);
    facts.push(['Status', review.signOff ? `signed off ${utc(review.signOff.at)} by ${review.signOff.name}` : 'not signed off']);
  } else facts.push(['Review', 'none started: every item is undecided']);
  const log = r.log;
  return {
    kicker: 'User access review · evidence for SOC 2 and ISO 27001',
    title: r.title,
    notes: r.notes,
    facts,
    sections: [
      provenanceSection(r, [['Population SHA-256', m.populationSha256 ?? 'none: no review froze this population']]),
      {
        id: 'population',
        title: SECTIONS.population,
        facts: [
          [
            'Completeness',
            m.complete
              ? `${plural(m.items, 'item')}: every one of the ${n(m.assignmentsInScope)} assignments imported in scope (complete)`
              : `${plural(m.items, 'item')} for ${n(m.assignmentsInScope)} assignments imported in scope: NOT complete`,
          ],
          ['People', n(pop.people)],
          ['Privileged items', n(pop.privileged)],
          [
            'Decisions',
            `${n(pop.decided)} of ${n(pop.items)} decided: ${n(d.keep)} keep, ${n(d.revoke)} revoke, ${n(d.modify)} modify, ${n(d.exception)} exception, ${n(d['dont-know'])} don't know, ${n(d.undecided)} undecided`,
          ],
        ],
        table: {
          columns: [{ title: 'Reviewer' }, { title: 'Items', numeric: true }, { title: 'Decided', numeric: true }],
          ...rowsOf(pop.reviewers, (p) => [p.reviewer, p.items, p.decided]),
        },
        empty: 'No reviewer: no review has been started.',
      },
      {
        id: 'privileged',
        title: SECTIONS.privileged,
        facts: [['Privileged users', `${plural(r.privilegedUsers.length, 'person', 'people')} hold privileged access`]],
        table: {
          columns: [{ title: 'Person' }, { title: 'Items', numeric: true }, { title: 'Privileged access: item, role, where, decision' }],
          ...rowsOf(r.privilegedUsers, (u) => [
            personText(u.email, u.name),
            u.access.length,
            some(u.access.map((a) => `#${a.item} ${a.role} at ${a.path}: ${a.decision}`)),
          ]),
        },
        empty: 'No one holds privileged access.',
      },
      findingsSection(r.findings, true),
      {
        id: 'items',
        title: SECTIONS.items,
        table: {
          columns: [
            { title: 'Item', numeric: true },
            { title: 'Person' },
            { title: 'Role' },
            { title: 'Where' },
            { title: 'Reviewer' },
            { title: 'Decision' },
            { title: 'Comment' },
            { title: 'Decided' },
            { title: 'Recommendations' },
            { title: 'Import file' },
            { title: 'Line', numeric: true },
          ],
          ...rowsOf(r.items, (i) => [
            i.number,
            personText(i.email, i.name),
            i.privileged ? `${i.role}\nprivileged` : i.role,
            i.path,
            i.reviewer,
            decisionText(i.decision),
            [i.decision?.comment, i.decision?.selfReason && `Own access, reason: ${i.decision.selfReason}`].filter(Boolean).join('\n'),
            i.decision ? `${i.decision.by}\n${utc(i.decision.at)}` : '',
            [...i.recommendations.map((x) => `${x.severity}: ${x.rule}`), i.changed ?? ''].filter(Boolean).join('\n'),
            i.sourceFile,
            i.sourceLine,
          ]),
        },
        empty: 'No items: no assignment is imported in scope.',
      },
      {
        id: 'remediation',
        title: SECTIONS.remediation,
        facts: [
          [
            'Checked in',
            r.remediation.snapshot
              ? `snapshot #${r.remediation.snapshot.id} “${r.remediation.snapshot.name}”, imported ${utc(r.remediation.snapshot.importedAt)} (the newest later snapshot)`
              : 'not yet verifiable: no later snapshot of this platform is imported',
          ],
        ],
        table: {
          columns: [{ title: 'Item', numeric: true }, { title: 'Person' }, { title: 'Access' }, { title: 'Decision' }, { title: 'Status' }],
          ...rowsOf(r.remediation.rows, (e) => [
            e.item,
            personText(e.email, e.name),
            `${e.role} at ${e.path}`,
            e.decision === 'modify' ? `modify to ${e.newRole ?? '?'}` : 'revoke',
            `${e.status === 'not-yet-verifiable' ? 'not yet verifiable' : remediationWords(e.status)}\n${e.detail}`,
          ]),
        },
        empty: 'No access is to be revoked or modified.',
      },
      {
        id: 'changes',
        title: SECTIONS.changes,
        facts: [['Previous review', m.previousReview === null ? 'none: this is the first review of this scope' : `#${m.previousReview}`]],
        table: {
          columns: [{ title: 'Item', numeric: true }, { title: 'Person' }, { title: 'Access' }, { title: 'What changed' }],
          ...rowsOf(r.changes, (c) => [c.item, c.email, `${c.role} at ${c.path}`, c.changed]),
        },
        empty: m.previousReview === null ? 'Nothing to compare with.' : 'Nothing changed since the previous review.',
      },
      {
        id: 'signoff',
        title: SECTIONS.signoff,
        facts: [
          ...(r.signOff
            ? ([
                ['Signed off by', r.signOff.name],
                ['At', utc(r.signOff.at)],
                ['Statement', r.signOff.statement],
                ['Chain head at sign-off', r.signOff.chainHead],
              ] as [string, string][])
            : ([['Sign-off', review ? 'not signed off yet' : 'none: no review has been started']] as [string, string][])),
          ...(log
            ? ([
                ['Log', `${plural(log.entries, 'entry', 'entries')}, each chained to the one before by SHA-256`],
                ['Chain head now', log.head ?? 'none'],
                [
                  'Verification',
                  log.verification.ok
                    ? 'verified: the chain, the items and the decisions match the log'
                    : `NOT VERIFIED: ${log.verification.problem?.message ?? 'the log does not verify'}`,
                ],
              ] as [string, string][])
            : []),
        ],
      },
      {
        id: 'controls',
        title: SECTIONS.controls,
        table: {
          columns: [{ title: 'Framework' }, { title: 'Control' }, { title: 'What it asks' }, { title: 'Answered in' }],
          ...rowsOf(r.controls, (c) => [c.framework, c.control, c.asks, c.sections.map((s) => ({ text: s.title, anchor: s.id }))]),
        },
      },
    ],
  };
}

const personText = (email: string, name: string) => (name && name !== email ? `${email}\n${name}` : email);

const REACH = { node: 'there only', subtree: 'there and below' } as const;

function whoCanPage(r: WhoCanReport): ReportPage {
  const permissions = new Map(r.permissions.map((p) => [p.id, p]));
  const roles = new Map(r.roles.map((role) => [role.id, role]));
  const grantsText = new Map(
    r.roles.map((role) => [
      role.id,
      role.grants
        .map(
          (g) =>
            `${permissions.get(g.permission)?.label ?? g.permission}${permissions.get(g.permission)?.privileged ? ' (privileged)' : ''}`,
        )
        .join('\n'),
    ]),
  );
  const sourceText = new Map(r.roles.map((role) => [role.id, citeSeeds(role.grants.flatMap((g) => g.source))]));
  return {
    kicker: 'Who can do what, and why',
    title: r.title,
    notes: r.notes,
    facts: [...headFacts(r), ['People', n(r.people.length)], ['Grants', `${n(r.grants)} (a permission given by a role assignment)`]],
    sections: [
      provenanceSection(r),
      {
        id: 'permissions',
        title: 'Permissions and how many people hold them',
        table: {
          columns: [{ title: 'Permission' }, { title: 'Privileged' }, { title: 'People', numeric: true }],
          ...rowsOf(r.holders, (h) => [
            permissions.get(h.permission)?.label ?? h.permission,
            permissions.get(h.permission)?.privileged ? 'privileged' : '',
            h.people,
          ]),
        },
      },
      {
        id: 'roles',
        title: 'Roles and what they grant',
        table: {
          columns: [{ title: 'Role' }, { title: 'Reach' }, { title: 'Grants' }, { title: 'Vendor source' }],
          ...rowsOf(r.roles, (role) => [role.label, REACH[role.reach], grantsText.get(role.id) ?? '', sourceText.get(role.id) ?? '']),
        },
        empty: 'No role is held.',
      },
      {
        id: 'access',
        title: 'Who can do what: every role assignment with what it grants',
        table: {
          columns: [
            ...['Person', 'Role', 'Where', 'Reach', 'Permissions', 'Vendor source', 'Import file'].map((title) => ({ title })),
            { title: 'Line', numeric: true },
          ],
          count: r.people.reduce((sum, p) => sum + p.assignments.length, 0),
          rows: (function* () {
            for (const p of r.people)
              for (const a of p.assignments) {
                const role = roles.get(a.roleId);
                yield [
                  personText(p.email, p.name),
                  role?.label ?? a.roleId,
                  a.path,
                  role ? REACH[role.reach] : '',
                  grantsText.get(a.roleId) ?? '',
                  sourceText.get(a.roleId) ?? '',
                  a.sourceFile,
                  a.sourceLine,
                ];
              }
          })(),
        },
        empty: 'No one holds a role.',
      },
    ],
  };
}

/**
 * Findings the findings report's page lists one by one; past it, the page lists them by rule (each
 * finding has texts of its own, so 372,083 findings made a 320 MB page) and says the CSV and JSON
 * hold every one (docs/reports.md "Size and scale").
 */
export const FINDINGS_LISTED = 20_000;

function findingsPage(r: FindingsReportDoc): ReportPage {
  const many = r.findings.findings.length > FINDINGS_LISTED;
  return {
    kicker: 'Findings: the risks to review first',
    title: r.title,
    notes: many
      ? [
          ...r.notes,
          `${n(r.findings.findings.length)} findings are more than this page lists one by one (${n(FINDINGS_LISTED)}): it lists them by rule. The CSV and JSON of this report hold every finding.`,
        ]
      : r.notes,
    facts: headFacts(r),
    sections: [provenanceSection(r), findingsSection(r.findings, many)],
  };
}

export function pageOf(report: Report): ReportPage {
  if (report.type === 'access-review') return accessReviewPage(report);
  if (report.type === 'who-can') return whoCanPage(report);
  return findingsPage(report);
}
