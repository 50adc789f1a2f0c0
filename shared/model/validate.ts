// Checks a role model (built-in or supplied) before anything uses it. Every problem is listed.

import { AuditError } from '../errors';
import { CHANNELS, type RoleModel } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const key = (s: string) => s.trim().toLowerCase();

function checkSources(value: unknown, where: string, problems: string[]) {
  if (!isArray(value) || value.length === 0) {
    problems.push(`${where} has no seed source`);
    return;
  }
  for (const ref of value) {
    if (!isObject(ref) || !isText(ref.file) || !Number.isInteger(ref.line) || (ref.line as number) < 1) {
      problems.push(`${where} has a malformed source (want { file, line ≥ 1 })`);
    }
  }
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(values.filter((v) => (seen.has(v) ? true : (seen.add(v), false))))];
}

export function modelProblems(input: unknown): string[] {
  if (!isObject(input)) return ['a model must be an object'];
  const m = input as Partial<RoleModel> & Record<string, unknown>;
  const problems: string[] = [];
  if (m.formatVersion !== 1) problems.push('formatVersion must be 1');
  for (const field of ['id', 'name', 'origin'] as const) if (!isText(m[field])) problems.push(`${field} must be a non-empty string`);
  for (const field of ['levels', 'permissions', 'roles', 'constraints', 'versions', 'notes'] as const) {
    if (!isArray(m[field])) problems.push(`${field} must be an array`);
  }
  if (problems.length > 0) return problems;
  const model = m as RoleModel;

  const levelIds = model.levels.map((l) => l.id);
  if (levelIds.length === 0) problems.push('a model needs at least one scope level');
  for (const dup of duplicates(levelIds)) problems.push(`level "${dup}" is defined twice`);

  const versionIds = model.versions.map((v) => v.id);
  if (model.versions.length === 0) problems.push('a model needs at least one version');
  else if (model.versions[0].effectiveFrom !== null) problems.push(`the first version "${model.versions[0].id}" must have effectiveFrom null`);
  model.versions.slice(1).forEach((v, i) => {
    const previous = model.versions[i].effectiveFrom ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.effectiveFrom ?? '')) problems.push(`version "${v.id}" needs effectiveFrom as YYYY-MM-DD`);
    else if ((v.effectiveFrom as string) <= previous) problems.push(`version "${v.id}" is not in date order`);
  });
  for (const dup of duplicates(versionIds)) problems.push(`version "${dup}" is defined twice`);
  const checkSince = (since: unknown, where: string) => {
    if (since !== undefined && !versionIds.includes(since as string)) problems.push(`${where} names unknown version "${String(since)}"`);
  };

  for (const p of model.permissions) {
    const where = `permission "${p.id}"`;
    if (!isText(p.id)) problems.push('a permission has no id');
    if (!isText(p.label)) problems.push(`${where} has no label`);
    if (!isText(p.category)) problems.push(`${where} has no category`);
    if (!levelIds.includes(p.level)) problems.push(`${where} names unknown level "${p.level}"`);
    if (p.kind !== 'view' && p.kind !== 'change') problems.push(`${where} kind must be view or change`);
    checkSources(p.source, where, problems);
  }
  for (const dup of duplicates(model.permissions.map((p) => p.id))) problems.push(`permission id "${dup}" is defined twice`);
  for (const dup of duplicates(model.permissions.map((p) => key(p.label ?? '')))) problems.push(`permission label "${dup}" is used twice`);

  const permissionIds = new Set(model.permissions.map((p) => p.id));
  const names: string[] = [];
  for (const r of model.roles) {
    const where = `role "${r.id}"`;
    if (!isText(r.id) || !isText(r.name)) problems.push(`${where} needs an id and a name`);
    if (!levelIds.includes(r.level)) problems.push(`${where} names unknown level "${r.level}"`);
    if (r.reach !== 'node' && r.reach !== 'subtree') problems.push(`${where} reach must be node or subtree`);
    if (!isArray(r.aliases)) problems.push(`${where} aliases must be an array`);
    if (!isArray(r.grants)) {
      problems.push(`${where} grants must be an array`);
      continue;
    }
    checkSince(r.since, where);
    checkSources(r.source, where, problems);
    names.push(...[r.name, ...(r.aliases ?? [])].map((n) => `${key(n)}" at level "${r.level}`));
    for (const dup of duplicates(r.grants.map((g) => g.permission))) problems.push(`${where} grants "${dup}" twice`);
    for (const g of r.grants) {
      const at = `${where} grant of "${g.permission}"`;
      if (!permissionIds.has(g.permission)) problems.push(`${where} grants unknown permission "${g.permission}"`);
      if (g.channels !== undefined && (!isArray(g.channels) || g.channels.length === 0 || g.channels.some((c) => !CHANNELS.includes(c)))) {
        problems.push(`${at} has channels other than ${CHANNELS.join(', ')}`);
      }
      checkSince(g.since, at);
      checkSources(g.source, at, problems);
    }
  }
  for (const dup of duplicates(model.roles.map((r) => r.id))) problems.push(`role id "${dup}" is defined twice`);
  for (const dup of duplicates(names)) problems.push(`role name "${dup}" is used twice`);

  const roleIds = new Set(model.roles.map((r) => r.id));
  for (const c of model.constraints) {
    if (c.kind !== 'exactly-one') problems.push(`constraint kind "${String(c.kind)}" is unknown`);
    if (!roleIds.has(c.role)) problems.push(`constraint names unknown role "${c.role}"`);
    checkSources(c.source, `constraint on "${c.role}"`, problems);
  }
  return problems;
}

/** The model, if valid; otherwise an input error listing every problem. */
export function validateModel(input: unknown): RoleModel {
  const problems = modelProblems(input);
  if (problems.length > 0) {
    const id = isObject(input) && typeof input.id === 'string' ? input.id : '?';
    throw new AuditError('input', `role model "${id}" is invalid:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
  return input as RoleModel;
}
