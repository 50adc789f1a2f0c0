// Every capability line of the Hexiosec ASM seed (004_8629ad2ea81c0d1c.txt), checked on the model.
import { describe, expect, it } from 'vitest';
import { hexiosecAsm } from '../../shared/models/hexiosec-asm';
import { expectCoverage, roleAbility } from './support';

const m = roleAbility(hexiosecAsm);
const ORG_ROLES = ['org-owner', 'org-admin', 'org-manager', 'org-member'];
const GROUP_PERMISSIONS = hexiosecAsm.permissions.filter((p) => p.level === 'group').map((p) => p.label);
const ORG_PERMISSIONS = hexiosecAsm.permissions.filter((p) => p.level === 'organisation').map((p) => p.label);
const noScanWork = (...roles: string[]) => roles.forEach((r) => m.cannot(r, ...GROUP_PERMISSIONS));

const GROUP_ROLES = ['group-admin', 'group-contributor', 'group-editor', 'group-viewer'];
const CHANGE_ROLES = "Change users' organisation roles";
const MANAGE_ACCESS = "Manage users' access to different groups";

const LINES: Record<number, () => void> = {
  5: () => {
    // Whoever has the correct permissions sets a new user's organisation role and their groups' roles.
    expect(m.gives(CHANGE_ROLES)?.roles).toEqual(expect.arrayContaining(['org-member']));
    expect(m.gives(MANAGE_ACCESS)?.roles).toEqual(GROUP_ROLES);
  },
  3: () => ORG_ROLES.forEach((r) => expect(m.role(r).level).toBe('organisation')),
  4: () => ['group-admin', 'group-editor', 'group-contributor', 'group-viewer'].forEach((r) => expect(m.role(r).level).toBe('group')),
  7: () => {
    expect(m.permission('View scans').planDependent).toBe(true);
    expect(m.permission('Invite new users to your organisation').planDependent).toBeFalsy();
  },
  9: () => m.can('org-owner', ...ORG_PERMISSIONS),
  10: () => m.can('org-admin', ...ORG_PERMISSIONS.filter((l) => !l.startsWith('Change the organisation ownership'))),
  11: () => m.can('org-manager', 'Create new groups'),
  12: () => noScanWork('org-member'),
  13: () => {
    expect(hexiosecAsm.constraints).toEqual([expect.objectContaining({ kind: 'exactly-one', role: 'org-owner' })]);
    // One Owner: changing roles never gives it; only the ownership transfer does.
    expect(m.gives(CHANGE_ROLES)?.roles).not.toContain('org-owner');
  },
  14: () => m.can('org-owner', 'Invite new users to your organisation'),
  15: () => m.can('org-owner', "Remove users' access to your organisation"),
  16: () => {
    m.can('org-owner', 'Create new groups', MANAGE_ACCESS, 'Re-name groups');
    expect(m.gives(MANAGE_ACCESS)).toEqual({ roles: GROUP_ROLES, where: 'here-and-below' });
  },
  17: () => {
    m.can('org-owner', CHANGE_ROLES);
    expect(m.gives(CHANGE_ROLES)).toEqual({ roles: ['org-admin', 'org-manager', 'org-member'], where: 'here' });
  },
  18: () => {
    m.can('org-owner', 'Change the organisation ownership to a different user');
    expect(m.gives('Change the organisation ownership to a different user')).toEqual({ roles: ['org-owner'], where: 'here' });
  },
  19: () => m.can('org-owner', "View the organisation's scan allowances and remaining balances"),
  20: () => m.can('org-owner', 'Manage the level of scan change notifications'),
  21: () => noScanWork('org-owner'),
  22: () => {
    m.cannot('org-admin', 'Change the organisation ownership to a different user');
    expect(m.grantedIds('org-admin').length).toBe(m.grantedIds('org-owner').length - 1);
  },
  24: () => expect(m.grantedIds('org-manager')).toEqual(['groups.create', 'groups.manage-access', 'groups.rename']),
  25: () => noScanWork('org-manager'),
  26: () => expect(m.grantedIds('org-member')).toEqual([]),
  27: () => {
    noScanWork(...ORG_ROLES);
    expect(GROUP_ROLES.map((r) => m.role(r).level)).toEqual(['group', 'group', 'group', 'group']);
  },
  28: () => m.can('group-admin', 'Create scans', 'Edit details of the group'),
  29: () => m.can('group-editor', 'Create scans', 'Delete scans'),
  30: () => m.can('group-contributor', 'View scans', 'Manage actions', 'Create reports'),
  31: () => m.can('group-viewer', 'View scans'),
  32: () =>
    expect(m.grantedIds('group-admin')).toEqual(
      hexiosecAsm.permissions
        .filter((p) => p.level === 'group')
        .map((p) => p.id)
        .sort(),
    ),
  33: () => m.can('group-admin', 'Create scans', 'View scans', 'Refresh scans', 'Disable scans', 'Delete scans'),
  34: () => m.can('group-admin', 'Add seed domains & IPs', 'Delete seed domains & IPs'),
  35: () => m.can('group-admin', 'Move domains & IPs in and out of scope'),
  36: () => m.can('group-admin', 'Edit details of the group', 'Delete the group'),
  37: () => m.can('group-admin', 'Create reports', 'View reports', 'Delete reports'),
  38: () => m.can('group-admin', 'View actions', 'Manage actions'),
  39: () => m.can('group-admin', 'Ignore risks on the scans'),
  40: () => m.can('group-admin', 'Manage CDNs', 'Manage shared IPs'),
  41: () => {
    m.cannot('group-editor', 'Edit details of the group', 'Delete the group');
    m.can('group-editor', ...GROUP_PERMISSIONS.filter((l) => l !== 'Edit details of the group' && l !== 'Delete the group'));
  },
  42: () => m.cannot('group-contributor', 'Add seed domains & IPs', 'Delete seed domains & IPs', 'Move domains & IPs in and out of scope'),
  43: () => m.can('group-contributor', 'View scans'),
  44: () => m.can('group-contributor', 'View actions', 'Manage actions'),
  45: () => {
    m.can('group-contributor', 'Create reports', 'View reports');
    m.cannot('group-contributor', 'Delete reports');
  },
  46: () => expect(m.grantedIds('group-viewer')).toEqual(['scans.view']),
};

describe('Hexiosec ASM seed coverage', () => {
  it('covers every capability line of the seed', () => {
    expectCoverage(
      [
        3, 4, 5, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39,
        40, 41, 42, 43, 44, 45, 46,
      ],
      LINES,
    );
  });
  for (const [line, check] of Object.entries(LINES)) it(`line ${line}`, check);
});
