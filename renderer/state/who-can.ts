// "Who can do this, here?": the question (permission, channel, the filter and order; the scope is
// shared) and the answer's entries, fetched a page at a time as they come into view (row-pages.ts).
import { createStore } from 'zustand/vanilla';
import type { Channel, SnapshotInfo, WhoCanWindow, WhoCanWindowRequest } from '../../shared/api';
import type { WhoCanEntry } from '../../shared/engine/evaluate';
import type { Client } from '../api/bridge';
import { createRowPages } from './row-pages';

export type WhoCanSort = NonNullable<WhoCanWindowRequest['sort']>;

/** What the answer says besides its entries, from its latest window. */
export type WhoCanMeta = Omit<WhoCanWindow, 'entries' | 'from'> & { snapshot: SnapshotInfo };

export interface WhoCanState {
  permission: string | null;
  channel: Channel | null;
  /** Also who could give themselves the permission (potential access). */
  potential: boolean;
  search: string;
  sort: WhoCanSort;
  /** Keys of the rows whose "why" chain is open. */
  open: ReadonlySet<string>;
  setPermission(permission: string | null): void;
  setChannel(channel: Channel | null): void;
  setPotential(potential: boolean): void;
  setSearch(search: string): void;
  setSort(sort: WhoCanSort): void;
  toggle(key: string): void;
  reset(): void;
}

export const entryKey = (e: WhoCanEntry) => `${e.potential ? 'potential:' : ''}${e.assignmentId}:${e.scope}`;

/** The question as the back end takes it (the search as the view applied it); null without a permission. */
export function whoCanQuestion(
  snapshotId: number,
  scope: string | null,
  state: Pick<WhoCanState, 'permission' | 'channel' | 'potential' | 'sort'>,
  search: string,
) {
  if (!state.permission) return null;
  return {
    snapshotId,
    permission: state.permission,
    ...(scope ? { scope } : {}),
    ...(state.channel ? { channel: state.channel } : {}),
    ...(state.potential ? { potential: true } : {}),
    ...(search.trim() ? { search: search.trim() } : {}),
    ...(state.sort !== 'name' ? { sort: state.sort } : {}),
  };
}

export function createWhoCanStore(client: Client) {
  const entries = createRowPages<WhoCanEntry, WhoCanMeta>();
  const question = createStore<WhoCanState>()((set, get) => ({
    permission: null,
    channel: null,
    potential: false,
    search: '',
    sort: 'name',
    open: new Set(),
    setPermission: (permission) => set({ permission, search: '', open: new Set() }),
    setChannel: (channel) => set({ channel }),
    setPotential: (potential) => set({ potential }),
    setSearch: (search) => set({ search }),
    setSort: (sort) => set({ sort }),
    toggle: (key) => {
      const open = new Set(get().open);
      if (open.has(key)) open.delete(key);
      else open.add(key);
      set({ open });
    },
    reset: () => set({ permission: null, channel: null, potential: false, search: '', sort: 'name', open: new Set() }),
  }));
  return Object.assign(question, {
    entries,
    /** Asks the question as it stands (nothing without a permission). */
    ask(snapshotId: number, scope: string | null, search: string, force = false) {
      const asked = whoCanQuestion(snapshotId, scope, question.getState(), search);
      if (!asked) return Promise.resolve();
      return entries.ask(
        JSON.stringify(asked),
        async (from, count) => {
          const { snapshot, answer } = await client.whoCanWindow({ ...asked, from, count });
          const { entries: page, from: _from, ...meta } = answer;
          return { meta: { ...meta, snapshot }, total: answer.total, rows: page };
        },
        force,
      );
    },
  });
}

export type WhoCanStore = ReturnType<typeof createWhoCanStore>;
