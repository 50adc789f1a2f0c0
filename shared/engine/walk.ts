// What every question of the engine shares: the evaluator, the "why" chain of a grant, looking up
// what a question names, and the one walk over a scope (the ancestors whose roles reach down, the
// node itself, everything below it). The model's facts a question needs often (a role's label, the
// roles granting a permission, a role's grant of one) are worked out once per resolved model.

import { normalizeEmail } from '../csv/values';
import { AuditError } from '../errors';
import { findPermission, grantChannels, roleLabel, type ResolvedModel } from '../model/resolve';
import type { Channel, Permission, Reach, Role, RoleGrant, SeedRef } from '../model/types';
import { normalizePath, splitPath } from '../paths';
import type { Assignment, SnapshotView, TenantNode, User } from '../snapshot';
import { distanceWithin, MAX_SUGGESTIONS, nearestEmails, nearestPermissions } from './suggest';

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

const collator = new Intl.Collator();

/** Orders text as `localeCompare` does: answers sort people by email, then by paths and roles. */
export const compareText = collator.compare;

/** Facts of one resolved model, worked out on first use. */
interface ModelFacts {
  labels: Map<string, string>;
  grants: Map<string, Map<string, RoleGrant[]>>;
  granting: Map<string, string[]>;
  granted: Map<string, Granted>;
}

interface Granted {
  channels: Channel[];
  source: SeedRef[];
}

const FACTS = new WeakMap<ResolvedModel, ModelFacts>();

function factsOf(model: ResolvedModel): ModelFacts {
  let facts = FACTS.get(model);
  if (!facts) {
    const grants = new Map<string, Map<string, RoleGrant[]>>();
    for (const role of model.roles) {
      const byPermission = new Map<string, RoleGrant[]>();
      for (const grant of role.grants) byPermission.set(grant.permission, [...(byPermission.get(grant.permission) ?? []), grant]);
      grants.set(role.id, byPermission);
    }
    facts = { labels: new Map(model.roles.map((r) => [r.id, roleLabel(model, r)])), grants, granting: new Map(), granted: new Map() };
    FACTS.set(model, facts);
  }
  return facts;
}

export function labelOf(model: ResolvedModel, role: Role): string {
  return factsOf(model).labels.get(role.id) ?? roleLabel(model, role);
}

/** The role's grant of the permission on the channel (any channel when none is asked), as `findGrant` finds it. */
function grantOf(model: ResolvedModel, role: Role, permissionId: string, channel?: Channel): RoleGrant | undefined {
  const grants = factsOf(model).grants.get(role.id)?.get(permissionId);
  return grants?.find((g) => channel === undefined || grantChannels(g).includes(channel));
}

/**
 * The role's grant of the permission that holds on the question's channel (any channel when none is
 * asked): the channels it really holds on, and its seed lines. Empty when the role grants nothing there.
 * Worked out once per role, permission and channel: answers share the result, and never change it.
 */
export function grantedChannels(model: ResolvedModel, role: Role, permissionId: string, channel?: Channel): Granted {
  const facts = factsOf(model);
  const key = `${role.id}\n${permissionId}\n${channel ?? ''}`;
  let granted = facts.granted.get(key);
  if (!granted) {
    const grant = grantOf(model, role, permissionId, channel);
    granted = grant ? { channels: grantChannels(grant), source: grant.source } : { channels: [], source: [] };
    facts.granted.set(key, granted);
  }
  return granted;
}

/** Ids of the roles that grant the permission on the channel (any channel when omitted), in model order. */
export function rolesGrantingIt(model: ResolvedModel, permissionId: string, channel?: Channel): string[] {
  const facts = factsOf(model);
  const key = `${permissionId}\n${channel ?? ''}`;
  let ids = facts.granting.get(key);
  if (!ids) {
    ids = model.roles.filter((r) => grantOf(model, r, permissionId, channel)).map((r) => r.id);
    facts.granting.set(key, ids);
  }
  return ids;
}

/** The permission by id or label (any case); unknown, an input error suggesting the nearest ones (see nearestPermissions). */
export function requirePermission(model: ResolvedModel, idOrLabel: string): Permission {
  const permission = findPermission(model, idOrLabel);
  if (!permission) {
    throw new AuditError('input', `unknown permission "${idOrLabel}" in ${model.model.name}${suggestPermissions(idOrLabel, model)}`);
  }
  return permission;
}

function suggestPermissions(text: string, model: ResolvedModel): string {
  const near = nearestPermissions(model, text);
  if (near.length === 0) return ' (list them with `permaudit permissions`)';
  return `; did you mean ${near.map((p) => `"${p.label}"`).join(' or ')}?`;
}

/** Candidates listed when a name is ambiguous; beyond them, how many more. */
const MAX_CANDIDATES = 10;

/**
 * The node at a path: exactly as written (names from the root joined by "/", a "/" in a name written
 * "\/"), else in any case, else the one node whose path ends with these names ("Bayside Dental" for
 * "Northwind MSP/Bayside Dental"). Several such nodes are an input error listing their full paths.
 */
export function requireNode(view: SnapshotView, path: string): TenantNode {
  const node = view.nodeByPath(normalizePath(path));
  if (node) return node;
  const matches = nodesEndingWith(view, splitPath(path));
  // A full path in another case comes before a shorter path's ending.
  const whole = matches.filter((m) => m.fromRoot);
  const found = whole.length > 0 ? whole : matches;
  if (found.length === 1) return found[0].node;
  if (found.length === 0) {
    const near = nodesNamedNear(view, splitPath(path).at(-1) ?? '');
    const suggestion = near.length === 0 ? '' : `; did you mean ${near.map((n) => `"${n.path}"`).join(' or ')}?`;
    throw new AuditError('input', `no tenant node at "${path}" (paths are names from the root joined by "/")${suggestion}`);
  }
  const listed = found
    .slice(0, MAX_CANDIDATES)
    .map((m) => `"${m.node.path}"`)
    .join(', ');
  const more = found.length > MAX_CANDIDATES ? ` and ${found.length - MAX_CANDIDATES} more` : '';
  throw new AuditError('input', `"${path}" could be any of ${found.length} tenant nodes; give the full path of one: ${listed}${more}`);
}

const foldName = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Nodes whose last names are `names`, in any case, in tree order (each level by name); `fromRoot`
 * where the names are the whole path. One walk over the tree, only when the exact path is not in it.
 */
function nodesEndingWith(view: SnapshotView, names: string[]): { node: TenantNode; fromRoot: boolean }[] {
  const wanted = names.map(foldName);
  const found: { node: TenantNode; fromRoot: boolean }[] = [];
  if (wanted.length === 0) return found;
  const last = wanted[wanted.length - 1];
  const chain: string[] = [];
  const visit = (node: TenantNode) => {
    chain.push(foldName(node.name));
    if (
      chain[chain.length - 1] === last &&
      chain.length >= wanted.length &&
      wanted.every((w, i) => chain[chain.length - wanted.length + i] === w)
    ) {
      found.push({ node, fromRoot: chain.length === wanted.length });
    }
    for (const child of view.children(node.id)) visit(child);
    chain.pop();
  };
  for (const root of view.children(null)) visit(root);
  return found;
}

/** Nodes whose name is within a typo or two of `name` (one per 4 letters, at least one), nearest first, then in tree order. */
function nodesNamedNear(view: SnapshotView, name: string): TenantNode[] {
  const wanted = foldName(name);
  if (wanted === '') return [];
  const typos = Math.max(1, Math.floor(wanted.length / 4));
  const near: { node: TenantNode; distance: number }[] = [];
  const visit = (node: TenantNode) => {
    const distance = distanceWithin(wanted, foldName(node.name), typos);
    if (distance <= typos) near.push({ node, distance });
    for (const child of view.children(node.id)) visit(child);
  };
  for (const root of view.children(null)) visit(root);
  return near
    .sort((a, b) => a.distance - b.distance)
    .slice(0, MAX_SUGGESTIONS)
    .map((n) => n.node);
}

/** The user by email (any case); unknown, an input error suggesting the nearest emails of the snapshot (see nearestEmails). */
export function requireUser(view: SnapshotView, email: string): User {
  const wanted = normalizeEmail(email);
  const user = view.userByEmail(wanted);
  if (!user) {
    const near = nearestEmails(view, wanted);
    const suggestion = near.length === 0 ? '' : `; did you mean ${near.map((e) => `"${e}"`).join(' or ')}?`;
    throw new AuditError('input', `no user with email "${email}" in this snapshot${suggestion}`);
  }
  return user;
}

export function roleOf(model: ResolvedModel, roleId: string): Role {
  const role = model.roleById.get(roleId);
  if (!role) throw new AuditError('input', `role "${roleId}" is not in ${model.model.name} version ${model.version.id}`);
  return role;
}

export function pathOf(view: SnapshotView, nodeId: number): string {
  return view.node(nodeId)?.path ?? `#${nodeId}`;
}

export function chainFor(
  ev: Evaluator,
  assignment: Assignment,
  role: Role,
  permissionId: string,
  channels: Channel[],
  grantSource: SeedRef[],
): GrantChain {
  return {
    assignmentId: assignment.id,
    roleId: role.id,
    role: role.name,
    roleLabel: labelOf(ev.model, role),
    assignedAt: pathOf(ev.view, assignment.nodeId),
    reach: role.reach,
    permissionId,
    channels,
    grantSource,
    sourceFile: assignment.sourceFile,
    sourceLine: assignment.sourceLine,
  };
}

/** Copies what the export said about the person onto an answer's entry (only what it said). */
export function addPersonFacts<T extends PersonFacts>(entry: T, user: User): T {
  if (user.status !== undefined) entry.status = user.status;
  if (user.mfa !== undefined) entry.mfa = user.mfa;
  if (user.lastLogin !== undefined) entry.lastLogin = user.lastLogin;
  return entry;
}

/** Where an assignment stands to a scope: at an ancestor (and reaching down to it), at it, or below it. */
export type Placement = 'above' | 'at' | 'below';

export interface PlacedAssignment {
  assignment: Assignment;
  role: Role;
  placement: Placement;
}

/**
 * The one walk over a scope: the assignments of `roleIds` that bear on it. Roles at the scope's
 * ancestors that reach down to it, roles at the scope, then roles strictly below it. Without a scope,
 * the whole tenancy, seen from a top above every root: every assignment is `below`.
 */
export function assignmentsInScope(ev: Evaluator, scope: TenantNode | undefined, roleIds: string[]): PlacedAssignment[] {
  return [...(scope ? assignmentsAbove(ev, scope, roleIds) : []), ...assignmentsAtAndBelow(ev, scope, roleIds)];
}

/** The walk's first part: roles at the scope's ancestors that reach down to it (the same for every tenant under one parent). */
export function assignmentsAbove(ev: Evaluator, scope: TenantNode, roleIds: string[]): PlacedAssignment[] {
  const reachingDown = roleIds.filter((id) => ev.model.roleById.get(id)?.reach === 'subtree');
  const above = ev.view
    .ancestors(scope.id)
    .slice(0, -1)
    .map((n) => n.id);
  if (reachingDown.length === 0 || above.length === 0) return [];
  return place(ev, ev.view.assignmentsAt(above, reachingDown), 'above');
}

/** The walk's rest: roles at the scope, then below it (everywhere, as `below`, without a scope). */
export function assignmentsAtAndBelow(ev: Evaluator, scope: TenantNode | undefined, roleIds: string[]): PlacedAssignment[] {
  if (roleIds.length === 0) return [];
  if (!scope) return place(ev, ev.view.assignmentsBelow(null, roleIds), 'below');
  return [
    ...place(ev, ev.view.assignmentsAt([scope.id], roleIds), 'at'),
    ...place(ev, ev.view.assignmentsBelow(scope.id, roleIds), 'below'),
  ];
}

function place(ev: Evaluator, assignments: Assignment[], placement: Placement): PlacedAssignment[] {
  return assignments.map((assignment) => ({ assignment, role: roleOf(ev.model, assignment.roleId), placement }));
}

/** The people behind some assignments, looked up together. */
export function peopleOf(ev: Evaluator, placed: readonly PlacedAssignment[]): Map<number, User> {
  return ev.view.usersByIds([...new Set(placed.map((p) => p.assignment.userId))]);
}

/** Does a role assigned at `assignedAt` apply at `target`, whose ancestors (itself included) are `ancestorIds`? */
export function appliesAt(role: Role, assignedAt: number, target: TenantNode, ancestorIds: ReadonlySet<number>): boolean {
  return assignedAt === target.id || (role.reach === 'subtree' && ancestorIds.has(assignedAt));
}

export function ancestorIdsOf(view: SnapshotView, nodeId: number): Set<number> {
  return new Set(view.ancestors(nodeId).map((n) => n.id));
}
