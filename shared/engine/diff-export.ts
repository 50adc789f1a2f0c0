// Diffs as files: JSON with provenance (both snapshots and their files), and one CSV table of every
// change (people, assignments, effective access) through the injection-safe writer. The CLI and the
// app write the same bytes from here.

import type { Answered, ModelDiffAnswer } from '../api';
import { csvText } from '../csv/write';
import { isWithin } from '../paths';
import { buildProvenance, diffProvenance, type DiffProvenance, type Provenance } from '../provenance';
import type { SnapshotInfo } from '../snapshot';
import type { GrantChange, ModelDiff, PermissionRef } from './model-diff';
import type { PersonAccessChange, SnapshotDiff } from './snapshot-diff';
import type { WhatIfAnswer } from './what-if';

/** What a reader of a diff narrows its access changes to (each one left out: no narrowing). */
export interface DiffFilters {
  /** Only changes of privileged permissions. */
  privileged?: boolean;
  /** Only gains, or only losses. */
  direction?: 'gained' | 'lost';
  /** Only changes made at this tenant (its path) or below it. */
  tenant?: string;
  /** Only changes whose person, permission or place contains this text (any case). */
  search?: string;
}

/** The words a search looks for, or null for none. */
const searchWords = (search: string | undefined) => search?.trim().toLowerCase() || null;

/** Whether any of the texts contains the search (always, without one). */
export function matchesSearch(search: string | undefined, ...texts: string[]): boolean {
  const words = searchWords(search);
  return words === null || texts.some((t) => t.toLowerCase().includes(words));
}

export function filterAccess(access: PersonAccessChange[], filters: DiffFilters): PersonAccessChange[] {
  const { privileged, direction, tenant, search } = filters;
  if (!privileged && !direction && !tenant && searchWords(search) === null) return access;
  return access.filter(
    (c) =>
      (!privileged || c.privileged) &&
      (!direction || c.change === direction) &&
      (!tenant || isWithin(c.scope, tenant)) &&
      matchesSearch(search, c.email, c.name, c.label, c.permission, c.scope),
  );
}

/** The filters a file records in its provenance: those that narrow it. */
function filtersRecorded({ privileged, direction, tenant, search }: DiffFilters): Record<string, string | boolean> {
  const words = search?.trim();
  return {
    ...(privileged ? { privileged: true } : {}),
    ...(direction ? { direction } : {}),
    ...(tenant ? { tenant } : {}),
    ...(words ? { search: words } : {}),
  };
}

export type SnapshotDiffJson = SnapshotDiff & { provenance: DiffProvenance };

/** The diff with its access changes as the filters narrow them (people and assignments as given), the filters recorded. */
export function snapshotDiffJson(diff: SnapshotDiff, filters: DiffFilters, generatedAt: Date): SnapshotDiffJson {
  const question = { kind: 'diff' as const, filters: filtersRecorded(filters) };
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

/** The model diff; with a snapshot, the people it affects as the filters narrow their changes (recorded in the provenance). */
export function modelDiffJson({ diff, impact }: ModelDiffAnswer, generatedAt: Date, filters: DiffFilters = {}): ModelDiffJson {
  const question = {
    kind: 'model-diff' as const,
    filters: { platform: diff.after.platform, from: diff.before.version, to: diff.after.version, ...filtersRecorded(filters) },
  };
  let users: AffectedUser[] | null = null;
  if (impact) {
    const byEmail = new Map<string, AffectedUser>();
    for (const { email, name, change, ...rest } of filterAccess(impact.access, filters)) {
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

/**
 * A model diff as one CSV table, in the columns of a snapshot diff's: each role added, removed or
 * changed (one row per grant it gains or loses, the role in `role`, what happened to the role in
 * `detail`), each permission added, removed or changed, then the affected people's access changes.
 */
export function modelDiffCsv({ diff, impact }: ModelDiffAnswer, filters: DiffFilters = {}): string {
  const roleRows = diff.roles.flatMap((r) => {
    const detail = r.renamedFrom ? `role renamed from ${r.renamedFrom}` : `role ${r.status}`;
    const grant = (change: 'gained' | 'lost') => (g: GrantChange) => [
      'role',
      change,
      '',
      '',
      g.id,
      g.label,
      g.privileged ? 'yes' : 'no',
      '',
      '',
      g.channels.join('+'),
      r.label,
      '',
      detail,
    ];
    const grants = [...r.gained.map(grant('gained')), ...r.lost.map(grant('lost'))];
    return grants.length > 0 ? grants : [['role', r.status, '', '', '', '', '', '', '', '', r.label, '', detail]];
  });
  const permissionRow = (change: string, p: PermissionRef, detail = '') => [
    'permission',
    change,
    '',
    '',
    p.id,
    p.label,
    p.privileged ? 'yes' : 'no',
    '',
    '',
    '',
    '',
    '',
    detail,
  ];
  const rows = [
    ...roleRows,
    ...diff.permissions.added.map((p) => permissionRow('added', p)),
    ...diff.permissions.removed.map((p) => permissionRow('removed', p)),
    ...diff.permissions.changed.map((p) => permissionRow('changed', p, p.changes.join('; '))),
    ...filterAccess(impact?.access ?? [], filters).map(accessRow),
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
