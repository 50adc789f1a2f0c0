// A role model a user writes as a JSON file (types.ts ModelFile): a whole model for a platform of
// their own, or `extends` and the changes to a built-in one. Read here into a checked RoleModel, the
// same the engine reads the built-in models as. Every problem is `FILE:LINE: JSON path: what is
// wrong`, the line found in the file's text (jsonc-parser, VS Code's JSON reader, keeps offsets); an
// entry without a `source` cites the model file at the line it starts.

import { AuditError, type Problem } from '../errors';
import { readJsonText } from '../json-text';
import { check, formatPath, type Issue } from '../schema';
import { ModelFile, type RoleModel, type SeedRef } from './types';
import { modelIssues } from './validate';

/** Where a model comes from: built into the app, or a file a user gave. */
export type ModelOrigin = 'built-in' | 'user';

/** The lists a file may change, each matched by a key: an entry replaces the one with its key, or is added. */
const LISTS = ['permissions', 'roles', 'constraints', 'versions', 'notes'] as const;
type ListName = (typeof LISTS)[number];
const KEY: Record<ListName, (entry: Record<string, unknown>) => string | undefined> = {
  permissions: (e) => e.id as string,
  roles: (e) => e.id as string,
  constraints: (e) => `${e.kind as string}:${e.role as string}`,
  versions: (e) => e.id as string,
  notes: () => undefined, // notes are only added
};

/** Fills each entry's missing `source` with the model file at the entry's line. */
function withSources(file: ModelFile, cite: (path: PropertyKey[]) => SeedRef[]): ModelFile {
  const filled = <T extends { source?: SeedRef[] }>(entry: T, path: PropertyKey[]) => ({ ...entry, source: entry.source ?? cite(path) });
  return {
    ...file,
    permissions: file.permissions?.map((p, i) => ({
      ...filled(p, ['permissions', i]),
      ...(p.assigns ? { assigns: filled(p.assigns, ['permissions', i, 'assigns']) } : {}),
    })),
    roles: file.roles?.map((r, i) => ({
      ...filled(r, ['roles', i]),
      grants: r.grants.map((g, j) => filled(g, ['roles', i, 'grants', j])),
    })),
    constraints: file.constraints?.map((c, i) => filled(c, ['constraints', i])),
    versions: file.versions?.map((v, i) => filled(v, ['versions', i])),
    notes: file.notes?.map((n, i) => filled(n, ['notes', i])),
  };
}

/** What a path of the read model is in the file: the same list and the file's index, or null for an entry the built-in model gave. */
type PathInFile = (path: PropertyKey[]) => PropertyKey[] | null;

/** The built-in model with the file's changes, and where each entry of the result came from. */
function merged(base: RoleModel, file: ModelFile, fileName: string): { model: RoleModel; inFile: PathInFile } {
  const fromFile = new Map<ListName, (number | null)[]>();
  const lists = {} as Record<ListName, unknown[]>;
  for (const list of LISTS) {
    const entries: unknown[] = [...base[list]];
    const origin: (number | null)[] = entries.map(() => null);
    (file[list] ?? []).forEach((entry: Record<string, unknown>, i: number) => {
      const key = KEY[list](entry);
      const at = key === undefined ? -1 : entries.findIndex((e) => KEY[list](e as Record<string, unknown>) === key);
      if (at >= 0) {
        entries[at] = entry;
        origin[at] = i;
      } else {
        entries.push(entry);
        origin.push(i);
      }
    });
    lists[list] = entries;
    fromFile.set(list, origin);
  }
  const model = {
    ...base,
    ...lists,
    id: file.id ?? base.id,
    name: file.name ?? base.name,
    origin: file.origin ?? `${fileName} (changes to the built-in ${base.name} model)`,
  } as RoleModel;
  const inFile: PathInFile = ([list, index, ...rest]) => {
    const origin = fromFile.get(list as ListName);
    if (!origin || typeof index !== 'number') return [list, index, ...rest].filter((p) => p !== undefined);
    const at = origin[index];
    return at === null || at === undefined ? null : [list, at, ...rest];
  };
  return { model, inFile };
}

/** Suggests the built-in platform a misspelt `extends` meant. */
function unknownBase(name: string, builtIns: readonly RoleModel[]): string {
  const known = builtIns.map((m) => m.id);
  return `unknown built-in platform "${name}" (known: ${known.join(', ')})`;
}

/**
 * Reads a model file's text into a checked model. `builtIns` are the models `extends` may name.
 * Refuses, with every problem as FILE:LINE, a file that is not JSON, not of the format, or whose
 * model is not consistent (an unknown permission in a grant, a role defined twice…).
 */
export function readModelFile(text: string, fileName: string, builtIns: readonly RoleModel[]): RoleModel {
  const refusal = `${fileName} is not a valid role model:`;
  const refuse = (problems: Problem[]) => {
    throw new AuditError('input', refusal, problems);
  };
  const json = readJsonText(text, fileName, refusal);
  const problem = (issue: Issue, path: PropertyKey[] | null = issue.path): Problem =>
    path ? json.problem({ ...issue, path }, 'model') : { file: fileName, line: 1, message: issue.message };

  const parsed = check(ModelFile, json.value);
  if (!parsed.ok) return refuse(parsed.issues.map((issue) => problem(issue)));
  const file = withSources(parsed.value, (path) => [{ file: fileName, line: json.lineOf(path) }]);

  let model: RoleModel;
  let inFile: PathInFile = (path) => path;
  if (file.extends !== undefined) {
    const base = builtIns.find((m) => m.id === file.extends);
    if (!base) return refuse([problem({ path: ['extends'], message: unknownBase(file.extends, builtIns) })]);
    if (file.levels) return refuse([problem({ path: ['levels'], message: "cannot change a built-in model's levels (its CSV columns)" })]);
    if (file.id !== undefined && file.id !== base.id)
      return refuse([problem({ path: ['id'], message: `must be "${base.id}" (the platform it extends) or left out` })]);
    ({ model, inFile } = merged(base, file, fileName));
  } else {
    const missing = (['id', 'name', 'levels', 'permissions', 'roles', 'versions'] as const).filter((k) => file[k] === undefined);
    if (missing.length > 0)
      return refuse(missing.map((k) => problem({ path: [], message: `needs "${k}" (or "extends" and a built-in platform id)` })));
    const { $schema: _schema, extends: _extends, ...rest } = file;
    model = { constraints: [], notes: [], origin: fileName, ...rest } as RoleModel;
  }
  const issues = modelIssues(model);
  if (issues.length > 0)
    refuse(
      issues.map((issue) => {
        const path = inFile(issue.path);
        return path
          ? problem(issue, path)
          : problem({ ...issue, message: `${formatPath(issue.path)} (of the built-in model): ${issue.message}` }, null);
      }),
    );
  return model;
}
