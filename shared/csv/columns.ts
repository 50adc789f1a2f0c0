// The canonical CSV format and how a file's headers are matched to it.
//
// One row per role assignment: `email, name, role`, then one column per scope level named by the
// model's level ids (huntress: `account, organization`), then optional `status, last_login, mfa`.
// The role is assigned at the deepest filled scope column. Exports from real consoles name their
// columns differently ("E-mail", "Organization Name", "2FA"), so headers are matched ignoring case,
// spaces and punctuation, against a list of common aliases; an explicit mapping (`--map
// email="Login"`) wins over detection.

import type { ScopeLevel } from '../model/types';
import { checkText, MAX_EMAIL_LENGTH, quote, trimCell } from './values';

export const USER_FIELDS = ['email', 'name', 'role'] as const;
export const OPTIONAL_FIELDS = ['status', 'last_login', 'mfa'] as const;

/** Every field of the canonical format for a model's levels, in canonical column order. */
export function CANONICAL_FIELDS(levels: ScopeLevel[]): string[] {
  return [...USER_FIELDS, ...levels.map((l) => l.id), ...OPTIONAL_FIELDS];
}

/** The fields a file must have: email, role, and the root scope level. */
export function requiredFields(levels: ScopeLevel[]): string[] {
  return ['email', 'role', ...(levels.length > 0 ? [levels[0].id] : [])];
}

/** A header reduced for matching: no case, accents, spaces or punctuation ("E-mail " → "email"). */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Aliases per field, best first. */
const FIELD_ALIASES: Record<string, string[]> = {
  email: [
    'email',
    'e-mail',
    'email address',
    'e-mail address',
    'user email',
    'user email address',
    'primary email',
    'login email',
    'mail',
    'email id',
    'user principal name',
    'upn',
  ],
  role: ['role', 'roles', 'user role', 'user roles', 'role name', 'role names', 'access role', 'access level', 'permission level'],
  status: ['status', 'user status', 'account status', 'state'],
  last_login: [
    'last login',
    'last sign in',
    'last signin',
    'last login at',
    'last login date',
    'last login time',
    'last sign in at',
    'last sign in date',
    'last sign in time',
    'last logged in',
    'last logon',
    'last seen',
    'last activity',
    'last access',
  ],
  mfa: [
    'mfa',
    '2fa',
    'mfa enabled',
    '2fa enabled',
    'mfa status',
    '2fa status',
    'tfa',
    'two factor',
    'two factor enabled',
    'two factor authentication',
    'multi factor',
    'multi factor authentication',
    'multifactor authentication',
    'otp enabled',
  ],
  name: ['name', 'full name', 'display name', 'user name', 'user full name', 'contact name', 'person', 'user display name'],
};

/**
 * Weaker aliases, tried only when a field found none of its own: "Username" is a login (an email)
 * in some exports and a display name in others, and normalized it is the same as "User Name".
 */
const FALLBACK_ALIASES: Record<string, string[]> = {
  email: ['username', 'login', 'login name', 'user login', 'user id', 'userid', 'user'],
  name: ['user'],
};

/** Aliases of well-known scope levels, by level id. */
const LEVEL_ALIASES: Record<string, string[]> = {
  account: ['account', 'account name'],
  organization: [
    'organization',
    'organisation',
    'organization name',
    'organisation name',
    'org',
    'org name',
    'company',
    'company name',
    'client',
    'client name',
    'customer',
    'customer name',
    'tenant',
    'tenant name',
  ],
  partner: ['partner', 'partner name'],
  mssp: ['mssp', 'mssp name'],
  group: ['group', 'group name', 'scan group', 'scan group name', 'asset group'],
};
LEVEL_ALIASES.organisation = LEVEL_ALIASES.organization;

function levelAliases(level: ScopeLevel): string[] {
  return [
    level.id,
    level.name,
    `${level.id} name`,
    `${level.name} name`,
    ...(LEVEL_ALIASES[level.id] ?? LEVEL_ALIASES[normalizeHeader(level.id)] ?? []),
  ];
}

/** Aliases for every field of the model's format, best first. */
export function fieldAliases(levels: ScopeLevel[]): Record<string, string[]> {
  const aliases: Record<string, string[]> = { ...FIELD_ALIASES };
  for (const level of levels) aliases[level.id] = levelAliases(level);
  return aliases;
}

export interface ColumnDetection {
  /** Canonical field → index of its header. */
  mapping: Record<string, number>;
  /** Fields given one value for every row instead of a column (`--set account="Northwind MSP"`), trimmed. */
  set: Record<string, string>;
  /** What keeps the file from being read (a missing required column, a mapping to a header that does not exist). */
  problems: string[];
  /** Headers no field uses (ignored on import). */
  unmapped: string[];
}

/** Headers inside a message: each quoted, and cut short when long (quote). */
const quoteList = (headers: string[]) => headers.map(quote).join(', ');

/** A header inside a message: its text (quote) and its column number. */
const headerAt = (headers: string[], index: number) => `${quote(headers[index])} (column ${index + 1})`;

/** Fields whose every alias means the same column: two headers matching any of them are ambiguous. */
const SINGLE_COLUMN_FIELDS = new Set(['email', 'role']);

/**
 * Matches a file's headers to the canonical fields. `explicit` maps a field to a header text
 * (`{ email: "Login" }`); it wins over detection and must name a header the file has. `set` gives a
 * field the file lacks one value for every row; a field both in the file and set is refused.
 */
export function detectColumns(
  headers: string[],
  levels: ScopeLevel[],
  explicit: Record<string, string> = {},
  set: Record<string, string> = {},
): ColumnDetection {
  const fields = CANONICAL_FIELDS(levels);
  const clean = headers.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
  const normalized = clean.map(normalizeHeader);
  const mapping: Record<string, number> = {};
  const problems: string[] = [];
  // A header is held to the limits of a cell: no 2 MB header, no bidirectional control in one. A line
  // break in a quoted header ("Last\nLogin", Alt+Enter in Excel) is allowed: a header is matched, not stored.
  clean.forEach((header, index) => {
    const wrong = checkText(header.replace(/\n/g, ' '));
    if (wrong !== undefined) problems.push(`the header ${headerAt(clean, index)} ${wrong}`);
  });
  const claimed = new Set<number>();
  /** Fields mapped explicitly: never guessed, even when their mapping names no header. */
  const explicitFields = new Set<string>();

  for (const [field, wanted] of Object.entries(explicit)) {
    const canonical = fields.find((f) => f === field.trim()) ?? fields.find((f) => normalizeHeader(f) === normalizeHeader(field));
    if (!canonical) {
      problems.push(`unknown field "${field}" in the column mapping; the fields are ${fields.join(', ')}`);
      continue;
    }
    explicitFields.add(canonical);
    const target = wanted.trim();
    // An empty header leaves the field unmapped on purpose (`--map status=`), even if a header matches.
    if (target === '') {
      if (requiredFields(levels).includes(canonical) && !(canonical in set))
        problems.push(`the column mapping leaves the required field "${canonical}" unmapped; map it to a header`);
      continue;
    }
    let index = clean.indexOf(target);
    if (index === -1) index = normalized.indexOf(normalizeHeader(target));
    if (index === -1) {
      problems.push(`the column mapping ${canonical}="${wanted}" names a header this file does not have (headers: ${quoteList(clean)})`);
      continue;
    }
    mapping[canonical] = index;
    claimed.add(index);
  }

  const aliases = fieldAliases(levels);
  /** Problems with two headers that both fit one field (reported once per field). */
  const ambiguous = new Set<string>();
  const find = (field: string, candidates: string[], primary: boolean) => {
    for (const alias of candidates) {
      const wanted = normalizeHeader(alias);
      const index = normalized.findIndex((h, i) => h === wanted && !claimed.has(i));
      if (index === -1) continue;
      // Another header that reads the same ("Email" and "E-mail"), or for email and role any other
      // of the field's own aliases ("Email" and "Email Address"): which one is meant is a guess.
      if (primary && !ambiguous.has(field)) {
        const others = SINGLE_COLUMN_FIELDS.has(field) ? candidates.map(normalizeHeader) : [wanted];
        const other = normalized.findIndex((h, i) => i !== index && !claimed.has(i) && h !== '' && others.includes(h));
        if (other !== -1) {
          ambiguous.add(field);
          const [a, b] = index < other ? [index, other] : [other, index];
          problems.push(
            `the columns ${headerAt(clean, a)} and ${headerAt(clean, b)} are both read as ${field}; remove one, or choose one in the column mapping`,
          );
        }
      }
      return index;
    }
    return -1;
  };
  // The name comes last: its aliases overlap the weaker email aliases ("User Name" is "Username").
  const steps: [string, string[], boolean][] = [
    ...fields.filter((f) => f !== 'name').map((f): [string, string[], boolean] => [f, aliases[f] ?? [], true]),
    ['email', FALLBACK_ALIASES.email, false],
    ['name', aliases.name, true],
    ['name', FALLBACK_ALIASES.name, false],
  ];
  for (const [field, candidates, primary] of steps) {
    if (field in mapping || explicitFields.has(field)) continue;
    const index = find(field, candidates, primary);
    if (index !== -1) {
      mapping[field] = index;
      claimed.add(index);
    }
  }

  const given: Record<string, string> = {};
  for (const [field, value] of Object.entries(set)) {
    const canonical = fields.find((f) => f === field.trim()) ?? fields.find((f) => normalizeHeader(f) === normalizeHeader(field));
    if (!canonical) {
      problems.push(`unknown field "${field}" in the values to set; the fields are ${fields.join(', ')}`);
      continue;
    }
    const text = trimCell(value);
    if (canonical in mapping) {
      problems.push(
        `${canonical} is both a column of this file, ${headerAt(clean, mapping[canonical])}, and set to "${text}"; leave out one of them`,
      );
      continue;
    }
    if (text === '') {
      problems.push(`the value set for ${canonical} is empty`);
      continue;
    }
    const wrong = checkText(text, canonical === 'email' ? MAX_EMAIL_LENGTH : undefined);
    if (wrong !== undefined) {
      problems.push(`the value set for ${canonical} ${wrong}`);
      continue;
    }
    given[canonical] = text;
  }

  for (const field of requiredFields(levels)) {
    if (field in mapping || explicitFields.has(field) || field in given || field in set) continue;
    problems.push(`missing required column "${field}" (headers: ${quoteList(clean)})`);
  }
  const unmapped = clean.filter((h, i) => h !== '' && !claimed.has(i));
  return { mapping, set: given, problems, unmapped };
}

/** Whether a problem from detectColumns is a missing required column (hosts add how to map or set one). */
export const isMissingColumn = (problem: string) => problem.startsWith('missing required column ');

const OTHER_PLATFORM = 'these columns look like a ';

/** The platform id an otherPlatformHint problem names, if the problem is one. */
export function suggestedPlatform(problem: string): string | undefined {
  return problem.startsWith(OTHER_PLATFORM) ? /\(platform ([a-z0-9-]+)\)/.exec(problem)?.[1] : undefined;
}

export interface PlatformLevels {
  id: string;
  name: string;
  levels: ScopeLevel[];
}

/**
 * When a file's columns do not fit the chosen platform but fit another one (every one of its scope
 * levels has a column), says so: "these columns look like a HYAS Protect export (platform hyas-protect):
 * partner, mssp, organization".
 */
export function otherPlatformHint(headers: string[], chosen: string, platforms: readonly PlatformLevels[]): string | undefined {
  for (const platform of platforms) {
    if (platform.id === chosen) continue;
    const detected = detectColumns(headers, platform.levels);
    if (detected.problems.length > 0) continue;
    if (!platform.levels.every((l) => l.id in detected.mapping)) continue;
    return `${OTHER_PLATFORM}${platform.name} export (platform ${platform.id}): ${platform.levels.map((l) => l.id).join(', ')}`;
  }
  return undefined;
}

/** Canonical field → header text, for showing a detected mapping. */
export function mappingByHeader(headers: string[], mapping: Record<string, number>): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).map(([field, index]) => [field, headers[index]?.replace(/^\uFEFF/, '').trim() ?? '']));
}
