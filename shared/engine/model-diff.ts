// What changed between two role models: two versions of one model (Huntress before and after June
// 2022), or any two models of one platform. Roles are matched by id, permissions by id, constraints
// by kind and role; a role keeps its id across a rename. A grant is a permission on a set of
// channels, so a grant that moves from the UI and the API to the API alone is a loss on the UI only.

import { grantChannels, roleLabel, type ResolvedModel } from '../model/resolve';
import type { Channel, Constraint, Permission, Role } from '../model/types';
import { CHANNELS } from '../model/types';

/** A permission as a diff names it. */
export interface PermissionRef {
  id: string;
  label: string;
  privileged: boolean;
}

/** A permission gained or lost, on the channels where it was (all of them, or only some). */
export interface GrantChange extends PermissionRef {
  channels: Channel[];
}

export interface RoleChange {
  /** The role's id. */
  role: string;
  /** Its name (the later one, where it was renamed) and label ("Admin · organization"). */
  name: string;
  label: string;
  level: string;
  status: 'added' | 'removed' | 'changed';
  /** The earlier name of a role that kept its id under another name. */
  renamedFrom?: string;
  gained: GrantChange[];
  lost: GrantChange[];
}

export interface PermissionChange extends PermissionRef {
  /** What changed about it, e.g. `label: "View Logs" → "View logs"`. */
  changes: string[];
}

export interface ModelSide {
  platform: string;
  name: string;
  version: string;
  effectiveFrom: string | null;
}

export interface ModelDiff {
  before: ModelSide;
  after: ModelSide;
  /** Roles added, removed or changed (renamed, or granting something else); the unchanged are left out. */
  roles: RoleChange[];
  permissions: { added: PermissionRef[]; removed: PermissionRef[]; changed: PermissionChange[] };
  constraints: { added: string[]; removed: string[] };
  /** One line: "1 role changed (+1 grant), 2 added; 0 permissions added". */
  summary: string;
}

export function permissionRef(p: Permission): PermissionRef {
  return { id: p.id, label: p.label, privileged: p.privileged === true };
}

/** The channels each permission is granted on by the role. */
function grantMap(role: Role | undefined): Map<string, Set<Channel>> {
  const map = new Map<string, Set<Channel>>();
  for (const grant of role?.grants ?? []) {
    const channels = map.get(grant.permission) ?? new Set<Channel>();
    for (const c of grantChannels(grant)) channels.add(c);
    map.set(grant.permission, channels);
  }
  return map;
}

/** What `to` grants that `from` does not, permission by permission, on the channels it adds. */
function grantsOnlyIn(to: Map<string, Set<Channel>>, from: Map<string, Set<Channel>>, model: ResolvedModel): GrantChange[] {
  const changes: GrantChange[] = [];
  for (const [permissionId, channels] of to) {
    const had = from.get(permissionId);
    const added = CHANNELS.filter((c) => channels.has(c) && !had?.has(c));
    const permission = model.permissionById.get(permissionId);
    if (added.length > 0 && permission) changes.push({ ...permissionRef(permission), channels: added });
  }
  return changes;
}

function side(model: ResolvedModel): ModelSide {
  return { platform: model.model.id, name: model.model.name, version: model.version.id, effectiveFrom: model.version.effectiveFrom };
}

const constraintText = (c: Constraint, model: ResolvedModel) =>
  `${c.kind}: ${model.roleById.get(c.role)?.name ?? model.model.roles.find((r) => r.id === c.role)?.name ?? c.role}`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The roles whose grants differ between the two models (added and removed roles included): who holds one may see a change. */
export function rolesWithOtherGrants(diff: ModelDiff): Set<string> {
  return new Set(diff.roles.filter((r) => r.gained.length > 0 || r.lost.length > 0).map((r) => r.role));
}

export function diffModels(before: ResolvedModel, after: ResolvedModel): ModelDiff {
  const roles: RoleChange[] = [];
  const ids = [...after.roles.map((r) => r.id), ...before.roles.map((r) => r.id).filter((id) => !after.roleById.has(id))];
  for (const id of ids) {
    const then = before.roleById.get(id);
    const now = after.roleById.get(id);
    const grantsThen = grantMap(then);
    const grantsNow = grantMap(now);
    const gained = grantsOnlyIn(grantsNow, grantsThen, after);
    const lost = grantsOnlyIn(grantsThen, grantsNow, before);
    const role = (now ?? then)!;
    const model = now ? after : before;
    const renamedFrom = then && now && then.name !== now.name ? then.name : undefined;
    const status = !then ? 'added' : !now ? 'removed' : 'changed';
    if (status === 'changed' && gained.length === 0 && lost.length === 0 && renamedFrom === undefined && then!.level === now!.level)
      continue;
    roles.push({
      role: id,
      name: role.name,
      label: roleLabel(model, role),
      level: role.level,
      status,
      ...(renamedFrom !== undefined ? { renamedFrom } : {}),
      gained,
      lost,
    });
  }

  const permissionChanges: PermissionChange[] = [];
  for (const now of after.permissions) {
    const then = before.permissionById.get(now.id);
    if (!then) continue;
    const changes = (['label', 'category', 'level', 'kind'] as const)
      .filter((key) => then[key] !== now[key])
      .map((key) => `${key}: "${then[key]}" → "${now[key]}"`);
    if ((then.privileged === true) !== (now.privileged === true)) changes.push(now.privileged ? 'now privileged' : 'no longer privileged');
    if ((then.planDependent === true) !== (now.planDependent === true))
      changes.push(now.planDependent ? 'now depends on the plan' : 'no longer depends on the plan');
    if (changes.length > 0) permissionChanges.push({ ...permissionRef(now), changes });
  }
  const permissions = {
    added: after.permissions.filter((p) => !before.permissionById.has(p.id)).map(permissionRef),
    removed: before.permissions.filter((p) => !after.permissionById.has(p.id)).map(permissionRef),
    changed: permissionChanges,
  };

  const constraintsThen = new Set(before.model.constraints.map((c) => constraintText(c, before)));
  const constraintsNow = new Set(after.model.constraints.map((c) => constraintText(c, after)));
  const constraints = {
    added: [...constraintsNow].filter((c) => !constraintsThen.has(c)),
    removed: [...constraintsThen].filter((c) => !constraintsNow.has(c)),
  };

  return { before: side(before), after: side(after), roles, permissions, constraints, summary: summarize(roles, permissions, constraints) };
}

function summarize(roles: RoleChange[], permissions: ModelDiff['permissions'], constraints: ModelDiff['constraints']): string {
  const count = (status: RoleChange['status']) => roles.filter((r) => r.status === status).length;
  const changed = roles.filter((r) => r.status === 'changed');
  const gained = changed.reduce((n, r) => n + r.gained.length, 0);
  const lost = changed.reduce((n, r) => n + r.lost.length, 0);
  const grantCounts = [gained > 0 ? `+${gained}` : '', lost > 0 ? `−${lost}` : ''].filter(Boolean).join(' ');
  const parts = [
    `${plural(changed.length, 'role')} changed${grantCounts ? ` (${grantCounts} ${gained + lost === 1 ? 'grant' : 'grants'})` : ''}`,
    `${count('added')} added`,
    `${count('removed')} removed`,
  ];
  const catalog = [`${plural(permissions.added.length, 'permission')} added`, `${permissions.removed.length} removed`];
  if (permissions.changed.length > 0) catalog.push(`${permissions.changed.length} changed`);
  const rules =
    constraints.added.length + constraints.removed.length > 0
      ? [`${plural(constraints.added.length, 'constraint')} added, ${constraints.removed.length} removed`]
      : [];
  return [parts.join(', '), catalog.join(', '), ...rules].join('; ');
}
