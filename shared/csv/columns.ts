// The canonical CSV format and how a file's headers are matched to it.
//
// One row per role assignment: `email, name, role`, then one column per scope level named by the
// model's level ids (huntress: `account, organization`), then optional `status, last_login, mfa`.
// The role is assigned at the deepest filled scope column. Exports from real consoles name their
// columns differently ("E-mail", "Organization Name", "2FA"), so headers are matched ignoring case,
// spaces and punctuation, against a list of common aliases; an explicit mapping (`--map
// email="Login"`) wins over detection.

import type { ScopeLevel } from '../model/types';

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
    'email', 'e-mail', 'email address', 'e-mail address', 'user email', 'user email address', 'primary email',
    'login email', 'mail', 'email id', 'user principal name', 'upn',
  ],
  role: ['role', 'roles', 'user role', 'user roles', 'role name', 'role names', 'access role', 'access level', 'permission level'],
  status: ['status', 'user status', 'account status', 'state'],
  last_login: [
    'last login', 'last sign in', 'last signin', 'last login at', 'last login date', 'last login time', 'last sign in at',
    'last sign in date', 'last sign in time', 'last logged in', 'last logon', 'last seen', 'last activity', 'last access',
  ],
  mfa: [
    'mfa', '2fa', 'mfa enabled', '2fa enabled', 'mfa status', '2fa status', 'tfa', 'two factor', 'two factor enabled',
    'two factor authentication', 'multi factor', 'multi factor authentication', 'multifactor authentication', 'otp enabled',
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
    'organization', 'organisation', 'organization name', 'organisation name', 'org', 'org name', 'company', 'company name',
    'client', 'client name', 'customer', 'customer name', 'tenant', 'tenant name',
  ],
  partner: ['partner', 'partner name'],
  mssp: ['mssp', 'mssp name'],
  group: ['group', 'group name', 'scan group', 'scan group name', 'asset group'],
};
LEVEL_ALIASES.organisation = LEVEL_ALIASES.organization;

function levelAliases(level: ScopeLevel): string[] {
  return [level.id, level.name, `${level.id} name`, `${level.name} name`, ...(LEVEL_ALIASES[level.id] ?? LEVEL_ALIASES[normalizeHeader(level.id)] ?? [])];
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
  /** What keeps the file from being read (a missing required column, a mapping to a header that does not exist). */
  problems: string[];
  /** Headers no field uses (ignored on import). */
  unmapped: string[];
}

const quoteList = (headers: string[]) => headers.map((h) => `"${h}"`).join(', ');

/**
 * Matches a file's headers to the canonical fields. `explicit` maps a field to a header text
 * (`{ email: "Login" }`); it wins over detection and must name a header the file has.
 */
export function detectColumns(headers: string[], levels: ScopeLevel[], explicit: Record<string, string> = {}): ColumnDetection {
  const fields = CANONICAL_FIELDS(levels);
  const clean = headers.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
  const normalized = clean.map(normalizeHeader);
  const mapping: Record<string, number> = {};
  const problems: string[] = [];
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
      if (requiredFields(levels).includes(canonical)) problems.push(`the column mapping leaves the required field "${canonical}" unmapped; map it to a header`);
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
  const find = (candidates: string[]) => {
    for (const alias of candidates) {
      const wanted = normalizeHeader(alias);
      const index = normalized.findIndex((h, i) => h === wanted && !claimed.has(i));
      if (index !== -1) return index;
    }
    return -1;
  };
  // The name comes last: its aliases overlap the weaker email aliases ("User Name" is "Username").
  const steps: [string, string[]][] = [
    ...fields.filter((f) => f !== 'name').map((f): [string, string[]] => [f, aliases[f] ?? []]),
    ['email', FALLBACK_ALIASES.email],
    ['name', aliases.name],
    ['name', FALLBACK_ALIASES.name],
  ];
  for (const [field, candidates] of steps) {
    if (field in mapping || explicitFields.has(field)) continue;
    const index = find(candidates);
    if (index !== -1) {
      mapping[field] = index;
      claimed.add(index);
    }
  }

  for (const field of requiredFields(levels)) {
    if (field in mapping || explicitFields.has(field)) continue;
    problems.push(`missing required column "${field}" (headers: ${quoteList(clean)}); map one with ${field}="HEADER"`);
  }
  const unmapped = clean.filter((h, i) => h !== '' && !claimed.has(i));
  return { mapping, problems, unmapped };
}

/** Canonical field → header text, for showing a detected mapping. */
export function mappingByHeader(headers: string[], mapping: Record<string, number>): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).map(([field, index]) => [field, headers[index]?.replace(/^\uFEFF/, '').trim() ?? '']));
}
