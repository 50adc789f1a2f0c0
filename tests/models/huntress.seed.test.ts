// Every capability line of the Huntress seed (000_96d95d6678d9722e.txt), checked on the model.
import { describe, expect, it } from 'vitest';
import { versionAsOf } from '../../shared/model/resolve';
import { huntress } from '../../shared/models/huntress';
import { expectCoverage, roleAbility } from './support';

const now = roleAbility(huntress, '2022-06');
const before = roleAbility(huntress, 'pre-2022-06');
const ORG_VIEWS = [
  'View Reports',
  'Download Reports',
  'View investigations',
  'View Binaries',
  'View Autoruns',
  'View Collected Files',
  'View Canaries',
  'View External Recon',
];
const BILLING = huntress.permissions.filter((p) => p.category === 'Billing').map((p) => p.label);

const LINES: Record<number, () => void> = {
  5: () => {
    before.cannot('org-admin', 'Approve Assisted Remediation');
    now.can('org-admin', 'Approve Assisted Remediation');
  },
  68: () => expect(versionAsOf(huntress, '2022-05-31').id).toBe('pre-2022-06'),
  9: () => {
    expect(now.grantedIds('account-admin')).toEqual(huntress.permissions.map((p) => p.id).sort());
    // The page does not say which roles adding or modifying users gives: any, across the account.
    expect(now.gives('Add users')).toEqual({ roles: 'any', where: 'here-and-below' });
  },
  11: () => now.can('account-user', ...ORG_VIEWS),
  13: () => now.can('account-user', 'Create Organizations', 'Modify Organizations', 'Delete Organizations'),
  14: () => now.can('account-user', 'Download the Huntress installer', 'View the account key'),
  15: () => now.can('account-user', 'View the account key'),
  16: () => now.can('account-user', 'Approve Assisted Remediation'),
  17: () => now.can('account-user', 'Reject Assisted Remediation'),
  18: () => now.can('account-user', 'Force a Managed AV update on a single target'),
  20: () => {
    now.cannot('account-user', 'Modify users', 'Add users');
    expect(now.gives('Modify users')).toEqual({ roles: 'any', where: 'here-and-below' });
    expect(now.gives('Add users')).toEqual({ roles: 'any', where: 'here-and-below' });
  },
  21: () => now.cannot('account-user', 'Modify integrations', 'Add integrations'),
  22: () => {
    now.cannot('account-user', 'Bulk remove agents across organizations');
    now.can('account-user', 'Delete Organizations');
  },
  23: () =>
    now.cannot(
      'account-user',
      'Bulk Managed AV quick scan',
      'Bulk Managed AV full scan',
      'Bulk Managed AV update',
      'Change Managed AV audit/enforce mode',
    ),
  24: () => now.cannot('account-user', 'Force a Managed AV scan on a single target'),
  25: () => now.cannot('account-user', ...BILLING),
  26: () => now.cannot('account-user', 'Manage Incident Reports'),
  27: () => now.cannot('account-user', 'Change global preferences (such as SAML SSO)', 'Manage Host Isolation settings'),
  28: () => now.cannot('account-user', 'Manually isolate hosts'),
  29: () => now.cannot('account-user', 'Manually deisolate hosts'),
  31: () => now.can('account-finance', 'Access the Billing & Invoicing section of the portal'),
  32: () => now.can('account-finance', 'View Past Invoices'),
  33: () => now.can('account-finance', 'View breakdown of agents per organization in an invoice'),
  34: () => now.can('account-finance', 'View payment receipts'),
  35: () => now.can('account-finance', 'Update Payment Info'),
  36: () => now.can('account-finance', 'Update Billing Info'),
  38: () => expect(now.grantedIds('account-marketing')).toEqual(['pes.access']),
  39: () => {
    expect(before.hasRole('account-finance') || before.hasRole('account-marketing')).toBe(false);
    expect(now.hasRole('account-finance') && now.hasRole('account-marketing')).toBe(true);
  },
  41: () => {
    const views = now
      .role('account-user')
      .grants.filter((g) => now.permission(g.permission).kind === 'view')
      .map((g) => g.permission)
      .sort();
    expect(now.grantedIds('account-read-only')).toEqual(views);
    for (const id of now.grantedIds('account-read-only')) expect(now.permission(id).kind).toBe('view');
  },
  44: () => now.can('org-user', ...ORG_VIEWS),
  46: () => now.can('org-user', 'View Reports', 'Download Reports'),
  47: () => now.can('org-user', 'View investigations'),
  48: () => now.can('org-user', 'Uninstall individual Agents'),
  49: () => now.can('org-user', 'View Binaries', 'View Autoruns', 'View Collected Files', 'View Canaries', 'View External Recon'),
  51: () => now.cannot('org-user', 'Download the Huntress installer', 'View the account key'),
  52: () => now.cannot('org-user', 'Modify users', 'Add users'),
  53: () => now.cannot('org-user', 'Modify integrations', 'Add integrations'),
  54: () => now.cannot('org-user', 'Bulk remove agents across organizations'),
  55: () => now.cannot('org-user', ...BILLING),
  56: () => now.cannot('org-user', 'Receive alert emails about new Incident Reports'),
  57: () => now.cannot('org-user', 'Change global preferences (such as SAML SSO)'),
  58: () => now.cannot('org-user', 'Manually isolate hosts'),
  59: () => now.cannot('org-user', 'Manually deisolate hosts'),
  60: () => {
    now.cannot('org-user', 'Approve Assisted Remediation');
    before.cannot('org-user', 'Approve Assisted Remediation');
  },
  62: () => expect(now.grantedIds('org-admin')).toEqual(expect.arrayContaining(now.grantedIds('org-user'))),
  63: () => now.can('org-admin', 'Approve Assisted Remediation'),
  64: () => {
    now.can('org-admin', 'Add other Organization-level users');
    // Organization-level users, with any organization role (the page does not say which), in that organization.
    expect(now.gives('Add other Organization-level users')).toEqual({ roles: ['org-admin', 'org-read-only', 'org-user'], where: 'here' });
  },
  65: () => now.can('org-admin', 'Edit Organization name(s)'),
  67: () => {
    expect(now.grantedIds('org-read-only')).toEqual(now.grantedIds('org-user').filter((id) => now.permission(id).kind === 'view'));
    now.cannot('org-read-only', 'Uninstall individual Agents');
  },
};

describe('Huntress seed coverage', () => {
  it('covers every capability line of the seed', () => {
    expectCoverage(
      [
        5, 9, 11, 13, 14, 15, 16, 17, 18, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31, 32, 33, 34, 35, 36, 38, 39, 41, 44, 46, 47, 48, 49,
        51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 62, 63, 64, 65, 67, 68,
      ],
      LINES,
    );
  });
  for (const [line, check] of Object.entries(LINES)) it(`line ${line}`, check);

  it('account roles reach every organization; organization roles only their own', () => {
    expect(huntress.roles.filter((r) => r.level === 'account').every((r) => r.reach === 'subtree')).toBe(true);
    expect(huntress.roles.filter((r) => r.level === 'organization').every((r) => r.reach === 'node')).toBe(true);
  });
});
