// The access matrix: people × permissions at one tenant. Each cell says what the person can do at the
// tenant itself, on which channel, or that they can only do it somewhere below it.
//
// A matrix is worked out once into a compact table (a byte a cell, the roles as numbers), ordered
// and filtered; its rows are then read a window at a time. A whole tenancy of 100,000 people is a few
// megabytes as a table, where as row objects it would be hundreds.

import { CHANNELS, type Channel, type Permission } from '../model/types';
import type { ResolvedModel } from '../model/resolve';
import type { Assignment, TenantNode, User } from '../snapshot';
import { compareNatural, comparePeople } from './people-order';
import {
  assignmentsInScope,
  compareText,
  grantedChannels,
  labelOf,
  pathOf,
  addPersonFacts,
  requireNode,
  type Evaluator,
  type PersonFacts,
  type Placement,
} from './walk';

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
  /** The user's roles that apply here or below, as `Role @ path`, by path, then role. */
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

/** How people are listed: people order (by name, see people-order.ts), by email, or most access first. */
export type PeopleSort = 'name' | 'email' | 'access';

/** What a matrix is asked for: where and on which channel, and the filters and order of its rows. */
export interface MatrixQuery {
  scope?: string;
  channel?: Channel;
  /** Only these categories' permissions as columns (none: every permission). */
  categories?: readonly string[];
  /** Only people holding a role of this name here or below ("Admin · account"). */
  role?: string | null;
  /** Only people whose email, name or a role (`Role @ path`) contains this, in any case. */
  search?: string;
  sort?: PeopleSort;
}

/** A matrix worked out and ordered, its rows read a window at a time (matrixRows). */
export interface MatrixTable {
  scope: string | null;
  /** The columns, after the categories filter. */
  permissions: Permission[];
  /** Every category the model has, in model order: what a categories filter chooses from. */
  categories: string[];
  /** The role names held in scope (before the filters), sorted: what a role filter chooses from. */
  roles: string[];
  /** The rows' people, in order: the rows are rows[0 .. people.length). */
  people: User[];
  /** people.length × permissions.length cells, row by row (CELL_CODES). */
  cells: Uint8Array;
  /** The roles of row r: `roleOf[k]` assigned at `nodeOf[k]` for k in [roleStart[r], roleStart[r + 1]). */
  roleStart: Int32Array;
  roleOf: Uint16Array;
  nodeOf: Int32Array;
}

const CELL_CODES: readonly MatrixCell[] = ['none', 'below', 'ui', 'api', 'all'];
const CODE: Record<MatrixCell, number> = { none: 0, below: 1, ui: 2, api: 3, all: 4 };
const RANK = [0, 1, 2, 2, 3];

function mergeCode(current: number, next: number): number {
  if ((current === CODE.ui && next === CODE.api) || (current === CODE.api && next === CODE.ui)) return CODE.all;
  return RANK[next] > RANK[current] ? next : current;
}

/** Per role (by index in the model), the cell code it contributes for each column when it applies at the scope itself. */
function roleCodes(model: ResolvedModel, permissions: Permission[], channel?: Channel): Uint8Array[] {
  return model.roles.map(
    (role) =>
      new Uint8Array(
        permissions.map((p) => {
          const granted = grantedChannels(model, role, p.id, channel).channels;
          if (granted.length === 0) return CODE.none;
          return granted.length === CHANNELS.length ? CODE.all : CODE[granted[0]];
        }),
      ),
  );
}

/** The assignments that bear on a scope, as columns: who, where, which role (index in the model), and where it stands. */
interface Placed {
  length: number;
  ids: Int32Array;
  users: Int32Array;
  nodes: Int32Array;
  roles: Uint16Array;
  placements: Uint8Array;
  /** The import row behind each: `files[fileOf[i]]`, line `lines[i]`. */
  fileOf: Uint16Array;
  lines: Int32Array;
  files: string[];
}

export const PLACEMENTS: readonly Placement[] = ['above', 'at', 'below'];

/**
 * Is this scope the whole tenancy? Then every assignment bears on it, and the answer is one pass over
 * them all (eachAssignment) rather than a walk gathering them as objects.
 */
function isWholeTenancy(ev: Evaluator, scope: TenantNode | undefined): boolean {
  return scope === undefined || (scope.parentId === null && ev.view.children(null).length === 1);
}

/** The assignments of `roleIds` bearing on the scope (see assignmentsInScope), as columns. */
export function placedColumns(ev: Evaluator, scope: TenantNode | undefined, roleIds: readonly string[]): Placed {
  const roleIndex = new Map(ev.model.roles.map((r, i) => [r.id, i]));
  const wanted = new Set(roleIds);
  let capacity = 1024;
  const placed: Placed = {
    length: 0,
    ids: new Int32Array(capacity),
    users: new Int32Array(capacity),
    nodes: new Int32Array(capacity),
    roles: new Uint16Array(capacity),
    placements: new Uint8Array(capacity),
    fileOf: new Uint16Array(capacity),
    lines: new Int32Array(capacity),
    files: [],
  };
  const fileIndex = new Map<string, number>();
  const grow = <T extends Int32Array | Uint16Array | Uint8Array>(from: T, to: T) => (to.set(from), to);
  const add = (a: Readonly<Assignment>, placement: number) => {
    const role = roleIndex.get(a.roleId);
    if (role === undefined || !wanted.has(a.roleId)) return;
    if (placed.length === capacity) {
      capacity *= 2;
      placed.ids = grow(placed.ids, new Int32Array(capacity));
      placed.users = grow(placed.users, new Int32Array(capacity));
      placed.nodes = grow(placed.nodes, new Int32Array(capacity));
      placed.roles = grow(placed.roles, new Uint16Array(capacity));
      placed.placements = grow(placed.placements, new Uint8Array(capacity));
      placed.fileOf = grow(placed.fileOf, new Uint16Array(capacity));
      placed.lines = grow(placed.lines, new Int32Array(capacity));
    }
    let file = fileIndex.get(a.sourceFile);
    if (file === undefined) fileIndex.set(a.sourceFile, (file = placed.files.push(a.sourceFile) - 1));
    const i = placed.length++;
    placed.ids[i] = a.id;
    placed.users[i] = a.userId;
    placed.nodes[i] = a.nodeId;
    placed.roles[i] = role;
    placed.placements[i] = placement;
    placed.fileOf[i] = file;
    placed.lines[i] = a.sourceLine;
  };
  if (isWholeTenancy(ev, scope)) {
    const [at, below] = [PLACEMENTS.indexOf('at'), PLACEMENTS.indexOf('below')];
    ev.view.eachAssignment(roleIds, (a) => add(a, scope && a.nodeId === scope.id ? at : below));
  } else {
    for (const { assignment, placement } of assignmentsInScope(ev, scope, [...roleIds])) add(assignment, PLACEMENTS.indexOf(placement));
  }
  return placed;
}

/** Above this many people, an answer asks for everyone's place in people order (worked out once per snapshot) rather than sort them itself. */
const MANY_PEOPLE = 5_000;

/**
 * Each person's place in the order asked for, for sorting by a number: people order (by name) from the
 * snapshot's own where it is known or worth working out, else among these people; or by email.
 */
export function placesOf(ev: Evaluator, people: ReadonlyMap<number, User>, sort: PeopleSort | undefined): ReadonlyMap<number, number> {
  if (sort !== 'email') {
    const known = people.size > MANY_PEOPLE ? ev.view.peopleOrder() : ev.view.knownPeopleOrder();
    if (known) return known;
  }
  const byEmail = (a: User, b: User) => compareNatural(a.email, b.email) || a.id - b.id;
  const sorted = [...people.values()].sort(sort === 'email' ? byEmail : comparePeople);
  return new Map(sorted.map((user, place) => [user.id, place]));
}

const fold = (text: string) => text.toLocaleLowerCase();

export function matrixTable(ev: Evaluator, query: MatrixQuery = {}): MatrixTable {
  const model = ev.model;
  const roots = ev.view.children(null);
  const scope = query.scope !== undefined ? requireNode(ev.view, query.scope) : roots.length === 1 ? roots[0] : undefined;
  const chosen = new Set(query.categories ?? []);
  const permissions = chosen.size === 0 ? model.permissions : model.permissions.filter((p) => chosen.has(p.category));
  const codesOf = roleCodes(model, permissions, query.channel);
  const placed = placedColumns(
    ev,
    scope,
    model.roles.map((r) => r.id),
  );

  // Rows by user, in the order users first appear; each row's assignments together, in placed order
  // (a counting sort: row r's are byRow[start[r]] to byRow[start[r + 1] - 1]).
  const rowOfUser = new Map<number, number>();
  const userIds: number[] = [];
  const rowOf = new Int32Array(placed.length);
  for (let i = 0; i < placed.length; i++) {
    let row = rowOfUser.get(placed.users[i]);
    if (row === undefined) rowOfUser.set(placed.users[i], (row = userIds.push(placed.users[i]) - 1));
    rowOf[i] = row;
  }
  const start = new Int32Array(userIds.length + 1);
  for (let i = 0; i < placed.length; i++) start[rowOf[i] + 1]++;
  for (let r = 1; r < start.length; r++) start[r] += start[r - 1];
  const byRow = new Int32Array(placed.length);
  const fill = start.slice(0, -1);
  for (let i = 0; i < placed.length; i++) byRow[fill[rowOf[i]]++] = i;
  const below = PLACEMENTS.indexOf('below');
  const people = ev.view.usersByIds(userIds);
  const labels = model.roles.map((r) => labelOf(model, r));
  const roleNames = [...new Set(Array.from(placed.roles.subarray(0, placed.length), (r) => labels[r]))].sort(compareNatural);

  // The filters: a role by name, a text in the email, name or a role as `Role @ path`.
  const wantedRole = query.role ? query.role : null;
  const needle = query.search?.trim() ? fold(query.search.trim()) : null;
  const pathMatches = new Map<number, boolean>();
  const roleText = (k: number) => `${labels[placed.roles[k]]} @ ${pathOf(ev.view, placed.nodes[k])}`;
  const keep = (row: number, user: User) => {
    if (wantedRole !== null) {
      let holds = false;
      for (let k = start[row]; k < start[row + 1] && !holds; k++) holds = labels[placed.roles[byRow[k]]] === wantedRole;
      if (!holds) return false;
    }
    if (needle === null || fold(user.email).includes(needle) || fold(user.name).includes(needle)) return true;
    for (let k = start[row]; k < start[row + 1]; k++) {
      const node = placed.nodes[byRow[k]];
      let inPath = pathMatches.get(node);
      if (inPath === undefined) pathMatches.set(node, (inPath = fold(pathOf(ev.view, node)).includes(needle)));
      if (inPath || fold(roleText(byRow[k])).includes(needle)) return true;
    }
    return false;
  };

  // Cells of every row in one array (rows in the order users first appear), then the rows kept, in order.
  const columns = permissions.length;
  const rowCells = new Uint8Array(userIds.length * columns);
  const granted = new Int32Array(userIds.length);
  const kept: number[] = [];
  const merged = new Set<number>();
  for (let row = 0; row < userIds.length; row++) {
    const user = people.get(userIds[row]);
    if (!user || !keep(row, user)) continue;
    const base = row * columns;
    // A person's roles often repeat (one role at many tenants): each role and placement counts once.
    merged.clear();
    for (let k = start[row]; k < start[row + 1]; k++) {
      const i = byRow[k];
      const isBelow = placed.placements[i] === below;
      const key = placed.roles[i] * 2 + (isBelow ? 1 : 0);
      if (merged.has(key)) continue;
      merged.add(key);
      const codes = codesOf[placed.roles[i]];
      for (let c = 0; c < columns; c++)
        if (codes[c] !== CODE.none) rowCells[base + c] = mergeCode(rowCells[base + c], isBelow ? CODE.below : codes[c]);
    }
    for (let c = 0; c < columns; c++) if (rowCells[base + c] !== CODE.none) granted[row]++;
    kept.push(row);
  }
  const places = placesOf(ev, people, query.sort);
  const placeOf = Int32Array.from(userIds, (id) => places.get(id) ?? 0);
  const order = Int32Array.from(kept).sort(
    query.sort === 'access' ? (a, b) => granted[b] - granted[a] || placeOf[a] - placeOf[b] : (a, b) => placeOf[a] - placeOf[b],
  );

  const cells = new Uint8Array(order.length * columns);
  const roleStart = new Int32Array(order.length + 1);
  order.forEach((row, r) => {
    cells.set(rowCells.subarray(row * columns, (row + 1) * columns), r * columns);
    roleStart[r + 1] = roleStart[r] + start[row + 1] - start[row];
  });
  const roleOf = new Uint16Array(roleStart[order.length]);
  const nodeOf = new Int32Array(roleStart[order.length]);
  order.forEach((row, r) => {
    let at = roleStart[r];
    for (let k = start[row]; k < start[row + 1]; k++, at++) {
      roleOf[at] = placed.roles[byRow[k]];
      nodeOf[at] = placed.nodes[byRow[k]];
    }
  });
  return {
    scope: scope?.path ?? null,
    permissions,
    categories: [...new Set(model.permissions.map((p) => p.category))],
    roles: roleNames,
    people: Array.from(order, (row) => people.get(userIds[row]) as User),
    cells,
    roleStart,
    roleOf,
    nodeOf,
  };
}

/** Rows [from, to) of a matrix table (clamped to its rows). */
export function matrixRows(ev: Evaluator, table: MatrixTable, from = 0, to = table.people.length): MatrixRow[] {
  const columns = table.permissions.length;
  const rows: MatrixRow[] = [];
  for (let r = Math.max(0, from); r < Math.min(to, table.people.length); r++) {
    const user = table.people[r];
    // Roles by where they are assigned (from the top down), then by name: the same in every pass.
    const held: { path: string; label: string }[] = [];
    for (let k = table.roleStart[r]; k < table.roleStart[r + 1]; k++)
      held.push({ path: pathOf(ev.view, table.nodeOf[k]), label: labelOf(ev.model, ev.model.roles[table.roleOf[k]]) });
    held.sort((a, b) => compareText(a.path, b.path) || compareText(a.label, b.label));
    const roles = held.map((h) => `${h.label} @ ${h.path}`);
    const cells = Array.from(table.cells.subarray(r * columns, (r + 1) * columns), (code) => CELL_CODES[code]);
    rows.push(addPersonFacts<MatrixRow>({ userId: user.id, email: user.email, name: user.name, roles, cells }, user));
  }
  return rows;
}

/**
 * Users × permissions at a node: each user whose roles apply at the node or below it, each cell what
 * the user can do at the node itself (or `below` where it is only granted further down). Without a
 * scope, the whole tenancy: at its root, or, with several roots, at a top above them (see MatrixCell).
 */
export function accessMatrix(ev: Evaluator, scopePath?: string, channel?: Channel): AccessMatrix {
  const table = matrixTable(ev, { ...(scopePath !== undefined ? { scope: scopePath } : {}), ...(channel ? { channel } : {}) });
  return { scope: table.scope, permissions: table.permissions, rows: matrixRows(ev, table) };
}
