// Hexiosec ASM, from resources/seeds/004_8629ad2ea81c0d1c.txt ("Organisation and Group Roles").
// Organisation roles administer users and groups; scan work comes only from a role in that group
// (lines 21, 25, 26), so no organisation role grants a group permission.

import type { Assigns, Permission, RoleGrant, RoleModel } from '../model/types';
import { lines } from './seed-ref';

const FILE = '004_8629ad2ea81c0d1c.txt';
const at = lines(FILE);

type P = [
  id: string,
  label: string,
  category: string,
  level: 'organisation' | 'group',
  kind: 'view' | 'change',
  line: number,
  planDependent: boolean,
];

const PERMISSIONS: P[] = [
  ['users.invite', 'Invite new users to your organisation', 'Users', 'organisation', 'change', 14, false],
  ['users.remove', "Remove users' access to your organisation", 'Users', 'organisation', 'change', 15, false],
  ['groups.create', 'Create new groups', 'Groups', 'organisation', 'change', 16, false],
  ['groups.manage-access', "Manage users' access to different groups", 'Groups', 'organisation', 'change', 16, false],
  ['groups.rename', 'Re-name groups', 'Groups', 'organisation', 'change', 16, false],
  ['users.change-roles', "Change users' organisation roles", 'Users', 'organisation', 'change', 17, false],
  ['ownership.change', 'Change the organisation ownership to a different user', 'Users', 'organisation', 'change', 18, false],
  ['usage.view', "View the organisation's scan allowances and remaining balances", 'Usage', 'organisation', 'view', 19, true],
  ['notifications.manage', 'Manage the level of scan change notifications', 'Usage', 'organisation', 'change', 20, true],
  ['scans.create', 'Create scans', 'Scans', 'group', 'change', 33, true],
  ['scans.view', 'View scans', 'Scans', 'group', 'view', 33, true],
  ['scans.refresh', 'Refresh scans', 'Scans', 'group', 'change', 33, true],
  ['scans.disable', 'Disable scans', 'Scans', 'group', 'change', 33, true],
  ['scans.delete', 'Delete scans', 'Scans', 'group', 'change', 33, true],
  ['seeds.add', 'Add seed domains & IPs', 'Scope', 'group', 'change', 34, true],
  ['seeds.delete', 'Delete seed domains & IPs', 'Scope', 'group', 'change', 34, true],
  ['scope.move', 'Move domains & IPs in and out of scope', 'Scope', 'group', 'change', 35, true],
  ['group.edit', 'Edit details of the group', 'Group', 'group', 'change', 36, false],
  ['group.delete', 'Delete the group', 'Group', 'group', 'change', 36, false],
  ['reports.create', 'Create reports', 'Reports', 'group', 'change', 37, true],
  ['reports.view', 'View reports', 'Reports', 'group', 'view', 37, true],
  ['reports.delete', 'Delete reports', 'Reports', 'group', 'change', 37, true],
  ['actions.view', 'View actions', 'Actions & risks', 'group', 'view', 38, true],
  ['actions.manage', 'Manage actions', 'Actions & risks', 'group', 'change', 38, true],
  ['risks.ignore', 'Ignore risks on the scans', 'Actions & risks', 'group', 'change', 39, true],
  ['cdns.manage', 'Manage CDNs', 'Actions & risks', 'group', 'change', 40, true],
  ['shared-ips.manage', 'Manage shared IPs', 'Actions & risks', 'group', 'change', 40, true],
];

/**
 * Privileged (docs/model-format.md): who is in the organisation, with which role, in which groups,
 * and who owns it; creating and deleting groups.
 */
const PRIVILEGED = new Set([
  'users.invite',
  'users.remove',
  'users.change-roles',
  'ownership.change',
  'groups.create',
  'groups.manage-access',
  'group.delete',
]);

/**
 * Who gives which roles (docs/model-format.md): organisation roles through "Change users' organisation
 * roles", all but Owner, who is one per organisation and changes only through the ownership transfer
 * (lines 13, 17, 18); group roles through "manage users' access to different groups", in every group
 * of the organisation (lines 16, 27). Line 5: whoever has these sets a new user's roles.
 */
const ASSIGNS: Record<string, Assigns> = {
  'users.change-roles': { roles: ['org-admin', 'org-manager', 'org-member'], where: 'here', source: at(17, 13, 5) },
  'ownership.change': { roles: ['org-owner'], where: 'here', source: at(18, 13) },
  'groups.manage-access': {
    roles: ['group-admin', 'group-editor', 'group-contributor', 'group-viewer'],
    where: 'here-and-below',
    source: at(16, 27, 5),
  },
};

const permissions: Permission[] = PERMISSIONS.map(([id, label, category, level, kind, line, planDependent]) => ({
  id,
  label,
  category,
  level,
  kind,
  ...(PRIVILEGED.has(id) ? { privileged: true } : {}),
  ...(ASSIGNS[id] ? { assigns: ASSIGNS[id] } : {}),
  source: at(line),
  ...(planDependent ? { planDependent: true, source: at(line, 7) } : {}),
}));
const lineOf = new Map(PERMISSIONS.map((p) => [p[0], p[5]]));

/** Grants of the given permissions, each traced to its capability line and the role's own lines. */
const grants = (ids: string[], ...roleLines: number[]): RoleGrant[] =>
  ids.map((permission) => ({ permission, source: at(...roleLines, lineOf.get(permission) as number) }));

const ORGANISATION = PERMISSIONS.filter((p) => p[3] === 'organisation').map((p) => p[0]);
const GROUP = PERMISSIONS.filter((p) => p[3] === 'group').map((p) => p[0]);
const CONTRIBUTOR: [string, number][] = [
  ['scans.view', 43],
  ['actions.view', 44],
  ['actions.manage', 44],
  ['reports.create', 45],
  ['reports.view', 45],
];

export const hexiosecAsm: RoleModel = {
  formatVersion: 1,
  id: 'hexiosec-asm',
  name: 'Hexiosec ASM',
  origin: FILE,
  levels: [
    { id: 'organisation', name: 'Organisation' },
    { id: 'group', name: 'Group' },
  ],
  permissions,
  roles: [
    {
      id: 'org-owner',
      name: 'Owner',
      aliases: ['Organisation Owner', 'Organization Owner', 'Org Owner'],
      level: 'organisation',
      reach: 'subtree',
      description: 'Full ownership and view & edit access to the organisation; one per organisation.',
      source: at(9, 13),
      grants: grants(ORGANISATION, 13),
    },
    {
      id: 'org-admin',
      name: 'Admin',
      aliases: ['Organisation Admin', 'Organization Admin', 'Org Admin'],
      level: 'organisation',
      reach: 'subtree',
      description: "Full view & edit access to the organisation; can't change the owner.",
      source: at(10, 22),
      grants: grants(
        ORGANISATION.filter((p) => p !== 'ownership.change'),
        22,
      ),
    },
    {
      id: 'org-manager',
      name: 'Manager',
      aliases: ['Organisation Manager', 'Organization Manager', 'Org Manager'],
      level: 'organisation',
      reach: 'subtree',
      description: 'Key view & edit access for day-to-day work: groups and access to them.',
      source: at(11, 23),
      grants: grants(['groups.create', 'groups.manage-access', 'groups.rename'], 24),
    },
    {
      id: 'org-member',
      name: 'Member',
      aliases: ['Organisation Member', 'Organization Member', 'Org Member'],
      level: 'organisation',
      reach: 'subtree',
      description: 'Scans within permitted groups, as their group role allows; no organisation administration.',
      source: at(12, 26),
      grants: [],
    },
    {
      id: 'group-admin',
      name: 'Admin',
      aliases: ['Group Admin'],
      level: 'group',
      reach: 'node',
      description: 'Full view & edit access to the group and its scans, plus creating scans.',
      source: at(28, 32),
      grants: grants(GROUP, 28, 32),
    },
    {
      id: 'group-editor',
      name: 'Editor',
      aliases: ['Group Editor'],
      level: 'group',
      reach: 'node',
      description: 'Everything a group Admin can, except editing or deleting the group.',
      source: at(29, 41),
      grants: grants(
        GROUP.filter((p) => p !== 'group.edit' && p !== 'group.delete'),
        29,
        41,
      ),
    },
    {
      id: 'group-contributor',
      name: 'Contributor',
      aliases: ['Group Contributor'],
      level: 'group',
      reach: 'node',
      description: 'Views scans and manages actions & reports, without changing scope.',
      source: at(30, 42),
      grants: CONTRIBUTOR.map(([permission, line]) => ({ permission, source: at(30, 42, line) })),
    },
    {
      id: 'group-viewer',
      name: 'Viewer',
      aliases: ['Group Viewer'],
      level: 'group',
      reach: 'node',
      description: 'Views all existing scans in the group; edits nothing.',
      source: at(31, 46),
      grants: [{ permission: 'scans.view', source: at(31, 46) }],
    },
  ],
  constraints: [{ kind: 'exactly-one', role: 'org-owner', description: 'An organisation has exactly one Owner.', source: at(13) }],
  versions: [{ id: 'current', effectiveFrom: null, note: 'The role definitions as published.', source: at(1) }],
  notes: [
    {
      text: "Scan work always depends on the role in that group: no organisation role grants anything on scans, reports or actions (an Owner without a group role cannot view that group's scans).",
      source: at(21, 25, 26, 27),
    },
    {
      text: "Capabilities marked plan-dependent (scans, scope, reports, actions, risks, CDNs, usage and notifications) may not be available on every plan; user, group and ownership administration is treated as available on all plans. The vendor's documentation does not say which capabilities a plan removes.",
      source: at(7),
    },
  ],
};
