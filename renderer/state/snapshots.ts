// The snapshots in the database, the one that is open, and the first-run samples.
import { createStore } from 'zustand/vanilla';
import type { ImportProgress, PlatformSummary, SampleDataset, SnapshotInfo } from '../../shared/api';
import { ApiError, type Client } from '../api/bridge';
import { latest, type Resource } from './resource';

export interface SnapshotsState {
  list: Resource<SnapshotInfo[]>;
  platforms: Resource<PlatformSummary[]>;
  samples: Resource<SampleDataset[]>;
  /** The open snapshot: every question is asked of it. */
  selectedId: number | null;
  /** A sample being imported from the first-run screen. */
  opening: { sampleId: string; progress: ImportProgress | null } | null;
  openingError: ApiError | null;
  deleting: number | null;
  deleteError: ApiError | null;
  load(): Promise<void>;
  select(id: number): void;
  remove(id: number): Promise<boolean>;
  openSample(sample: SampleDataset): Promise<SnapshotInfo | null>;
  /** After an import: refresh the list and open the new snapshot. */
  imported(snapshot: SnapshotInfo): Promise<void>;
}

export function selectedSnapshot(state: Pick<SnapshotsState, 'list' | 'selectedId'>): SnapshotInfo | undefined {
  if (state.list.status !== 'ready' && state.list.status !== 'loading') return undefined;
  const list = state.list.status === 'ready' ? state.list.data : (state.list.previous ?? []);
  return list.find((s) => s.id === state.selectedId);
}

export function platformOf(state: Pick<SnapshotsState, 'platforms'>, id: string | undefined): PlatformSummary | undefined {
  return state.platforms.status === 'ready' ? state.platforms.data.find((p) => p.id === id) : undefined;
}

/** The newest snapshot: the highest import time, then the highest id. */
export function newest(list: SnapshotInfo[]): SnapshotInfo | undefined {
  return [...list].sort((a, b) => b.importedAt.localeCompare(a.importedAt) || b.id - a.id)[0];
}

export function createSnapshotsStore(client: Client) {
  const runList = latest();
  return createStore<SnapshotsState>()((set, get) => {
    const refresh = async (prefer?: number) => {
      const previous = get().list.status === 'ready' ? (get().list as { data: SnapshotInfo[] }).data : undefined;
      const result = await runList(
        () => client.snapshots({}),
        (list) => set({ list }),
        previous,
      );
      if (result.status !== 'ready') return;
      const current = prefer ?? get().selectedId;
      const keep = result.data.find((s) => s.id === current);
      set({ selectedId: keep ? keep.id : (newest(result.data)?.id ?? null) });
    };
    return {
      list: { status: 'idle' },
      platforms: { status: 'idle' },
      samples: { status: 'idle' },
      selectedId: null,
      opening: null,
      openingError: null,
      deleting: null,
      deleteError: null,

      load: async () => {
        const once = <T>(key: 'platforms' | 'samples', request: () => Promise<T[]>) =>
          get()[key].status === 'ready'
            ? Promise.resolve()
            : latest()(request, (resource) => set({ [key]: resource } as Partial<SnapshotsState>));
        await Promise.all([refresh(), once('platforms', () => client.platforms({})), once('samples', () => client.samples({}))]);
      },

      select: (id) => set({ selectedId: id }),

      remove: async (id) => {
        set({ deleting: id, deleteError: null });
        try {
          await client.deleteSnapshot({ snapshotId: id });
        } catch (error) {
          set({ deleting: null, deleteError: ApiError.from(error) });
          return false;
        }
        if (get().selectedId === id) set({ selectedId: null });
        set({ deleting: null });
        await refresh();
        return true;
      },

      openSample: async (sample) => {
        set({ opening: { sampleId: sample.id, progress: null }, openingError: null });
        try {
          const snapshot = await client.importFiles({ files: sample.files, platform: sample.platform, name: sample.title }, (progress) =>
            set({ opening: { sampleId: sample.id, progress } }),
          );
          set({ opening: null });
          await refresh(snapshot.id);
          return snapshot;
        } catch (error) {
          set({ opening: null, openingError: ApiError.from(error) });
          return null;
        }
      },

      imported: async (snapshot) => {
        await refresh(snapshot.id);
      },
    };
  });
}

export type SnapshotsStore = ReturnType<typeof createSnapshotsStore>;
