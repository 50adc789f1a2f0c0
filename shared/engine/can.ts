// Can this person do the permission at this tenant? With every reason for and against: each of their
// assignments either grants it here, applies here without granting it, grants it only on another
// channel, or grants it somewhere that does not reach here.

import { roleLabel } from '../model/resolve';
import type { Channel, Permission } from '../model/types';
import type { User } from '../snapshot';
import {
  ancestorIdsOf,
  appliesAt,
  chainFor,
  grantedChannels,
  requireNode,
  requirePermission,
  requireUser,
  roleOf,
  rolesGrantingIt,
  type Evaluator,
  type GrantChain,
} from './walk';

export type ReasonKind =
  /** This assignment grants the permission here. */
  | 'grants'
  /** The role applies here but does not include the permission. */
  | 'role-lacks-permission'
  /** The role grants it, but only on another channel. */
  | 'other-channel'
  /** The role grants it, but is assigned elsewhere and does not reach here. */
  | 'out-of-reach'
  /** The user has no role assignments at all. */
  | 'no-assignments'
  /** A caveat: whether the capability exists at all depends on the customer's plan. */
  | 'plan-dependent';

export interface Reason {
  kind: ReasonKind;
  text: string;
  chain?: GrantChain;
}

export interface CanAnswer {
  allowed: boolean;
  user: User;
  permission: Permission;
  scope: string;
  channel: Channel | null;
  reasons: Reason[];
  /** Names of roles that would grant it (helps a reviewer see what is missing). */
  grantingRoles: string[];
}

function reachText(chain: GrantChain): string {
  return chain.reach === 'subtree' ? `${chain.assignedAt} and everything below it` : `${chain.assignedAt} only`;
}

function channelText(channels: Channel[]): string {
  return channels.length === 2 ? 'UI and API' : channels.map((c) => c.toUpperCase()).join('');
}

/** Can the user do the permission at the node (on the channel)? With every reason for and against. */
export function can(ev: Evaluator, email: string, permissionIdOrLabel: string, scopePath: string, channel?: Channel): CanAnswer {
  const permission = requirePermission(ev.model, permissionIdOrLabel);
  const user = requireUser(ev.view, email);
  const target = requireNode(ev.view, scopePath);
  const ancestorIds = ancestorIdsOf(ev.view, target.id);
  const reasons: Reason[] = [];

  const assignments = ev.view.assignmentsOfUser(user.id);
  if (assignments.length === 0) reasons.push({ kind: 'no-assignments', text: `${user.email} holds no roles in this snapshot` });

  for (const assignment of assignments) {
    const role = roleOf(ev.model, assignment.roleId);
    const anyChannel = grantedChannels(ev.model, role, permission.id);
    const onChannel = channel === undefined ? anyChannel : grantedChannels(ev.model, role, permission.id, channel);
    const chain = chainFor(ev, assignment, role, permission.id, onChannel.channels, anyChannel.source);
    const applies = appliesAt(role, assignment.nodeId, target, ancestorIds);
    const at = `${chain.roleLabel} at ${chain.assignedAt}`;
    if (applies && onChannel.channels.length > 0) {
      const how = channelText(onChannel.channels);
      const inherited = assignment.nodeId === target.id ? '' : `, which reaches ${target.path}`;
      reasons.push({ kind: 'grants', text: `${at} grants "${permission.label}" (${how})${inherited}`, chain });
    } else if (applies && anyChannel.channels.length > 0) {
      const text = `${at} grants "${permission.label}" only through the ${channelText(anyChannel.channels)}, not the ${channelText([channel as Channel])}`;
      reasons.push({ kind: 'other-channel', text, chain: { ...chain, channels: anyChannel.channels } });
    } else if (applies) {
      reasons.push({ kind: 'role-lacks-permission', text: `${at} applies here but does not grant "${permission.label}"`, chain });
    } else if (onChannel.channels.length > 0) {
      reasons.push({
        kind: 'out-of-reach',
        text: `${at} grants "${permission.label}", but applies to ${reachText(chain)}, not ${target.path}`,
        chain,
      });
    }
  }
  if (permission.planDependent) {
    reasons.push({ kind: 'plan-dependent', text: `"${permission.label}" is only available on some ${ev.model.model.name} plans` });
  }
  const allowed = reasons.some((r) => r.kind === 'grants');
  const grantingRoles = rolesGrantingIt(ev.model, permission.id, channel).map((id) =>
    roleLabel(ev.model, roleOf(ev.model, id), { always: true }),
  );
  return { allowed, user, permission, scope: target.path, channel: channel ?? null, reasons, grantingRoles };
}
