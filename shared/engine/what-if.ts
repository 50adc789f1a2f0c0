// What-if plans: proposed changes to a snapshot (add or remove an assignment, remove a person, move
// a person's roles from one tenant to another, give or take a permission from a role) evaluated
// without touching the snapshot. The answer is the effective-access delta, as a snapshot diff gives
// it: who would gain and lose what, where, and through which assignment (a planned one is cited as
// the plan's change number). A plan is plain JSON (docs/what-if.md), checked by its zod schema.

import * as z from 'zod';
import { AuditError } from '../errors';
import { findRole, roleLabel, type ResolvedModel } from '../model/resolve';
import { Channel, type Role } from '../model/types';
import { text } from '../schema';
import type { Assignment, SnapshotView, User } from '../snapshot';
import { accessDelta } from './access-delta';
import { accessSummary, countAccess, groupByPerson, type PersonAccessChange } from './snapshot-diff';
import { requireNode, requireUser, requirePermission } from './walk';

const email = text({ nonEmpty: true, max: 320 });
const path = text({ nonEmpty: true, max: 2000 });
const role = text({ nonEmpty: true, max: 200 }).describe(
  'A role id (`org-admin`) or name (`Admin`), at the level of the tenant it is assigned at.',
);
const permission = text({ nonEmpty: true, max: 200 }).describe('A permission id or label.');

export const PlanChange = z.discriminatedUnion('op', [
  z
    .strictObject({ op: z.literal('add'), email, name: text({ max: 255 }).optional(), role, scope: path })
    .describe('Assign a role to a person at a tenant (a new person when the email is not in the snapshot).'),
  z.strictObject({ op: z.literal('remove'), email, role, scope: path }).describe("Remove one of a person's assignments."),
  z.strictObject({ op: z.literal('remove-person'), email }).describe('Remove every assignment of a person (offboarding).'),
  z
    .strictObject({ op: z.literal('move'), email, from: path, to: path })
    .describe("Move a person's roles at one tenant to another tenant of the same level."),
  z
    .strictObject({ op: z.literal('grant'), role, permission, channels: z.array(Channel).min(1).optional() })
    .describe('A role grants a permission (on these channels; default: all).'),
  z.strictObject({ op: z.literal('revoke'), role, permission }).describe('A role no longer grants a permission.'),
]);
export type PlanChange = z.infer<typeof PlanChange>;

export const Plan = z
  .strictObject({
    formatVersion: z.literal(1),
    name: text({ nonEmpty: true, max: 200 }),
    description: text({ max: 2000 }).optional(),
    changes: z.array(PlanChange).max(10_000),
  })
  .describe('A Permission Auditor what-if plan (docs/what-if.md).');
export type Plan = z.infer<typeof Plan>;

export interface WhatIfAnswer {
  plan: string;
  /** People the plan brings in (not in the snapshot), and people it leaves with no role at all. */
  added: string[];
  removed: string[];
  /** Each person whose access the plan changes, privileged changes first. Planned assignments are cited as `plan` at the change's number. */
  access: PersonAccessChange[];
  /** People with a gain, and the gains alone: what `--no-new-access` refuses. */
  gainers: number;
  gained: number;
  summary: string;
}

/** The role a plan names: by id, or by name (or alias) at a level. */
function planRole(model: ResolvedModel, name: string, level?: string): Role {
  const byId = model.roleById.get(name);
  if (byId && (level === undefined || byId.level === level)) return byId;
  const levels = level === undefined ? model.model.levels.map((l) => l.id) : [level];
  const found = levels.map((l) => findRole(model, name, l)).filter((r): r is Role => r !== undefined);
  if (found.length === 1) return found[0];
  const where = level === undefined ? '' : ` at the ${model.model.levels.find((l) => l.id === level)?.name ?? level} level`;
  if (found.length > 1)
    throw new AuditError('input', `role "${name}" is at several levels; give its id (${found.map((r) => r.id).join(', ')})`);
  throw new AuditError('input', `unknown role "${name}"${where} in ${model.model.name} version ${model.version.id}`);
}

/** Runs one change, naming it (by its number, 1 = the first) in any input error it raises. */
function atChange<T>(number: number, change: PlanChange, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof AuditError) throw new AuditError(error.kind, `change ${number} (${change.op}): ${error.message}`);
    throw error;
  }
}

/** The model with the plan's grant and revoke changes made to its roles (the snapshot's model is not changed). */
function plannedModel(model: ResolvedModel, changes: PlanChange[]): ResolvedModel {
  const edits = changes.filter((c) => c.op === 'grant' || c.op === 'revoke');
  if (edits.length === 0) return model;
  // Only the roles a change edits are copied: the others stay the model's own (whatIf tells them apart so).
  const roles = [...model.roles];
  for (const change of edits) {
    const number = changes.indexOf(change) + 1;
    atChange(number, change, () => {
      const at = roles.findIndex((r) => r.id === planRole(model, change.role).id);
      const permissionId = requirePermission(model, change.permission).id;
      const grants = roles[at].grants.filter((g) => g.permission !== permissionId);
      if (change.op === 'grant')
        grants.push({
          permission: permissionId,
          ...(change.channels ? { channels: change.channels } : {}),
          source: [{ file: 'plan', line: number }],
        });
      roles[at] = { ...roles[at], grants };
    });
  }
  return { ...model, roles, roleById: new Map(roles.map((r) => [r.id, r])) };
}

/**
 * Evaluates a plan on a snapshot: each change checked against the snapshot (people, tenants and roles
 * must exist, an assignment removed must be there), then every affected person's access before and
 * after. Changes apply in order; an input error names the change by its number (1 = the first).
 */
export function whatIf(view: SnapshotView, model: ResolvedModel, plan: Plan): WhatIfAnswer {
  const after = plannedModel(model, plan.changes);
  // People the plan names, with their assignments as the plan leaves them; new people get ids below 0.
  const people = new Map<string, { user: User; before: Assignment[]; after: Assignment[] }>();
  let nextId = -1;
  const person = (email: string, name?: string) => {
    const key = email.trim().toLowerCase();
    let found = people.get(key);
    if (!found) {
      const user = view.userByEmail(key) ?? (name !== undefined ? { id: nextId--, email: key, name } : requireUser(view, email));
      const held = user.id > 0 ? view.assignmentsOfUser(user.id) : [];
      people.set(key, (found = { user, before: held, after: [...held] }));
    }
    return found;
  };
  plan.changes.forEach((change, index) => {
    const at = index + 1;
    atChange(at, change, () => {
      if (change.op === 'add') {
        const p = person(change.email, change.name ?? change.email);
        const node = requireNode(view, change.scope);
        const level = model.model.levels[node.depth]?.id;
        const r = planRole(model, change.role, level);
        if (!p.after.some((a) => a.nodeId === node.id && a.roleId === r.id))
          p.after.push({ id: -at, userId: p.user.id, nodeId: node.id, roleId: r.id, sourceFile: 'plan', sourceLine: at });
      } else if (change.op === 'remove') {
        const p = person(change.email);
        const node = requireNode(view, change.scope);
        const r = planRole(model, change.role, model.model.levels[node.depth]?.id);
        const kept = p.after.filter((a) => !(a.nodeId === node.id && a.roleId === r.id));
        if (kept.length === p.after.length)
          throw new AuditError('input', `${p.user.email} holds no ${roleLabel(model, r)} at ${node.path}`);
        p.after = kept;
      } else if (change.op === 'remove-person') {
        person(change.email).after = [];
      } else if (change.op === 'move') {
        const p = person(change.email);
        const from = requireNode(view, change.from);
        const to = requireNode(view, change.to);
        if (from.depth !== to.depth) throw new AuditError('input', `${from.path} and ${to.path} are not at the same level`);
        if (!p.after.some((a) => a.nodeId === from.id)) throw new AuditError('input', `${p.user.email} holds no role at ${from.path}`);
        p.after = p.after.map((a) => (a.nodeId === from.id ? { ...a, id: -at, nodeId: to.id, sourceFile: 'plan', sourceLine: at } : a));
      }
    });
  });

  // Holders of a role whose grants the plan changes are affected too, with their assignments as they are.
  const changedRoles = after === model ? [] : after.roles.filter((r, i) => r.grants !== model.roles[i].grants).map((r) => r.id);
  if (changedRoles.length > 0) {
    const holders = new Set<number>();
    view.eachAssignment(changedRoles, (a) => holders.add(a.userId));
    for (const user of view.usersByIds([...holders]).values()) person(user.email);
  }

  const perPerson = [...people.values()].map(({ user, before, after: planned }) =>
    accessDelta({ view, model, assignments: before }, { view, model: after, assignments: planned }).map((c) => ({
      email: user.email,
      name: user.name,
      ...c,
    })),
  );
  const access = groupByPerson(perPerson);
  const counts = countAccess(access);
  const all = [...people.values()];
  return {
    plan: plan.name,
    added: all.filter((p) => p.user.id < 0 && p.after.length > 0).map((p) => p.user.email),
    removed: all.filter((p) => p.before.length > 0 && p.after.length === 0).map((p) => p.user.email),
    access,
    gainers: counts.gainers,
    gained: counts.gained,
    summary: accessSummary(counts),
  };
}
