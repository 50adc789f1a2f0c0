// Hooks the views share: the open snapshot, its model, the current view's export and search box.
import { useEffect } from 'react';
import type { ModelInfo, SnapshotInfo } from '../../shared/api';
import type { ExportFile } from '../../shared/engine/answer-export';
import { modelKey } from '../state/models';
import type { Resource } from '../state/resource';
import { platformOf, selectedSnapshot } from '../state/snapshots';
import { useSlice, useStores } from './context';

export function useSnapshot(): SnapshotInfo | undefined {
  const { snapshots } = useStores();
  return useSlice(snapshots, selectedSnapshot);
}

const IDLE: Resource<ModelInfo> = { status: 'idle' };

/** The role model (platform and version) a snapshot was imported against. */
export function useModel(platformId: string | undefined, versionId: string | undefined): Resource<ModelInfo> {
  const { snapshots, models } = useStores();
  const platform = useSlice(snapshots, (s) => platformOf(s, platformId));
  const resource = useSlice(models, (s) => (platformId && versionId ? s.models[modelKey(platformId, versionId)] : undefined));
  useEffect(() => {
    if (platform && versionId) void models.getState().ensure(platform, versionId);
  }, [platform, versionId, models]);
  if (!platformId || !versionId) return IDLE;
  return resource ?? (platform ? { status: 'loading' } : IDLE);
}

export function useSnapshotModel(): Resource<ModelInfo> {
  const snapshot = useSnapshot();
  return useModel(snapshot?.platform, snapshot?.modelVersion);
}

/** Registers what the menu's / the toolbar's Export does while this view is shown. */
export function useExporter(exporter: (() => Promise<void> | void) | null) {
  const { ui } = useStores();
  useEffect(() => {
    ui.getState().setExporter(exporter);
    return () => ui.getState().setExporter(null);
  }, [exporter, ui]);
}

export function useReloadTick(): number {
  const { ui } = useStores();
  return useSlice(ui, (s) => s.reloadTick);
}

/** Focuses the current view's search box (Ctrl/Cmd+F, the Find menu command). */
export function focusFind(root: ParentNode = document) {
  const el = root.querySelector<HTMLInputElement>('main [data-find]');
  if (el) {
    el.focus();
    el.select?.();
  }
}

/** Saves an export through the host and says how it went. */
export async function saveExport(stores: ReturnType<typeof useStores>, { name, text }: ExportFile) {
  try {
    const saved = await stores.client.saveText(name, text);
    if (saved) stores.ui.getState().notify(`Exported ${name}`, 'success');
  } catch (error) {
    stores.ui.getState().notify(`Could not save ${name}: ${error instanceof Error ? error.message : String(error)}`, 'error');
  }
}
