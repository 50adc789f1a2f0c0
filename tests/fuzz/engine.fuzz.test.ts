// Property tests of the engine on random snapshots of every built-in model (fast-check, fixed seed):
// the three questions agree with one another, the SQLite view answers as the in-memory view does, and
// tenant paths survive escaping. `npm run fuzz` runs a tenth of FUZZ_RUNS cases of each (these are heavier).
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../electron/store/database';
import { SnapshotStore } from '../../electron/store/snapshot-store';
import { accessMatrix, can, effectiveAccess, whoCan, type Evaluator } from '../../shared/engine/evaluate';
import { memoryView, type SnapshotData } from '../../shared/engine/memory-view';
import { matrixRows, matrixTable } from '../../shared/engine/matrix';
import { whoCanEntries, whoCanTable } from '../../shared/engine/who-can';
import { resolveModel, type ResolvedModel } from '../../shared/model/resolve';
import { CHANNELS, type Channel } from '../../shared/model/types';
import { BUILT_IN_MODELS } from '../../shared/models';
import { joinPath, normalizePath, splitPath } from '../../shared/paths';
import type { Assignment, TenantNode, User } from '../../shared/snapshot';
import { deleteNow, tempDir, writeSnapshot } from '../store/helpers';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const runs = (base: number) => Math.max(base, Number(process.env.FUZZ_RUNS ?? 0) / 10);
/** A guard against a hang, growing with the cases asked for: no test here measures speed. */
const HANG = { timeout: Math.max(60_000, runs(40) * 500) };

/** Names that trip up paths: separators and escapes, prefixes of each other, accents, spaces inside. */
const nodeName = fc.oneof(
  fc.constantFrom('A', 'A/B', 'A\\', 'A0', 'AB', 'Ä', 'a b', '/C', 'B/', 'Zed'),
  fc
    .string({ minLength: 1, maxLength: 6 })
    .map((s) => s.trim())
    .filter((s) => s !== ''),
);

/** Every built-in model in every version, by `platform@version` (a counterexample names it, not its data). */
const RESOLVED = new Map<string, ResolvedModel>(
  BUILT_IN_MODELS.flatMap((model) =>
    model.versions.map((v) => [`${model.id}@${v.id}`, resolveModel(model, v.id)] as [string, ResolvedModel]),
  ),
);

interface Generated {
  model: string;
  data: SnapshotData;
}

/** A random tenant tree over a model's levels, people, and role assignments at the roles' levels. */
function snapshotOf(model: string): fc.Arbitrary<Generated> {
  const resolved = RESOLVED.get(model) as ResolvedModel;
  const depth = resolved.model.levels.length;
  return fc
    .record({
      // Children per node at each depth (a tree of up to 2 × 3 × 3 nodes).
      fanout: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: depth, maxLength: depth }),
      roots: fc.integer({ min: 1, max: 2 }),
      names: fc.array(nodeName, { minLength: 30, maxLength: 30 }),
      people: fc.array(
        fc.record(
          {
            status: fc.constantFrom('active', 'suspended', 'invited'),
            mfa: fc.constantFrom('enabled', 'disabled'),
            lastLogin: fc.constantFrom('2024-03-04', '2024-03-04T10:15:00Z', 'never'),
          },
          { requiredKeys: [] },
        ),
        { minLength: 1, maxLength: 6 },
      ),
      picks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 14 }),
    })
    .map(({ fanout, roots, names, people, picks }) => {
      const nodes: TenantNode[] = [];
      const grow = (parent: TenantNode | null, level: number, count: number) => {
        const taken = new Set<string>();
        for (let i = 0; i < count && level < depth; i++) {
          let name = names[nodes.length % names.length];
          while (taken.has(name)) name = `${name}${i}`;
          taken.add(name);
          const node: TenantNode = {
            id: nodes.length + 1,
            parentId: parent ? parent.id : null,
            depth: level,
            name,
            path: parent ? `${parent.path}/${joinPath([name])}` : joinPath([name]),
          };
          nodes.push(node);
          grow(node, level + 1, fanout[level + 1] ?? 0);
        }
      };
      grow(null, 0, roots);
      // Each person's status, MFA and last login are there or not, as an export gives them.
      const users: User[] = people.map((facts, i) => ({ id: i + 1, email: `p${i + 1}@x.test`, name: `Person ${i + 1}`, ...facts }));
      const assignments: Assignment[] = [];
      const seen = new Set<string>();
      for (const [r, n, u] of picks) {
        const role = resolved.roles[r % resolved.roles.length];
        const level = resolved.levelIndex.get(role.level) ?? 0;
        const atLevel = nodes.filter((node) => node.depth === level);
        if (atLevel.length === 0) continue;
        const node = atLevel[n % atLevel.length];
        const user = users[u % users.length];
        const key = `${role.id}|${node.id}|${user.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        assignments.push({
          id: assignments.length + 1,
          userId: user.id,
          nodeId: node.id,
          roleId: role.id,
          sourceFile: 'users.csv',
          sourceLine: assignments.length + 2,
        });
      }
      return { model, data: { nodes, users, assignments } };
    });
}

const anySnapshot = fc.constantFrom(...RESOLVED.keys()).chain(snapshotOf);

const CHANNEL_CHOICES: (Channel | undefined)[] = [undefined, ...CHANNELS];

describe('the engine answers one question one way', () => {
  it('can agrees with who-can and with the matrix for every person, tenant, permission and channel', HANG, () => {
    fc.assert(
      fc.property(anySnapshot, ({ model, data }) => {
        const resolved = RESOLVED.get(model) as ResolvedModel;
        const ev: Evaluator = { model: resolved, view: memoryView(data) };
        for (const node of data.nodes) {
          for (const channel of CHANNEL_CHOICES) {
            const matrix = accessMatrix(ev, node.path, channel);
            for (const [column, permission] of resolved.permissions.entries()) {
              const holders = new Set(
                whoCan(ev, permission.id, node.path, channel)
                  .entries.filter((e) => e.scope === node.path)
                  .map((e) => e.email),
              );
              for (const user of data.users) {
                const allowed = can(ev, user.email, permission.id, node.path, channel).allowed;
                expect(allowed, `${user.email} ${permission.id} at ${node.path} via ${channel ?? 'any'}`).toBe(holders.has(user.email));
                const cell = matrix.rows.find((r) => r.email === user.email)?.cells[column] ?? 'none';
                expect(cell !== 'none' && cell !== 'below', `matrix cell ${cell}`).toBe(allowed);
              }
            }
          }
        }
      }),
      { seed: SEED, numRuns: runs(40) },
    );
  });

  it('the SQLite view answers every question as the in-memory view does', HANG, () => {
    const dir = tempDir();
    const db: Database = openDatabase(path.join(dir, 'properties.db'));
    const store = new SnapshotStore(db);
    try {
      fc.assert(
        fc.property(anySnapshot, fc.constantFrom(...CHANNEL_CHOICES), ({ model, data }, channel) => {
          const resolved = RESOLVED.get(model) as ResolvedModel;
          const levels = resolved.model.levels.map((l) => l.id);
          const id = writeSnapshot(db, data, { platform: resolved.model.id, modelVersion: resolved.version.id, levels });
          const sqlite: Evaluator = { model: resolved, view: store.view(id) };
          const memory: Evaluator = { model: resolved, view: memoryView(data) };
          for (const permission of resolved.permissions.slice(0, 6)) {
            expect(whoCan(sqlite, permission.id, undefined, channel)).toEqual(whoCan(memory, permission.id, undefined, channel));
          }
          for (const node of data.nodes) {
            expect(accessMatrix(sqlite, node.path, channel)).toEqual(accessMatrix(memory, node.path, channel));
            expect(whoCan(sqlite, resolved.permissions[0].id, node.path, channel)).toEqual(
              whoCan(memory, resolved.permissions[0].id, node.path, channel),
            );
          }
          expect(accessMatrix(sqlite, undefined, channel)).toEqual(accessMatrix(memory, undefined, channel));
          for (const user of data.users) expect(effectiveAccess(sqlite, user.email)).toEqual(effectiveAccess(memory, user.email));
          deleteNow(store, id);
        }),
        { seed: SEED, numRuns: runs(40) },
      );
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('windowed answers', () => {
  // The app and the exports read big answers a window at a time from tables (matrixTable,
  // whoCanTable); read whole, and filtered, they are the engine's answers, on both views.
  it('a table read in windows is the answer, and its filters filter the answer', HANG, () => {
    const dir = tempDir();
    const db: Database = openDatabase(path.join(dir, 'windows.db'));
    const store = new SnapshotStore(db);
    const windows = <T>(total: number, size: number, read: (from: number, to: number) => T[]) => {
      const all: T[] = [];
      for (let from = 0; from < total; from += size) all.push(...read(from, from + size));
      return all;
    };
    try {
      fc.assert(
        fc.property(
          anySnapshot,
          fc.constantFrom(...CHANNEL_CHOICES),
          fc.integer({ min: 1, max: 4 }),
          fc.constantFrom('a', 'p1', '@x', 'admin', ''),
          ({ model, data }, channel, size, search) => {
            const resolved = RESOLVED.get(model) as ResolvedModel;
            const levels = resolved.model.levels.map((l) => l.id);
            const id = writeSnapshot(db, data, { platform: resolved.model.id, modelVersion: resolved.version.id, levels });
            const views: Evaluator[] = [
              { model: resolved, view: store.view(id) },
              { model: resolved, view: memoryView(data) },
            ];
            const has = (...texts: string[]) => texts.some((t) => t.toLocaleLowerCase().includes(search.toLocaleLowerCase()));
            for (const ev of views) {
              for (const scope of [undefined, ...data.nodes.map((n) => n.path)]) {
                for (const { id: permission } of resolved.permissions.slice(0, 4)) {
                  const answer = whoCan(ev, permission, scope, channel);
                  const table = whoCanTable(ev, { permission, scope, channel, search });
                  const read = windows(table.total, size, (from, to) => whoCanEntries(ev, table, from, to));
                  expect(read).toEqual(answer.entries.filter((e) => has(e.email, e.name, e.roleLabel, e.assignedAt)));
                  expect(table.people).toBe(new Set(read.map((e) => e.userId)).size);
                }

                const matrix = accessMatrix(ev, scope, channel);
                const rows = matrixTable(ev, { scope, channel, search });
                expect(windows(rows.people.length, size, (from, to) => matrixRows(ev, rows, from, to))).toEqual(
                  matrix.rows.filter((r) => has(r.email, r.name, ...r.roles)),
                );
                const role = matrix.rows[0]?.roles[0]?.replace(/ @ .*$/s, '');
                if (role) {
                  const holding = matrixRows(ev, matrixTable(ev, { scope, channel, role }));
                  expect(holding).toEqual(matrix.rows.filter((r) => r.roles.some((held) => held.startsWith(`${role} @ `))));
                }
              }
            }
            deleteNow(store, id);
          },
        ),
        { seed: SEED, numRuns: runs(60) },
      );
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tenant paths', () => {
  const name = fc
    .string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('a', 'B', ' ', '/', '\\', '0', 'é', '-') })
    .map((s) => s.trim())
    .filter((s) => s !== '');

  it('escaping round-trips any names, and a canonical path stays canonical', () => {
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 4 }), (names) => {
        const joined = joinPath(names);
        expect(splitPath(joined)).toEqual(names);
        expect(normalizePath(joined)).toBe(joined);
      }),
      { seed: SEED, numRuns: runs(500) },
    );
  });
});
