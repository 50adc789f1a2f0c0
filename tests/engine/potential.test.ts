// Potential access on each built-in model: what a person could give themselves through a permission
// that gives roles, with the path one hop a line, and nothing they already hold.
import { describe, expect, it } from 'vitest';
import { potentialLines, potentialOf } from '../../shared/engine/potential';
import { effectiveGrants } from '../../shared/engine/bulk';
import type { Evaluator } from '../../shared/engine/walk';
import type { RoleModel } from '../../shared/model/types';
import { getModel } from '../../shared/models';
import { crafted, type Row } from '../findings/support';

/** Every line of what each person could give themselves, in the order found. */
function potentialText(ev: Evaluator): string[] {
  const lines: string[] = [];
  for (const { user, grants } of effectiveGrants(ev)) for (const p of potentialOf(ev, grants)) lines.push(...potentialLines(ev, user, p));
  return lines;
}

/** One person's potential permissions as `label @ path`. */
function gains(ev: Evaluator, email: string): string[] {
  for (const { user, grants } of effectiveGrants(ev))
    if (user.email === email)
      return potentialOf(ev, grants).map((p) => `${ev.model.permissionById.get(p.permissionId)?.label} @ ${p.path}`);
  return [];
}

/** A built-in model with one more role: `grants` by permission id. */
function withRole(platform: string, id: string, name: string, level: string, reach: 'node' | 'subtree', grants: string[]): RoleModel {
  const model = structuredClone(getModel(platform));
  const source = [{ file: model.origin, line: 1 }];
  model.roles.push({
    id,
    name,
    aliases: [],
    level,
    reach,
    description: name,
    source,
    grants: grants.map((permission) => ({ permission, source })),
  });
  return model;
}

const HEXA = 'Hexa Ltd';
const WEB = `${HEXA}/Web Estate`;

describe('Hexiosec ASM: organisation roles give no scan work, but give the group roles that do', () => {
  const rows: Row[] = [
    ['own@hexa.example', 'org-owner', HEXA],
    ['ed@hexa.example', 'group-editor', WEB],
    ['ed@hexa.example', 'org-member', HEXA],
    ['mia@hexa.example', 'org-manager', HEXA],
    ['mia@hexa.example', 'group-editor', WEB],
  ];

  it('an Owner can give themselves a group role, and so every scan permission of the group, one hop', () => {
    const ev = crafted('hexiosec-asm', rows);
    const lines = potentialText(ev).filter((l, i, all) => l.startsWith('own@') || all[i - 1]?.startsWith('own@'));
    expect(lines.slice(0, 2)).toEqual([
      "own@hexa.example CAN Create scans at Hexa Ltd/Web Estate THRU ‘Manage users' access to different groups’ at Hexa Ltd",
      "   own@hexa.example gives themselves Admin · group at Hexa Ltd/Web Estate with ‘Manage users' access to different groups’ (held as Owner at Hexa Ltd)",
    ]);
    expect(gains(ev, 'own@hexa.example')).toContain('Delete scans @ Hexa Ltd/Web Estate');
  });

  it('counts only what the person does not hold: a Manager who is already a group Editor gains editing and deleting the group', () => {
    const ev = crafted('hexiosec-asm', rows);
    expect(gains(ev, 'mia@hexa.example')).toEqual([
      'Edit details of the group @ Hexa Ltd/Web Estate',
      'Delete the group @ Hexa Ltd/Web Estate',
    ]);
  });

  it('a Member gives no roles, so has no potential access', () => {
    expect(gains(crafted('hexiosec-asm', rows), 'ed@hexa.example')).toEqual([]);
  });

  it('follows a path of several hops: a role that only changes organisation roles gives Admin, whose access to groups gives a group role', () => {
    const model = withRole('hexiosec-asm', 'org-roles-clerk', 'Roles Clerk', 'organisation', 'subtree', ['users.change-roles']);
    const ev = crafted(model, [
      ['clerk@hexa.example', 'org-roles-clerk', HEXA],
      ['ed@hexa.example', 'group-editor', WEB],
    ]);
    const deleting = potentialText(ev).findIndex((l) => l.startsWith('clerk@hexa.example CAN Delete scans'));
    expect(potentialText(ev).slice(deleting, deleting + 3)).toEqual([
      "clerk@hexa.example CAN Delete scans at Hexa Ltd/Web Estate THRU ‘Change users' organisation roles’ and ‘Manage users' access to different groups’ at Hexa Ltd",
      "   clerk@hexa.example gives themselves Admin · organisation at Hexa Ltd with ‘Change users' organisation roles’ (held as Roles Clerk at Hexa Ltd)",
      "   clerk@hexa.example gives themselves Admin · group at Hexa Ltd/Web Estate with ‘Manage users' access to different groups’ (held as Admin · organisation at Hexa Ltd)",
    ]);
    // Owner is one per organisation and changes only by the ownership transfer: not given by changing roles.
    expect(gains(ev, 'clerk@hexa.example')).not.toContain('Change the organisation ownership to a different user @ Hexa Ltd');
  });
});

const MSP = 'Northwind MSP';
const BAYSIDE = `${MSP}/Bayside Dental`;
const HARBOR = `${MSP}/Harbor Law`;

describe('Huntress: adding users gives roles', () => {
  it('an account Admin and an organization Admin already hold every role they can give: nothing potential', () => {
    const ev = crafted('huntress', [
      ['elena@northwind.example', 'account-admin', MSP],
      ['maria@bayside.example', 'org-admin', BAYSIDE],
    ]);
    expect(potentialText(ev)).toEqual([]);
  });

  it('a role that only adds organization-level users can give itself Admin there, and nowhere else', () => {
    const model = withRole('huntress', 'org-helpdesk', 'Helpdesk', 'organization', 'node', ['users.add-organization-level']);
    const ev = crafted(model, [
      ['hal@bayside.example', 'org-helpdesk', BAYSIDE],
      ['kevin@harbor.example', 'org-user', HARBOR],
    ]);
    const lines = potentialText(ev);
    expect(lines.slice(0, 2)).toEqual([
      'hal@bayside.example CAN View Reports at Northwind MSP/Bayside Dental THRU ‘Add other Organization-level users’ at Northwind MSP/Bayside Dental',
      '   hal@bayside.example gives themselves User · organization at Northwind MSP/Bayside Dental with ‘Add other Organization-level users’ (held as Helpdesk at Northwind MSP/Bayside Dental)',
    ]);
    expect(gains(ev, 'hal@bayside.example')).toContain('Approve Assisted Remediation @ Northwind MSP/Bayside Dental');
    expect(lines.some((l) => l.includes(HARBOR))).toBe(false);
  });
});

const PARTNER = 'Acme Partner';
const MSSP = `${PARTNER}/Blue MSSP`;
const ORG = `${MSSP}/Clinic`;

describe('HYAS Protect: managing user accounts gives roles within the MSSP', () => {
  it('an MSSP Admin can give any role in the MSSP but not the Partner Admin: nothing beyond what they hold', () => {
    const ev = crafted('hyas-protect', [['sam@blue.example', 'mssp-admin', MSSP]]);
    expect(potentialText(ev)).toEqual([]);
  });

  it('a role that only manages user accounts at the MSSP can give itself MSSP Admin, and so everything in the MSSP', () => {
    const model = withRole('hyas-protect', 'mssp-user-manager', 'MSSP User Manager', 'mssp', 'subtree', ['user-accounts.manage']);
    const ev = crafted(model, [
      ['una@blue.example', 'mssp-user-manager', MSSP],
      ['ann@clinic.example', 'org-admin', ORG],
    ]);
    expect(potentialText(ev).slice(0, 2)).toEqual([
      'una@blue.example CAN View Child Orgs at Acme Partner/Blue MSSP and below THRU ‘Manage User Accounts’ at Acme Partner/Blue MSSP',
      '   una@blue.example gives themselves MSSP Admin at Acme Partner/Blue MSSP with ‘Manage User Accounts’ (held as MSSP User Manager at Acme Partner/Blue MSSP)',
    ]);
    expect(gains(ev, 'una@blue.example')).toContain('Set Blocking Mode @ Acme Partner/Blue MSSP');
    expect(gains(ev, 'una@blue.example')).not.toContain('Create MSSPs @ Acme Partner/Blue MSSP');
  });
});

describe('asking for some permissions only (as the escalation finding asks for the privileged ones)', () => {
  it('gives the same permissions, places and paths as the whole answer filtered, through several hops too', () => {
    const model = withRole('hexiosec-asm', 'org-roles-clerk', 'Roles Clerk', 'organisation', 'subtree', ['users.change-roles']);
    const ev = crafted(model, [
      ['clerk@hexa.example', 'org-roles-clerk', HEXA],
      ['own@hexa.example', 'org-owner', HEXA],
      ['mia@hexa.example', 'org-manager', HEXA],
      ['mia@hexa.example', 'group-editor', WEB],
      ['ed@hexa.example', 'group-editor', WEB],
    ]);
    const privileged = (id: string) => ev.model.permissionById.get(id)?.privileged === true;
    let asked = 0;
    for (const { user, grants } of effectiveGrants(ev)) {
      const lines = (ps: ReturnType<typeof potentialOf>) => ps.flatMap((p) => potentialLines(ev, user, p));
      const only = potentialOf(ev, grants, privileged);
      expect(lines(only)).toEqual(lines(potentialOf(ev, grants).filter((p) => privileged(p.permissionId))));
      asked += only.length;
    }
    // The comparison is about something: someone here could give themselves privileged access.
    expect(asked).toBeGreaterThan(0);
  });
});
