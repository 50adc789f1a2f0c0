// The desktop host: one IPC handler per call of the API contract, plus the few host commands only the
// shell can give (file dialogs). Every handler first checks that the call comes from the app's own
// window, then validates its argument (dispatch does, against the contract's schemas) before any service
// runs; answers and errors travel as ApiResult values. Only types are imported from electron, so these
// handlers are tested under plain Node with a fake ipcMain.
//
// An import reads only files the user chose: picked in this session's open dialogs (CSV files, or a
// role model file), dropped on the window (the preload reports the path Electron gives a dropped File), or the bundled samples. A
// renderer that names any other path is refused, as browser mode refuses what was not uploaded.

import path from 'node:path';
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import {
  API_METHODS,
  parseArgument,
  SaveTextRequest,
  type ApiResult,
  type AuditApi,
  type ImportFile,
  type ImportProgress,
} from '../../shared/api';
import { AuditError, toApiError } from '../../shared/errors';
import { dispatch } from '../services/dispatch';
import { IPC } from './channels';

/** The native dialogs, injected so tests need no window. */
export interface HostDialogs {
  chooseCsvFiles(): Promise<ImportFile[] | null>;
  chooseModelFile(): Promise<ImportFile | null>;
  saveText(suggestedName: string, text: string): Promise<boolean>;
}

export interface HandlerOptions {
  /** True only for the main frame of the app's own window showing the app's own page. */
  isTrustedSender(frame: WebFrameMain | null): boolean;
  dialogs: HostDialogs;
}

const untrusted: ApiResult<never> = {
  ok: false,
  error: { kind: 'usage', message: 'refused: the call did not come from the Permission Auditor window', problems: [] },
};

type Handler = (event: IpcMainInvokeEvent, argument: unknown) => Promise<ApiResult<unknown>>;

export function registerHandlers(ipcMain: Pick<IpcMain, 'handle' | 'on'>, service: AuditApi, options: HandlerOptions): string[] {
  const chosen = new Set<string>(service.samples({}).flatMap((sample) => sample.files.map((file) => path.resolve(file.path))));
  const checkFile = (file: ImportFile) => {
    if (!chosen.has(path.resolve(file.path))) {
      throw new AuditError(
        'usage',
        `${file.name ?? path.basename(file.path)} was not chosen in the open dialog or dropped on the window; the app reads only files you choose and the bundled samples`,
      );
    }
  };

  const guarded =
    (handler: Handler): Handler =>
    async (event, argument) =>
      options.isTrustedSender(event.senderFrame) ? handler(event, argument) : untrusted;

  const channels: [string, Handler][] = API_METHODS.map((method) => [
    IPC.api(method),
    (event, argument) =>
      dispatch(service, method, argument, {
        checkFile,
        onProgress: (progress: ImportProgress) => {
          if (!event.sender.isDestroyed()) event.sender.send(IPC.importProgress, progress);
        },
      }),
  ]);
  /** A dialog's answer: what the user picked may be read from now on. */
  const choosing =
    <T extends ImportFile[] | ImportFile | null>(dialog: () => Promise<T>): Handler =>
    async () => {
      try {
        const picked = await dialog();
        for (const file of [picked ?? []].flat()) chosen.add(path.resolve(file.path));
        return { ok: true, value: picked };
      } catch (error) {
        return { ok: false, error: toApiError(error) };
      }
    };
  channels.push([IPC.chooseFiles, choosing(() => options.dialogs.chooseCsvFiles())]);
  channels.push([IPC.chooseModelFile, choosing(() => options.dialogs.chooseModelFile())]);
  channels.push([
    IPC.saveText,
    async (_event, argument) => {
      try {
        const { suggestedName, text } = parseArgument('saveText', SaveTextRequest, argument);
        return { ok: true, value: await options.dialogs.saveText(suggestedName, text) };
      } catch (error) {
        return { ok: false, error: toApiError(error) };
      }
    },
  ]);

  for (const [channel, handler] of channels) ipcMain.handle(channel, guarded(handler));

  // Synchronous, so the path is known before the import call that follows the drop.
  ipcMain.on(IPC.droppedFile, (event: IpcMainEvent, file: unknown) => {
    const accepted = options.isTrustedSender(event.senderFrame) && typeof file === 'string' && path.isAbsolute(file);
    if (accepted) chosen.add(path.resolve(file));
    event.returnValue = accepted;
  });
  return [...channels.map(([channel]) => channel), IPC.droppedFile];
}
