import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../electron/store/database';
import { STORE_SQL, SnapshotStore } from '../../electron/store/snapshot-store';
import { memoryView, type SnapshotData } from '../../shared/engine/memory-view';
import { accessMatrix, can, effectiveAccess, whoCan } from '../../shared/engine/evaluate';
import { resolveModel } from '../../shared/model/resolve';
import { AuditError } from '../../shared/errors';
import { joinPath } from '../../shared/paths';
import type { Assignment, TenantNode, User } from '../../shared/snapshot';
import { testModel } from '../support/test-model';
import { assignments, nodes, users } from '../support/test-snapshot';
import { rng, tempDir, writeSnapshot } from './helpers';

const open: Database[] = [];
afterEach(() => {
  while (open.length) open.pop()?.close();
});

function fresh(): { db: Database; store: SnapshotStore } {
  const db = openDatabase(path.join(tempDir(), 'audit.db'));
  open.push(db);
  return { db, store: new SnapshotStore(db) };
}

/** Names that trip up path handling: separators, escapes, prefixes of each other, '0' right after '/'. */
const TRICKY = ['A', 'A B', 'A/B', 'A0', 'A-1', 'A\\', 'AB', 'Ä', 'a', 'B/', '/C', 'Zed', 'z', 'A.'];

/** A random snapshot over three levels: tricky sibling names, users, and assignments (no duplicates). */
function generate(seed: number): SnapshotData {
  const random = rng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const nodes: TenantNode[] = [];
  const add = (parent: TenantNode | null, depth: number) => {
    const count = depth === 0 ? 1 + int(3) : int(depth === 1 ? 6 : 4);
    const names = [...TRICKY].sort(() => random() - 0.5).slice(0, count);
    for (const name of names) {
      const path = parent ? `${parent.path}/${joinPath([name])}` : joinPath([name]);
      const node: TenantNode = { id: nodes.length + 1, parentId: parent?.id ?? null, depth, name, path };
      nodes.push(node);
      if (depth < 2) add(node, depth + 1);
    }
  };
  add(null, 0);
  const users: User[] = Array.from({ length: 5 + int(20) }, (_, i) => ({
    id: i + 1,
    email: `user${i}@example.test`,
    name: `User ${i}`,
    ...(i % 2 ? { status: 'active', lastLogin: '2026-01-02', mfa: 'true' } : {}),
  }));
  const roles = ['r1', 'r2', 'r3', 'r4'];
  const assignments: Assignment[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < 40 + int(160); i++) {
    const userId = 1 + int(users.length);
    const nodeId = 1 + int(nodes.length);
    const roleId = roles[int(roles.length)];
    const key = `${userId}|${nodeId}|${roleId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    assignments.push({ id: assignments.length + 1, userId, nodeId, roleId, sourceFile: i % 3 ? 'a.csv' : 'b.csv', sourceLine: i + 2 });
  }
  return { nodes, users, assignments };
}

const files = [
  { name: 'a.csv', sha256: 'a'.repeat(64), size: 10, rows: 1, encoding: 'utf-8' },
  { name: 'b.csv', sha256: 'b'.repeat(64), size: 20, rows: 2, encoding: 'utf-8' },
];

describe('SqliteSnapshotView', () => {
  it('answers every question as the in-memory view does, over generated snapshots', () => {
    const { db, store } = fresh();
    for (let seed = 1; seed <= 25; seed++) {
      const data = generate(seed);
      // Another snapshot in the same database must never leak into the answers.
      writeSnapshot(db, generate(seed + 1000), { files });
      const id = writeSnapshot(db, data, { files });
      const sqlite = store.view(id);
      const memory = memoryView(data);
      const random = rng(seed);
      const someRoles = () => ['r1', 'r2', 'r3', 'r4', 'r9'].filter(() => random() < 0.5);
      const label = `seed ${seed}`;

      for (const node of [...data.nodes, { id: 999, path: 'Nowhere' } as TenantNode]) {
        expect(sqlite.node(node.id), label).toEqual(memory.node(node.id));
        expect(sqlite.nodeByPath(node.path), label).toEqual(memory.nodeByPath(node.path));
        expect(sqlite.ancestors(node.id), label).toEqual(memory.ancestors(node.id));
        expect(sqlite.children(node.id), label).toEqual(memory.children(node.id));
        const roles = someRoles();
        expect(sqlite.assignmentsBelow(node.id, roles), `${label} below ${node.path} ${roles}`).toEqual(
          memory.assignmentsBelow(node.id, roles),
        );
        const at = data.nodes.filter(() => random() < 0.3).map((n) => n.id);
        at.push(...at.slice(0, 1)); // a node asked twice is answered once
        expect(sqlite.assignmentsAt(at, roles), label).toEqual(memory.assignmentsAt(at, roles));
      }
      expect(sqlite.children(null), label).toEqual(memory.children(null));
      for (const roles of [['r1'], ['r2', 'r4'], ['r1', 'r2', 'r3', 'r4'], []]) {
        expect(sqlite.assignmentsBelow(null, roles), label).toEqual(memory.assignmentsBelow(null, roles));
      }
      for (const user of [...data.users, { id: 999, email: 'nobody@x.test' } as User]) {
        expect(sqlite.user(user.id), label).toEqual(memory.user(user.id));
        expect(sqlite.userByEmail(user.email), label).toEqual(memory.userByEmail(user.email));
        expect(sqlite.assignmentsOfUser(user.id), label).toEqual(memory.assignmentsOfUser(user.id));
        for (const prefix of [user.email.slice(0, 2), user.email.slice(0, 5), `${user.email.split('@')[0]}@`]) {
          expect(sqlite.emailsStartingWith(prefix, 4), `${label} ${prefix}`).toEqual(memory.emailsStartingWith(prefix, 4));
        }
      }
      // Asked twice: the second time from the people the view has kept.
      const ids = [...data.users.filter(() => random() < 0.5).map((u) => u.id), 999];
      for (let i = 0; i < 2; i++) expect(sqlite.usersByIds(ids), label).toEqual(memory.usersByIds(ids));
    }
  });

  it('reads the emails starting with a prefix from the email index, in code-point order, other snapshots left out', () => {
    const { db, store } = fresh();
    const users = ['ann@x.test', 'anna@x.test', 'ann@y.test', 'anné@x.test', 'anm@x.test', 'ao@x.test'].map((email, i) => ({
      id: i + 1,
      email,
      name: email,
    }));
    writeSnapshot(db, { nodes: [], users: [{ id: 1, email: 'ann@z.test', name: 'other' }], assignments: [] }, { files });
    const view = store.view(writeSnapshot(db, { nodes: [], users, assignments: [] }, { files }));
    expect(view.emailsStartingWith('ann', 10)).toEqual(['ann@x.test', 'ann@y.test', 'anna@x.test', 'anné@x.test']);
    expect(view.emailsStartingWith('ann@', 10)).toEqual(['ann@x.test', 'ann@y.test']);
    expect(view.emailsStartingWith('ann', 1)).toEqual(['ann@x.test']);
    expect(view.emailsStartingWith('anné', 10)).toEqual(['anné@x.test']);
    expect(view.emailsStartingWith('zz', 10)).toEqual([]);
    expect(view.emailsStartingWith('', 10)).toEqual([]);
  });

  it('learns every person and assignment of a snapshot in the background, and then answers from memory', async () => {
    const { db, store } = fresh();
    const learned: { data: SnapshotData; view: ReturnType<SnapshotStore['view']> }[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const data = generate(seed);
      writeSnapshot(db, generate(seed + 1000), { files });
      const view = store.view(writeSnapshot(db, data, { files }));
      await view.learnEveryone(2); // two people (ten assignments) per turn of the event loop
      learned.push({ data, view });
    }
    db.close(); // what was learned answers with no statement run
    const every = (view: { eachAssignment(roles: string[], visit: (a: Assignment) => void): void }) => {
      const seen: Assignment[] = [];
      view.eachAssignment(['r1', 'r2', 'r9'], (a) => seen.push({ ...a }));
      return seen.sort((a, b) => a.id - b.id);
    };
    for (const [seed, { data, view }] of learned.entries()) {
      const memory = memoryView(data);
      const ids = data.users.map((u) => u.id);
      expect(view.usersByIds(ids), `seed ${seed}`).toEqual(memory.usersByIds(ids));
      expect(view.knownPeopleOrder(), `seed ${seed}`).toEqual(memory.peopleOrder());
      expect(every(view), `seed ${seed}`).toEqual(every(memory));
      const random = rng(seed);
      for (const node of data.nodes) {
        const roles = ['r1', 'r2', 'r3', 'r4', 'r9'].filter(() => random() < 0.6);
        const at = [node.id, ...data.nodes.filter(() => random() < 0.2).map((n) => n.id), 999];
        expect(view.assignmentsAt(at, roles), `seed ${seed} at ${at} ${roles}`).toEqual(memory.assignmentsAt(at, roles));
      }
    }
  });

  it('streams every user with their assignments in email order as the in-memory view does', () => {
    const { db, store } = fresh();
    // Emails SQLite and JavaScript order differently unless compared by code point: U+FB00 sorts
    // before U+1F600 by code point, after it by UTF-16 code unit.
    const emails = ['\u{1F600}@x.test', '\uFB00@x.test', 'zoë@x.test', 'Zed@x.test', 'a@x.test'];
    for (let seed = 1; seed <= 10; seed++) {
      const data = generate(seed);
      data.users = data.users.map((u, i) => ({ ...u, email: `${emails[i % emails.length].replace('@', `${i}@`)}` }));
      writeSnapshot(db, generate(seed + 1000), { files });
      const id = writeSnapshot(db, data, { files });
      const sqlite = store.view(id);
      const memory = memoryView(data);
      const streamed = [...sqlite.assignmentsByUser()];
      expect(streamed, `seed ${seed}`).toEqual([...memory.assignmentsByUser()]);
      expect([...sqlite.assignmentKeysByUser()], `seed ${seed}`).toEqual([...memory.assignmentKeysByUser()]);
      expect(streamed.map((u) => u.user.id).sort((a, b) => a - b)).toEqual(
        [...new Set(data.assignments.map((a) => a.userId))].sort((a, b) => a - b),
      );
      expect(streamed.flatMap((u) => u.assignments).length).toBe(data.assignments.length);
      // The whole-tenancy pass and people order, read from SQLite (nothing learned).
      const every: Assignment[] = [];
      const roles = [...new Set(data.assignments.map((a) => a.roleId))];
      sqlite.eachAssignment(roles.slice(1), (a) => every.push({ ...a }));
      expect(
        every.sort((a, b) => a.id - b.id),
        `seed ${seed}`,
      ).toEqual(data.assignments.filter((a) => a.roleId !== roles[0]).sort((a, b) => a.id - b.id));
      expect(sqlite.knownPeopleOrder()).toBeUndefined();
      expect(sqlite.peopleOrder(), `seed ${seed}`).toEqual(memory.peopleOrder());
    }
  });

  it('gives the engine the same answers as the in-memory view', () => {
    const { db, store } = fresh();
    const id = writeSnapshot(db, { nodes, users, assignments });
    const model = resolveModel(testModel);
    const sqlite = { model, view: store.view(id) };
    const memory = { model, view: memoryView({ nodes, users, assignments }) };
    expect(whoCan(sqlite, 'View Logs', 'MSP/Acme')).toEqual(whoCan(memory, 'View Logs', 'MSP/Acme'));
    expect(whoCan(sqlite, 'Approve Remediation')).toEqual(whoCan(memory, 'Approve Remediation'));
    expect(can(sqlite, 'oli@acme.test', 'View Config', 'MSP/Gamma')).toEqual(can(memory, 'oli@acme.test', 'View Config', 'MSP/Gamma'));
    expect(effectiveAccess(sqlite, 'oli@acme.test')).toEqual(effectiveAccess(memory, 'oli@acme.test'));
    expect(accessMatrix(sqlite, 'MSP')).toEqual(accessMatrix(memory, 'MSP'));
  });

  it('answers every statement from an index: no query scans assignments, nodes or users', () => {
    const { db, store } = fresh();
    const id = writeSnapshot(db, generate(7), { files });
    store.tree(id); // registers nothing new, but exercises the statements once
    const params: Record<keyof typeof STORE_SQL, Record<string, unknown>> = {
      list: {},
      get: { snapshot: id },
      model: { model: 1 },
      modelJson: { model: 1 },
      isComplete: { snapshot: id },
      newestId: {},
      files: { snapshot: id },
      withdraw: { snapshot: id },
      withdrawn: {},
      purgeAssignments: { snapshot: id, limit: 10 },
      purgeUsers: { snapshot: id, limit: 10 },
      purgeNodes: { snapshot: id, limit: 10 },
      purgeFiles: { snapshot: id, limit: 10 },
      purgeSnapshot: { snapshot: id },
      nodes: { snapshot: id },
      user: { snapshot: id, user: 1 },
      usersByIds: { snapshot: id, users: '[1,2,3]' },
      usersSlice: { snapshot: id, after: 0, limit: 10 },
      assignmentsSlice: { snapshot: id, role: 'r1', node: 2, user: 3, limit: 10 },
      assignmentCount: { snapshot: id },
      userByEmail: { snapshot: id, email: 'user1@example.test' },
      emailsFrom: { snapshot: id, from: 'user1', to: 'user2', limit: 200 },
      assignmentsOfUser: { snapshot: id, user: 1 },
      assignmentsAt: { snapshot: id, roles: '["r1","r2"]', nodes: '[1,2,3]' },
      assignmentsOfRoles: { snapshot: id, roles: '["r1"]' },
      assignmentsBelow: { snapshot: id, from: 'A/', to: 'A0', roles: '["r1","r2"]' },
      treeCounts: { snapshot: id },
      usersByEmail: { snapshot: id },
      assignmentsByUser: { snapshot: id },
      assignmentKeysByUser: { snapshot: id },
      everyAssignment: { snapshot: id, role: 'r1' },
      userIds: { snapshot: id },
      usersMatching: { snapshot: id, search: 'user' },
      usersWithCounts: { snapshot: id, users: '[1,2,3]' },
      usersAtNodes: { snapshot: id, search: 'user', nodes: '[1,2,3]', above: '[4]', roles: '["r1"]' },
    };
    const plans = Object.fromEntries(
      Object.entries(STORE_SQL).map(([name, sql]) => {
        const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params[name as keyof typeof STORE_SQL]) as { detail: string }[];
        return [name, rows.map((r) => r.detail)];
      }),
    );
    for (const [name, details] of Object.entries(plans)) {
      for (const detail of details) {
        expect(detail, `${name}: ${detail}`).not.toMatch(/^SCAN (a|assignments|n|nodes|u|users)\b/);
        if (/\b(a|assignments)\b/.test(detail) && !/SUBQUERY/.test(detail)) {
          expect(detail, `${name}: ${detail}`).toMatch(/^SEARCH (a|assignments) USING (COVERING )?(INDEX|PRIMARY KEY)/);
        }
      }
    }
    expect(plans.assignmentsAt).toContain('SEARCH a USING PRIMARY KEY (snapshot_id=? AND role_id=? AND node_id=?)');
    expect(plans.assignmentsOfRoles).toContain('SEARCH a USING PRIMARY KEY (snapshot_id=? AND role_id=?)');
    expect(plans.assignmentsOfUser).toContain('SEARCH a USING INDEX assignments_by_user (snapshot_id=? AND user_id=?)');
    expect(plans.assignmentsBelow).toEqual(
      expect.arrayContaining([
        'SEARCH n USING COVERING INDEX nodes_by_path (snapshot_id=? AND path>? AND path<?)',
        'SEARCH a USING PRIMARY KEY (snapshot_id=? AND role_id=? AND node_id=?)',
      ]),
    );
    // The one pass of a whole-tenancy answer reads the snapshot's range of the table itself.
    expect(plans.everyAssignment).toEqual(['SEARCH a USING PRIMARY KEY (snapshot_id=? AND role_id=?)']);
    expect(plans.usersWithCounts).toContain('SEARCH u USING PRIMARY KEY (snapshot_id=? AND id=?)');
    // Whole-snapshot passes in email order, straight from the indexes: no sort of a million rows.
    expect(plans.usersByEmail).toEqual(['SEARCH u USING INDEX users_by_email (snapshot_id=?)']);
    expect(plans.assignmentsByUser).toEqual([
      'SEARCH u USING COVERING INDEX users_by_email (snapshot_id=?)',
      'SEARCH a USING INDEX assignments_by_user (snapshot_id=? AND user_id=?)',
    ]);
    expect(plans.assignmentKeysByUser).toEqual([
      'SEARCH u USING COVERING INDEX users_by_email (snapshot_id=?)',
      'SEARCH a USING COVERING INDEX assignments_by_user (snapshot_id=? AND user_id=?)',
    ]);
    expect(plans.treeCounts).toEqual(['SEARCH assignments USING COVERING INDEX assignments_by_user (snapshot_id=?)']);
    expect(plans.userByEmail).toEqual(['SEARCH users USING INDEX users_by_email (snapshot_id=? AND email=?)']);
    expect(plans.emailsFrom).toEqual(['SEARCH users USING COVERING INDEX users_by_email (snapshot_id=? AND email>? AND email<?)']);
    expect(plans.user).toEqual(['SEARCH users USING PRIMARY KEY (snapshot_id=? AND id=?)']);
    expect(plans.assignmentsSlice).toEqual(['SEARCH a USING PRIMARY KEY (snapshot_id=? AND (role_id,node_id,user_id)>(?,?,?))']);
    expect(plans.usersSlice).toEqual(['SEARCH users USING PRIMARY KEY (snapshot_id=? AND id>?)']);
    expect(plans.usersByIds).toContain('SEARCH users USING PRIMARY KEY (snapshot_id=? AND id=?)');
    expect(plans.usersWithCounts).toContain('SEARCH a USING COVERING INDEX assignments_by_user (snapshot_id=? AND user_id=?)');
    expect(plans.usersAtNodes).toContain('SEARCH assignments USING COVERING INDEX assignments_by_user (snapshot_id=?)');
    // A purge step picks its rows from an index of the snapshot's, then deletes each by its key.
    expect(plans.purgeAssignments).toEqual([
      'SEARCH assignments USING PRIMARY KEY (snapshot_id=? AND role_id=? AND node_id=? AND user_id=?)',
      'LIST SUBQUERY 2',
      'SEARCH assignments USING COVERING INDEX assignments_by_user (snapshot_id=?)',
    ]);
    for (const name of ['purgeUsers', 'purgeNodes', 'purgeFiles'] as const)
      expect(plans[name].join('\n')).toMatch(/SEARCH \w+ USING (COVERING )?(INDEX \w+|PRIMARY KEY) \(snapshot_id=\?\)/);
  });
});

describe('SnapshotStore', () => {
  it('lists complete snapshots newest first, with their files and counts', () => {
    const { db, store } = fresh();
    expect(store.list()).toEqual([]);
    expect(store.newest()).toBeUndefined();
    const first = writeSnapshot(db, { nodes, users, assignments }, { name: 'October', importedAt: '2026-10-01T10:00:00.000Z', files });
    const second = writeSnapshot(
      db,
      { nodes, users, assignments },
      { name: 'November', asOf: '2026-11-01', importedAt: '2026-11-01T10:00:00.000Z' },
    );
    writeSnapshot(db, { nodes, users, assignments }, { name: 'in progress', incomplete: true });
    expect(store.list().map((s) => [s.id, s.name])).toEqual([
      [second, 'November'],
      [first, 'October'],
    ]);
    expect(store.newest()?.id).toBe(second);
    expect(store.get(first)).toEqual({
      id: first,
      name: 'October',
      platform: 'test',
      modelVersion: 'v2',
      // No built-in model is called "test": the platform stands for its name.
      model: { origin: 'built-in', name: 'test', sha256: null, fileName: null },
      asOf: null,
      importedAt: '2026-10-01T10:00:00.000Z',
      files,
      userCount: 5,
      nodeCount: 4,
      assignmentCount: 5,
    });
    expect(store.get(second)?.asOf).toBe('2026-11-01');
    expect(store.get(12345)).toBeUndefined();
  });

  it('forgets what it kept of a snapshot another process deleted', () => {
    const { db, store } = fresh();
    const id = writeSnapshot(db, { nodes, users, assignments });
    expect(store.view(id).userByEmail('oli@acme.test')).toBeDefined();
    const other = openDatabase(db.name);
    open.push(other);
    new SnapshotStore(other).withdraw(id);
    expect(store.get(id)).toBeUndefined();
    expect(() => store.view(id)).toThrow(`no snapshot #${id} in this database`);
  });

  it('deletes a snapshot: withdrawn, it is gone at once; purged in steps, its rows follow; a missing one is not-found', async () => {
    const { db, store } = fresh();
    const keep = writeSnapshot(db, { nodes, users, assignments });
    const gone = writeSnapshot(db, { nodes, users, assignments });
    const rows = () => db.prepare('SELECT count(*) FROM assignments WHERE snapshot_id = ?').pluck().get(gone);
    store.withdraw(gone);
    expect(store.list().map((s) => s.id)).toEqual([keep]);
    expect(store.withdrawn()).toEqual([gone]);
    expect(rows()).toBe(assignments.length);
    expect(store.purgeStep(gone, 2)).toBe(false);
    expect(rows()).toBe(assignments.length - 2);
    await store.purge(gone, 2);
    expect(rows()).toBe(0);
    expect(store.withdrawn()).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM snapshots WHERE id = ?').pluck().get(gone)).toBe(0);
    expect(store.get(keep)?.assignmentCount).toBe(assignments.length);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    for (const call of [() => store.withdraw(gone), () => store.view(gone), () => store.tree(gone), () => store.users(gone)]) {
      expect(call).toThrow(AuditError);
      try {
        call();
      } catch (error) {
        expect((error as AuditError).kind).toBe('not-found');
        expect((error as AuditError).message).toBe(`no snapshot #${gone} in this database`);
      }
    }
  });

  it('builds the tenant tree with children, user counts and assignment counts', () => {
    const { db, store } = fresh();
    const id = writeSnapshot(db, { nodes, users, assignments }, { levels: ['account', 'organization'] });
    expect(store.tree(id).map((n) => [n.path, n.level, n.childIds, n.userCount, n.assignmentCount, n.subtreeAssignmentCount])).toEqual([
      ['MSP', 'account', [2, 3, 4], 4, 3, 5],
      ['MSP/Acme', 'organization', [], 1, 1, 1],
      ['MSP/Beta', 'organization', [], 1, 1, 1],
      ['MSP/Gamma', 'organization', [], 0, 0, 0],
    ]);
    expect(store.tree(id)[0]).toMatchObject({ id: 1, parentId: null, depth: 0, name: 'MSP' });
  });

  it('counts distinct users per subtree over a generated snapshot', () => {
    const { db, store } = fresh();
    const data = generate(3);
    const id = writeSnapshot(db, data);
    const memory = memoryView(data);
    for (const node of store.tree(id)) {
      const below = data.assignments.filter((a) => memory.ancestors(a.nodeId).some((n) => n.id === node.id));
      expect(node.subtreeAssignmentCount, node.path).toBe(below.length);
      expect(node.userCount, node.path).toBe(new Set(below.map((a) => a.userId)).size);
      expect(node.assignmentCount, node.path).toBe(data.assignments.filter((a) => a.nodeId === node.id).length);
    }
  });

  it('pages and searches users by email or name in any case, in people order (by name, Ä among the A’s), with assignment counts', () => {
    const { db, store } = fresh();
    const more = [...users, { id: 6, email: 'zoe@praxis.test', name: 'Ärztin Zoë' }];
    const id = writeSnapshot(db, { nodes, users: more, assignments });
    const all = store.users(id);
    expect(all.total).toBe(6);
    expect(all.users.map((u) => [u.email, u.assignmentCount])).toEqual([
      ['ada@msp.test', 1],
      ['ana@msp.test', 1],
      ['zoe@praxis.test', 0],
      ['fay@msp.test', 1],
      ['nobody@msp.test', 0],
      ['oli@acme.test', 2],
    ]);
    expect(store.users(id, { search: '  OLI ORGADMIN ' }).users.map((u) => u.email)).toEqual(['oli@acme.test']);
    expect(store.users(id, { search: 'ÄRZTIN' }).users.map((u) => u.email)).toEqual(['zoe@praxis.test']);
    expect(store.users(id, { search: 'MSP.TEST' }).total).toBe(4);
    const page = store.users(id, { limit: 2, offset: 2 });
    expect(page.total).toBe(6);
    expect(page.users.map((u) => u.email)).toEqual(['zoe@praxis.test', 'fay@msp.test']);
    expect(store.users(id, { search: '%' }).total).toBe(0);
  });

  it('lists the people holding a role at some nodes, counting only the roles held there', () => {
    const { db, store } = fresh();
    const data = generate(11);
    const id = writeSnapshot(db, data, { files });
    for (const node of data.nodes) {
      const below = data.nodes.filter((n) => n.path === node.path || n.path.startsWith(`${node.path}/`)).map((n) => n.id);
      const held = data.assignments.filter((a) => below.includes(a.nodeId));
      const expected = data.users
        .filter((u) => held.some((a) => a.userId === u.id))
        .sort((a, b) => (a.email < b.email ? -1 : 1))
        .map((u) => [u.email, held.filter((a) => a.userId === u.id).length]);
      const answer = store.users(id, { nodeIds: below });
      expect(
        answer.users.map((u) => [u.email, u.assignmentCount]),
        node.path,
      ).toEqual(expected);
      expect(answer.total).toBe(expected.length);
      expect(store.users(id, { nodeIds: below, limit: 2, offset: 1 }).users.map((u) => u.email)).toEqual(
        expected.slice(1, 3).map((e) => e[0]),
      );
    }
  });
});
