// Property tests of set-based evaluation on random snapshots of every built-in model (fast-check,
// fixed seed), over the in-memory view and a real SQLite store: the bulk pass says what per-user
// effectiveAccess() says, diffAssignments() turns one snapshot's assignments into the other's, and
// diffSnapshots() says exactly where effective access appears and disappears.
// `npm run fuzz` runs a tenth of FUZZ_RUNS cases of each.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../electron/store/database';
import { SnapshotStore } from '../../electron/store/snapshot-store';
import { diffAssignments, effectiveGrants, type EffectiveGrant } from '../../shared/engine/bulk';
import { compareCodePoints } from '../../shared/engine/code-point-order';
import { effectiveAccess, type Evaluator } from '../../shared/engine/evaluate';
import { diffSnapshots } from '../../shared/engine/snapshot-diff';
import { memoryView, type SnapshotData } from '../../shared/engine/memory-view';
import { resolveModel, type ResolvedModel } from '../../shared/model/resolve';
import { BUILT_IN_MODELS } from '../../shared/models';
import { joinPath } from '../../shared/paths';
import type { Assignment, SnapshotView, TenantNode, User } from '../../shared/snapshot';
import { tempDir, writeSnapshot } from '../store/helpers';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const runs = (base: number) => Math.max(base, Number(process.env.FUZZ_RUNS ?? 0) / 10);
/** A guard against a hang, growing with the cases asked for: no test here measures speed. */
const HANG = { timeout: Math.max(60_000, runs(40) * 500) };

const RESOLVED = new Map<string, ResolvedModel>(
  BUILT_IN_MODELS.flatMap((model) =>
    model.versions.map((v) => [`${model.id}@${v.id}`, resolveModel(model, v.id)] as [string, ResolvedModel]),
  ),
);

/**
 * Starts of emails (normalized: lowercase) that order differently by UTF-16 code unit and by code
 * point, as SQLite orders them: U+FB00 comes before U+1F600 by code point, after it by code unit.
 */
const EMAIL_STARTS = ['ada', 'zoë', '\uFB00', '\u{1F600}', 'ω', 'a.b', 'é'];
const NODE_NAMES = ['A', 'A/B', 'A\\', 'A0', 'AB', 'Ä', 'a b', '/C', 'B/', 'Zed'];

/** What a snapshot is made from: a tree shape, people, and (role, node, user) picks taken modulo what exists. */
const ingredients = fc.record({
  fanout: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }),
  roots: fc.integer({ min: 1, max: 2 }),
  people: fc.array(fc.nat(EMAIL_STARTS.length - 1), { minLength: 1, maxLength: 6 }),
  picks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 0, maxLength: 16 }),
  /** For a second snapshot: which picks it keeps, and the picks it adds. */
  keep: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
  more: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 0, maxLength: 6 }),
});
type Ingredients = typeof ingredients extends fc.Arbitrary<infer T> ? T : never;

function tree(resolved: ResolvedModel, { fanout, roots }: Ingredients): TenantNode[] {
  const depth = resolved.model.levels.length;
  const nodes: TenantNode[] = [];
  const grow = (parent: TenantNode | null, level: number, count: number) => {
    for (let i = 0; i < count && level < depth; i++) {
      const name = `${NODE_NAMES[nodes.length % NODE_NAMES.length]}${i}`;
      const path = parent ? `${parent.path}/${joinPath([name])}` : joinPath([name]);
      const node: TenantNode = { id: nodes.length + 1, parentId: parent?.id ?? null, depth: level, name, path };
      nodes.push(node);
      grow(node, level + 1, fanout[level] ?? 1);
    }
  };
  grow(null, 0, roots);
  return nodes;
}

/** A snapshot of the tree and people with the picked assignments (any role at any node). */
function snapshotFrom(resolved: ResolvedModel, made: Ingredients, picks: [number, number, number][]): SnapshotData {
  const nodes = tree(resolved, made);
  const users: User[] = made.people.map((start, i) => ({
    id: i + 1,
    email: `${EMAIL_STARTS[start]}${i}@x.test`,
    name: `Person ${i + 1}`,
    ...(i % 2 ? { mfa: 'enabled' } : {}),
  }));
  const assignments: Assignment[] = [];
  const seen = new Set<string>();
  for (const [r, n, u] of picks) {
    const roleId = resolved.roles[r % resolved.roles.length].id;
    const nodeId = nodes[n % nodes.length].id;
    const userId = users[u % users.length].id;
    if (seen.has(`${roleId}|${nodeId}|${userId}`)) continue;
    seen.add(`${roleId}|${nodeId}|${userId}`);
    assignments.push({ id: assignments.length + 1, userId, nodeId, roleId, sourceFile: 'users.csv', sourceLine: assignments.length + 2 });
  }
  return { nodes, users, assignments };
}

/** The same snapshot numbered the other way round, as another import may number it. */
function renumbered({ nodes, users, assignments }: SnapshotData): SnapshotData {
  const node = (id: number) => nodes.length + 1 - id;
  const user = (id: number) => users.length + 1 - id;
  return {
    nodes: nodes.map((n) => ({ ...n, id: node(n.id), parentId: n.parentId === null ? null : node(n.parentId) })),
    users: users.map((u) => ({ ...u, id: user(u.id) })).reverse(),
    assignments: assignments
      .map((a) => ({ ...a, userId: user(a.userId), nodeId: node(a.nodeId) }))
      .reverse()
      .map((a, i) => ({ ...a, id: i + 1 })),
  };
}

interface Pair {
  model: string;
  before: SnapshotData;
  after: SnapshotData;
}

/** Two snapshots of one platform: the second keeps some of the first's assignments, adds others, and numbers everything anew. */
const pairs: fc.Arbitrary<Pair> = fc.tuple(fc.constantFrom(...RESOLVED.keys()), ingredients).map(([model, made]) => {
  const resolved = RESOLVED.get(model) as ResolvedModel;
  const kept = made.picks.filter((_, i) => made.keep[i]);
  return {
    model,
    before: snapshotFrom(resolved, made, made.picks),
    after: renumbered(snapshotFrom(resolved, made, [...kept, ...made.more])),
  };
});

let dir: string;
let db: Database;
let store: SnapshotStore;
beforeAll(() => {
  dir = tempDir();
  db = openDatabase(path.join(dir, 'bulk.db'));
  store = new SnapshotStore(db);
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The snapshot as the in-memory view and as a SQLite view over a freshly written copy. */
function views(resolved: ResolvedModel, data: SnapshotData): { memory: SnapshotView; sqlite: SnapshotView } {
  const levels = resolved.model.levels.map((l) => l.id);
  const id = writeSnapshot(db, data, { platform: resolved.model.id, modelVersion: resolved.version.id, levels });
  return { memory: memoryView(data), sqlite: store.view(id) };
}

/** Does the grant apply at the node: made there, or made above it and reaching down? */
function appliesAt(view: SnapshotView, grant: EffectiveGrant, node: TenantNode): boolean {
  if (grant.nodeId === node.id) return true;
  return grant.reach === 'subtree' && view.ancestors(node.id).some((n) => n.id === grant.nodeId);
}

/** Per permission, the assignments that grant it (with their channels), in a form to compare. */
function grantsByPermission(entries: { permissionId: string; assignmentId: number; channels: readonly string[] }[]): string[] {
  return entries.map((e) => `${e.permissionId} via #${e.assignmentId} on ${e.channels.join('+')}`).sort();
}

describe('bulk evaluation', () => {
  it('grants everyone, in one pass, exactly what effectiveAccess grants each of them at each of their nodes', HANG, () => {
    fc.assert(
      fc.property(pairs, ({ model, before }) => {
        const resolved = RESOLVED.get(model) as ResolvedModel;
        for (const view of Object.values(views(resolved, before))) {
          const ev: Evaluator = { model: resolved, view };
          const bulk = [...effectiveGrants(ev)];
          const holders = before.users.filter((u) => before.assignments.some((a) => a.userId === u.id));
          expect(bulk.map((b) => b.user.email).sort()).toEqual(holders.map((u) => u.email).sort());
          for (const { user, assignments, grants } of bulk) {
            expect(assignments.map((a) => a.id)).toEqual(before.assignments.filter((a) => a.userId === user.id).map((a) => a.id));
            const access = effectiveAccess(ev, user.email);
            // A role may grant nothing (a member before being given anything): the node is still one of the user's.
            expect(access.nodes.map((n) => n.node.id).sort()).toEqual([...new Set(assignments.map((a) => a.nodeId))].sort());
            for (const { node, permissions } of access.nodes) {
              const expected = permissions.flatMap((p) => p.via.map((chain) => ({ ...chain, permissionId: p.permission.id })));
              const implied = grants.filter((g) => appliesAt(view, g, node));
              expect(grantsByPermission(implied), `${user.email} at ${node.path}`).toEqual(grantsByPermission(expected));
            }
          }
        }
      }),
      { seed: SEED, numRuns: runs(40) },
    );
  });
});

describe('assignment differences between snapshots', () => {
  const key = (email: string, path: string, roleId: string) => `${email} | ${path} | ${roleId}`;
  const keysOf = (data: SnapshotData) =>
    new Set(
      data.assignments.map((a) => {
        const user = data.users.find((u) => u.id === a.userId) as User;
        const node = data.nodes.find((n) => n.id === a.nodeId) as TenantNode;
        return key(user.email, node.path, a.roleId);
      }),
    );

  it('applied to the earlier snapshot gives the later one, whichever views answer; a snapshot against itself shows none', HANG, () => {
    fc.assert(
      fc.property(pairs, ({ model, before, after }) => {
        const resolved = RESOLVED.get(model) as ResolvedModel;
        const a = views(resolved, before);
        const b = views(resolved, after);
        for (const [earlier, later] of [
          [a.memory, b.memory],
          [a.sqlite, b.sqlite],
          [a.memory, b.sqlite],
          [a.sqlite, b.memory],
        ]) {
          const changes = [...diffAssignments(earlier, later)];
          const keys = keysOf(before);
          for (const c of changes) {
            const k = key(c.email, c.path, c.roleId);
            if (c.change === 'removed') {
              expect(keys.delete(k), `removed ${k} was there`).toBe(true);
              expect([earlier.user(c.userId)?.email, earlier.node(c.nodeId)?.path]).toEqual([c.email, c.path]);
            } else {
              expect(keys.has(k), `added ${k} was not there`).toBe(false);
              keys.add(k);
              expect([later.user(c.userId)?.email, later.node(c.nodeId)?.path]).toEqual([c.email, c.path]);
            }
          }
          expect([...keys].sort()).toEqual([...keysOf(after)].sort());
          const ordered = [...changes].sort(
            (x, y) => compareCodePoints(x.email, y.email) || compareCodePoints(x.path, y.path) || compareCodePoints(x.roleId, y.roleId),
          );
          expect(changes).toEqual(ordered);
        }
        expect([...diffAssignments(a.sqlite, a.sqlite)]).toEqual([]);
        expect([...diffAssignments(a.memory, a.sqlite)]).toEqual([]);
        expect([...diffAssignments(b.sqlite, b.memory)]).toEqual([]);
      }),
      { seed: SEED, numRuns: runs(40) },
    );
  });
});

describe('effective-access differences between snapshots', () => {
  /** Every (email, path, permission, channel) the snapshot grants, from the bulk pass (held above to effectiveAccess). */
  function heldEverywhere(resolved: ResolvedModel, data: SnapshotData, view: SnapshotView): Set<string> {
    const held = new Set<string>();
    for (const { user, grants } of effectiveGrants({ model: resolved, view })) {
      for (const node of data.nodes) {
        for (const g of grants) {
          if (appliesAt(view, g, node)) for (const c of g.channels) held.add(`${user.email} | ${node.path} | ${g.permissionId} | ${c}`);
        }
      }
    }
    return held;
  }

  it('says exactly where access appears and disappears: each change at its scope or below, and nothing else', HANG, () => {
    fc.assert(
      fc.property(pairs, ({ model, before, after }) => {
        const resolved = RESOLVED.get(model) as ResolvedModel;
        const a = views(resolved, before);
        const b = views(resolved, after);
        const info = (id: number) => ({
          id,
          name: '',
          platform: resolved.model.id,
          modelVersion: resolved.version.id,
          model: { origin: 'built-in' as const, name: resolved.model.name, sha256: null, fileName: null },
          asOf: null,
          importedAt: '',
          files: [],
          userCount: 0,
          nodeCount: 0,
          assignmentCount: 0,
        });
        const diff = diffSnapshots(
          { snapshot: info(1), evaluator: { model: resolved, view: a.sqlite } },
          { snapshot: info(2), evaluator: { model: resolved, view: b.memory } },
        );
        const then = heldEverywhere(resolved, before, a.memory);
        const now = heldEverywhere(resolved, after, b.memory);
        const nodes = before.nodes;
        const isBelow = (path: string, scope: string) =>
          a.memory.ancestors(nodes.find((n) => n.path === path)!.id).some((n) => n.path === scope && n.path !== path);
        const within = (c: (typeof diff.access)[number], path: string) =>
          c.extent === 'here'
            ? path === c.scope
            : c.extent === 'below'
              ? isBelow(path, c.scope)
              : path === c.scope || isBelow(path, c.scope);
        // Each change holds at its own scope: gained there and not held before, or the other way round;
        // a change only below its scope leaves the scope itself as it was.
        for (const c of diff.access) {
          for (const channel of c.channels) {
            const key = `${c.email} | ${c.scope} | ${c.permission} | ${channel}`;
            const expected = c.extent === 'below' ? [then.has(key), then.has(key)] : c.change === 'gained' ? [false, true] : [true, false];
            expect([then.has(key), now.has(key)], `${c.change} ${c.extent} ${key}`).toEqual(expected);
          }
        }
        // Every place where access appears (or disappears) is covered by a change at it or above it.
        for (const key of new Set([...then, ...now])) {
          if (then.has(key) === now.has(key)) continue;
          const [email, path, permission, channel] = key.split(' | ');
          const change = now.has(key) ? 'gained' : 'lost';
          const explained = diff.access.some(
            (c) =>
              c.change === change &&
              c.email === email &&
              c.permission === permission &&
              c.channels.includes(channel as 'ui' | 'api') &&
              within(c, path),
          );
          expect(explained, `${change} ${key} is explained`).toBe(true);
        }
      }),
      { seed: SEED, numRuns: runs(40) },
    );
  });
});
