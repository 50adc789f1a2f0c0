// The effective access one person gains and loses between two states: two snapshots, one snapshot
// under two models, or a snapshot and a plan. Each state is the person's assignments with the view
// and model that read them. A grant is kept where it is made, with its reach (as bulk.ts keeps it);
// a grant of the later state is gained unless the earlier state already held that permission on that
// channel there (at the same node with at least the same reach, or through a subtree grant above
// it), and the other way round for a loss. So a role swap that keeps a permission (Protect Analyst
// → Org Admin, both granting View Logs at one organization) loses nothing; moving an account role
// down to one organization loses the others. Nodes are matched by path: ids are per snapshot.

import { grantChannels, type ResolvedModel } from '../model/resolve';
import type { Channel, Reach } from '../model/types';
import type { Assignment, SnapshotView } from '../snapshot';
import { compareCodePoints } from './code-point-order';
import type { Permission } from '../model/types';
import { labelOf, pathOf } from './walk';

export type Extent = 'here' | 'here-and-below' | 'below';

export interface AccessSide {
  view: SnapshotView;
  model: ResolvedModel;
  assignments: readonly Assignment[];
}

/** The assignment behind a change: the later state's for a gain, the earlier's for a loss. */
export interface Via {
  assignmentId: number;
  roleId: string;
  /** The role as people read it ("Admin · organization"). */
  role: string;
  assignedAt: string;
  sourceFile: string;
  sourceLine: number;
}

export interface AccessChange {
  change: 'gained' | 'lost';
  /** The permission's id, its label, and whether the model marks it privileged. */
  permission: string;
  label: string;
  privileged: boolean;
  /** The node the grant is made at: the change applies there, there and below, or only below it (where the other state held it there alone). */
  scope: string;
  extent: Extent;
  channels: Channel[];
  via: Via;
}

interface Held {
  permissionId: string;
  channel: Channel;
  nodeId: number;
  path: string;
  reach: Reach;
  assignment: Assignment;
}

/** Every (permission, channel) a state's assignments grant, where and how far. */
function heldBy(side: AccessSide): Held[] {
  const held: Held[] = [];
  for (const assignment of side.assignments) {
    const role = side.model.roleById.get(assignment.roleId);
    if (!role) continue;
    const path = pathOf(side.view, assignment.nodeId);
    for (const grant of role.grants) {
      if (!side.model.permissionById.has(grant.permission)) continue;
      for (const channel of grantChannels(grant)) {
        held.push({ permissionId: grant.permission, channel, nodeId: assignment.nodeId, path, reach: role.reach, assignment });
      }
    }
  }
  return held;
}

/** For each permission and channel, the widest reach held at each path (maps by key: no key text built per grant). */
type HeldIndex = Map<string, Record<Channel, Map<string, Reach> | undefined>>;

function indexOf(held: Held[]): HeldIndex {
  const index: HeldIndex = new Map();
  for (const h of held) {
    let channels = index.get(h.permissionId);
    if (!channels) index.set(h.permissionId, (channels = { ui: undefined, api: undefined }));
    const at = (channels[h.channel] ??= new Map());
    if (at.get(h.path) !== 'subtree') at.set(h.path, h.reach);
  }
  return index;
}

/**
 * Where the other state lacks what this grant gives: nowhere (it held it there, with at least the
 * same reach, or through a subtree grant above), only below the node (it held it at the node alone),
 * or everywhere this grant applies.
 */
function uncovered(h: Held, above: (nodeId: number) => string[], other: HeldIndex): Extent | null {
  const extent: Extent = h.reach === 'subtree' ? 'here-and-below' : 'here';
  const at = other.get(h.permissionId)?.[h.channel];
  if (!at) return extent;
  const here = at.get(h.path);
  if (here === 'subtree' || (here === 'node' && h.reach === 'node')) return null;
  if (above(h.nodeId).some((path) => at.get(path) === 'subtree')) return null;
  return here === 'node' ? 'below' : extent;
}

function changesOf(change: AccessChange['change'], side: AccessSide, held: Held[], other: HeldIndex): AccessChange[] {
  const byGrant = new Map<string, AccessChange>();
  // The paths above each node, looked up once per node: a person's grants are made at a few nodes.
  const paths = new Map<number, string[]>();
  const above = (nodeId: number) => {
    let found = paths.get(nodeId);
    if (!found)
      paths.set(
        nodeId,
        (found = side.view
          .ancestors(nodeId)
          .slice(0, -1)
          .map((node) => node.path)),
      );
    return found;
  };
  for (const h of held) {
    const extent = uncovered(h, above, other);
    if (extent === null) continue;
    const key = `${h.assignment.id}\n${h.permissionId}\n${extent}`;
    const known = byGrant.get(key);
    if (known) {
      known.channels.push(h.channel);
      continue;
    }
    const role = side.model.roleById.get(h.assignment.roleId)!;
    byGrant.set(key, {
      change,
      ...permissionFields(side.model.permissionById.get(h.permissionId)!),
      scope: h.path,
      extent,
      channels: [h.channel],
      via: {
        assignmentId: h.assignment.id,
        roleId: role.id,
        role: labelOf(side.model, role),
        assignedAt: h.path,
        sourceFile: h.assignment.sourceFile,
        sourceLine: h.assignment.sourceLine,
      },
    });
  }
  return [...byGrant.values()];
}

const permissionFields = (p: Permission) => ({ permission: p.id, label: p.label, privileged: p.privileged === true });

/** Privileged first, then gains before losses, then by permission, place and role. */
export function compareChanges(a: AccessChange, b: AccessChange): number {
  return (
    Number(b.privileged) - Number(a.privileged) ||
    (a.change === b.change ? 0 : a.change === 'gained' ? -1 : 1) ||
    compareCodePoints(a.label, b.label) ||
    compareCodePoints(a.scope, b.scope) ||
    compareCodePoints(a.via.role, b.via.role)
  );
}

/** What one person gains and loses from `before` to `after`, privileged changes first. */
export function accessDelta(before: AccessSide, after: AccessSide): AccessChange[] {
  const then = heldBy(before);
  const now = heldBy(after);
  return [...changesOf('gained', after, now, indexOf(then)), ...changesOf('lost', before, then, indexOf(now))].sort(compareChanges);
}
