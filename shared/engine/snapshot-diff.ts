// "What changed in our access since the last review?" (two snapshots of one platform) and "whom does
// the vendor's role change affect?" (one snapshot under two models). People are matched by email
// (the importer normalizes it), nodes by path, assignments by (person, path, role). One streamed pass
// over both snapshots' assignment keys, person by person: only a person whose assignments differ, or
// who holds a role whose grants differ between the two models, is read in full and evaluated.

import { AuditError } from '../errors';
import type { ResolvedModel } from '../model/resolve';
import type { Assignment, SnapshotInfo, SnapshotView, User, UserAssignmentKeys } from '../snapshot';
import { accessDelta, type AccessChange } from './access-delta';
import { keyed, pairUsers } from './bulk';
import { compareCodePoints } from './code-point-order';
import { diffModels, rolesWithOtherGrants } from './model-diff';
import { labelOf, pathOf, type Evaluator } from './walk';

/** One change of effective access, with the person it is about. */
export interface PersonAccessChange extends AccessChange {
  email: string;
  name: string;
}

export interface AssignmentRow {
  email: string;
  name: string;
  roleId: string;
  /** The role as people read it ("Admin · organization"). */
  role: string;
  path: string;
}

export type UserField = 'name' | 'status' | 'mfa' | 'lastLogin';

export interface UserChange {
  email: string;
  name: string;
  changes: { field: UserField; before: string | null; after: string | null }[];
}

export interface DiffCounts {
  /** People who gain something (added people included), and how many grants they gain. */
  gainers: number;
  gained: number;
  losers: number;
  lost: number;
  usersAdded: number;
  usersRemoved: number;
  usersChanged: number;
  assignmentsAdded: number;
  assignmentsRemoved: number;
}

export interface SnapshotDiff {
  before: SnapshotInfo;
  after: SnapshotInfo;
  /** Where the two snapshots were read with different model versions, a sentence saying so; each side is evaluated under its own. */
  modelNote: string | null;
  users: { added: string[]; removed: string[]; changed: UserChange[] };
  assignments: { added: AssignmentRow[]; removed: AssignmentRow[] };
  /** Grouped by person (people with a privileged change first), privileged changes first within each. */
  access: PersonAccessChange[];
  counts: DiffCounts;
  /** "4 people gain 17 grants, 2 lose 9; 1 added, 1 removed". */
  summary: string;
}

export interface DiffSide {
  snapshot: SnapshotInfo;
  evaluator: Evaluator;
}

const FIELDS: UserField[] = ['name', 'status', 'mfa', 'lastLogin'];

function userChange(then: User, now: User): UserChange | undefined {
  const changes = FIELDS.filter((f) => (then[f] ?? null) !== (now[f] ?? null)).map((field) => ({
    field,
    before: then[field] ?? null,
    after: now[field] ?? null,
  }));
  return changes.length > 0 ? { email: now.email, name: now.name, changes } : undefined;
}

function assignmentRow(ev: Evaluator, user: User, a: Pick<Assignment, 'nodeId' | 'roleId'>): AssignmentRow {
  const role = ev.model.roleById.get(a.roleId);
  return {
    email: user.email,
    name: user.name,
    roleId: a.roleId,
    role: role ? labelOf(ev.model, role) : a.roleId,
    path: pathOf(ev.view, a.nodeId),
  };
}

/** Whether two states of one person's keys hold the same assignments (by path and role). */
function sameAssignments(before: Evaluator, then: UserAssignmentKeys, after: Evaluator, now: UserAssignmentKeys): boolean {
  if (then.keys.length !== now.keys.length) return false;
  const earlier = keyed(before.view, then.keys);
  for (const key of keyed(after.view, now.keys).keys()) if (!earlier.has(key)) return false;
  return true;
}

/** People with a privileged change first, then by email; each person's changes stay together, in their order. */
export function groupByPerson(changes: PersonAccessChange[][]): PersonAccessChange[] {
  const privileged = (list: PersonAccessChange[]) => list.some((c) => c.privileged);
  return changes
    .filter((list) => list.length > 0)
    .sort((a, b) => Number(privileged(b)) - Number(privileged(a)) || compareCodePoints(a[0].email, b[0].email))
    .flat();
}

/** The changes of a grouped list (groupByPerson) split back into each person's run, in order. */
export function personRuns(access: readonly PersonAccessChange[]): PersonAccessChange[][] {
  const runs: PersonAccessChange[][] = [];
  for (const c of access) {
    const last = runs[runs.length - 1];
    if (last && last[0].email === c.email) last.push(c);
    else runs.push([c]);
  }
  return runs;
}

/** Who gains and loses how much. */
export function countAccess(access: readonly PersonAccessChange[]): Pick<DiffCounts, 'gainers' | 'gained' | 'losers' | 'lost'> {
  const gainers = new Set<string>();
  const losers = new Set<string>();
  let gained = 0;
  let lost = 0;
  for (const c of access) {
    if (c.change === 'gained') {
      gainers.add(c.email);
      gained++;
    } else {
      losers.add(c.email);
      lost++;
    }
  }
  return { gainers: gainers.size, gained, losers: losers.size, lost };
}

function countChanges(access: PersonAccessChange[], users: SnapshotDiff['users'], assignments: SnapshotDiff['assignments']): DiffCounts {
  return {
    ...countAccess(access),
    usersAdded: users.added.length,
    usersRemoved: users.removed.length,
    usersChanged: users.changed.length,
    assignmentsAdded: assignments.added.length,
    assignmentsRemoved: assignments.removed.length,
  };
}

const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;
const grants = (n: number) => `${n} ${n === 1 ? 'grant' : 'grants'}`;

/** "4 people gain 17 grants, 2 lose 9". */
export function accessSummary(counts: Pick<DiffCounts, 'gainers' | 'gained' | 'losers' | 'lost'>): string {
  const gains =
    counts.gainers === 0
      ? 'nobody gains access'
      : `${people(counts.gainers)} ${counts.gainers === 1 ? 'gains' : 'gain'} ${grants(counts.gained)}`;
  const losses = counts.losers === 0 ? 'nobody loses any' : `${counts.losers} ${counts.losers === 1 ? 'loses' : 'lose'} ${counts.lost}`;
  return `${gains}, ${losses}`;
}

/** "4 people gain 17 grants, 2 lose 9; 1 added, 1 removed". */
export function summarize(counts: DiffCounts): string {
  return `${accessSummary(counts)}; ${counts.usersAdded} added, ${counts.usersRemoved} removed`;
}

/** The two snapshots' model versions, where they differ: each side is evaluated under its own. */
function modelNote(before: DiffSide, after: DiffSide): string | null {
  const model = ({ snapshot, evaluator }: DiffSide) =>
    `${snapshot.model.origin === 'user' ? `the model file ${snapshot.model.fileName}` : `the built-in ${snapshot.model.name} model`} version ${evaluator.model.version.id}`;
  const [a, b] = [model(before), model(after)];
  if (a === b && before.snapshot.model.sha256 === after.snapshot.model.sha256) return null;
  return `snapshot #${before.snapshot.id} was read with ${a} and #${after.snapshot.id} with ${b}: each is evaluated under its own`;
}

/** How far a diff has got: people compared so far, of how many (both counted in the snapshot with more people). */
export interface DiffProgress {
  done: number;
  total: number;
}

/** People compared between two progress reports of a diff: a few milliseconds of work. */
export const DIFF_STEP = 2000;

/** Two snapshots compared at once: the diff's steps run to their end (the CLI, tests). */
export function diffSnapshots(before: DiffSide, after: DiffSide): SnapshotDiff {
  const steps = diffSnapshotSteps(before, after);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The diff as steps: yields how far it has got (first before any person is read, then every `step`
 * people) and returns the diff, so that a host can run it a step per turn of its event loop, with
 * progress and cancel, while the CLI runs it straight through (diffSnapshots).
 */
export function* diffSnapshotSteps(before: DiffSide, after: DiffSide, step = DIFF_STEP): Generator<DiffProgress, SnapshotDiff> {
  if (before.snapshot.platform !== after.snapshot.platform) {
    throw new AuditError(
      'input',
      `snapshot #${before.snapshot.id} is ${before.evaluator.model.model.name} and #${after.snapshot.id} is ${after.evaluator.model.model.name}: a diff compares two snapshots of one platform`,
    );
  }
  const a = before.evaluator;
  const b = after.evaluator;
  // Under two models, a person with the same assignments may still gain or lose through a role whose grants differ.
  const otherGrants = a.model === b.model ? new Set<string>() : rolesWithOtherGrants(diffModels(a.model, b.model));
  const users: SnapshotDiff['users'] = { added: [], removed: [], changed: [] };
  const assignments: SnapshotDiff['assignments'] = { added: [], removed: [] };
  const perPerson: PersonAccessChange[][] = [];
  // Both snapshots are read in email order side by side: how far the larger one has been read says how far the diff is.
  const total = Math.max(before.snapshot.userCount, after.snapshot.userCount);
  const read = { before: 0, after: 0, pairs: 0 };
  yield { done: 0, total };
  for (const { then, now } of pairUsers(a.view, b.view)) {
    if (then) read.before++;
    if (now) read.after++;
    if (++read.pairs % step === 0) yield { done: Math.min(total, Math.max(read.before, read.after)), total };
    if (then && now) {
      const changed = userChange(then.user, now.user);
      if (changed) users.changed.push(changed);
      if (sameAssignments(a, then, b, now) && !now.keys.some((k) => otherGrants.has(k.roleId))) continue;
    } else if (now) users.added.push(now.user.email);
    else if (then) users.removed.push(then.user.email);
    const earlier = then ? a.view.assignmentsOfUser(then.user.id) : [];
    const later = now ? b.view.assignmentsOfUser(now.user.id) : [];
    const person = (now ?? then)!.user;
    const removed = keyed(a.view, earlier);
    const added = keyed(b.view, later);
    for (const key of [...removed.keys()]) if (added.delete(key)) removed.delete(key);
    for (const key of removed.values()) assignments.removed.push(assignmentRow(a, then!.user, key));
    for (const key of added.values()) assignments.added.push(assignmentRow(b, now!.user, key));
    const delta = accessDelta({ ...a, assignments: earlier }, { ...b, assignments: later });
    perPerson.push(delta.map((c) => ({ email: person.email, name: person.name, ...c })));
  }
  const byPlace = (x: AssignmentRow, y: AssignmentRow) =>
    compareCodePoints(x.email, y.email) || compareCodePoints(x.path, y.path) || compareCodePoints(x.role, y.role);
  assignments.added.sort(byPlace);
  assignments.removed.sort(byPlace);
  const access = groupByPerson(perPerson);
  const counts = countChanges(access, users, assignments);
  return {
    before: before.snapshot,
    after: after.snapshot,
    modelNote: modelNote(before, after),
    users,
    assignments,
    access,
    counts,
    summary: summarize(counts),
  };
}

/**
 * The people of one snapshot whose effective access changes from one model to the other, with what,
 * where and through which assignment: only holders of a role whose grants differ are evaluated.
 */
export function modelImpact(
  view: SnapshotView,
  before: ResolvedModel,
  after: ResolvedModel,
  roleIds: ReadonlySet<string>,
): PersonAccessChange[] {
  const holders = new Set<number>();
  view.eachAssignment([...roleIds], (a) => holders.add(a.userId));
  const perPerson: PersonAccessChange[][] = [];
  for (const user of view.usersByIds([...holders]).values()) {
    const assignments = view.assignmentsOfUser(user.id);
    const delta = accessDelta({ view, model: before, assignments }, { view, model: after, assignments });
    perPerson.push(delta.map((c) => ({ email: user.email, name: user.name, ...c })));
  }
  return groupByPerson(perPerson);
}
