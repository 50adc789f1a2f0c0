// A snapshot's assignments held in memory, compactly and by node: what a long-lived host learns in
// the background (SqliteSnapshotView.learnEveryone), so that a question about one tenant is answered
// without asking SQLite for its rows. Columns in typed arrays, about 25 bytes an assignment.

import type { Assignment } from '../../shared/snapshot';

/** Snapshots with more assignments than this are not learned: they keep asking SQLite. */
export const MAX_LEARNED_ASSIGNMENTS = 4_000_000;

export class AssignmentColumns {
  private length = 0;
  private ids: Int32Array;
  private users: Int32Array;
  private nodes: Int32Array;
  private roles: Uint16Array;
  private files: Int32Array;
  private lines: Int32Array;
  private readonly roleNames: string[] = [];
  private readonly roleIndex = new Map<string, number>();
  /** Once finished: the rows of node n are `order[start[n]]` to `order[start[n + 1] - 1]`. */
  private byNode: { start: Int32Array; order: Int32Array } | undefined;

  constructor(capacity: number) {
    [this.ids, this.users, this.nodes, this.files, this.lines] = [0, 0, 0, 0, 0].map(() => new Int32Array(capacity));
    this.roles = new Uint16Array(capacity);
  }

  get finished(): boolean {
    return this.byNode !== undefined;
  }

  /** Adds a row as the store reads it: id, user id, node id, role id, source file index, source line. */
  add(row: unknown[]): void {
    if (this.length === this.ids.length) this.grow();
    const i = this.length++;
    const role = row[3] as string;
    let index = this.roleIndex.get(role);
    if (index === undefined) {
      index = this.roleNames.push(role) - 1;
      this.roleIndex.set(role, index);
    }
    this.ids[i] = row[0] as number;
    this.users[i] = row[1] as number;
    this.nodes[i] = row[2] as number;
    this.roles[i] = index;
    this.files[i] = row[4] as number;
    this.lines[i] = row[5] as number;
  }

  private grow(): void {
    const bigger = (from: Int32Array) => {
      const to = new Int32Array(Math.max(16, from.length * 2));
      to.set(from);
      return to;
    };
    [this.ids, this.users, this.nodes, this.files, this.lines] = [this.ids, this.users, this.nodes, this.files, this.lines].map(bigger);
    const roles = new Uint16Array(this.ids.length);
    roles.set(this.roles);
    this.roles = roles;
  }

  /** Indexes the rows by node (a counting sort, in the order they were added). */
  finish(): void {
    let maxNode = 0;
    for (let i = 0; i < this.length; i++) maxNode = Math.max(maxNode, this.nodes[i]);
    const start = new Int32Array(maxNode + 2);
    for (let i = 0; i < this.length; i++) start[this.nodes[i] + 1]++;
    for (let n = 1; n < start.length; n++) start[n] += start[n - 1];
    const next = start.slice(0, -1);
    const order = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) order[next[this.nodes[i]]++] = i;
    this.byNode = { start, order };
  }

  /** The assignments of the roles at the node, as the store returns them but for their order. */
  at(nodeId: number, roleIds: readonly string[], files: readonly string[], into: Assignment[]): void {
    const byNode = this.byNode;
    if (!byNode || nodeId < 0 || nodeId + 1 >= byNode.start.length) return;
    const wanted = new Set(roleIds.map((r) => this.roleIndex.get(r)).filter((r) => r !== undefined));
    for (let k = byNode.start[nodeId]; k < byNode.start[nodeId + 1]; k++) {
      const i = byNode.order[k];
      if (!wanted.has(this.roles[i])) continue;
      into.push({
        id: this.ids[i],
        userId: this.users[i],
        nodeId,
        roleId: this.roleNames[this.roles[i]],
        sourceFile: files[this.files[i]] ?? `#${this.files[i]}`,
        sourceLine: this.lines[i],
      });
    }
  }

  /** Every row of the roles, in the order added, through one reused object (see SnapshotView.eachAssignment). */
  each(roleIds: readonly string[], files: readonly string[], visit: (assignment: Readonly<Assignment>) => void): void {
    const wanted = new Set(roleIds.map((r) => this.roleIndex.get(r)).filter((r) => r !== undefined));
    const assignment: Assignment = { id: 0, userId: 0, nodeId: 0, roleId: '', sourceFile: '', sourceLine: 0 };
    for (let i = 0; i < this.length; i++) {
      if (!wanted.has(this.roles[i])) continue;
      assignment.id = this.ids[i];
      assignment.userId = this.users[i];
      assignment.nodeId = this.nodes[i];
      assignment.roleId = this.roleNames[this.roles[i]];
      assignment.sourceFile = files[this.files[i]] ?? `#${this.files[i]}`;
      assignment.sourceLine = this.lines[i];
      visit(assignment);
    }
  }
}
