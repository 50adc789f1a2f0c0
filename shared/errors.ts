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
  | 'duplicate';

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

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

/** The full text of an error for a terminal: the message, then each problem on its own line. */
export function describeError(error: AuditError): string {
  return [error.message, ...error.problems.map(formatProblem)].join('\n');
}
