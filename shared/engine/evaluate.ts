// The evaluation engine: who can do what, where, and why. It asks a SnapshotView narrow questions
// (assignments of these roles at these nodes), so answers cost what the answer is, not what the
// snapshot is: who-can starts from the few roles that grant a permission, never from every user.

import { normalizeEmail } from '../csv/values';
import { AuditError } from '../errors';
import { findGrant, findPermission, grantChannels, roleLabel, rolesGranting, type ResolvedModel } from '../model/resolve';
import { CHANNELS, type Channel, type Permission, type Reach, type Role, type SeedRef } from '../model/types';
import { normalizePath } from '../paths';
import type { Assignment, SnapshotView, TenantNode, User } from '../snapshot';

export interface Evaluator {
  model: ResolvedModel;
  view: SnapshotView;
}

/** One link of a "why" chain: this assignment, of this role, grants this, and reaches there. */
export interface GrantChain {
  assignmentId: number;
  roleId: string;
  /** The vendor's name for the role ("Admin"). */
  role: string;
  /** The role as people should read it: the name, with its level where the name repeats across levels ("Admin · account"). */
  roleLabel: string;
  /** Path of the node the role is assigned at. */
  assignedAt: string;
  reach: Reach;
  permissionId: string;
  /** Channels the grant holds on, as the model says: a channel filter in the question selects grants, never narrows this. */
  channels: Channel[];
  /** The seed lines behind the grant. */
  grantSource: SeedRef[];
  /** The import row behind the assignment. */
  sourceFile: string;
  sourceLine: number;
}

/** What the export said about a person, where it said it: a reviewer looks at these first. */
export type PersonFacts = Pick<User, 'status' | 'mfa' | 'lastLogin'>;

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

/**
 * A matrix cell: `all` the user can do it at the matrix's scope on every channel, `ui`/`api` there
 * only on that channel, `below` not there but at some node below it, `none` nowhere in scope. The
 * scope of a matrix asked without one is the whole tenancy: its single root, or, when the snapshot
 * has several roots, a top above them all (so nothing is granted "there", only below).
 */
export type MatrixCell = 'all' | 'ui' | 'api' | 'below' | 'none';

export interface MatrixRow extends PersonFacts {
  userId: number;
  email: string;
  name: string;
  /** The user's roles that apply here or below, as `Role @ path`. */
  roles: string[];
  /** One cell per permission, in the matrix's permission order. */
  cells: MatrixCell[];
}

export interface AccessMatrix {
  /** The node the cells are about; null for a top above several roots (see MatrixCell). */
  scope: string | null;
  permissions: Permission[];
  rows: MatrixRow[];
}

export function requirePermission(model: ResolvedModel, idOrLabel: string): Permission {
  const permission = findPermission(model, idOrLabel);
  if (!permission) {
    throw new AuditError('input', `unknown permission "${idOrLabel}" in ${model.model.name}${suggest(idOrLabel, model)}`);
  }
  return permission;
}

function suggest(text: string, model: ResolvedModel): string {
  const needle = text.toLowerCase();
  const close = model.permissions.filter(
    (p) => p.label.toLowerCase().includes(needle) || p.id.includes(needle) || needle.includes(p.label.toLowerCase()),
  );
  if (close.length === 0) return ' (list them with `permaudit permissions`)';
  return `; did you mean ${close.slice(0, 3).map((p) => `"${p.label}"`).join(' or ')}?`;
}

export function requireNode(view: SnapshotView, path: string): TenantNode {
  const node = view.nodeByPath(normalizePath(path));
  if (!node) throw new AuditError('input', `no tenant node at "${path}" (paths are names from the root joined by "/")`);
  return node;
}

export function requireUser(view: SnapshotView, email: string): User {
  const user = view.userByEmail(normalizeEmail(email));
  if (!user) throw new AuditError('input', `no user with email "${email}" in this snapshot`);
  return user;
}

function roleOf(model: ResolvedModel, roleId: string): Role {
  const role = model.roleById.get(roleId);
  if (!role) throw new AuditError('input', `role "${roleId}" is not in ${model.model.name} version ${model.version.id}`);
  return role;
}

function chainFor(
  ev: Evaluator,
  assignment: Assignment,
  role: Role,
  permissionId: string,
  channels: Channel[],
  grantSource: SeedRef[],
): GrantChain {
  const node = ev.view.node(assignment.nodeId);
  return {
    assignmentId: assignment.id,
    roleId: role.id,
    role: role.name,
    roleLabel: roleLabel(ev.model, role),
    assignedAt: node ? node.path : `#${assignment.nodeId}`,
    reach: role.reach,
    permissionId,
    channels,
    grantSource,
    sourceFile: assignment.sourceFile,
    sourceLine: assignment.sourceLine,
  };
}

/**
 * The role's grant of the permission that holds on the question's channel (any channel when none is
 * asked): the channels it really holds on, and its seed lines. Empty when the role grants nothing there.
 */
function grantedChannels(role: Role, permissionId: string, channel?: Channel): { channels: Channel[]; source: SeedRef[] } {
  const grant = findGrant(role, permissionId, channel);
  if (!grant) return { channels: [], source: [] };
  return { channels: grantChannels(grant), source: grant.source };
}

function personFacts(user: User): PersonFacts {
  const facts: PersonFacts = {};
  if (user.status !== undefined) facts.status = user.status;
  if (user.mfa !== undefined) facts.mfa = user.mfa;
  if (user.lastLogin !== undefined) facts.lastLogin = user.lastLogin;
  return facts;
}

function compareEntries(a: WhoCanEntry, b: WhoCanEntry): number {
  return a.email.localeCompare(b.email) || a.assignedAt.localeCompare(b.assignedAt) || a.role.localeCompare(b.role);
}

/**
 * Who can do the permission: within `scopePath` (its ancestors' roles that reach it, roles at it, and
 * roles below it), or anywhere when no scope is given.
 */
export function whoCan(ev: Evaluator, permissionIdOrLabel: string, scopePath?: string, channel?: Channel): WhoCanAnswer {
  const permission = requirePermission(ev.model, permissionIdOrLabel);
  const roleIds = rolesGranting(ev.model, permission.id, channel);
  const scope = scopePath === undefined ? undefined : requireNode(ev.view, scopePath);
  const users = new Map<number, User>();
  const entries: WhoCanEntry[] = [];

  const add = (assignment: Assignment, appliesAt: string, includesBelow: boolean) => {
    const role = roleOf(ev.model, assignment.roleId);
    const granted = grantedChannels(role, permission.id, channel);
    let user = users.get(assignment.userId);
    if (!user) {
      user = ev.view.user(assignment.userId);
      if (!user) return;
      users.set(user.id, user);
    }
    const chain = chainFor(ev, assignment, role, permission.id, granted.channels, granted.source);
    entries.push({ ...chain, userId: user.id, email: user.email, name: user.name, ...personFacts(user), scope: appliesAt, includesBelow });
  };

  if (roleIds.length > 0) {
    if (!scope) {
      for (const a of ev.view.assignmentsBelow(null, roleIds)) {
        const role = roleOf(ev.model, a.roleId);
        add(a, ev.view.node(a.nodeId)?.path ?? '', role.reach === 'subtree');
      }
    } else {
      const above = ev.view.ancestors(scope.id).slice(0, -1);
      const reaching = ev.view
        .assignmentsAt(
          above.map((n) => n.id),
          roleIds,
        )
        .filter((a) => roleOf(ev.model, a.roleId).reach === 'subtree');
      for (const a of reaching) add(a, scope.path, true);
      for (const a of ev.view.assignmentsAt([scope.id], roleIds)) {
        add(a, scope.path, roleOf(ev.model, a.roleId).reach === 'subtree');
      }
      for (const a of ev.view.assignmentsBelow(scope.id, roleIds)) {
        add(a, ev.view.node(a.nodeId)?.path ?? '', roleOf(ev.model, a.roleId).reach === 'subtree');
      }
    }
  }
  entries.sort(compareEntries);
  return { permission, scope: scope?.path ?? null, channel: channel ?? null, entries };
}

function reaches(role: Role, assignedAt: number, target: TenantNode, ancestorIds: Set<number>): boolean {
  return assignedAt === target.id || (role.reach === 'subtree' && ancestorIds.has(assignedAt));
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
  const ancestorIds = new Set(ev.view.ancestors(target.id).map((n) => n.id));
  const reasons: Reason[] = [];

  const assignments = ev.view.assignmentsOfUser(user.id);
  if (assignments.length === 0) reasons.push({ kind: 'no-assignments', text: `${user.email} holds no roles in this snapshot` });

  for (const assignment of assignments) {
    const role = roleOf(ev.model, assignment.roleId);
    const anyChannel = grantedChannels(role, permission.id);
    const onChannel = grantedChannels(role, permission.id, channel);
    const chain = chainFor(ev, assignment, role, permission.id, onChannel.channels, anyChannel.source);
    const applies = reaches(role, assignment.nodeId, target, ancestorIds);
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
  const grantingRoles = rolesGranting(ev.model, permission.id, channel).map((id) => roleLabel(ev.model, roleOf(ev.model, id), { always: true }));
  return { allowed, user, permission, scope: target.path, channel: channel ?? null, reasons, grantingRoles };
}

/** Everything the user can do, node by node: at each node where the user holds a role. */
export function effectiveAccess(ev: Evaluator, email: string): UserAccess {
  const user = requireUser(ev.view, email);
  const assignments = ev.view.assignmentsOfUser(user.id);
  const nodeIds = [...new Set(assignments.map((a) => a.nodeId))];
  const nodes = nodeIds.map((id) => ev.view.node(id)).filter((n): n is TenantNode => n !== undefined);
  nodes.sort((a, b) => a.path.localeCompare(b.path));
  const order = new Map(ev.model.permissions.map((p, i) => [p.id, i]));

  const result: NodeAccess[] = nodes.map((node) => {
    const ancestorIds = new Set(ev.view.ancestors(node.id).map((n) => n.id));
    const applying = assignments.filter((a) => reaches(roleOf(ev.model, a.roleId), a.nodeId, node, ancestorIds));
    const byPermission = new Map<string, EffectivePermission>();
    const roles: string[] = [];
    let reachesDown = false;
    for (const assignment of applying) {
      const role = roleOf(ev.model, assignment.roleId);
      const assignedAt = ev.view.node(assignment.nodeId)?.path ?? '';
      roles.push(`${roleLabel(ev.model, role)} @ ${assignedAt}`);
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
    const permissions = [...byPermission.values()].sort(
      (a, b) => (order.get(a.permission.id) ?? 0) - (order.get(b.permission.id) ?? 0),
    );
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

/** Per role, the cell it contributes for each permission when it applies at the matrix's scope itself. */
function roleCells(model: ResolvedModel, permissions: Permission[], channel?: Channel): Map<string, MatrixCell[]> {
  const cells = new Map<string, MatrixCell[]>();
  for (const role of model.roles) {
    cells.set(
      role.id,
      permissions.map((p) => {
        const granted = grantedChannels(role, p.id, channel).channels;
        if (granted.length === 0) return 'none';
        return granted.length === CHANNELS.length ? 'all' : granted[0];
      }),
    );
  }
  return cells;
}

const CELL_RANK: Record<MatrixCell, number> = { none: 0, below: 1, ui: 2, api: 2, all: 3 };

function mergeCell(current: MatrixCell, next: MatrixCell): MatrixCell {
  if ((current === 'ui' && next === 'api') || (current === 'api' && next === 'ui')) return 'all';
  return CELL_RANK[next] > CELL_RANK[current] ? next : current;
}

/**
 * Users × permissions at a node: each user whose roles apply at the node or below it, each cell what
 * the user can do at the node itself (or `below` where it is only granted further down). Without a
 * scope, the whole tenancy: at its root, or, with several roots, at a top above them (see MatrixCell).
 */
export function accessMatrix(ev: Evaluator, scopePath?: string, channel?: Channel): AccessMatrix {
  const permissions = ev.model.permissions;
  const allRoles = ev.model.roles.map((r) => r.id);
  const roots = ev.view.children(null);
  const scope = scopePath !== undefined ? requireNode(ev.view, scopePath) : roots.length === 1 ? roots[0] : undefined;
  const cellsOfRole = roleCells(ev.model, permissions, channel);
  const rows = new Map<number, MatrixRow>();

  const apply = (assignment: Assignment, here: boolean) => {
    let row = rows.get(assignment.userId);
    if (!row) {
      const user = ev.view.user(assignment.userId);
      if (!user) return;
      row = { userId: user.id, email: user.email, name: user.name, ...personFacts(user), roles: [], cells: permissions.map(() => 'none') };
      rows.set(user.id, row);
    }
    const role = roleOf(ev.model, assignment.roleId);
    row.roles.push(`${roleLabel(ev.model, role)} @ ${ev.view.node(assignment.nodeId)?.path ?? ''}`);
    const contributed = cellsOfRole.get(role.id) ?? [];
    for (let i = 0; i < contributed.length; i++) {
      if (contributed[i] === 'none') continue;
      row.cells[i] = mergeCell(row.cells[i], here ? contributed[i] : 'below');
    }
  };

  if (!scope) {
    for (const a of ev.view.assignmentsBelow(null, allRoles)) apply(a, false);
  } else {
    const above = ev.view.ancestors(scope.id).slice(0, -1).map((n) => n.id);
    for (const a of ev.view.assignmentsAt(above, allRoles)) {
      if (roleOf(ev.model, a.roleId).reach === 'subtree') apply(a, true);
    }
    for (const a of ev.view.assignmentsAt([scope.id], allRoles)) apply(a, true);
    for (const a of ev.view.assignmentsBelow(scope.id, allRoles)) apply(a, false);
  }
  const sorted = [...rows.values()].sort((a, b) => a.email.localeCompare(b.email));
  return { scope: scope?.path ?? null, permissions, rows: sorted };
}
