// The role model the Roles view shows when the user picked one; null: the open snapshot's own.
import { createStore } from 'zustand/vanilla';

export interface RolesPick {
  platform: string;
  version: string;
}

export interface RolesState {
  pick: RolesPick | null;
  setPick(pick: RolesPick | null): void;
}

export function createRolesStore() {
  return createStore<RolesState>()((set) => ({
    pick: null,
    setPick: (pick) => set({ pick }),
  }));
}

export type RolesStore = ReturnType<typeof createRolesStore>;
