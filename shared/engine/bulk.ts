// Questions of a whole snapshot (everyone's effective access, what changed between two snapshots),
// answered in one streamed pass over the assignments, user by user, instead of one effectiveAccess()
// per user. A grant is kept where it is made, with its reach: a subtree grant is one record, not one
// per node below it (an account role over 10,000 organizations stays one record).

import { grantChannels, type ResolvedModel } from '../model/resolve';
import type { Channel, Reach, SeedRef } from '../model/types';
import type { Assignment, AssignmentKey, SnapshotView, User, UserAssignmentKeys } from '../snapshot';
import { compareCodePoints } from './code-point-order';
import { pathOf, roleOf, type Evaluator } from './walk';

/**
 * One permission a user holds through one assignment. It applies at the node it is assigned at, and,
 * with reach `subtree`, at every node below it too. Records share their `channels` and `grantSource`
 * arrays with every other record of the same role's grant: read them, never change them.
 */
export interface EffectiveGrant {
  permissionId: string;
  /** The node the role is assigned at, and its path. */
  nodeId: number;
  path: string;
  reach: Reach;
  /** Channels the grant holds on, as the model says. */
  channels: readonly Channel[];
  assignmentId: number;
  roleId: string;
  /** The seed lines behind the grant. */
  grantSource: readonly SeedRef[];
}

/**
 * A user's whole access: one grant per (assignment, permission its role grants), in assignment id
 * order, each assignment's in the model's grant order. Flat records, so a diff can key them by
 * (path, permission), a finding can test them one by one, and a review can group them by assignment;
 * the assignments themselves come along for their source lines.
 */
export interface UserGrants {
  user: User;
  assignments: Assignment[];
  grants: EffectiveGrant[];
}

interface RoleGrants {
  reach: Reach;
  grants: { permissionId: string; channels: readonly Channel[]; grantSource: readonly SeedRef[] }[];
}

/** A role's grants of permissions the model knows, worked out once per role (on first use), not per assignment. */
function grantsByRole(model: ResolvedModel): (roleId: string) => RoleGrants {
  const byRole = new Map<string, RoleGrants>();
  return (roleId) => {
    let found = byRole.get(roleId);
    if (!found) {
      const role = roleOf(model, roleId);
      const grants = role.grants
        .filter((g) => model.permissionById.has(g.permission))
        .map((g) => ({ permissionId: g.permission, channels: grantChannels(g), grantSource: g.source }));
      byRole.set(roleId, (found = { reach: role.reach, grants }));
    }
    return found;
  };
}

/** Every user holding a role with everything they can do, users in email order, one user at a time. */
export function* effectiveGrants(ev: Evaluator): Generator<UserGrants> {
  const grantsOf = grantsByRole(ev.model);
  for (const { user, assignments } of ev.view.assignmentsByUser()) {
    const grants: EffectiveGrant[] = [];
    for (const assignment of assignments) {
      const role = grantsOf(assignment.roleId);
      const path = pathOf(ev.view, assignment.nodeId);
      for (const grant of role.grants) {
        grants.push({
          permissionId: grant.permissionId,
          nodeId: assignment.nodeId,
          path,
          reach: role.reach,
          channels: grant.channels,
          assignmentId: assignment.id,
          roleId: assignment.roleId,
          grantSource: grant.grantSource,
        });
      }
    }
    yield { user, assignments, grants };
  }
}

/**
 * An assignment one snapshot has and the other has not. Snapshots number their users, nodes and
 * assignments each their own way, so an assignment is known by (email, path, role id); emails are
 * compared as stored, which the importer normalizes (trimmed, lowercase).
 */
export interface AssignmentChange {
  change: 'added' | 'removed';
  email: string;
  path: string;
  roleId: string;
  /** The user and node ids in the snapshot that holds the assignment: the later one when added, the earlier when removed. */
  userId: number;
  nodeId: number;
}

/**
 * The assignments added and removed between two snapshots of one platform, ordered by email, then
 * path, then role.
 */
export function* diffAssignments(before: SnapshotView, after: SnapshotView): Generator<AssignmentChange> {
  for (const { then, now } of pairUsers(before, after)) yield* userChanges(before, then, after, now);
}

/** One person in two snapshots: their assignment keys in each (missing where they hold no role there). */
export interface UserPair {
  then?: UserAssignmentKeys;
  now?: UserAssignmentKeys;
}

/**
 * The people of two snapshots side by side, in email order: both views stream their users in the
 * same order, so the two are merged user by user, holding one user's keys from each side at a time.
 */
export function* pairUsers(before: SnapshotView, after: SnapshotView): Generator<UserPair> {
  const earlier = inEmailOrder(before.assignmentKeysByUser(), 'the earlier snapshot');
  const later = inEmailOrder(after.assignmentKeysByUser(), 'the later snapshot');
  let a = earlier.next();
  let b = later.next();
  while (!a.done || !b.done) {
    const order = a.done ? 1 : b.done ? -1 : compareCodePoints(a.value.user.email, b.value.user.email);
    const then = order <= 0 && !a.done ? a.value : undefined;
    const now = order >= 0 && !b.done ? b.value : undefined;
    yield { then, now };
    if (then) a = earlier.next();
    if (now) b = later.next();
  }
}

/** One user's changes, by path then role; the user may be missing from either snapshot. */
function userChanges(
  before: SnapshotView,
  then: UserAssignmentKeys | undefined,
  after: SnapshotView,
  now: UserAssignmentKeys | undefined,
): AssignmentChange[] {
  const removed = then ? keyed(before, then.keys) : new Map<string, AssignmentKey>();
  const added = now ? keyed(after, now.keys) : new Map<string, AssignmentKey>();
  for (const key of removed.keys()) if (added.delete(key)) removed.delete(key);
  const changes: AssignmentChange[] = [];
  if (then) for (const key of removed.values()) changes.push(change('removed', before, then.user, key));
  if (now) for (const key of added.values()) changes.push(change('added', after, now.user, key));
  return changes.sort((x, y) => compareCodePoints(x.path, y.path) || compareCodePoints(x.roleId, y.roleId));
}

/** A user's assignments by (path, role): what the same assignment is in another snapshot. */
export function keyed(view: SnapshotView, keys: AssignmentKey[]): Map<string, AssignmentKey> {
  const byKey = new Map<string, AssignmentKey>();
  for (const key of keys) byKey.set(`${pathOf(view, key.nodeId)}\u0000${key.roleId}`, key);
  return byKey;
}

function change(kind: AssignmentChange['change'], view: SnapshotView, user: User, key: AssignmentKey): AssignmentChange {
  return { change: kind, email: user.email, path: pathOf(view, key.nodeId), roleId: key.roleId, userId: user.id, nodeId: key.nodeId };
}

/** The stream as it comes, refusing one out of email order: merging it would report wrong changes. */
function* inEmailOrder(users: Iterable<UserAssignmentKeys>, which: string): Generator<UserAssignmentKeys> {
  let previous: string | undefined;
  for (const entry of users) {
    if (previous !== undefined && compareCodePoints(previous, entry.user.email) >= 0) {
      throw new Error(`${which} does not list its users in email order (${previous} before ${entry.user.email})`);
    }
    previous = entry.user.email;
    yield entry;
  }
}
