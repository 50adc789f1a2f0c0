// The vendor seed pages the why-chain cites: fetched once each (for the quoted line), and the one
// citation the seed viewer shows.
import { createStore } from 'zustand/vanilla';
import type { SeedPage } from '../../shared/api';
import type { SeedRef } from '../../shared/model/types';
import type { Client } from '../api/bridge';
import { latest, type Resource } from './resource';

export interface SeedsState {
  pages: Record<string, Resource<SeedPage>>;
  /** The citation open in the viewer. */
  viewing: SeedRef | null;
  ensure(file: string): Promise<void>;
  view(ref: SeedRef): void;
  close(): void;
}

export function createSeedsStore(client: Client) {
  return createStore<SeedsState>()((set, get) => ({
    pages: {},
    viewing: null,
    ensure: async (file) => {
      const current = get().pages[file];
      if (current && (current.status === 'ready' || current.status === 'loading')) return;
      await latest()(
        () => client.seed({ file }),
        (resource) => set({ pages: { ...get().pages, [file]: resource } }),
      );
    },
    view: (ref) => {
      set({ viewing: ref });
      void get().ensure(ref.file);
    },
    close: () => set({ viewing: null }),
  }));
}

export type SeedsStore = ReturnType<typeof createSeedsStore>;
