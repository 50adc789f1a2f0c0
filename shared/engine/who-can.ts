// Who can do a permission within a scope: every grant that applies there, with who holds it and why.
// It starts from the few roles that grant the permission, never from every user.

import type { Channel, Permission } from '../model/types';
import type { SnapshotView, TenantNode } from '../snapshot';
import { peopleComparer, sortByPerson } from './people-order';
import {
  assignmentsAbove,
  assignmentsAtAndBelow,
  addPersonFacts,
  compareText,
  grantedChannels,
  pathOf,
  peopleOf,
  labelOf,
  requireNode,
  requirePermission,
  rolesGrantingIt,
  type Evaluator,
  type PlacedAssignment,
  type GrantChain,
  type PersonFacts,
} from './walk';

export interface WhoCanEntry extends GrantChain, PersonFacts {
  userId: number;
  email: string;
  name: string;
  /** Path of the node where the grant applies within the question's scope. */
  scope: string;
  /** True when it applies at `scope` and every node below it. */
  includesBelow: boolean;
}

export interface WhoCanAnswer {
  permission: Permission;
  scope: string | null;
  channel: Channel | null;
  entries: WhoCanEntry[];
}

/** Entries of one person: by where the role is assigned, then by role. */
function samePerson(a: WhoCanEntry, b: WhoCanEntry): number {
  return compareText(a.assignedAt, b.assignedAt) || compareText(a.role, b.role);
}

/** Entries built and sorted by person (see people-order.ts), then as samePerson orders them. */
function sortedEntries(ev: Evaluator, placed: PlacedAssignment[], permission: Permission, channel: Channel | undefined, scopePath: string | undefined): WhoCanEntry[] {
  const people = peopleOf(ev, placed);
  // What an entry takes from its role and its node, looked up once per role and node.
  const ofRole = new Map<string, { label: string; granted: ReturnType<typeof grantedChannels> }>();
  const paths = new Map<number, string>();
  const entries: WhoCanEntry[] = [];
  for (const { assignment, role, placement } of placed) {
    const user = people.get(assignment.userId);
    if (!user) continue;
    let roleFacts = ofRole.get(role.id);
    if (!roleFacts) ofRole.set(role.id, (roleFacts = { label: labelOf(ev.model, role), granted: grantedChannels(ev.model, role, permission.id, channel) }));
    let assignedAt = paths.get(assignment.nodeId);
    if (assignedAt === undefined) paths.set(assignment.nodeId, (assignedAt = pathOf(ev.view, assignment.nodeId)));
    const entry: WhoCanEntry = {
      assignmentId: assignment.id,
      roleId: role.id,
      role: role.name,
      roleLabel: roleFacts.label,
      assignedAt,
      reach: role.reach,
      permissionId: permission.id,
      channels: roleFacts.granted.channels,
      grantSource: roleFacts.granted.source,
      sourceFile: assignment.sourceFile,
      sourceLine: assignment.sourceLine,
      userId: user.id,
      email: user.email,
      name: user.name,
      // A role above the scope, or at it, applies at the scope; one below applies where it is assigned.
      scope: scopePath !== undefined && placement !== 'below' ? scopePath : assignedAt,
      includesBelow: role.reach === 'subtree',
    };
    addPersonFacts(entry, user);
    entries.push(entry);
  }
  return sortByPerson(entries, personOf, ev.view.knownPeopleOrder(), samePerson);
}

const personOf = (entry: WhoCanEntry) => ({ id: entry.userId, email: entry.email, name: entry.name });

/**
 * What reaches a tenant from above is the same for every tenant under one parent (an MSSP's staff
 * reach each of its organizations), but for `scope`: kept per snapshot view, for the most recent
 * questions, and copied into each answer.
 */
const FROM_ABOVE = new WeakMap<SnapshotView, Map<string, WhoCanEntry[]>>();
const KEPT_FROM_ABOVE = 256;

function fromAbove(ev: Evaluator, scope: TenantNode, permission: Permission, roleIds: string[], channel?: Channel): WhoCanEntry[] {
  let kept = FROM_ABOVE.get(ev.view);
  if (!kept) FROM_ABOVE.set(ev.view, (kept = new Map()));
  const key = `${ev.model.model.id}@${ev.model.version.id}\n${scope.parentId}\n${permission.id}\n${channel ?? ''}`;
  let found = kept.get(key);
  if (!found) {
    found = sortedEntries(ev, assignmentsAbove(ev, scope, roleIds), permission, channel, '');
    if (kept.size >= KEPT_FROM_ABOVE) kept.delete(kept.keys().next().value as string);
    kept.set(key, found);
  }
  return found;
}

/** Two lists each sorted by person, merged into one (the first's entries first among equals). */
function merge(ev: Evaluator, a: WhoCanEntry[], b: WhoCanEntry[]): WhoCanEntry[] {
  const byPerson = peopleComparer(ev.view.knownPeopleOrder());
  const merged: WhoCanEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) merged.push((byPerson(personOf(a[i]), personOf(b[j])) || samePerson(a[i], b[j])) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) merged.push(a[i++]);
  while (j < b.length) merged.push(b[j++]);
  return merged;
}

/**
 * Who can do the permission: within `scopePath` (its ancestors' roles that reach it, roles at it, and
 * roles below it, each applying where it is assigned), or anywhere when no scope is given.
 */
export function whoCan(ev: Evaluator, permissionIdOrLabel: string, scopePath?: string, channel?: Channel): WhoCanAnswer {
  const permission = requirePermission(ev.model, permissionIdOrLabel);
  const scope = scopePath === undefined ? undefined : requireNode(ev.view, scopePath);
  const roleIds = rolesGrantingIt(ev.model, permission.id, channel);
  const here = sortedEntries(ev, assignmentsAtAndBelow(ev, scope, roleIds), permission, channel, scope?.path);
  if (!scope) return { permission, scope: null, channel: channel ?? null, entries: here };
  const above = fromAbove(ev, scope, permission, roleIds, channel).map((entry) => ({ ...entry, scope: scope.path }));
  return { permission, scope: scope.path, channel: channel ?? null, entries: merge(ev, above, here) };
}
