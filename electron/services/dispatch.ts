// The one way a host (IPC or HTTP) turns a call from the UI into a service call: validate the
// argument against its schema in the contract, call the service, and wrap the outcome as an
// ApiResult. Hosts differ only in transport, never in what a call means.

import { API, validateCall, type ApiMethod, type ApiResult, type AuditApi, type ImportFile, type ImportProgress } from '../../shared/api';
import { toApiError } from '../../shared/errors';

export interface DispatchOptions {
  /** Receives progress while a call that reports it (importFiles) runs. */
  onProgress?: (progress: ImportProgress) => void;
  /** Throws when a host must not let the UI read a file (browser mode reads only uploads and samples). */
  checkFile?: (file: ImportFile) => void;
}

/**
 * The files a call's argument names, which the service will read: `files` (previewImport,
 * importFiles), model files (`model`, `against`: previewImport, importFiles, diffModel) and the
 * findings rules file (`rules`: findings).
 */
function filesRead(method: ApiMethod, argument: unknown): ImportFile[] {
  const shape = API[method].argument.shape;
  const named = argument as { files?: ImportFile[]; model?: unknown; against?: unknown; rules?: unknown };
  const files = Object.hasOwn(shape, 'files') ? [...(named.files ?? [])] : [];
  for (const key of ['model', 'against', 'rules'] as const) {
    const file = named[key];
    if (Object.hasOwn(shape, key) && typeof file === 'object' && file !== null) files.push(file as ImportFile);
  }
  return files;
}

/** Validates and runs one call; never throws. */
export async function dispatch(
  service: AuditApi,
  method: unknown,
  argument: unknown,
  options: DispatchOptions = {},
): Promise<ApiResult<unknown>> {
  try {
    const call = validateCall(method, argument);
    if (options.checkFile) for (const file of filesRead(call.method, call.argument)) options.checkFile(file);
    const run = service[call.method] as (argument: unknown, onProgress?: (progress: ImportProgress) => void) => unknown;
    const value = await run.call(service, call.argument, API[call.method].progress ? options.onProgress : undefined);
    return { ok: true, value };
  } catch (error) {
    const info = toApiError(error);
    if (info.kind !== 'internal') return { ok: false, error: info };
    console.error(`permaudit: ${String(method)} failed:`, error);
    return { ok: false, error: { ...info, message: `internal error: ${info.message}` } };
  }
}
