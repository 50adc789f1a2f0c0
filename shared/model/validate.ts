// Checks a role model (built-in or supplied) before anything uses it, in two passes: its shape against
// the schema (types.ts), then what one part says about another (unknown permissions, levels, versions
// and roles; ids and names defined twice; versions out of order). Every problem is listed with its
// JSON path: `roles[3].grants[0].permission: unknown permission "x"`.

import { AuditError } from '../errors';
import { distanceWithin } from '../engine/suggest';
import { check, formatPath, type Issue } from '../schema';
import { RoleModel } from './types';

const key = (s: string) => s.trim().toLowerCase();
const quoted = (s: string) => JSON.stringify(s);

/** `unknown permission "logs.vieww"; did you mean "logs.view"?`: the nearest known value, a typo or two away. */
function unknown(what: string, value: string, known: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(value.length / 4)) + 1;
  for (const candidate of known) {
    const d = distanceWithin(key(value), key(candidate), bestDistance - 1);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return `unknown ${what} ${quoted(value)}${best !== undefined ? `; did you mean ${quoted(best)}?` : ''}`;
}

/** What the schema cannot say: references between parts of the model, and uniqueness. */
function crossReferences(model: RoleModel): Issue[] {
  const issues: Issue[] = [];
  const add = (path: PropertyKey[], message: string) => issues.push({ path, message });

  /** Reports each value met before, at the later place, naming the first. */
  const once = () => {
    const first = new Map<string, PropertyKey[]>();
    return (value: string, path: PropertyKey[], what: string) => {
      const seen = first.get(value);
      if (seen) add(path, `${what} twice (first at ${formatPath(seen)})`);
      else first.set(value, path);
    };
  };

  const levelIds = new Set(model.levels.map((l) => l.id));
  const level = (value: string, path: PropertyKey[]) => {
    if (!levelIds.has(value)) add(path, unknown('level', value, levelIds));
  };
  const levelOnce = once();
  model.levels.forEach((l, i) => levelOnce(l.id, ['levels', i, 'id'], `level ${quoted(l.id)} is defined`));

  const versionIds = new Set(model.versions.map((v) => v.id));
  const since = (value: string | undefined, path: PropertyKey[]) => {
    if (value !== undefined && !versionIds.has(value)) add([...path, 'since'], unknown('version', value, versionIds));
  };
  const versionOnce = once();
  model.versions.forEach((v, i) => {
    versionOnce(v.id, ['versions', i, 'id'], `version ${quoted(v.id)} is defined`);
    const at = ['versions', i, 'effectiveFrom'];
    const previous = model.versions[i - 1]?.effectiveFrom;
    if (i === 0 && v.effectiveFrom !== null) add(at, 'must be null: the first version is in force from the start');
    else if (i > 0 && v.effectiveFrom === null) add(at, 'must be a date: only the first version has none');
    else if (i > 0 && previous && v.effectiveFrom !== null && v.effectiveFrom <= previous)
      add(at, `must come after the version before it (${previous})`);
  });

  const permissionIds = new Set(model.permissions.map((p) => p.id));
  const permissionOnce = once();
  const labelOnce = once();
  model.permissions.forEach((p, i) => {
    permissionOnce(p.id, ['permissions', i, 'id'], `permission ${quoted(p.id)} is defined`);
    labelOnce(key(p.label), ['permissions', i, 'label'], `label ${quoted(p.label)} is used`);
    level(p.level, ['permissions', i, 'level']);
  });

  const roleOnce = once();
  // A role is found by (name or alias, level), ignoring case.
  const nameOnce = once();
  model.roles.forEach((r, i) => {
    const at = ['roles', i];
    roleOnce(r.id, [...at, 'id'], `role ${quoted(r.id)} is defined`);
    level(r.level, [...at, 'level']);
    since(r.since, at);
    nameOnce(`${key(r.name)}@${r.level}`, [...at, 'name'], `role name ${quoted(key(r.name))} at level ${quoted(r.level)} is used`);
    r.aliases.forEach((alias, j) =>
      nameOnce(`${key(alias)}@${r.level}`, [...at, 'aliases', j], `role name ${quoted(key(alias))} at level ${quoted(r.level)} is used`),
    );
    const grantOnce = once();
    r.grants.forEach((g, j) => {
      const path = [...at, 'grants', j];
      grantOnce(g.permission, [...path, 'permission'], `${quoted(g.permission)} is granted`);
      if (!permissionIds.has(g.permission)) add([...path, 'permission'], unknown('permission', g.permission, permissionIds));
      since(g.since, path);
    });
  });

  const roleIds = new Set(model.roles.map((r) => r.id));
  model.permissions.forEach((p, i) => {
    const roles = p.assigns?.roles;
    if (Array.isArray(roles))
      roles.forEach((role, j) => {
        if (!roleIds.has(role)) add(['permissions', i, 'assigns', 'roles', j], unknown('role', role, roleIds));
      });
  });
  model.constraints.forEach((c, i) => {
    if (!roleIds.has(c.role)) add(['constraints', i, 'role'], unknown('role', c.role, roleIds));
  });
  return issues;
}

/** Every problem with a model, each at its JSON path; empty when it is valid. */
export function modelIssues(input: unknown): Issue[] {
  const parsed = check(RoleModel, input);
  return parsed.ok ? crossReferences(parsed.value) : parsed.issues;
}

/** Every problem with a model, each as `JSON path: what is wrong`; empty when it is valid. */
export function modelProblems(input: unknown): string[] {
  return modelIssues(input).map(({ path, message }) => (path.length === 0 ? `the model ${message}` : `${formatPath(path)}: ${message}`));
}

/** The model, if valid; otherwise an input error listing every problem. */
export function validateModel(input: unknown): RoleModel {
  const problems = modelProblems(input);
  if (problems.length > 0) {
    const id =
      typeof input === 'object' && input !== null && typeof (input as { id?: unknown }).id === 'string'
        ? (input as { id: string }).id
        : '?';
    throw new AuditError('input', `role model "${id}" is invalid:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
  return input as RoleModel;
}
