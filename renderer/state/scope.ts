// The tenant node the views look at (null: every tenant). Set in the tree or the breadcrumb.
import { createStore } from 'zustand/vanilla';

export interface ScopeState {
  path: string | null;
  setScope(path: string | null): void;
}

export function createScopeStore() {
  return createStore<ScopeState>()((set) => ({
    path: null,
    setScope: (path) => set({ path: path && path.trim() !== '' ? path : null }),
  }));
}

export type ScopeStore = ReturnType<typeof createScopeStore>;
