// The reports made from what the service gathers (electron/services/reports.ts): an access review's
// (or a snapshot's population, every item undecided, when it has no review), who can do what (the
// engine's bulk pass, one person at a time), and the findings.

import type { FindingsReport } from '../findings/findings';
import { effectiveGrants } from '../engine/bulk';
import { labelOf, pathOf, roleOf, type Evaluator } from '../engine/walk';
import { citedRefs } from '../models/seeds';
import type { Provenance } from '../provenance';
import type { ItemDecision, RemediationEntry, ReviewItem, ReviewManifest, ReviewSummary, ReviewVerification } from '../reviews';
import type {
  AccessReviewReport,
  ControlRow,
  FindingsPart,
  FindingsReportDoc,
  PrivilegedUser,
  RemediationRow,
  ReportRole,
  RulesUsed,
  WhoCanReport,
} from './types';

/** The sections of the access review report, by anchor: the control map links to them. */
export const SECTIONS = {
  provenance: 'Where this comes from',
  population: 'Population and completeness',
  privileged: 'Privileged users',
  findings: 'Findings',
  items: 'Every item and its decision',
  remediation: 'Remediation',
  changes: 'Changes since the previous review',
  signoff: 'Sign-off and log',
  controls: 'Control map',
} as const;
export type SectionId = keyof typeof SECTIONS;

const at = (...ids: SectionId[]) => ids.map((id) => ({ id, title: SECTIONS[id] }));

/** Which sections answer which control, each control said in one plain line. */
export const CONTROLS: ControlRow[] = [
  {
    framework: 'SOC 2',
    control: 'CC6.2',
    asks: 'People get access only once authorized, and lose it when they no longer need it.',
    sections: at('population', 'items', 'remediation'),
  },
  {
    framework: 'SOC 2',
    control: 'CC6.3',
    asks: 'Access is granted, changed and removed by role, with least privilege and separated duties.',
    sections: at('privileged', 'findings', 'items', 'remediation'),
  },
  {
    framework: 'ISO 27001:2022',
    control: 'A.5.15',
    asks: 'Access is controlled by rules set from business and security needs.',
    sections: at('provenance', 'findings'),
  },
  {
    framework: 'ISO 27001:2022',
    control: 'A.5.18',
    asks: 'Access rights are given, reviewed at intervals, changed and removed as the rules say.',
    sections: at('items', 'changes', 'remediation', 'signoff'),
  },
  {
    framework: 'ISO 27001:2022',
    control: 'A.8.2',
    asks: 'Privileged access is kept to those who need it and managed.',
    sections: at('privileged', 'findings', 'items'),
  },
];

/** A findings run as reports carry it: its findings and their evidence as the run made them, and the rules with their SHA-256. */
export function findingsPart(
  answer: Pick<FindingsReport, 'referenceDate' | 'today' | 'counts' | 'summary' | 'findings' | 'evidence'>,
  rules: RulesUsed,
): FindingsPart {
  const { referenceDate, today, counts, summary, findings, evidence } = answer;
  return { rules, referenceDate, today, counts, summary, findings, evidence };
}

const platformName = (p: Provenance) => p.snapshot.platformName;

export interface AccessReviewInput {
  provenance: Provenance;
  /** null: the snapshot has no review, and `items` is its population, undecided. */
  review: ReviewSummary | null;
  scope: string | null;
  manifest: Omit<ReviewManifest, 'populationSha256'> & { populationSha256: string | null };
  reviewers: { reviewer: string; items: number; decided: number }[];
  items: ReviewItem[];
  findings: FindingsPart;
  /** The revokes and modifies checked in a later snapshot; null when there is none yet. */
  remediation: { snapshot: { id: number; name: string; importedAt: string }; entries: RemediationEntry[] } | null;
  log: { entries: number; head: string | null; verification: ReviewVerification } | null;
}

export function accessReviewReport(input: AccessReviewInput): AccessReviewReport {
  const { review, items, provenance } = input;
  const byDecision = { keep: 0, revoke: 0, modify: 0, exception: 0, 'dont-know': 0, undecided: 0 };
  const privileged = new Map<string, PrivilegedUser>();
  for (const item of items) byDecision[item.decision?.decision ?? 'undecided']++;
  for (const item of items.filter((i) => i.privileged)) {
    const user = privileged.get(item.email) ?? { email: item.email, name: item.name, access: [] };
    user.access.push({ item: item.number, role: item.role, path: item.path, decision: decisionText(item.decision) });
    privileged.set(item.email, user);
  }
  const remediation = input.remediation;
  const rows: RemediationRow[] = remediation
    ? remediation.entries.map((e) => ({ ...e }))
    : items
        .filter((i) => i.decision?.decision === 'revoke' || i.decision?.decision === 'modify')
        .map((i) => ({
          item: i.number,
          email: i.email,
          name: i.name,
          role: i.role,
          path: i.path,
          decision: i.decision!.decision as 'revoke' | 'modify',
          newRole: i.decision!.role,
          status: 'not-yet-verifiable',
          detail: `not yet verifiable: no snapshot of ${platformName(provenance)} is later than #${provenance.snapshot.id}`,
        }));
  const where = input.scope === null ? '' : ` at ${input.scope}`;
  return {
    formatVersion: 1,
    type: 'access-review',
    title: review
      ? `Access review #${review.id}: ${review.name}`
      : `Access review population of ${platformName(provenance)}${where}: snapshot #${provenance.snapshot.id}`,
    notes: review
      ? review.signOff
        ? []
        : [`This review is not signed off yet: ${review.items - review.decided} of ${review.items} items are undecided.`]
      : [
          `No review has been started on snapshot #${provenance.snapshot.id}: this is its population as a review would freeze it, and every item is undecided.`,
        ],
    provenance,
    review,
    scope: input.scope,
    manifest: input.manifest,
    population: {
      people: new Set(items.map((i) => i.email)).size,
      items: items.length,
      privileged: items.filter((i) => i.privileged).length,
      decided: items.length - byDecision.undecided,
      byDecision,
      reviewers: input.reviewers,
    },
    privilegedUsers: [...privileged.values()],
    findings: input.findings,
    items,
    remediation: { snapshot: remediation?.snapshot ?? null, rows },
    changes: items
      .filter((i) => i.changed !== null)
      .map((i) => ({ item: i.number, email: i.email, role: i.role, path: i.path, changed: i.changed! })),
    signOff: review?.signOff ?? null,
    log: input.log,
    controls: CONTROLS,
  };
}

/** A decision in a few words: `revoke`, `modify to User · organization`, `exception until 2027-03-01`, `undecided`. */
export function decisionText(d: ItemDecision | null): string {
  if (!d) return 'undecided';
  if (d.decision === 'modify') return `modify to ${d.role ?? '?'}`;
  if (d.decision === 'exception') return `exception until ${d.expires ?? '?'}`;
  if (d.decision === 'dont-know') return "don't know";
  return d.decision;
}

/** Who can do what: everyone's role assignments with what each grants, read in one pass (effectiveGrants). */
export function whoCanReport(ev: Evaluator, provenance: Provenance): WhoCanReport {
  const roles = new Map<string, ReportRole>();
  const holders = new Map<string, number>();
  const people: WhoCanReport['people'] = [];
  let grants = 0;
  for (const { user, assignments, grants: held } of effectiveGrants(ev)) {
    for (const a of assignments) {
      if (roles.has(a.roleId)) continue;
      const role = roleOf(ev.model, a.roleId);
      roles.set(a.roleId, {
        id: role.id,
        label: labelOf(ev.model, role),
        reach: role.reach,
        grants: held
          .filter((g) => g.assignmentId === a.id)
          .map((g) => ({ permission: g.permissionId, channels: g.channels, source: citedRefs(g.grantSource) })),
      });
    }
    grants += held.length;
    for (const permission of new Set(held.map((g) => g.permissionId))) holders.set(permission, (holders.get(permission) ?? 0) + 1);
    people.push({
      email: user.email,
      name: user.name,
      assignments: assignments.map((a) => ({
        roleId: a.roleId,
        path: pathOf(ev.view, a.nodeId),
        sourceFile: a.sourceFile,
        sourceLine: a.sourceLine,
      })),
    });
  }
  return {
    formatVersion: 1,
    type: 'who-can',
    title: `Who can do what in ${platformName(provenance)}: snapshot #${provenance.snapshot.id}`,
    notes: [],
    provenance,
    permissions: ev.model.permissions.map((p) => ({ id: p.id, label: p.label, privileged: p.privileged === true })),
    roles: [...roles.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)),
    holders: ev.model.permissions.map((p) => ({ permission: p.id, people: holders.get(p.id) ?? 0 })),
    people,
    grants,
  };
}

export function findingsReport(provenance: Provenance, findings: FindingsPart): FindingsReportDoc {
  return {
    formatVersion: 1,
    type: 'findings',
    title: `Findings in ${platformName(provenance)}: snapshot #${provenance.snapshot.id}`,
    notes: [],
    provenance,
    findings,
  };
}
