// Imports that succeed: every accepted shape of input, and what ends up in the snapshot.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importSnapshot } from '../../electron/services/import';
import { openDatabase } from '../../electron/store/database';
import { SnapshotStore } from '../../electron/store/snapshot-store';
import type { ImportProgress } from '../../shared/api';
import { whoCan } from '../../shared/engine/evaluate';
import { resolveModel } from '../../shared/model/resolve';
import { accountModel, env, HEADER, ownerModel, type Env } from './support';

let current: Env | undefined;
afterEach(() => {
  current?.close();
  current = undefined;
});
const setup = () => (current = env());

/** What a snapshot holds, readably: `email role @ path (file:line)` per assignment, in id order. */
function contents(e: Env, id: number): string[] {
  const view = e.store.view(id);
  const out: string[] = [];
  for (const user of e.store.users(id).users) {
    for (const a of view.assignmentsOfUser(user.id)) {
      out.push(`${user.email} ${a.roleId} @ ${view.node(a.nodeId)?.path} (${a.sourceFile}:${a.sourceLine})`);
    }
  }
  return out.sort();
}

describe('importSnapshot', () => {
  it('imports a canonical file as a snapshot with its files, counts and source lines', async () => {
    const e = setup();
    const content = [
      'email,name,role,account,organization,status,last_login,mfa',
      'ada@msp.test,Ada Admin,Admin,MSP,,active,2026-10-01,true',
      'carl@acme.test,Carl,Admin,MSP,Acme,active,,false',
      'carl@acme.test,Carl,User,MSP,Beta,,,',
      'fin@msp.test,Fin,Finance,MSP,,suspended,2026-09-12,false',
      '',
    ].join('\n');
    const file = e.file('users.csv', content);
    const info = await e.run([file]);
    expect(info).toMatchObject({
      name: `users.csv ${new Date().toISOString().slice(0, 10)}`,
      platform: 'acct',
      modelVersion: '2022-06',
      asOf: null,
      userCount: 3,
      nodeCount: 3,
      assignmentCount: 4,
      files: [
        { name: 'users.csv', sha256: crypto.createHash('sha256').update(content).digest('hex'), size: Buffer.byteLength(content), rows: 4 },
      ],
    });
    expect(e.store.list()).toEqual([info]);
    expect(contents(e, info.id)).toEqual([
      'ada@msp.test account-admin @ MSP (users.csv:2)',
      'carl@acme.test org-admin @ MSP/Acme (users.csv:3)',
      'carl@acme.test org-user @ MSP/Beta (users.csv:4)',
      'fin@msp.test account-finance @ MSP (users.csv:5)',
    ]);
    const view = e.store.view(info.id);
    expect(view.userByEmail('ada@msp.test')).toEqual({
      id: 1,
      email: 'ada@msp.test',
      name: 'Ada Admin',
      status: 'active',
      lastLogin: '2026-10-01',
      mfa: 'enabled',
    });
    expect(view.children(null).map((n) => n.path)).toEqual(['MSP']);
    expect(view.children(1).map((n) => n.path)).toEqual(['MSP/Acme', 'MSP/Beta']);
    expect(e.store.tree(info.id).map((n) => [n.path, n.level])).toEqual([
      ['MSP', 'account'],
      ['MSP/Acme', 'organization'],
      ['MSP/Beta', 'organization'],
    ]);
    // And the engine answers from it.
    const answer = whoCan({ model: resolveModel(accountModel, info.modelVersion), view }, 'View Logs', 'MSP/Acme');
    expect(answer.entries.map((x) => x.email)).toContain('carl@acme.test');
  });

  it('takes a name, an as-of date and a model version', async () => {
    const e = setup();
    const file = e.file('users.csv', `${HEADER}\nada@msp.test,Ada,Admin,MSP,\n`);
    const info = await e.run([file], { name: 'November review', modelVersion: 'pre-2022-06', asOf: '2022-05-31' });
    expect(info).toMatchObject({ name: 'November review', modelVersion: 'pre-2022-06', asOf: '2022-05-31' });
    expect(e.store.get(info.id)).toEqual(info);
  });

  it('reads export headers by their aliases', async () => {
    const e = setup();
    const file = e.file(
      'export.csv',
      'E-mail,Full Name,User Role,Account Name,Organization Name,User Status,Last Sign In,2FA,Phone\n' +
        'ada@msp.test,Ada,Admin,MSP,,active,2026-01-01,yes,555\n' +
        'oli@acme.test,Oli,Org Admin,MSP,Acme,active,,no,556\n',
    );
    const info = await e.run([file]);
    expect(contents(e, info.id)).toEqual([
      'ada@msp.test account-admin @ MSP (export.csv:2)',
      'oli@acme.test org-admin @ MSP/Acme (export.csv:3)',
    ]);
    expect(e.store.view(info.id).userByEmail('ada@msp.test')).toMatchObject({ status: 'active', lastLogin: '2026-01-01', mfa: 'enabled' });
  });

  it('follows an explicit mapping of fields to headers', async () => {
    const e = setup();
    const file = e.file('custom.csv', 'Login,Who,Access,Tenant,Client,Email\nada@msp.test,Ada,Admin,MSP,,not-an-email\n');
    const info = await e.run([file], {
      mapping: { email: 'Login', name: 'Who', role: 'Access', account: 'Tenant', organization: 'Client' },
    });
    expect(contents(e, info.id)).toEqual(['ada@msp.test account-admin @ MSP (custom.csv:2)']);
  });

  it('accepts a UTF-8 BOM, CRLF line endings and non-ASCII names', async () => {
    const e = setup();
    const file = e.file('bom.csv', Buffer.from(`\uFEFF${HEADER}\r\nzoe@praxis.test,Zoë Ärztin,Org Admin,MSP,Praxis Müller\r\n`, 'utf8'));
    const info = await e.run([file]);
    expect(contents(e, info.id)).toEqual(['zoe@praxis.test org-admin @ MSP/Praxis Müller (bom.csv:2)']);
    expect(e.store.view(info.id).userByEmail('zoe@praxis.test')?.name).toBe('Zoë Ärztin');
  });

  it('detects ";" and tab delimiters', async () => {
    const e = setup();
    const semi = e.file(
      'semi.csv',
      'email;name;role;account;organization\nada@msp.test;Ada, the admin;Admin;MSP;\noli@acme.test;Oli;Org Admin;MSP;Acme\n',
    );
    const tab = e.file(
      'tab.tsv',
      'email\tname\trole\taccount\torganization\nada@msp.test\tAda\tAdmin\tMSP\t\noli@acme.test\tOli\tOrg Admin\tMSP\tAcme\n',
    );
    for (const file of [semi, tab]) {
      const info = await e.run([file]);
      const name = path.basename(file);
      expect(contents(e, info.id)).toEqual([
        `ada@msp.test account-admin @ MSP (${name}:2)`,
        `oli@acme.test org-admin @ MSP/Acme (${name}:3)`,
      ]);
    }
    expect(e.store.view(e.store.list()[1].id).userByEmail('ada@msp.test')?.name).toBe('Ada, the admin');
  });

  it('keeps physical line numbers after quoted fields with line breaks, and after blank lines', async () => {
    const e = setup();
    const file = e.file(
      'multi.csv',
      [
        `${HEADER},notes`,
        '"ada@msp.test","Ada Lovelace","Admin","MSP","","first',
        'of',
        'three"',
        '',
        '   ',
        'oli@acme.test,"Oli ""the org"" admin",Org Admin,MSP,"Acme, Inc.","two',
        ' lines"',
        'eve@acme.test,Eve,User,MSP,Acme,',
      ].join('\n'),
    );
    const info = await e.run([file]);
    expect(contents(e, info.id)).toEqual([
      'ada@msp.test account-admin @ MSP (multi.csv:2)',
      'eve@acme.test org-user @ MSP/Acme (multi.csv:9)',
      'oli@acme.test org-admin @ MSP/Acme, Inc. (multi.csv:7)',
    ]);
    expect(e.store.view(info.id).userByEmail('ada@msp.test')?.name).toBe('Ada Lovelace');
    expect(e.store.view(info.id).userByEmail('oli@acme.test')?.name).toBe('Oli "the org" admin');
    expect(info.files[0].rows).toBe(3);
  });

  it('trims stray whitespace everywhere and lowercases emails', async () => {
    const e = setup();
    const file = e.file(
      'spaces.csv',
      ` email , name , role , account , organization \n  ADA@MSP.Test  ,  Ada  ,  Admin  ,  MSP  ,   \n oli@acme.test , Oli ,  org admin , MSP ,  Acme  \n`,
    );
    const info = await e.run([file]);
    expect(contents(e, info.id)).toEqual([
      'ada@msp.test account-admin @ MSP (spaces.csv:2)',
      'oli@acme.test org-admin @ MSP/Acme (spaces.csv:3)',
    ]);
    expect(e.store.view(info.id).userByEmail('ada@msp.test')?.name).toBe('Ada');
  });

  it('trims only spaces and tabs: a no-break space, U+FEFF or an ideographic space at either end of a name or a scope name is kept', async () => {
    const e = setup();
    const file = e.file(
      'nbsp.csv',
      `${HEADER}\nzoe@msp.test, Zoë\u00a0 ,Org Admin,\u00a0MSP ,Acme\u3000\t\nada@msp.test,\ufeffAda,Admin,\u00a0MSP,\n`,
    );
    const info = await e.run([file]);
    const view = e.store.view(info.id);
    expect(view.userByEmail('zoe@msp.test')?.name).toBe('Zoë\u00a0');
    expect(view.userByEmail('ada@msp.test')?.name).toBe('\ufeffAda');
    expect(e.store.tree(info.id).map((n) => n.name)).toEqual(['\u00a0MSP', 'Acme\u3000']);
  });

  it('assigns every role of a cell that lists several, separated by ";"', async () => {
    const e = setup();
    const file = e.file(
      'roles.csv',
      `${HEADER}\nada@msp.test,Ada,"Admin; Finance ;Read-Only",MSP,\noli@acme.test,Oli,Org Admin;User,MSP,Acme\n`,
    );
    const info = await e.run([file]);
    expect(contents(e, info.id)).toEqual([
      'ada@msp.test account-admin @ MSP (roles.csv:2)',
      'ada@msp.test account-finance @ MSP (roles.csv:2)',
      'ada@msp.test account-read-only @ MSP (roles.csv:2)',
      'oli@acme.test org-admin @ MSP/Acme (roles.csv:3)',
      'oli@acme.test org-user @ MSP/Acme (roles.csv:3)',
    ]);
    expect(info.assignmentCount).toBe(5);
  });

  it('matches roles by alias in any case ("Org Admin", "account admin")', async () => {
    const e = setup();
    const file = e.file(
      'alias.csv',
      `${HEADER}\nada@msp.test,Ada,account admin,MSP,\noli@acme.test,Oli,ORG ADMIN,MSP,Acme\nrita@msp.test,Rita,read only,MSP,\n`,
    );
    const info = await e.run([file]);
    expect(contents(e, info.id)).toEqual([
      'ada@msp.test account-admin @ MSP (alias.csv:2)',
      'oli@acme.test org-admin @ MSP/Acme (alias.csv:3)',
      'rita@msp.test account-read-only @ MSP (alias.csv:4)',
    ]);
  });

  it('makes one snapshot of several files: one tree, users deduplicated by email', async () => {
    const e = setup();
    const first = e.file('msp.csv', `${HEADER}\nada@msp.test,Ada,Admin,MSP,\noli@acme.test,,Org Admin,MSP,Acme\n`);
    const second = e.file(
      'orgs.csv',
      `email,role,account,organization,name,status\nOLI@acme.test,User,MSP,Beta,Oli Org,active\nbea@beta.test,Admin,MSP,Beta,Bea,\n`,
    );
    const info = await e.run([first, { path: second, name: 'organizations.csv' }]);
    expect(info).toMatchObject({ userCount: 3, nodeCount: 3, assignmentCount: 4 });
    expect(info.files.map((f) => [f.name, f.rows])).toEqual([
      ['msp.csv', 2],
      ['organizations.csv', 2],
    ]);
    expect(contents(e, info.id)).toEqual([
      'ada@msp.test account-admin @ MSP (msp.csv:2)',
      'bea@beta.test org-admin @ MSP/Beta (organizations.csv:3)',
      'oli@acme.test org-admin @ MSP/Acme (msp.csv:3)',
      'oli@acme.test org-user @ MSP/Beta (organizations.csv:2)',
    ]);
    // A user's attributes: the first non-empty value of each wins.
    expect(e.store.view(info.id).userByEmail('oli@acme.test')).toMatchObject({ name: 'Oli Org', status: 'active' });
  });

  it('keeps one of identical assignment rows, the first', async () => {
    const e = setup();
    const file = e.file(
      'dupes.csv',
      `${HEADER}\nada@msp.test,Ada,Admin,MSP,\nada@msp.test,Ada,admin,MSP,\noli@acme.test,Oli,Org Admin,MSP,Acme\nada@msp.test,Ada,Admin, MSP ,\n`,
    );
    const info = await e.run([file]);
    expect(info.assignmentCount).toBe(2);
    expect(info.files[0].rows).toBe(4);
    expect(contents(e, info.id)).toEqual([
      'ada@msp.test account-admin @ MSP (dupes.csv:2)',
      'oli@acme.test org-admin @ MSP/Acme (dupes.csv:4)',
    ]);
  });

  it('escapes a "/" inside a tenant name in the node path', async () => {
    const e = setup();
    const file = e.file('slash.csv', `${HEADER}\noli@acme.test,Oli,Org Admin,MSP,Acme/Dental\nbea@acme.test,Bea,Org Admin,MSP,Acme\n`);
    const info = await e.run([file]);
    const view = e.store.view(info.id);
    expect(view.nodeByPath('MSP/Acme\\/Dental')?.name).toBe('Acme/Dental');
    expect(view.assignmentsBelow(view.nodeByPath('MSP/Acme')?.id ?? 0, ['org-admin'])).toEqual([]);
  });

  it('checks exactly-one constraints and imports when each organisation has its one Owner', async () => {
    const e = setup();
    const file = e.file(
      'hexiosec.csv',
      'email,name,role,organisation,group\nowner@acme.test,O,Owner,Acme,\nowner@acme.test,O,Owner,Acme,\nboss@beta.test,B,Owner,Beta,\nm@acme.test,M,Member,Acme,Scanners\n',
    );
    const info = await e.run([file], { model: ownerModel, modelVersion: 'v1' });
    expect(info).toMatchObject({ platform: 'owned', userCount: 3, nodeCount: 3, assignmentCount: 3 });
  });

  it('reports progress per file, ending at the file size', async () => {
    const e = setup();
    const rows = Array.from({ length: 3000 }, (_, i) => `user${i}@msp.test,User ${i},User,MSP,Org ${i % 50}`);
    const file = e.file('big.csv', `${HEADER}\n${rows.join('\n')}\n`);
    const events: ImportProgress[] = [];
    const info = await importSnapshot(e.db, { files: [{ path: file }], model: accountModel, modelVersion: '2022-06' }, (p) =>
      events.push(p),
    );
    expect(info.assignmentCount).toBe(3000);
    expect(events.length).toBeGreaterThan(0);
    const last = events[events.length - 1];
    expect(last).toEqual({ file: 'big.csv', bytesRead: fs.statSync(file).size, totalBytes: fs.statSync(file).size, rows: 3000 });
    for (const p of events) expect(p.bytesRead).toBeLessThanOrEqual(p.totalBytes);
  });

  it('leaves earlier snapshots as they were and lists the new one first', async () => {
    const e = setup();
    const first = await e.run([e.file('a.csv', `${HEADER}\nada@msp.test,Ada,Admin,MSP,\n`)]);
    const second = await e.run([e.file('b.csv', `${HEADER}\nbob@msp.test,Bob,User,MSP,\n`)]);
    expect(e.store.list().map((s) => s.id)).toEqual([second.id, first.id]);
    expect(contents(e, first.id)).toEqual(['ada@msp.test account-admin @ MSP (a.csv:2)']);
  });

  it('imports into an in-memory database too', async () => {
    const db = openDatabase(':memory:');
    const e = setup();
    const info = await importSnapshot(db, {
      files: [{ path: e.file('m.csv', `${HEADER}\nada@msp.test,Ada,Admin,MSP,\n`) }],
      model: accountModel,
      modelVersion: '2022-06',
    });
    expect(new SnapshotStore(db).list()).toEqual([info]);
    db.close();
  });

  it('can be queried while another connection holds the database open', async () => {
    const e = setup();
    const info = await e.run([e.file('a.csv', `${HEADER}\nada@msp.test,Ada,Admin,MSP,\n`)]);
    const reader = openDatabase(e.dbFile);
    expect(new SnapshotStore(reader).get(info.id)).toEqual(info);
    reader.close();
  });
});
