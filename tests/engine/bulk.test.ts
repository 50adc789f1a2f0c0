import { describe, expect, it } from 'vitest';
import { diffAssignments, effectiveGrants } from '../../shared/engine/bulk';
import { compareCodePoints } from '../../shared/engine/code-point-order';
import type { Evaluator } from '../../shared/engine/evaluate';
import { memoryView } from '../../shared/engine/memory-view';
import { resolveModel } from '../../shared/model/resolve';
import { AuditError } from '../../shared/errors';
import type { Assignment } from '../../shared/snapshot';
import { testModel } from '../support/test-model';
import { assignments, nodes, testView, users } from '../support/test-snapshot';

const ev: Evaluator = { model: resolveModel(testModel), view: testView() };

describe('effectiveGrants', () => {
  it('lists everyone holding a role, by email, with each grant where it is made and how far it reaches', () => {
    const all = [...effectiveGrants(ev)];
    expect(all.map((u) => u.user.email)).toEqual(['ada@msp.test', 'ana@msp.test', 'fay@msp.test', 'oli@acme.test']);
    const ana = all[1];
    expect(ana.grants.map((g) => [g.permissionId, g.path, g.reach, g.channels, g.roleId, g.assignmentId])).toEqual([
      ['logs.view', 'MSP', 'subtree', ['ui', 'api'], 'account-analyst', 2],
      ['config.view', 'MSP', 'subtree', ['api'], 'account-analyst', 2],
    ]);
    expect(ana.grants[0].grantSource).toEqual([{ file: 'test-seed.txt', line: 1 }]);
  });

  it('keeps a grant over a whole subtree as one record, and a role at two nodes as two', () => {
    const [ada, , , oli] = [...effectiveGrants(ev)];
    expect(ada.grants.filter((g) => g.permissionId === 'logs.view').map((g) => g.path)).toEqual(['MSP']);
    expect(oli.grants.filter((g) => g.permissionId === 'logs.view').map((g) => [g.path, g.reach])).toEqual([
      ['MSP/Acme', 'node'],
      ['MSP/Beta', 'node'],
    ]);
    expect(oli.assignments.map((a) => [a.sourceFile, a.sourceLine])).toEqual([
      ['users.csv', 4],
      ['users.csv', 5],
    ]);
  });

  it('refuses a role the model version does not have', () => {
    const v1: Evaluator = { model: resolveModel(testModel, 'v1'), view: testView() };
    expect(() => [...effectiveGrants(v1)]).toThrow(AuditError);
    expect(() => [...effectiveGrants(v1)]).toThrow('role "account-finance" is not in Test Platform version v1');
  });
});

describe('diffAssignments', () => {
  it('finds the assignments added and removed by email, path and role, whatever the snapshots number them', () => {
    // The next month: Oli lost Beta and gained Gamma, No Roles became an analyst; everyone is numbered anew.
    const renumber = (id: number) => 10 + id;
    const next: Assignment[] = [
      ...assignments.filter((a) => !(a.userId === 3 && a.nodeId === 3)),
      { id: 6, userId: 3, nodeId: 4, roleId: 'org-admin', sourceFile: 'next.csv', sourceLine: 7 },
      { id: 7, userId: 5, nodeId: 1, roleId: 'account-analyst', sourceFile: 'next.csv', sourceLine: 8 },
    ].map((a) => ({ ...a, userId: renumber(a.userId), nodeId: renumber(a.nodeId) }));
    const later = memoryView({
      nodes: nodes.map((n) => ({ ...n, id: renumber(n.id), parentId: n.parentId === null ? null : renumber(n.parentId) })),
      users: users.map((u) => ({ ...u, id: renumber(u.id) })),
      assignments: next,
    });
    expect([...diffAssignments(testView(), later)]).toEqual([
      { change: 'added', email: 'nobody@msp.test', path: 'MSP', roleId: 'account-analyst', userId: 15, nodeId: 11 },
      { change: 'removed', email: 'oli@acme.test', path: 'MSP/Beta', roleId: 'org-admin', userId: 3, nodeId: 3 },
      { change: 'added', email: 'oli@acme.test', path: 'MSP/Gamma', roleId: 'org-admin', userId: 13, nodeId: 14 },
    ]);
    expect([...diffAssignments(later, later)]).toEqual([]);
  });
});

describe('compareCodePoints', () => {
  it('orders text by code point, as SQLite orders UTF-8 text', () => {
    const words = ['\u{1F600}', '\uFB00', 'b', 'a', 'ab', 'é', ''];
    expect([...words].sort(compareCodePoints)).toEqual(['', 'a', 'ab', 'b', 'é', '\uFB00', '\u{1F600}']);
    expect([...words].sort()).not.toEqual([...words].sort(compareCodePoints));
  });
});
