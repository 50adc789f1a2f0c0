// "What changed since the last review?": two snapshots of one platform compared (the open one is
// After), the diff, the filters that narrow it, and which changes have their why open.
import { createStore } from 'zustand/vanilla';
import type { DiffProgress, SnapshotInfo } from '../../shared/api';
import type { SnapshotDiff } from '../../shared/engine/snapshot-diff';
import type { Client } from '../api/bridge';
import { pollProgress } from './progress';
import { latest, type Resource } from './resource';

export type Direction = 'both' | 'gained' | 'lost';

export interface ChangeFilters {
  privileged: boolean;
  direction: Direction;
  search: string;
}

export interface ChangesState extends ChangeFilters {
  /** The Before snapshot the user picked (null: the newest earlier one, see beforeOf). */
  before: number | null;
  /** The pair the diff answers ("before:after"), and the diff. */
  key: string | null;
  diff: Resource<SnapshotDiff>;
  /** While the diff runs: how far the back end has got (null until it first says). */
  progress: DiffProgress | null;
  /** Keys of the changes whose why is open. */
  open: ReadonlySet<string>;
  setBefore(before: number | null): void;
  setFilters(filters: Partial<ChangeFilters>): void;
  toggle(key: string): void;
}

/** Snapshots a Before can be for an After: the same platform's others, newest first. */
export function beforeChoices(list: readonly SnapshotInfo[], after: SnapshotInfo): SnapshotInfo[] {
  return list
    .filter((s) => s.platform === after.platform && s.id !== after.id)
    .sort((a, b) => b.importedAt.localeCompare(a.importedAt) || b.id - a.id);
}

/** The Before compared with an After: the one picked if it may be, else the newest earlier snapshot of the platform. */
export function beforeOf(list: readonly SnapshotInfo[], after: SnapshotInfo, picked: number | null): SnapshotInfo | undefined {
  const choices = beforeChoices(list, after);
  const earlier = (s: SnapshotInfo) => s.importedAt < after.importedAt || (s.importedAt === after.importedAt && s.id < after.id);
  return choices.find((s) => s.id === picked) ?? choices.find(earlier);
}

/** The diff as the filters show it: access changes by privilege, direction and text; people and assignments by text. */
export function shownDiff(diff: SnapshotDiff, { privileged, direction, search }: ChangeFilters): SnapshotDiff {
  const words = search.trim().toLowerCase();
  const matches = (...texts: string[]) => words === '' || texts.some((t) => t.toLowerCase().includes(words));
  const names = new Map(diff.access.map((c) => [c.email, c.name]));
  const person = (email: string) => matches(email, names.get(email) ?? '');
  return {
    ...diff,
    users: {
      added: diff.users.added.filter(person),
      removed: diff.users.removed.filter(person),
      changed: diff.users.changed.filter((u) => matches(u.email, u.name)),
    },
    assignments: {
      added: diff.assignments.added.filter((a) => matches(a.email, a.name, a.role, a.path)),
      removed: diff.assignments.removed.filter((a) => matches(a.email, a.name, a.role, a.path)),
    },
    access: diff.access.filter(
      (c) =>
        (!privileged || c.privileged) &&
        (direction === 'both' || c.change === direction) &&
        matches(c.email, c.name, c.label, c.permission, c.scope),
    ),
  };
}

export function createChangesStore(client: Client) {
  const run = latest();
  const store = createStore<ChangesState>()((set, get) => ({
    before: null,
    privileged: false,
    direction: 'both',
    search: '',
    key: null,
    diff: { status: 'idle' },
    progress: null,
    open: new Set(),
    setBefore: (before) => set({ before }),
    setFilters: (filters) => set(filters),
    toggle: (key) => {
      const open = new Set(get().open);
      if (open.has(key)) open.delete(key);
      else open.add(key);
      set({ open });
    },
  }));
  /** The id of the diff the back end runs for the latest ask, while it runs. */
  let running: string | null = null;
  const cancel = () => {
    if (running) void client.cancelDiff({ diffId: running }).catch(() => undefined);
  };
  return Object.assign(store, {
    /**
     * Compares two snapshots (again with `force`), following its progress; an answer for another pair
     * is dropped by `latest`, and a diff still running for it is cancelled. A cancelled diff stays
     * so until asked again with `force`.
     */
    ask(before: number, after: number, force = false) {
      const key = `${before}:${after}`;
      const s = store.getState();
      const cancelled = s.diff.status === 'error' && s.diff.error.kind === 'cancelled';
      if (!force && s.key === key && s.diff.status !== 'idle' && (s.diff.status !== 'error' || cancelled)) return Promise.resolve();
      if (s.key !== key) store.setState({ key, open: new Set() });
      cancel();
      const diffId = crypto.randomUUID();
      running = diffId;
      store.setState({ progress: null });
      const stop = pollProgress(
        () => client.diffProgress({ diffId }),
        (progress) => {
          if (running === diffId) store.setState({ progress });
        },
      );
      return run(
        () => client.diffSnapshots({ before, after, diffId }),
        (diff) => store.setState({ diff }),
      ).finally(() => {
        stop();
        if (running === diffId) running = null;
      });
    },
    /** Stops the diff that runs: it lands as a `cancelled` error. */
    cancel,
  });
}

export type ChangesStore = ReturnType<typeof createChangesStore>;
