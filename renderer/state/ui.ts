// Which view is shown (kept in the address with the rest of the view's state, see location.ts), the
// current view's export, a reload counter views listen to, and short notices.
import { createStore } from 'zustand/vanilla';

export const VIEWS = [
  'snapshots',
  'tenants',
  'who-can',
  'users',
  'matrix',
  'roles',
  'changes',
  'what-if',
  'findings',
  'reviews',
  'reports',
] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_TITLES: Record<ViewId, string> = {
  snapshots: 'Snapshots',
  tenants: 'Tenants',
  'who-can': 'Who can',
  users: 'Users',
  matrix: 'Access matrix',
  roles: 'Roles',
  changes: 'Changes',
  'what-if': 'What if',
  findings: 'Findings',
  reviews: 'Reviews',
  reports: 'Reports',
};

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'success' | 'error';
}

export interface UiState {
  view: ViewId;
  /** Bumped by "Reload": views that load data ask again. */
  reloadTick: number;
  /** What "Export" does in the current view (null: nothing to export here). */
  exporter: (() => Promise<void> | void) | null;
  notice: Notice | null;
  setView(view: ViewId): void;
  reload(): void;
  setExporter(exporter: (() => Promise<void> | void) | null): void;
  notify(text: string, tone?: Notice['tone']): void;
  dismissNotice(): void;
}

export function createUiStore(initial: ViewId = 'snapshots') {
  let noticeId = 0;
  return createStore<UiState>()((set) => ({
    view: initial,
    reloadTick: 0,
    exporter: null,
    notice: null,
    setView: (view) => set({ view }),
    reload: () => set((s) => ({ reloadTick: s.reloadTick + 1 })),
    setExporter: (exporter) => set({ exporter }),
    notify: (text, tone = 'info') => set({ notice: { id: ++noticeId, text, tone } }),
    dismissNotice: () => set({ notice: null }),
  }));
}

export type UiStore = ReturnType<typeof createUiStore>;
