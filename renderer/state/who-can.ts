// "Who can do this, here?": the question (permission, channel; the scope is shared) and the answer.
import { createStore } from 'zustand/vanilla';
import type { Answered, Channel, WhoCanAnswer } from '../../shared/api';
import type { WhoCanEntry } from '../../shared/engine/evaluate';
import type { Client } from '../api/bridge';
import { latest, type Resource } from './resource';

export interface WhoCanState {
  permission: string | null;
  channel: Channel | null;
  answer: Resource<Answered<WhoCanAnswer>>;
  /** Keys of the rows whose "why" chain is open. */
  open: ReadonlySet<string>;
  setPermission(permission: string | null): void;
  setChannel(channel: Channel | null): void;
  toggle(key: string): void;
  ask(snapshotId: number, scope: string | null): Promise<void>;
  reset(): void;
}

export const entryKey = (e: WhoCanEntry) => `${e.assignmentId}:${e.scope}`;

/** Distinct people in an answer. */
export function peopleCount(answer: WhoCanAnswer): number {
  return new Set(answer.entries.map((e) => e.userId)).size;
}

export function createWhoCanStore(client: Client) {
  const run = latest();
  return createStore<WhoCanState>()((set, get) => ({
    permission: null,
    channel: null,
    answer: { status: 'idle' },
    open: new Set(),
    setPermission: (permission) => set({ permission, open: new Set() }),
    setChannel: (channel) => set({ channel }),
    toggle: (key) => {
      const open = new Set(get().open);
      if (open.has(key)) open.delete(key);
      else open.add(key);
      set({ open });
    },
    ask: async (snapshotId, scope) => {
      const { permission, channel } = get();
      if (!permission) {
        set({ answer: { status: 'idle' } });
        return;
      }
      const previous = get().answer;
      await run(
        () => client.whoCan({ snapshotId, permission, ...(scope ? { scope } : {}), ...(channel ? { channel } : {}) }),
        (answer) => set({ answer }),
        previous.status === 'ready' ? previous.data : undefined,
      );
    },
    reset: () => set({ permission: null, channel: null, answer: { status: 'idle' }, open: new Set() }),
  }));
}

export type WhoCanStore = ReturnType<typeof createWhoCanStore>;
