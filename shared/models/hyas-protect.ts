// HYAS Protect, from resources/seeds/002_6448edd43804835f.txt ("User Roles and Permissions Matrix").
// The matrix (lines 11–41) is the specification: each row below copies one matrix line, its cells in
// the seed's column order, `Y` allowed (β), `N` not allowed (π), `A` allowed only through the API
// (π - UI β - API). Rows that list several capabilities become one permission each.

import type { Assigns, Permission, Role, RoleGrant, RoleModel } from '../model/types';
import { lines } from './seed-ref';

const FILE = '002_6448edd43804835f.txt';
const at = lines(FILE);

/** Column order of the seed's matrix (line 9). */
const ROLE_COLUMNS = ['partner-admin', 'mssp-admin', 'mssp-analyst', 'org-admin', 'protect-analyst', 'protect-executive'] as const;

type Row = [
  line: number,
  category: string,
  level: 'partner' | 'mssp' | 'organization',
  capabilities: [id: string, label: string, kind: 'view' | 'change'][],
  cells: string,
];

export const MATRIX: Row[] = [
  [
    11,
    'MSSPs',
    'partner',
    [
      ['mssps.create', 'Create MSSPs', 'change'],
      ['mssps.edit', 'Edit MSSPs', 'change'],
    ],
    'YNNNNN',
  ],
  [12, 'Policies', 'partner', [['policy-inheritance.configure', 'Configure Policy Inheritance', 'change']], 'YNNNNN'],
  [13, 'Child organizations', 'mssp', [['child-orgs.view', 'View Child Orgs', 'view']], 'YYYNNN'],
  [
    14,
    'Child organizations',
    'mssp',
    [
      ['child-orgs.create', 'Create Child Orgs', 'change'],
      ['child-orgs.edit', 'Edit Child Orgs', 'change'],
    ],
    'YYNNNN',
  ],
  [15, 'Users', 'organization', [['user-accounts.manage', 'Manage User Accounts', 'change']], 'YYNYNN'],
  [16, 'Blocking', 'organization', [['blocking-mode.view', 'View Blocking Mode', 'view']], 'YYAYAA'],
  [17, 'Blocking', 'organization', [['blocking-mode.set', 'Set Blocking Mode', 'change']], 'YYNYNN'],
  [18, 'Notifications', 'organization', [['notification-emails.view', 'View Notification Emails', 'view']], 'YYYYYY'],
  [19, 'Notifications', 'organization', [['notification-emails.set', 'Set Notification Emails', 'change']], 'YYNYNN'],
  [20, 'Source networks', 'organization', [['source-networks.view', 'View Source Networks', 'view']], 'YYAYAA'],
  [21, 'Source networks', 'organization', [['source-networks.change', 'Change Source Networks', 'change']], 'YYNYNN'],
  [22, 'Integrations', 'organization', [['sentinelone-config.view', 'View SentinelOne Config', 'view']], 'YYAYAA'],
  [23, 'Integrations', 'organization', [['sentinelone-config.set', 'Set SentinelOne Config', 'change']], 'YYNYNN'],
  [24, 'Logs', 'organization', [['logs.view', 'View Logs', 'view']], 'YYYYYY'],
  [25, 'Logs', 'organization', [['logs.block', 'Block from Log View', 'change']], 'YYNYNN'],
  [26, 'Logs', 'organization', [['logs.allow', 'Allow from Log View', 'change']], 'YYNYNN'],
  [27, 'Flyout', 'organization', [['flyout.block', 'Block from Flyout', 'change']], 'YYYYYN'],
  [28, 'Flyout', 'organization', [['flyout.allow', 'Allow from Flyout', 'change']], 'YYYYYN'],
  [29, 'Flyout', 'organization', [['flyout.add-tag', 'Add Tag from Flyout', 'change']], 'YYYYYN'],
  [30, 'Flyout', 'organization', [['flyout.add-note', 'Add Note from Flyout', 'change']], 'YYYYYN'],
  [31, 'Categories', 'organization', [['categories.view', 'View Category', 'view']], 'YYYYYY'],
  [
    32,
    'Categories',
    'organization',
    [
      ['categories.block', 'Block Category', 'change'],
      ['categories.unblock', 'Unblock Category', 'change'],
    ],
    'YYNYNN',
  ],
  [33, 'Policies', 'organization', [['policy.view', 'View policy', 'view']], 'YYYYYY'],
  [
    34,
    'Policies',
    'organization',
    [
      ['policy.create', 'Create Policy', 'change'],
      ['policy.edit', 'Edit Policy', 'change'],
      ['policy.delete', 'Delete Policy', 'change'],
    ],
    'YYNYNN',
  ],
  [35, 'Lists', 'organization', [['lists.view', 'View List', 'view']], 'YYYYYY'],
  [
    36,
    'Lists',
    'organization',
    [
      ['lists.create', 'Create Lists', 'change'],
      ['lists.edit', 'Edit Lists', 'change'],
      ['lists.delete', 'Delete Lists', 'change'],
    ],
    'YYNYNN',
  ],
  [37, 'Policy rules', 'organization', [['policy-rules.view', 'View Policy Rule', 'view']], 'YYYYYY'],
  [
    38,
    'Policy rules',
    'organization',
    [
      ['policy-rules.create', 'Create Policies', 'change'],
      ['policy-rules.edit', 'Edit Policies', 'change'],
      ['policy-rules.delete', 'Delete Policies', 'change'],
    ],
    'YYNYNN',
  ],
  [39, 'Alerts', 'organization', [['alerts.delete', 'Delete alert', 'change']], 'YYYYYY'],
  [40, 'Alerts', 'organization', [['alerts.acknowledge', 'Acknowledge Alert', 'change']], 'YYYYYY'],
  [41, 'Settings', 'organization', [['timezone.configure', 'Configure Timezone', 'change']], 'YYYYYY'],
];

/**
 * Privileged (docs/model-format.md): MSSPs, child organizations and policy inheritance (the tenancy),
 * user accounts, the SentinelOne integration, and blocking mode (it switches protection off).
 */
const PRIVILEGED = new Set([
  'mssps.create',
  'mssps.edit',
  'policy-inheritance.configure',
  'child-orgs.create',
  'child-orgs.edit',
  'user-accounts.manage',
  'sentinelone-config.set',
  'blocking-mode.set',
]);

/**
 * Who gives which roles (docs/model-format.md). The page does not say which roles managing user
 * accounts may give, so the reading is the widest: any role, where the holder manages accounts and
 * below (an MSSP Admin "within their assigned MSSP scope", line 4; an Org Admin their organization's
 * users, line 6).
 */
const ASSIGNS: Record<string, Assigns> = {
  'user-accounts.manage': { roles: 'any', where: 'here-and-below', source: at(15, 4, 6) },
};

const permissions: Permission[] = MATRIX.flatMap(([line, category, level, capabilities]) =>
  capabilities.map(([id, label, kind]) => ({
    id,
    label,
    category,
    level,
    kind,
    ...(PRIVILEGED.has(id) ? { privileged: true } : {}),
    ...(ASSIGNS[id] ? { assigns: ASSIGNS[id] } : {}),
    source: at(line),
  })),
);

function grantsOf(column: number): RoleGrant[] {
  return MATRIX.flatMap(([line, , , capabilities, cells]) => {
    const cell = cells[column];
    if (cell === 'N') return [];
    return capabilities.map(([id]) => ({ permission: id, source: at(line), ...(cell === 'A' ? { channels: ['api' as const] } : {}) }));
  });
}

type RoleInfo = Omit<Role, 'grants' | 'id'>;
const ROLE_INFO: Record<(typeof ROLE_COLUMNS)[number], RoleInfo> = {
  'partner-admin': {
    name: 'Partner Admin',
    aliases: ['Partner Administrator'],
    level: 'partner',
    reach: 'subtree',
    source: at(3, 9),
    description: 'The highest authority: MSSP accounts and actions across every child organization.',
  },
  'mssp-admin': {
    name: 'MSSP Admin',
    aliases: ['MSSP Administrator'],
    level: 'mssp',
    reach: 'subtree',
    source: at(4, 9),
    description: 'Full access within the assigned MSSP, its child organizations and user accounts; no other MSSPs.',
  },
  'mssp-analyst': {
    name: 'MSSP Analyst',
    aliases: [],
    level: 'mssp',
    reach: 'subtree',
    source: at(5, 9),
    description: 'Operational: views and acts within the assigned MSSP; no accounts, policies or configuration.',
  },
  'org-admin': {
    name: 'Admin',
    aliases: ['Org Admin', '(Org) Admin', 'Organization Admin', 'Organisation Admin'],
    level: 'organization',
    reach: 'node',
    source: at(6, 9),
    description: 'Full access within the assigned organization, its configuration and users; no MSSP-level visibility.',
  },
  'protect-analyst': {
    name: 'Protect Analyst',
    aliases: ['Analyst'],
    level: 'organization',
    reach: 'node',
    source: at(7, 9),
    description: 'Views logs, reports and activity; no configuration changes or policy management.',
  },
  'protect-executive': {
    name: 'Protect Executive',
    aliases: ['Executive'],
    level: 'organization',
    reach: 'node',
    source: at(8, 9),
    description: 'High-level access for executives (the matrix grants more than the prose says: the matrix rules).',
  },
};

const roles: Role[] = ROLE_COLUMNS.map((id, column) => ({ id, ...ROLE_INFO[id], grants: grantsOf(column) }));

export const hyasProtect: RoleModel = {
  formatVersion: 1,
  id: 'hyas-protect',
  name: 'HYAS Protect',
  origin: FILE,
  levels: [
    { id: 'partner', name: 'Partner' },
    { id: 'mssp', name: 'MSSP' },
    { id: 'organization', name: 'Organization' },
  ],
  permissions,
  roles,
  constraints: [],
  versions: [{ id: 'current', effectiveFrom: null, note: 'The matrix as published.', source: at(1) }],
  notes: [
    {
      text: 'Partner Admins act across everything below the partner, MSSP roles within their MSSP, organization roles within their organization.',
      source: at(3, 4, 5, 6),
    },
    {
      text: 'Where the prose and the matrix disagree (Protect Executive is "limited to reports and summaries" in the prose), the matrix is encoded.',
      source: at(8, 9),
    },
    { text: 'Cells marked "not in the UI, allowed through the API" are granted on the API channel only.', source: at(16, 20, 22) },
  ],
};
