// How the access matrix's cells read, in tables, CSV and the UI (the exports are answer-stream.ts's).

import type { MatrixCell, PersonFacts } from './evaluate';

/** How a cell reads in a table, a CSV and the UI. */
export const CELL_TEXT: Record<MatrixCell, string> = {
  all: 'yes',
  ui: 'UI only',
  api: 'API only',
  below: 'below only',
  none: 'no',
};

export const CELL_SYMBOL: Record<MatrixCell, string> = {
  all: '✔',
  ui: 'U',
  api: 'A',
  below: '◐',
  none: '✖',
};

/** A person's status and MFA as export columns: the stored value, or `unknown` where the export did not say. */
export function personCells(person: PersonFacts): [string, string] {
  return [person.status ?? 'unknown', person.mfa ?? 'unknown'];
}
