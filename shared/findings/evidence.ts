// The evidence of a findings run, kept once for the whole run: a large snapshot's findings cite
// millions of assignments (each of a person's findings, each tenant's admins), so an assignment is one
// row of a table, each text it names (email, role, tenant, file) and each permission entry is kept
// once, and a finding lists the rows it cites. `evidenceOf` gives a finding's evidence as people read
// it, for what shows or exports it.

import type { Reach, SeedRef } from '../model/types';
import type { Assignment } from '../snapshot';
import type { EffectiveGrant } from '../engine/bulk';
import { labelOf, pathOf, roleOf, type Evaluator } from '../engine/walk';

/** A permission of a role an assignment gives, as a finding cites it: with the seed lines that grant it. */
export interface FindingPermission {
  id: string;
  label: string;
  grantSource: readonly SeedRef[];
}

/** An assignment behind a finding: its import row, and the permissions of its role the finding is about with their seed lines. */
export interface FindingEvidence {
  email: string;
  /** The role as people read it ("Admin · account"). */
  role: string;
  roleId: string;
  assignedAt: string;
  reach: Reach;
  sourceFile: string;
  sourceLine: number;
  permissions: FindingPermission[];
}

/** Numbers a row takes in `EvidenceTable.rows`: email, role, tenant, file, line, permission list. */
export const ROW_WIDTH = 6;
/**
 * Rows a chunk of `EvidenceTable.rows` holds. Chunks of one size, made whole, rather than one array
 * grown row by row: a growing array leaves each smaller copy of itself behind, and a million rows'
 * copies would be garbage as large as the table.
 */
export const CHUNK_ROWS = 2048;

/**
 * A chunk of rows as the run keeps it: 32-bit numbers, half what an array of numbers takes, outside
 * the JavaScript heap. It travels as an array in JSON (browser mode), as itself over IPC.
 */
class RowChunk extends Int32Array {
  toJSON(): number[] {
    return Array.from(this);
  }
}

/**
 * The assignments a run's findings cite, each once (with the permissions a finding is about, once per
 * distinct list). A finding's `evidence` are row numbers: row r is ROW_WIDTH numbers of chunk
 * `rows[⌊r / CHUNK_ROWS⌋]`, from `(r mod CHUNK_ROWS) × ROW_WIDTH`: places in `emails`, `roles`, `tenants`,
 * `files`, the line, and a place in `permissionLists` (whose numbers are places in `permissions`).
 * Read it with `evidenceOf`.
 */
export interface EvidenceTable {
  emails: string[];
  roles: { id: string; label: string; reach: Reach }[];
  /** Tenant paths. */
  tenants: string[];
  files: string[];
  permissions: FindingPermission[];
  /** The first list is empty: rows about the assignment alone. */
  permissionLists: number[][];
  /** Chunks of CHUNK_ROWS rows (the last one as long as its rows): 32-bit number arrays, or arrays once through JSON. */
  rows: ArrayLike<number>[];
}

/** Row r of the table as people read it. */
export function evidenceRow(table: EvidenceTable, r: number): FindingEvidence {
  const chunk = table.rows[Math.floor(r / CHUNK_ROWS)];
  const at = (r % CHUNK_ROWS) * ROW_WIDTH;
  const { id, label, reach } = table.roles[chunk[at + 1]];
  return {
    email: table.emails[chunk[at]],
    role: label,
    roleId: id,
    assignedAt: table.tenants[chunk[at + 2]],
    reach,
    sourceFile: table.files[chunk[at + 3]],
    sourceLine: chunk[at + 4],
    permissions: table.permissionLists[chunk[at + 5]].map((p) => table.permissions[p]),
  };
}

/** A finding's evidence as people read it. */
export const evidenceOf = (table: EvidenceTable, finding: { evidence: readonly number[] }): FindingEvidence[] =>
  finding.evidence.map((r) => evidenceRow(table, r));

/** Keeps each value once, numbered in the order first seen. */
class Numbered<K, V = K> {
  readonly values: V[] = [];
  private readonly places = new Map<K, number>();

  place(key: K, value: () => V): number {
    let found = this.places.get(key);
    if (found === undefined) {
      found = this.values.push(value()) - 1;
      this.places.set(key, found);
    }
    return found;
  }
}

/**
 * Builds a run's table as the pass goes person by person. Rows of the person being judged are
 * remembered until `forget`, so that each of their findings cites the same row for the same assignment.
 */
export class EvidenceBuilder {
  /** Emails as rows name them: the person being judged's is the last one (no lookup needed). */
  private readonly emails: string[] = [];
  private readonly roles = new Numbered<string, EvidenceTable['roles'][number]>();
  private readonly tenants = new Numbered<number, string>();
  private readonly files = new Numbered<string>();
  /** Permission id → its grant source (one array per grant in the model) → its place in `permissionEntries`. */
  private readonly permissions = new Map<string, Map<readonly SeedRef[], number>>();
  private readonly permissionEntries: FindingPermission[] = [];
  private readonly lists = new Numbered<string, number[]>();
  private readonly rows: RowChunk[] = [];
  private count = 0;
  /** The rows of the person being judged: assignment id and permission list → row. */
  private readonly recent = new Map<string, number>();
  /** The lists of rows given for the person being judged. */
  private recentLists: number[][] = [];

  constructor(private readonly ev: Evaluator) {
    this.lists.place('', () => []);
  }

  /** A row for an assignment (not remembered: for evidence outside the person pass). */
  row(email: string, a: Pick<Assignment, 'nodeId' | 'roleId' | 'sourceFile' | 'sourceLine'>, list = 0): number {
    const role = this.roles.place(a.roleId, () => {
      const r = roleOf(this.ev.model, a.roleId);
      return { id: r.id, label: labelOf(this.ev.model, r), reach: r.reach };
    });
    const tenant = this.tenants.place(a.nodeId, () => pathOf(this.ev.view, a.nodeId));
    const file = this.files.place(a.sourceFile, () => a.sourceFile);
    const r = this.count++;
    if (r % CHUNK_ROWS === 0) this.rows.push(new RowChunk(CHUNK_ROWS * ROW_WIDTH));
    const chunk = this.rows[this.rows.length - 1];
    const at = (r % CHUNK_ROWS) * ROW_WIDTH;
    if (this.emails[this.emails.length - 1] !== email) this.emails.push(email);
    chunk[at] = this.emails.length - 1;
    chunk[at + 1] = role;
    chunk[at + 2] = tenant;
    chunk[at + 3] = file;
    chunk[at + 4] = a.sourceLine;
    chunk[at + 5] = list;
    return r;
  }

  /** The person's assignment as a row, with the permissions of `grants` (none: the assignment alone). */
  assignment(email: string, a: Assignment, grants: readonly EffectiveGrant[] = []): number {
    const list = grants.length === 0 ? 0 : this.list(grants);
    const key = `${a.id}:${list}`;
    let found = this.recent.get(key);
    if (found === undefined) this.recent.set(key, (found = this.row(email, a, list)));
    return found;
  }

  /**
   * A person's assignments as rows: all of them without permissions, or those behind `grants`, each
   * with its grants. The person's findings citing the same rows share one list: read it, never change it.
   */
  of(email: string, assignments: readonly Assignment[], grants: readonly EffectiveGrant[] = []): number[] {
    const rows = this.rowsOf(email, assignments, grants);
    const same = this.recentLists.find((l) => l.length === rows.length && l.every((r, i) => r === rows[i]));
    if (same) return same;
    this.recentLists.push(rows);
    return rows;
  }

  private rowsOf(email: string, assignments: readonly Assignment[], grants: readonly EffectiveGrant[]): number[] {
    if (grants.length === 0) return assignments.map((a) => this.assignment(email, a));
    const byAssignment = new Map<number, EffectiveGrant[]>();
    for (const g of grants) {
      const held = byAssignment.get(g.assignmentId);
      if (held) held.push(g);
      else byAssignment.set(g.assignmentId, [g]);
    }
    // Filtered, then mapped: a list built by flatMap keeps room to grow, and a run keeps hundreds of thousands.
    return assignments.filter((a) => byAssignment.has(a.id)).map((a) => this.assignment(email, a, byAssignment.get(a.id)));
  }

  /** The email and the reach of the role of a row. */
  emailOf(r: number): string {
    return this.emails[this.column(r, 0)];
  }

  reachOf(r: number): Reach {
    return this.roles.values[this.column(r, 1)].reach;
  }

  private column(r: number, column: number): number {
    return this.rows[Math.floor(r / CHUNK_ROWS)][(r % CHUNK_ROWS) * ROW_WIDTH + column];
  }

  /** Forgets the rows of the person judged: the next person's assignments are others. */
  forget() {
    this.recent.clear();
    this.recentLists = [];
  }

  table(): EvidenceTable {
    const last = this.rows.length - 1;
    if (last >= 0) this.rows[last] = this.rows[last].subarray(0, (this.count % CHUNK_ROWS || CHUNK_ROWS) * ROW_WIDTH) as RowChunk;
    return {
      emails: this.emails,
      roles: this.roles.values,
      tenants: this.tenants.values,
      files: this.files.values,
      permissions: this.permissionEntries,
      permissionLists: this.lists.values,
      rows: this.rows,
    };
  }

  private list(grants: readonly EffectiveGrant[]): number {
    const places = grants.map((g) => this.permission(g));
    return this.lists.place(places.join(','), () => places);
  }

  private permission(g: EffectiveGrant): number {
    let bySource = this.permissions.get(g.permissionId);
    if (!bySource) this.permissions.set(g.permissionId, (bySource = new Map()));
    let found = bySource.get(g.grantSource);
    if (found === undefined) {
      const label = this.ev.model.permissionById.get(g.permissionId)?.label ?? g.permissionId;
      found = this.permissionEntries.push({ id: g.permissionId, label, grantSource: g.grantSource }) - 1;
      bySource.set(g.grantSource, found);
    }
    return found;
  }
}
