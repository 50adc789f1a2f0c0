// A snapshot is one imported access review: a tenant tree, users and role assignments, read from
// source files at one time against one model version. It is immutable once imported.

import type { Reach } from './model/types';

export interface TenantNode {
  id: number;
  parentId: number | null;
  /** Index into the model's levels (0 = root level). */
  depth: number;
  name: string;
  /** Names from the root joined by `/` (a `/` inside a name is written `\/`). */
  path: string;
}

export interface User {
  id: number;
  email: string;
  name: string;
  status?: string;
  lastLogin?: string;
  mfa?: string;
}

export interface Assignment {
  id: number;
  userId: number;
  nodeId: number;
  roleId: string;
  /** Where the row came from, for the audit trail. */
  sourceFile: string;
  sourceLine: number;
}

export interface SourceFile {
  name: string;
  sha256: string;
  size: number;
  rows: number;
  /** The encoding the file was read in: `utf-8`, `utf-16le`, `utf-16be` or `windows-1252` (shared/csv/text.ts). */
  encoding: string;
}

/** A user with every role assignment they hold (in id order), as bulk questions read them one user at a time. */
export interface UserAssignments {
  user: User;
  assignments: Assignment[];
}

/** Where an assignment is made and of which role: all that tells one snapshot's assignments from another's. */
export type AssignmentKey = Pick<Assignment, 'nodeId' | 'roleId'>;

export interface UserAssignmentKeys {
  user: User;
  keys: AssignmentKey[];
}

/** The role model a snapshot was imported against and is answered with. */
export interface SnapshotModel {
  /** `built-in`: the app's own model of the platform; `user`: a model file the user gave, kept with the snapshot. */
  origin: 'built-in' | 'user';
  /** e.g. `Huntress`, `Acme EDR`. */
  name: string;
  /** A user's model: the SHA-256 of the file as given, and its name. Null for a built-in model. */
  sha256: string | null;
  fileName: string | null;
}

export interface SnapshotInfo {
  id: number;
  name: string;
  platform: string;
  modelVersion: string;
  model: SnapshotModel;
  /** The date the model version was chosen for (YYYY-MM-DD), if one was given. */
  asOf: string | null;
  /** ISO timestamp. */
  importedAt: string;
  files: SourceFile[];
  userCount: number;
  nodeCount: number;
  assignmentCount: number;
}

/**
 * Read access to one snapshot. The engine only asks narrow questions, so a SQLite-backed view can
 * answer them with indexed queries at MSP scale instead of loading everything.
 */
export interface SnapshotView {
  node(id: number): TenantNode | undefined;
  nodeByPath(path: string): TenantNode | undefined;
  /** Root first, the node itself last. */
  ancestors(nodeId: number): TenantNode[];
  /** Children of a node, or the roots when `parentId` is null; ordered by name. */
  children(parentId: number | null): TenantNode[];
  /** How many nodes the node's subtree holds: the node itself and every node below it. */
  subtreeSize(nodeId: number): number;
  user(id: number): User | undefined;
  userByEmail(email: string): User | undefined;
  /**
   * Up to `limit` emails of the snapshot starting with `prefix` (none for an empty one), in code-point
   * order: a range of the email index, for suggesting the email an unknown one meant.
   */
  emailsStartingWith(prefix: string, limit: number): string[];
  /** The users with these ids, looked up together (ids not in the snapshot are left out). */
  usersByIds(ids: readonly number[]): Map<number, User>;
  assignmentsOfUser(userId: number): Assignment[];
  /** Assignments of the given roles made at exactly the given nodes. */
  assignmentsAt(nodeIds: number[], roleIds: string[]): Assignment[];
  /** Assignments of the given roles made strictly below the node (everywhere when `nodeId` is null). */
  assignmentsBelow(nodeId: number | null, roleIds: string[]): Assignment[];
  /**
   * Every user holding a role, with their assignments: users in email order by code point (as SQLite
   * compares text; see compareCodePoints), one user at a time, so a pass over the whole snapshot holds
   * one user's assignments, never all of them. Users without assignments are left out.
   */
  assignmentsByUser(): Iterable<UserAssignments>;
  /**
   * The same users in the same order with only each assignment's node and role (ordered by node id,
   * then role id): cheaper, as SQLite reads them from an index alone.
   */
  assignmentKeysByUser(): Iterable<UserAssignmentKeys>;
  /**
   * Calls `visit` with every assignment of the given roles, in no promised order, in bounded memory:
   * the one pass a whole-tenancy answer makes. The object passed may be reused for the next
   * assignment: copy what you keep.
   */
  eachAssignment(roleIds: readonly string[], visit: (assignment: Readonly<Assignment>) => void): void;
  /** Every person's place in people order (shared/engine/people-order.ts), worked out on first ask, reading every person, and kept. */
  peopleOrder(): PeopleOrder;
  /** The same, only where it is already worked out: a small answer sorts its few people itself rather than read everyone. */
  knownPeopleOrder(): PeopleOrder | undefined;
}

/** Each person's place in people order, by user id. */
export type PeopleOrder = ReadonlyMap<number, number>;

export type { Reach };
