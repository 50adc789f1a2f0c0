// A role model's constraints, checked over a snapshot's assignments. Today there is one kind,
// `exactly-one`: every node of the role's level has exactly one holder of the role (Hexiosec ASM:
// one Owner per organisation).
//
// The same check serves the importer, which feeds each assignment as it reads it, and a snapshot
// already stored, whose assignments are read back from the database: call `assign` for every
// assignment (it answers at once when one breaks a constraint), then `missing` with the snapshot's
// nodes, which yields those that lack their one holder. It keeps one entry per node holding a
// constrained role, never the assignments themselves.

import { levelWord } from './resolve';
import type { Constraint, Role, RoleModel, ScopeLevel } from './types';

/** A node of the snapshot, as a violation names it. */
export interface ConstrainedNode {
  id: number;
  /** The index of its level in the model's levels (0: a root). */
  depth: number;
  name: string;
  /** Its path from the root (joinPath). */
  path: string;
}

/** A line of one of the snapshot's source files. */
export interface SourceLine {
  file: string;
  line: number;
}

interface ViolationBase extends SourceLine {
  constraint: Constraint;
  role: Role;
  node: ConstrainedNode;
  /** What is wrong, for the person who will fix the file (without the FILE:LINE in front). */
  message: string;
}

export type Violation =
  /** A second user holds the role at the node; file and line are that assignment's. */
  | (ViolationBase & { kind: 'second-holder'; userId: number; firstHolder: SourceLine & { userId: number } })
  /** Nobody holds the role at the node; file and line are where the node first appears. */
  | (ViolationBase & { kind: 'no-holder' });

interface ExactlyOne {
  constraint: Constraint;
  role: Role;
  depth: number;
  /** Node id → its first holder, and where it was assigned. */
  holders: Map<number, SourceLine & { userId: number }>;
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

export class ConstraintCheck {
  /** Role id → its constraint; a constraint on a role the model lacks, or at no level of it, checks nothing. */
  private readonly byRole = new Map<string, ExactlyOne>();
  private readonly levels: ScopeLevel[];

  constructor(model: RoleModel) {
    this.levels = model.levels;
    for (const constraint of model.constraints) {
      const role = model.roles.find((r) => r.id === constraint.role);
      const depth = role ? model.levels.findIndex((l) => l.id === role.level) : -1;
      if (constraint.kind === 'exactly-one' && role && depth !== -1)
        this.byRole.set(role.id, { constraint, role, depth, holders: new Map() });
    }
  }

  /**
   * Records that user `userId` holds `roleId` at `node`, assigned at file:line, and returns the
   * violation if that makes a second holder there. The first holder stays the holder: a third is
   * reported against the first too. The same user assigned again is no violation.
   */
  assign(roleId: string, node: ConstrainedNode, userId: number, file: string, line: number): Violation | undefined {
    const constrained = this.byRole.get(roleId);
    if (constrained === undefined) return undefined;
    const holder = constrained.holders.get(node.id);
    if (holder === undefined) {
      constrained.holders.set(node.id, { userId, file, line });
      return undefined;
    }
    if (holder.userId === userId) return undefined;
    const { constraint, role } = constrained;
    const message = `${this.label(node)} already has ${article(role.name)} ${role.name} (${holder.file}:${holder.line})`;
    return { kind: 'second-holder', constraint, role, node, file, line, message, userId, firstHolder: holder };
  }

  /**
   * After the last assignment: each of `nodes` (the snapshot's, read once, in their order) at a
   * constrained role's level that nobody holds the role at, reported where the node first appears.
   */
  *missing(nodes: Iterable<ConstrainedNode & SourceLine>): Generator<Violation> {
    if (this.byRole.size === 0) return;
    for (const node of nodes) {
      for (const { constraint, role, depth, holders } of this.byRole.values()) {
        if (node.depth !== depth || holders.has(node.id)) continue;
        const message = `${this.label(node)} has no ${role.name}; every ${levelWord(this.levels[depth])} needs exactly one`;
        yield { kind: 'no-holder', constraint, role, node, file: node.file, line: node.line, message };
      }
    }
  }

  /** `organisation "Acme"`, or below the root with the path: `group "Acme/Scanners"`. */
  private label(node: ConstrainedNode): string {
    return `${levelWord(this.levels[node.depth])} "${node.depth === 0 ? node.name : node.path}"`;
  }
}
