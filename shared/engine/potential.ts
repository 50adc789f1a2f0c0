// Potential access: what a person could give themselves. A permission that assigns roles (the model's
// `assigns`: which roles, where) lets its holder give anyone, themselves included, those roles; a role
// given that way may carry another such permission, and so on. Each permission the person could gain
// this way, and does not hold today, is reported with its path, one hop a line (as PMapper explains
// an escalation): `own@… CAN Delete scans at Hexa Ltd/Web Estate THRU ‘…’ at Hexa Ltd`.
// Worked out person by person from their effective grants (bulk.ts), so a whole snapshot is one pass.

import { grantChannels, type ResolvedModel } from '../model/resolve';
import type { Assigns, Channel, Permission, Reach, Role, SeedRef } from '../model/types';
import type { TenantNode, User } from '../snapshot';
import { effectiveGrants, type EffectiveGrant, type UserGrants } from './bulk';
import { labelOf, pathOf, roleOf, type Evaluator } from './walk';

/** One hop of a path: a permission the person holds (or gained at an earlier hop) gives them a role somewhere. */
export interface PotentialHop {
  permissionId: string;
  /** The permission as the model labels it. */
  permission: string;
  /** Where the permission is held, and through which role. */
  heldAt: string;
  heldAs: string;
  /** The role it gives, and where. */
  roleId: string;
  gives: string;
  givesAt: string;
  /** The seed lines saying the permission gives that role. */
  source: readonly SeedRef[];
}

/** A permission the person could give themselves, where (with the reach of the role that carries it), and how. */
export interface PotentialGrant {
  permissionId: string;
  nodeId: number;
  path: string;
  reach: Reach;
  channels: readonly Channel[];
  /** The role that would carry it, and the seed lines behind its grant. */
  roleId: string;
  grantSource: readonly SeedRef[];
  /** The assignment the person holds today that starts the path. */
  assignmentId: number;
  hops: PotentialHop[];
}

/** A path as the app shows it: the hops, then the role gained granting the permission (with the vendor's lines for that grant). */
export interface PotentialPath {
  permission: string;
  /** Where the permission would be gained. */
  at: string;
  /** The role gained, as people read it ("Admin · group"), its id, and the vendor's name for it ("Admin"). */
  role: string;
  roleId: string;
  roleName: string;
  grantSource: readonly SeedRef[];
  hops: readonly PotentialHop[];
}

/** A potential grant's path as the app shows it. */
export function pathShown(ev: Evaluator, grant: PotentialGrant): PotentialPath {
  const role = roleOf(ev.model, grant.roleId);
  return {
    permission: ev.model.permissionById.get(grant.permissionId)?.label ?? grant.permissionId,
    at: grant.path,
    role: labelOf(ev.model, role),
    roleId: grant.roleId,
    roleName: role.name,
    grantSource: grant.grantSource,
    hops: grant.hops,
  };
}

export interface UserPotential extends UserGrants {
  potential: PotentialGrant[];
}

interface Facts {
  /** Permission id → what it assigns. */
  assigns: Map<string, Assigns>;
  /** Roles by the depth of the level they are assigned at. */
  byDepth: Role[][];
  /** Role id → the permissions it grants that the model knows (as effective grants carry them). */
  grantedBy: Map<string, Set<string>>;
}

const FACTS = new WeakMap<ResolvedModel, Facts>();

function factsOf(model: ResolvedModel): Facts {
  let facts = FACTS.get(model);
  if (!facts) {
    const assigns = new Map<string, Assigns>();
    for (const p of model.permissions) if (p.assigns) assigns.set(p.id, p.assigns);
    const byDepth: Role[][] = model.model.levels.map(() => []);
    for (const role of model.roles) byDepth[model.levelIndex.get(role.level) ?? -1]?.push(role);
    const grantedBy = new Map(
      model.roles.map((r) => [r.id, new Set(r.grants.map((g) => g.permission).filter((id) => model.permissionById.has(id)))]),
    );
    FACTS.set(model, (facts = { assigns, byDepth, grantedBy }));
  }
  return facts;
}

/** Whether the model says any permission gives roles (without it, nobody has potential access). */
export function hasAssigningPermissions(model: ResolvedModel): boolean {
  return factsOf(model).assigns.size > 0;
}

/** A permission held somewhere, from which roles can be given: today's, or one gained at an earlier hop. */
interface Assigner {
  permissionId: string;
  nodeId: number;
  reach: Reach;
  heldAs: string;
  assignmentId: number;
  hops: PotentialHop[];
}

/**
 * What one person could give themselves beyond their effective grants, each with its shortest path
 * (fewest hops; among equals, the first of their assignments in order). Only permissions they do not
 * hold where they would gain them count; with `wanted`, only those it accepts (the same as filtering
 * the whole answer, but roles that would give nothing wanted, nor a way on, are not walked).
 */
export function potentialOf(
  ev: Evaluator,
  grants: readonly EffectiveGrant[],
  wanted?: (permissionId: string) => boolean,
): PotentialGrant[] {
  const facts = factsOf(ev.model);
  const queue: Assigner[] = [];
  for (const g of grants)
    if (facts.assigns.has(g.permissionId))
      queue.push({
        permissionId: g.permissionId,
        nodeId: g.nodeId,
        reach: g.reach,
        heldAs: labelOf(ev.model, ev.model.roleById.get(g.roleId) as Role),
        assignmentId: g.assignmentId,
        hops: [],
      });
  if (queue.length === 0) return [];

  // What the person holds today: at each node, the permissions reaching down from it, and those held
  // there only, as one set per assignment. Grants come assignment by assignment; an assignment with
  // every grant of its role (the usual case) shares the role's set instead of building its own.
  const below = new Map<number, Set<string>[]>();
  const only = new Map<number, Set<string>[]>();
  const given = new Set<string>();
  for (let i = 0, end = 0; i < grants.length; i = end) {
    const g = grants[i];
    while (end < grants.length && grants[end].assignmentId === g.assignmentId) end++;
    const role = facts.grantedBy.get(g.roleId);
    const held = role?.size === end - i ? role : new Set(grants.slice(i, end).map((h) => h.permissionId));
    const into = g.reach === 'subtree' ? below : only;
    const sets = into.get(g.nodeId);
    if (sets) sets.push(held);
    else into.set(g.nodeId, [held]);
    given.add(`${g.roleId}@${g.nodeId}`);
  }
  const anyHas = (sets: Set<string>[] | undefined, permissionId: string) => sets !== undefined && sets.some((set) => set.has(permissionId));
  /** Held at the node already, for a role of this reach: reaching down from it or above; at it alone, for a role of the node only. */
  const holds = (permissionId: string, node: TenantNode, reach: Reach) => {
    if (reach === 'node' && anyHas(only.get(node.id), permissionId)) return true;
    // Up the parents (asked for every role at every place, so without building the ancestors' list).
    for (let n: TenantNode | undefined = node; n; n = n.parentId === null ? undefined : ev.view.node(n.parentId))
      if (anyHas(below.get(n.id), permissionId)) return true;
    return false;
  };
  /** Whether giving the role there gains something wanted, or a permission that gives roles in turn. */
  const adds = (role: Role, node: TenantNode) =>
    role.grants.some(
      (g) => (wanted === undefined || wanted(g.permission) || facts.assigns.has(g.permission)) && !holds(g.permission, node, role.reach),
    );

  const found: PotentialGrant[] = [];
  const seen = new Set<string>();
  for (let next = 0; next < queue.length; next++) {
    const from = queue[next];
    const assigns = facts.assigns.get(from.permissionId) as Assigns;
    const start = ev.view.node(from.nodeId);
    if (!start) continue;
    const rolesAt = (depth: number): Role[] =>
      (assigns.roles === 'any' ? facts.byDepth[depth] : (facts.byDepth[depth] ?? []).filter((r) => assigns.roles.includes(r.id))) ?? [];
    const downward = from.reach === 'subtree' || assigns.where === 'here-and-below';
    const deepest = downward ? facts.byDepth.length - 1 : start.depth;
    // Nothing to gain anywhere below when every role it gives is held reaching down from here already.
    let gains = false;
    for (let d = start.depth; d <= deepest && !gains; d++) gains = rolesAt(d).some((r) => adds(r, start));
    if (!gains) continue;

    const permission = ev.model.permissionById.get(from.permissionId) as Permission;
    const visit = (node: TenantNode) => {
      for (const role of rolesAt(node.depth)) {
        const key = `${role.id}@${node.id}`;
        if (given.has(key) || !adds(role, node)) continue;
        given.add(key);
        const path = pathOf(ev.view, node.id);
        const hops = [
          ...from.hops,
          {
            permissionId: permission.id,
            permission: permission.label,
            heldAt: pathOf(ev.view, from.nodeId),
            heldAs: from.heldAs,
            roleId: role.id,
            gives: labelOf(ev.model, role),
            givesAt: path,
            source: assigns.source,
          },
        ];
        for (const grant of role.grants) {
          if (holds(grant.permission, node, role.reach)) continue;
          const at = `${grant.permission}@${node.id}@${role.reach}`;
          if (!seen.has(at) && (wanted === undefined || wanted(grant.permission))) {
            seen.add(at);
            found.push({
              permissionId: grant.permission,
              nodeId: node.id,
              path,
              reach: role.reach,
              channels: grantChannels(grant),
              roleId: role.id,
              grantSource: grant.source,
              assignmentId: from.assignmentId,
              hops,
            });
          }
          if (facts.assigns.has(grant.permission))
            queue.push({
              permissionId: grant.permission,
              nodeId: node.id,
              reach: role.reach,
              heldAs: labelOf(ev.model, role),
              assignmentId: from.assignmentId,
              hops,
            });
        }
      }
      if (downward && node.depth < deepest) for (const child of ev.view.children(node.id)) visit(child);
    };
    visit(start);
  }
  return found;
}

/** Everyone's effective grants with what they could give themselves, one person at a time (see effectiveGrants). */
export function* potentialGrants(ev: Evaluator): Generator<UserPotential> {
  for (const person of effectiveGrants(ev)) yield { ...person, potential: potentialOf(ev, person.grants) };
}

/** Hops held at one place together: `‘A’ and ‘B’ at Hexa Ltd`. */
export function thruText(hops: readonly PotentialHop[]): string {
  const groups: { at: string; labels: string[] }[] = [];
  for (const hop of hops) {
    const last = groups.at(-1);
    if (last?.at === hop.heldAt) last.labels.push(`‘${hop.permission}’`);
    else groups.push({ at: hop.heldAt, labels: [`‘${hop.permission}’`] });
  }
  return groups.map((g) => `${g.labels.join(' and ')} at ${g.at}`).join(', then ');
}

/** The first line of a path: `own@… CAN Delete scans at Hexa Ltd/Web Estate THRU ‘…’ at Hexa Ltd`. */
export const canLine = (email: string, permission: string, at: string, hops: readonly PotentialHop[]) =>
  `${email} CAN ${permission} at ${at} THRU ${thruText(hops)}`;

/** One hop of a path: `own@… gives themselves Admin · group at … with ‘…’ (held as Owner at Hexa Ltd)`. */
export const hopLine = (email: string, h: PotentialHop) =>
  `${email} gives themselves ${h.gives} at ${h.givesAt} with ‘${h.permission}’ (held as ${h.heldAs} at ${h.heldAt})`;

/** A potential grant as people read it: the `CAN … THRU …` line, then one line per hop, indented. */
export function potentialLines(ev: Evaluator, user: Pick<User, 'email'>, grant: PotentialGrant): string[] {
  const label = ev.model.permissionById.get(grant.permissionId)?.label ?? grant.permissionId;
  const below = grant.reach === 'subtree' && ev.view.children(grant.nodeId).length > 0 ? ' and below' : '';
  return [canLine(user.email, label, `${grant.path}${below}`, grant.hops), ...grant.hops.map((h) => `   ${hopLine(user.email, h)}`)];
}
