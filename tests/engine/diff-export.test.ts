// Diffs as files, narrowed as a reader narrows them: the filters the app offers (privileged, gains
// or losses, a tenant, text) pick the same changes in the app and in the files, and the JSON records
// them in its provenance; a model diff as one CSV table.
import { describe, expect, it } from 'vitest';
import type { ModelDiffAnswer } from '../../shared/api';
import { DIFF_CSV_HEADER, filterAccess, modelDiffCsv, modelDiffJson, snapshotDiffJson } from '../../shared/engine/diff-export';
import { diffModels } from '../../shared/engine/model-diff';
import type { PersonAccessChange, SnapshotDiff } from '../../shared/engine/snapshot-diff';
import { resolveModel } from '../../shared/model/resolve';
import { getModel } from '../../shared/models';

const change = (email: string, c: 'gained' | 'lost', permission: string, privileged: boolean, scope: string): PersonAccessChange => ({
  email,
  name: email.split('@')[0],
  change: c,
  permission,
  label: permission,
  privileged,
  scope,
  extent: 'here',
  channels: ['ui', 'api'],
  via: { assignmentId: 1, roleId: 'admin', role: 'Admin', assignedAt: scope, sourceFile: 'a.csv', sourceLine: 2 },
});

const access = [
  change('ann@x.example', 'lost', 'users.add', true, 'MSP/Bayside Dental'),
  change('ann@x.example', 'gained', 'reports.view', false, 'MSP/Bayside Dental/Clinic'),
  change('bo@x.example', 'gained', 'reports.view', false, 'MSP/Bayside Dentalworks'),
  change('cy@x.example', 'gained', 'users.add', true, 'MSP'),
];

const snapshot = { id: 1, platform: 'huntress', files: [] } as unknown as NonNullable<ModelDiffAnswer['impact']>['snapshot'];

describe('the filters of a diff', () => {
  it('keep the changes at a tenant or below it, gains or losses, privileged ones, and text', () => {
    expect(filterAccess(access, {})).toBe(access);
    expect(filterAccess(access, { tenant: 'MSP/Bayside Dental' })).toEqual(access.slice(0, 2));
    expect(filterAccess(access, { tenant: 'MSP/Bayside Dental', direction: 'gained' })).toEqual([access[1]]);
    expect(filterAccess(access, { privileged: true, direction: 'gained' })).toEqual([access[3]]);
    expect(filterAccess(access, { search: '  BO ' })).toEqual([access[2]]);
  });

  it('are recorded in the JSON provenance, only those that narrow it', () => {
    const diff = { before: snapshot, after: snapshot, access } as unknown as SnapshotDiff;
    const now = new Date('2026-12-01T00:00:00Z');
    const json = snapshotDiffJson(diff, { tenant: 'MSP/Bayside Dental', direction: 'lost', search: ' ' }, now);
    expect(json.access).toEqual([access[0]]);
    expect(json.provenance.question).toEqual({ kind: 'diff', filters: { tenant: 'MSP/Bayside Dental', direction: 'lost' } });
  });
});

describe('a model diff as files', () => {
  const huntress = getModel('huntress');
  const diff = diffModels(resolveModel(huntress, 'pre-2022-06'), resolveModel(huntress, '2022-06'));
  const answer: ModelDiffAnswer = { diff, impact: { snapshot, access, people: 3, summary: 'test' } };

  it('writes each role grant gained or lost, then the affected people as the filters show them', () => {
    const lines = modelDiffCsv(answer, { tenant: 'MSP/Bayside Dental' }).trim().split(/\r?\n/);
    expect(lines[0]).toBe(DIFF_CSV_HEADER.join(','));
    expect(lines).toContain(
      'role,gained,,,remediation.approve,Approve Assisted Remediation,no,,,ui+api,Admin · organization,,role changed',
    );
    expect(lines.filter((l) => l.startsWith('role,gained,')).length).toBe(diff.roles.reduce((n, r) => n + r.gained.length, 0));
    expect(lines.filter((l) => l.startsWith('access,'))).toHaveLength(2);
  });

  it('records the versions and the filters in the JSON provenance, with the people shown', () => {
    const json = modelDiffJson(answer, new Date(), { privileged: true });
    expect(json.provenance.question.filters).toEqual({ platform: 'huntress', from: 'pre-2022-06', to: '2022-06', privileged: true });
    expect(json.users?.map((u) => u.email)).toEqual(['ann@x.example', 'cy@x.example']);
  });
});
