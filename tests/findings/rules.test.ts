// Each built-in findings rule on crafted snapshots of the built-in models: what it finds, about whom
// and where, with the import rows and the vendor's lines behind it; and what it cannot judge.
import { describe, expect, it } from 'vitest';
import { citeSeeds } from '../../shared/models/seeds';
import { runFindings } from '../../shared/findings/findings';
import type { Severity } from '../../shared/findings/settings';
import { crafted, findingsOf, onlyRule, SNAPSHOT, TODAY } from './support';

const A = 'Northwind MSP';
const BAYSIDE = `${A}/Bayside Dental`;
const HARBOR = `${A}/Harbor Law`;
const ok = { status: 'active', mfa: 'enabled', lastLogin: '2026-11-20' };

describe('privileged access', () => {
  const ev = crafted('huntress', [
    ['elena@northwind.example', 'account-admin', A, ok],
    ['maria@bayside.example', 'org-admin', BAYSIDE, ok],
    ['kevin@bayside.example', 'org-user', BAYSIDE, ok],
  ]);

  it('lists each person holding a privileged permission, with where, and the row and vendor line behind each grant', () => {
    const { findings } = findingsOf(ev, onlyRule('privileged-access'));
    expect(findings.map((f) => [f.severity, f.users, f.nodes])).toEqual([
      ['medium', ['elena@northwind.example'], [A]],
      ['low', ['maria@bayside.example'], [BAYSIDE]],
    ]);
    const [elena, maria] = findings;
    expect(elena.rationale).toMatch(
      /^Holds 15 privileged permissions \("Create Organizations", .* and 12 more\) at Northwind MSP and below, reaching every tenant/,
    );
    expect(maria.evidence).toEqual([
      expect.objectContaining({
        email: 'maria@bayside.example',
        role: 'Admin · organization',
        assignedAt: BAYSIDE,
        sourceFile: 'export.csv',
        sourceLine: 3,
      }),
    ]);
    const [grant] = maria.evidence[0].permissions;
    expect(grant.label).toBe('Add other Organization-level users');
    expect(citeSeeds(grant.grantSource)).toMatch(/^Huntress — “Setting Huntress User Permissions”, line \d+/);
  });
});

describe('privileged people without MFA', () => {
  it('finds those whose export says MFA is off (critical when it reaches the whole tenancy), and says "not evaluable" where it says nothing', () => {
    const ev = crafted('huntress', [
      ['daniel@northwind.example', 'account-admin', A, { ...ok, mfa: 'disabled' }],
      ['olivia@bayside.example', 'org-admin', BAYSIDE, { ...ok, mfa: 'disabled' }],
      ['priya@coastal.example', 'org-admin', HARBOR, { status: 'active', lastLogin: '2026-11-01' }],
      ['kevin@bayside.example', 'org-user', BAYSIDE, { ...ok, mfa: 'disabled' }],
    ]);
    const { findings, counts } = findingsOf(ev, onlyRule('privileged-no-mfa'));
    expect(findings.map((f) => [f.severity, f.status, f.users])).toEqual([
      ['critical', 'finding', ['daniel@northwind.example']],
      ['high', 'finding', ['olivia@bayside.example']],
      ['info', 'not evaluable', ['priya@coastal.example']],
    ]);
    expect(findings[2].title).toBe('MFA not known for 1 privileged person');
    expect(counts).toMatchObject({ notEvaluable: 1, bySeverity: { critical: 1, high: 1 } });
  });
});

describe('inactive, never logged in, suspended or invited', () => {
  const ev = crafted('huntress', [
    ['old@northwind.example', 'account-read-only', A, { ...ok, lastLogin: '2026-06-01' }],
    ['recent@northwind.example', 'account-read-only', A, { ...ok, lastLogin: '2026-10-01T08:00:00Z' }],
    ['never@bayside.example', 'org-admin', BAYSIDE, { ...ok, lastLogin: 'never' }],
    ['marcus@northwind.example', 'account-admin', A, { ...ok, status: 'suspended', lastLogin: '2025-09-14' }],
    ['ngozi@harbor.example', 'org-user', HARBOR, { ...ok, status: 'invited', lastLogin: 'never' }],
    ['unknown@harbor.example', 'org-user', HARBOR, { status: 'active' }],
  ]);
  const rules = (days?: number) => ({
    rules: {
      'privileged-access': { enabled: false },
      'privileged-no-mfa': { enabled: false },
      'too-many-admins': { enabled: false },
      'outside-domain': { enabled: false },
      'cross-customer': { enabled: false },
      segregation: { enabled: false },
      ...(days ? { inactive: { days } } : {}),
    },
  });

  it("measures inactivity from the last login to the snapshot's as-of or import day, and says why", () => {
    const { findings, referenceDate } = findingsOf(ev, rules());
    expect(referenceDate).toBe('2026-12-01');
    const inactive = findings.filter((f) => f.rule === 'inactive' && f.status === 'finding');
    expect(inactive.map((f) => [f.users[0], f.title])).toEqual([['old@northwind.example', 'No login for 183 days']]);
    expect(inactive[0].rationale).toBe(
      'Last login 2026-06-01, 183 days before 2026-12-01 (more than 90); the account still holds 1 role assignment (Read-Only · account at Northwind MSP).',
    );
    // A shorter limit catches the October login too.
    expect(
      findingsOf(ev, rules(30))
        .findings.filter((f) => f.rule === 'inactive' && f.status === 'finding')
        .map((f) => f.users[0]),
    ).toEqual(['old@northwind.example', 'recent@northwind.example']);
  });

  it('finds people who never logged in, and suspended or invited accounts still holding roles (high when privileged)', () => {
    const { findings } = findingsOf(ev, rules());
    const of = (rule: string) => findings.filter((f) => f.rule === rule).map((f) => [f.severity, f.users[0], f.title]);
    expect(of('never-logged-in')).toEqual([['high', 'never@bayside.example', 'Never logged in, yet holds roles']]);
    expect(of('disabled-with-roles')).toEqual([
      ['high', 'marcus@northwind.example', 'Suspended account still holds roles'],
      ['medium', 'ngozi@harbor.example', 'Invited account already holds roles'],
    ]);
    const marcus = findings.find((f) => f.users[0] === 'marcus@northwind.example');
    expect(marcus?.evidence.map((e) => `${e.role} @ ${e.assignedAt} (${e.sourceFile}:${e.sourceLine})`)).toEqual([
      'Admin · account @ Northwind MSP (export.csv:5)',
    ]);
  });

  it('says "not evaluable" for people whose last login the export does not give', () => {
    const unknown = findingsOf(ev, rules()).findings.filter((f) => f.status === 'not evaluable');
    expect(unknown.map((f) => [f.rule, f.title, f.users])).toEqual([
      ['inactive', 'Last login not known for 1 person', ['unknown@harbor.example']],
    ]);
  });
});

describe('too many admins at a tenant', () => {
  const ev = crafted('huntress', [
    ['a1@northwind.example', 'account-admin', A, ok],
    ['a2@northwind.example', 'account-admin', A, ok],
    ['o1@bayside.example', 'org-admin', BAYSIDE, ok],
    ['o2@bayside.example', 'org-admin', BAYSIDE, ok],
    ['u1@bayside.example', 'org-user', BAYSIDE, ok],
    ['fin@northwind.example', 'account-finance', A, ok],
    ['o3@harbor.example', 'org-admin', HARBOR, ok],
  ]);

  it('counts the people who can manage users at a tenant, those whose roles reach it from above included', () => {
    const { findings } = findingsOf(ev, onlyRule('too-many-admins', { max: 3 }));
    expect(findings.map((f) => [f.title, f.users])).toEqual([
      [
        '4 admins at Northwind MSP/Bayside Dental',
        ['a1@northwind.example', 'a2@northwind.example', 'o1@bayside.example', 'o2@bayside.example'],
      ],
    ]);
    expect(findings[0].rationale).toMatch(
      /^4 people can manage users at Northwind MSP\/Bayside Dental \(2 through roles above it\), more than the 3 allowed/,
    );
    // Finance and org User manage no users; Harbor Law has 3 admins, not more than 3.
    expect(findingsOf(ev, onlyRule('too-many-admins', { max: 4 })).findings).toEqual([]);
  });

  it('takes the roles that make an admin from the rules file when it names them', () => {
    const { findings } = findingsOf(ev, onlyRule('too-many-admins', { max: 1, roles: ['Finance', 'org-user'] }));
    expect(findings.map((f) => [f.title, f.users])).toEqual([
      ['2 admins at Northwind MSP/Bayside Dental', ['fin@northwind.example', 'u1@bayside.example']],
    ]);
  });
});

describe("the model's own constraints (Hexiosec: one Owner per organisation)", () => {
  it('finds an organisation with two Owners and one with none, through the check the importer makes, citing the vendor line', () => {
    const ev = crafted('hexiosec-asm', [
      ['own@hexa.example', 'org-owner', 'Hexa Ltd', ok],
      ['two@hexa.example', 'org-owner', 'Hexa Ltd', ok],
      ['adm@acme.example', 'org-admin', 'Acme', ok],
      ['ok@zeta.example', 'org-owner', 'Zeta', ok],
    ]);
    const { findings } = findingsOf(ev, onlyRule('model-constraint'));
    expect(findings.map((f) => [f.title, f.users, f.nodes])).toEqual([
      ['Organisation "Acme" has no Owner', [], ['Acme']],
      ['Organisation "Hexa Ltd" already has an Owner', ['own@hexa.example', 'two@hexa.example'], ['Hexa Ltd']],
    ]);
    const [, two] = findings;
    expect(two.evidence.map((e) => `${e.email} ${e.role} (${e.sourceFile}:${e.sourceLine})`)).toEqual([
      'own@hexa.example Owner (export.csv:2)',
      'two@hexa.example Owner (export.csv:3)',
    ]);
    expect(citeSeeds(two.modelSource)).toMatch(/^Hexiosec ASM — “.*”, line 13$/);
    expect(findings[0].evidence.map((e) => e.sourceLine)).toEqual([4]);
  });
});

describe('email domains outside the allowed ones', () => {
  const ev = crafted('huntress', [
    ['elena@northwind.example', 'account-admin', A, ok],
    ['maria@bayside.example', 'org-admin', BAYSIDE, ok],
    ['priya@coastal.example', 'org-admin', BAYSIDE, ok],
    ['priya@coastal.example', 'org-user', HARBOR, ok],
    ['maria@bayside.example', 'org-user', HARBOR, ok],
  ]);
  const allowed = { everywhere: ['northwind.example'], tenants: { [BAYSIDE]: ['bayside.example'] } };

  it('finds a person of a domain a tenant does not allow, at that tenant only (high where the role there is privileged)', () => {
    const { findings } = findingsOf(ev, onlyRule('outside-domain', allowed));
    expect(findings.map((f) => [f.severity, f.users[0], f.nodes])).toEqual([
      ['high', 'priya@coastal.example', [BAYSIDE, HARBOR]],
      ['medium', 'maria@bayside.example', [HARBOR]],
    ]);
    expect(findings[0].title).toBe('Email domain coastal.example is not allowed at Northwind MSP/Bayside Dental and 1 other tenant');
  });

  it('says "not evaluable" when no domain is allowed anywhere', () => {
    const { findings } = findingsOf(ev, onlyRule('outside-domain'));
    expect(findings.map((f) => [f.status, f.title])).toEqual([['not evaluable', 'Allowed email domains not set']]);
  });
});

describe("one person in several customers' tenants", () => {
  it("finds people with roles in two or more customers (the model's organizations), leaving out the MSP's own staff", () => {
    const ev = crafted('huntress', [
      ['priya@coastal.example', 'org-admin', BAYSIDE, ok],
      ['priya@coastal.example', 'org-user', HARBOR, ok],
      ['tech@northwind.example', 'org-user', BAYSIDE, ok],
      ['tech@northwind.example', 'org-user', HARBOR, ok],
      ['maria@bayside.example', 'org-admin', BAYSIDE, ok],
      ['elena@northwind.example', 'account-admin', A, ok],
    ]);
    const { findings } = findingsOf(ev, onlyRule('cross-customer'));
    expect(findings.map((f) => [f.users[0], f.nodes])).toEqual([
      ['priya@coastal.example', [BAYSIDE, HARBOR]],
      ['tech@northwind.example', [BAYSIDE, HARBOR]],
    ]);
    const staff = {
      rules: { ...onlyRule('cross-customer').rules, 'outside-domain': { enabled: false, everywhere: ['northwind.example'] } },
    };
    expect(findingsOf(ev, staff).findings.map((f) => f.users[0])).toEqual(['priya@coastal.example']);
    expect(findingsOf(ev, onlyRule('cross-customer', { min: 3 })).findings).toEqual([]);
  });

  it('HYAS Protect: the customers are the organizations under the MSSPs', () => {
    const ev = crafted('hyas-protect', [
      ['ana@outside.example', 'org-admin', 'Partner/MSSP One/Org A', ok],
      ['ana@outside.example', 'protect-analyst', 'Partner/MSSP Two/Org B', ok],
      ['bo@mssp.example', 'mssp-analyst', 'Partner/MSSP One', ok],
    ]);
    expect(findingsOf(ev, onlyRule('cross-customer')).findings.map((f) => [f.users[0], f.nodes])).toEqual([
      ['ana@outside.example', ['Partner/MSSP One/Org A', 'Partner/MSSP Two/Org B']],
    ]);
  });
});

describe('escalation', () => {
  const HEXA = 'Hexa Ltd';
  const WEB = `${HEXA}/Web Estate`;
  const CLOUD = `${HEXA}/Cloud`;
  const ev = crafted('hexiosec-asm', [
    ['own@hexa.example', 'org-owner', HEXA, ok],
    ['ed@hexa.example', 'org-member', HEXA, ok],
    ['ed@hexa.example', 'group-admin', WEB, ok],
    ['vi@hexa.example', 'group-viewer', CLOUD, ok],
  ]);

  it('finds who could give themselves privileged access they do not hold, with the path one hop a line and the vendor lines that allow it', () => {
    const { findings } = findingsOf(ev, onlyRule('escalation'));
    expect(findings.map((f) => [f.severity, f.users, f.nodes])).toEqual([['high', ['own@hexa.example'], [CLOUD, WEB]]]);
    const [owner] = findings;
    expect(owner.title).toBe('Could give themselves privileged access at Hexa Ltd/Cloud and 1 other tenant');
    expect(owner.rationale).toBe(
      `Holds "Manage users' access to different groups", which lets them give anyone, themselves included, roles carrying 1 privileged permission they do not hold ("Delete the group") at Hexa Ltd/Cloud, Hexa Ltd/Web Estate.`,
    );
    expect(owner.path).toEqual([
      "own@hexa.example CAN Delete the group at Hexa Ltd/Cloud THRU ‘Manage users' access to different groups’ at Hexa Ltd",
      "   own@hexa.example gives themselves Admin · group at Hexa Ltd/Cloud with ‘Manage users' access to different groups’ (held as Owner at Hexa Ltd)",
      "own@hexa.example CAN Delete the group at Hexa Ltd/Web Estate THRU ‘Manage users' access to different groups’ at Hexa Ltd",
      "   own@hexa.example gives themselves Admin · group at Hexa Ltd/Web Estate with ‘Manage users' access to different groups’ (held as Owner at Hexa Ltd)",
    ]);
    // The Owner's assignment is the evidence, with the permission that gives the roles; the model's lines say it does.
    expect(owner.evidence).toEqual([
      expect.objectContaining({ email: 'own@hexa.example', role: 'Owner', assignedAt: HEXA, sourceLine: 2 }),
    ]);
    expect(owner.evidence[0].permissions.map((p) => p.label)).toEqual(["Manage users' access to different groups"]);
    expect(citeSeeds(owner.modelSource)).toBe('Hexiosec ASM — “Organisation and Group Roles”, lines 16, 27, 5');
  });

  it('says nothing of people who hold every role they can give (a Huntress account Admin)', () => {
    const huntress = crafted('huntress', [['elena@northwind.example', 'account-admin', A, ok]]);
    expect(findingsOf(huntress, onlyRule('escalation')).findings).toEqual([]);
  });

  it('runs unless the rules file turns it off', () => {
    expect(findingsOf(ev, { rules: { escalation: { enabled: false } } }).findings.filter((f) => f.rule === 'escalation')).toEqual([]);
  });
});

describe('segregation of duties', () => {
  const ev = crafted('huntress', [
    ['grace@northwind.example', 'account-finance', A, ok],
    ['grace@northwind.example', 'org-admin', BAYSIDE, ok],
    ['elena@northwind.example', 'account-admin', A, ok],
    ['fin@northwind.example', 'account-finance', A, ok],
    ['maria@bayside.example', 'org-admin', BAYSIDE, ok],
  ]);
  const pairs = [
    {
      name: 'Billing with user management',
      first: { permissions: ['Update Payment Info'] },
      second: { permissions: ['users.add', 'Add other Organization-level users'] },
    },
  ];

  it('finds a person holding both sides of a pair at one tenant, by permissions or roles, with the grants behind each side', () => {
    const { findings } = findingsOf(ev, onlyRule('segregation', { pairs }));
    expect(findings.map((f) => [f.users[0], f.title])).toEqual([
      ['elena@northwind.example', 'Billing with user management at Northwind MSP'],
      ['grace@northwind.example', 'Billing with user management at Northwind MSP/Bayside Dental'],
    ]);
    const grace = findings[1];
    expect(grace.evidence.map((e) => [e.role, e.assignedAt, e.permissions.map((p) => p.label)])).toEqual([
      ['Finance', A, ['Update Payment Info']],
      ['Admin · organization', BAYSIDE, ['Add other Organization-level users']],
    ]);
    const byRole = [{ name: 'Finance and admin', first: { roles: ['Finance'] }, second: { roles: ['Admin · organization'] } }];
    expect(findingsOf(ev, onlyRule('segregation', { pairs: byRole })).findings.map((f) => f.users[0])).toEqual(['grace@northwind.example']);
  });

  it('skips a pair for another platform, and says "not evaluable" when no pair is set', () => {
    const other = [{ ...pairs[0], platform: 'hyas-protect', first: { permissions: ['Manage User Accounts'] } }];
    expect(findingsOf(ev, onlyRule('segregation', { pairs: other })).findings.map((f) => f.status)).toEqual(['not evaluable']);
    expect(findingsOf(ev, onlyRule('segregation')).findings.map((f) => f.title)).toEqual(['No segregation-of-duties pairs set']);
  });
});

describe('exceptions', () => {
  const ev = crafted('huntress', [
    ['daniel@northwind.example', 'account-admin', A, { ...ok, mfa: 'disabled' }],
    ['olivia@bayside.example', 'org-admin', BAYSIDE, { ...ok, mfa: 'disabled' }],
  ]);
  const accepted = { rule: 'privileged-no-mfa' as const, reason: 'Hardware key on order', acceptedBy: 'CISO' };

  it('an exception in force marks its finding excepted, with the reason, who accepted it and until when', () => {
    const { findings, counts, summary } = findingsOf(ev, {
      ...onlyRule('privileged-no-mfa'),
      exceptions: [{ ...accepted, user: 'Daniel@Northwind.example', expires: '2026-12-01' }],
    });
    expect(findings.map((f) => [f.users[0], f.excepted])).toEqual([
      ['daniel@northwind.example', true],
      ['olivia@bayside.example', false],
    ]);
    expect(findings[0].exception).toMatchObject({
      reason: 'Hardware key on order',
      acceptedBy: 'CISO',
      expires: '2026-12-01',
      expired: false,
      index: 0,
    });
    expect(counts).toMatchObject({ excepted: 1, bySeverity: { critical: 0, high: 1 } });
    expect(summary).toBe('1 finding: 0 critical, 1 high, 0 medium, 0 low, 0 info; 1 excepted; 0 not evaluable');
  });

  it('an expired exception stops suppressing its finding, and the finding says so', () => {
    const { findings, summary } = findingsOf(ev, {
      ...onlyRule('privileged-no-mfa'),
      exceptions: [{ ...accepted, node: BAYSIDE, expires: '2026-11-30' }],
    });
    const olivia = findings.find((f) => f.users[0] === 'olivia@bayside.example');
    expect(olivia).toMatchObject({ excepted: false, exception: { expired: true, expires: '2026-11-30', acceptedBy: 'CISO' } });
    expect(summary).toBe('2 findings: 1 critical, 1 high, 0 medium, 0 low, 0 info; 0 excepted (1 exception expired); 0 not evaluable');
  });

  it('warns of an exception naming a person or tenant the snapshot lacks', () => {
    const { warnings } = findingsOf(ev, { exceptions: [{ ...accepted, user: 'gone@northwind.example', expires: '2027-01-01' }] });
    expect(warnings).toEqual([{ path: ['exceptions', 0, 'user'], message: 'no person "gone@northwind.example" in this snapshot' }]);
  });
});

describe('severity', () => {
  it("a rule's severity can be set in the rules file, and a run can keep only the severe findings", () => {
    const ev = crafted('huntress', [['maria@bayside.example', 'org-admin', BAYSIDE, ok]]);
    expect(findingsOf(ev, onlyRule('privileged-access', { severity: 'high' })).findings.map((f) => f.severity)).toEqual(['high']);
    const run = (minSeverity: Severity) =>
      runFindings(ev, SNAPSHOT, { formatVersion: 1, ...onlyRule('privileged-access') }, { today: TODAY, minSeverity }).findings;
    expect(run('low').map((f) => f.users)).toEqual([['maria@bayside.example']]);
    expect(run('medium')).toEqual([]);
  });
});
