// Diffs as files: JSON with provenance (both snapshots and their files), and one CSV table of every
// change (people, assignments, effective access) through the injection-safe writer. The CLI and the
// app write the same bytes from here.

import type { Answered, ModelDiffAnswer } from '../api';
import { csvText } from '../csv/write';
import { buildProvenance, diffProvenance, type DiffProvenance, type Provenance } from '../provenance';
import type { SnapshotInfo } from '../snapshot';
import type { ModelDiff } from './model-diff';
import type { PersonAccessChange, SnapshotDiff } from './snapshot-diff';
import type { WhatIfAnswer } from './what-if';

/** What a reader of a diff narrows it to. */
export interface DiffFilters {
  /** Only changes of privileged permissions. */
  privileged?: boolean;
}

export function filterAccess(access: PersonAccessChange[], filters: DiffFilters): PersonAccessChange[] {
  return filters.privileged ? access.filter((c) => c.privileged) : access;
}

export type SnapshotDiffJson = SnapshotDiff & { provenance: DiffProvenance };

export function snapshotDiffJson(diff: SnapshotDiff, filters: DiffFilters, generatedAt: Date): SnapshotDiffJson {
  const question = { kind: 'diff' as const, filters: filters.privileged ? { privileged: true } : ({} as Record<string, boolean>) };
  return {
    ...diff,
    access: filterAccess(diff.access, filters),
    provenance: diffProvenance([diff.before, diff.after], question, generatedAt),
  };
}

/** One person's gains and losses under a model change. */
export interface AffectedUser {
  email: string;
  name: string;
  gained: Omit<PersonAccessChange, 'email' | 'name' | 'change'>[];
  lost: Omit<PersonAccessChange, 'email' | 'name' | 'change'>[];
}

/** The model diff's fields at the top, and, with a snapshot, `users`: each affected person with what they gain and lose. */
export type ModelDiffJson = ModelDiff & {
  snapshot: SnapshotInfo | null;
  users: AffectedUser[] | null;
  impactSummary: string | null;
  provenance: DiffProvenance;
};

export function modelDiffJson({ diff, impact }: ModelDiffAnswer, generatedAt: Date): ModelDiffJson {
  const question = {
    kind: 'model-diff' as const,
    filters: { platform: diff.after.platform, from: diff.before.version, to: diff.after.version },
  };
  let users: AffectedUser[] | null = null;
  if (impact) {
    const byEmail = new Map<string, AffectedUser>();
    for (const { email, name, change, ...rest } of impact.access) {
      let user = byEmail.get(email);
      if (!user) byEmail.set(email, (user = { email, name, gained: [], lost: [] }));
      user[change].push(rest);
    }
    users = [...byEmail.values()];
  }
  return {
    ...diff,
    snapshot: impact?.snapshot ?? null,
    users,
    impactSummary: impact?.summary ?? null,
    provenance: diffProvenance(impact ? [impact.snapshot] : [], question, generatedAt),
  };
}

const EXTENT = { here: 'here', 'here-and-below': 'here and below', below: 'below only' } as const;

export const DIFF_CSV_HEADER = [
  'kind',
  'change',
  'email',
  'name',
  'permission',
  'permission_label',
  'privileged',
  'scope',
  'applies',
  'channels',
  'role',
  'source_row',
  'detail',
];

/** Every change of a snapshot diff, one row each: people, then assignments, then effective access. */
export function snapshotDiffCsv(diff: SnapshotDiff, filters: DiffFilters): string {
  const rows = [
    ...diff.users.added.map((email) => ['person', 'added', email]),
    ...diff.users.removed.map((email) => ['person', 'removed', email]),
    ...diff.users.changed.map((u) => [
      'person',
      'changed',
      u.email,
      u.name,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      u.changes.map((c) => `${c.field}: ${c.before ?? 'unknown'} → ${c.after ?? 'unknown'}`).join('; '),
    ]),
    ...diff.assignments.added.map((a) => ['assignment', 'added', a.email, a.name, '', '', '', a.path, '', '', a.role]),
    ...diff.assignments.removed.map((a) => ['assignment', 'removed', a.email, a.name, '', '', '', a.path, '', '', a.role]),
    ...filterAccess(diff.access, filters).map(accessRow),
  ];
  return csvText(DIFF_CSV_HEADER, rows);
}

/** One access change as a row of DIFF_CSV_HEADER; a planned assignment's source is `plan:N`, its change number. */
function accessRow(c: PersonAccessChange): string[] {
  return [
    'access',
    c.change,
    c.email,
    c.name,
    c.permission,
    c.label,
    c.privileged ? 'yes' : 'no',
    c.scope,
    EXTENT[c.extent],
    c.channels.join('+'),
    c.via.role,
    `${c.via.sourceFile}:${c.via.sourceLine}`,
  ];
}

/** A what-if plan's delta as the same table as a snapshot diff's: people the plan adds and removes, then effective access. */
export function whatIfCsv(answer: WhatIfAnswer): string {
  const rows = [
    ...answer.added.map((email) => ['person', 'added', email]),
    ...answer.removed.map((email) => ['person', 'removed', email]),
    ...answer.access.map(accessRow),
  ];
  return csvText(DIFF_CSV_HEADER, rows);
}

export type WhatIfJson = WhatIfAnswer & { snapshot: SnapshotInfo; provenance: Provenance };

/** A what-if plan's delta with the snapshot it was evaluated on and its provenance (the CLI's `what-if --json`). */
export function whatIfJson({ snapshot, answer }: Answered<WhatIfAnswer>, generatedAt: Date): WhatIfJson {
  return { ...answer, snapshot, provenance: buildProvenance(snapshot, { kind: 'what-if' }, generatedAt) };
}

/** Where a change applies, in words: "at X", "at X and below", "below X". */
export function extentText(change: Pick<PersonAccessChange, 'scope' | 'extent'>): string {
  if (change.extent === 'below') return `below ${change.scope}`;
  return change.extent === 'here' ? `at ${change.scope}` : `at ${change.scope} and below`;
}
