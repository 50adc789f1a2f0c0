// One CSV record to role assignments, or to the problems that keep it from being one.
//
// The role is assigned at the deepest filled scope column; every column above it must be filled
// too. A role cell may hold several roles separated by `;`. Roles are matched by name or alias in
// any case, must exist at that level, and must exist in the model version the snapshot is read
// against. Problems are phrased for the person who will fix the file.

import { levelWord, resolveModel } from '../model/resolve';
import type { Role, RoleModel } from '../model/types';

export interface RowUser {
  /** Trimmed and lowercased. */
  email: string;
  name: string;
  status?: string;
  lastLogin?: string;
  mfa?: string;
}

export interface RowResult {
  /** The user, when the email is valid. */
  user?: RowUser;
  /** Node names from the root to the deepest filled scope column (trimmed). Empty if the scope is invalid. */
  scope: string[];
  /** The roles to assign at the scope's last node (no duplicates). Empty when there are problems. */
  roles: Role[];
  /** Problems with this record; none means it is good. */
  problems: string[];
}

export interface RowReaderOptions {
  model: RoleModel;
  /** The model version id the snapshot is read against. */
  versionId: string;
  /** The date the version was chosen for, if any (for messages). */
  asOf?: string | null;
  /** Canonical field → column index (from detectColumns). */
  mapping: Record<string, number>;
}

export type RowReader = (record: string[]) => RowResult;

/** Separates several roles in one cell. */
export const ROLE_SEPARATOR = ';';

const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:.]+$/;

const normalizeName = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

export { levelWord } from '../model/resolve';

/** Levenshtein distance, for suggesting the role the file probably meant. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

type Lookup =
  | { kind: 'ok'; role: Role }
  | { kind: 'wrong-level'; role: Role }
  | { kind: 'not-in-version'; role: Role }
  | { kind: 'unknown'; suggestion: string | undefined };

const NO_PROBLEMS: string[] = [];

/**
 * A copy of a string that shares no memory with the text it was cut from. A parser hands out slices
 * of its input chunk; anything kept for the whole import (emails, names, cache keys, messages) is
 * copied, or each kept slice would pin a whole chunk in memory.
 */
export function ownCopy(value: string): string {
  return value.length < 13 ? value : (' ' + value).slice(1);
}

/**
 * A value from the file inside a message: quoted, with line breaks and tabs shown as \n and \t
 * (a problem is one line), and cut short when very long.
 */
export function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}…` : value;
  return `"${shown.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

/** How many distinct role texts to remember per reader (a hostile file must not grow it forever). */
const LOOKUP_CACHE_LIMIT = 10_000;

export function createRowReader(options: RowReaderOptions): RowReader {
  const { model, mapping } = options;
  const resolved = resolveModel(model, options.versionId);
  const levels = model.levels;
  const levelIndex = new Map(levels.map((l, i) => [l.id, i]));
  const versionById = new Map(model.versions.map((v) => [v.id, v]));
  const inVersion = new Set(resolved.roles.map((r) => r.id));
  const column = (field: string) => (field in mapping ? mapping[field] : -1);
  const emailAt = column('email');
  const nameAt = column('name');
  const roleAt = column('role');
  const statusAt = column('status');
  const lastLoginAt = column('last_login');
  const mfaAt = column('mfa');
  const scopeAt = levels.map((l) => column(l.id));

  /** Roles by normalized name or alias; each list in the model's order. */
  const byName = new Map<string, Role[]>();
  for (const role of model.roles) {
    for (const name of [role.name, ...role.aliases]) {
      const key = normalizeName(name);
      const list = byName.get(key) ?? [];
      if (!list.includes(role)) list.push(role);
      byName.set(key, list);
    }
  }
  const names = resolved.roles.flatMap((r) => [r.name, ...r.aliases]);
  const versionText = options.asOf
    ? `${model.name} as of ${options.asOf} (version ${resolved.version.id})`
    : `${model.name} version ${resolved.version.id}`;

  /** Lookups per depth (index 0 is "no valid scope"), by the role text as written. */
  const cache = levels.map(() => new Map<string, Lookup>());
  cache.push(new Map());
  let cached = 0;
  const lookup = (text: string, depth: number): Lookup => {
    const byText = cache[depth + 1];
    const hit = byText.get(text);
    if (hit) return hit;
    const candidates = byName.get(normalizeName(text)) ?? [];
    const atLevel = (r: Role) => levelIndex.get(r.level) === depth;
    let result: Lookup;
    const ok = candidates.find((r) => atLevel(r) && inVersion.has(r.id));
    const later = candidates.find((r) => atLevel(r));
    const elsewhere = candidates.find((r) => inVersion.has(r.id));
    if (ok) result = { kind: 'ok', role: ok };
    else if (later) result = { kind: 'not-in-version', role: later };
    else if (elsewhere) result = { kind: 'wrong-level', role: elsewhere };
    else if (candidates.length > 0) result = { kind: 'not-in-version', role: candidates[0] };
    else result = { kind: 'unknown', suggestion: suggest(text) };
    if (cached++ < LOOKUP_CACHE_LIMIT) byText.set(ownCopy(text), result);
    return result;
  };

  const suggest = (text: string): string | undefined => {
    const wanted = normalizeName(text);
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const name of names) {
      const distance = editDistance(wanted, normalizeName(name));
      if (distance < bestDistance) {
        best = name;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.max(2, Math.floor(wanted.length / 3)) ? best : undefined;
  };

  const knownRoles = () => [...new Set(resolved.roles.map((r) => r.name))].join(', ');

  const roleProblem = (text: string, found: Exclude<Lookup, { kind: 'ok' }>, scope: string[]): string => {
    switch (found.kind) {
      case 'unknown':
        return found.suggestion
          ? `unknown role ${quote(text)}; did you mean "${found.suggestion}"?`
          : `unknown role ${quote(text)} (${model.name} roles: ${knownRoles()})`;
      case 'not-in-version': {
        const since = found.role.since === undefined ? undefined : versionById.get(found.role.since);
        const from = since?.effectiveFrom ? `from ${since.effectiveFrom}` : `from version ${found.role.since ?? '?'}`;
        return `role ${quote(text)} does not exist in ${versionText}; it exists ${from}`;
      }
      case 'wrong-level': {
        const roleLevel = levels[levelIndex.get(found.role.level) ?? 0];
        const deepest = levels[scope.length - 1];
        return `role ${quote(text)} is assigned at ${levelWord(roleLevel)} level, but this row's deepest scope is ${levelWord(deepest)} ${quote(scope[scope.length - 1])}`;
      }
    }
  };

  const cell = (record: string[], index: number): string => {
    if (index === -1) return '';
    const value = record[index];
    return value === undefined ? '' : value.trim();
  };
  const depthCount = levels.length;
  /** The scope cells of the row being read (reused from row to row). */
  const cells: string[] = new Array(depthCount).fill('');

  // Called once per CSV row: written to allocate little (the importer reads a million rows).
  return (record: string[]): RowResult => {
    let problems: string[] | undefined;
    const problem = (message: string) => {
      (problems ??= []).push(message);
    };

    let user: RowUser | undefined;
    const rawEmail = cell(record, emailAt);
    if (rawEmail === '') problem('missing email');
    else {
      const email = rawEmail.toLowerCase();
      if (!EMAIL.test(email)) problem(`malformed email ${quote(rawEmail)}`);
      else {
        user = { email, name: cell(record, nameAt) };
        const status = cell(record, statusAt);
        const lastLogin = cell(record, lastLoginAt);
        const mfa = cell(record, mfaAt);
        if (status !== '') user.status = status;
        if (lastLogin !== '') user.lastLogin = lastLogin;
        if (mfa !== '') user.mfa = mfa;
      }
    }

    let deepest = -1;
    for (let i = 0; i < depthCount; i++) {
      const value = cell(record, scopeAt[i]);
      cells[i] = value;
      if (value !== '') deepest = i;
    }
    let gaps: string[] | undefined;
    for (let i = 0; i < deepest; i++) if (cells[i] === '') (gaps ??= []).push(levelWord(levels[i]));
    const scope: string[] = [];
    if (deepest === -1) problem(`missing ${levelWord(levels[0])}`);
    else if (gaps) {
      const verb = gaps.length > 1 ? 'are' : 'is';
      problem(`${levelWord(levels[deepest])} ${quote(cells[deepest])} is filled but ${gaps.join(' and ')} ${verb} empty`);
    } else for (let i = 0; i <= deepest; i++) scope.push(cells[i]);

    const roleCell = cell(record, roleAt);
    const texts = roleCell.includes(ROLE_SEPARATOR)
      ? roleCell.split(ROLE_SEPARATOR).map((t) => t.trim()).filter((t) => t !== '')
      : roleCell === '' ? [] : [roleCell];
    if (texts.length === 0) problem('missing role');
    const roles: Role[] = [];
    for (const text of texts) {
      const found = lookup(text, scope.length - 1);
      // Without a valid scope only the name itself can be checked.
      if (scope.length === 0 && found.kind !== 'unknown') continue;
      if (found.kind === 'ok') {
        if (!roles.includes(found.role)) roles.push(found.role);
      } else problem(roleProblem(text, found, scope));
    }

    if (problems) return { user, scope, roles: [], problems };
    return { user, scope, roles, problems: NO_PROBLEMS };
  };
}
