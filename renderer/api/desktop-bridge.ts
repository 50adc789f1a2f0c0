// The client in the desktop app: `window.permaudit` from the preload. Each call resolves to an
// ApiResult (errors travel as values over IPC); a failed one becomes a thrown ApiError here.

import type { ApiMethod, ApiResult, AsyncApi, DesktopBridge, ImportProgress } from '../../shared/api';
import { toApiError, type Client } from './bridge';

async function unwrap<T>(call: () => Promise<ApiResult<T>>): Promise<T> {
  let result: ApiResult<T>;
  try {
    result = await call();
  } catch (error) {
    throw toApiError(error);
  }
  if (!result.ok) throw toApiError(result.error);
  return result.value;
}

async function attempt<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toApiError(error);
  }
}

export function createDesktopClient(bridge: DesktopBridge): Client {
  const call =
    <K extends Exclude<ApiMethod, 'importFiles'>>(method: K) =>
    (argument: Parameters<DesktopBridge[K]>[0]) =>
      unwrap(() => (bridge[method] as (a: typeof argument) => Promise<ApiResult<Awaited<ReturnType<AsyncApi[K]>>>>)(argument));

  const api: AsyncApi = {
    platforms: call('platforms'),
    samples: call('samples'),
    model: call('model'),
    snapshots: call('snapshots'),
    deleteSnapshot: call('deleteSnapshot'),
    previewImport: call('previewImport'),
    // Progress crosses the process boundary as events, not as a callback argument.
    importFiles: async (req, onProgress?: (progress: ImportProgress) => void) => {
      const off = onProgress ? bridge.onImportProgress(onProgress) : () => {};
      try {
        return await unwrap(() => bridge.importFiles(req));
      } finally {
        off();
      }
    },
    tree: call('tree'),
    users: call('users'),
    whoCan: call('whoCan'),
    can: call('can'),
    access: call('access'),
    matrix: call('matrix'),
    seed: call('seed'),
  };
  return {
    ...api,
    mode: 'desktop',
    pickFiles: () => attempt(() => bridge.chooseFiles()),
    filesFromDrop: async (files) => files.map((file) => ({ path: bridge.pathForFile(file), name: file.name })),
    saveText: (name, text) => attempt(() => bridge.saveText({ suggestedName: name, text })),
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
    onImportProgress: (listener) => bridge.onImportProgress(listener),
  };
}
