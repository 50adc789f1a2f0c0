// Role models by platform and version, fetched once each. A snapshot names its model version; the
// API asks for a model "as of" a date, so the version's effective date is the question.
import { createStore } from 'zustand/vanilla';
import type { ModelInfo, PlatformSummary } from '../../shared/api';
import type { Client } from '../api/bridge';
import { latest, type Resource } from './resource';

/** The `asOf` that selects a version: its effective date; for a first version, a day before any other. */
export function asOfForVersion(platform: PlatformSummary, versionId: string): string | undefined {
  const index = platform.versions.findIndex((v) => v.id === versionId);
  if (index === -1) return undefined;
  const version = platform.versions[index];
  if (version.effectiveFrom) return version.effectiveFrom;
  // The first version has no start date; any day before the second one picks it.
  return platform.versions.length > 1 ? '1970-01-01' : undefined;
}

export const modelKey = (platform: string, versionId: string) => `${platform}@${versionId}`;

/** A snapshot read with a user's model file: its model is asked for by the snapshot, under this key. */
export const snapshotModelKey = (snapshotId: number) => `#${snapshotId}`;

export interface ModelsState {
  models: Record<string, Resource<ModelInfo>>;
  ensure(platform: PlatformSummary, versionId: string): Promise<void>;
  /** The model a snapshot was imported with (a user's model file, kept with it). */
  ensureOfSnapshot(snapshotId: number): Promise<void>;
}

export function createModelsStore(client: Client) {
  return createStore<ModelsState>()((set, get) => {
    const once = async (key: string, ask: () => Promise<ModelInfo>) => {
      const current = get().models[key];
      if (current && (current.status === 'ready' || current.status === 'loading')) return;
      await latest()(ask, (resource) => set({ models: { ...get().models, [key]: resource } }));
    };
    return {
      models: {},
      ensure: (platform, versionId) =>
        once(modelKey(platform.id, versionId), () => client.model({ platform: platform.id, asOf: asOfForVersion(platform, versionId) })),
      ensureOfSnapshot: (snapshotId) => once(snapshotModelKey(snapshotId), () => client.model({ snapshotId })),
    };
  });
}

export type ModelsStore = ReturnType<typeof createModelsStore>;
