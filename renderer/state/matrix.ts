// The access matrix at the current scope: its filters and order, and its rows fetched a page at a
// time as they come into view (row-pages.ts). The back end filters and sorts; the view never holds
// the whole matrix of a big tenancy.
import { createStore } from 'zustand/vanilla';
import type { Channel, MatrixRow, MatrixWindow, MatrixWindowRequest, SnapshotInfo } from '../../shared/api';
import type { MatrixFilters } from '../../shared/engine/answer-export';
import type { Client } from '../api/bridge';
import { createRowPages } from './row-pages';

/** The view's filters: the exported ones, each always set (categories empty shows all; role a name, "Admin"). */
export type ShownFilters = Required<MatrixFilters>;

export type MatrixSort = NonNullable<MatrixWindowRequest['sort']>;

/** What the matrix says besides its rows, from its latest window. */
export type MatrixMeta = Omit<MatrixWindow, 'rows' | 'from'> & { snapshot: SnapshotInfo };

export interface MatrixState extends ShownFilters {
  channel: Channel | null;
  sort: MatrixSort;
  setChannel(channel: Channel | null): void;
  toggleCategory(category: string): void;
  setCategories(categories: string[]): void;
  setRole(role: string | null): void;
  setSearch(search: string): void;
  setSort(sort: MatrixSort): void;
  clearFilters(): void;
}

/** "Admin @ Northwind MSP/Bayside Dental" → "Admin". */
export const roleName = (assignment: string) => assignment.replace(/ @ .*$/s, '');

/** The question the rows answer, as the back end takes it (the search as the view applied it). */
export function matrixQuestion(
  snapshotId: number,
  scope: string | null,
  state: Pick<MatrixState, 'channel' | 'categories' | 'role' | 'sort'>,
  search: string,
) {
  return {
    snapshotId,
    ...(scope ? { scope } : {}),
    ...(state.channel ? { channel: state.channel } : {}),
    ...(state.categories.length > 0 ? { categories: state.categories } : {}),
    ...(state.role ? { role: state.role } : {}),
    ...(search.trim() ? { search: search.trim() } : {}),
    ...(state.sort !== 'name' ? { sort: state.sort } : {}),
  };
}

export function createMatrixStore(client: Client) {
  const rows = createRowPages<MatrixRow, MatrixMeta>();
  const filters = createStore<MatrixState>()((set, get) => ({
    categories: [],
    role: null,
    search: '',
    channel: null,
    sort: 'name',
    setChannel: (channel) => set({ channel }),
    toggleCategory: (category) => {
      const categories = get().categories.includes(category)
        ? get().categories.filter((c) => c !== category)
        : [...get().categories, category];
      set({ categories });
    },
    setCategories: (categories) => set({ categories }),
    setRole: (role) => set({ role }),
    setSearch: (search) => set({ search }),
    setSort: (sort) => set({ sort }),
    clearFilters: () => set({ categories: [], role: null, search: '' }),
  }));
  return Object.assign(filters, {
    rows,
    /** Asks for the matrix as the filters show it (the search as applied: the view debounces typing). */
    load(snapshotId: number, scope: string | null, search: string, force = false) {
      const question = matrixQuestion(snapshotId, scope, filters.getState(), search);
      return rows.ask(
        JSON.stringify(question),
        async (from, count) => {
          const { snapshot, answer } = await client.matrixWindow({ ...question, from, count });
          const { rows: page, from: _from, ...meta } = answer;
          return { meta: { ...meta, snapshot }, total: answer.total, rows: page };
        },
        force,
      );
    },
  });
}

export type MatrixStore = ReturnType<typeof createMatrixStore>;
