// "What changed since the last review?": two snapshots of one platform compared (the open one is
// After), or two versions of its role model (whom the change affects in the open snapshot); the
// diff, the filters that narrow it, how the changes are shown, and which have their why open.
import { createStore } from 'zustand/vanilla';
import type { DiffProgress, PlatformSummary, SnapshotInfo } from '../../shared/api';
import { filterAccess, matchesSearch, type DiffFilters } from '../../shared/engine/diff-export';
import type { PersonAccessChange, SnapshotDiff } from '../../shared/engine/snapshot-diff';
import { isWithin } from '../../shared/paths';
import type { Client } from '../api/bridge';
import { modelFilePicker, NO_MODEL_FILE, type ModelFilePick } from './model-file';
import { OWN_MODEL_FILE, type VersionOrFile } from './models';
import { pollProgress } from './progress';
import { latest, type Resource } from './resource';

export type Direction = 'both' | 'gained' | 'lost';
/** What is compared: two snapshots, or two versions of the role model (on the open snapshot's people). */
export type CompareMode = 'snapshots' | 'model';
export type Grouping = 'person' | 'permission';
export type ChangesLayout = 'list' | 'matrix';
/** The earlier and the later side of a model comparison. */
export type ModelEnd = 'from' | 'to';

/** A side of the model comparison that is the model file the user picked for it (kept in the store: a link cannot carry a file). */
export const MODEL_FILE = '#file';

export interface ChangeFilters {
  privileged: boolean;
  direction: Direction;
  search: string;
  /** Only changes at this tenant (its path) or below it; null: everywhere. */
  tenant: string | null;
}

/** A cell of the matrix of changes: a person and a permission. */
export interface ChangeCell {
  email: string;
  permission: string;
}

export interface ChangesState extends ChangeFilters {
  compare: CompareMode;
  /** The model versions compared (null: the first and the newest); either may be MODEL_FILE, `to` OWN_MODEL_FILE. */
  modelFrom: string | null;
  modelTo: string | null;
  /** The model file picked for each side. */
  modelFiles: Record<ModelEnd, ModelFilePick>;
  grouping: Grouping;
  layout: ChangesLayout;
  /** The matrix's cell whose changes are shown below it. */
  cell: ChangeCell | null;
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
  /** What is compared, and how the changes are shown. */
  setView(view: Partial<Pick<ChangesState, 'compare' | 'modelFrom' | 'modelTo' | 'grouping' | 'layout' | 'cell'>>): void;
  toggle(key: string): void;
  /** Lets the user pick a model file for a side, and reads it; once picked, that side is the file. */
  pickModelFile(end: ModelEnd): Promise<void>;
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

/** The filters as the shared diff code takes them (and records them in an export's provenance). */
export function diffFilters({ privileged, direction, search, tenant }: ChangeFilters): DiffFilters {
  return {
    ...(privileged ? { privileged } : {}),
    ...(direction === 'both' ? {} : { direction }),
    ...(tenant ? { tenant } : {}),
    ...(search.trim() ? { search } : {}),
  };
}

/** The access changes the filters show: by privilege, direction, tenant (at it or below) and text. */
export const shownAccess = (access: PersonAccessChange[], filters: ChangeFilters) => filterAccess(access, diffFilters(filters));

/**
 * The diff as the filters show it: access changes by privilege, direction, tenant and text;
 * assignments by text and tenant (made at it or below); people by text, and with a tenant, those
 * with an access change or assignment shown there.
 */
export function shownDiff(diff: SnapshotDiff, filters: ChangeFilters): SnapshotDiff {
  const { search, tenant } = filters;
  const access = shownAccess(diff.access, filters);
  const assignment = (a: SnapshotDiff['assignments']['added'][number]) =>
    matchesSearch(search, a.email, a.name, a.role, a.path) && (!tenant || isWithin(a.path, tenant));
  const assignments = { added: diff.assignments.added.filter(assignment), removed: diff.assignments.removed.filter(assignment) };
  const there = tenant ? new Set([...access, ...assignments.added, ...assignments.removed].map((c) => c.email)) : null;
  const names = new Map(diff.access.map((c) => [c.email, c.name]));
  const person = (email: string, name = names.get(email) ?? '') => matchesSearch(search, email, name) && (!there || there.has(email));
  return {
    ...diff,
    users: {
      added: diff.users.added.filter((email) => person(email)),
      removed: diff.users.removed.filter((email) => person(email)),
      changed: diff.users.changed.filter((u) => person(u.email, u.name)),
    },
    assignments,
    access,
  };
}

/**
 * The two sides of the model comparison: the picked ones where the platform has them (a model file
 * where one was picked for the side), else its first and its newest version. `forgotten`: the sides
 * that asked for a model file the store no longer has (the page was reloaded), back to a built-in version.
 */
export function modelPair(
  platform: PlatformSummary,
  snapshot: SnapshotInfo,
  picked: Pick<ChangesState, 'modelFrom' | 'modelTo' | 'modelFiles'>,
): { from: VersionOrFile; to: VersionOrFile; forgotten: ModelEnd[] } | null {
  const ids = platform.versions.map((v) => v.id);
  const own = snapshot.model.origin === 'user' && snapshot.platform === platform.id;
  const forgotten: ModelEnd[] = [];
  const side = (end: ModelEnd, choice: string | null, fallback: string | undefined): VersionOrFile | undefined => {
    const file = picked.modelFiles[end].file;
    if (choice === MODEL_FILE && file) return file;
    if (choice === MODEL_FILE) forgotten.push(end);
    return choice && (ids.includes(choice) || (end === 'to' && own && choice === OWN_MODEL_FILE)) ? choice : fallback;
  };
  const from = side('from', picked.modelFrom, ids[0]);
  const to = side('to', picked.modelTo, ids.at(-1));
  return from && to ? { from, to, forgotten } : null;
}

/** Whether a model file picked for a side can be compared: read without problems, and a model of the platform. */
export const fitsPlatform = (pick: ModelFilePick, platform: string) =>
  pick.model.status === 'ready' && pick.model.data.platform.id === platform;

/** The permissions changed, privileged first, then by name. */
export interface MatrixColumn {
  permission: string;
  label: string;
  privileged: boolean;
}

/** The matrix of changed cells: people with changes (in the list's order), permissions changed, and each cell's changes. */
export interface ChangeMatrix {
  people: { email: string; name: string }[];
  columns: MatrixColumn[];
  cells: Map<string, PersonAccessChange[]>;
}

export const cellKey = (email: string, permission: string) => `${email}\n${permission}`;

export function changeMatrix(access: PersonAccessChange[]): ChangeMatrix {
  const people = new Map<string, { email: string; name: string }>();
  const columns = new Map<string, MatrixColumn>();
  const cells = new Map<string, PersonAccessChange[]>();
  for (const c of access) {
    if (!people.has(c.email)) people.set(c.email, { email: c.email, name: c.name });
    if (!columns.has(c.permission)) columns.set(c.permission, { permission: c.permission, label: c.label, privileged: c.privileged });
    const key = cellKey(c.email, c.permission);
    const list = cells.get(key);
    if (list) list.push(c);
    else cells.set(key, [c]);
  }
  const order = [...columns.values()].sort((a, b) => Number(b.privileged) - Number(a.privileged) || a.label.localeCompare(b.label));
  return { people: [...people.values()], columns: order, cells };
}

export function createChangesStore(client: Client) {
  const run = latest();
  const pickers = { from: modelFilePicker(client), to: modelFilePicker(client) };
  const store = createStore<ChangesState>()((set, get) => ({
    compare: 'snapshots',
    modelFrom: null,
    modelTo: null,
    modelFiles: { from: NO_MODEL_FILE, to: NO_MODEL_FILE },
    grouping: 'person',
    layout: 'list',
    cell: null,
    before: null,
    privileged: false,
    direction: 'both',
    search: '',
    tenant: null,
    key: null,
    diff: { status: 'idle' },
    progress: null,
    open: new Set(),
    setBefore: (before) => set({ before }),
    setFilters: (filters) => set(filters),
    setView: (view) => set(view),
    toggle: (key) => {
      const open = new Set(get().open);
      if (open.has(key)) open.delete(key);
      else open.add(key);
      set({ open });
    },
    pickModelFile: (end) =>
      pickers[end](
        () => get().modelFiles[end],
        (pick) => {
          const chosen = pick.file !== null && pick.file !== get().modelFiles[end].file;
          set({
            modelFiles: { ...get().modelFiles, [end]: pick },
            ...(chosen ? { [end === 'from' ? 'modelFrom' : 'modelTo']: MODEL_FILE } : {}),
          });
        },
      ),
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
