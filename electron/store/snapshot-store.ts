// Reading snapshots back: the list, one snapshot's tenant tree and users, and a SnapshotView the
// engine queries. Every statement is answered from an index (tests/store check the query plans), so
// the cost of an answer follows its size, not the snapshot's.

import type BetterSqlite3 from 'better-sqlite3';
import { orderPeople } from '../../shared/engine/people-order';
import { compareText } from '../../shared/engine/walk';
import { AuditError } from '../../shared/errors';
import type { RoleModel } from '../../shared/model/types';
import { builtInSnapshotModel } from '../../shared/models';
import type {
  Assignment,
  SnapshotInfo,
  SnapshotModel,
  SnapshotView,
  SourceFile,
  TenantNode,
  User,
  UserAssignmentKeys,
  UserAssignments,
} from '../../shared/snapshot';
import { AssignmentColumns, MAX_LEARNED_ASSIGNMENTS } from './assignment-columns';
import type { Database } from './database';
import type { TreeNode, UserSummary, UsersPage } from '../../shared/api';

/** A node of the tenant tree as the store counts it (the service adds `peopleWithAccess`). */
export type TreeNodeSummary = Omit<TreeNode, 'peopleWithAccess'>;

export interface UsersQuery {
  /** Case-insensitive substring of the email or the name. */
  search?: string;
  /** Default: every match. */
  limit?: number;
  offset?: number;
  /**
   * Only people with access at a tenant: holding a role at one of `nodeIds` (the tenant and below),
   * or one of `reaching.roleIds` at one of `reaching.nodeIds` (its ancestors); counting only those.
   */
  nodeIds?: number[];
  reaching?: { nodeIds: number[]; roleIds: string[] };
}

const ASSIGNMENT_COLUMNS = 'a.id, a.user_id, a.node_id, a.role_id, a.source_file, a.source_line';

/**
 * Every statement the store and its views run, by name (the query-plan test explains each). The
 * assignments table is clustered on (snapshot_id, role_id, node_id, user_id); queries by user name
 * their index (INDEXED BY), so SQLite cannot prefer a walk over the whole snapshot, whatever its
 * statistics say, and the statement fails to prepare if the index is ever gone.
 * Parameters: @snapshot, @user, @email, @roles and @nodes (JSON arrays), @from and @to (a path range),
 * @search, @limit, @offset.
 */
export const STORE_SQL = {
  list: `SELECT id, name, platform, model_version, as_of, imported_at, user_count, node_count, assignment_count, model_id
         FROM snapshots WHERE complete = 1 ORDER BY id DESC`,
  get: `SELECT id, name, platform, model_version, as_of, imported_at, user_count, node_count, assignment_count, model_id
        FROM snapshots WHERE id = @snapshot AND complete = 1`,
  // A user-defined model kept with its snapshots (migrations/004-models.ts).
  model: `SELECT sha256, name, file_name FROM models WHERE id = @model`,
  modelJson: `SELECT model_json FROM models WHERE id = @model`,
  isComplete: `SELECT 1 FROM snapshots WHERE id = @snapshot AND complete = 1`,
  newestId: `SELECT id FROM snapshots WHERE complete = 1 ORDER BY id DESC LIMIT 1`,
  files: `SELECT name, sha256, size, rows, encoding FROM snapshot_files WHERE snapshot_id = @snapshot ORDER BY position`,
  // Deleting a snapshot (see migrations/003-withdraw.ts): withdraw it, then its rows @limit at a time.
  withdraw: `UPDATE snapshots SET complete = 0 WHERE id = @snapshot AND complete = 1`,
  withdrawn: `SELECT id FROM snapshots WHERE complete = 0 ORDER BY id`,
  purgeAssignments: `DELETE FROM assignments WHERE snapshot_id = @snapshot LIMIT @limit`,
  purgeUsers: `DELETE FROM users WHERE snapshot_id = @snapshot LIMIT @limit`,
  purgeNodes: `DELETE FROM nodes WHERE snapshot_id = @snapshot LIMIT @limit`,
  purgeFiles: `DELETE FROM snapshot_files WHERE snapshot_id = @snapshot LIMIT @limit`,
  purgeSnapshot: `DELETE FROM snapshots WHERE id = @snapshot AND complete = 0`,
  nodes: `SELECT id, parent_id, depth, level, name, path FROM nodes WHERE snapshot_id = @snapshot ORDER BY id`,
  user: `SELECT id, email, name, status, last_login, mfa FROM users WHERE snapshot_id = @snapshot AND id = @user`,
  usersByIds: `SELECT id, email, name, status, last_login, mfa FROM users
               WHERE snapshot_id = @snapshot AND id IN (SELECT value FROM json_each(@users))`,
  // Assignments in primary-key order after (@role, @node, @user), @limit at a time (SqliteSnapshotView.learnEveryone).
  assignmentsSlice: `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments AS a
                     WHERE a.snapshot_id = @snapshot AND (a.role_id, a.node_id, a.user_id) > (@role, @node, @user)
                     ORDER BY a.role_id, a.node_id, a.user_id LIMIT @limit`,
  assignmentCount: `SELECT assignment_count FROM snapshots WHERE id = @snapshot`,
  // People in id order from @after on, @limit at a time (SqliteSnapshotView.learnEveryone).
  usersSlice: `SELECT id, email, name, status, last_login, mfa FROM users
               WHERE snapshot_id = @snapshot AND id > @after ORDER BY id LIMIT @limit`,
  userByEmail: `SELECT id, email, name, status, last_login, mfa FROM users INDEXED BY users_by_email
                WHERE snapshot_id = @snapshot AND email = @email`,
  // Emails in the range [@from, @to): those starting with a prefix (SqliteSnapshotView.emailsStartingWith).
  emailsFrom: `SELECT email FROM users INDEXED BY users_by_email
               WHERE snapshot_id = @snapshot AND email >= @from AND email < @to ORDER BY email LIMIT @limit`,
  assignmentsOfUser: `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments AS a INDEXED BY assignments_by_user
                      WHERE a.snapshot_id = @snapshot AND a.user_id = @user`,
  assignmentsAt: `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments AS a
                  WHERE a.snapshot_id = @snapshot
                    AND a.role_id IN (SELECT value FROM json_each(@roles))
                    AND a.node_id IN (SELECT value FROM json_each(@nodes))`,
  // Every assignment of one role, in primary-key order (SqliteSnapshotView.eachAssignment): numbers
  // only, as a million role names would be a million strings.
  everyAssignment: `SELECT a.id, a.user_id, a.node_id, a.source_file, a.source_line FROM assignments AS a
                    WHERE a.snapshot_id = @snapshot AND a.role_id = @role`,
  // Everyone, for people order (SqliteSnapshotView.peopleOrder).
  userIds: `SELECT id FROM users WHERE snapshot_id = @snapshot`,
  assignmentsOfRoles: `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments AS a
                       WHERE a.snapshot_id = @snapshot AND a.role_id IN (SELECT value FROM json_each(@roles))`,
  // Nodes strictly below P are exactly those whose path starts with 'P/': '0' follows '/', and a '/'
  // inside a name is written '\/', so the range ('P/', 'P0') holds them and nothing else.
  assignmentsBelow: `SELECT ${ASSIGNMENT_COLUMNS}
                     FROM nodes AS n INDEXED BY nodes_by_path CROSS JOIN assignments AS a
                     WHERE n.snapshot_id = @snapshot AND n.path > @from AND n.path < @to
                       AND a.snapshot_id = @snapshot AND a.role_id IN (SELECT value FROM json_each(@roles)) AND a.node_id = n.id`,
  // Per user and node, how many assignments: the tree's counts in one pass over a covering index.
  treeCounts: `SELECT user_id, node_id, count(*) FROM assignments INDEXED BY assignments_by_user
               WHERE snapshot_id = @snapshot GROUP BY user_id, node_id`,
  // Whole-snapshot passes in email order, the indexes' own order (no sort): every user holding a
  // role, and beside them every assignment, each user's together (a search of assignments_by_user per
  // user). The id and source columns are not in that index, so each row is also looked up by primary
  // key; the keys alone skip that.
  usersByEmail: `SELECT u.id, u.email, u.name, u.status, u.last_login, u.mfa FROM users AS u INDEXED BY users_by_email
                 WHERE u.snapshot_id = @snapshot ORDER BY u.email`,
  assignmentsByUser: `SELECT ${ASSIGNMENT_COLUMNS}
                      FROM users AS u INDEXED BY users_by_email CROSS JOIN assignments AS a INDEXED BY assignments_by_user
                      WHERE u.snapshot_id = @snapshot AND a.snapshot_id = @snapshot AND a.user_id = u.id
                      ORDER BY u.email`,
  assignmentKeysByUser: `SELECT a.user_id, a.node_id, a.role_id
                         FROM users AS u INDEXED BY users_by_email CROSS JOIN assignments AS a INDEXED BY assignments_by_user
                         WHERE u.snapshot_id = @snapshot AND a.snapshot_id = @snapshot AND a.user_id = u.id
                         ORDER BY u.email`,
  // The people a search matches (the Users view pages through them in people order), then a page of them with their counts.
  usersMatching: `SELECT u.id FROM users AS u
                  WHERE u.snapshot_id = @snapshot
                    AND (@search IS NULL OR instr(u.email, @search) > 0 OR instr(audit_casefold(u.name), @search) > 0)`,
  usersWithCounts: `SELECT u.id, u.email, u.name, u.status, u.last_login, u.mfa,
                      (SELECT count(*) FROM assignments AS a INDEXED BY assignments_by_user
                       WHERE a.snapshot_id = u.snapshot_id AND a.user_id = u.id) AS assignment_count
                    FROM users AS u
                    WHERE u.snapshot_id = @snapshot AND u.id IN (SELECT value FROM json_each(@users))`,
  // People with access at a tenant: those holding a role at some of @nodes (the tenant and below), with
  // how many they hold there (one pass over the covering index by user, as the tree's counts), and
  // those holding one of @roles (the roles that reach down) at one of @above (the tenant's ancestors),
  // with the nodes they hold them at (from the primary key: few roles at few nodes).
  usersAtNodes: `WITH scoped (user_id, n) AS (
                   SELECT user_id, count(*) FROM assignments INDEXED BY assignments_by_user
                   WHERE snapshot_id = @snapshot AND node_id IN (SELECT value FROM json_each(@nodes))
                   GROUP BY user_id),
                 reaching (user_id, n, via) AS (
                   SELECT user_id, count(*), json_group_array(DISTINCT node_id) FROM assignments
                   WHERE snapshot_id = @snapshot AND role_id IN (SELECT value FROM json_each(@roles))
                     AND node_id IN (SELECT value FROM json_each(@above))
                   GROUP BY user_id),
                 people (user_id) AS (SELECT user_id FROM scoped UNION SELECT user_id FROM reaching)
                 SELECT u.id, u.email, u.name, u.status, u.last_login, u.mfa, coalesce(s.n, 0) + coalesce(r.n, 0), r.via
                 FROM people AS p JOIN users AS u ON u.snapshot_id = @snapshot AND u.id = p.user_id
                   LEFT JOIN scoped AS s ON s.user_id = p.user_id
                   LEFT JOIN reaching AS r ON r.user_id = p.user_id
                 WHERE (@search IS NULL OR instr(u.email, @search) > 0 OR instr(audit_casefold(u.name), @search) > 0)`,
} as const;

type Row = unknown[];

interface SnapshotRow {
  id: number;
  name: string;
  platform: string;
  model_version: string;
  as_of: string | null;
  imported_at: string;
  user_count: number;
  node_count: number;
  assignment_count: number;
  model_id: number | null;
}

function toUser(row: Row): User {
  const [id, email, name, status, lastLogin, mfa] = row as [number, string, string, string | null, string | null, string | null];
  const user: User = { id, email, name };
  if (status !== null) user.status = status;
  if (lastLogin !== null) user.lastLogin = lastLogin;
  if (mfa !== null) user.mfa = mfa;
  return user;
}

function byName(a: TenantNode, b: TenantNode): number {
  return compareText(a.name, b.name);
}

/** The tenant nodes of one snapshot, held in memory (a snapshot has at most some 10,000). */
class NodeIndex {
  readonly byId = new Map<number, TenantNode>();
  readonly levelOf = new Map<number, string>();
  readonly byPath = new Map<string, TenantNode>();
  readonly children = new Map<number | null, TenantNode[]>();

  constructor(rows: Row[]) {
    for (const [id, parentId, depth, level, name, path] of rows as [number, number | null, number, string, string, string][]) {
      const node: TenantNode = { id, parentId, depth, name, path };
      this.byId.set(id, node);
      this.levelOf.set(id, level);
      this.byPath.set(path, node);
      const siblings = this.children.get(parentId);
      if (siblings) siblings.push(node);
      else this.children.set(parentId, [node]);
    }
    for (const siblings of this.children.values()) siblings.sort(byName);
  }

  ancestors(nodeId: number): TenantNode[] {
    const chain: TenantNode[] = [];
    for (let n = this.byId.get(nodeId); n; n = n.parentId === null ? undefined : this.byId.get(n.parentId)) chain.unshift(n);
    return chain;
  }

  private sizes: Map<number, number> | undefined;

  /** Nodes in each node's subtree (itself included), counted once for all nodes on first use. */
  subtreeSize(nodeId: number): number {
    if (!this.sizes) {
      const sizes = new Map<number, number>();
      for (const node of this.byId.values()) {
        for (let n: TenantNode | undefined = node; n; n = n.parentId === null ? undefined : this.byId.get(n.parentId)) {
          sizes.set(n.id, (sizes.get(n.id) ?? 0) + 1);
        }
      }
      this.sizes = sizes;
    }
    return this.sizes.get(nodeId) ?? 0;
  }
}

/** A SnapshotView over one snapshot in SQLite, with prepared statements. */
export class SqliteSnapshotView implements SnapshotView {
  private readonly statements = new Map<keyof typeof STORE_SQL, BetterSqlite3.Statement>();
  private nodeIndex: NodeIndex | undefined;
  private fileNames: string[] | undefined;

  constructor(
    private readonly db: Database,
    readonly snapshotId: number,
  ) {}

  private statement(name: keyof typeof STORE_SQL): BetterSqlite3.Statement {
    let statement = this.statements.get(name);
    if (!statement) {
      statement = this.db.prepare(STORE_SQL[name]).raw(true);
      this.statements.set(name, statement);
    }
    return statement;
  }

  private get nodes(): NodeIndex {
    this.nodeIndex ??= new NodeIndex(this.statement('nodes').all({ snapshot: this.snapshotId }) as Row[]);
    return this.nodeIndex;
  }

  private get files(): string[] {
    this.fileNames ??= (this.statement('files').all({ snapshot: this.snapshotId }) as Row[]).map((r) => r[0] as string);
    return this.fileNames;
  }

  /** Rows to assignments in id order (import order), as the in-memory view returns them. */
  private assignments(rows: Row[]): Assignment[] {
    const files = this.files;
    rows.sort((a, b) => (a[0] as number) - (b[0] as number));
    return rows.map((row) => ({
      id: row[0] as number,
      userId: row[1] as number,
      nodeId: row[2] as number,
      roleId: row[3] as string,
      sourceFile: files[row[4] as number] ?? `#${row[4]}`,
      sourceLine: row[5] as number,
    }));
  }

  node(id: number): TenantNode | undefined {
    return this.nodes.byId.get(id);
  }

  nodeByPath(path: string): TenantNode | undefined {
    return this.nodes.byPath.get(path);
  }

  ancestors(nodeId: number): TenantNode[] {
    return this.nodes.ancestors(nodeId);
  }

  children(parentId: number | null): TenantNode[] {
    return [...(this.nodes.children.get(parentId) ?? [])];
  }

  subtreeSize(nodeId: number): number {
    return this.nodes.subtreeSize(nodeId);
  }

  /** Every node, with its level id, in id order. */
  allNodes(): (TenantNode & { level: string })[] {
    const nodes = this.nodes;
    return [...nodes.byId.values()].map((n) => ({ ...n, level: nodes.levelOf.get(n.id) ?? '' }));
  }

  user(id: number): User | undefined {
    const row = this.statement('user').get({ snapshot: this.snapshotId, user: id }) as Row | undefined;
    return row && toUser(row);
  }

  userByEmail(email: string): User | undefined {
    const row = this.statement('userByEmail').get({ snapshot: this.snapshotId, email }) as Row | undefined;
    return row && toUser(row);
  }

  emailsStartingWith(prefix: string, limit: number): string[] {
    if (prefix === '') return [];
    // SQLite compares text as UTF-8 bytes, in code-point order: the emails starting with the prefix
    // are those from it up to (not including) the prefix with its last character's successor.
    const chars = [...prefix];
    const last = chars.pop()!.codePointAt(0)!;
    if (last >= 0x10ffff) return [];
    const to = chars.join('') + String.fromCodePoint(last + 1 === 0xd800 ? 0xe000 : last + 1);
    return (this.statement('emailsFrom').all({ snapshot: this.snapshotId, from: prefix, to, limit }) as Row[]).map((r) => r[0] as string);
  }

  /** People answers have named, kept: the same ones (an MSSP's staff) appear in answer after answer. */
  private readonly knownUsers = new Map<number, User>();
  usersByIds(ids: readonly number[]): Map<number, User> {
    const users = new Map<number, User>();
    const missing: number[] = [];
    for (const id of ids) {
      const user = this.knownUsers.get(id);
      if (user) users.set(id, user);
      else missing.push(id);
    }
    if (missing.length === 0) return users;
    for (const row of this.db
      .prepare(STORE_SQL.usersByIds)
      .raw(true)
      .iterate({ snapshot: this.snapshotId, users: JSON.stringify(missing) }) as IterableIterator<Row>) {
      this.remember(users, toUser(row));
    }
    return users;
  }

  private remember(users: Map<number, User>, user: User): void {
    users.set(user.id, user);
    this.knownUsers.set(user.id, user);
  }

  private learning: Promise<void> | undefined;
  /** Every assignment, by node, once learned (see learnEveryone). */
  private learned: AssignmentColumns | undefined;

  /**
   * For a long-lived host (the app, browser mode): reads every person and every assignment of the
   * snapshot in the background, a slice per turn of the event loop (a few milliseconds each), so
   * that later answers find the people they name known and a tenant's assignments in memory. Timers
   * are unref'd: they never keep a process alive. Resolves once all is learned (or the database was
   * closed meanwhile).
   */
  learnEveryone(slice = 2000): Promise<void> {
    this.learning ??= new Promise<void>((done) => {
      const inTurns = (step: () => boolean) =>
        new Promise<void>((finished) => {
          const next = () => {
            let more: boolean;
            try {
              more = step();
            } catch {
              more = false; // the database was closed: nothing left to learn
            }
            if (more) setTimeout(next, 0).unref();
            else finished();
          };
          setTimeout(next, 0).unref();
        });
      let after = 0;
      const people = () => {
        const rows = this.statement('usersSlice').all({ snapshot: this.snapshotId, after, limit: slice }) as Row[];
        for (const row of rows) {
          if (this.knownUsers.has(row[0] as number)) continue;
          const user = toUser(row);
          this.knownUsers.set(user.id, user);
        }
        if (rows.length > 0) after = rows[rows.length - 1][0] as number;
        if (rows.length === slice) return true;
        this.order ??= orderPeople(this.knownUsers.values());
        return false;
      };
      void [this.nodes, this.files]; // read now, if no question has yet
      const count = (this.statement('assignmentCount').get({ snapshot: this.snapshotId }) as Row | undefined)?.[0] as number | undefined;
      const columns = new AssignmentColumns(count ?? 0);
      const from = { role: '', node: -1, user: -1 };
      const assignments = () => {
        const rows = this.statement('assignmentsSlice').all({ snapshot: this.snapshotId, ...from, limit: slice * 5 }) as Row[];
        for (const row of rows) columns.add(row);
        if (rows.length === slice * 5) {
          const last = rows[rows.length - 1];
          Object.assign(from, { role: last[3], node: last[2], user: last[1] });
          return true;
        }
        columns.finish();
        this.learned = columns;
        return false;
      };
      void inTurns(people)
        .then(() => (count !== undefined && count <= MAX_LEARNED_ASSIGNMENTS ? inTurns(assignments) : undefined))
        .then(done);
    });
    return this.learning;
  }

  private order: Map<number, number> | undefined;

  /** Everyone's place in people order: the people already known, and the rest read now (and kept). */
  peopleOrder(): Map<number, number> {
    if (!this.order) {
      const ids = this.statement('userIds').pluck(true).all({ snapshot: this.snapshotId }) as number[];
      this.order = orderPeople(this.usersByIds(ids).values());
    }
    return this.order;
  }

  knownPeopleOrder(): Map<number, number> | undefined {
    return this.order;
  }

  eachAssignment(roleIds: readonly string[], visit: (assignment: Readonly<Assignment>) => void): void {
    const files = this.files;
    if (this.learned) return this.learned.each(roleIds, files, visit);
    const assignment: Assignment = { id: 0, userId: 0, nodeId: 0, roleId: '', sourceFile: '', sourceLine: 0 };
    // Prepared afresh: a statement runs one iteration at a time, and passes may nest.
    const statement = this.db.prepare(STORE_SQL.everyAssignment).raw(true);
    for (const role of new Set(roleIds)) {
      assignment.roleId = role;
      for (const row of statement.iterate({ snapshot: this.snapshotId, role }) as IterableIterator<Row>) {
        assignment.id = row[0] as number;
        assignment.userId = row[1] as number;
        assignment.nodeId = row[2] as number;
        assignment.sourceFile = files[row[3] as number] ?? `#${row[3] as number}`;
        assignment.sourceLine = row[4] as number;
        visit(assignment);
      }
    }
  }

  assignmentsOfUser(userId: number): Assignment[] {
    return this.assignments(this.statement('assignmentsOfUser').all({ snapshot: this.snapshotId, user: userId }) as Row[]);
  }

  /**
   * Assignments at tenants with tenants below them (partners, MSSPs, accounts), by node and role,
   * kept once read: few, and asked for by every question about any tenant below.
   */
  private readonly atBranch = new Map<number, Map<string, Assignment[]>>();

  assignmentsAt(asked: number[], roleIds: string[]): Assignment[] {
    if (asked.length === 0 || roleIds.length === 0) return [];
    const nodeIds = [...new Set(asked)];
    if (this.learned) {
      const found: Assignment[] = [];
      for (const id of nodeIds) this.learned.at(id, roleIds, this.files, found);
      return found.sort((a, b) => a.id - b.id);
    }
    const leaves = nodeIds.filter((id) => !this.nodes.children.has(id));
    const found = leaves.length === 0 ? [] : this.assignmentsAtExactly(leaves, roleIds);
    if (leaves.length === nodeIds.length) return found;
    for (const id of nodeIds) {
      if (!this.nodes.children.has(id)) continue;
      let byRole = this.atBranch.get(id);
      if (!byRole) this.atBranch.set(id, (byRole = new Map()));
      const unread = roleIds.filter((role) => !byRole.has(role));
      if (unread.length > 0) {
        for (const role of unread) byRole.set(role, []);
        for (const a of this.assignmentsAtExactly([id], unread)) byRole.get(a.roleId)?.push(a);
      }
      for (const role of roleIds) found.push(...(byRole.get(role) ?? []));
    }
    return found.sort((a, b) => a.id - b.id);
  }

  private assignmentsAtExactly(nodeIds: number[], roleIds: string[]): Assignment[] {
    const rows = this.statement('assignmentsAt').all({
      snapshot: this.snapshotId,
      roles: JSON.stringify(roleIds),
      nodes: JSON.stringify(nodeIds),
    });
    return this.assignments(rows as Row[]);
  }

  assignmentsBelow(nodeId: number | null, roleIds: string[]): Assignment[] {
    if (roleIds.length === 0) return [];
    if (nodeId === null) {
      return this.assignments(
        this.statement('assignmentsOfRoles').all({ snapshot: this.snapshotId, roles: JSON.stringify(roleIds) }) as Row[],
      );
    }
    const node = this.nodes.byId.get(nodeId);
    if (!node || !this.nodes.children.has(nodeId)) return [];
    const rows = this.statement('assignmentsBelow').all({
      snapshot: this.snapshotId,
      from: `${node.path}/`,
      to: `${node.path}0`,
      roles: JSON.stringify(roleIds),
    });
    return this.assignments(rows as Row[]);
  }

  assignmentsByUser(): Iterable<UserAssignments> {
    return this.byUser('assignmentsByUser', 1, (user, rows) => ({ user, assignments: this.assignments(rows) }));
  }

  assignmentKeysByUser(): Iterable<UserAssignmentKeys> {
    return this.byUser('assignmentKeysByUser', 0, (user, rows) => ({
      user,
      keys: rows.map(([, nodeId, roleId]) => ({ nodeId: nodeId as number, roleId: roleId as string })),
    }));
  }

  /**
   * Streams a statement's rows grouped by user (the user id in column `userColumn`), one group at a
   * time, with the user read alongside from usersByEmail, which lists them in the same order. Both
   * are prepared afresh each time: a statement runs one iteration at a time, and two passes may run
   * at once over the same view (a diff of a snapshot with itself).
   */
  private *byUser<T>(
    name: 'assignmentsByUser' | 'assignmentKeysByUser',
    userColumn: number,
    group: (user: User, rows: Row[]) => T,
  ): Generator<T> {
    const params = { snapshot: this.snapshotId };
    const users = this.db.prepare(STORE_SQL.usersByEmail).raw(true).iterate(params) as IterableIterator<Row>;
    const userOf = (id: number): User => {
      for (let next = users.next(); !next.done; next = users.next()) if (next.value[0] === id) return toUser(next.value);
      throw new Error(`user #${id} of snapshot #${this.snapshotId} is out of email order`);
    };
    try {
      let held: Row[] = [];
      for (const row of this.db.prepare(STORE_SQL[name]).raw(true).iterate(params) as IterableIterator<Row>) {
        if (held.length > 0 && held[0][userColumn] !== row[userColumn]) {
          yield group(userOf(held[0][userColumn] as number), held);
          held = [];
        }
        held.push(row);
      }
      if (held.length > 0) yield group(userOf(held[0][userColumn] as number), held);
    } finally {
      users.return?.();
    }
  }
}

/** Rows a purge step deletes: a few tens of milliseconds of work. */
export const PURGE_ROWS = 20_000;

/** The snapshots in one database. */
export class SnapshotStore {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  // By snapshot id, what is read or derived from a snapshot once: snapshots never change and their
  // ids are never reused, so only whether one still exists is asked again (another process may delete it).
  private readonly infos = new Map<number, SnapshotInfo>();
  private readonly views = new Map<number, SqliteSnapshotView>();
  private readonly trees = new Map<number, TreeNodeSummary[]>();

  constructor(private readonly db: Database) {
    db.function('audit_casefold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
  }

  private statement(name: keyof typeof STORE_SQL): BetterSqlite3.Statement {
    let statement = this.statements.get(name);
    if (!statement) {
      statement = this.db.prepare(STORE_SQL[name]);
      this.statements.set(name, statement);
    }
    return statement;
  }

  private info(row: SnapshotRow): SnapshotInfo {
    const files = this.statement('files').all({ snapshot: row.id }) as SourceFile[];
    return {
      id: row.id,
      name: row.name,
      platform: row.platform,
      modelVersion: row.model_version,
      model: this.modelInfo(row),
      asOf: row.as_of,
      importedAt: row.imported_at,
      files: files.map((f) => ({ name: f.name, sha256: f.sha256, size: f.size, rows: f.rows, encoding: f.encoding })),
      userCount: row.user_count,
      nodeCount: row.node_count,
      assignmentCount: row.assignment_count,
    };
  }

  /** The model a snapshot is answered with: the user's file kept with it, or the app's built-in model. */
  private modelInfo(row: SnapshotRow): SnapshotModel {
    if (row.model_id === null) return builtInSnapshotModel(row.platform);
    const model = this.statement('model').get({ model: row.model_id }) as { sha256: string; name: string; file_name: string };
    return { origin: 'user', name: model.name, sha256: model.sha256, fileName: model.file_name };
  }

  /** The model a snapshot was imported with, as it was read then: its user's model, or undefined for a built-in one. */
  storedModel(snapshotId: number): RoleModel | undefined {
    const id = this.statement('get').get({ snapshot: snapshotId }) as SnapshotRow | undefined;
    if (!id || id.model_id === null) return undefined;
    const json = this.statement('modelJson').pluck(true).get({ model: id.model_id }) as string;
    return JSON.parse(json) as RoleModel;
  }

  /** Every snapshot, newest first. */
  list(): SnapshotInfo[] {
    return (this.statement('list').all() as SnapshotRow[]).map((row) => this.info(row));
  }

  get(id: number): SnapshotInfo | undefined {
    if (!this.statement('isComplete').get({ snapshot: id })) {
      this.forget(id);
      return undefined;
    }
    return this.infoOf(id);
  }

  /** The most recently imported snapshot, if any. */
  newest(): SnapshotInfo | undefined {
    const id = this.statement('newestId').pluck(true).get() as number | undefined;
    return id === undefined ? undefined : this.infoOf(id);
  }

  /** A complete snapshot's info, read once. */
  private infoOf(id: number): SnapshotInfo {
    let info = this.infos.get(id);
    if (!info) {
      info = this.info(this.statement('get').get({ snapshot: id }) as SnapshotRow);
      this.infos.set(id, info);
    }
    return info;
  }

  /** Drops what is kept in memory of a snapshot (its info, view and tree): another connection deleted it. */
  forget(id: number): void {
    this.infos.delete(id);
    this.views.delete(id);
    this.trees.delete(id);
  }

  private require(id: number): SnapshotInfo {
    const snapshot = this.get(id);
    if (!snapshot) throw new AuditError('not-found', `no snapshot #${id} in this database`);
    return snapshot;
  }

  /**
   * Withdraws a complete snapshot, the first step of deleting it: one small write, after which no
   * answer shows it; its rows stay until purge() deletes them. Throws not-found for a missing one.
   */
  withdraw(id: number): void {
    this.require(id);
    this.statement('withdraw').run({ snapshot: id });
    this.forget(id);
  }

  /** Snapshots withdrawn but not yet purged: being deleted, or left so by a crash. */
  withdrawn(): number[] {
    return this.statement('withdrawn').pluck(true).all() as number[];
  }

  /**
   * Deletes up to `limit` rows of a withdrawn snapshot, each statement a transaction of its own (so
   * the write lock is held briefly); the snapshot's row goes last. True once nothing is left.
   */
  purgeStep(id: number, limit = PURGE_ROWS): boolean {
    for (const name of ['purgeAssignments', 'purgeUsers', 'purgeNodes', 'purgeFiles'] as const) {
      if (this.statement(name).run({ snapshot: id, limit }).changes > 0) return false;
    }
    this.statement('purgeSnapshot').run({ snapshot: id });
    return true;
  }

  /**
   * Deletes a withdrawn snapshot's rows in steps, giving the event loop a turn between them so that
   * other calls are answered meanwhile. Stops when the connection is closed: the next open goes on.
   */
  async purge(id: number, limit = PURGE_ROWS): Promise<void> {
    while (this.db.open && !this.purgeStep(id, limit)) await new Promise((resolve) => setImmediate(resolve));
  }

  /**
   * The snapshot's view, kept while it exists: its tenant nodes are read once, and its statements
   * prepared once. A kept view is handed out unchecked: `get` and `newest`, which every service call
   * asks first, drop it once the snapshot is gone.
   */
  view(id: number): SqliteSnapshotView {
    let view = this.views.get(id);
    if (!view) {
      this.require(id);
      view = new SqliteSnapshotView(this.db, id);
      this.views.set(id, view);
    }
    return view;
  }

  /**
   * The tenant tree, depth first with siblings by name, and per node: its children, the distinct
   * users holding a role there or below, and its assignments (at the node, and in its subtree).
   */
  tree(id: number): TreeNodeSummary[] {
    this.require(id);
    const cached = this.trees.get(id);
    if (cached) return cached;
    const view = this.view(id);
    const nodes = view.allNodes();
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    const parent = nodes.map((n) => (n.parentId === null ? -1 : (index.get(n.parentId) ?? -1)));
    const direct = new Array<number>(nodes.length).fill(0);
    const subtree = new Array<number>(nodes.length).fill(0);
    const users = new Array<number>(nodes.length).fill(0);
    const lastUser = new Array<number>(nodes.length).fill(-1);
    // Rows come grouped by user, so "has this user been counted at this node" is one number per node.
    const counts = this.statement('treeCounts').raw(true);
    for (const [userId, nodeId, count] of counts.iterate({ snapshot: id }) as Iterable<[number, number, number]>) {
      const at = index.get(nodeId);
      if (at === undefined) continue;
      direct[at] += count;
      for (let i = at; i !== -1; i = parent[i]) {
        subtree[i] += count;
        if (lastUser[i] !== userId) {
          lastUser[i] = userId;
          users[i]++;
        }
      }
    }
    const summaries = new Map<number, TreeNodeSummary>();
    nodes.forEach((n, i) => {
      summaries.set(n.id, {
        ...n,
        childIds: view.children(n.id).map((c) => c.id),
        userCount: users[i],
        assignmentCount: direct[i],
        subtreeAssignmentCount: subtree[i],
      });
    });
    const ordered: TreeNodeSummary[] = [];
    const visit = (n: TenantNode) => {
      const summary = summaries.get(n.id);
      if (!summary) return;
      ordered.push(summary);
      for (const child of view.children(n.id)) visit(child);
    };
    for (const root of view.children(null)) visit(root);
    this.trees.set(id, ordered);
    return ordered;
  }

  /** Users with their assignment counts, in people order; `search` matches email or name in any case. */
  users(id: number, query: UsersQuery = {}): UsersPage {
    this.require(id);
    const search = query.search?.trim() ? query.search.trim().toLowerCase() : null;
    const limit = query.limit === undefined ? -1 : Math.max(0, Math.floor(query.limit));
    const offset = query.offset === undefined ? 0 : Math.max(0, Math.floor(query.offset));
    const view = this.view(id);
    const order = view.peopleOrder();
    const place = (userId: number) => order.get(userId) ?? Number.MAX_SAFE_INTEGER;
    const onPage = <T>(all: T[], userId: (item: T) => number) =>
      all.sort((a, b) => place(userId(a)) - place(userId(b))).slice(offset, limit < 0 ? undefined : offset + limit);
    const summary = (row: Row) => ({ ...toUser(row), assignmentCount: row[6] as number });
    if (query.nodeIds) {
      const rows = this.statement('usersAtNodes')
        .raw(true)
        .all({
          snapshot: id,
          search,
          nodes: JSON.stringify(query.nodeIds),
          above: JSON.stringify(query.reaching?.nodeIds ?? []),
          roles: JSON.stringify(query.reaching?.roleIds ?? []),
        }) as Row[];
      const page = onPage(rows, (row) => row[0] as number).map((row) => {
        const user: UserSummary = summary(row);
        if (typeof row[7] === 'string') {
          const via = (JSON.parse(row[7]) as number[]).map((nodeId) => view.node(nodeId)).filter((n) => n !== undefined);
          user.inheritedFrom = via.sort((a, b) => a.depth - b.depth).map((n) => n.path);
        }
        return user;
      });
      return { total: rows.length, users: page };
    }
    const matching = this.statement('usersMatching').pluck(true).all({ snapshot: id, search }) as number[];
    const pageIds = onPage(matching, (userId) => userId);
    const rows = this.statement('usersWithCounts')
      .raw(true)
      .all({ snapshot: id, users: JSON.stringify(pageIds) }) as Row[];
    const byId = new Map(rows.map((row) => [row[0] as number, row]));
    return { total: matching.length, users: pageIds.flatMap((userId) => (byId.has(userId) ? [summary(byId.get(userId) as Row)] : [])) };
  }
}
