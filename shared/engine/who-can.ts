// Who can do a permission within a scope: every grant that applies there, with who holds it and why.
// It starts from the few roles that grant the permission, never from every user.

import type { Channel, Permission } from '../model/types';
import type { Assignment, SnapshotView, TenantNode, User } from '../snapshot';
import type { Role } from '../model/types';
import { placesOf, placedColumns, PLACEMENTS, type PeopleSort } from './matrix';
import { effectiveGrants } from './bulk';
import { potentialOf, type PotentialHop } from './potential';
import { peopleComparer, sortByPerson } from './people-order';
import {
  assignmentsAbove,
  assignmentsAtAndBelow,
  addPersonFacts,
  compareText,
  grantedChannels,
  pathOf,
  peopleOf,
  labelOf,
  requireNode,
  requirePermission,
  rolesGrantingIt,
  type Evaluator,
  type PlacedAssignment,
  type Placement,
  type GrantChain,
  type PersonFacts,
} from './walk';

export interface WhoCanEntry extends GrantChain, PersonFacts {
  userId: number;
  email: string;
  name: string;
  /** Path of the node where the grant applies within the question's scope. */
  scope: string;
  /** True when it applies at `scope` and every node below it. */
  includesBelow: boolean;
  /**
   * Potential access (asked for with `potential`): the person holds no role giving the permission
   * there, but could give themselves the role (`roleId`, at `assignedAt`) by the path's hops, one hop
   * a permission that gives roles. The assignment and import row are those starting the path.
   */
  potential?: true;
  path?: PotentialHop[];
}

export interface WhoCanAnswer {
  permission: Permission;
  scope: string | null;
  channel: Channel | null;
  /** True when potential holders were asked for: they follow the others in `entries`, marked `potential`. */
  potential?: boolean;
  entries: WhoCanEntry[];
}

/** Entries of one person: by where the role is assigned, then by role. */
function samePerson(a: WhoCanEntry, b: WhoCanEntry): number {
  return compareText(a.assignedAt, b.assignedAt) || compareText(a.role, b.role);
}

/** Builds entries, looking up once per role and node what an entry takes from them. */
function entryBuilder(ev: Evaluator, permission: Permission, channel: Channel | undefined, scopePath: string | undefined) {
  const ofRole = new Map<string, { label: string; granted: ReturnType<typeof grantedChannels> }>();
  const paths = new Map<number, string>();
  return (assignment: Readonly<Assignment>, role: Role, placement: Placement, user: User): WhoCanEntry => {
    let roleFacts = ofRole.get(role.id);
    if (!roleFacts)
      ofRole.set(
        role.id,
        (roleFacts = { label: labelOf(ev.model, role), granted: grantedChannels(ev.model, role, permission.id, channel) }),
      );
    let assignedAt = paths.get(assignment.nodeId);
    if (assignedAt === undefined) paths.set(assignment.nodeId, (assignedAt = pathOf(ev.view, assignment.nodeId)));
    const entry: WhoCanEntry = {
      assignmentId: assignment.id,
      roleId: role.id,
      role: role.name,
      roleLabel: roleFacts.label,
      assignedAt,
      reach: role.reach,
      permissionId: permission.id,
      channels: roleFacts.granted.channels,
      grantSource: roleFacts.granted.source,
      sourceFile: assignment.sourceFile,
      sourceLine: assignment.sourceLine,
      userId: user.id,
      email: user.email,
      name: user.name,
      // A role above the scope, or at it, applies at the scope; one below applies where it is assigned.
      scope: scopePath !== undefined && placement !== 'below' ? scopePath : assignedAt,
      includesBelow: role.reach === 'subtree',
    };
    return addPersonFacts(entry, user);
  };
}

/** Entries built and sorted by person (see people-order.ts), then as samePerson orders them. */
function sortedEntries(
  ev: Evaluator,
  placed: PlacedAssignment[],
  permission: Permission,
  channel: Channel | undefined,
  scopePath: string | undefined,
): WhoCanEntry[] {
  const people = peopleOf(ev, placed);
  const entryOf = entryBuilder(ev, permission, channel, scopePath);
  const entries: WhoCanEntry[] = [];
  for (const { assignment, role, placement } of placed) {
    const user = people.get(assignment.userId);
    if (user) entries.push(entryOf(assignment, role, placement, user));
  }
  return sortByPerson(entries, personOf, ev.view.knownPeopleOrder(), samePerson);
}

const personOf = (entry: WhoCanEntry) => ({ id: entry.userId, email: entry.email, name: entry.name });

/**
 * What reaches a tenant from above is the same for every tenant under one parent (an MSSP's staff
 * reach each of its organizations), but for `scope`: kept per snapshot view, for the most recent
 * questions, and copied into each answer.
 */
const FROM_ABOVE = new WeakMap<SnapshotView, Map<string, WhoCanEntry[]>>();
const KEPT_FROM_ABOVE = 256;

function fromAbove(ev: Evaluator, scope: TenantNode, permission: Permission, roleIds: string[], channel?: Channel): WhoCanEntry[] {
  let kept = FROM_ABOVE.get(ev.view);
  if (!kept) FROM_ABOVE.set(ev.view, (kept = new Map()));
  const key = `${ev.model.model.id}@${ev.model.version.id}\n${scope.parentId}\n${permission.id}\n${channel ?? ''}`;
  let found = kept.get(key);
  if (!found) {
    found = sortedEntries(ev, assignmentsAbove(ev, scope, roleIds), permission, channel, '');
    if (kept.size >= KEPT_FROM_ABOVE) kept.delete(kept.keys().next().value as string);
    kept.set(key, found);
  }
  return found;
}

/** Two lists each sorted by person, merged into one (the first's entries first among equals). */
function merge(ev: Evaluator, a: WhoCanEntry[], b: WhoCanEntry[]): WhoCanEntry[] {
  const byPerson = peopleComparer(ev.view.knownPeopleOrder());
  const merged: WhoCanEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length)
    merged.push((byPerson(personOf(a[i]), personOf(b[j])) || samePerson(a[i], b[j])) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) merged.push(a[i++]);
  while (j < b.length) merged.push(b[j++]);
  return merged;
}

/**
 * Who could give themselves the permission (potential.ts), within the scope as whoCan reads it: one
 * entry per place they could gain it, in email order, then by place. One pass over everyone's grants.
 */
export function potentialEntries(ev: Evaluator, permission: Permission, scope: TenantNode | undefined, channel?: Channel): WhoCanEntry[] {
  const entries: WhoCanEntry[] = [];
  const ancestors = scope ? new Set(ev.view.ancestors(scope.id).map((n) => n.id)) : undefined;
  /** Where a grant at the node applies within the scope: the scope, from above or at it; the node, below it; else nowhere. */
  const within = (nodeId: number, reach: string, path: string): string | undefined => {
    if (!scope) return path;
    if (nodeId === scope.id || (reach === 'subtree' && ancestors?.has(nodeId))) return scope.path;
    return ev.view.ancestors(nodeId).some((n) => n.id === scope.id) ? path : undefined;
  };
  for (const { user, assignments, grants } of effectiveGrants(ev)) {
    if (grants.length === 0) continue;
    const gained = potentialOf(ev, grants).filter((p) => p.permissionId === permission.id && (!channel || p.channels.includes(channel)));
    for (const p of gained) {
      const at = within(p.nodeId, p.reach, p.path);
      if (at === undefined) continue;
      const role = roleOfId(ev, p.roleId);
      const start = assignments.find((a) => a.id === p.assignmentId) as Assignment;
      const entry: WhoCanEntry = {
        assignmentId: start.id,
        roleId: role.id,
        role: role.name,
        roleLabel: labelOf(ev.model, role),
        assignedAt: p.path,
        reach: p.reach,
        permissionId: permission.id,
        channels: [...p.channels],
        grantSource: [...p.grantSource],
        sourceFile: start.sourceFile,
        sourceLine: start.sourceLine,
        userId: user.id,
        email: user.email,
        name: user.name,
        scope: at,
        includesBelow: p.reach === 'subtree',
        potential: true,
        path: p.hops,
      };
      entries.push(addPersonFacts(entry, user));
    }
  }
  return entries.sort((a, b) => compareText(a.email, b.email) || compareText(a.scope, b.scope) || compareText(a.assignedAt, b.assignedAt));
}

const roleOfId = (ev: Evaluator, id: string) => ev.model.roleById.get(id) as Role;

/**
 * Who can do the permission: within `scopePath` (its ancestors' roles that reach it, roles at it, and
 * roles below it, each applying where it is assigned), or anywhere when no scope is given. With
 * `potential`, those who could give it to themselves follow, marked `potential` (potentialEntries).
 */
export function whoCan(
  ev: Evaluator,
  permissionIdOrLabel: string,
  scopePath?: string,
  channel?: Channel,
  options: { potential?: boolean } = {},
): WhoCanAnswer {
  const permission = requirePermission(ev.model, permissionIdOrLabel);
  const scope = scopePath === undefined ? undefined : requireNode(ev.view, scopePath);
  const roleIds = rolesGrantingIt(ev.model, permission.id, channel);
  const here = sortedEntries(ev, assignmentsAtAndBelow(ev, scope, roleIds), permission, channel, scope?.path);
  const potential = options.potential ? potentialEntries(ev, permission, scope, channel) : [];
  const asked = { permission, channel: channel ?? null, ...(options.potential ? { potential: true } : {}) };
  if (!scope) return { ...asked, scope: null, entries: [...here, ...potential] };
  const above = fromAbove(ev, scope, permission, roleIds, channel).map((entry) => ({ ...entry, scope: scope.path }));
  return { ...asked, scope: scope.path, entries: [...merge(ev, above, here), ...potential] };
}

/** What a windowed who-can is asked for: the question, and the filter and order of its entries. */
export interface WhoCanQuery {
  permission: string;
  scope?: string;
  channel?: Channel;
  /** Only entries whose person (email, name), role or where it is assigned contains this, in any case. */
  search?: string;
  sort?: Exclude<PeopleSort, 'access'>;
  /** Also those who could give themselves the permission, after everyone who holds it. */
  potential?: boolean;
}

/**
 * A who-can answer worked out and ordered as columns, one entry a position (see matrix.ts's
 * MatrixTable): its entries read a window at a time (whoCanEntries), equal to whoCan's entries.
 */
export interface WhoCanTable {
  permission: Permission;
  scope: TenantNode | undefined;
  channel: Channel | null;
  /** Entries (after the search), and the distinct people among them. */
  total: number;
  people: number;
  /** Of every entry (before the search), those whose grant holds on one channel only. */
  only: { ui: number; api: number };
  /** The entries in order, as indexes into `placed`. */
  order: Int32Array;
  placed: ReturnType<typeof placedColumns>;
  users: Map<number, User>;
  /** Potential entries (after the search), read after the `order` ones: counted in `total`, their people not yet counted in `people`. */
  potential: WhoCanEntry[];
  /** The distinct people among the `order` entries (who hold it) and among the potential ones (who could give themselves it). */
  holders: number;
  potentialPeople: number;
}

export function whoCanTable(ev: Evaluator, query: WhoCanQuery): WhoCanTable {
  const permission = requirePermission(ev.model, query.permission);
  const scope = query.scope === undefined ? undefined : requireNode(ev.view, query.scope);
  const channel = query.channel;
  const placed = placedColumns(ev, scope, rolesGrantingIt(ev.model, permission.id, channel));
  // A whole tenancy has a million entries: what each needs of its person and node is looked up once
  // per person and node, into arrays indexed by their ids (numbered from 1 in each snapshot).
  const userIds = placed.users.subarray(0, placed.length);
  const nodeIds = placed.nodes.subarray(0, placed.length);
  const users = ev.view.usersByIds(distinct(userIds));
  const roles = ev.model.roles;
  const granted = roles.map((role) => grantedChannels(ev.model, role, permission.id, channel).channels);
  const only = { ui: 0, api: 0 };
  for (let i = 0; i < placed.length; i++) {
    const channels = granted[placed.roles[i]];
    if (channels.length === 1) only[channels[0]]++;
  }

  const needle = query.search?.trim() ? query.search.trim().toLocaleLowerCase() : null;
  const has = (text: string) => needle !== null && text.toLocaleLowerCase().includes(needle);
  const personKept = byId(userIds, (id) => {
    const user = users.get(id);
    return user !== undefined && (needle === null || has(user.email) || has(user.name)) ? 1 : 0;
  });
  const nodeKept = byId(nodeIds, (id) => (needle !== null && has(pathOf(ev.view, id)) ? 1 : 0));
  const roleKept = roles.map((role) => has(labelOf(ev.model, role)));
  const kept: number[] = [];
  for (let i = 0; i < placed.length; i++) {
    if (
      personKept[userIds[i]] === 1 ||
      (needle !== null && users.has(userIds[i]) && (nodeKept[nodeIds[i]] === 1 || roleKept[placed.roles[i]]))
    )
      kept.push(i);
  }
  const keptEntries = Int32Array.from(kept);

  // Entries by person, then as samePerson orders them: where assigned (by path), then role (by name).
  // People's places are numbers; entries go to their person's bucket (a counting sort), and each
  // person's few are sorted among themselves.
  const places = placesOf(ev, users, query.sort);
  const placeOfUser = byId(userIds, (id) => places.get(id) ?? 0);
  const nodeRank = rankOf(distinct(Int32Array.from(keptEntries, (i) => nodeIds[i])), (id) => pathOf(ev.view, id));
  const nodePlaceOf = byId(nodeIds, (id) => nodeRank.get(id) ?? 0);
  const roleRank = rankOf(
    roles.map((_, i) => i),
    (i) => roles[i].name,
  );
  const rolePlace = Int32Array.from(roles, (_, r) => roleRank.get(r) as number);
  const entryNode = Int32Array.from(keptEntries, (i) => nodePlaceOf[nodeIds[i]]);
  const entryRole = Int32Array.from(keptEntries, (i) => rolePlace[placed.roles[i]]);
  const sorted = byBuckets(
    keptEntries.map((_, k) => k),
    Int32Array.from(keptEntries, (i) => placeOfUser[userIds[i]]),
    (a, b) => entryNode[a] - entryNode[b] || entryRole[a] - entryRole[b] || placed.ids[keptEntries[a]] - placed.ids[keptEntries[b]],
  );
  const order = sorted.order.map((k) => keptEntries[k]);
  const potential = query.potential
    ? potentialEntries(ev, permission, scope, channel).filter(
        (e) => needle === null || has(e.email) || has(e.name) || has(e.roleLabel) || has(e.assignedAt),
      )
    : [];
  let people = sorted.keys;
  const potentialPeople = new Set(potential.map((e) => e.userId)).size;
  if (potential.length > 0) {
    const counted = new Set(Array.from(order, (i) => userIds[i]));
    people += new Set(potential.filter((e) => !counted.has(e.userId)).map((e) => e.userId)).size;
  }
  return {
    permission,
    scope,
    channel: channel ?? null,
    total: order.length + potential.length,
    people,
    only,
    order,
    placed,
    users,
    potential,
    holders: sorted.keys,
    potentialPeople,
  };
}

/**
 * `items` ordered by `key` (small non-negative integers, key[k] the key of items[k]), then within a key
 * by `then`: a counting sort, then a sort of each key's few items. `keys`: how many keys occur.
 */
function byBuckets(items: Int32Array, key: Int32Array, then: (a: number, b: number) => number): { order: Int32Array; keys: number } {
  let max = -1;
  for (let k = 0; k < key.length; k++) if (key[k] > max) max = key[k];
  const start = new Int32Array(max + 2);
  for (let k = 0; k < key.length; k++) start[key[k] + 1]++;
  for (let b = 1; b < start.length; b++) start[b] += start[b - 1];
  const next = start.slice(0, -1);
  const order = new Int32Array(items.length);
  for (let k = 0; k < items.length; k++) order[next[key[k]]++] = items[k];
  let keys = 0;
  for (let b = 0; b + 1 < start.length; b++) {
    const size = start[b + 1] - start[b];
    if (size > 0) keys++;
    if (size > 1) order.subarray(start[b], start[b + 1]).sort(then);
  }
  return { order, keys };
}

/** The distinct ids among these (ids from 1, as a snapshot numbers its people and nodes). */
function distinct(ids: Int32Array): number[] {
  const seen = new Uint8Array(max(ids) + 1);
  const found: number[] = [];
  for (const id of ids) {
    if (seen[id] === 0) found.push(id);
    seen[id] = 1;
  }
  return found;
}

/** `value(id)` for each distinct id among these, in an array indexed by id. */
function byId(ids: Int32Array, value: (id: number) => number): Int32Array {
  const values = new Int32Array(max(ids) + 1);
  const done = new Uint8Array(values.length);
  for (const id of ids) {
    if (done[id] === 1) continue;
    done[id] = 1;
    values[id] = value(id);
  }
  return values;
}

function max(ids: Int32Array): number {
  let most = 0;
  for (const id of ids) if (id > most) most = id;
  return most;
}

/** Each item's place when sorted by its text (compareText); equal texts share a place. */
function rankOf<T>(items: T[], text: (item: T) => string): Map<T, number> {
  const sorted = items.map((item) => ({ item, text: text(item) })).sort((a, b) => compareText(a.text, b.text));
  const rank = new Map<T, number>();
  sorted.forEach(({ item, text: t }, i) =>
    rank.set(item, i > 0 && compareText(sorted[i - 1].text, t) === 0 ? (rank.get(sorted[i - 1].item) as number) : i),
  );
  return rank;
}

/** Entries [from, to) of a who-can table (clamped), as whoCan gives them. */
export function whoCanEntries(ev: Evaluator, table: WhoCanTable, from = 0, to = table.order.length): WhoCanEntry[] {
  const { placed } = table;
  const entryOf = entryBuilder(ev, table.permission, table.channel ?? undefined, table.scope?.path);
  const entries: WhoCanEntry[] = [];
  for (let k = Math.max(0, from); k < Math.min(to, table.order.length); k++) {
    const i = table.order[k];
    const assignment = {
      id: placed.ids[i],
      userId: placed.users[i],
      nodeId: placed.nodes[i],
      roleId: '',
      sourceFile: placed.files[placed.fileOf[i]],
      sourceLine: placed.lines[i],
    };
    entries.push(
      entryOf(assignment, ev.model.roles[placed.roles[i]], PLACEMENTS[placed.placements[i]], table.users.get(assignment.userId) as User),
    );
  }
  const held = table.order.length;
  return [...entries, ...table.potential.slice(Math.max(0, from - held), Math.max(0, to - held))];
}
