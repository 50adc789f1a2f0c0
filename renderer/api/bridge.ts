// The one client the UI talks through: the API contract (every call asynchronous) plus the few host
// services the screens need. The desktop app gives it through `window.permaudit`; in browser mode it
// is loopback HTTP. Either way a failed call rejects with an `ApiError`.

import type { AsyncApi, DesktopBridge, ImportFile, ImportProgress, MenuCommand } from '../../shared/api';
import type { Problem } from '../../shared/errors';

export type ApiErrorKind = 'usage' | 'input' | 'not-found' | 'incompatible' | 'duplicate' | 'internal' | 'network';

const KINDS: readonly ApiErrorKind[] = ['usage', 'input', 'not-found', 'incompatible', 'duplicate', 'internal', 'network'];

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly problems: Problem[];

  constructor(kind: ApiErrorKind, message: string, problems: Problem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.problems = problems;
  }
}

export interface Client extends AsyncApi {
  readonly mode: 'desktop' | 'browser';
  /** Lets the user pick CSV files; null when cancelled. */
  pickFiles(): Promise<ImportFile[] | null>;
  /** Turns files dropped on the window into files the back end can read. */
  filesFromDrop(files: File[]): Promise<ImportFile[]>;
  /** Saves text as a file the user keeps; false when cancelled. */
  saveText(name: string, text: string): Promise<boolean>;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  onImportProgress(listener: (progress: ImportProgress) => void): () => void;
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return typeof p.file === 'string' && typeof p.line === 'number' && typeof p.message === 'string';
}

/** Any thrown value (an error object from IPC, a wire error, a TypeError from fetch) as an ApiError. */
export function toApiError(error: unknown, fallbackKind: ApiErrorKind = 'internal'): ApiError {
  if (error instanceof ApiError) return error;
  if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    const kind = KINDS.includes(e.kind as ApiErrorKind) ? (e.kind as ApiErrorKind) : fallbackKind;
    const problems = Array.isArray(e.problems) ? e.problems.filter(isProblem) : [];
    const raw = typeof e.message === 'string' ? e.message : String(error);
    return new ApiError(kind, cleanMessage(raw), problems);
  }
  return new ApiError(fallbackKind, cleanMessage(String(error)));
}

/** Electron prefixes rejected IPC calls ("Error invoking remote method 'x': AuditError: …"). */
function cleanMessage(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*':\s*/, '').replace(/^(Audit|Api)?Error:\s*/, '').trim() || 'Something went wrong';
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

declare global {
  interface Window {
    permaudit?: DesktopBridge;
  }
}
