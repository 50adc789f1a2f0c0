// Diffs: what changed between two versions of a model, and whose effective access two snapshots (or
// one snapshot under two models) change, with the assignment behind each change.
import { describe, expect, it } from 'vitest';
import { accessDelta } from '../../shared/engine/access-delta';
import { memoryView } from '../../shared/engine/memory-view';
import { diffModels } from '../../shared/engine/model-diff';
import { diffSnapshots, diffSnapshotSteps, modelImpact, type DiffSide } from '../../shared/engine/snapshot-diff';
import { AuditError } from '../../shared/errors';
import { resolveModel, type ResolvedModel } from '../../shared/model/resolve';
import type { RoleModel } from '../../shared/model/types';
import { getModel } from '../../shared/models';
import type { Assignment, SnapshotInfo, User } from '../../shared/snapshot';
import { testModel } from '../support/test-model';
import { assignments, nodes, testView, users } from '../support/test-snapshot';

const v1 = resolveModel(testModel, 'v1');
const v2 = resolveModel(testModel, 'v2');

function info(id: number, modelVersion = 'v2', platform = 'test'): SnapshotInfo {
  return {
    id,
    name: `#${id}`,
    platform,
    modelVersion,
    model: { origin: 'built-in', name: platform === 'test' ? 'Test Platform' : platform, sha256: null, fileName: null },
    asOf: null,
    importedAt: `2026-0${id}-01T00:00:00Z`,
    files: [],
    userCount: 0,
    nodeCount: 0,
    assignmentCount: 0,
  };
}

/** The test snapshot with everyone renumbered (as another import would), its assignments and people replaced as given. */
function laterSnapshot(change: { assignments: Assignment[]; users?: User[] }) {
  const renumber = (id: number) => 100 + id;
  return memoryView({
    nodes: nodes.map((n) => ({ ...n, id: renumber(n.id), parentId: n.parentId === null ? null : renumber(n.parentId) })),
    users: (change.users ?? users).map((u) => ({ ...u, id: renumber(u.id) })),
    assignments: change.assignments.map((a) => ({ ...a, userId: renumber(a.userId), nodeId: renumber(a.nodeId) })),
  });
}

const side = (id: number, model: ResolvedModel, view = testView()): DiffSide => ({
  snapshot: info(id, model.version.id),
  evaluator: { model, view },
});
const a = (id: number, userId: number, nodeId: number, roleId: string): Assignment => ({
  id,
  userId,
  nodeId,
  roleId,
  sourceFile: 'next.csv',
  sourceLine: id + 1,
});
const lines = (
  changes: { change: string; email?: string; permission: string; scope: string; channels: string[]; via: { role: string } }[],
) =>
  changes.map(
    (c) =>
      `${c.change === 'gained' ? '+' : '-'} ${c.email ? `${c.email} ` : ''}${c.permission} @ ${c.scope} [${c.channels.join(',')}] via ${c.via.role}`,
  );

describe('diffModels', () => {
  it('Huntress before and after Q2 2022: organization Admin gains "Approve Assisted Remediation"; Finance and Marketing are added', () => {
    const huntress = getModel('huntress');
    const diff = diffModels(resolveModel(huntress, 'pre-2022-06'), resolveModel(huntress, '2022-06'));
    const orgAdmin = diff.roles.find((r) => r.label === 'Admin · organization');
    expect(orgAdmin).toMatchObject({ status: 'changed', level: 'organization', lost: [] });
    expect(orgAdmin?.gained.map((g) => [g.label, g.channels])).toEqual([['Approve Assisted Remediation', ['ui', 'api']]]);
    expect(diff.roles.filter((r) => r.status === 'added').map((r) => r.name)).toEqual(['Finance', 'Marketing']);
    expect(diff.roles.find((r) => r.name === 'Finance')?.gained.some((g) => g.id === 'billing.update-payment-info' && g.privileged)).toBe(
      true,
    );
    expect(diff.roles.filter((r) => r.status === 'removed')).toEqual([]);
    expect(diff.summary).toBe('1 role changed (+1 grant), 2 added, 0 removed; 0 permissions added, 0 removed');
  });

  it('says a role was renamed (same id), and names the channel where only one channel changed', () => {
    const edited: RoleModel = structuredClone(testModel);
    const analyst = edited.roles.find((r) => r.id === 'account-analyst')!;
    analyst.name = 'Log Analyst';
    analyst.grants = [
      { permission: 'logs.view', channels: ['api'], source: analyst.source },
      { permission: 'config.view', source: analyst.source },
    ];
    const diff = diffModels(v2, resolveModel(edited, 'v2'));
    expect(diff.roles).toEqual([
      expect.objectContaining({
        role: 'account-analyst',
        name: 'Log Analyst',
        renamedFrom: 'Analyst',
        status: 'changed',
        gained: [expect.objectContaining({ id: 'config.view', channels: ['ui'] })],
        lost: [expect.objectContaining({ id: 'logs.view', channels: ['ui'] })],
      }),
    ]);
  });

  it('lists permissions added, removed and changed, and constraints', () => {
    const edited: RoleModel = structuredClone(testModel);
    edited.permissions = edited.permissions.filter((p) => p.id !== 'reports.view');
    for (const role of edited.roles) role.grants = role.grants.filter((g) => g.permission !== 'reports.view');
    edited.permissions.push({ ...edited.permissions[0], id: 'orgs.archive', label: 'Archive Organizations' });
    edited.permissions[1] = { ...edited.permissions[1], label: 'View logs', privileged: true };
    edited.constraints = [{ kind: 'exactly-one', role: 'account-admin', description: 'one admin', source: edited.roles[0].source }];
    const diff = diffModels(v2, resolveModel(edited, 'v2'));
    expect(diff.permissions.added.map((p) => p.id)).toEqual(['orgs.archive']);
    expect(diff.permissions.removed.map((p) => p.id)).toEqual(['reports.view']);
    expect(diff.permissions.changed).toEqual([
      expect.objectContaining({ id: 'logs.view', changes: ['label: "View Logs" → "View logs"', 'now privileged'] }),
    ]);
    expect(diff.constraints).toEqual({ added: ['exactly-one: Admin'], removed: [] });
  });
});

describe('accessDelta', () => {
  const view = testView();
  const state = (list: Assignment[], model = v2) => ({ view, model, assignments: list });

  it('a role swap that keeps a permission loses nothing: Analyst → Admin at the account both grant View Logs', () => {
    const delta = accessDelta(state([a(1, 2, 1, 'account-analyst')]), state([a(2, 2, 1, 'account-admin')]));
    expect(delta.filter((c) => c.change === 'lost')).toEqual([]);
    expect(delta.map((c) => c.permission)).not.toContain('logs.view');
    // Config was API-only for the Analyst: the Admin adds the UI.
    expect(lines(delta.filter((c) => c.permission === 'config.view'))).toEqual(['+ config.view @ MSP [ui] via Admin · account']);
  });

  it('an organization role under an account role that reaches it adds nothing there', () => {
    const delta = accessDelta(state([a(1, 1, 1, 'account-admin')]), state([a(1, 1, 1, 'account-admin'), a(2, 1, 2, 'org-admin')]));
    expect(delta).toEqual([]);
  });

  it('moving an account role down to one organization loses it at the account and everywhere below, through the old assignment', () => {
    const delta = accessDelta(state([a(1, 2, 1, 'account-analyst')]), state([a(2, 2, 2, 'org-admin')]));
    expect(lines(delta)).toEqual([
      '+ ar.approve @ MSP/Acme [ui,api] via Admin · organization',
      '+ config.view @ MSP/Acme [ui] via Admin · organization',
      '- config.view @ MSP [api] via Analyst',
      '- logs.view @ MSP [ui,api] via Analyst',
    ]);
    expect(delta[0].via).toMatchObject({ assignmentId: 2, assignedAt: 'MSP/Acme', sourceFile: 'next.csv', sourceLine: 3 });
  });

  it('a subtree grant replaced by one at that node alone is lost only below it', () => {
    const delta = accessDelta(state([a(1, 1, 1, 'account-analyst')]), state([a(2, 1, 1, 'org-admin')]));
    expect(delta.filter((c) => c.permission === 'logs.view')).toEqual([
      expect.objectContaining({ change: 'lost', scope: 'MSP', extent: 'below', channels: ['ui', 'api'] }),
    ]);
  });

  it('puts privileged permissions first', () => {
    const privileged: RoleModel = structuredClone(testModel);
    privileged.permissions.find((p) => p.id === 'reports.view')!.privileged = true;
    const model = resolveModel(privileged, 'v2');
    const delta = accessDelta(state([], model), state([a(1, 1, 1, 'account-admin')], model));
    expect(delta[0]).toMatchObject({ permission: 'reports.view', privileged: true, change: 'gained' });
    expect(delta.slice(1).every((c) => !c.privileged)).toBe(true);
  });
});

describe('diffSnapshots', () => {
  // The next month: Ana's Analyst role became Admin; Oli lost Beta; Fay left; No Roles joined as an
  // Analyst; Ada's status is now suspended.
  const next = [
    ...assignments.filter((x) => x.userId !== 2 && x.userId !== 4 && !(x.userId === 3 && x.nodeId === 3)),
    a(20, 2, 1, 'account-admin'),
    a(21, 5, 1, 'account-analyst'),
  ];
  const later = laterSnapshot({ assignments: next, users: users.map((u) => (u.id === 1 ? { ...u, status: 'suspended' } : u)) });
  const diff = diffSnapshots(side(1, v2), side(2, v2, later));

  it('lists people added, removed and changed, matched by email', () => {
    expect(diff.users).toEqual({
      added: ['nobody@msp.test'],
      removed: ['fay@msp.test'],
      changed: [{ email: 'ada@msp.test', name: 'Ada Admin', changes: [{ field: 'status', before: null, after: 'suspended' }] }],
    });
  });

  it('lists assignments added and removed by person, path and role', () => {
    expect(diff.assignments.added.map((x) => `${x.email} ${x.role} @ ${x.path}`)).toEqual([
      'ana@msp.test Admin · account @ MSP',
      'nobody@msp.test Analyst @ MSP',
    ]);
    expect(diff.assignments.removed.map((x) => `${x.email} ${x.role} @ ${x.path}`)).toEqual([
      'ana@msp.test Analyst @ MSP',
      'fay@msp.test Finance @ MSP',
      'oli@acme.test Admin · organization @ MSP/Beta',
    ]);
  });

  it('gives the effective access gained and lost, each with the assignment behind it; the swap keeps View Logs', () => {
    expect(lines(diff.access)).toEqual([
      '+ ana@msp.test ar.approve @ MSP [ui,api] via Admin · account',
      '+ ana@msp.test orgs.create @ MSP [ui,api] via Admin · account',
      '+ ana@msp.test config.view @ MSP [ui] via Admin · account',
      '+ ana@msp.test reports.view @ MSP [ui,api] via Admin · account',
      '- fay@msp.test reports.view @ MSP [ui,api] via Finance',
      '+ nobody@msp.test config.view @ MSP [api] via Analyst',
      '+ nobody@msp.test logs.view @ MSP [ui,api] via Analyst',
      '- oli@acme.test ar.approve @ MSP/Beta [ui,api] via Admin · organization',
      '- oli@acme.test config.view @ MSP/Beta [ui,api] via Admin · organization',
      '- oli@acme.test logs.view @ MSP/Beta [ui,api] via Admin · organization',
    ]);
    expect(diff.summary).toBe('2 people gain 6 grants, 2 lose 4; 1 added, 1 removed');
    expect(diff.modelNote).toBeNull();
  });

  it('runs in steps that say how far it has got, through people in email order, to the same diff', () => {
    // Both snapshots hold 5 people; in email order Ada, Ana, Fay (Before only), No Roles (After only), Oli.
    const counted = (s: DiffSide): DiffSide => ({ ...s, snapshot: { ...s.snapshot, userCount: users.length } });
    const [before, after] = [counted(side(1, v2)), counted(side(2, v2, later))];
    const steps = diffSnapshotSteps(before, after, 1);
    const seen = [];
    let next = steps.next();
    for (; !next.done; next = steps.next()) seen.push(next.value);
    expect(seen.map((p) => p.total)).toEqual(Array(seen.length).fill(5));
    expect(seen.map((p) => p.done)).toEqual([0, 1, 2, 3, 3, 4]);
    expect(next.value).toEqual(diffSnapshots(before, after));
    expect(next.value.access).toEqual(diff.access);
  });

  it('finds nothing between a snapshot and itself', () => {
    const same = diffSnapshots(side(1, v2), side(2, v2, laterSnapshot({ assignments })));
    expect(same.access).toEqual([]);
    expect(same.assignments).toEqual({ added: [], removed: [] });
    expect(same.summary).toBe('nobody gains access, nobody loses any; 0 added, 0 removed');
  });

  it('evaluates each snapshot under its own model version, and says so', () => {
    const across = diffSnapshots(
      side(1, v1),
      side(2, v2, laterSnapshot({ assignments: assignments.filter((x) => x.roleId !== 'account-finance') })),
    );
    expect(across.modelNote).toBe(
      'snapshot #1 was read with the built-in Test Platform model version v1 and #2 with the built-in Test Platform model version v2: each is evaluated under its own',
    );
    expect(lines(across.access)).toEqual([
      '+ oli@acme.test ar.approve @ MSP/Acme [ui,api] via Admin · organization',
      '+ oli@acme.test ar.approve @ MSP/Beta [ui,api] via Admin · organization',
    ]);
  });

  it('refuses two snapshots of different platforms', () => {
    const other = { snapshot: info(2, 'v2', 'huntress'), evaluator: { model: resolveModel(getModel('huntress')), view: testView() } };
    expect(() => diffSnapshots(side(1, v2), other)).toThrow(AuditError);
    expect(() => diffSnapshots(side(1, v2), other)).toThrow(
      'snapshot #1 is Test Platform and #2 is Huntress: a diff compares two snapshots of one platform',
    );
  });
});

describe('modelImpact', () => {
  it('lists the people whose access a model change gives or takes, through which assignment', () => {
    const roles = new Set(
      diffModels(v1, v2)
        .roles.filter((r) => r.gained.length + r.lost.length > 0)
        .map((r) => r.role),
    );
    expect(lines(modelImpact(testView(), v1, v2, roles))).toEqual([
      '+ fay@msp.test reports.view @ MSP [ui,api] via Finance',
      '+ oli@acme.test ar.approve @ MSP/Acme [ui,api] via Admin · organization',
      '+ oli@acme.test ar.approve @ MSP/Beta [ui,api] via Admin · organization',
    ]);
  });
});
