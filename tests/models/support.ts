// Helpers that let seed-coverage tests read like the seed sentences they check.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { findGrant, findPermission, grantChannels, resolveModel } from '../../shared/model/resolve';
import type { Channel, RoleModel } from '../../shared/model/types';

export const seedLines = (file: string) => fs.readFileSync(path.resolve(__dirname, '../../resources/seeds', file), 'utf8').split('\n');

export function roleAbility(model: RoleModel, version?: string) {
  const resolved = resolveModel(model, version);
  const permission = (label: string) => {
    const p = findPermission(resolved, label);
    if (!p) throw new Error(`no permission "${label}" in ${model.id}`);
    return p;
  };
  const role = (id: string) => {
    const r = resolved.roleById.get(id);
    if (!r) throw new Error(`no role "${id}" in ${model.id} ${resolved.version.id}`);
    return r;
  };
  /** The channels on which the role has the permission ([] when it has not). */
  const channels = (roleId: string, label: string): Channel[] => {
    const grant = findGrant(role(roleId), permission(label).id);
    return grant ? grantChannels(grant) : [];
  };
  return {
    resolved,
    permission,
    role,
    channels,
    can: (roleId: string, ...labels: string[]) =>
      labels.forEach((l) => expect(channels(roleId, l), `${roleId} can ${l}`).toEqual(['ui', 'api'])),
    cannot: (roleId: string, ...labels: string[]) =>
      labels.forEach((l) => expect(channels(roleId, l), `${roleId} cannot ${l}`).toEqual([])),
    grantedIds: (roleId: string) =>
      role(roleId)
        .grants.map((g) => g.permission)
        .sort(),
    hasRole: (roleId: string) => resolved.roleById.has(roleId),
    /** What holding the permission lets one give: the roles (`any`, or ids sorted) and where. */
    gives: (label: string) => {
      const assigns = permission(label).assigns;
      if (!assigns) return undefined;
      return { roles: assigns.roles === 'any' ? 'any' : [...assigns.roles].sort(), where: assigns.where };
    },
  };
}

/** Runs every line's assertions and checks the table covers exactly the seed's capability lines. */
export function expectCoverage(capabilityLines: number[], table: Record<number, () => void>) {
  expect(
    Object.keys(table)
      .map(Number)
      .sort((a, b) => a - b),
  ).toEqual([...capabilityLines].sort((a, b) => a - b));
}
