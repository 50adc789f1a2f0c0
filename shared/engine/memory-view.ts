// A SnapshotView over plain arrays: used by tests, by the importer to validate before writing, and
// anywhere a snapshot is small enough to hold in memory.

import type { Assignment, SnapshotView, TenantNode, User, UserAssignments } from '../snapshot';
import { compareCodePoints } from './code-point-order';
import { orderPeople } from './people-order';

export interface SnapshotData {
  nodes: TenantNode[];
  users: User[];
  assignments: Assignment[];
}

export function memoryView(data: SnapshotData): SnapshotView {
  const nodeById = new Map(data.nodes.map((n) => [n.id, n]));
  const nodeByPath = new Map(data.nodes.map((n) => [n.path, n]));
  const userById = new Map(data.users.map((u) => [u.id, u]));
  const userByEmail = new Map(data.users.map((u) => [u.email, u]));
  const byUser = new Map<number, Assignment[]>();
  for (const a of data.assignments) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);

  const ancestors = (nodeId: number): TenantNode[] => {
    const chain: TenantNode[] = [];
    for (let n = nodeById.get(nodeId); n; n = n.parentId === null ? undefined : nodeById.get(n.parentId)) chain.unshift(n);
    return chain;
  };
  const isBelow = (nodeId: number, ancestorId: number) => ancestors(nodeId).some((n) => n.id === ancestorId && n.id !== nodeId);
  const subtreeSize = (nodeId: number) => data.nodes.filter((n) => n.id === nodeId || isBelow(n.id, nodeId)).length;
  const assignmentsByUser = (): UserAssignments[] =>
    data.users
      .filter((u) => byUser.has(u.id))
      .sort((a, b) => compareCodePoints(a.email, b.email))
      .map((user) => ({ user, assignments: byUser.get(user.id) ?? [] }));

  let order: Map<number, number> | undefined;
  const peopleOrder = () => (order ??= orderPeople(data.users));

  return {
    node: (id) => nodeById.get(id),
    nodeByPath: (path) => nodeByPath.get(path),
    ancestors,
    children: (parentId) => data.nodes.filter((n) => n.parentId === parentId).sort((a, b) => a.name.localeCompare(b.name)),
    subtreeSize,
    user: (id) => userById.get(id),
    userByEmail: (email) => userByEmail.get(email),
    emailsStartingWith: (prefix, limit) =>
      (prefix === '' ? [] : data.users)
        .map((u) => u.email)
        .filter((e) => e.startsWith(prefix))
        .sort(compareCodePoints)
        .slice(0, limit),
    usersByIds: (ids) => new Map(ids.flatMap((id) => (userById.has(id) ? [[id, userById.get(id) as User]] : []))),
    assignmentsOfUser: (userId) => byUser.get(userId) ?? [],
    assignmentsAt: (nodeIds, roleIds) => data.assignments.filter((a) => nodeIds.includes(a.nodeId) && roleIds.includes(a.roleId)),
    assignmentsBelow: (nodeId, roleIds) =>
      data.assignments.filter((a) => roleIds.includes(a.roleId) && (nodeId === null || isBelow(a.nodeId, nodeId))),
    assignmentsByUser,
    assignmentKeysByUser: () =>
      assignmentsByUser().map(({ user, assignments }) => ({
        user,
        keys: assignments
          .map(({ nodeId, roleId }) => ({ nodeId, roleId }))
          .sort((a, b) => a.nodeId - b.nodeId || compareCodePoints(a.roleId, b.roleId)),
      })),
    eachAssignment: (roleIds, visit) => data.assignments.forEach((a) => roleIds.includes(a.roleId) && visit(a)),
    peopleOrder,
    knownPeopleOrder: () => order,
  };
}
