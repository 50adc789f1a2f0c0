// Who can do a permission within a scope: every grant that applies there, with who holds it and why.
// It starts from the few roles that grant the permission, never from every user.

import type { Channel, Permission } from '../model/types';
import {
  assignmentsInScope,
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

function compareEntries(a: WhoCanEntry, b: WhoCanEntry): number {
  return compareText(a.email, b.email) || compareText(a.assignedAt, b.assignedAt) || compareText(a.role, b.role);
}

/**
 * Who can do the permission: within `scopePath` (its ancestors' roles that reach it, roles at it, and
 * roles below it, each applying where it is assigned), or anywhere when no scope is given.
 */
export function whoCan(ev: Evaluator, permissionIdOrLabel: string, scopePath?: string, channel?: Channel): WhoCanAnswer {
  const permission = requirePermission(ev.model, permissionIdOrLabel);
  const scope = scopePath === undefined ? undefined : requireNode(ev.view, scopePath);
  const placed = assignmentsInScope(ev, scope, rolesGrantingIt(ev.model, permission.id, channel));
  const people = peopleOf(ev, placed);
  const entries: WhoCanEntry[] = [];
  for (const { assignment, role, placement } of placed) {
    const user = people.get(assignment.userId);
    if (!user) continue;
    const granted = grantedChannels(ev.model, role, permission.id, channel);
    const entry: WhoCanEntry = {
      assignmentId: assignment.id,
      roleId: role.id,
      role: role.name,
      roleLabel: labelOf(ev.model, role),
      assignedAt: pathOf(ev.view, assignment.nodeId),
      reach: role.reach,
      permissionId: permission.id,
      channels: granted.channels,
      grantSource: granted.source,
      sourceFile: assignment.sourceFile,
      sourceLine: assignment.sourceLine,
      userId: user.id,
      email: user.email,
      name: user.name,
      // A role above the scope, or at it, applies at the scope; one below applies where it is assigned.
      scope: scope && placement !== 'below' ? scope.path : pathOf(ev.view, assignment.nodeId),
      includesBelow: role.reach === 'subtree',
    };
    addPersonFacts(entry, user);
    entries.push(entry);
  }
  entries.sort(compareEntries);
  return { permission, scope: scope?.path ?? null, channel: channel ?? null, entries };
}
