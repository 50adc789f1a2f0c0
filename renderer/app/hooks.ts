// Hooks the views share: the open snapshot, its model, the current view's export and search box.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExportQuestion, ExportResult, ModelInfo, SnapshotInfo } from '../../shared/api';
import { ApiError } from '../api/bridge';
import { fmtNumber } from '../lib/format';
import type { ExportFile } from '../../shared/engine/answer-export';
import { modelKey, snapshotModelKey } from '../state/models';
import { pollProgress } from '../state/progress';
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

/** The open snapshot's model: the built-in one of its version, or the user's model file kept with it. */
export function useSnapshotModel(): Resource<ModelInfo> {
  const snapshot = useSnapshot();
  const { models } = useStores();
  const own = snapshot?.model.origin === 'user' ? snapshot.id : undefined;
  const builtIn = useModel(own === undefined ? snapshot?.platform : undefined, own === undefined ? snapshot?.modelVersion : undefined);
  const kept = useSlice(models, (s) => (own === undefined ? undefined : s.models[snapshotModelKey(own)]));
  useEffect(() => {
    if (own !== undefined) void models.getState().ensureOfSnapshot(own);
  }, [own, models]);
  if (own === undefined) return builtIn;
  return kept ?? { status: 'loading' };
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

/** An export the host is writing: its id, and how far it has got. */
export interface RunningExport {
  id: string;
  format: 'csv' | 'json' | 'html' | 'pdf';
  rows: number;
  total: number;
}

/** How the last export of a view ended: saved (its file's name), or not, with why; `about` is what was exported. */
export type ExportOutcome = ({ saved: string } | { failed: string }) & { about?: string };

/**
 * Exports the host writes to a file it chooses with the user (exportAnswer, exportReport), followed
 * by the id given to `call`: the view shows how far it has got and can cancel it. One at a time per view.
 */
export function useExport() {
  const stores = useStores();
  const { client, ui } = stores;
  const [running, setRunning] = useState<RunningExport | null>(null);
  const [outcome, setOutcome] = useState<ExportOutcome | null>(null);
  const current = useRef<string | null>(null);
  const start = useCallback(
    async (format: RunningExport['format'], call: (exportId: string) => Promise<ExportResult>, about?: string) => {
      if (current.current) return;
      const id = crypto.randomUUID();
      current.current = id;
      setRunning({ id, format, rows: 0, total: 0 });
      const stop = pollProgress(
        () => client.exportProgress({ exportId: id }),
        (progress) => setRunning((r) => (r && r.id === id ? { ...r, ...progress } : r)),
      );
      try {
        setOutcome(null);
        const result = await call(id);
        if (result.saved) {
          client.downloadExport(result);
          setOutcome({ saved: result.name, about });
          // A big answer says its rows; a report's summary is on the view.
          ui.getState().notify(
            `Exported ${result.name}${result.summary === undefined ? ` (${fmtNumber(result.rows)} rows)` : ''}`,
            'success',
          );
        }
      } catch (error) {
        const failure = ApiError.from(error);
        if (failure.kind === 'cancelled') ui.getState().notify('Export cancelled: no file was written', 'info');
        else {
          setOutcome({ failed: failure.message, about });
          ui.getState().notify(`Could not export: ${failure.message}`, 'error');
        }
      } finally {
        stop();
        current.current = null;
        setRunning(null);
      }
    },
    [client, ui],
  );
  const cancel = useCallback(() => {
    if (current.current) void client.cancelExport({ exportId: current.current }).catch(() => undefined);
  }, [client]);
  return { running, outcome, start, cancel };
}

/** Big exports (the matrix, who-can): the host writes the file a window of rows at a time. */
export function useBigExport() {
  const { client } = useStores();
  const { running, start: startExport, cancel } = useExport();
  const start = useCallback(
    (question: ExportQuestion, format: 'csv' | 'json') =>
      startExport(format, (exportId) => client.exportAnswer({ exportId, format, question })),
    [client, startExport],
  );
  return { running, start, cancel };
}

/** How long typing pauses before a filter goes to the back end. */
const SEARCH_PAUSE_MS = 250;

/** The search text once typing has paused: what a view asks the back end to filter by. */
export function useSearchPause(search: string): string {
  const [settled, setSettled] = useState(search);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(search), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [search]);
  return settled;
}
