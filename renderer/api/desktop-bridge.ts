// The client in the desktop app: `window.permaudit` from the preload. Each call resolves to an
// ApiResult (errors travel as values over IPC); a failed one becomes a thrown ApiError here.

import type { ApiMethod, ApiResult, DesktopBridge } from '../../shared/api';
import { ApiError, contractCalls, type Client } from './bridge';

async function attempt<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw ApiError.from(error);
  }
}

export function createDesktopClient(bridge: DesktopBridge): Client {
  const send = async (method: ApiMethod, argument: unknown) => {
    const result = await attempt(() => (bridge[method] as (argument: unknown) => Promise<ApiResult<unknown>>)(argument));
    if (!result.ok) throw ApiError.from(result.error);
    return result.value;
  };
  return {
    ...contractCalls(send, (listener) => bridge.onImportProgress(listener)),
    mode: 'desktop',
    pickFiles: () => attempt(() => bridge.chooseFiles()),
    pickModelFile: () => attempt(() => bridge.chooseModelFile()),
    filesFromDrop: async (files) => files.map((file) => ({ path: bridge.pathForFile(file), name: file.name })),
    downloadExport: () => {},
    saveText: (name, text) => attempt(() => bridge.saveText({ suggestedName: name, text })),
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
    onImportProgress: (listener) => bridge.onImportProgress(listener),
  };
}
