import { describe, expect, it } from 'vitest';
import { CANONICAL_FIELDS, detectColumns, mappingByHeader, normalizeHeader, requiredFields } from '../../shared/csv/columns';
import type { ScopeLevel } from '../../shared/model/types';

const huntress: ScopeLevel[] = [
  { id: 'account', name: 'Account' },
  { id: 'organization', name: 'Organization' },
];
const hyas: ScopeLevel[] = [
  { id: 'partner', name: 'Partner' },
  { id: 'mssp', name: 'MSSP' },
  { id: 'organization', name: 'Organization' },
];
const hexiosec: ScopeLevel[] = [
  { id: 'organisation', name: 'Organisation' },
  { id: 'group', name: 'Group' },
];

/** Field → header text, for readable expectations. */
const detect = (headers: string[], levels: ScopeLevel[], explicit?: Record<string, string>) => {
  const result = detectColumns(headers, levels, explicit);
  return { ...result, byHeader: mappingByHeader(headers, result.mapping) };
};

describe('CANONICAL_FIELDS', () => {
  it('is email, name, role, one column per level, then status, last_login, mfa', () => {
    expect(CANONICAL_FIELDS(huntress)).toEqual(['email', 'name', 'role', 'account', 'organization', 'status', 'last_login', 'mfa']);
    expect(CANONICAL_FIELDS(hyas)).toEqual(['email', 'name', 'role', 'partner', 'mssp', 'organization', 'status', 'last_login', 'mfa']);
    expect(CANONICAL_FIELDS(hexiosec)).toEqual(['email', 'name', 'role', 'organisation', 'group', 'status', 'last_login', 'mfa']);
    expect(requiredFields(hyas)).toEqual(['email', 'role', 'partner']);
  });
});

describe('detectColumns', () => {
  it('maps the canonical headers to their columns', () => {
    const result = detectColumns(CANONICAL_FIELDS(huntress), huntress);
    expect(result.mapping).toEqual({ email: 0, name: 1, role: 2, account: 3, organization: 4, status: 5, last_login: 6, mfa: 7 });
    expect(result.problems).toEqual([]);
    expect(result.unmapped).toEqual([]);
  });

  it('ignores case, spaces, punctuation and accents', () => {
    expect(normalizeHeader(' E-Mail Address ')).toBe('emailaddress');
    expect(normalizeHeader('Last_Login')).toBe('lastlogin');
    expect(normalizeHeader('Organisation Nàme')).toBe('organisationname');
    const result = detect([' EMAIL ', 'ROLE', 'Account', 'ORGANIZATION', 'last_login', 'M.F.A.'], huntress);
    expect(result.byHeader).toEqual({
      email: 'EMAIL',
      role: 'ROLE',
      account: 'Account',
      organization: 'ORGANIZATION',
      last_login: 'last_login',
      mfa: 'M.F.A.',
    });
  });

  it('knows the common aliases of an export', () => {
    const headers = [
      'E-mail',
      'Full Name',
      'User Role',
      'Account Name',
      'Organization Name',
      'User Status',
      'Last Sign In',
      '2FA',
      'Phone',
    ];
    const result = detect(headers, huntress);
    expect(result.byHeader).toEqual({
      email: 'E-mail',
      name: 'Full Name',
      role: 'User Role',
      account: 'Account Name',
      organization: 'Organization Name',
      status: 'User Status',
      last_login: 'Last Sign In',
      mfa: '2FA',
    });
    expect(result.unmapped).toEqual(['Phone']);
    expect(detect(['Email Address', 'Display Name', 'Roles', 'Account', 'Org', 'MFA Enabled'], huntress).byHeader).toMatchObject({
      email: 'Email Address',
      name: 'Display Name',
      role: 'Roles',
      organization: 'Org',
      mfa: 'MFA Enabled',
    });
    expect(detect(['User Email', 'User Name', 'Role', 'Account', 'Company'], huntress).byHeader).toMatchObject({
      email: 'User Email',
      name: 'User Name',
      organization: 'Company',
    });
  });

  it('knows the level aliases of each platform', () => {
    expect(detect(['Email', 'Role', 'Partner Name', 'MSSP Name', 'Org Name'], hyas).byHeader).toMatchObject({
      partner: 'Partner Name',
      mssp: 'MSSP Name',
      organization: 'Org Name',
    });
    expect(detect(['Email', 'Role', 'Organisation', 'Scan Group'], hexiosec).byHeader).toMatchObject({
      organisation: 'Organisation',
      group: 'Scan Group',
    });
    expect(detect(['Email', 'Role', 'Organization', 'Group Name'], hexiosec).byHeader).toMatchObject({
      organisation: 'Organization',
      group: 'Group Name',
    });
  });

  it('reads "Username" as the login when there is no email column, and as the name otherwise', () => {
    expect(detect(['Username', 'Full Name', 'Role', 'Account'], huntress).byHeader).toMatchObject({ email: 'Username', name: 'Full Name' });
    expect(detect(['Email', 'Username', 'Role', 'Account'], huntress).byHeader).toMatchObject({ email: 'Email', name: 'Username' });
  });

  it('prefers the better alias when two headers could be the same field', () => {
    expect(detect(['Mail', 'Email', 'Role', 'Account'], huntress).byHeader.email).toBe('Email');
    const twice = detect(['Email', 'E-mail', 'Role', 'Account'], huntress);
    expect(twice.byHeader.email).toBe('Email');
    expect(twice.unmapped).toEqual(['E-mail']);
  });

  it('lets an explicit mapping win over detection, matching the header exactly or loosely', () => {
    const result = detect(['Email', 'Login', 'Access', 'Tenant', 'Client'], huntress, {
      email: 'Login',
      role: 'access',
      account: 'Tenant',
      organization: 'Client',
    });
    expect(result.problems).toEqual([]);
    expect(result.byHeader).toEqual({ email: 'Login', role: 'Access', account: 'Tenant', organization: 'Client' });
    expect(result.unmapped).toEqual(['Email']);
  });

  it('reports an explicit mapping to a header that does not exist, listing the real headers', () => {
    const result = detectColumns(['E-mail', 'Role', 'Account'], huntress, { email: 'Mail Address' });
    expect(result.problems).toEqual([
      'the column mapping email="Mail Address" names a header this file does not have (headers: "E-mail", "Role", "Account")',
    ]);
  });

  it('leaves a field unmapped when its explicit mapping is empty, even where a header matches', () => {
    const result = detect(['Email', 'Role', 'Account', 'Organization', 'Status'], huntress, { status: '', organization: '' });
    expect(result.problems).toEqual([]);
    expect(result.byHeader).toEqual({ email: 'Email', role: 'Role', account: 'Account' });
    expect(result.unmapped).toEqual(['Organization', 'Status']);
  });

  it('refuses to leave a required field unmapped', () => {
    const result = detectColumns(['Email', 'Role', 'Account'], huntress, { email: '' });
    expect(result.problems).toEqual(['the column mapping leaves the required field "email" unmapped; map it to a header']);
  });

  it('does not guess a field whose explicit mapping names no header', () => {
    const result = detectColumns(['Email', 'Role', 'Account', 'Tenant'], huntress, { Organization: 'Client' });
    expect(result.mapping).toEqual({ email: 0, role: 1, account: 2 });
    expect(result.unmapped).toEqual(['Tenant']);
    expect(result.problems).toHaveLength(1);
  });

  it('reports a mapping of a field that does not exist', () => {
    const result = detectColumns(['Email', 'Role', 'Account'], huntress, { phone: 'Email' });
    expect(result.problems).toEqual([
      'unknown field "phone" in the column mapping; the fields are email, name, role, account, organization, status, last_login, mfa',
    ]);
  });

  it('reports each missing required column with the headers it saw', () => {
    expect(detectColumns(['Name', 'Account'], huntress).problems).toEqual([
      'missing required column "email" (headers: "Name", "Account")',
      'missing required column "role" (headers: "Name", "Account")',
    ]);
    expect(detectColumns(['Email', 'Role', 'Organization'], huntress).problems).toEqual([
      'missing required column "account" (headers: "Email", "Role", "Organization")',
    ]);
  });
});
