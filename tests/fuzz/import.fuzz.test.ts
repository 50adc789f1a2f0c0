// Property tests of the importer (fast-check, fixed seed):
// (a) any bytes — random, or a valid export truncated, with quotes, delimiters, line breaks or bytes
//     mutated, or re-encoded — either import or fail with an AuditError, and a failed import leaves
//     the database exactly as it was;
// (b) a valid dataset written in equivalent forms (line endings, quoting, BOM, trailing blank lines,
//     delimiter, UTF-8 / UTF-16 LE with BOM / Windows-1252) always imports, to the same snapshot.
//
// `npm test` runs a modest number of cases; `npm run fuzz` runs FUZZ_RUNS (10,000) of each. Every
// snapshot a case imports is deleted after it, so the database stays small and the 10,000th case
// costs what the first did.
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSnapshot } from '../../electron/services/import';
import { openDatabase, type Database } from '../../electron/store/database';
import { SnapshotStore } from '../../electron/store/snapshot-store';
import { AuditError } from '../../shared/errors';
import { joinPath } from '../../shared/paths';
import type { SnapshotInfo } from '../../shared/snapshot';
import { accountModel, tempDir } from '../import/support';
import { deleteNow } from '../store/helpers';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 20240304);
const VERSION = accountModel.versions[accountModel.versions.length - 1].id;
/** A guard against a hang, not a speed assertion: generous, and growing with the number of cases. */
const HANG_TIMEOUT = Math.max(60_000, RUNS * 100);

let dir: string;
let db: Database;
let store: SnapshotStore;
let fileNo = 0;
beforeAll(() => {
  dir = tempDir();
  db = openDatabase(':memory:');
  store = new SnapshotStore(db);
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(bytes: Uint8Array): string {
  const file = path.join(dir, `f${++fileNo % 8}.csv`);
  fs.writeFileSync(file, bytes);
  return file;
}

const run = (bytes: Uint8Array, allowDuplicate = true) =>
  importSnapshot(db, { files: [{ path: write(bytes), name: 'fuzz.csv' }], model: accountModel, modelVersion: VERSION, allowDuplicate });

/**
 * What the database holds: the snapshot list, every table's row count and the schema (temp tables
 * included). Rows are never changed in place (snapshots are immutable), so a failed import that
 * wrote anything would change a count.
 */
function dbState() {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const temp = db.prepare('SELECT name FROM temp.sqlite_schema ORDER BY name').pluck().all();
  return {
    list: store.list(),
    temp,
    counts: Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get()])),
  };
}

// Datasets -----------------------------------------------------------------------------------------

interface Row {
  email: string;
  name: string;
  role: string;
  account: string;
  organization: string;
  status: string;
  lastLogin: string;
  mfa: string;
}

const FIELDS = ['email', 'name', 'role', 'account', 'organization', 'status', 'last_login', 'mfa'] as const;
const cell = (row: Row, field: (typeof FIELDS)[number]) => (field === 'last_login' ? row.lastLogin : row[field]);

// Characters names are made of: ASCII letters and punctuation that need quoting, Latin-1 and
// Windows-1252 letters, and some that Windows-1252 cannot hold.
const nameChar = fc.constantFrom(
  ...'abcXYZ',
  ' ',
  ',',
  ';',
  '"',
  '|',
  "'",
  '/',
  'é',
  'ë',
  'Ä',
  'ß',
  'ø',
  '€',
  '–',
  '’',
  'Ω',
  'Ж',
  '東',
  '😀',
);
const word = fc
  .array(nameChar, { minLength: 1, maxLength: 10 })
  .map((cs) => cs.join('').trim())
  .filter((w) => w !== '');
const email = fc
  .tuple(fc.constantFrom('ada', 'Bob', 'cat.x', 'd_o', 'EVE'), fc.constantFrom('msp.test', 'Acme.example', 'b.test'))
  .map(([u, d]) => `${u}@${d}`);
const row: fc.Arbitrary<Row> = fc
  .record({
    email,
    name: fc.oneof(word, fc.constant('')),
    account: fc.constantFrom('MSP', 'Zoë MSP', 'North, Inc.', 'Ω;1'),
    organization: fc.oneof(fc.constant(''), word),
    accountRoles: fc.subarray(['Admin', 'User', 'Finance', 'read only'], { minLength: 1 }),
    orgRoles: fc.subarray(['Org Admin', 'User', 'admin'], { minLength: 1 }),
    status: fc.constantFrom('', 'active', 'Suspended', 'pending'),
    lastLogin: fc.constantFrom('', '2024-03-04', '4 Mar 2024', '2024-03-04T10:15:00+02:00', 'never', '25/12/2023'),
    mfa: fc.constantFrom('', 'true', 'No', 'on', '0'),
  })
  .map((r) => ({ ...r, role: (r.organization === '' ? r.accountRoles : r.orgRoles).join(';') }));
const dataset = fc.array(row, { minLength: 1, maxLength: 12 });

// Writing a dataset in equivalent forms -------------------------------------------------------------

interface Form {
  delimiter: ',' | ';' | '\t';
  quoting: 'minimal' | 'all';
  lineEnding: 'lf' | 'crlf' | 'cr' | 'mixed';
  bom: boolean;
  trailingBlank: number;
  encoding: 'utf-8' | 'utf-16le' | 'windows-1252';
}
const form: fc.Arbitrary<Form> = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t'),
  quoting: fc.constantFrom('minimal', 'all'),
  lineEnding: fc.constantFrom('lf', 'crlf', 'cr', 'mixed'),
  bom: fc.boolean(),
  trailingBlank: fc.integer({ min: 0, max: 3 }),
  encoding: fc.constantFrom('utf-8', 'utf-16le', 'windows-1252'),
});

function field(value: string, f: Form): string {
  const needs = value.includes(f.delimiter) || value.includes('"') || /[\r\n]/.test(value) || value !== value.trim();
  return f.quoting === 'all' || needs ? `"${value.replace(/"/g, '""')}"` : value;
}

function text(rows: Row[], f: Form): string {
  const lines = [
    FIELDS.map((h) => field(h, f)).join(f.delimiter),
    ...rows.map((r) => FIELDS.map((h) => field(cell(r, h), f)).join(f.delimiter)),
  ];
  for (let i = 0; i < f.trailingBlank; i++) lines.push('');
  const ending = (i: number) =>
    f.lineEnding === 'lf' ? '\n' : f.lineEnding === 'crlf' ? '\r\n' : f.lineEnding === 'cr' ? '\r' : i % 2 ? '\n' : '\r\n';
  return lines.map((l, i) => l + ending(i)).join('');
}

// Decoded in stream mode: on Node 20 a one-shot decode of 0x80–0x9F gives C1 controls rather than
// '€', '–', '’', …, and the forms holding those characters would be silently skipped.
const CP1252 = (() => {
  const decoder = new TextDecoder('windows-1252');
  const map = new Map<string, number>();
  for (let b = 0; b < 256; b++) map.set(decoder.decode(Uint8Array.of(b), { stream: true }), b);
  return map;
})();

/** The bytes of a form, or undefined when its encoding cannot hold the text unambiguously. */
function encode(content: string, f: Form): Uint8Array | undefined {
  if (f.encoding === 'utf-16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(content, 'utf16le')]);
  if (f.encoding === 'windows-1252') {
    const bytes: number[] = [];
    for (const c of content) {
      const b = CP1252.get(c);
      if (b === undefined) return undefined;
      bytes.push(b);
    }
    const buffer = Buffer.from(bytes);
    // Bytes that are also valid UTF-8 are read as UTF-8 (see README): not an equivalent form.
    if (bytes.some((b) => b >= 0x80) && isUtf8(buffer)) return undefined;
    return buffer;
  }
  return Buffer.from(f.bom ? `\uFEFF${content}` : content, 'utf8');
}

/** A snapshot as the property compares it: users with attributes, node paths, assignments. */
function snapshotOf(id: number) {
  const view = store.view(id);
  const users = store.users(id, { limit: 100_000 }).users;
  const tree = store
    .tree(id)
    .map((n) => `${n.level}:${n.path}`)
    .sort();
  const assignments = users
    .flatMap((u) => view.assignmentsOfUser(u.id).map((a) => `${u.email} ${a.roleId} @ ${view.node(a.nodeId)?.path}`))
    .sort();
  const people = users
    .map(({ email, name, status, lastLogin, mfa }) => ({ email, name, status, lastLogin, mfa }))
    .sort((a, b) => a.email.localeCompare(b.email));
  return { people, tree, assignments };
}

/**
 * The snapshot the rows must give, built from the rows themselves with the canonical values written
 * out here by hand: one user per email (lower-cased), each attribute from its first non-empty cell;
 * one node per scope path; one assignment per role, user and node.
 */
const ROLE_IDS: Record<string, string> = {
  'account Admin': 'account-admin',
  'account User': 'account-user',
  'account Finance': 'account-finance',
  'account read only': 'account-read-only',
  'organization Org Admin': 'org-admin',
  'organization User': 'org-user',
  'organization admin': 'org-admin',
};
const STATUS: Record<string, string> = { active: 'active', Suspended: 'suspended', pending: 'invited' };
const LAST_LOGIN: Record<string, string> = {
  '2024-03-04': '2024-03-04',
  '4 Mar 2024': '2024-03-04',
  '2024-03-04T10:15:00+02:00': '2024-03-04T08:15:00Z',
  never: 'never',
  '25/12/2023': '2023-12-25',
};
const MFA: Record<string, string> = { true: 'enabled', No: 'disabled', on: 'enabled', '0': 'disabled' };
function expectedSnapshot(rows: Row[]): ReturnType<typeof snapshotOf> {
  const people = new Map<string, { email: string; name: string; status?: string; lastLogin?: string; mfa?: string }>();
  const tree = new Set<string>();
  const assignments = new Set<string>();
  for (const r of rows) {
    const email = r.email.toLowerCase();
    const person = people.get(email) ?? { email, name: '' };
    people.set(email, person);
    if (person.name === '') person.name = r.name;
    if (r.status !== '') person.status ??= STATUS[r.status];
    if (r.lastLogin !== '') person.lastLogin ??= LAST_LOGIN[r.lastLogin];
    if (r.mfa !== '') person.mfa ??= MFA[r.mfa];
    const scope = r.organization === '' ? [r.account] : [r.account, r.organization];
    tree.add(`account:${joinPath([r.account])}`);
    if (scope.length === 2) tree.add(`organization:${joinPath(scope)}`);
    const level = scope.length === 1 ? 'account' : 'organization';
    for (const role of r.role.split(';')) assignments.add(`${email} ${ROLE_IDS[`${level} ${role}`]} @ ${joinPath(scope)}`);
  }
  return {
    people: [...people.values()]
      .map(({ email, name, status, lastLogin, mfa }) => ({ email, name, status, lastLogin, mfa }))
      .sort((a, b) => a.email.localeCompare(b.email)),
    tree: [...tree].sort(),
    assignments: [...assignments].sort(),
  };
}

// Mutations ------------------------------------------------------------------------------------------

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'replace'; at: number; byte: number }
  | { kind: 'swap-char'; from: string; to: string };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    byte: fc.constantFrom(0x22, 0x2c, 0x3b, 0x09, 0x0a, 0x0d, 0x00, 0xff, 0xfe, 0xc3, 0x80),
  }),
  fc.record({
    kind: fc.constant('swap-char' as const),
    from: fc.constantFrom('"', ',', ';', '\n', '@'),
    to: fc.constantFrom('"', ',', ';', '\t', '\r', ''),
  }),
);

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = bytes.length === 0 ? 0 : m.kind === 'swap-char' ? 0 : m.at % (bytes.length + 1);
  switch (m.kind) {
    case 'truncate':
      return bytes.subarray(0, at);
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
    case 'replace': {
      const copy = Buffer.from(bytes);
      if (copy.length > 0) copy[Math.min(at, copy.length - 1)] = m.byte;
      return copy;
    }
    case 'swap-char':
      return Buffer.from(Buffer.from(bytes).toString('latin1').split(m.from).join(m.to), 'latin1');
  }
}

const input: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(dataset, form, fc.array(mutation, { minLength: 1, maxLength: 3 }))
      .map(([rows, f, ms]) => ms.reduce(mutate, encode(text(rows, f), { ...f, encoding: 'utf-8' }) as Uint8Array)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(dataset, form)
      .map(([rows, f]) => encode(text(rows, f), f) ?? encode(text(rows, f), { ...f, encoding: 'utf-16le' })!),
  },
);

describe('the importer under fuzzing', () => {
  it(
    '(a) never crashes: every input imports or fails with an AuditError, and a failure writes nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(input, async (bytes) => {
          const before = dbState();
          const snapshots = store.list().length;
          let error: unknown;
          let imported: SnapshotInfo | undefined;
          try {
            imported = await run(bytes);
          } catch (caught) {
            error = caught;
          }
          if (error === undefined) {
            expect(store.list().length).toBe(snapshots + 1);
            deleteNow(store, (imported as SnapshotInfo).id);
            return;
          }
          expect(error).toBeInstanceOf(AuditError);
          expect((error as AuditError).kind).toBe('input');
          expect(dbState()).toEqual(before);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    },
    HANG_TIMEOUT,
  );

  it(
    '(b) every equivalent form of a valid dataset imports, to the same snapshot',
    async () => {
      await fc.assert(
        fc.asyncProperty(dataset, fc.array(form, { minLength: 2, maxLength: 5 }), async (rows, forms) => {
          let first: ReturnType<typeof snapshotOf> | undefined;
          for (const f of forms) {
            const bytes = encode(text(rows, f), f);
            if (bytes === undefined) continue;
            const info = await run(bytes);
            const got = snapshotOf(info.id);
            deleteNow(store, info.id);
            // The first form against the rows themselves (a loss common to every form shows here), the
            // others against the first.
            if (first === undefined) expect(got, JSON.stringify(f)).toEqual(expectedSnapshot(rows));
            else expect(got, JSON.stringify(f)).toEqual(first);
            first ??= got;
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    },
    HANG_TIMEOUT,
  );

  it('a file of the same bytes again is refused as a duplicate, and writes nothing', async () => {
    const bytes = Buffer.from('email,role,account\nada@msp.test,Admin,Fuzz MSP\n');
    await run(bytes);
    const before = dbState();
    await expect(run(bytes, false)).rejects.toMatchObject({ kind: 'duplicate' });
    expect(dbState()).toEqual(before);
  });
});
