// Huntress, from resources/seeds/000_96d95d6678d9722e.txt ("Setting Huntress User Permissions").
// Two levels (account > organization); account roles reach every organization, organization roles
// only their organization. Two versions: before and from June 2022 (see the version notes).

import type { Assigns, Permission, Role, RoleGrant, RoleModel } from '../model/types';
import { lines } from './seed-ref';

const FILE = '000_96d95d6678d9722e.txt';
const at = lines(FILE);

type P = [id: string, label: string, category: string, level: 'account' | 'organization', kind: 'view' | 'change', source: number[]];

const PERMISSIONS: P[] = [
  ['organizations.create', 'Create Organizations', 'Organizations', 'account', 'change', [13]],
  ['organizations.modify', 'Modify Organizations', 'Organizations', 'account', 'change', [13]],
  ['organizations.delete', 'Delete Organizations', 'Organizations', 'account', 'change', [13, 22]],
  ['organizations.edit-name', 'Edit Organization name(s)', 'Organizations', 'organization', 'change', [65]],
  ['installer.download', 'Download the Huntress installer', 'Agents', 'account', 'view', [14, 51]],
  ['account-key.view', 'View the account key', 'Agents', 'account', 'view', [14, 15, 51]],
  ['agents.uninstall', 'Uninstall individual Agents', 'Agents', 'organization', 'change', [48]],
  ['agents.bulk-remove', 'Bulk remove agents across organizations', 'Agents', 'account', 'change', [22, 54]],
  ['remediation.approve', 'Approve Assisted Remediation', 'Remediation', 'organization', 'change', [16, 60, 63]],
  ['remediation.reject', 'Reject Assisted Remediation', 'Remediation', 'organization', 'change', [17]],
  ['managed-av.update-single', 'Force a Managed AV update on a single target', 'Managed AV', 'organization', 'change', [18]],
  ['managed-av.scan-single', 'Force a Managed AV scan on a single target', 'Managed AV', 'organization', 'change', [24]],
  ['managed-av.bulk-quick-scan', 'Bulk Managed AV quick scan', 'Managed AV', 'account', 'change', [23]],
  ['managed-av.bulk-full-scan', 'Bulk Managed AV full scan', 'Managed AV', 'account', 'change', [23]],
  ['managed-av.bulk-update', 'Bulk Managed AV update', 'Managed AV', 'account', 'change', [23]],
  ['managed-av.change-mode', 'Change Managed AV audit/enforce mode', 'Managed AV', 'account', 'change', [23]],
  ['users.modify', 'Modify users', 'Users & integrations', 'account', 'change', [20, 52]],
  ['users.add', 'Add users', 'Users & integrations', 'account', 'change', [20, 52]],
  ['users.add-organization-level', 'Add other Organization-level users', 'Users & integrations', 'organization', 'change', [64]],
  ['integrations.modify', 'Modify integrations', 'Users & integrations', 'account', 'change', [21, 53]],
  ['integrations.add', 'Add integrations', 'Users & integrations', 'account', 'change', [21, 53]],
  ['billing.view', 'View billing information (including invoices and contracts)', 'Billing', 'account', 'view', [25, 55]],
  ['billing.change', 'Change billing information', 'Billing', 'account', 'change', [25, 55]],
  ['billing.access-section', 'Access the Billing & Invoicing section of the portal', 'Billing', 'account', 'view', [31]],
  ['billing.view-past-invoices', 'View Past Invoices', 'Billing', 'account', 'view', [32]],
  ['billing.view-invoice-agent-breakdown', 'View breakdown of agents per organization in an invoice', 'Billing', 'account', 'view', [33]],
  ['billing.view-payment-receipts', 'View payment receipts', 'Billing', 'account', 'view', [34]],
  ['billing.update-payment-info', 'Update Payment Info', 'Billing', 'account', 'change', [35]],
  ['billing.update-billing-info', 'Update Billing Info', 'Billing', 'account', 'change', [36]],
  ['incident-reports.manage', 'Manage Incident Reports', 'Incidents', 'organization', 'change', [26]],
  ['incident-reports.receive-alerts', 'Receive alert emails about new Incident Reports', 'Incidents', 'organization', 'view', [56]],
  ['investigations.view', 'View investigations', 'Incidents', 'organization', 'view', [47]],
  ['preferences.change-global', 'Change global preferences (such as SAML SSO)', 'Settings', 'account', 'change', [27, 57]],
  ['host-isolation.manage-settings', 'Manage Host Isolation settings', 'Settings', 'account', 'change', [27]],
  ['hosts.isolate', 'Manually isolate hosts', 'Hosts', 'organization', 'change', [28, 58]],
  ['hosts.deisolate', 'Manually deisolate hosts', 'Hosts', 'organization', 'change', [29, 59]],
  ['reports.view', 'View Reports', 'Reports', 'organization', 'view', [46]],
  ['reports.download', 'Download Reports', 'Reports', 'organization', 'view', [46]],
  ['binaries.view', 'View Binaries', 'Host data', 'organization', 'view', [49]],
  ['autoruns.view', 'View Autoruns', 'Host data', 'organization', 'view', [49]],
  ['collected-files.view', 'View Collected Files', 'Host data', 'organization', 'view', [49]],
  ['canaries.view', 'View Canaries', 'Host data', 'organization', 'view', [49]],
  ['external-recon.view', 'View External Recon', 'Host data', 'organization', 'view', [49]],
  ['pes.access', 'Access the Partner Enablement Service (PES)', 'Marketing', 'account', 'view', [38]],
];

/**
 * Privileged (docs/model-format.md): the organizations themselves, users, integrations, billing
 * changes, and the account-wide settings and bulk actions that change every organization at once.
 */
const PRIVILEGED = new Set([
  'organizations.create',
  'organizations.modify',
  'organizations.delete',
  'agents.bulk-remove',
  'managed-av.change-mode',
  'users.modify',
  'users.add',
  'users.add-organization-level',
  'integrations.modify',
  'integrations.add',
  'billing.change',
  'billing.update-payment-info',
  'billing.update-billing-info',
  'preferences.change-global',
  'host-isolation.manage-settings',
]);

/**
 * Who gives which roles (docs/model-format.md). The page does not say which roles adding or modifying
 * a user may give, so the reading is the widest: account-level user management gives any role across
 * the account (lines 9, 20); an organization Admin adds organization-level users with any
 * organization role, in their organization (line 64).
 */
const ASSIGNS: Record<string, Assigns> = {
  'users.add': { roles: 'any', where: 'here-and-below', source: at(20, 9) },
  'users.modify': { roles: 'any', where: 'here-and-below', source: at(20, 9) },
  'users.add-organization-level': { roles: ['org-user', 'org-admin', 'org-read-only'], where: 'here', source: at(64, 42) },
};

const permissions: Permission[] = PERMISSIONS.map(([id, label, category, level, kind, source]) => ({
  id,
  label,
  category,
  level,
  kind,
  ...(PRIVILEGED.has(id) ? { privileged: true } : {}),
  ...(ASSIGNS[id] ? { assigns: ASSIGNS[id] } : {}),
  source: at(...source),
}));
const kindOf = new Map(permissions.map((p) => [p.id, p.kind]));

const grant = (permission: string, source: number[], since?: string): RoleGrant => ({
  permission,
  source: at(...source),
  ...(since ? { since } : {}),
});

/** What Users see at organization level (line 11: "see most things"; line 49: the list). */
const ORGANIZATION_VIEWS = [
  'reports.view',
  'reports.download',
  'investigations.view',
  'binaries.view',
  'autoruns.view',
  'collected-files.view',
  'canaries.view',
  'external-recon.view',
];

const accountUser: RoleGrant[] = [
  ...['organizations.create', 'organizations.modify', 'organizations.delete'].map((p) => grant(p, [13])),
  grant('installer.download', [14]),
  grant('account-key.view', [14, 15]),
  grant('remediation.approve', [16]),
  grant('remediation.reject', [17]),
  grant('managed-av.update-single', [18]),
  ...ORGANIZATION_VIEWS.map((p) => grant(p, [11])),
];

const orgUser: RoleGrant[] = [
  grant('reports.view', [46]),
  grant('reports.download', [46]),
  grant('investigations.view', [47]),
  grant('agents.uninstall', [48]),
  ...['binaries.view', 'autoruns.view', 'collected-files.view', 'canaries.view', 'external-recon.view'].map((p) => grant(p, [49])),
];

/** Read-only roles: what the User sees, nothing that modifies, deletes or adds. */
const viewsOf = (grants: RoleGrant[], line: number) =>
  grants.filter((g) => kindOf.get(g.permission) === 'view').map((g) => grant(g.permission, [line, ...g.source.map((s) => s.line)]));

const roles: Role[] = [
  {
    id: 'account-admin',
    name: 'Admin',
    aliases: ['Account Admin', 'Account-level Admin', 'Administrator'],
    level: 'account',
    reach: 'subtree',
    description: 'Full access to modify everything across Huntress, including billing.',
    source: at(8, 9),
    grants: permissions.map((p) => grant(p.id, [9])),
  },
  {
    id: 'account-user',
    name: 'User',
    aliases: ['Account User', 'Account-level User'],
    level: 'account',
    reach: 'subtree',
    description: 'Sees most things throughout the account and its organizations; manages organizations and remediation.',
    source: at(10, 11),
    grants: accountUser,
  },
  {
    id: 'account-finance',
    name: 'Finance',
    aliases: ['Account Finance', 'Billing'],
    level: 'account',
    reach: 'subtree',
    since: '2022-06',
    description: 'The Billing & Invoicing section only.',
    source: at(30, 39),
    grants: [
      grant('billing.access-section', [31]),
      grant('billing.view', [31, 32]),
      grant('billing.view-past-invoices', [32]),
      grant('billing.view-invoice-agent-breakdown', [33]),
      grant('billing.view-payment-receipts', [34]),
      grant('billing.update-payment-info', [35]),
      grant('billing.update-billing-info', [36]),
      grant('billing.change', [35, 36]),
    ],
  },
  {
    id: 'account-marketing',
    name: 'Marketing',
    aliases: ['Account Marketing'],
    level: 'account',
    reach: 'subtree',
    since: '2022-06',
    description: 'The Partner Enablement Service (PES) only.',
    source: at(37, 38, 39),
    grants: [grant('pes.access', [38])],
  },
  {
    id: 'account-read-only',
    name: 'Read-Only',
    aliases: ['Read Only', 'ReadOnly', 'Account Read-Only'],
    level: 'account',
    reach: 'subtree',
    description: 'Sees everything a User can; modifies, deletes and adds nothing.',
    source: at(40, 41),
    grants: viewsOf(accountUser, 41),
  },
  {
    id: 'org-user',
    name: 'User',
    aliases: ['Org User', 'Organization User', 'Org-level User'],
    level: 'organization',
    reach: 'node',
    description: 'Reports, investigations, agents and host data of their organization.',
    source: at(43, 44, 45),
    grants: orgUser,
  },
  {
    id: 'org-admin',
    name: 'Admin',
    aliases: ['Org Admin', 'Organization Admin', 'Org-level Admin'],
    level: 'organization',
    reach: 'node',
    description: 'What an organization User can, plus approving remediation, adding organization users and renaming the organization.',
    source: at(61, 62),
    grants: [
      ...orgUser.map((g) => grant(g.permission, [62, ...g.source.map((s) => s.line)])),
      grant('remediation.approve', [63, 5, 68], '2022-06'),
      grant('users.add-organization-level', [64]),
      grant('organizations.edit-name', [65]),
    ],
  },
  {
    id: 'org-read-only',
    name: 'Read-Only',
    aliases: ['Read Only', 'ReadOnly', 'Org Read-Only', 'Organization Read-Only'],
    level: 'organization',
    reach: 'node',
    description: 'Sees everything an organization User can; modifies, deletes and adds nothing.',
    source: at(66, 67),
    grants: viewsOf(orgUser, 67),
  },
];

export const huntress: RoleModel = {
  formatVersion: 1,
  id: 'huntress',
  name: 'Huntress',
  origin: FILE,
  levels: [
    { id: 'account', name: 'Account' },
    { id: 'organization', name: 'Organization' },
  ],
  permissions,
  roles,
  constraints: [],
  versions: [
    {
      id: 'pre-2022-06',
      effectiveFrom: null,
      source: at(5, 39, 68),
      note: 'Before June 2022: organization-level Admins could not approve Assisted Remediation; no Finance or Marketing roles.',
    },
    {
      id: '2022-06',
      effectiveFrom: '2022-06-01',
      source: at(5, 39, 68),
      note: 'The vendor\'s documentation dates the Assisted Remediation change "Q2 2022" and the Finance and Marketing roles "June 2022"; both take effect on 2022-06-01, the one date it gives.',
    },
  ],
  notes: [
    {
      text: 'Account-level roles apply to the account and every organization in it; organization-level roles apply to their organization only.',
      source: at(1, 2, 7, 42),
    },
  ],
};
