import { describe, expect, it } from 'vitest';
import { accessMatrix, can, effectiveAccess, whoCan, type Evaluator } from '../../shared/engine/evaluate';
import { memoryView } from '../../shared/engine/memory-view';
import { resolveModel, versionAsOf } from '../../shared/model/resolve';
import { AuditError } from '../../shared/errors';
import { testModel } from '../support/test-model';
import { assignments, nodes, testView, users } from '../support/test-snapshot';

const ev: Evaluator = { model: resolveModel(testModel), view: testView() };

describe('whoCan', () => {
  it('lists each grant with the user, the role, where it is assigned and where it applies', () => {
    const answer = whoCan(ev, 'View Logs', 'MSP/Acme');
    expect(answer.entries.map((e) => [e.email, e.role, e.assignedAt, e.scope, e.includesBelow])).toEqual([
      ['ada@msp.test', 'Admin', 'MSP', 'MSP/Acme', true],
      ['ana@msp.test', 'Analyst', 'MSP', 'MSP/Acme', true],
      ['oli@acme.test', 'Admin', 'MSP/Acme', 'MSP/Acme', false],
    ]);
  });

  it('within a scope also finds roles assigned below it, applying where they are assigned', () => {
    const answer = whoCan(ev, 'logs.view', 'MSP');
    const oli = answer.entries.filter((e) => e.email === 'oli@acme.test').map((e) => e.scope);
    expect(oli).toEqual(['MSP/Acme', 'MSP/Beta']);
  });

  it('leaves out organizations a node-reach role is not assigned to', () => {
    const answer = whoCan(ev, 'View Logs', 'MSP/Gamma');
    expect(answer.entries.map((e) => e.email)).toEqual(['ada@msp.test', 'ana@msp.test']);
  });

  it('honours the channel: an API-only grant answers for the API and not the UI', () => {
    expect(whoCan(ev, 'View Config', 'MSP/Gamma', 'api').entries.map((e) => e.email)).toEqual(['ada@msp.test', 'ana@msp.test']);
    expect(whoCan(ev, 'View Config', 'MSP/Gamma', 'ui').entries.map((e) => e.email)).toEqual(['ada@msp.test']);
    const ana = whoCan(ev, 'View Config', 'MSP/Gamma').entries.find((e) => e.email === 'ana@msp.test');
    expect(ana?.channels).toEqual(['api']);
  });

  it('without a scope answers for the whole tenancy', () => {
    expect(whoCan(ev, 'Approve Remediation').entries.map((e) => `${e.email}@${e.scope}`)).toEqual([
      'ada@msp.test@MSP',
      'oli@acme.test@MSP/Acme',
      'oli@acme.test@MSP/Beta',
    ]);
  });

  it('follows the model version: a grant added in v2 is absent in v1', () => {
    const v1: Evaluator = {
      model: resolveModel(testModel, versionAsOf(testModel, '2022-05-31').id),
      view: memoryView({ nodes, users, assignments: assignments.filter((a) => a.roleId !== 'account-finance') }),
    };
    expect(whoCan(v1, 'Approve Remediation').entries.map((e) => e.email)).toEqual(['ada@msp.test']);
  });

  it('matches a permission by id or label in any case, and rejects an unknown one with a suggestion', () => {
    expect(whoCan(ev, 'view logs').permission.id).toBe('logs.view');
    expect(whoCan(ev, 'LOGS.VIEW').permission.id).toBe('logs.view');
    expect(() => whoCan(ev, 'Logs')).toThrow(/unknown permission "Logs".*did you mean "View Logs"/);
  });

  it('rejects a scope path that is not in the tree', () => {
    expect(() => whoCan(ev, 'View Logs', 'MSP/Nowhere')).toThrow(AuditError);
  });
});

describe('can', () => {
  it('says yes with the chain assignment → role → grant → reach', () => {
    const answer = can(ev, 'oli@acme.test', 'View Logs', 'MSP/Acme');
    expect(answer.allowed).toBe(true);
    const granted = answer.reasons.filter((r) => r.kind === 'grants');
    expect(granted).toHaveLength(1);
    expect(granted[0].chain).toMatchObject({ role: 'Admin', assignedAt: 'MSP/Acme', reach: 'node', permissionId: 'logs.view' });
    expect(granted[0].text).toBe('Admin · organization at MSP/Acme grants "View Logs" (UI and API)');
  });

  it('says no where a node-reach role is assigned elsewhere, and says where it does apply', () => {
    const answer = can(ev, 'oli@acme.test', 'View Logs', 'MSP/Gamma');
    expect(answer.allowed).toBe(false);
    expect(answer.reasons.map((r) => r.kind)).toEqual(['out-of-reach', 'out-of-reach']);
    expect(answer.reasons[0].text).toBe('Admin · organization at MSP/Acme grants "View Logs", but applies to MSP/Acme only, not MSP/Gamma');
  });

  it('says an inherited grant reaches the node from above', () => {
    const answer = can(ev, 'ana@msp.test', 'View Logs', 'MSP/Gamma');
    expect(answer.reasons[0].text).toBe('Analyst at MSP grants "View Logs" (UI and API), which reaches MSP/Gamma');
  });

  it('says no in the UI for an API-only grant, and why', () => {
    const answer = can(ev, 'ana@msp.test', 'View Config', 'MSP/Acme', 'ui');
    expect(answer.allowed).toBe(false);
    expect(answer.reasons[0]).toMatchObject({ kind: 'other-channel' });
    expect(answer.reasons[0].text).toBe('Analyst at MSP grants "View Config" only through the API, not the UI');
    expect(can(ev, 'ana@msp.test', 'View Config', 'MSP/Acme', 'api').allowed).toBe(true);
  });

  it('says which roles apply but lack the permission, and which roles would grant it', () => {
    const answer = can(ev, 'ana@msp.test', 'Approve Remediation', 'MSP/Acme');
    expect(answer.allowed).toBe(false);
    expect(answer.reasons[0]).toMatchObject({
      kind: 'role-lacks-permission',
      text: 'Analyst at MSP applies here but does not grant "Approve Remediation"',
    });
    expect(answer.grantingRoles).toEqual(['Admin · account', 'Admin · organization']);
  });

  it('says a user without roles has none', () => {
    const answer = can(ev, 'nobody@msp.test', 'View Logs', 'MSP');
    expect(answer.allowed).toBe(false);
    expect(answer.reasons).toEqual([{ kind: 'no-assignments', text: 'nobody@msp.test holds no roles in this snapshot' }]);
  });

  it('adds a caveat for a capability that depends on the plan', () => {
    const answer = can(ev, 'fay@msp.test', 'View Reports', 'MSP/Acme');
    expect(answer.allowed).toBe(true);
    expect(answer.reasons.map((r) => r.kind)).toEqual(['grants', 'plan-dependent']);
  });

  it('matches emails case-insensitively and rejects unknown ones', () => {
    expect(can(ev, ' Oli@Acme.TEST ', 'View Logs', 'MSP/Acme').allowed).toBe(true);
    expect(() => can(ev, 'who@x.test', 'View Logs', 'MSP')).toThrow(/no user with email "who@x.test"/);
  });
});

describe('effectiveAccess', () => {
  it('lists, node by node, every permission with the assignments that grant it', () => {
    const access = effectiveAccess(ev, 'oli@acme.test');
    expect(access.nodes.map((n) => n.node.path)).toEqual(['MSP/Acme', 'MSP/Beta']);
    expect(access.nodes[0].permissions.map((p) => p.permission.id)).toEqual(['logs.view', 'config.view', 'ar.approve']);
    expect(access.nodes[0].permissions[0].via[0]).toMatchObject({ role: 'Admin', assignedAt: 'MSP/Acme' });
  });

  it('unions the channels of several grants', () => {
    const access = effectiveAccess(ev, 'ana@msp.test');
    const config = access.nodes[0].permissions.find((p) => p.permission.id === 'config.view');
    expect(config?.channels).toEqual(['api']);
  });
});

describe('accessMatrix', () => {
  it('shows users × permissions at a node, marking API-only cells and grants only below', () => {
    const matrix = accessMatrix(ev, 'MSP');
    const ids = matrix.permissions.map((p) => p.id);
    const row = (email: string) => Object.fromEntries(matrix.rows.find((r) => r.email === email)!.cells.map((c, i) => [ids[i], c]));
    expect(matrix.rows.map((r) => r.email)).toEqual(['ada@msp.test', 'ana@msp.test', 'fay@msp.test', 'oli@acme.test']);
    expect(row('ana@msp.test')).toEqual({
      'orgs.create': 'none',
      'logs.view': 'all',
      'config.view': 'api',
      'ar.approve': 'none',
      'reports.view': 'none',
    });
    expect(row('oli@acme.test')['logs.view']).toBe('below');
  });

  it('at an organization, includes only the users whose roles reach it', () => {
    const matrix = accessMatrix(ev, 'MSP/Gamma');
    expect(matrix.rows.map((r) => r.email)).toEqual(['ada@msp.test', 'ana@msp.test', 'fay@msp.test']);
  });

  it('filters by channel', () => {
    const matrix = accessMatrix(ev, 'MSP/Acme', 'ui');
    const config = matrix.permissions.findIndex((p) => p.id === 'config.view');
    expect(matrix.rows.find((r) => r.email === 'ana@msp.test')!.cells[config]).toBe('none');
  });
});

describe('answers say what the model says', () => {
  // ada is an account Admin (subtree, every channel); ana an account Analyst (View Config through the API only).
  it('a channel filter selects grants but never rewrites the channels a grant holds on', () => {
    const ui = whoCan(ev, 'View Config', 'MSP/Acme', 'ui');
    expect(ui.entries.find((e) => e.email === 'ada@msp.test')?.channels).toEqual(['ui', 'api']);
    const api = whoCan(ev, 'View Config', 'MSP/Acme', 'api');
    expect(api.entries.find((e) => e.email === 'ada@msp.test')?.channels).toEqual(['ui', 'api']);
    expect(api.entries.find((e) => e.email === 'ana@msp.test')?.channels).toEqual(['api']);

    const granted = can(ev, 'ada@msp.test', 'View Config', 'MSP/Acme', 'ui').reasons.find((r) => r.kind === 'grants');
    expect(granted?.chain?.channels).toEqual(['ui', 'api']);
    expect(granted?.text).toBe('Admin · account at MSP grants "View Config" (UI and API), which reaches MSP/Acme');

    const config = accessMatrix(ev, 'MSP/Acme', 'api').permissions.findIndex((p) => p.id === 'config.view');
    const cells = Object.fromEntries(accessMatrix(ev, 'MSP/Acme', 'api').rows.map((r) => [r.email, r.cells[config]]));
    expect(cells['ada@msp.test']).toBe('all');
    expect(cells['ana@msp.test']).toBe('api');
    const uiCells = Object.fromEntries(accessMatrix(ev, 'MSP/Acme', 'ui').rows.map((r) => [r.email, r.cells[config]]));
    expect(uiCells['ada@msp.test']).toBe('all');
  });

  it('a matrix without a scope is the matrix at the root: roles that only reach below are "below", not "yes"', () => {
    const whole = accessMatrix(ev);
    expect(whole.scope).toBe('MSP');
    expect(whole).toEqual(accessMatrix(ev, 'MSP'));
    const logs = whole.permissions.findIndex((p) => p.id === 'logs.view');
    expect(whole.rows.find((r) => r.email === 'oli@acme.test')?.cells[logs]).toBe('below');
  });

  it('with several roots a matrix without a scope grants nothing "there", only below', () => {
    const second = { id: 9, parentId: null, depth: 0, name: 'Other MSP', path: 'Other MSP' };
    const view = memoryView({ nodes: [...nodes, second], users, assignments });
    const whole = accessMatrix({ model: ev.model, view });
    expect(whole.scope).toBeNull();
    const logs = whole.permissions.findIndex((p) => p.id === 'logs.view');
    expect(whole.rows.find((r) => r.email === 'ada@msp.test')?.cells[logs]).toBe('below');
  });

  it('shows the level of a role whose name repeats across levels, and only then', () => {
    const entries = whoCan(ev, 'View Logs', 'MSP/Acme').entries;
    expect(entries.map((e) => e.roleLabel)).toEqual(['Admin · account', 'Analyst', 'Admin · organization']);
    expect(accessMatrix(ev, 'MSP/Acme').rows.find((r) => r.email === 'oli@acme.test')?.roles).toEqual(['Admin · organization @ MSP/Acme']);
    expect(effectiveAccess(ev, 'ada@msp.test').nodes[0].roles).toEqual(['Admin · account @ MSP']);
  });

  it('counts the tenants a person reaches, not the tenants they hold roles at', () => {
    const ada = effectiveAccess(ev, 'ada@msp.test');
    expect(ada.nodes).toHaveLength(1);
    expect(ada.reachCount).toBe(4);
    expect(ada.nodes[0].reachCount).toBe(4);
    const oli = effectiveAccess(ev, 'oli@acme.test');
    expect(oli.reachCount).toBe(2);
    expect(oli.nodes.map((n) => n.reachCount)).toEqual([1, 1]);
  });

  it("who-can and the matrix carry each person's status and MFA where the export gave them", () => {
    const view = memoryView({
      nodes,
      users: users.map((u) => (u.id === 1 ? { ...u, status: 'suspended', mfa: 'disabled', lastLogin: '2024-01-31' } : u)),
      assignments,
    });
    const flagged = { model: ev.model, view };
    const ada = whoCan(flagged, 'View Logs', 'MSP/Acme').entries.find((e) => e.email === 'ada@msp.test');
    expect(ada).toMatchObject({ status: 'suspended', mfa: 'disabled', lastLogin: '2024-01-31' });
    const row = accessMatrix(flagged, 'MSP').rows.find((r) => r.email === 'ada@msp.test');
    expect(row).toMatchObject({ status: 'suspended', mfa: 'disabled' });
    const ana = whoCan(flagged, 'View Logs', 'MSP/Acme').entries.find((e) => e.email === 'ana@msp.test');
    expect(ana && 'status' in ana).toBe(false);
  });
});
