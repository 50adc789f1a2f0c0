import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModelInfo } from '../../shared/api';
import type { PersonAccessChange, SnapshotDiff } from '../../shared/engine/snapshot-diff';
import { ApiError } from '../../renderer/api/bridge';
import {
  beforeChoices,
  beforeOf,
  cellKey,
  changeMatrix,
  createChangesStore,
  fitsPlatform,
  MODEL_FILE,
  modelPair,
  shownDiff,
  type ChangeFilters,
} from '../../renderer/state/changes';
import { NO_MODEL_FILE } from '../../renderer/state/model-file';
import { OWN_MODEL_FILE } from '../../renderer/state/models';
import { deferred, fakeClient, huntress, snapshot } from './fake-client';

describe('the Before of a comparison', () => {
  const list = [snapshot(1), snapshot(2), snapshot(3, { platform: 'hyas-protect' }), snapshot(4)];

  it('offers only the same platform’s other snapshots, and takes the newest earlier one by default', () => {
    expect(beforeChoices(list, list[3]).map((s) => s.id)).toEqual([2, 1]);
    expect(beforeOf(list, list[3], null)?.id).toBe(2);
    expect(beforeOf(list, list[3], 1)?.id).toBe(1);
    // Another platform's snapshot, or none earlier, is no Before unless a later one is picked.
    expect(beforeOf(list, list[3], 3)?.id).toBe(2);
    expect(beforeOf(list, list[0], null)).toBeUndefined();
    expect(beforeOf(list, list[0], 4)?.id).toBe(4);
  });
});

describe('what the filters show', () => {
  const change = (
    email: string,
    name: string,
    c: 'gained' | 'lost',
    label: string,
    privileged: boolean,
    scope = 'Northwind MSP/Bayside Dental',
  ): PersonAccessChange => ({
    email,
    name,
    change: c,
    permission: label.toLowerCase(),
    label,
    privileged,
    scope,
    extent: 'here',
    channels: ['ui', 'api'],
    via: {
      assignmentId: 1,
      roleId: 'admin',
      role: 'Admin',
      assignedAt: 'Northwind MSP/Bayside Dental',
      sourceFile: 'a.csv',
      sourceLine: 2,
    },
  });
  const access = [
    change('a@x.example', 'Ann', 'lost', 'Add users', true),
    change('a@x.example', 'Ann', 'lost', 'View Reports', false),
    change('b@x.example', 'Bo', 'gained', 'View Reports', false),
  ];
  const diff = {
    users: { added: ['b@x.example'], removed: [], changed: [] },
    assignments: { added: [{ email: 'b@x.example', name: 'Bo', roleId: 'user', role: 'User', path: 'Northwind MSP' }], removed: [] },
    access,
  } as unknown as SnapshotDiff;
  const none: ChangeFilters = { privileged: false, direction: 'both', search: '', tenant: null };

  it('narrows access by privilege, direction and text, and people and assignments by text', () => {
    expect(shownDiff(diff, { ...none, privileged: true }).access).toEqual([access[0]]);
    expect(shownDiff(diff, { ...none, direction: 'gained' }).access).toEqual([access[2]]);
    const bo = shownDiff(diff, { ...none, search: ' BO ' });
    expect(bo.access).toEqual([access[2]]);
    expect(bo.users.added).toEqual(['b@x.example']);
    expect(shownDiff(diff, { ...none, search: 'bayside' }).access).toEqual(access);
    expect(shownDiff(diff, { ...none, search: 'bayside' }).assignments.added).toEqual([]);
  });

  it('with a tenant, shows only the changes made at it or below it, and the people and assignments there', () => {
    const wide = {
      ...diff,
      users: { added: ['b@x.example', 'c@x.example'], removed: [], changed: [] },
      access: [
        ...access,
        change('c@x.example', 'Cy', 'gained', 'View Reports', false, 'Northwind MSP'),
        change('c@x.example', 'Cy', 'gained', 'Add users', true, 'Northwind MSP/Bayside Dental Group'),
      ],
    } as SnapshotDiff;
    const bayside = shownDiff(wide, { ...none, tenant: 'Northwind MSP/Bayside Dental' });
    // A tenant whose name only begins like the one picked is not below it.
    expect(bayside.access).toEqual(access);
    expect(bayside.assignments.added).toEqual([]);
    expect(bayside.users.added).toEqual(['b@x.example']);
    // The whole MSP: every change, and the assignment made at it.
    const msp = shownDiff(wide, { ...none, tenant: 'Northwind MSP' });
    expect(msp.access).toEqual(wide.access);
    expect(msp.assignments.added).toHaveLength(1);
    expect(msp.users.added).toEqual(['b@x.example', 'c@x.example']);
    // With the other filters: Bayside's gains are Bo's.
    expect(shownDiff(wide, { ...none, tenant: 'Northwind MSP/Bayside Dental', direction: 'gained' }).access).toEqual([access[2]]);
  });

  it('makes a matrix of the changed cells: people in order, privileged permissions first, each cell with its changes', () => {
    const matrix = changeMatrix([...access, change('b@x.example', 'Bo', 'gained', 'View Reports', false, 'Northwind MSP/Harbor Law')]);
    expect(matrix.people.map((p) => p.name)).toEqual(['Ann', 'Bo']);
    expect(matrix.columns.map((c) => c.label)).toEqual(['Add users', 'View Reports']);
    expect(matrix.cells.get(cellKey('b@x.example', 'view reports'))?.map((c) => c.scope)).toEqual([
      'Northwind MSP/Bayside Dental',
      'Northwind MSP/Harbor Law',
    ]);
    // Only changed cells: Bo did not change on Add users.
    expect(matrix.cells.has(cellKey('b@x.example', 'add users'))).toBe(false);
  });
});

describe('the model versions compared', () => {
  const own = snapshot(1, { model: { origin: 'user', name: 'Huntress', sha256: 'ab'.repeat(32), fileName: 'huntress.json' } });
  const noFiles = { from: NO_MODEL_FILE, to: NO_MODEL_FILE };
  const picked = (modelFrom: string | null, modelTo: string | null, modelFiles = noFiles) => ({ modelFrom, modelTo, modelFiles });

  it('are the first and the newest version unless others are picked', () => {
    expect(modelPair(huntress, snapshot(1), picked(null, null))).toEqual({ from: 'pre-2022-06', to: '2022-06', forgotten: [] });
    expect(modelPair(huntress, snapshot(1), picked('2022-06', 'pre-2022-06'))).toMatchObject({ from: '2022-06', to: 'pre-2022-06' });
    // A version the platform lacks (an old link) is not picked.
    expect(modelPair(huntress, snapshot(1), picked('1999', null))).toMatchObject({ from: 'pre-2022-06', to: '2022-06' });
  });

  it("offer the snapshot's own model file as the later side only when it was read with one", () => {
    expect(modelPair(huntress, own, picked('2022-06', OWN_MODEL_FILE))).toMatchObject({ from: '2022-06', to: OWN_MODEL_FILE });
    expect(modelPair(huntress, snapshot(1), picked(null, OWN_MODEL_FILE))?.to).toBe('2022-06');
  });

  it('take the model file picked for a side; after a reload, with the file gone, that side is a built-in version again, and says so', () => {
    const file = { path: '/up/huntress-2026-10.json', name: 'huntress-2026-10.json' };
    const files = { from: NO_MODEL_FILE, to: { ...NO_MODEL_FILE, file } };
    expect(modelPair(huntress, snapshot(1), picked('2022-06', MODEL_FILE, files))).toEqual({ from: '2022-06', to: file, forgotten: [] });
    expect(modelPair(huntress, snapshot(1), picked(MODEL_FILE, MODEL_FILE))).toEqual({
      from: 'pre-2022-06',
      to: '2022-06',
      forgotten: ['from', 'to'],
    });
  });
});

describe('a model file picked for a side of the comparison', () => {
  const file = { path: '/up/huntress-2026-10.json', name: 'huntress-2026-10.json' };
  const model = (platform: string) => ({ platform: { id: platform, name: platform }, version: { id: '2026-10' } }) as ModelInfo;

  it('is read at once, becomes that side, and is compared only when it models the platform', async () => {
    const client = fakeClient({ pickModelFile: () => file, model: () => model('huntress') });
    const changes = createChangesStore(client);
    await changes.getState().pickModelFile('to');
    expect(client.calls.at(-1)).toEqual({ method: 'model', argument: { model: file } });
    expect(changes.getState()).toMatchObject({ modelFrom: null, modelTo: MODEL_FILE });
    const pick = changes.getState().modelFiles.to;
    expect(pick).toMatchObject({ file, picking: false, model: { status: 'ready' } });
    expect(fitsPlatform(pick, 'huntress')).toBe(true);
    expect(fitsPlatform(pick, 'hyas-protect')).toBe(false);
    expect(changes.getState().modelFiles.from).toEqual(NO_MODEL_FILE);
  });

  it('keeps the side as it was when the picker is cancelled, and keeps the problems of a broken file', async () => {
    const problems = [{ file: 'huntress-draft.json', line: 12, message: 'roles[0].grants[4].permission: unknown permission "x"' }];
    const client = fakeClient({ pickModelFile: () => null });
    const changes = createChangesStore(client);
    changes.getState().setView({ modelFrom: '2022-06' });
    await changes.getState().pickModelFile('from');
    expect(changes.getState()).toMatchObject({ modelFrom: '2022-06', modelFiles: { from: NO_MODEL_FILE } });

    client.handlers.pickModelFile = () => file;
    client.handlers.model = () => {
      throw new ApiError('input', 'the model file has 1 problem', problems);
    };
    await changes.getState().pickModelFile('from');
    const { model: read } = changes.getState().modelFiles.from;
    expect(read.status === 'error' && read.error.problems).toEqual(problems);
    expect(fitsPlatform(changes.getState().modelFiles.from, 'huntress')).toBe(false);
  });
});

describe('a comparison that runs', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('follows how far the back end has got; Cancel stops it, and it stays stopped until compared again', async () => {
    vi.useFakeTimers();
    const running = deferred<SnapshotDiff>();
    const client = fakeClient({
      diffSnapshots: () => running.promise,
      diffProgress: () => ({ done: 120_000, total: 1_000_000 }),
      cancelDiff: () => {
        running.reject(new ApiError('cancelled', 'the comparison was cancelled'));
        return { cancelled: true };
      },
    });
    const changes = createChangesStore(client);
    const asked = changes.ask(1, 2);
    await vi.advanceTimersByTimeAsync(200);
    expect(changes.getState().progress).toEqual({ done: 120_000, total: 1_000_000 });

    const asks = (method: string) => client.calls.filter((c) => c.method === method);
    const { diffId } = asks('diffSnapshots')[0].argument as { diffId: string };
    expect(asks('diffProgress')[0].argument).toEqual({ diffId });
    changes.cancel();
    await asked;
    expect(asks('cancelDiff').map((c) => c.argument)).toEqual([{ diffId }]);
    expect(changes.getState().diff).toMatchObject({ status: 'error', error: { kind: 'cancelled' } });
    const polled = asks('diffProgress').length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(asks('diffProgress')).toHaveLength(polled); // no longer followed

    // Coming back to the view leaves it cancelled; Compare again (a forced ask) compares anew.
    await changes.ask(1, 2);
    expect(asks('diffSnapshots')).toHaveLength(1);
    const diff = { summary: 'nobody gains access, nobody loses any; 0 added, 0 removed' } as SnapshotDiff;
    client.handlers.diffSnapshots = () => diff;
    await changes.ask(1, 2, true);
    expect(changes.getState().diff).toEqual({ status: 'ready', data: diff });
    expect((asks('diffSnapshots')[1].argument as { diffId: string }).diffId).not.toBe(diffId);
  });

  it('cancels a comparison still running when another pair is asked', async () => {
    const running = deferred<SnapshotDiff>();
    const client = fakeClient({ diffSnapshots: () => running.promise, cancelDiff: () => ({ cancelled: true }) });
    const changes = createChangesStore(client);
    void changes.ask(1, 2);
    const { diffId } = client.calls[0].argument as { diffId: string };
    client.handlers.diffSnapshots = () => ({ summary: 'none' }) as SnapshotDiff;
    await changes.ask(3, 2);
    expect(client.calls.filter((c) => c.method === 'cancelDiff').map((c) => c.argument)).toEqual([{ diffId }]);
    expect(changes.getState()).toMatchObject({ key: '3:2', diff: { status: 'ready' } });
  });
});
