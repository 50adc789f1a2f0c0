// A person's effective access, tenant by tenant: at each node where they hold a role, every role of
// theirs that applies there (assigned there, or above it and reaching down) and what it grants.

import { grantChannels } from '../model/resolve';
import type { Channel, Permission } from '../model/types';
import type { Assignment, TenantNode, User } from '../snapshot';
import {
  ancestorIdsOf,
  appliesAt,
  chainFor,
  compareText,
  labelOf,
  pathOf,
  requireUser,
  roleOf,
  type Evaluator,
  type GrantChain,
} from './walk';

export interface EffectivePermission {
  permission: Permission;
  /** Every assignment that grants it here. */
  via: GrantChain[];
  /** Union of channels over `via`. */
  channels: Channel[];
}

export interface NodeAccess {
  node: TenantNode;
  /** The user's roles that apply here, as `Role @ path`. */
  roles: string[];
  permissions: EffectivePermission[];
  /** Tenant nodes this access covers: the node, and every node below it where a role applying here reaches down. */
  reachCount: number;
}

export interface UserAccess {
  user: User;
  /** One entry per node where the user holds a role, root first. */
  nodes: NodeAccess[];
  /** Distinct tenant nodes the user's roles reach (an account Admin reaches every organization below). */
  reachCount: number;
}

/** Everything the user can do, node by node: at each node where the user holds a role. */
export function effectiveAccess(ev: Evaluator, email: string): UserAccess {
  const user = requireUser(ev.view, email);
  const assignments = ev.view.assignmentsOfUser(user.id);
  const nodeIds = [...new Set(assignments.map((a) => a.nodeId))];
  const nodes = nodeIds.map((id) => ev.view.node(id)).filter((n): n is TenantNode => n !== undefined);
  nodes.sort((a, b) => compareText(a.path, b.path));
  const order = new Map(ev.model.permissions.map((p, i) => [p.id, i]));

  const result: NodeAccess[] = nodes.map((node) => {
    const ancestorIds = ancestorIdsOf(ev.view, node.id);
    const applying = assignments.filter((a) => appliesAt(roleOf(ev.model, a.roleId), a.nodeId, node, ancestorIds));
    const byPermission = new Map<string, EffectivePermission>();
    const roles: string[] = [];
    let reachesDown = false;
    for (const assignment of applying) {
      const role = roleOf(ev.model, assignment.roleId);
      roles.push(`${labelOf(ev.model, role)} @ ${pathOf(ev.view, assignment.nodeId)}`);
      if (role.reach === 'subtree') reachesDown = true;
      for (const grant of role.grants) {
        const permission = ev.model.permissionById.get(grant.permission);
        if (!permission) continue;
        const entry = byPermission.get(permission.id) ?? { permission, via: [], channels: [] };
        const channels = grantChannels(grant);
        entry.via.push(chainFor(ev, assignment, role, permission.id, channels, grant.source));
        entry.channels = [...new Set([...entry.channels, ...channels])].sort().reverse() as Channel[];
        byPermission.set(permission.id, entry);
      }
    }
    const permissions = [...byPermission.values()].sort((a, b) => (order.get(a.permission.id) ?? 0) - (order.get(b.permission.id) ?? 0));
    return { node, roles, permissions, reachCount: reachesDown ? ev.view.subtreeSize(node.id) : 1 };
  });
  return { user, nodes: result, reachCount: reachCount(ev, assignments) };
}

/** Distinct nodes the assignments reach: each subtree role's whole subtree, each other role's node. */
function reachCount(ev: Evaluator, assignments: Assignment[]): number {
  const subtreeTops = new Set<number>();
  const single = new Set<number>();
  for (const a of assignments) (roleOf(ev.model, a.roleId).reach === 'subtree' ? subtreeTops : single).add(a.nodeId);
  const covered = (nodeId: number, includeSelf: boolean) =>
    ev.view.ancestors(nodeId).some((n) => (includeSelf || n.id !== nodeId) && subtreeTops.has(n.id));
  let count = 0;
  for (const id of subtreeTops) if (!covered(id, false)) count += ev.view.subtreeSize(id);
  for (const id of single) if (!covered(id, true)) count++;
  return count;
}
