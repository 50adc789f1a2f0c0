// "Who can do this, here?": the question (permission, channel, the filter and order; the scope is
// shared) and the answer's entries, fetched a page at a time as they come into view (row-pages.ts).
import { createStore } from 'zustand/vanilla';
import type { Channel, ModelInfo, SnapshotInfo, WhoCanWindow, WhoCanWindowRequest } from '../../shared/api';
import type { WhoCanEntry } from '../../shared/engine/evaluate';
import type { Client } from '../api/bridge';
import { createRowPages, PAGE_ROWS, type Page } from './row-pages';

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

const folded = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/** The permission whose name the text is (case and spacing aside), when exactly one is; else null. */
export function permissionNamed(model: Pick<ModelInfo, 'permissions'>, text: string): string | null {
  const wanted = folded(text);
  if (!wanted) return null;
  const named = model.permissions.filter((p) => folded(p.label) === wanted);
  return named.length === 1 ? named[0].id : null;
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
  type Asked = NonNullable<ReturnType<typeof whoCanQuestion>>;
  const fetchWindow = async (asked: Asked, from: number, count: number): Promise<Page<WhoCanEntry, WhoCanMeta>> => {
    const { snapshot, answer } = await client.whoCanWindow({ ...asked, from, count });
    const { entries: page, from: _from, ...meta } = answer;
    return { meta: { ...meta, snapshot }, total: answer.total, rows: page };
  };
  // The first page of a question asked before it was chosen (prefetch), kept for that one question.
  let early: { key: string; page: Promise<Page<WhoCanEntry, WhoCanMeta>> } | null = null;

  return Object.assign(question, {
    entries,
    /** Asks the question as it stands (nothing without a permission). */
    ask(snapshotId: number, scope: string | null, search: string, force = false) {
      const asked = whoCanQuestion(snapshotId, scope, question.getState(), search);
      if (!asked) return Promise.resolve();
      const key = JSON.stringify(asked);
      return entries.ask(
        key,
        (from, count) => {
          const fetched = early;
          early = null;
          if (!force && fetched?.key === key && from === 0 && count === PAGE_ROWS)
            return fetched.page.catch(() => fetchWindow(asked, from, count));
          return fetchWindow(asked, from, count);
        },
        force,
      );
    },
    /**
     * Fetches the first page of the question as it would be with this permission chosen, while the
     * person is still in the picker (the typed text names exactly that permission): choosing it then
     * shows rows at once instead of waiting for a million-grant answer.
     */
    prefetch(snapshotId: number, scope: string | null, permission: string) {
      const asked = whoCanQuestion(snapshotId, scope, { ...question.getState(), permission }, '');
      if (!asked || permission === question.getState().permission) return;
      const key = JSON.stringify(asked);
      if (early?.key === key) return;
      const page = fetchWindow(asked, 0, PAGE_ROWS);
      page.catch(() => undefined);
      early = { key, page };
    },
  });
}

export type WhoCanStore = ReturnType<typeof createWhoCanStore>;
