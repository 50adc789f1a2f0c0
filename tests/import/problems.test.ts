// Imports that fail: each bad input names its problems as FILE:LINE: message, and the database is
// left exactly as it was (same snapshots, same rows in every table, same bytes in the file).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PROBLEMS, MAX_RECORD_BYTES, previewImport } from '../../electron/services/import';
import { AuditError } from '../../shared/errors';
import { accountModel, env, failingImport, HEADER, ownerModel, type Env } from './support';

let e: Env;
beforeEach(async () => {
  e = env();
  // An existing snapshot that every failed import must leave alone.
  await e.run([e.file('existing.csv', `${HEADER}\nada@msp.test,Ada,Admin,MSP,\noli@acme.test,Oli,Org Admin,MSP,Acme\n`)], {
    name: 'existing',
  });
});
afterEach(() => e.close());

describe('a failed import writes nothing and says why', () => {
  it('missing email', async () => {
    const file = e.file('users.csv', `${HEADER}\nbob@msp.test,Bob,User,MSP,\n,No Mail,User,MSP,\n`);
    const { error, lines } = await failingImport(e, [file]);
    expect(error.kind).toBe('input');
    expect(error.message).toBe('import failed: 1 problem in users.csv; nothing was imported');
    expect(lines).toEqual(['users.csv:3: missing email']);
  });

  it('malformed email', async () => {
    const file = e.file('users.csv', `${HEADER}\nbob.msp.test,Bob,User,MSP,\n`);
    expect((await failingImport(e, [file])).lines).toEqual(['users.csv:2: malformed email "bob.msp.test"']);
  });

  it('an email with a no-break space or U+FEFF at either end is malformed, the character shown, not silently dropped', async () => {
    const file = e.file('users.csv', `${HEADER}\nbob@msp.test\u00a0,Bob,User,MSP,\n\ufeffeve@msp.test ,Eve,User,MSP,\n`);
    expect((await failingImport(e, [file])).lines).toEqual([
      'users.csv:2: malformed email "bob@msp.test\\u00A0"',
      'users.csv:3: malformed email "\\uFEFFeve@msp.test"',
    ]);
  });

  it('unknown role, with the nearest name suggested', async () => {
    const file = e.file('users.csv', `${HEADER}\nbob@msp.test,Bob,Adminn,MSP,\n`);
    expect((await failingImport(e, [file])).lines).toEqual(['users.csv:2: unknown role "Adminn"; did you mean "Admin"?']);
  });

  it('role at the wrong level', async () => {
    const file = e.file('users.csv', `${HEADER}\nfin@msp.test,Fin,Finance,MSP,Acme Dental\n`);
    expect((await failingImport(e, [file])).lines).toEqual([
      'users.csv:2: role "Finance" is assigned at account level, but this row\'s deepest scope is organization "Acme Dental"',
    ]);
  });

  it('role that does not exist in the chosen model version', async () => {
    const file = e.file('users.csv', `${HEADER}\nfin@msp.test,Fin,Finance,MSP,\n`);
    const { lines } = await failingImport(e, [file], { modelVersion: 'pre-2022-06', asOf: '2022-05-31' });
    expect(lines).toEqual([
      'users.csv:2: role "Finance" does not exist in Acct as of 2022-05-31 (version pre-2022-06); it exists from 2022-06-01',
    ]);
  });

  it('two Owners of one organisation', async () => {
    const file = e.file(
      'users.csv',
      'email,name,role,organisation,group\nann@acme.test,Ann,Owner,Acme,\nm@acme.test,M,Member,Acme,Scanners\nbob@acme.test,Bob,Owner,Acme,\n',
    );
    const { lines } = await failingImport(e, [file], { model: ownerModel, modelVersion: 'v1' });
    expect(lines).toEqual(['users.csv:4: organisation "Acme" already has an Owner (users.csv:2)']);
  });

  it('an organisation without an Owner, reported where it first appears', async () => {
    const file = e.file(
      'users.csv',
      'email,name,role,organisation,group\nann@acme.test,Ann,Owner,Acme,\nm@beta.test,M,Member,Beta,Scanners\nn@beta.test,N,Admin,Beta,\n',
    );
    const { lines } = await failingImport(e, [file], { model: ownerModel, modelVersion: 'v1' });
    expect(lines).toEqual(['users.csv:3: organisation "Beta" has no Owner; every organisation needs exactly one']);
  });

  it('missing required column', async () => {
    const file = e.file('users.csv', 'email,name,account,organization\nbob@msp.test,Bob,MSP,\n');
    expect((await failingImport(e, [file])).lines).toEqual([
      'users.csv:1: missing required column "role" (headers: "email", "name", "account", "organization")',
    ]);
  });

  it('explicit mapping to a header the file does not have', async () => {
    const file = e.file('users.csv', 'E-mail,Name,Role,Account,Organization\nbob@msp.test,Bob,User,MSP,\n');
    const { lines } = await failingImport(e, [file], { mapping: { email: 'Mail' } });
    expect(lines).toEqual([
      'users.csv:1: the column mapping email="Mail" names a header this file does not have (headers: "E-mail", "Name", "Role", "Account", "Organization")',
    ]);
  });

  it('empty file, and a file with only a header', async () => {
    const empty = e.file('empty.csv', '');
    expect((await failingImport(e, [empty])).lines).toEqual(['empty.csv:1: the file is empty: expected a header row and at least one row']);
    const blank = e.file('blank.csv', '\n  \n\n');
    expect((await failingImport(e, [blank])).lines).toEqual(['blank.csv:1: the file is empty: expected a header row and at least one row']);
    const header = e.file('header.csv', `${HEADER}\n\n`);
    expect((await failingImport(e, [header])).lines).toEqual(['header.csv:1: the file has a header but no rows']);
  });

  it('a header longer than a cell may be, or holding a bidirectional control, is refused naming its column, in a short message', async () => {
    const long = 'x'.repeat(2 * 1024 * 1024);
    const file = e.file('headers.csv', `email,${long},role,tenant\u202E\nbob@msp.test,1,User,MSP\n`);
    const { lines } = await failingImport(e, [file]);
    expect(lines).toEqual([
      `headers.csv:1: the header "${'x'.repeat(77)}…" (column 2) is 2,097,152 characters long; the limit is 512`,
      'headers.csv:1: the header "tenant\\u202E" (column 4) contains a bidirectional control character U+202E',
      `headers.csv:1: missing required column "account" (headers: "email", "${'x'.repeat(77)}…", "role", "tenant\\u202E")`,
    ]);
    const [preview] = await previewImport([{ path: file }], accountModel);
    expect(preview.problems).toEqual(lines.map((line) => line.replace(/^headers\.csv:1: /, '')));
    expect(preview.headers.map((h) => h.length)).toEqual([5, 513, 4, 7]);
    // A line break in a quoted header is not refused: headers are matched, not stored.
    await e.run([e.file('broken-header.csv', 'email,"Full\nName",role,account\nbob@msp.test,Bob,User,MSP\n')]);
  });

  it('a header with malformed quotes: the import says so, as the preview does, and not that the file is empty', async () => {
    const file = e.file('quotes.csv', 'email,"role"x,account\nbob@msp.test,User,MSP\n');
    const { lines } = await failingImport(e, [file]);
    expect(lines).toContain('quotes.csv:1: malformed quotes: a quoted field must end with " before the next delimiter or line break');
    expect(lines.filter((line) => line.includes('the file is empty'))).toEqual([]);
    const [preview] = await previewImport([{ path: file }], accountModel);
    expect(preview.problems).toEqual(lines.map((line) => line.replace(/^quotes\.csv:/, 'line ')));
  });

  it('gap in the scope columns', async () => {
    const file = e.file('users.csv', `${HEADER}\noli@acme.test,Oli,Org Admin,,Acme\n`);
    expect((await failingImport(e, [file])).lines).toEqual(['users.csv:2: organization "Acme" is filled but account is empty']);
  });

  it('several problems in one file, all reported in line order', async () => {
    const file = e.file(
      'users.csv',
      [
        HEADER,
        'good@msp.test,Good,Admin,MSP,',
        ',Nobody,Admin,MSP,',
        'bad-email,Bad,Adminn,MSP,',
        'oli@acme.test,Oli,Org Admin,,Acme',
        'fin@msp.test,Fin,Finance,MSP,Acme',
        'ok@msp.test,OK,User,MSP,Acme',
        'x@msp.test,X,,MSP,',
      ].join('\n'),
    );
    const { error, lines } = await failingImport(e, [file]);
    expect(error.message).toBe('import failed: 6 problems in users.csv; nothing was imported');
    expect(lines).toEqual([
      'users.csv:3: missing email',
      'users.csv:4: malformed email "bad-email"',
      'users.csv:4: unknown role "Adminn"; did you mean "Admin"?',
      'users.csv:5: organization "Acme" is filled but account is empty',
      'users.csv:6: role "Finance" is assigned at account level, but this row\'s deepest scope is organization "Acme"',
      'users.csv:8: missing role',
    ]);
  });

  it('a problem in the second of two files: nothing from the first is written either', async () => {
    const first = e.file('first.csv', `${HEADER}\nbob@msp.test,Bob,User,MSP,\ncat@msp.test,Cat,Admin,MSP,\n`);
    const second = e.file('second.csv', `${HEADER}\ndan@msp.test,Dan,User,MSP,\nbad,Eve,User,MSP,\n`);
    const { error, lines } = await failingImport(e, [first, second]);
    expect(error.message).toBe('import failed: 1 problem in second.csv; nothing was imported');
    expect(lines).toEqual(['second.csv:3: malformed email "bad"']);
  });

  it('problems in two files, reported file by file under their given names', async () => {
    const first = e.file('a.csv', `${HEADER}\nbad1,Bob,User,MSP,\n`);
    const second = e.file('b.csv', `${HEADER}\nbad2,Dan,User,MSP,\n`);
    const { error, lines } = await failingImport(e, [
      { path: second, name: 'second.csv' },
      { path: first, name: 'first.csv' },
    ]);
    expect(error.message).toBe('import failed: 2 problems in second.csv, first.csv; nothing was imported');
    expect(lines).toEqual(['second.csv:2: malformed email "bad2"', 'first.csv:2: malformed email "bad1"']);
  });

  it('line numbers stay physical after quoted line breaks', async () => {
    const file = e.file(
      'users.csv',
      `${HEADER},notes\nann@msp.test,Ann,User,MSP,,"two\nlines"\n\nbad,B,User,MSP,,"B\r\nB"\nzed@msp.test,Zed,Nope,MSP,,\n`,
    );
    expect((await failingImport(e, [file])).lines).toEqual([
      'users.csv:5: malformed email "bad"',
      'users.csv:7: unknown role "Nope" (Acct roles: Admin, User, Finance, Read-Only)',
    ]);
  });

  it('a row with more fields than the header', async () => {
    const file = e.file('users.csv', `${HEADER}\nbob@msp.test,Bob,User,MSP,,extra\nok@msp.test,Ok,User,MSP,,\n`);
    expect((await failingImport(e, [file])).lines).toEqual([
      'users.csv:2: this row has 6 fields but the header has 5 (a field with a delimiter in it needs quotes)',
    ]);
  });

  it('a quote that is never closed', async () => {
    const file = e.file('users.csv', `${HEADER}\nbob@msp.test,"Bob,User,MSP,\nok@msp.test,Ok,User,MSP,\n`);
    expect((await failingImport(e, [file])).lines).toEqual([
      'users.csv:2: unterminated quoted field: a " opened in this record is never closed',
    ]);
  });

  it('a quote that would swallow the rest of a large file stops the reading there', async () => {
    const filler = 'x@msp.test,X,User,MSP,\n'.repeat(Math.ceil((MAX_RECORD_BYTES + 2 * 1024 * 1024) / 22));
    const file = e.file('users.csv', `${HEADER}\nok@msp.test,Ok,User,MSP,\nbob@msp.test,"Bob,User,MSP,\n${filler}`);
    expect((await failingImport(e, [file])).lines).toEqual([
      `users.csv:3: unterminated quoted field: a " opened in this record is not closed within ${MAX_RECORD_BYTES / 1024 / 1024} MiB`,
    ]);
  });

  it('a stray quote inside a quoted field', async () => {
    const file = e.file('users.csv', `${HEADER}\nbob@msp.test,"Bob"by,User,MSP,\nok@msp.test,Ok,User,MSP,\n`);
    // The stray quote leaves the field open, so it runs to the end of the file.
    expect((await failingImport(e, [file])).lines).toEqual([
      'users.csv:2: malformed quotes: a quoted field must end with " before the next delimiter or line break',
      'users.csv:2: unterminated quoted field: a " opened in this record is never closed',
    ]);
  });

  it('caps the list of problems and counts the rest', async () => {
    const rows = Array.from({ length: MAX_PROBLEMS + 100 }, (_, i) => `bad${i},B,User,MSP,`);
    const file = e.file('users.csv', `${HEADER}\n${rows.join('\n')}\n`);
    const { error, lines } = await failingImport(e, [file]);
    expect(error.message).toBe(`import failed: ${MAX_PROBLEMS + 100} problems in users.csv; nothing was imported`);
    expect(lines).toHaveLength(MAX_PROBLEMS + 1);
    expect(lines[0]).toBe('users.csv:2: malformed email "bad0"');
    expect(lines[MAX_PROBLEMS - 1]).toBe(`users.csv:${MAX_PROBLEMS + 1}: malformed email "bad${MAX_PROBLEMS - 1}"`);
    expect(lines[MAX_PROBLEMS]).toBe(`users.csv:${MAX_PROBLEMS + 2}: … and 100 more problems`);
  });

  it('a file that does not exist is not-found, naming it', async () => {
    const missing = path.join(e.dir, 'nope.csv');
    const good = e.file('good.csv', `${HEADER}\nbob@msp.test,Bob,User,MSP,\n`);
    const before = e.store.list();
    await expect(e.run([good, missing])).rejects.toMatchObject({ kind: 'not-found', message: `file not found: ${missing}` });
    await expect(e.run([e.dir])).rejects.toMatchObject({ kind: 'input', message: `${e.dir} is a directory, not a CSV file` });
    expect(e.store.list()).toEqual(before);
  });

  it('an unknown model version is refused before reading anything', async () => {
    const file = e.file('users.csv', `${HEADER}\nbob@msp.test,Bob,User,MSP,\n`);
    await expect(e.run([file], { modelVersion: '1999' })).rejects.toMatchObject({
      kind: 'input',
      message: 'Acct has no version "1999" (known: pre-2022-06, 2022-06)',
    });
  });

  it('leaves no temporary files or open connections behind', async () => {
    const file = e.file('users.csv', `${HEADER}\nbad,Bob,User,MSP,\n`);
    await failingImport(e, [file]);
    // The import's own connection is closed: the database can be written by this one at once.
    e.db.exec('BEGIN IMMEDIATE; ROLLBACK');
    expect(
      fs
        .readdirSync(e.dir)
        .filter((f) => f.startsWith('audit.db'))
        .sort(),
    ).toEqual(['audit.db', 'audit.db-shm', 'audit.db-wal']);
    expect(e.store.list().map((s) => s.name)).toEqual(['existing']);
  });

  it('throws an AuditError whose problems are plain {file, line, message}', async () => {
    const file = e.file('users.csv', `${HEADER}\nbad,Bob,User,MSP,\n`);
    const { error } = await failingImport(e, [file]);
    expect(error).toBeInstanceOf(AuditError);
    expect(error.problems).toEqual([{ file: 'users.csv', line: 2, message: 'malformed email "bad"' }]);
  });
});
