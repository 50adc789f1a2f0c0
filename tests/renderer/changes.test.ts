import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PersonAccessChange, SnapshotDiff } from '../../shared/engine/snapshot-diff';
import { ApiError } from '../../renderer/api/bridge';
import { beforeChoices, beforeOf, createChangesStore, shownDiff } from '../../renderer/state/changes';
import { deferred, fakeClient, snapshot } from './fake-client';

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
  const change = (email: string, name: string, c: 'gained' | 'lost', label: string, privileged: boolean): PersonAccessChange => ({
    email,
    name,
    change: c,
    permission: label.toLowerCase(),
    label,
    privileged,
    scope: 'Northwind MSP/Bayside Dental',
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

  it('narrows access by privilege, direction and text, and people and assignments by text', () => {
    expect(shownDiff(diff, { privileged: true, direction: 'both', search: '' }).access).toEqual([access[0]]);
    expect(shownDiff(diff, { privileged: false, direction: 'gained', search: '' }).access).toEqual([access[2]]);
    const bo = shownDiff(diff, { privileged: false, direction: 'both', search: ' BO ' });
    expect(bo.access).toEqual([access[2]]);
    expect(bo.users.added).toEqual(['b@x.example']);
    expect(shownDiff(diff, { privileged: false, direction: 'both', search: 'bayside' }).access).toEqual(access);
    expect(shownDiff(diff, { privileged: false, direction: 'both', search: 'bayside' }).assignments.added).toEqual([]);
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
