// The desktop host: one IPC handler per call of the API contract, plus the few host commands only the
// shell can give (file dialogs). Every handler first checks that the call comes from the app's own
// window, then validates its argument (dispatch does, against the contract's schemas) before any service
// runs; answers and errors travel as ApiResult values. Only types are imported from electron, so these
// handlers are tested under plain Node with a fake ipcMain.

import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { API_METHODS, parseArgument, SaveTextRequest, type ApiResult, type AuditApi, type ImportFile, type ImportProgress } from '../../shared/api';
import { toApiError } from '../../shared/errors';
import { dispatch } from '../services/dispatch';
import { IPC } from './channels';

/** The native dialogs, injected so tests need no window. */
export interface HostDialogs {
  chooseCsvFiles(): Promise<ImportFile[] | null>;
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

export function registerHandlers(ipcMain: Pick<IpcMain, 'handle'>, service: AuditApi, options: HandlerOptions): string[] {
  const guarded =
    (handler: Handler): Handler =>
    async (event, argument) =>
      options.isTrustedSender(event.senderFrame) ? handler(event, argument) : untrusted;

  const channels: [string, Handler][] = API_METHODS.map((method) => [
    IPC.api(method),
    (event, argument) =>
      dispatch(service, method, argument, {
        onProgress: (progress: ImportProgress) => {
          if (!event.sender.isDestroyed()) event.sender.send(IPC.importProgress, progress);
        },
      }),
  ]);
  channels.push([
    IPC.chooseFiles,
    async () => {
      try {
        return { ok: true, value: await options.dialogs.chooseCsvFiles() };
      } catch (error) {
        return { ok: false, error: toApiError(error) };
      }
    },
  ]);
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
  return channels.map(([channel]) => channel);
}
