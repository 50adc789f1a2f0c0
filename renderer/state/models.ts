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

export interface ModelsState {
  models: Record<string, Resource<ModelInfo>>;
  ensure(platform: PlatformSummary, versionId: string): Promise<void>;
}

export function createModelsStore(client: Client) {
  return createStore<ModelsState>()((set, get) => ({
    models: {},
    ensure: async (platform, versionId) => {
      const key = modelKey(platform.id, versionId);
      const current = get().models[key];
      if (current && (current.status === 'ready' || current.status === 'loading')) return;
      await latest()(
        () => client.model({ platform: platform.id, asOf: asOfForVersion(platform, versionId) }),
        (resource) => set({ models: { ...get().models, [key]: resource } }),
      );
    },
  }));
}

export type ModelsStore = ReturnType<typeof createModelsStore>;
