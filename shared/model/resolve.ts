import type { Channel, ModelVersion, Permission, Role, RoleGrant, RoleModel, ScopeLevel } from './types';
import { CHANNELS } from './types';

/** A model as it stood in one version: only the roles and grants in force then. */
export interface ResolvedModel {
  model: RoleModel;
  version: ModelVersion;
  permissions: Permission[];
  roles: Role[];
  permissionById: ReadonlyMap<string, Permission>;
  roleById: ReadonlyMap<string, Role>;
  levelIndex: ReadonlyMap<string, number>;
}

export function versionIndex(model: RoleModel, versionId: string | undefined): number {
  if (versionId === undefined) return 0;
  return model.versions.findIndex((v) => v.id === versionId);
}

/** The version in force on `asOf` (YYYY-MM-DD); the newest when `asOf` is omitted. */
export function versionAsOf(model: RoleModel, asOf?: string): ModelVersion {
  if (asOf === undefined) return model.versions[model.versions.length - 1];
  let found = model.versions[0];
  for (const version of model.versions) {
    if (version.effectiveFrom === null || version.effectiveFrom <= asOf) found = version;
  }
  return found;
}

function inForce(model: RoleModel, since: string | undefined, at: number): boolean {
  return versionIndex(model, since) <= at;
}

export function resolveModel(model: RoleModel, versionId?: string): ResolvedModel {
  const version = versionId === undefined ? model.versions[model.versions.length - 1] : model.versions.find((v) => v.id === versionId);
  if (!version) {
    const known = model.versions.map((v) => v.id).join(', ');
    throw new Error(`model ${model.id} has no version "${versionId}" (known: ${known})`);
  }
  const at = versionIndex(model, version.id);
  const roles = model.roles
    .filter((role) => inForce(model, role.since, at))
    .map((role) => ({ ...role, grants: role.grants.filter((g) => inForce(model, g.since, at)) }));
  return {
    model,
    version,
    permissions: model.permissions,
    roles,
    permissionById: new Map(model.permissions.map((p) => [p.id, p])),
    roleById: new Map(roles.map((r) => [r.id, r])),
    levelIndex: new Map(model.levels.map((l, i) => [l.id, i])),
  };
}

export function grantChannels(grant: RoleGrant): Channel[] {
  return grant.channels ?? [...CHANNELS];
}

/** The role's grant of a permission, if any, on the channel (any channel when omitted). */
export function findGrant(role: Role, permissionId: string, channel?: Channel): RoleGrant | undefined {
  return role.grants.find((g) => g.permission === permissionId && (channel === undefined || grantChannels(g).includes(channel)));
}

/** Ids of roles that grant the permission on the channel (any channel when omitted). */
export function rolesGranting(resolved: ResolvedModel, permissionId: string, channel?: Channel): string[] {
  return resolved.roles.filter((r) => findGrant(r, permissionId, channel)).map((r) => r.id);
}

const normalize = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** A permission by id or label, case-insensitively. */
export function findPermission(resolved: ResolvedModel, idOrLabel: string): Permission | undefined {
  const wanted = normalize(idOrLabel);
  return resolved.permissions.find((p) => p.id.toLowerCase() === wanted) ?? resolved.permissions.find((p) => normalize(p.label) === wanted);
}

/** A role by name or alias at a level, case-insensitively. */
export function findRole(resolved: ResolvedModel, name: string, level: string): Role | undefined {
  const wanted = normalize(name);
  return resolved.roles.find((r) => r.level === level && (normalize(r.name) === wanted || r.aliases.some((a) => normalize(a) === wanted)));
}

/** A level's name as it reads inside a sentence: "organization", but "MSSP". */
export function levelWord(level: ScopeLevel): string {
  return level.name === level.name.toUpperCase() ? level.name : level.name.toLowerCase();
}

/**
 * A role as people should read it: its name, and its level where another role of the model has the
 * same name ("Admin · account" and "Admin · organization"), or always with `always`.
 */
export function roleLabel(
  resolved: { model: Pick<RoleModel, 'levels' | 'roles'> },
  role: Pick<Role, 'id' | 'name' | 'level'>,
  options: { always?: boolean } = {},
): string {
  const { model } = resolved;
  const name = normalize(role.name);
  const repeats = options.always || model.roles.some((r) => r.id !== role.id && r.level !== role.level && normalize(r.name) === name);
  if (!repeats) return role.name;
  const level = model.levels.find((l) => l.id === role.level);
  return `${role.name} · ${level ? levelWord(level) : role.level}`;
}
