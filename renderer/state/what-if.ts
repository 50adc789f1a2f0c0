// What if: a plan of proposed changes to the open snapshot (add or remove an assignment, offboard a
// person, move a person's roles, give or take a permission from a role), the effective-access delta
// the back end works out for it after each edit, and the plans saved in the database. The snapshot
// is never touched; a plan is not tied to a snapshot.
import { createStore } from 'zustand/vanilla';
import type { Answered, ModelInfo, PersonAccessChange, SavedPlan, UserAccess, UserSummary } from '../../shared/api';
import { Plan, type PlanChange, type WhatIfAnswer } from '../../shared/engine/what-if';
import { roleLabel } from '../../shared/model/resolve';
import type { Role } from '../../shared/model/types';
import { check, formatPath } from '../../shared/schema';
import type { Client } from '../api/bridge';
import { pathCrumbs } from '../lib/format';
import { dataOf, latest, type Resource } from './resource';

/** The name a plan is evaluated under while the editor's name is empty (a plan must have one). */
export const UNTITLED = 'Untitled plan';

export const emptyPlan = (): Plan => ({ formatVersion: 1, name: '', changes: [] });

/** One of a person's assignments in the snapshot: a role (by id) at a tenant. */
export interface Held {
  roleId: string;
  path: string;
}

export interface WhatIfState {
  plan: Plan;
  /** The saved plan the editor holds (opened or last saved), null for a new one; `edited` since then. */
  saved: string | null;
  edited: boolean;
  /** The snapshot the delta is for, and the delta of the plan's changes as they were asked. */
  snapshotId: number | null;
  answer: Resource<Answered<WhatIfAnswer>>;
  /** Keys of the access changes whose why is open. */
  open: ReadonlySet<string>;
  /** Names of people picked in the editor, by email (a plan keeps only emails). */
  names: Readonly<Record<string, string>>;
  plans: Resource<SavedPlan[]>;
  /** People found by the person picker's search, and one person's assignments (for remove and move). */
  people: Resource<UserSummary[]>;
  held: Resource<{ email: string; assignments: Held[] }>;
  setName(name: string): void;
  setDescription(description: string): void;
  /** Adds a change at the end; `name` is the person's, for the editor's sentences. */
  addChange(change: PlanChange, name?: string): void;
  removeChange(index: number): void;
  setChanges(changes: PlanChange[]): void;
  /** Starts afresh: a new, empty plan. */
  newPlan(): void;
  toggle(key: string): void;
}

/** The plan as asked: its name, or "Untitled plan" while the editor's is empty. */
export const askedPlan = (plan: Plan): Plan => ({ ...plan, name: plan.name.trim() || UNTITLED });

/** What a model's names are for the editor's sentences. */
export interface Names {
  role(id: string): string;
  permission(id: string): string;
  person(email: string): string;
}

/** A tenant path as people read it: "Northwind MSP › Bayside Dental". */
export const placeText = (path: string) =>
  pathCrumbs(path)
    .map((c) => c.name)
    .join(' › ');

/** A role as the app shows it: its name, with its level where another role has the same name. */
export const roleName = (model: ModelInfo, role: Pick<Role, 'id' | 'name' | 'level'>) =>
  roleLabel({ model: { levels: model.platform.levels, roles: model.roles } }, role);

/** Names from the open snapshot's model, and the names of people the editor knows. */
export function namesOf(model: ModelInfo | undefined, people: Readonly<Record<string, string>>): Names {
  return {
    role: (id) => {
      const role = model?.roles.find((r) => r.id === id);
      return role && model ? roleName(model, role) : id;
    },
    permission: (id) => model?.permissions.find((p) => p.id === id || p.label.toLowerCase() === id.toLowerCase())?.label ?? id,
    person: (email) => people[email.trim().toLowerCase()] || email,
  };
}

/** A change as a sentence: "Give Dana Reyes Admin at Northwind MSP › Finance". */
export function describeChange(change: PlanChange, names: Names): string {
  switch (change.op) {
    case 'add':
      return `Give ${change.name || names.person(change.email)} ${names.role(change.role)} at ${placeText(change.scope)}`;
    case 'remove':
      return `Take ${names.role(change.role)} at ${placeText(change.scope)} from ${names.person(change.email)}`;
    case 'remove-person':
      return `Offboard ${names.person(change.email)}: remove every role`;
    case 'move':
      return `Move ${names.person(change.email)}’s roles from ${placeText(change.from)} to ${placeText(change.to)}`;
    case 'grant': {
      const only = change.channels?.length === 1 ? (change.channels[0] === 'ui' ? ' (UI only)' : ' (API only)') : '';
      return `${names.role(change.role)} grants “${names.permission(change.permission)}”${only}`;
    }
    case 'revoke':
      return `${names.role(change.role)} no longer grants “${names.permission(change.permission)}”`;
  }
}

const isGrantChange = (c: PlanChange, roleId: string, permissionId: string) =>
  (c.op === 'grant' || c.op === 'revoke') && c.role === roleId && c.permission === permissionId;

/** Whether the role grants the permission with the plan's changes made: its own grant, or the plan's last change of it. */
export function grantsWithPlan(role: Role, permissionId: string, changes: readonly PlanChange[]): boolean {
  const last = changes.findLast((c) => isGrantChange(c, role.id, permissionId));
  return last ? last.op === 'grant' : role.grants.some((g) => g.permission === permissionId);
}

/**
 * Toggles whether the role grants the permission: a change the plan already makes to that grant is
 * taken back (the model's grant again); otherwise a grant or a revoke is added, whichever changes it.
 */
export function toggleGrant(changes: readonly PlanChange[], role: Role, permissionId: string): PlanChange[] {
  if (changes.some((c) => isGrantChange(c, role.id, permissionId))) return changes.filter((c) => !isGrantChange(c, role.id, permissionId));
  const op = grantsWithPlan(role, permissionId, changes) ? 'revoke' : 'grant';
  return [...changes, { op, role: role.id, permission: permissionId }];
}

/** An engine error about a change ("change 2 (remove): …"): the change's number (1 = the first) and what is wrong. */
export function changeProblem(message: string): { number: number; text: string } | null {
  const found = /^change (\d+) \([a-z-]+\): ([\s\S]*)$/.exec(message);
  return found ? { number: Number(found[1]), text: found[2] } : null;
}

/**
 * A person's assignments, from their effective access: at each tenant where they hold a role, the
 * roles assigned there (`Role @ path` with the tenant's own path; the others reach it from above).
 */
export function heldOf(access: UserAccess, model: ModelInfo): Held[] {
  const byLabel = new Map(model.roles.map((r) => [roleName(model, r), r.id]));
  return access.nodes.flatMap(({ node, roles }) =>
    roles.flatMap((entry) => {
      const suffix = ` @ ${node.path}`;
      const roleId = entry.endsWith(suffix) ? byLabel.get(entry.slice(0, -suffix.length)) : undefined;
      return roleId ? [{ roleId, path: node.path }] : [];
    }),
  );
}

/** A plan file's text, read and checked: its problems, each with its JSON path, when it is not a plan. */
export function readPlan(text: string): { ok: true; plan: Plan } | { ok: false; problems: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, problems: [`not JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const read = check(Plan, parsed);
  return read.ok
    ? { ok: true, plan: read.value }
    : { ok: false, problems: read.issues.map((i) => `${formatPath(i.path) || 'the plan'}: ${i.message}`) };
}

export function createWhatIfStore(client: Client) {
  const runAnswer = latest();
  const runPlans = latest();
  const runPeople = latest();
  const runHeld = latest();
  const store = createStore<WhatIfState>()((set, get) => ({
    plan: emptyPlan(),
    saved: null,
    edited: false,
    snapshotId: null,
    answer: { status: 'idle' },
    open: new Set(),
    names: {},
    plans: { status: 'idle' },
    people: { status: 'idle' },
    held: { status: 'idle' },
    setName: (name) => set({ plan: { ...get().plan, name }, edited: true }),
    setDescription: (description) => set({ plan: { ...get().plan, description: description || undefined }, edited: true }),
    addChange: (change, name) => {
      const names = name && 'email' in change ? { ...get().names, [change.email.trim().toLowerCase()]: name } : get().names;
      set({ plan: { ...get().plan, changes: [...get().plan.changes, change] }, names, edited: true });
    },
    removeChange: (index) => set({ plan: { ...get().plan, changes: get().plan.changes.filter((_, i) => i !== index) }, edited: true }),
    setChanges: (changes) => set({ plan: { ...get().plan, changes }, edited: true }),
    newPlan: () => set({ plan: emptyPlan(), saved: null, edited: false, answer: { status: 'idle' }, open: new Set() }),
    toggle: (key) => {
      const open = new Set(get().open);
      if (open.has(key)) open.delete(key);
      else open.add(key);
      set({ open });
    },
  }));

  /** Learns the names of the people an answer mentions. */
  const learnNames = (answer: WhatIfAnswer) => {
    const names = { ...store.getState().names };
    for (const c of answer.access) if (c.name) names[c.email] = c.name;
    store.setState({ names });
  };

  /** Emails already looked up for a name. */
  const asked = new Set<string>();
  /** Learns the names of the plan's people the editor does not know yet (from a file or a saved plan), a few at a time. */
  const lookUpNames = async (snapshotId: number, plan: Plan) => {
    const known = store.getState().names;
    const emails = [...new Set(plan.changes.flatMap((c) => ('email' in c ? [c.email.trim().toLowerCase()] : [])))]
      .filter((email) => !known[email] && !asked.has(email))
      .slice(0, 20);
    emails.forEach((email) => asked.add(email));
    const found = await Promise.all(
      emails.map((email) =>
        client.users({ snapshotId, search: email, limit: 5 }).then(
          ({ answer }) => answer.users,
          () => [],
        ),
      ),
    );
    const names = { ...store.getState().names };
    for (const user of found.flat()) if (emails.includes(user.email) && user.name) names[user.email] = user.name;
    store.setState({ names });
  };

  return Object.assign(store, {
    /** The plan's delta on a snapshot; an answer for an earlier edit is dropped (`latest`). No changes, no question. */
    evaluate(snapshotId: number) {
      const { plan, answer } = store.getState();
      void lookUpNames(snapshotId, plan);
      const previous = store.getState().snapshotId === snapshotId && answer.status === 'ready' ? answer.data : undefined;
      store.setState({ snapshotId });
      if (plan.changes.length === 0) {
        store.setState({ answer: { status: 'idle' } });
        return runAnswer(
          () => Promise.resolve(null),
          () => undefined,
        );
      }
      return runAnswer(
        () => client.whatIf({ snapshotId, plan: askedPlan(plan) }),
        (resource) => {
          store.setState({ answer: resource });
          if (resource.status === 'ready') learnNames(resource.data.answer);
        },
        previous,
      );
    },
    loadPlans() {
      return runPlans(
        () => client.plans({}),
        (plans) => store.setState({ plans }),
        dataOf(store.getState().plans),
      );
    },
    /** Saves the plan under its name (replacing a saved plan of that name). */
    async save() {
      const { plan } = store.getState();
      const saved = await client.savePlan({ plan: { ...plan, name: plan.name.trim() } });
      store.setState({ saved: saved.name, edited: false, plan: { ...store.getState().plan, name: saved.name } });
      await this.loadPlans();
      return saved;
    },
    /** Opens a saved plan in the editor (named as open at once, so the address names it while it loads). */
    async open(name: string) {
      store.setState({ saved: name, edited: false });
      try {
        const plan = await client.plan({ name });
        if (store.getState().saved === name) store.setState({ plan, edited: false, open: new Set() });
        return plan;
      } catch (error) {
        if (store.getState().saved === name) store.setState({ saved: null });
        throw error;
      }
    },
    /** Puts a plan read from a file in the editor, as a new (unsaved) plan. */
    take(plan: Plan) {
      store.setState({ plan, saved: null, edited: true, open: new Set() });
    },
    async remove(name: string) {
      const { deleted } = await client.deletePlan({ name });
      if (store.getState().saved === name) store.setState({ saved: null, edited: true });
      await this.loadPlans();
      return deleted;
    },
    /** People of the snapshot whose name or email holds the text (the first 50). */
    findPeople(snapshotId: number, search: string) {
      return runPeople(
        async () => (await client.users({ snapshotId, search: search.trim(), limit: 50 })).answer.users,
        (people) => store.setState({ people }),
      );
    },
    /** A person's assignments in the snapshot, read with the snapshot's model. */
    loadHeld(snapshotId: number, email: string, model: ModelInfo) {
      return runHeld(
        async () => ({ email, assignments: heldOf((await client.access({ snapshotId, email })).answer, model) }),
        (held) => store.setState({ held }),
      );
    },
  });
}

export type WhatIfStore = ReturnType<typeof createWhatIfStore>;

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The plan's change behind an access change (its number, 1 = the first): the one that makes a
 * planned assignment, that changes what the role grants, or that takes the person's assignment away.
 */
export function causeOf(change: PersonAccessChange, changes: readonly PlanChange[]): number | null {
  if (change.via.sourceFile === 'plan') return change.via.sourceLine;
  const role = (name: string) => same(name, change.via.roleId) || same(name, change.via.role);
  const permission = (name: string) => same(name, change.permission) || same(name, change.label);
  const grantOp = change.change === 'gained' ? 'grant' : 'revoke';
  const edit = changes.findLastIndex((c) => c.op === grantOp && role(c.role) && permission(c.permission));
  if (edit !== -1) return edit + 1;
  if (change.change === 'gained') return null;
  const taken = changes.findLastIndex(
    (c) => (c.op === 'remove' || c.op === 'remove-person' || c.op === 'move') && same(c.email, change.email),
  );
  return taken === -1 ? null : taken + 1;
}
