// The importer against the built-in models: the sample datasets import as their README describes,
// and the problems read as they should for Huntress, HYAS Protect and Hexiosec ASM.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { can, whoCan } from '../../shared/engine/evaluate';
import { resolveModel, versionAsOf } from '../../shared/model/resolve';
import { getModel } from '../../shared/models';
import { env, failingImport, type Env } from './support';

const samples = path.resolve(__dirname, '../../resources/samples');
const huntress = getModel('huntress');
const hyas = getModel('hyas-protect');
const hexiosec = getModel('hexiosec-asm');
const newest = (platform: string) => {
  const model = getModel(platform);
  return { model, modelVersion: versionAsOf(model).id };
};

let e: Env;
beforeEach(() => {
  e = env();
});
afterEach(() => e.close());

describe('sample datasets', () => {
  it('huntress-msp.csv: 75 users, one account with 34 organizations, 266 assignments', async () => {
    const info = await e.run([path.join(samples, 'huntress-msp.csv')], newest('huntress'));
    expect(info).toMatchObject({ platform: 'huntress', modelVersion: '2022-06', userCount: 75, nodeCount: 35, assignmentCount: 266 });
    const ev = { model: resolveModel(huntress, info.modelVersion), view: e.store.view(info.id) };
    const who = whoCan(ev, 'Approve Assisted Remediation', 'Northwind MSP/Bayside Dental');
    expect(new Set(who.entries.map((x) => x.email)).size).toBe(12);
    expect(can(ev, 'tomas.herrera@northwind-msp.example', 'Approve Assisted Remediation', 'Northwind MSP/Summit Orthopedics').allowed).toBe(
      true,
    );
    expect(can(ev, 'tomas.herrera@northwind-msp.example', 'Approve Assisted Remediation', 'Northwind MSP/Harbor Law Group').allowed).toBe(
      false,
    );
  });

  it('huntress-export-raw.csv: a vendor export with a BOM, ";", aliases, stray spaces and two roles in a cell', async () => {
    const info = await e.run([path.join(samples, 'huntress-export-raw.csv')], newest('huntress'));
    expect(info).toMatchObject({ userCount: 26, nodeCount: 8, assignmentCount: 30 });
    expect(info.files[0].rows).toBe(29);
    const view = e.store.view(info.id);
    expect(view.userByEmail('ingrid.halvorsen@lakeshore-it.example')?.name).toBe('Ingrid Halvorsen');
    expect(view.nodeByPath('Lakeshore Managed IT/Greyfield Dental')).toBeDefined();
    const dmitri = view.userByEmail('dmitri.volkov@pinecrest-vet.example');
    expect(
      view
        .assignmentsOfUser(dmitri?.id ?? 0)
        .map((a) => a.roleId)
        .sort(),
    ).toEqual(['org-admin', 'org-user']);
    const ev = { model: resolveModel(huntress, info.modelVersion), view };
    expect(
      can(ev, 'dmitri.volkov@pinecrest-vet.example', 'Approve Assisted Remediation', 'Lakeshore Managed IT/Pinecrest Veterinary').allowed,
    ).toBe(true);
  });

  it('every sample says when each person last logged in: "never" for those who never did (an empty cell would mean unknown)', async () => {
    const files: [string, string][] = [
      ['huntress-msp.csv', 'huntress'],
      ['huntress-export-raw.csv', 'huntress'],
      ['hyas-protect-mssp.csv', 'hyas-protect'],
      ['hexiosec-asm.csv', 'hexiosec-asm'],
    ];
    for (const [file, platform] of files) {
      const info = await e.run([path.join(samples, file)], newest(platform));
      const users = e.store.users(info.id).users;
      expect(
        users.filter((u) => u.lastLogin === undefined).map((u) => u.email),
        file,
      ).toEqual([]);
    }
    const view = e.store.view(e.store.list().find((s) => s.files[0].name === 'huntress-msp.csv')?.id ?? 0);
    expect(view.userByEmail('ravi.subramanian@ledgerline-audit.example')).toMatchObject({ status: 'invited', lastLogin: 'never' });
    expect(view.userByEmail('olivia.grant@brightwater-cu.example')).toMatchObject({ status: 'active', lastLogin: 'never' });
  });

  it('hyas-protect-mssp.csv: 106 users, a partner, 4 MSSPs, 29 organizations, 205 assignments', async () => {
    const info = await e.run([path.join(samples, 'hyas-protect-mssp.csv')], newest('hyas-protect'));
    expect(info).toMatchObject({ platform: 'hyas-protect', userCount: 106, nodeCount: 1 + 4 + 29, assignmentCount: 205 });
    expect(
      e.store
        .tree(info.id)
        .filter((n) => n.depth === 1)
        .map((n) => n.level),
    ).toEqual(['mssp', 'mssp', 'mssp', 'mssp']);
  });

  it('hexiosec-asm.csv: 55 users, 4 organisations with one Owner each, 18 groups, 173 assignments', async () => {
    const info = await e.run([path.join(samples, 'hexiosec-asm.csv')], newest('hexiosec-asm'));
    expect(info).toMatchObject({ platform: 'hexiosec-asm', userCount: 55, nodeCount: 4 + 18, assignmentCount: 173 });
  });
});

describe('problems with the built-in models', () => {
  const huntressHeader = 'email,name,role,account,organization';

  it('Huntress: Finance before 2022-06-01 does not exist yet', async () => {
    const file = e.file('users.csv', `${huntressHeader}\nfin@msp.test,Fin,Finance,Northwind MSP,\n`);
    const { lines } = await failingImport(e, [file], {
      model: huntress,
      modelVersion: versionAsOf(huntress, '2022-05-31').id,
      asOf: '2022-05-31',
    });
    expect(lines).toEqual([
      'users.csv:2: role "Finance" does not exist in Huntress as of 2022-05-31 (version pre-2022-06); it exists from 2022-06-01',
    ]);
  });

  it('Huntress: Finance is an account role, Adminn is a typo, Org Admin needs an organization', async () => {
    const file = e.file(
      'users.csv',
      `${huntressHeader}\nfin@msp.test,Fin,Finance,Northwind MSP,Acme Dental\nada@msp.test,Ada,Adminn,Northwind MSP,\noli@msp.test,Oli,Org Admin,Northwind MSP,\n`,
    );
    const { lines } = await failingImport(e, [file], newest('huntress'));
    expect(lines).toEqual([
      'users.csv:2: role "Finance" is assigned at account level, but this row\'s deepest scope is organization "Acme Dental"',
      'users.csv:3: unknown role "Adminn"; did you mean "Admin"?',
      'users.csv:4: role "Org Admin" is assigned at organization level, but this row\'s deepest scope is account "Northwind MSP"',
    ]);
  });

  it('Huntress: every role name of each level imports', async () => {
    const rows = [
      ...['Admin', 'User', 'Finance', 'Marketing', 'Read-Only'].map((r, i) => `a${i}@msp.test,A,${r},MSP,`),
      ...['User', 'Admin', 'Read-Only'].map((r, i) => `o${i}@msp.test,O,${r},MSP,Acme`),
    ];
    const info = await e.run([e.file('roles.csv', `${huntressHeader}\n${rows.join('\n')}\n`)], newest('huntress'));
    const view = e.store.view(info.id);
    expect(
      view
        .assignmentsBelow(
          null,
          huntress.roles.map((r) => r.id),
        )
        .map((a) => a.roleId),
    ).toEqual([
      'account-admin',
      'account-user',
      'account-finance',
      'account-marketing',
      'account-read-only',
      'org-user',
      'org-admin',
      'org-read-only',
    ]);
  });

  it('HYAS Protect: partner, MSSP and organization columns by their aliases', async () => {
    const file = e.file(
      'hyas.csv',
      'Email,Name,Role,Partner Name,MSSP Name,Organization Name\np@x.test,P,Partner Admin,Cobalt,,\nm@x.test,M,MSSP Analyst,Cobalt,Harbor,\no@x.test,O,Org Admin,Cobalt,Harbor,Coral Bay\nbad@x.test,B,MSSP Admin,Cobalt,,\n',
    );
    const { lines } = await failingImport(e, [file], newest('hyas-protect'));
    expect(lines).toEqual(['hyas.csv:5: role "MSSP Admin" is assigned at MSSP level, but this row\'s deepest scope is partner "Cobalt"']);
    expect(hyas.levels.map((l) => l.id)).toEqual(['partner', 'mssp', 'organization']);
  });

  it('Hexiosec ASM: one Owner per organisation', async () => {
    const file = e.file(
      'hexiosec.csv',
      'email,name,role,organisation,group\nann@acme.test,Ann,Owner,Acme,\nbob@acme.test,Bob,Owner,Acme,\ncat@beta.test,Cat,Admin,Beta,\ncat@beta.test,Cat,Viewer,Beta,Scans\n',
    );
    const { error, lines } = await failingImport(e, [file], newest('hexiosec-asm'));
    expect(error.message).toBe('import failed: 2 problems in hexiosec.csv; nothing was imported');
    expect(lines).toEqual([
      'hexiosec.csv:3: organisation "Acme" already has an Owner (hexiosec.csv:2)',
      'hexiosec.csv:4: organisation "Beta" has no Owner; every organisation needs exactly one',
    ]);
    expect(hexiosec.constraints).toHaveLength(1);
  });
});
