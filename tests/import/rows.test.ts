import { describe, expect, it } from 'vitest';
import { detectColumns, CANONICAL_FIELDS } from '../../shared/csv/columns';
import { createRowReader, editDistance, levelWord, nearestName, ownCopy, quote } from '../../shared/csv/rows';
import { accountModel, ownerModel } from './support';

const fields = CANONICAL_FIELDS(accountModel.levels);
const mapping = detectColumns(fields, accountModel.levels).mapping;
const reader = (versionId = '2022-06', asOf: string | null = null) => createRowReader({ model: accountModel, versionId, asOf, mapping });
/** A record from named values, in canonical column order. */
const row = (values: Partial<Record<string, string>>) => fields.map((f) => values[f] ?? '');

describe('nearestName', () => {
  it('finds the name within a third of the text’s length in edits, else none', () => {
    expect(nearestName('adminn', ['User', 'Admin'])).toBe('Admin');
    expect(nearestName('superuser', ['User', 'Admin'])).toBeUndefined();
  });
});

describe('createRowReader', () => {
  const read = reader();

  it('reads a good row: trimmed values, lowercased email, the role at the deepest filled scope', () => {
    const result = read(
      row({
        email: '  Ada@Example.TEST ',
        name: ' Ada ',
        role: ' org admin ',
        account: ' MSP ',
        organization: ' Acme ',
        status: ' active ',
        mfa: 'true',
      }),
    );
    expect(result.problems).toEqual([]);
    expect(result.user).toEqual({ email: 'ada@example.test', name: 'Ada', status: 'active', mfa: 'enabled' });
    expect(result.scope).toEqual(['MSP', 'Acme']);
    expect(result.roles.map((r) => r.id)).toEqual(['org-admin']);
  });

  it('picks the role of the row’s level when a name exists at several levels', () => {
    expect(read(row({ email: 'a@x.test', role: 'Admin', account: 'MSP' })).roles.map((r) => r.id)).toEqual(['account-admin']);
    expect(read(row({ email: 'a@x.test', role: 'ADMIN', account: 'MSP', organization: 'Acme' })).roles.map((r) => r.id)).toEqual([
      'org-admin',
    ]);
  });

  it('splits several roles in one cell on ";" and drops repeats and empty parts', () => {
    const result = read(row({ email: 'a@x.test', role: 'Admin; Read Only;;Admin; ', account: 'MSP' }));
    expect(result.roles.map((r) => r.id)).toEqual(['account-admin', 'account-read-only']);
  });

  it('reports a missing and a malformed email', () => {
    expect(read(row({ role: 'Admin', account: 'MSP' })).problems).toEqual(['missing email']);
    expect(read(row({ email: 'ada.example.test', role: 'Admin', account: 'MSP' })).problems).toEqual([
      'malformed email "ada.example.test"',
    ]);
    expect(read(row({ email: 'ada@example', role: 'Admin', account: 'MSP' })).problems).toEqual(['malformed email "ada@example"']);
    expect(read(row({ email: 'a b@example.test', role: 'Admin', account: 'MSP' })).problems).toEqual([
      'malformed email "a b@example.test"',
    ]);
  });

  it('reports a missing role and an unknown one, suggesting the nearest name', () => {
    expect(read(row({ email: 'a@x.test', account: 'MSP' })).problems).toEqual(['missing role']);
    expect(read(row({ email: 'a@x.test', role: 'Adminn', account: 'MSP' })).problems).toEqual([
      'unknown role "Adminn"; did you mean "Admin"?',
    ]);
    expect(read(row({ email: 'a@x.test', role: 'Org Admn', account: 'MSP', organization: 'Acme' })).problems).toEqual([
      'unknown role "Org Admn"; did you mean "Org Admin"?',
    ]);
    expect(read(row({ email: 'a@x.test', role: 'Superuser', account: 'MSP' })).problems).toEqual([
      'unknown role "Superuser" (Acct roles: Admin, User, Finance, Read-Only)',
    ]);
  });

  it('suggests nothing for an unknown role far longer than any role name, and shows only its start', () => {
    const long = `Admin${'n'.repeat(495)}`; // 500 characters: within the cell limit, far from every name
    const message = `unknown role "${long.slice(0, 77)}…" (Acct roles: Admin, User, Finance, Read-Only)`;
    for (let i = 0; i < 3; i++) {
      expect(read(row({ email: 'a@x.test', role: long, account: 'MSP' })).problems).toEqual([message]);
      expect(read(row({ email: 'a@x.test', role: long, account: 'MSP', organization: 'Acme' })).problems).toEqual([message]);
    }
  });

  it('reports a role at the wrong level, naming the row’s deepest scope', () => {
    expect(read(row({ email: 'a@x.test', role: 'Finance', account: 'MSP', organization: 'Acme Dental' })).problems).toEqual([
      'role "Finance" is assigned at account level, but this row\'s deepest scope is organization "Acme Dental"',
    ]);
    expect(read(row({ email: 'a@x.test', role: 'Org Admin', account: 'MSP' })).problems).toEqual([
      'role "Org Admin" is assigned at organization level, but this row\'s deepest scope is account "MSP"',
    ]);
  });

  it('reports a role that the model version does not have, with the date it arrives', () => {
    expect(reader('pre-2022-06', '2022-05-31')(row({ email: 'a@x.test', role: 'Finance', account: 'MSP' })).problems).toEqual([
      'role "Finance" does not exist in Acct as of 2022-05-31 (version pre-2022-06); it exists from 2022-06-01',
    ]);
    expect(reader('pre-2022-06')(row({ email: 'a@x.test', role: 'finance', account: 'MSP' })).problems).toEqual([
      'role "finance" does not exist in Acct version pre-2022-06; it exists from 2022-06-01',
    ]);
  });

  it('reports a gap in the scope columns, and a row without any scope', () => {
    expect(read(row({ email: 'a@x.test', role: 'Org Admin', organization: 'Acme' })).problems).toEqual([
      'organization "Acme" is filled but account is empty',
    ]);
    expect(read(row({ email: 'a@x.test', role: 'Admin' })).problems).toEqual(['missing account']);
    // With the scope unreadable, a known role is not judged by level, an unknown one still is.
    expect(read(row({ email: 'a@x.test', role: 'Nope', organization: 'Acme' })).problems).toEqual([
      'organization "Acme" is filled but account is empty',
      'unknown role "Nope" (Acct roles: Admin, User, Finance, Read-Only)',
    ]);
  });

  it('reports every problem of a row, and no roles then', () => {
    const result = read(row({ email: 'bad', role: 'Adminn', account: 'MSP' }));
    expect(result.problems).toEqual(['malformed email "bad"', 'unknown role "Adminn"; did you mean "Admin"?']);
    expect(result.roles).toEqual([]);
  });

  it('shows line breaks in quoted values as \\n so a problem stays on one line', () => {
    expect(read(row({ email: 'multi line', role: 'Admin', account: 'MSP' })).problems).toEqual(['malformed email "multi line"']);
    expect(quote('multi\nline\ttab')).toBe('"multi\\nline\\ttab"');
    expect(quote('x'.repeat(100))).toBe(`"${'x'.repeat(77)}…"`);
  });

  it('reads a short record as if its missing trailing columns were empty', () => {
    const result = read(['a@x.test', 'A', 'Admin', 'MSP']);
    expect(result.problems).toEqual([]);
    expect(result.scope).toEqual(['MSP']);
  });

  it('works for any model: organisation > group', () => {
    const levels = ownerModel.levels;
    const owned = createRowReader({
      model: ownerModel,
      versionId: 'v1',
      mapping: detectColumns(['email', 'role', 'organisation', 'group'], levels).mapping,
    });
    expect(owned(['o@x.test', 'Owner', 'Acme', '']).roles.map((r) => r.id)).toEqual(['owner']);
    expect(owned(['o@x.test', 'Member', 'Acme', 'Scanners']).scope).toEqual(['Acme', 'Scanners']);
    expect(owned(['o@x.test', 'Owner', 'Acme', 'Scanners']).problems).toEqual([
      'role "Owner" is assigned at organisation level, but this row\'s deepest scope is group "Scanners"',
    ]);
  });
});

describe('helpers', () => {
  it('editDistance counts single-character edits', () => {
    expect(editDistance('admin', 'admin')).toBe(0);
    expect(editDistance('adminn', 'admin')).toBe(1);
    expect(editDistance('admni', 'admin')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('levelWord lowercases a level name unless it is an acronym', () => {
    expect(levelWord({ id: 'organization', name: 'Organization' })).toBe('organization');
    expect(levelWord({ id: 'mssp', name: 'MSSP' })).toBe('MSSP');
  });

  it('ownCopy returns an equal string', () => {
    const long = 'a-long-enough-string@example.test';
    expect(ownCopy(long.slice(2))).toBe(long.slice(2));
    expect(ownCopy('short')).toBe('short');
  });
});
