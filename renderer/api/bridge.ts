// The one client the UI talks through: the API contract (every call asynchronous) plus the few host
// services the screens need. The desktop app gives it through `window.permaudit`; in browser mode it
// is loopback HTTP. Either way a failed call rejects with an `ApiError`, and the calls themselves are
// made from the contract's list (`contractCalls`), never written out one by one.

import {
  API,
  API_METHODS,
  type ApiErrorInfo,
  type ApiMethod,
  type AsyncApi,
  type DesktopBridge,
  type ExportResult,
  type ImportFile,
  type ImportProgress,
  type MenuCommand,
} from '../../shared/api';
import { toApiError, type Problem } from '../../shared/errors';

/** The kinds of the wire, and `network` when the host could not be reached at all. */
export type ApiErrorKind = ApiErrorInfo['kind'] | 'network';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly problems: Problem[];

  constructor(kind: ApiErrorKind, message: string, problems: Problem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.problems = problems;
  }

  /** Any thrown value (an error from IPC, a wire error, a TypeError from fetch) as an ApiError. */
  static from(error: unknown, fallbackKind: ApiErrorInfo['kind'] = 'internal'): ApiError {
    if (error instanceof ApiError) return error;
    const info = toApiError(error, fallbackKind);
    return new ApiError(info.kind, info.message, info.problems);
  }
}

export interface Client extends AsyncApi {
  readonly mode: 'desktop' | 'browser';
  /** Lets the user pick CSV files; null when cancelled. */
  pickFiles(): Promise<ImportFile[] | null>;
  /** Lets the user pick one role model file (JSON); null when cancelled. */
  pickModelFile(): Promise<ImportFile | null>;
  /** Turns files dropped on the window into files the back end can read. */
  filesFromDrop(files: File[]): Promise<ImportFile[]>;
  /** Saves text as a file the user keeps; false when cancelled. */
  saveText(name: string, text: string): Promise<boolean>;
  /** Hands the user an export the host wrote (exportAnswer): browser mode downloads it; the desktop saved it already. */
  downloadExport(result: ExportResult): void;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  onImportProgress(listener: (progress: ImportProgress) => void): () => void;
}

/**
 * Every call of the contract over one transport: `send` makes a call and resolves to its answer (or
 * rejects with an ApiError). Progress crosses the process boundary as events, not as a callback
 * argument, so a call that reports it listens to `onImportProgress` while it runs.
 */
export function contractCalls(
  send: (method: ApiMethod, argument: unknown) => Promise<unknown>,
  onImportProgress: (listener: (progress: ImportProgress) => void) => () => void,
): AsyncApi {
  const calls = API_METHODS.map((method) => {
    const run = async (argument: unknown, onProgress?: (progress: ImportProgress) => void) => {
      const off = API[method].progress && onProgress ? onImportProgress(onProgress) : undefined;
      try {
        return await send(method, argument ?? {});
      } finally {
        off?.();
      }
    };
    return [method, run] as const;
  });
  return Object.fromEntries(calls) as unknown as AsyncApi;
}

declare global {
  interface Window {
    permaudit?: DesktopBridge;
  }
}
