// The access matrix at the current scope, and the filters over it (done here, not by the host: the
// matrix is fetched once per scope and channel, and filtering 100,000 rows is a few milliseconds).
import { createStore } from 'zustand/vanilla';
import type { AccessMatrix, Answered, Channel } from '../../shared/api';
import type { MatrixFilters } from '../../shared/engine/answer-export';
import type { Client } from '../api/bridge';
import { latest, type Resource } from './resource';

/** The view's filters: the exported ones, each always set (categories empty shows all; role a name, "Admin"). */
export type ShownFilters = Required<MatrixFilters>;

export interface MatrixState extends ShownFilters {
  channel: Channel | null;
  /** What the matrix was asked for, so a view knows when to ask again. */
  asked: { snapshotId: number; scope: string | null; channel: Channel | null } | null;
  matrix: Resource<Answered<AccessMatrix>>;
  load(snapshotId: number, scope: string | null, force?: boolean): Promise<void>;
  setChannel(channel: Channel | null): void;
  toggleCategory(category: string): void;
  setCategories(categories: string[]): void;
  setRole(role: string | null): void;
  setSearch(search: string): void;
  clearFilters(): void;
}

/** "Admin @ Northwind MSP/Bayside Dental" → "Admin". */
export const roleName = (assignment: string) => assignment.replace(/ @ .*$/s, '');

export function matrixRoles(matrix: AccessMatrix): string[] {
  const names = new Set<string>();
  for (const row of matrix.rows) for (const r of row.roles) names.add(roleName(r));
  return [...names].sort((a, b) => a.localeCompare(b));
}

export function matrixCategories(matrix: AccessMatrix): string[] {
  return [...new Set(matrix.permissions.map((p) => p.category))];
}

/** The matrix as the filters show it: fewer columns (categories) and rows (role, text). */
export function filterMatrix(matrix: AccessMatrix, filters: ShownFilters): AccessMatrix {
  const categories = new Set(filters.categories);
  const columns: number[] = [];
  matrix.permissions.forEach((p, i) => {
    if (categories.size === 0 || categories.has(p.category)) columns.push(i);
  });
  const needle = filters.search.trim().toLowerCase();
  const everyColumn = columns.length === matrix.permissions.length;
  const rows = matrix.rows
    .filter((row) => !filters.role || row.roles.some((r) => roleName(r) === filters.role))
    .filter((row) => !needle || row.email.toLowerCase().includes(needle) || row.name.toLowerCase().includes(needle))
    .map((row) => (everyColumn ? row : { ...row, cells: columns.map((i) => row.cells[i]) }));
  return { scope: matrix.scope, permissions: columns.map((i) => matrix.permissions[i]), rows };
}

export function createMatrixStore(client: Client) {
  const run = latest();
  return createStore<MatrixState>()((set, get) => ({
    categories: [],
    role: null,
    search: '',
    channel: null,
    asked: null,
    matrix: { status: 'idle' },
    load: async (snapshotId, scope, force = false) => {
      const { asked, channel, matrix } = get();
      if (!force && asked && asked.snapshotId === snapshotId && asked.scope === scope && asked.channel === channel && matrix.status !== 'error') return;
      if (asked && asked.snapshotId !== snapshotId) set({ categories: [], role: null, search: '' });
      set({ asked: { snapshotId, scope, channel } });
      await run(
        () => client.matrix({ snapshotId, ...(scope ? { scope } : {}), ...(channel ? { channel } : {}) }),
        (resource) => set({ matrix: resource }),
      );
    },
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
    clearFilters: () => set({ categories: [], role: null, search: '' }),
  }));
}

export type MatrixStore = ReturnType<typeof createMatrixStore>;
