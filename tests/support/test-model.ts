// A small model with every feature the engine handles: two levels, subtree and node reach, an
// API-only grant, a plan-dependent permission, a role and a grant that arrive in a later version.
import type { RoleModel } from '../../shared/model/types';

const src = [{ file: 'test-seed.txt', line: 1 }];

export const testModel: RoleModel = {
  formatVersion: 1,
  id: 'test',
  name: 'Test Platform',
  origin: 'tests',
  levels: [
    { id: 'account', name: 'Account' },
    { id: 'organization', name: 'Organization' },
  ],
  permissions: [
    { id: 'orgs.create', label: 'Create Organizations', category: 'Organizations', level: 'account', kind: 'change', source: src },
    { id: 'logs.view', label: 'View Logs', category: 'Logs', level: 'organization', kind: 'view', source: src },
    { id: 'config.view', label: 'View Config', category: 'Config', level: 'organization', kind: 'view', source: src },
    { id: 'ar.approve', label: 'Approve Remediation', category: 'Remediation', level: 'organization', kind: 'change', source: src },
    {
      id: 'reports.view',
      label: 'View Reports',
      category: 'Reports',
      level: 'organization',
      kind: 'view',
      planDependent: true,
      source: src,
    },
  ],
  roles: [
    {
      id: 'account-admin',
      name: 'Admin',
      aliases: ['Account Admin'],
      level: 'account',
      reach: 'subtree',
      description: 'everything',
      source: src,
      grants: ['orgs.create', 'logs.view', 'config.view', 'ar.approve', 'reports.view'].map((permission) => ({ permission, source: src })),
    },
    {
      id: 'account-analyst',
      name: 'Analyst',
      aliases: [],
      level: 'account',
      reach: 'subtree',
      description: 'reads logs; config via API',
      source: src,
      grants: [
        { permission: 'logs.view', source: src },
        { permission: 'config.view', channels: ['api'], source: src },
      ],
    },
    {
      id: 'account-finance',
      name: 'Finance',
      aliases: [],
      level: 'account',
      reach: 'subtree',
      description: 'new in v2',
      since: 'v2',
      source: src,
      grants: [{ permission: 'reports.view', source: src }],
    },
    {
      id: 'org-admin',
      name: 'Admin',
      aliases: ['Org Admin'],
      level: 'organization',
      reach: 'node',
      description: 'one org',
      source: src,
      grants: [
        { permission: 'logs.view', source: src },
        { permission: 'config.view', source: src },
        { permission: 'ar.approve', since: 'v2', source: src },
      ],
    },
  ],
  constraints: [],
  versions: [
    { id: 'v1', effectiveFrom: null, note: 'first', source: src },
    { id: 'v2', effectiveFrom: '2022-06-01', note: 'second', source: src },
  ],
  notes: [],
};
