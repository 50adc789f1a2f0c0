// Which permissions a reviewer must single out is model data: each built-in model marks user
// management, the tenancy's administration and account-wide settings, billing changes and
// integrations as privileged, and nothing else.
import { describe, expect, it } from 'vitest';
import { getModel } from '../../shared/models';

const privileged = (platform: string) =>
  getModel(platform)
    .permissions.filter((p) => p.privileged)
    .map((p) => p.label);

describe('privileged permissions', () => {
  it('Huntress: organizations, users, integrations, billing changes, global settings and account-wide agent actions', () => {
    expect(privileged('huntress')).toEqual([
      'Create Organizations',
      'Modify Organizations',
      'Delete Organizations',
      'Bulk remove agents across organizations',
      'Change Managed AV audit/enforce mode',
      'Modify users',
      'Add users',
      'Add other Organization-level users',
      'Modify integrations',
      'Add integrations',
      'Change billing information',
      'Update Payment Info',
      'Update Billing Info',
      'Change global preferences (such as SAML SSO)',
      'Manage Host Isolation settings',
    ]);
  });

  it('HYAS Protect: MSSPs, child organizations, policy inheritance, user accounts, the SentinelOne integration and blocking mode', () => {
    expect(privileged('hyas-protect')).toEqual([
      'Create MSSPs',
      'Edit MSSPs',
      'Configure Policy Inheritance',
      'Create Child Orgs',
      'Edit Child Orgs',
      'Manage User Accounts',
      'Set Blocking Mode',
      'Set SentinelOne Config',
    ]);
  });

  it('Hexiosec ASM: users, their roles and groups, ownership, creating and deleting groups', () => {
    expect(privileged('hexiosec-asm')).toEqual([
      'Invite new users to your organisation',
      "Remove users' access to your organisation",
      'Create new groups',
      "Manage users' access to different groups",
      "Change users' organisation roles",
      'Change the organisation ownership to a different user',
      'Delete the group',
    ]);
  });

  it('no view-only permission is privileged', () => {
    for (const platform of ['huntress', 'hyas-protect', 'hexiosec-asm']) {
      expect(getModel(platform).permissions.filter((p) => p.privileged && p.kind === 'view')).toEqual([]);
    }
  });
});
