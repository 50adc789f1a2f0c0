// The access matrix: people × permissions at one tenant. Each cell says what the person can do at the
// tenant itself, on which channel, or that they can only do it somewhere below it.

import { CHANNELS, type Channel, type Permission } from '../model/types';
import type { ResolvedModel } from '../model/resolve';
import { sortByPerson } from './people-order';
import { assignmentsInScope, grantedChannels, labelOf, pathOf, peopleOf, addPersonFacts, requireNode, type Evaluator, type PersonFacts } from './walk';

/**
 * A matrix cell: `all` the user can do it at the matrix's scope on every channel, `ui`/`api` there
 * only on that channel, `below` not there but at some node below it, `none` nowhere in scope. The
 * scope of a matrix asked without one is the whole tenancy: its single root, or, when the snapshot
 * has several roots, a top above them all (so nothing is granted "there", only below).
 */
export type MatrixCell = 'all' | 'ui' | 'api' | 'below' | 'none';

export interface MatrixRow extends PersonFacts {
  userId: number;
  email: string;
  name: string;
  /** The user's roles that apply here or below, as `Role @ path`. */
  roles: string[];
  /** One cell per permission, in the matrix's permission order. */
  cells: MatrixCell[];
}

export interface AccessMatrix {
  /** The node the cells are about; null for a top above several roots (see MatrixCell). */
  scope: string | null;
  permissions: Permission[];
  rows: MatrixRow[];
}

/** Per role, the cell it contributes for each permission when it applies at the matrix's scope itself. */
function roleCells(model: ResolvedModel, permissions: Permission[], channel?: Channel): Map<string, MatrixCell[]> {
  const cells = new Map<string, MatrixCell[]>();
  for (const role of model.roles) {
    cells.set(
      role.id,
      permissions.map((p) => {
        const granted = grantedChannels(model, role, p.id, channel).channels;
        if (granted.length === 0) return 'none';
        return granted.length === CHANNELS.length ? 'all' : granted[0];
      }),
    );
  }
  return cells;
}

const CELL_RANK: Record<MatrixCell, number> = { none: 0, below: 1, ui: 2, api: 2, all: 3 };

function mergeCell(current: MatrixCell, next: MatrixCell): MatrixCell {
  if ((current === 'ui' && next === 'api') || (current === 'api' && next === 'ui')) return 'all';
  return CELL_RANK[next] > CELL_RANK[current] ? next : current;
}

/**
 * Users × permissions at a node: each user whose roles apply at the node or below it, each cell what
 * the user can do at the node itself (or `below` where it is only granted further down). Without a
 * scope, the whole tenancy: at its root, or, with several roots, at a top above them (see MatrixCell).
 */
export function accessMatrix(ev: Evaluator, scopePath?: string, channel?: Channel): AccessMatrix {
  const permissions = ev.model.permissions;
  const roots = ev.view.children(null);
  const scope = scopePath !== undefined ? requireNode(ev.view, scopePath) : roots.length === 1 ? roots[0] : undefined;
  const cellsOfRole = roleCells(ev.model, permissions, channel);
  const placed = assignmentsInScope(ev, scope, ev.model.roles.map((r) => r.id));
  const people = peopleOf(ev, placed);
  const rows = new Map<number, MatrixRow>();
  for (const { assignment, role, placement } of placed) {
    let row = rows.get(assignment.userId);
    if (!row) {
      const user = people.get(assignment.userId);
      if (!user) continue;
      row = addPersonFacts<MatrixRow>({ userId: user.id, email: user.email, name: user.name, roles: [], cells: permissions.map((): MatrixCell => 'none') }, user);
      rows.set(user.id, row);
    }
    row.roles.push(`${labelOf(ev.model, role)} @ ${pathOf(ev.view, assignment.nodeId)}`);
    const contributed = cellsOfRole.get(role.id) ?? [];
    for (let i = 0; i < contributed.length; i++) {
      if (contributed[i] === 'none') continue;
      row.cells[i] = mergeCell(row.cells[i], placement === 'below' ? 'below' : contributed[i]);
    }
  }
  const byPerson = sortByPerson([...rows.values()], (row) => ({ id: row.userId, email: row.email, name: row.name }), ev.view.knownPeopleOrder(), () => 0);
  return { scope: scope?.path ?? null, permissions, rows: byPerson };
}
