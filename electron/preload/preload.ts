// The renderer's only door to the back end: `window.permaudit`, one method per call of the API
// contract plus the host commands. It never hands out ipcRenderer, an IPC event or anything of Node.
// Runs sandboxed, so it imports nothing but electron and pure shared/ code (bundled in).
//
// Security review (answers Electronegativity's PRELOAD_JS_CHECK; see docs/security.md). What the page
// gets, and why none of it widens what a compromised page could do:
// - one function per API method: each invokes `api:<method>` with the argument as given. The main
//   process checks the sender is the app's own page and validates the argument against the zod
//   contract (shared/api.ts) before any service runs; files to import must have been chosen by the user.
// - chooseFiles / chooseModelFile / saveText: open the native open and save dialogs; only the user picks a path.
// - pathForFile: the path Electron knows for a File the user dropped (webUtils.getPathForFile; '' for
//   a File the page made itself), reported to the main process so that file may be imported.
// - onMenuCommand / onImportProgress: subscribe to two fixed channels; the listener gets the value
//   only, never the IPC event, and the call returns an unsubscribe function.
// No ipcRenderer, no arbitrary channel, no Node API and no Electron object reaches the page.

import { contextBridge, ipcRenderer, webUtils } from 'electron';
import {
  API_METHODS,
  type ApiResult,
  type DesktopBridge,
  type ImportFile,
  type ImportProgress,
  type MenuCommand,
  type WireApi,
} from '../../shared/api';
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
  chooseModelFile: () => hostCall<ImportFile | null>(IPC.chooseModelFile),
  pathForFile: (file: File) => {
    const filePath = webUtils.getPathForFile(file);
    if (filePath) ipcRenderer.sendSync(IPC.droppedFile, filePath);
    return filePath;
  },
  saveText: (req) => hostCall<boolean>(IPC.saveText, req),
  onMenuCommand: (listener) => subscribe<MenuCommand>(IPC.menuCommand, listener),
  onImportProgress: (listener) => subscribe<ImportProgress>(IPC.importProgress, listener),
};

contextBridge.exposeInMainWorld('permaudit', bridge);
