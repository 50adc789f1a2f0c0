// How many people have access at each tenant: those holding a role there or below it (the tree's
// userCount), and those whose role above it reaches down (an account Admin at every organization).
// The same people a scoped Users list and who-can count, so every view gives one number.

import type { TreeNode } from '../api';
import type { Evaluator } from './evaluate';

/** Node id → distinct people with access there. */
export function peopleWithAccess(
  tree: readonly Pick<TreeNode, 'id' | 'parentId' | 'childIds' | 'userCount'>[],
  ev: Evaluator,
): Map<number, number> {
  const byId = new Map(tree.map((n) => [n.id, n]));
  const counts = new Map(tree.map((n) => [n.id, n.userCount]));
  const reachingRoles = ev.model.roles.filter((r) => r.reach === 'subtree').map((r) => r.id);
  const withChildren = tree.filter((n) => n.childIds.length > 0).map((n) => n.id);

  // Per person, the nodes above others where a role of theirs reaches down.
  const tops = new Map<number, number[]>();
  for (const a of ev.view.assignmentsAt(withChildren, reachingRoles)) tops.set(a.userId, [...(tops.get(a.userId) ?? []), a.nodeId]);

  for (const [userId, nodeIds] of tops) {
    // Nodes whose subtree holds a role of theirs: there they are in userCount already.
    const counted = new Set<number>();
    for (const a of ev.view.assignmentsOfUser(userId)) {
      for (let n = byId.get(a.nodeId); n && !counted.has(n.id); n = n.parentId === null ? undefined : byId.get(n.parentId))
        counted.add(n.id);
    }
    const seen = new Set<number>();
    for (const pending = [...nodeIds]; pending.length > 0;) {
      const id = pending.pop() as number;
      if (seen.has(id)) continue;
      seen.add(id);
      if (!counted.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
      pending.push(...(byId.get(id)?.childIds ?? []));
    }
  }
  return counts;
}
