// The renderer's only door to the back end: `window.permaudit`, one method per call of the API
// contract plus the host commands. It never hands out ipcRenderer, an IPC event or anything of Node.
// Runs sandboxed, so it imports nothing but electron and pure shared/ code (bundled in).

import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { API_METHODS, type ApiResult, type DesktopBridge, type ImportFile, type ImportProgress, type MenuCommand, type WireApi } from '../../shared/api';
import { IPC } from '../ipc/channels';

async function hostCall<T>(channel: string, argument?: unknown): Promise<T> {
  const result = (await ipcRenderer.invoke(channel, argument)) as ApiResult<T>;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function subscribe<T>(channel: string, listener: (value: T) => void): () => void {
  const relay = (_event: unknown, value: T) => listener(value);
  ipcRenderer.on(channel, relay);
  return () => ipcRenderer.removeListener(channel, relay);
}

const api = Object.fromEntries(
  API_METHODS.map((method) => [method, (argument: unknown) => ipcRenderer.invoke(IPC.api(method), argument ?? {})]),
) as WireApi;

const bridge: DesktopBridge = {
  ...api,
  chooseFiles: () => hostCall<ImportFile[] | null>(IPC.chooseFiles),
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  saveText: (req) => hostCall<boolean>(IPC.saveText, req),
  onMenuCommand: (listener) => subscribe<MenuCommand>(IPC.menuCommand, listener),
  onImportProgress: (listener) => subscribe<ImportProgress>(IPC.importProgress, listener),
};

contextBridge.exposeInMainWorld('permaudit', bridge);
