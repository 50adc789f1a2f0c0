// The one way a host (IPC or HTTP) turns a call from the UI into a service call: validate the
// argument against its schema, call the service, and wrap the outcome as an ApiResult. Hosts differ
// only in transport, never in what a call means.

import type { ApiErrorInfo, ApiMethod, ApiResult, AuditApi, ImportFile, ImportProgress } from '../../shared/api';
import { validateCall } from '../../shared/api-schema';
import { AuditError } from '../../shared/errors';

export interface DispatchOptions {
  /** Receives progress while importFiles runs. */
  onProgress?: (progress: ImportProgress) => void;
  /** Throws when a host must not let the UI read a file (browser mode reads only uploads and samples). */
  checkFile?: (file: ImportFile) => void;
}

/** Methods that read files named by the caller. */
const READS_FILES: ReadonlySet<ApiMethod> = new Set<ApiMethod>(['previewImport', 'importFiles']);

export function toApiError(error: unknown): ApiErrorInfo {
  if (error instanceof AuditError) return { kind: error.kind, message: error.message, problems: error.problems };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message: `internal error: ${message}`, problems: [] };
}

/** Validates and runs one call; never throws. */
export async function dispatch(service: AuditApi, method: unknown, argument: unknown, options: DispatchOptions = {}): Promise<ApiResult<unknown>> {
  try {
    const name = validateCall(method, argument);
    if (READS_FILES.has(name) && options.checkFile) {
      for (const file of (argument as { files: ImportFile[] }).files) options.checkFile(file);
    }
    const value = await invoke(service, name, argument, options.onProgress);
    return { ok: true, value };
  } catch (error) {
    const info = toApiError(error);
    if (info.kind === 'internal') console.error(`permaudit: ${String(method)} failed:`, error);
    return { ok: false, error: info };
  }
}

function invoke(service: AuditApi, method: ApiMethod, argument: unknown, onProgress?: (p: ImportProgress) => void): unknown {
  if (method === 'importFiles') return service.importFiles(argument as Parameters<AuditApi['importFiles']>[0], onProgress);
  const call = service[method] as (argument: unknown) => unknown;
  return call.call(service, argument);
}
