// Role models by platform and version, fetched once each. A snapshot names its model version; the
// API asks for a model "as of" a date, so the version's effective date is the question.
import { createStore } from 'zustand/vanilla';
import type { ImportFile, ModelDiffAnswer, ModelInfo, PlatformSummary } from '../../shared/api';
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

/** The later side of a model diff that is the snapshot's own model file (the one it was read with), not a built-in version. */
export const OWN_MODEL_FILE = '#own';

/** A side of a model diff: a built-in version (its id), OWN_MODEL_FILE (the later side only), or a model file the user picked. */
export type VersionOrFile = string | ImportFile;

const sideKey = (side: VersionOrFile) => (typeof side === 'string' ? side : `file ${side.path}`);

/** Whether two sides are the same model. */
export const sameSide = (a: VersionOrFile, b: VersionOrFile) => sideKey(a) === sideKey(b);

/**
 * Two versions of a built-in model compared (Roles' "Compare with", Changes' "Two model versions"):
 * from one side to the other; with a snapshot, whom the change affects in it.
 */
export const modelDiffKey = (platform: string, from: VersionOrFile, to: VersionOrFile, snapshotId?: number) =>
  `${platform}@${sideKey(from)}→${sideKey(to)}${snapshotId === undefined ? '' : ` in #${snapshotId}`}`;

export interface ModelsState {
  models: Record<string, Resource<ModelInfo>>;
  diffs: Record<string, Resource<ModelDiffAnswer>>;
  /** What changed from one version of a platform's model to another (and whom it affects in a snapshot), asked once per pair. */
  ensureDiff(platform: PlatformSummary, from: VersionOrFile, to: VersionOrFile, snapshotId?: number): Promise<void>;
  ensure(platform: PlatformSummary, versionId: string): Promise<void>;
  /** The model a snapshot was imported with (a user's model file, kept with it). */
  ensureOfSnapshot(snapshotId: number): Promise<void>;
}

type DataOf<K extends 'models' | 'diffs'> = ModelsState[K][string] extends Resource<infer T> ? T : never;

export function createModelsStore(client: Client) {
  return createStore<ModelsState>()((set, get) => {
    const once = async <K extends 'models' | 'diffs'>(kind: K, key: string, ask: () => Promise<DataOf<K>>) => {
      const current = get()[kind][key];
      if (current && (current.status === 'ready' || current.status === 'loading')) return;
      await latest()(ask, (resource) => set({ [kind]: { ...get()[kind], [key]: resource } } as Partial<ModelsState>));
    };
    return {
      models: {},
      diffs: {},
      ensureDiff: (platform, from, to, snapshotId) =>
        once('diffs', modelDiffKey(platform.id, from, to, snapshotId), () =>
          client.diffModel({
            platform: platform.id,
            // A model file is compared at its newest version.
            ...(typeof from === 'string' ? { from: asOfForVersion(platform, from) } : { against: from }),
            ...(typeof to !== 'string'
              ? { model: to }
              : to === OWN_MODEL_FILE
                ? { snapshotModel: true }
                : { to: asOfForVersion(platform, to) }),
            ...(snapshotId === undefined ? {} : { snapshotId }),
          }),
        ),
      ensure: (platform, versionId) =>
        once('models', modelKey(platform.id, versionId), () =>
          client.model({ platform: platform.id, asOf: asOfForVersion(platform, versionId) }),
        ),
      ensureOfSnapshot: (snapshotId) => once('models', snapshotModelKey(snapshotId), () => client.model({ snapshotId })),
    };
  });
}

export type ModelsStore = ReturnType<typeof createModelsStore>;
