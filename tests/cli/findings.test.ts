// `permaudit findings` as a user runs it on the Northwind MSP sample: the risks grouped by severity with
// people and a one-line why, an exception in force and one expired, JSON with provenance and the
// evidence cited to the vendor's page, a CSV no spreadsheet runs as formulas, and a bad rules file named
// by line.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareCli, root, runCli } from '../support/cli';

let dir: string;
let db: string;
const run = (...args: string[]) => runCli(dir, ...args);

/** A day relative to today (exceptions expire against the day of the run). */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The example rules file with its exceptions made to expire a year from now, and yesterday. */
function rulesFile(): string {
  const rules = JSON.parse(fs.readFileSync(path.join(root, 'resources/findings/huntress-msp.json'), 'utf8'));
  rules.exceptions[0].expires = day(365);
  rules.exceptions[1].expires = day(-1);
  const file = path.join(dir, 'rules.json');
  fs.writeFileSync(file, JSON.stringify(rules, null, 2));
  return file;
}

interface JsonFinding {
  rule: string;
  severity: string;
  status: string;
  title: string;
  users: string[];
  nodes: string[];
  excepted: boolean;
  exception: { expired: boolean; acceptedBy: string } | null;
  evidence: {
    role: string;
    sourceFile: string;
    sourceLine: number;
    permissions: { label: string; grantSource: { title: string; line: number }[] }[];
  }[];
  recommendation: string;
}

beforeAll(() => {
  dir = prepareCli('permaudit-findings-');
  db = path.join(dir, 'audit.db');
  expect(run('import', path.join(root, 'resources/samples/huntress-msp.csv'), '--platform', 'huntress', '--db', db).code).toBe(0);
});

describe('permaudit findings', () => {
  it('prints the findings grouped by severity, worst first, each with its people and a one-line why, the summary last (exit 0)', () => {
    const { code, stdout } = run('findings', '--db', db, '--rules', rulesFile());
    expect(code).toBe(0);
    const headings = stdout.split('\n').filter((l) => /^[A-Z ]+ \(\d+\)$/.test(l));
    expect(headings.map((h) => h.replace(/ \(\d+\)/, ''))).toEqual(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'EXCEPTED']);
    // Daniel Okonkwo, account Admin without MFA, is the first critical finding.
    const critical = stdout.slice(stdout.indexOf('CRITICAL'));
    expect(critical).toMatch(
      /^CRITICAL \(2\)\n\n {2}Privileged access without MFA {2}\[privileged-no-mfa\]\n {4}who: daniel\.okonkwo@northwind-msp\.example\n {4}why: The export says MFA is off/,
    );
    expect(stdout.trimEnd().split('\n').at(-2)).toMatch(/^Summary: \d+ findings: 2 critical, \d+ high, \d+ medium, \d+ low, 0 info; 1$/);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('  excepted (1 exception expired); 0 not evaluable.');
    for (const line of stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('JSON: each finding with its rule, severity, people, tenants, evidence cited to the vendor page, and its exception; the provenance and the rules file as read', () => {
    const rules = rulesFile();
    const out = JSON.parse(run('findings', '--db', db, '--rules', rules, '--json').stdout);
    expect(out.provenance).toMatchObject({
      snapshot: { id: 1, platform: 'huntress' },
      question: { kind: 'findings', filters: { rules: 'rules.json' } },
    });
    expect(out.settings).toMatchObject({ fileName: 'rules.json', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const findings = out.findings as JsonFinding[];
    const daniel = findings.find((f) => f.rule === 'privileged-no-mfa' && f.users[0] === 'daniel.okonkwo@northwind-msp.example');
    expect(daniel).toMatchObject({ severity: 'critical', status: 'finding', nodes: ['Northwind MSP'], excepted: false });
    expect(daniel?.evidence[0]).toMatchObject({ role: 'Admin · account', sourceFile: 'huntress-msp.csv', sourceLine: 2 });
    expect(daniel?.evidence[0].permissions[0].grantSource[0]).toMatchObject({ title: 'Setting Huntress User Permissions' });
    // The auditor's outside domain is accepted until next year; Marcus's exception expired yesterday.
    const ravi = findings.find((f) => f.users[0] === 'ravi.subramanian@ledgerline-audit.example' && f.rule === 'outside-domain');
    expect(ravi).toMatchObject({ excepted: true, exception: { expired: false, acceptedBy: 'Elena Vasquez (CISO)' } });
    const marcus = findings.find((f) => f.users[0] === 'marcus.webb@northwind-msp.example' && f.rule === 'disabled-with-roles');
    expect(marcus).toMatchObject({ excepted: false, exception: { expired: true } });
    // The outside consultant at five dental and health practices, the cross-customer and outside-domain findings.
    const priya = findings.filter((f) => f.users.includes('priya.raman@coastal-it.example')).map((f) => f.rule);
    expect(priya).toEqual(expect.arrayContaining(['outside-domain', 'cross-customer', 'privileged-access']));
  });

  it('without a rules file every rule runs with its defaults, and those needing settings say "not evaluable"', () => {
    const out = JSON.parse(run('findings', '--db', db, '--json').stdout);
    const unjudged = (out.findings as JsonFinding[]).filter((f) => f.status === 'not evaluable').map((f) => f.title);
    expect(unjudged).toEqual(['No segregation-of-duties pairs set', 'Allowed email domains not set']);
    expect(out.settings).toEqual({ source: 'defaults', fileName: null, sha256: null, settings: { formatVersion: 1 } });
  });

  it('--severity keeps the findings that severe or worse; --format csv writes one finding a row, formulas neutralized', () => {
    const high = JSON.parse(run('findings', '--db', db, '--severity', 'high', '--json').stdout);
    expect(new Set((high.findings as JsonFinding[]).map((f) => f.severity))).toEqual(new Set(['critical', 'high']));
    const csv = run('findings', '--db', db, '--severity', 'critical', '--format', 'csv').stdout;
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('severity,status,rule,title,users,nodes,rationale,recommendation,excepted,exception,evidence,seed_source,path');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^critical,finding,privileged-no-mfa,Privileged access without MFA,daniel\.okonkwo@northwind-msp\.example,/);
    expect(lines[1]).toMatch(/,"Huntress — “Setting Huntress User Permissions”, lines? \d+/);
  });

  it('refuses a bad rules file naming its line and JSON path (exit 1), and a bad --severity as a usage error (exit 2)', () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{\n  "formatVersion": 1,\n  "rules": { "inactive": { "days": "ninety" } }\n}\n');
    const refused = run('findings', '--db', db, '--rules', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'permaudit: bad.json is not a valid findings rules file:\nbad.json:3: rules.inactive.days: must be a whole number of at least 1, got "ninety"\n',
    );
    const typo = path.join(dir, 'typo.json');
    fs.writeFileSync(typo, '{\n  "formatVersion": 1,\n  "rules": {\n    "too-many-admins": { "roles": ["Admn"] }\n  }\n}\n');
    expect(run('findings', '--db', db, '--rules', typo).stderr).toBe(
      'permaudit: typo.json does not fit Huntress:\ntypo.json:4: rules["too-many-admins"].roles[0]: unknown role "Admn" in Huntress\n',
    );
    const usage = run('findings', '--db', db, '--severity', 'urgent');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^permaudit: --severity must be one of critical, high, medium, low, info, got "urgent"/);
  });

  it('--schema prints the JSON Schema of rules files', () => {
    expect(JSON.parse(run('findings', '--schema').stdout)).toMatchObject({ title: 'Permission Auditor findings rules file' });
  });
});

describe('permaudit findings with rules saved in the database', () => {
  it('--save-rules keeps the rules file in the database; later runs without --rules use them; --show-rules prints them as a rules file', () => {
    const saved = path.join(dir, 'saved.db');
    expect(run('import', path.join(root, 'resources/samples/huntress-msp.csv'), '--platform', 'huntress', '--db', saved).code).toBe(0);
    expect(JSON.parse(run('findings', '--db', saved, '--show-rules').stdout)).toEqual({ formatVersion: 1 });
    const rules = rulesFile();
    const first = run('findings', '--db', saved, '--rules', rules, '--save-rules');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Saved the rules of rules.json in the database');
    const out = JSON.parse(run('findings', '--db', saved, '--json').stdout);
    expect(out.settings).toMatchObject({ source: 'saved', fileName: null, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The saved exception accepts the auditor's outside domain, as the file did.
    const auditor = (out.findings as JsonFinding[]).find(
      (f) => f.rule === 'outside-domain' && f.users[0] === 'ravi.subramanian@ledgerline-audit.example',
    );
    expect(auditor?.excepted).toBe(true);
    const shown = JSON.parse(run('findings', '--db', saved, '--show-rules').stdout);
    expect(shown).toEqual(out.settings.settings);
    expect(shown.rules['too-many-admins']).toEqual(JSON.parse(fs.readFileSync(rules, 'utf8')).rules['too-many-admins']);
    expect(run('findings', '--db', saved, '--save-rules').stderr).toMatch(/^permaudit: --save-rules needs --rules FILE/);
  });
});
