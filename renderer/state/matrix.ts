// The access matrix at the current scope: its filters and order, its rows fetched a page at a time
// as they come into view (row-pages.ts), and the why behind the cell opened. The back end filters and
// sorts; the view never holds the whole matrix of a big tenancy.
import { createStore } from 'zustand/vanilla';
import type {
  Answered,
  CanAnswer,
  Channel,
  MatrixRow,
  MatrixWindow,
  MatrixWindowRequest,
  SnapshotInfo,
  UserAccess,
} from '../../shared/api';
import type { MatrixCell } from '../../shared/engine/evaluate';
import type { MatrixFilters } from '../../shared/engine/answer-export';
import type { Permission } from '../../shared/model/types';
import type { Client } from '../api/bridge';
import { latest, type Resource } from './resource';
import { createRowPages } from './row-pages';

/** The view's filters: the exported ones, each always set (categories empty shows all; role a name, "Admin"). */
export type ShownFilters = Required<MatrixFilters>;

export type MatrixSort = NonNullable<MatrixWindowRequest['sort']>;

/** What the matrix says besides its rows, from its latest window. */
export type MatrixMeta = Omit<MatrixWindow, 'rows' | 'from'> & { snapshot: SnapshotInfo };

/** A cell opened for its why: whose, which permission, where, and what it showed. */
export interface WhyCell {
  /** Its row and column in the grid, to go back to when the why closes. */
  row: number;
  column: number;
  email: string;
  name: string;
  permission: Permission;
  cell: MatrixCell;
  /** The matrix's scope: null for a top above several roots. */
  scope: string | null;
  channel: Channel | null;
}

/**
 * The why of a cell. At a tenant, what it shows there is the `can` answer (yes with the grants, or no
 * with the reasons); where it shows ◐, or at a top above several roots, it is the person's access
 * tenant by tenant (the contract's `access`), which the view narrows to this permission below the scope.
 */
export type WhyAnswer = { kind: 'can'; can: Answered<CanAnswer> } | { kind: 'access'; access: Answered<UserAccess> };

export interface MatrixWhy {
  cell: WhyCell;
  answer: Resource<WhyAnswer>;
}

export interface MatrixState extends ShownFilters {
  channel: Channel | null;
  sort: MatrixSort;
  why: MatrixWhy | null;
  setChannel(channel: Channel | null): void;
  toggleCategory(category: string): void;
  setCategories(categories: string[]): void;
  setRole(role: string | null): void;
  setSearch(search: string): void;
  setSort(sort: MatrixSort): void;
  clearFilters(): void;
  closeWhy(): void;
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
    why: null,
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
    closeWhy: () => set({ why: null }),
  }));
  const runWhy = latest();
  return Object.assign(filters, {
    rows,
    /** Asks for the matrix as the filters show it (the search as applied: the view debounces typing). */
    load(snapshotId: number, scope: string | null, search: string, force = false) {
      const question = matrixQuestion(snapshotId, scope, filters.getState(), search);
      // Each window repeats what the matrix says besides its rows: while that is the same, it stays the
      // same object, so that the rows already drawn (which take its columns) are not drawn again.
      let held: { json: string; meta: MatrixMeta } | null = null;
      return rows.ask(
        JSON.stringify(question),
        async (from, count) => {
          const { snapshot, answer } = await client.matrixWindow({ ...question, from, count });
          const { rows: page, from: _from, ...rest } = answer;
          const meta = { ...rest, snapshot };
          const json = JSON.stringify(meta);
          if (held?.json !== json) held = { json, meta };
          return { meta: held.meta, total: answer.total, rows: page };
        },
        force,
      );
    },
    /** Opens a cell's why and asks for it. */
    openWhy(snapshotId: number, cell: WhyCell) {
      const { email, permission, scope, channel } = cell;
      const atTheScope = scope !== null && cell.cell !== 'below';
      return runWhy<WhyAnswer>(
        async () =>
          atTheScope
            ? {
                kind: 'can',
                can: await client.can({ snapshotId, email, permission: permission.id, scope, ...(channel ? { channel } : {}) }),
              }
            : { kind: 'access', access: await client.access({ snapshotId, email }) },
        (answer) => {
          // Only while this cell's why is the one open.
          const why = filters.getState().why;
          if (answer.status === 'loading' || why?.cell === cell) filters.setState({ why: { cell, answer } });
        },
      );
    },
  });
}

export type MatrixStore = ReturnType<typeof createMatrixStore>;
