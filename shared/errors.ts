// Errors are values with a kind and a message a user can act on. Hosts map kinds to exit codes
// (CLI), HTTP statuses (browser mode) and typed IPC errors (desktop).

export type ErrorKind =
  /** The request itself is malformed: unknown flag, missing argument. */
  | 'usage'
  /** The input is wrong: bad CSV, unknown permission, unknown user, bad model. */
  | 'input'
  /** Something named does not exist: snapshot, database file. */
  | 'not-found'
  /** The database was written by a newer version of the app. */
  | 'incompatible'
  /** The import would repeat an existing snapshot (the same files); the caller may allow it explicitly. */
  | 'duplicate'
  /** Another program kept the database locked for writing for longer than the app waits; try again later. */
  | 'busy'
  /** The caller cancelled the import (cancelImport, Ctrl+C); nothing was written. */
  | 'cancelled';

/** A problem at one place in an input file; printed as `FILE:LINE: message`. */
export interface Problem {
  file: string;
  line: number;
  message: string;
}

export class AuditError extends Error {
  readonly kind: ErrorKind;
  readonly problems: Problem[];

  constructor(kind: ErrorKind, message: string, problems: Problem[] = []) {
    super(message);
    this.name = 'AuditError';
    this.kind = kind;
    this.problems = problems;
  }
}

/** An error as it crosses a host boundary: `internal` is a bug, every other kind is the user's to fix. */
export interface ApiErrorInfo {
  kind: ErrorKind | 'internal';
  message: string;
  problems: Problem[];
}

const KINDS: readonly ApiErrorInfo['kind'][] = [
  'usage',
  'input',
  'not-found',
  'incompatible',
  'duplicate',
  'busy',
  'cancelled',
  'internal',
];

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return typeof p.file === 'string' && typeof p.line === 'number' && typeof p.message === 'string';
}

/**
 * Any thrown value as the error a host sends and a client shows: an AuditError keeps its kind and
 * problems, an error that crossed IPC or HTTP as a value is read back, anything else is of
 * `fallbackKind`. Electron's prefixes on rejected IPC calls ("Error invoking remote method 'x':
 * AuditError: …") are taken off the message.
 */
export function toApiError(error: unknown, fallbackKind: ApiErrorInfo['kind'] = 'internal'): ApiErrorInfo {
  const e = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const kind = KINDS.includes(e.kind as ApiErrorInfo['kind']) ? (e.kind as ApiErrorInfo['kind']) : fallbackKind;
  const problems = Array.isArray(e.problems) ? e.problems.filter(isProblem) : [];
  const raw = typeof e.message === 'string' ? e.message : String(error);
  const message = raw
    .replace(/^Error invoking remote method '[^']*':\s*/, '')
    .replace(/^(Audit|Api)?Error:\s*/, '')
    .trim();
  return { kind, message: message || 'Something went wrong', problems };
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

/** The full text of an error for a terminal: the message, then each problem on its own line. */
export function describeError(error: AuditError): string {
  return [error.message, ...error.problems.map(formatProblem)].join('\n');
}
