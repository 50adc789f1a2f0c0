// One CSV record to role assignments, or to the problems that keep it from being one.
//
// The role is assigned at the deepest filled scope column; every column above it must be filled
// too. A role cell may hold several roles separated by `;`. Roles are matched by name or alias in
// any case, must exist at that level, and must exist in the model version the snapshot is read
// against. Problems are phrased for the person who will fix the file.

import { levelWord, resolveModel } from '../model/resolve';
import type { Role, RoleModel } from '../model/types';
import {
  checkText,
  isPlausibleEmail,
  MAX_EMAIL_LENGTH,
  normalizeEmail,
  parseLastLogin,
  parseMfa,
  parseStatus,
  quote,
  trimCell,
  type DateFormat,
  type Mfa,
  type Parsed,
  type Status,
} from './values';

export interface RowUser {
  /** Trimmed of spaces and tabs, and lowercased (normalizeEmail). */
  email: string;
  name: string;
  /** Canonical values (shared/csv/values.ts); absent when the file did not say. */
  status?: Status;
  /** `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SSZ` (UTC) or `never`. */
  lastLogin?: string;
  mfa?: Mfa;
}

export interface RowResult {
  /** The user, when the email is valid. */
  user?: RowUser;
  /** Node names from the root to the deepest filled scope column (trimCell). Empty if the scope is invalid. */
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
  /** Fields the file lacks, with the one value every row gets (`--set account="Northwind MSP"`); checked by detectColumns. */
  set?: Record<string, string>;
  /** How slash dates in last_login are read; without it only unambiguous ones are. */
  dateFormat?: DateFormat;
}

/** `scanned`: the record's text is known free of characters no cell may hold (see mayHoldForbidden). */
export type RowReader = (record: string[], scanned?: boolean) => RowResult;

/** Separates several roles in one cell. */
export const ROLE_SEPARATOR = ';';

const normalizeName = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

export { levelWord } from '../model/resolve';
export { quote } from './values';

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

/**
 * The name nearest to `wanted` (already normalized) if it is near enough to be what was meant: within
 * max(2, a third of its length) edits. A name whose length differs by more than that cannot be, so
 * its distance is never computed: a long cell costs nothing however long it is.
 */
export function nearestName(wanted: string, names: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const name of names) {
    const candidate = normalizeName(name);
    if (Math.abs(candidate.length - wanted.length) > limit) continue;
    const distance = editDistance(wanted, candidate);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
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

/** How many distinct role texts to remember per reader (a hostile file must not grow it forever). */
const LOOKUP_CACHE_LIMIT = 10_000;
/** How many distinct last-login texts to remember per reader. */
const DATE_CACHE_LIMIT = 10_000;

export function createRowReader(options: RowReaderOptions): RowReader {
  const { model, mapping } = options;
  const resolved = resolveModel(model, options.versionId);
  const levels = model.levels;
  const levelIndex = new Map(levels.map((l, i) => [l.id, i]));
  const versionById = new Map(model.versions.map((v) => [v.id, v]));
  const inVersion = new Set(resolved.roles.map((r) => r.id));
  // A column index per field: its index in the record, -1 when absent, or -2 - k for the k-th set value.
  const fixed: string[] = [];
  const column = (field: string) => {
    if (field in mapping) return mapping[field];
    const value = options.set?.[field];
    if (value === undefined) return -1;
    fixed.push(trimCell(value));
    return -2 - (fixed.length - 1);
  };
  /** How a field is named in a message: `name (column 2)`, or `account (set)` for a set value. */
  const where = (field: string, index: number) => (index >= 0 ? `${field} (column ${index + 1})` : `${field} (set)`);
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

  // Once per distinct role text (lookups are cached per depth; the suggestion does not depend on it).
  const suggestions = new Map<string, string | undefined>();
  const suggest = (text: string): string | undefined => {
    const wanted = normalizeName(text);
    if (suggestions.has(wanted)) return suggestions.get(wanted);
    const found = nearestName(wanted, names);
    if (suggestions.size < LOOKUP_CACHE_LIMIT) suggestions.set(ownCopy(wanted), found);
    return found;
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
    if (index < 0) return index === -1 ? '' : fixed[-2 - index];
    const value = record[index];
    return value === undefined ? '' : trimCell(value);
  };
  const dateFormat = options.dateFormat;
  const dates = new Map<string, Parsed<string>>();
  const lastLoginOf = (text: string): Parsed<string> => {
    let parsed = dates.get(text);
    if (parsed === undefined) {
      parsed = parseLastLogin(text, dateFormat);
      if (dates.size < DATE_CACHE_LIMIT) dates.set(ownCopy(text), parsed);
    }
    return parsed;
  };
  const emailWhere = where('email', emailAt);
  const nameWhere = where('name', nameAt);
  const roleWhere = where('role', roleAt);
  const statusWhere = where('status', statusAt);
  const lastLoginWhere = where('last_login', lastLoginAt);
  const mfaWhere = where('mfa', mfaAt);
  const scopeWhere = levels.map((l, i) => where(l.id, scopeAt[i]));
  const depthCount = levels.length;
  /** The scope cells of the row being read (reused from row to row). */
  const cells: string[] = new Array(depthCount).fill('');

  // Called once per CSV row: written to allocate little (the importer reads a million rows).
  return (record: string[], scanned = false): RowResult => {
    let problems: string[] | undefined;
    const problem = (message: string) => {
      (problems ??= []).push(message);
    };

    let user: RowUser | undefined;
    const rawEmail = cell(record, emailAt);
    const emailProblem = rawEmail === '' ? undefined : checkText(rawEmail, MAX_EMAIL_LENGTH, scanned);
    const name = cell(record, nameAt);
    const nameProblem = name === '' ? undefined : checkText(name, undefined, scanned);
    if (rawEmail === '') problem('missing email');
    else if (emailProblem !== undefined) problem(`${emailWhere} ${emailProblem}`);
    else {
      const email = normalizeEmail(rawEmail);
      if (!isPlausibleEmail(email)) problem(`malformed email ${quote(rawEmail)}`);
      else if (nameProblem === undefined) user = { email, name };
    }
    if (nameProblem !== undefined) problem(`${nameWhere} ${nameProblem}`);
    const status = cell(record, statusAt);
    if (status !== '') {
      const parsed = parseStatus(status);
      if (!parsed.ok) problem(`${statusWhere} ${parsed.message}`);
      else if (user) user.status = parsed.value;
    }
    const lastLogin = cell(record, lastLoginAt);
    if (lastLogin !== '') {
      const parsed = lastLoginOf(lastLogin);
      if (!parsed.ok) problem(`${lastLoginWhere} ${parsed.message}`);
      else if (user) user.lastLogin = parsed.value;
    }
    const mfa = cell(record, mfaAt);
    if (mfa !== '') {
      const parsed = parseMfa(mfa);
      if (!parsed.ok) problem(`${mfaWhere} ${parsed.message}`);
      else if (user) user.mfa = parsed.value;
    }

    let deepest = -1;
    let badScope = false;
    for (let i = 0; i < depthCount; i++) {
      const value = cell(record, scopeAt[i]);
      cells[i] = value;
      if (value !== '') {
        deepest = i;
        const wrong = checkText(value, undefined, scanned);
        if (wrong !== undefined) {
          problem(`${scopeWhere[i]} ${wrong}`);
          badScope = true;
        }
      }
    }
    let gaps: string[] | undefined;
    for (let i = 0; i < deepest; i++) if (cells[i] === '') (gaps ??= []).push(levelWord(levels[i]));
    const scope: string[] = [];
    if (badScope) {
      // already reported; the roles are still checked by name below
    } else if (deepest === -1) problem(`missing ${levelWord(levels[0])}`);
    else if (gaps) {
      const verb = gaps.length > 1 ? 'are' : 'is';
      problem(`${levelWord(levels[deepest])} ${quote(cells[deepest])} is filled but ${gaps.join(' and ')} ${verb} empty`);
    } else for (let i = 0; i <= deepest; i++) scope.push(cells[i]);

    let roleCell = cell(record, roleAt);
    const roleProblemText = roleCell === '' ? undefined : checkText(roleCell, undefined, scanned);
    if (roleProblemText !== undefined) {
      problem(`${roleWhere} ${roleProblemText}`);
      roleCell = '';
    }
    const texts = roleCell.includes(ROLE_SEPARATOR)
      ? roleCell
          .split(ROLE_SEPARATOR)
          .map((t) => t.trim())
          .filter((t) => t !== '')
      : roleCell === ''
        ? []
        : [roleCell];
    if (texts.length === 0 && roleProblemText === undefined) problem('missing role');
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
