// What a cell may hold: accepted forms of status, mfa and last_login stored canonically, limits,
// forbidden characters, headers that fit twice or another platform, values set for missing fields,
// and a snapshot of the very same files.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDate } from '../../electron/services/audit-service';
import { previewImport } from '../../electron/services/import';
import { detectColumns } from '../../shared/csv/columns';
import { checkText, isIsoDate, isPlausibleEmail, normalizeEmail, parseLastLogin, parseMfa, parseStatus } from '../../shared/csv/values';
import { AuditError } from '../../shared/errors';
import { getModel } from '../../shared/models';
import { accountModel, env, failingImport, HEADER, type Env } from './support';

const value = <T>(parsed: { ok: true; value: T } | { ok: false; message: string }) =>
  parsed.ok ? parsed.value : `ERROR ${parsed.message}`;

describe('accepted values', () => {
  it('status: active/enabled, suspended/disabled/locked/deactivated/inactive, invited/pending, any case', () => {
    expect(['active', 'Enabled', ' ACTIVE'.trim()].map((t) => value(parseStatus(t)))).toEqual(['active', 'active', 'active']);
    expect(['suspended', 'Disabled', 'LOCKED', 'deactivated', 'Inactive'].map((t) => value(parseStatus(t)))).toEqual(
      Array(5).fill('suspended'),
    );
    expect(['invited', 'Pending'].map((t) => value(parseStatus(t)))).toEqual(['invited', 'invited']);
    expect(value(parseStatus('actve'))).toMatch(/^ERROR is "actve", not a known status \(accepted: active, enabled, /);
    expect(value(parseStatus('constructor'))).toMatch(/^ERROR/);
  });

  it('mfa: true/false, yes/no, enabled/disabled, on/off, 1/0, any case', () => {
    expect(['true', 'YES', 'Enabled', 'on', '1'].map((t) => value(parseMfa(t)))).toEqual(Array(5).fill('enabled'));
    expect(['false', 'No', 'disabled', 'OFF', '0'].map((t) => value(parseMfa(t)))).toEqual(Array(5).fill('disabled'));
    expect(value(parseMfa('maybe'))).toMatch(/^ERROR is "maybe", not a known MFA state/);
  });

  it('last_login: ISO dates and date-times, stored as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ in UTC', () => {
    expect(value(parseLastLogin('2024-03-04'))).toBe('2024-03-04');
    expect(value(parseLastLogin('2024-03-04T10:15:30Z'))).toBe('2024-03-04T10:15:30Z');
    expect(value(parseLastLogin('2024-03-04 10:15'))).toBe('2024-03-04T10:15:00Z');
    expect(value(parseLastLogin('2024-03-04T10:15:30.123456+02:00'))).toBe('2024-03-04T08:15:30Z');
    expect(value(parseLastLogin('2024-03-04T23:30:00-0130'))).toBe('2024-03-05T01:00:00Z');
    expect(value(parseLastLogin('2024-03-04 10:15:30 UTC'))).toBe('2024-03-04T10:15:30Z');
  });

  it('last_login: "4 Mar 2024", "Mar 4, 2024" with an optional time, and never', () => {
    expect(value(parseLastLogin('4 Mar 2024'))).toBe('2024-03-04');
    expect(value(parseLastLogin('04 March 2024 09:05'))).toBe('2024-03-04T09:05:00Z');
    expect(value(parseLastLogin('Mar 4, 2024'))).toBe('2024-03-04');
    expect(value(parseLastLogin('March 4, 2024 3:15 PM'))).toBe('2024-03-04T15:15:00Z');
    expect(value(parseLastLogin('Never'))).toBe('never');
    expect(value(parseLastLogin('never logged in'))).toBe('never');
  });

  it('last_login: "4-Mar-2024" and "04-Mar-2024" are read; "4 Mar!2024" and "4 Mar#2024" are not dates', () => {
    expect(value(parseLastLogin('4-Mar-2024'))).toBe('2024-03-04');
    expect(value(parseLastLogin('04-Mar-2024'))).toBe('2024-03-04');
    expect(value(parseLastLogin('04-March-2024 09:05'))).toBe('2024-03-04T09:05:00Z');
    expect(value(parseLastLogin('4 Mar, 2024'))).toBe('2024-03-04');
    for (const text of ['4 Mar!2024', '4 Mar#2024', '4 Mar+2024', "4 Mar'2024", '4 Mar*2024']) {
      expect(value(parseLastLogin(text)), text).toMatch(/^ERROR is ".*", not a date: /);
    }
  });

  it('last_login: slash dates when the order is evident or given; an ambiguous one names --date-format', () => {
    expect(value(parseLastLogin('25/03/2024'))).toBe('2024-03-25');
    expect(value(parseLastLogin('03/25/2024'))).toBe('2024-03-25');
    expect(value(parseLastLogin('2024/03/25'))).toBe('2024-03-25');
    expect(value(parseLastLogin('04/04/2024'))).toBe('2024-04-04');
    expect(value(parseLastLogin('03/04/2024'))).toMatch(
      /^ERROR is "03\/04\/2024", which could be day\/month or month\/day; say which order the export writes slash dates in \(day first or month first\)$/,
    );
    expect(value(parseLastLogin('03/04/2024', 'dmy'))).toBe('2024-04-03');
    expect(value(parseLastLogin('03/04/2024 14:00', 'mdy'))).toBe('2024-03-04T14:00:00Z');
    expect(value(parseLastLogin('03/04/2024', 'ymd'))).toMatch(/^ERROR/);
  });

  it('last_login: anything else, and impossible dates, are refused', () => {
    for (const text of [
      'yesterday',
      '2022-02-30',
      '2023-02-29',
      '30 Feb 2024',
      '13/13/2024',
      '2024-03-04T25:00',
      '3/4/24',
      '2024-3-4',
      '-',
    ]) {
      expect(value(parseLastLogin(text)), text).toMatch(/^ERROR/);
    }
    expect(value(parseLastLogin('2024-02-29'))).toBe('2024-02-29');
  });

  it('an impossible --as-of date is refused too (Date.parse accepts 2022-02-30)', () => {
    expect(isIsoDate('2022-02-28')).toBe(true);
    expect(isIsoDate('2022-02-30')).toBe(false);
    expect(checkDate('2022-02-28')).toBe('2022-02-28');
    expect(() => checkDate('2022-02-30')).toThrow(AuditError);
    expect(() => checkDate('2022-02-30')).toThrow('the as-of date must be a day of the calendar written YYYY-MM-DD, got "2022-02-30"');
    expect(() => checkDate('2022-02-30', '--as-of')).toThrow('--as-of must be a day of the calendar written YYYY-MM-DD, got "2022-02-30"');
  });

  it('text cells: at most 512 characters (emails 254), no control, bidirectional or replacement characters', () => {
    expect(checkText('Zoë Ärztin')).toBeUndefined();
    expect(checkText('x'.repeat(512))).toBeUndefined();
    expect(checkText('x'.repeat(513))).toBe('is 513 characters long; the limit is 512');
    expect(checkText('a\u0007b')).toBe('contains a control character U+0007');
    expect(checkText('a\tb')).toBe('contains a control character U+0009');
    expect(checkText('a\u0085b')).toBe('contains a control character U+0085');
    expect(checkText('a\u2028b')).toBe('contains a line break U+2028');
    expect(checkText('a\u2029b')).toBe('contains a line break U+2029');
    for (const c of ['\u061c', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069']) {
      expect(checkText(`evil${c}gpj.exe`)).toBe(
        `contains a bidirectional control character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
      );
    }
  });

  it('normalizeEmail trims and lower-cases, the same for import and lookup', () => {
    expect(normalizeEmail('  Ada@MSP.Test ')).toBe('ada@msp.test');
  });

  it('an email with an invisible character (a zero-width space, a soft hyphen) is not plausible: it would look like another', () => {
    expect(isPlausibleEmail('ada@msp.test')).toBe(true);
    expect(isPlausibleEmail('ad\u200ba@msp.test')).toBe(false);
    expect(isPlausibleEmail('ada@ms\u00adp.test')).toBe(false);
  });
});

describe('imports keep only values they can read', () => {
  let e: Env;
  beforeEach(() => {
    e = env();
  });
  afterEach(() => e.close());
  const FULL = `${HEADER},status,last_login,mfa`;

  it('stores canonical values, and nothing for a cell the file left empty', async () => {
    const file = e.file(
      'users.csv',
      `${FULL}\nada@msp.test,Ada,Admin,MSP,,Enabled,4 Mar 2024,YES\nbob@msp.test,Bob,User,MSP,,locked,Never,off\ncat@msp.test,Cat,User,MSP,,,,\n`,
    );
    const info = await e.run([file]);
    const view = e.store.view(info.id);
    expect(view.userByEmail('ada@msp.test')).toMatchObject({ status: 'active', lastLogin: '2024-03-04', mfa: 'enabled' });
    expect(view.userByEmail('bob@msp.test')).toMatchObject({ status: 'suspended', lastLogin: 'never', mfa: 'disabled' });
    const cat = view.userByEmail('cat@msp.test');
    expect(cat && 'lastLogin' in cat).toBe(false);
    expect(cat && 'status' in cat).toBe(false);
  });

  it('refuses status=actve, last_login=yesterday, mfa=maybe, naming line and column', async () => {
    const file = e.file(
      'users.csv',
      `${FULL}\nada@msp.test,Ada,Admin,MSP,,actve,yesterday,maybe\nbob@msp.test,Bob,User,MSP,,active,03/04/2024,true\n`,
    );
    const { lines } = await failingImport(e, [file]);
    expect(lines[0]).toMatch(/^users\.csv:2: status \(column 6\) is "actve", not a known status/);
    expect(lines[1]).toMatch(/^users\.csv:2: last_login \(column 7\) is "yesterday", not a date/);
    expect(lines[2]).toMatch(/^users\.csv:2: mfa \(column 8\) is "maybe", not a known MFA state/);
    expect(lines[3]).toMatch(/^users\.csv:3: last_login \(column 7\) is "03\/04\/2024", which could be day\/month or month\/day/);
    expect(lines).toHaveLength(4);
    const info = await e.run([file], { dateFormat: 'dmy', name: 'x' }).catch((error: AuditError) => error);
    expect(info).toBeInstanceOf(AuditError); // line 2 is still wrong
  });

  it('reads an ambiguous slash date with the date format given', async () => {
    const file = e.file('users.csv', `${FULL}\nbob@msp.test,Bob,User,MSP,,active,03/04/2024,true\n`);
    const info = await e.run([file], { dateFormat: 'mdy' });
    expect(e.store.view(info.id).userByEmail('bob@msp.test')?.lastLogin).toBe('2024-03-04');
  });

  it('refuses a 5 MB name, a long email, and control or bidirectional characters in emails, names, roles and scope names', async () => {
    const longEmail = `${'a'.repeat(250)}@x.test`;
    const file = e.file(
      'people.csv',
      [
        HEADER,
        `big@msp.test,${'N'.repeat(5 * 1024 * 1024)},Admin,MSP,`,
        `${longEmail},Long,Admin,MSP,`,
        'bell@msp.test,Bell\u0007,Admin,MSP,',
        'tab@msp.test,"Tab\there",Admin,MSP,',
        'bidi@msp.test,Bidi,Admin,MSP\u202e,',
        'role@msp.test,Role,"Admin\u200f",MSP,',
        'nl@msp.test,"Two\nlines",Admin,MSP,',
      ].join('\n'),
    );
    expect((await failingImport(e, [file])).lines).toEqual([
      'people.csv:2: name (column 2) is 5,242,880 characters long; the limit is 512',
      'people.csv:3: email (column 1) is 257 characters long; the limit is 254',
      'people.csv:4: name (column 2) contains a control character U+0007',
      'people.csv:5: name (column 2) contains a control character U+0009',
      'people.csv:6: account (column 4) contains a bidirectional control character U+202E',
      'people.csv:7: role (column 3) contains a bidirectional control character U+200F',
      'people.csv:8: name (column 2) contains a control character U+000A',
    ]);
  });

  it('finds a forbidden character wherever it hides: in a quoted field, in a tab-separated cell, or past the first MiB', async () => {
    const newline = e.file('newline.csv', `${HEADER}\nnl@msp.test,"Two\nlines",Admin,MSP,\n`);
    expect((await failingImport(e, [newline])).lines).toEqual(['newline.csv:2: name (column 2) contains a control character U+000A']);
    const tsv = e.file('tabs.tsv', `${HEADER.replace(/,/g, '\t')}\ntab@msp.test\t"Tab\there"\tAdmin\tMSP\t\n`);
    expect((await failingImport(e, [tsv])).lines).toEqual(['tabs.tsv:2: name (column 2) contains a control character U+0009']);
    const clean = Array.from({ length: 30_000 }, (_, i) => `user${i}@msp.test,User ${i},Admin,MSP,`);
    const late = e.file('late.csv', [HEADER, ...clean, 'bell@msp.test,Bell\u0007,Admin,MSP,'].join('\n'));
    expect((await failingImport(e, [late])).lines).toEqual([
      `late.csv:${clean.length + 2}: name (column 2) contains a control character U+0007`,
    ]);
  });

  it('refuses a file whose email or role column appears twice, naming both', async () => {
    const file = e.file('twice.csv', 'Email,name,role,account,E-mail\nada@msp.test,Ada,Admin,MSP,other@msp.test\n');
    expect((await failingImport(e, [file])).lines).toEqual([
      'twice.csv:1: the columns "Email" (column 1) and "E-mail" (column 5) are both read as email; remove one, or choose one in the column mapping',
    ]);
    const roles = e.file('roles.csv', 'email,Role,account,Roles\nada@msp.test,Admin,MSP,User\n');
    expect((await failingImport(e, [roles])).lines).toEqual([
      'roles.csv:1: the columns "Role" (column 2) and "Roles" (column 4) are both read as role; remove one, or choose one in the column mapping',
    ]);
    // Choosing one column explicitly settles it.
    const info = await e.run([file], { mapping: { email: 'Email' } });
    expect(info.userCount).toBe(1);
  });

  it('says when the columns fit another platform: a HYAS Protect export imported as Huntress', async () => {
    const file = e.file('hyas.csv', 'email,name,role,partner,mssp,organization\nada@cobalt.test,Ada,Partner Admin,Cobalt,,\n');
    const { lines } = await failingImport(e, [file], {
      model: getModel('huntress'),
      modelVersion: getModel('huntress').versions.at(-1)!.id,
    });
    expect(lines).toEqual([
      'hyas.csv:1: missing required column "account" (headers: "email", "name", "role", "partner", "mssp", "organization")',
      'hyas.csv:1: these columns look like a HYAS Protect export (platform hyas-protect): partner, mssp, organization',
    ]);
    const [preview] = await previewImport([{ path: file }], getModel('huntress'));
    expect(preview.problems).toContain(
      'these columns look like a HYAS Protect export (platform hyas-protect): partner, mssp, organization',
    );
  });

  it('takes one value for a scope level the export lacks (set), and refuses a field both in the file and set', async () => {
    const file = e.file('orgs.csv', 'email,name,role,organization\noli@acme.test,Oli,Org Admin,Acme\nbea@beta.test,Bea,Org Admin,Beta\n');
    const info = await e.run([file], { set: { account: 'Northwind MSP' } });
    expect(e.store.tree(info.id).map((n) => n.path)).toEqual(['Northwind MSP', 'Northwind MSP/Acme', 'Northwind MSP/Beta']);
    const [preview] = await previewImport([{ path: file }], accountModel, { set: { account: 'Northwind MSP' } });
    expect(preview.problems).toEqual([]);
    expect((await failingImport(e, [file], { set: { organization: 'Acme' } })).lines).toEqual([
      'orgs.csv:1: organization is both a column of this file, "organization" (column 4), and set to "Acme"; leave out one of them',
      'orgs.csv:1: missing required column "account" (headers: "email", "name", "role", "organization")',
    ]);
    expect(detectColumns(['email', 'role'], accountModel.levels, {}, { account: 'A\u202eB' }).problems).toEqual([
      'the value set for account contains a bidirectional control character U+202E',
    ]);
  });

  it('refuses to import the very same files again, naming the snapshot, unless allowed', async () => {
    const a = e.file('a.csv', `${HEADER}\nada@msp.test,Ada,Admin,MSP,\n`);
    const b = e.file('b.csv', `${HEADER}\nbob@msp.test,Bob,User,MSP,\n`);
    const first = await e.run([a, b], { name: 'October review' });
    const { error } = await failingImport(e, [b, a]);
    expect(error.kind).toBe('duplicate');
    const on = `${first.importedAt.slice(0, 10)} at ${first.importedAt.slice(11, 16)} UTC`;
    expect(error.message).toBe(
      `these files were already imported as snapshot #${first.id} "October review" on ${on}; nothing was imported`,
    );
    // A subset is another set of files.
    await e.run([a]);
    const again = await e.run([a, b], { allowDuplicate: true });
    expect(e.store.list().map((s) => s.id)).toEqual([again.id, first.id + 1, first.id]);
  });
});
