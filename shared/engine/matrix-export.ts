// The access matrix in the forms people take away: CSV for spreadsheets, a readable JSON object.
// Shared by the CLI and the UI's export, so both give the same file.

import { csvText } from '../csv/write';
import type { AccessMatrix, MatrixCell, PersonFacts } from './evaluate';

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

export function matrixCsv(matrix: AccessMatrix): string {
  return csvText(
    ['email', 'name', 'status', 'mfa', 'roles', ...matrix.permissions.map((p) => p.label)],
    matrix.rows.map((row) => [row.email, row.name, ...personCells(row), row.roles.join('; '), ...row.cells.map((c) => CELL_TEXT[c])]),
  );
}

export interface MatrixJson {
  scope: string | null;
  permissions: { id: string; label: string; category: string }[];
  /** `cells` lists only the permissions the user has; a missing id means no. */
  rows: (PersonFacts & { email: string; name: string; roles: string[]; cells: Record<string, Exclude<MatrixCell, 'none'>> })[];
}

export function matrixJson(matrix: AccessMatrix): MatrixJson {
  return {
    scope: matrix.scope,
    permissions: matrix.permissions.map((p) => ({ id: p.id, label: p.label, category: p.category })),
    rows: matrix.rows.map((row) => {
      const cells: MatrixJson['rows'][number]['cells'] = {};
      row.cells.forEach((cell, i) => {
        if (cell !== 'none') cells[matrix.permissions[i].id] = cell;
      });
      const { userId: _id, cells: _cells, ...person } = row;
      return { ...person, cells };
    }),
  };
}
