import { describe, expect, it } from 'vitest';
import type { Answered, ModelInfo, PersonAccessChange, UserAccess, WhatIfAnswer } from '../../shared/api';
import type { PlanChange } from '../../shared/engine/what-if';
import type { Role } from '../../shared/model/types';
import {
  causeOf,
  changeProblem,
  createWhatIfStore,
  describeChange,
  grantsWithPlan,
  heldOf,
  namesOf,
  readPlan,
  toggleGrant,
} from '../../renderer/state/what-if';
import { deferred, fakeClient, flush, huntress, snapshot } from './fake-client';

const role = (id: string, name: string, level: string, permissions: string[]): Role => ({
  id,
  name,
  aliases: [],
  level,
  reach: level === 'account' ? 'subtree' : 'node',
  description: '',
  grants: permissions.map((permission) => ({ permission, source: [] })),
  source: [],
});

const model = {
  platform: huntress,
  roles: [
    role('account-admin', 'Admin', 'account', ['remediation.approve']),
    role('org-admin', 'Admin', 'organization', ['remediation.approve']),
    role('org-user', 'User', 'organization', []),
  ],
  permissions: [{ id: 'remediation.approve', label: 'Approve Assisted Remediation' }],
} as unknown as ModelInfo;
const [, orgAdmin, orgUser] = model.roles;

describe('a plan’s changes as sentences', () => {
  const names = namesOf(model, { 'dana@x.example': 'Dana Reyes' });

  it('names people, roles (with their level where names repeat), tenants and permissions as people read them', () => {
    const sentences = (
      [
        { op: 'add', email: 'Dana@x.example', role: 'org-admin', scope: 'Northwind/Finance' },
        { op: 'add', email: 'new@x.example', name: 'Sam New', role: 'org-user', scope: 'Northwind/Finance' },
        { op: 'remove', email: 'lee@x.example', role: 'Admin', scope: 'Northwind' },
        { op: 'remove-person', email: 'dana@x.example' },
        { op: 'move', email: 'dana@x.example', from: 'Northwind/Finance', to: 'Northwind/Sales' },
        { op: 'grant', role: 'org-user', permission: 'Approve assisted remediation', channels: ['api'] },
        { op: 'revoke', role: 'account-admin', permission: 'remediation.approve' },
      ] satisfies PlanChange[]
    ).map((c) => describeChange(c, names));
    expect(sentences).toEqual([
      'Give Dana Reyes Admin · organization at Northwind › Finance',
      'Give Sam New User at Northwind › Finance',
      'Take Admin at Northwind from lee@x.example',
      'Offboard Dana Reyes: remove every role',
      'Move Dana Reyes’s roles from Northwind › Finance to Northwind › Sales',
      'User grants “Approve Assisted Remediation” (API only)',
      'Admin · account no longer grants “Approve Assisted Remediation”',
    ]);
  });
});

describe('toggling a grant', () => {
  it('grants what the role lacks and revokes what it has', () => {
    expect(toggleGrant([], orgUser, 'remediation.approve')).toEqual([{ op: 'grant', role: 'org-user', permission: 'remediation.approve' }]);
    expect(toggleGrant([], orgAdmin, 'remediation.approve')).toEqual([
      { op: 'revoke', role: 'org-admin', permission: 'remediation.approve' },
    ]);
  });

  it('takes the plan’s own change back instead of adding its opposite, leaving the other changes', () => {
    const other: PlanChange = { op: 'remove-person', email: 'a@x.example' };
    const granted = toggleGrant([other], orgUser, 'remediation.approve');
    expect(grantsWithPlan(orgUser, 'remediation.approve', granted)).toBe(true);
    expect(toggleGrant(granted, orgUser, 'remediation.approve')).toEqual([other]);
    expect(grantsWithPlan(orgUser, 'remediation.approve', [other])).toBe(false);
  });
});

describe('reading answers', () => {
  it('finds the change an engine error names', () => {
    expect(changeProblem('change 12 (remove-person): no user "x@y.example"')).toEqual({ number: 12, text: 'no user "x@y.example"' });
    expect(changeProblem('unknown snapshot 4')).toBeNull();
  });

  it('reads a person’s own assignments from their access, not the roles reaching them from above', () => {
    const access = {
      nodes: [
        { node: { path: 'Northwind' }, roles: ['Admin · account @ Northwind'] },
        { node: { path: 'Northwind/Finance' }, roles: ['Admin · account @ Northwind', 'User @ Northwind/Finance'] },
      ],
    } as unknown as UserAccess;
    expect(heldOf(access, model)).toEqual([
      { roleId: 'account-admin', path: 'Northwind' },
      { roleId: 'org-user', path: 'Northwind/Finance' },
    ]);
  });

  it('cites the change behind an access change: the planned assignment, the role’s grant, or what took the assignment', () => {
    const change = (c: 'gained' | 'lost', sourceFile: string, sourceLine: number): PersonAccessChange => ({
      email: 'dana@x.example',
      name: 'Dana',
      change: c,
      permission: 'remediation.approve',
      label: 'Approve Assisted Remediation',
      privileged: false,
      scope: 'Northwind/Finance',
      extent: 'here',
      channels: ['ui', 'api'],
      via: { assignmentId: 1, roleId: 'org-user', role: 'User', assignedAt: 'Northwind/Finance', sourceFile, sourceLine },
    });
    const changes: PlanChange[] = [
      { op: 'remove-person', email: 'DANA@x.example' },
      { op: 'grant', role: 'User', permission: 'Approve Assisted Remediation' },
      { op: 'add', email: 'dana@x.example', role: 'org-user', scope: 'Northwind/Finance' },
    ];
    expect(causeOf(change('gained', 'plan', 3), changes)).toBe(3);
    expect(causeOf(change('gained', 'a.csv', 2), changes)).toBe(2);
    expect(causeOf(change('lost', 'a.csv', 2), changes)).toBe(1);
    expect(causeOf(change('lost', 'a.csv', 2), [])).toBeNull();
  });

  it('reads a plan file, or says what is wrong with it by JSON path', () => {
    const plan = { formatVersion: 1, name: 'P', changes: [{ op: 'remove-person', email: 'a@x.example' }] };
    expect(readPlan(`\uFEFF${JSON.stringify(plan)}`)).toEqual({ ok: true, plan });
    expect(readPlan('{"formatVersion": 1,')).toMatchObject({ ok: false, problems: [expect.stringMatching(/^not JSON: /)] });
    const bad = readPlan(JSON.stringify({ ...plan, changes: [{ op: 'promote', email: 'a@x.example' }] }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems[0]).toMatch(/^changes\[0\]\.op: /);
  });
});

describe('the what-if store', () => {
  const answer = (summary: string): Answered<WhatIfAnswer> => ({
    snapshot: snapshot(1),
    answer: { plan: 'P', added: [], removed: [], access: [], gainers: 0, gained: 0, summary },
  });

  it('asks for the delta of the changes as they are, dropping an answer to an earlier edit', async () => {
    const first = deferred<Answered<WhatIfAnswer>>();
    const second = deferred<Answered<WhatIfAnswer>>();
    const pending = [first, second];
    const client = fakeClient({ whatIf: () => pending.shift()!.promise, users: () => ({ answer: { total: 0, users: [] } }) });
    const store = createWhatIfStore(client);

    // No changes, no question.
    await store.evaluate(1);
    expect(client.calls.filter((c) => c.method === 'whatIf')).toEqual([]);

    store.getState().addChange({ op: 'remove-person', email: 'a@x.example' }, 'Ann');
    void store.evaluate(1);
    store.getState().addChange({ op: 'remove-person', email: 'b@x.example' });
    void store.evaluate(1);
    const asked = client.calls.filter((c) => c.method === 'whatIf').map((c) => c.argument);
    // The editor's empty name is asked as "Untitled plan": a plan must have a name.
    expect(asked).toEqual([
      { snapshotId: 1, plan: { formatVersion: 1, name: 'Untitled plan', changes: [{ op: 'remove-person', email: 'a@x.example' }] } },
      {
        snapshotId: 1,
        plan: {
          formatVersion: 1,
          name: 'Untitled plan',
          changes: [
            { op: 'remove-person', email: 'a@x.example' },
            { op: 'remove-person', email: 'b@x.example' },
          ],
        },
      },
    ]);
    second.resolve(answer('two'));
    await flush();
    first.resolve(answer('one'));
    await flush();
    const state = store.getState().answer;
    expect(state.status === 'ready' && state.data.answer.summary).toBe('two');
    expect(store.getState().names).toEqual({ 'a@x.example': 'Ann' });
  });

  it('saves under the name, opens a saved plan as it was saved, and forgets a deleted one', async () => {
    const saved = { formatVersion: 1 as const, name: 'Offboarding', changes: [{ op: 'remove-person' as const, email: 'a@x.example' }] };
    const client = fakeClient({
      savePlan: ({ plan }: { plan: { name: string } }) => ({ name: plan.name, savedAt: '2026-12-01T00:00:00.000Z', changes: 1 }),
      plans: () => [],
      plan: () => saved,
      deletePlan: () => ({ deleted: true }),
    });
    const store = createWhatIfStore(client);
    store.getState().setName('  Offboarding ');
    store.getState().addChange(saved.changes[0]);
    expect(store.getState().edited).toBe(true);
    await store.save();
    expect(client.calls.find((c) => c.method === 'savePlan')?.argument).toEqual({ plan: saved });
    expect(store.getState()).toMatchObject({ saved: 'Offboarding', edited: false });

    store.getState().newPlan();
    expect(store.getState()).toMatchObject({ saved: null, plan: { name: '', changes: [] } });
    await store.open('Offboarding');
    expect(store.getState()).toMatchObject({ saved: 'Offboarding', edited: false, plan: saved });

    await store.remove('Offboarding');
    expect(store.getState()).toMatchObject({ saved: null, edited: true, plan: saved });
  });
});
