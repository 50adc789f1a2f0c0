// People in the open snapshot: a searched, paged list; one person's effective access; "Can they…?".
import { createStore } from 'zustand/vanilla';
import type { Answered, CanAnswer, Channel, UserAccess, UsersPage } from '../../shared/api';
import type { Client } from '../api/bridge';
import { latest, type Resource } from './resource';

export const PAGE_SIZE = 50;

/** The page of the list on screen: the service's page, and where it starts. */
export interface ShownPage extends UsersPage {
  offset: number;
}

export interface CanQuestion {
  permission: string | null;
  scope: string | null;
  channel: Channel | null;
}

export interface UsersState {
  search: string;
  offset: number;
  page: Resource<ShownPage>;
  selected: string | null;
  access: Resource<Answered<UserAccess>>;
  question: CanQuestion;
  can: Resource<Answered<CanAnswer>>;
  setSearch(search: string): void;
  setOffset(offset: number): void;
  /** The page of people; with a scope, only those holding a role at that tenant or below. */
  loadPage(snapshotId: number, scope?: string | null): Promise<void>;
  select(email: string | null): void;
  loadAccess(snapshotId: number): Promise<void>;
  setQuestion(question: Partial<CanQuestion>): void;
  askCan(snapshotId: number): Promise<void>;
  reset(): void;
}

export function createUsersStore(client: Client) {
  const runPage = latest();
  const runAccess = latest();
  const runCan = latest();
  const blank = {
    search: '',
    offset: 0,
    page: { status: 'idle' } as Resource<ShownPage>,
    selected: null,
    access: { status: 'idle' } as Resource<Answered<UserAccess>>,
    question: { permission: null, scope: null, channel: null },
    can: { status: 'idle' } as Resource<Answered<CanAnswer>>,
  };
  return createStore<UsersState>()((set, get) => ({
    ...blank,
    setSearch: (search) => set({ search, offset: 0 }),
    setOffset: (offset) => set({ offset: Math.max(0, offset) }),
    loadPage: async (snapshotId, scope = null) => {
      const { search, offset, page } = get();
      const query = search.trim();
      await runPage(
        async () => {
          const { answer } = await client.users({
            snapshotId,
            limit: PAGE_SIZE,
            offset,
            ...(query ? { search: query } : {}),
            ...(scope ? { scope } : {}),
          });
          return { ...answer, offset };
        },
        (resource) => set({ page: resource }),
        page.status === 'ready' ? page.data : undefined,
      );
    },
    select: (email) => set({ selected: email, access: { status: 'idle' }, can: { status: 'idle' } }),
    loadAccess: async (snapshotId) => {
      const email = get().selected;
      if (!email) return;
      await runAccess(
        () => client.access({ snapshotId, email }),
        (access) => set({ access }),
      );
    },
    setQuestion: (question) => set({ question: { ...get().question, ...question }, can: { status: 'idle' } }),
    askCan: async (snapshotId) => {
      const email = get().selected;
      const { permission, scope, channel } = get().question;
      if (!email || !permission || !scope) return;
      await runCan(
        () => client.can({ snapshotId, email, permission, scope, ...(channel ? { channel } : {}) }),
        (can) => set({ can }),
      );
    },
    reset: () => set({ ...blank }),
  }));
}

export type UsersStore = ReturnType<typeof createUsersStore>;
