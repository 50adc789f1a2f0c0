// The tenant tree of the open snapshot: which nodes are expanded, and the rows that are visible.
import { createStore } from 'zustand/vanilla';
import type { TreeNode } from '../../shared/api';
import type { Client } from '../api/bridge';
import { latest, type Resource } from './resource';

export interface TreeState {
  snapshotId: number | null;
  nodes: Resource<TreeNode[]>;
  expanded: ReadonlySet<number>;
  filter: string;
  load(snapshotId: number, force?: boolean): Promise<void>;
  toggle(id: number, open?: boolean): void;
  /** Expands every ancestor of the node at the path, so it can be shown. */
  reveal(path: string): void;
  expandAll(): void;
  collapseAll(): void;
  setFilter(filter: string): void;
}

export interface TreeRow {
  node: TreeNode;
  /** Indent: 0 for roots. */
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
}

export interface TreeIndex {
  byId: Map<number, TreeNode>;
  byPath: Map<string, TreeNode>;
  roots: TreeNode[];
}

const byName = (a: TreeNode, b: TreeNode) => a.name.localeCompare(b.name);

export function indexTree(nodes: TreeNode[]): TreeIndex {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const byPath = new Map(nodes.map((n) => [n.path, n]));
  const roots = nodes.filter((n) => n.parentId === null || !byId.has(n.parentId)).sort(byName);
  return { byId, byPath, roots };
}

/**
 * The rows to draw, depth first. With a filter, the nodes whose name or path contains it, shown with
 * their ancestors (expanded) so each match is seen in place.
 */
export function visibleRows(index: TreeIndex, expanded: ReadonlySet<number>, filter = ''): TreeRow[] {
  const needle = filter.trim().toLowerCase();
  let keep: Set<number> | null = null;
  if (needle) {
    keep = new Set();
    for (const node of index.byId.values()) {
      if (!node.name.toLowerCase().includes(needle)) continue;
      for (let n: TreeNode | undefined = node; n && !keep.has(n.id); n = n.parentId === null ? undefined : index.byId.get(n.parentId)) {
        keep.add(n.id);
      }
    }
  }
  const rows: TreeRow[] = [];
  const children = (node: TreeNode) =>
    node.childIds.map((id) => index.byId.get(id)).filter((n): n is TreeNode => n !== undefined && (!keep || keep.has(n.id)));
  const walk = (node: TreeNode, depth: number) => {
    const kids = children(node);
    const open = keep ? kids.length > 0 : expanded.has(node.id);
    rows.push({ node, depth, hasChildren: node.childIds.length > 0, expanded: open && node.childIds.length > 0 });
    if (open) for (const child of kids.sort(byName)) walk(child, depth + 1);
  };
  for (const root of index.roots) if (!keep || keep.has(root.id)) walk(root, 0);
  return rows;
}

export function createTreeStore(client: Client) {
  const run = latest();
  return createStore<TreeState>()((set, get) => ({
    snapshotId: null,
    nodes: { status: 'idle' },
    expanded: new Set(),
    filter: '',

    load: async (snapshotId, force = false) => {
      const state = get();
      if (!force && state.snapshotId === snapshotId && (state.nodes.status === 'ready' || state.nodes.status === 'loading')) return;
      const fresh = state.snapshotId !== snapshotId;
      set({ snapshotId, ...(fresh ? { expanded: new Set<number>(), filter: '' } : {}) });
      const result = await run(
        async () => (await client.tree({ snapshotId })).answer,
        (nodes) => set({ nodes }),
      );
      // Roots start open: the first level is what people look for.
      if (result.status === 'ready' && fresh) {
        set({ expanded: new Set(result.data.filter((n) => n.parentId === null).map((n) => n.id)) });
      }
    },

    toggle: (id, open) => {
      const expanded = new Set(get().expanded);
      const next = open ?? !expanded.has(id);
      if (next) expanded.add(id);
      else expanded.delete(id);
      set({ expanded });
    },

    reveal: (path) => {
      const nodes = get().nodes;
      if (nodes.status !== 'ready') return;
      const index = indexTree(nodes.data);
      const expanded = new Set(get().expanded);
      let node = index.byPath.get(path);
      while (node && node.parentId !== null) {
        expanded.add(node.parentId);
        node = index.byId.get(node.parentId);
      }
      set({ expanded });
    },

    expandAll: () => {
      const nodes = get().nodes;
      if (nodes.status === 'ready') set({ expanded: new Set(nodes.data.filter((n) => n.childIds.length > 0).map((n) => n.id)) });
    },

    collapseAll: () => set({ expanded: new Set() }),

    setFilter: (filter) => set({ filter }),
  }));
}

export type TreeStore = ReturnType<typeof createTreeStore>;
