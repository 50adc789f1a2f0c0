// The snapshot's tenant tree and its users, built from the good rows as they are read: each node once
// (by its path) and each user once (by email), numbered from 1 in the order they first appear. What
// is new or changed since the writer last heard of it waits in `unstaged()`.
//
// Only the distinct nodes and users are held; this is the import's hot path (a million rows), so a
// row's user and scope are compared with the previous row's before anything is looked up.

import { ownCopy, type RowUser } from '../../shared/csv/rows';
import type { ScopeLevel } from '../../shared/model/types';
import { joinPath } from '../../shared/paths';
import type { NodeRow, UserRow } from './import-writer';

export interface NodeRecord {
  id: number;
  parentId: number | null;
  depth: number;
  name: string;
  path: string;
  children: Map<string, NodeRecord>;
  /** Where the node first appears. */
  file: string;
  line: number;
}

/** Every property is always present (one object shape: the hot path reads them a million times). */
export interface UserRecord {
  id: number;
  email: string;
  name: string;
  status: string | undefined;
  lastLogin: string | undefined;
  mfa: string | undefined;
}

export class SnapshotTree {
  /** Every node by path, in creation order (parents first). */
  readonly nodes = new Map<string, NodeRecord>();
  /** Every user by email, in creation order. */
  readonly users = new Map<string, UserRecord>();
  private readonly roots = new Map<string, NodeRecord>();
  // The last row's user and the nodes of its scope (root first): rows of one user or one tenant often
  // follow each other, and comparing a name is cheaper than looking it up.
  private lastUser: UserRecord | undefined;
  private readonly lastScope: NodeRecord[] = [];
  // Not yet sent to the writer.
  private newNodes: NodeRow[] = [];
  private readonly changedUsers = new Set<UserRecord>();

  /** `levels`: the model's, root first (a scope of n names has its node at levels[n - 1]). */
  constructor(private readonly levels: ScopeLevel[]) {}

  /** The node at the end of `scope` (names from the root), created with any missing ancestors. */
  node(scope: string[], file: string, line: number): NodeRecord {
    const { lastScope } = this;
    let siblings = this.roots;
    let parent: NodeRecord | undefined;
    let same = true;
    for (let depth = 0; depth < scope.length; depth++) {
      let node = same && lastScope[depth]?.name === scope[depth] ? lastScope[depth] : undefined;
      if (!node) {
        same = false;
        node = siblings.get(scope[depth]);
        if (!node) {
          const name = ownCopy(scope[depth]);
          const escaped = joinPath([name]);
          const nodePath = ownCopy(parent ? `${parent.path}/${escaped}` : escaped);
          node = {
            id: this.nodes.size + 1,
            parentId: parent ? parent.id : null,
            depth,
            name,
            path: nodePath,
            children: new Map(),
            file,
            line,
          };
          this.nodes.set(nodePath, node);
          siblings.set(name, node);
          this.newNodes.push([node.id, node.parentId, depth, this.levels[depth].id, name, nodePath]);
        }
        lastScope[depth] = node;
      }
      parent = node;
      siblings = node.children;
    }
    if (lastScope.length > scope.length) lastScope.length = scope.length;
    return parent as NodeRecord;
  }

  /** The row's user; of each attribute the first non-empty value read wins. */
  user(row: RowUser): UserRecord {
    const found = this.lastUser?.email === row.email ? this.lastUser : this.users.get(row.email);
    if (!found) {
      const user: UserRecord = {
        id: this.users.size + 1,
        email: ownCopy(row.email),
        name: ownCopy(row.name),
        status: row.status === undefined ? undefined : ownCopy(row.status),
        lastLogin: row.lastLogin === undefined ? undefined : ownCopy(row.lastLogin),
        mfa: row.mfa === undefined ? undefined : ownCopy(row.mfa),
      };
      this.users.set(user.email, user);
      this.changedUsers.add(user);
      return (this.lastUser = user);
    }
    // An attribute filled in later changes the user, and it is staged again.
    if (!found.name && row.name) {
      found.name = ownCopy(row.name);
      this.changedUsers.add(found);
    }
    if (found.status === undefined && row.status !== undefined) {
      found.status = ownCopy(row.status);
      this.changedUsers.add(found);
    }
    if (found.lastLogin === undefined && row.lastLogin !== undefined) {
      found.lastLogin = ownCopy(row.lastLogin);
      this.changedUsers.add(found);
    }
    if (found.mfa === undefined && row.mfa !== undefined) {
      found.mfa = ownCopy(row.mfa);
      this.changedUsers.add(found);
    }
    return (this.lastUser = found);
  }

  /** The nodes created and the users created or changed since the last call, as the writer stages them. */
  unstaged(): { nodes: NodeRow[]; users: UserRow[] } {
    const nodes = this.newNodes;
    this.newNodes = [];
    const users: UserRow[] = [];
    for (const u of this.changedUsers) users.push([u.id, u.email, u.name, u.status ?? null, u.lastLogin ?? null, u.mfa ?? null]);
    this.changedUsers.clear();
    return { nodes, users };
  }
}
