// The model's constraints, checked over assignments as the importer feeds them (file by file, row by
// row) or as a stored snapshot would (read back in any order): Hexiosec ASM's one Owner per
// organisation, and the same check on a role of a deeper level.
import { describe, expect, it } from 'vitest';
import { ConstraintCheck, type ConstrainedNode, type SourceLine, type Violation } from '../../shared/model/constraints';
import type { RoleModel } from '../../shared/model/types';
import { getModel } from '../../shared/models';

const hexiosec = getModel('hexiosec-asm');

type Node = ConstrainedNode & SourceLine;
const node = (id: number, depth: number, path: string, line: number, file = 'users.csv'): Node => ({
  id,
  depth,
  name: path.split('/').at(-1) as string,
  path,
  file,
  line,
});
const acme = node(1, 0, 'Acme', 2);
const scanners = node(2, 1, 'Acme/Scanners', 3);
const beta = node(3, 0, 'Beta', 4);

/** Each violation as FILE:LINE: message, the way the importer reports it. */
const lines = (violations: Iterable<Violation>) => [...violations].map((v) => `${v.file}:${v.line}: ${v.message}`);

describe('exactly-one constraints', () => {
  it('passes a snapshot where each organisation has its one Owner, even assigned twice', () => {
    const check = new ConstraintCheck(hexiosec);
    const fed = [
      check.assign('org-owner', acme, 10, 'users.csv', 2),
      check.assign('org-owner', acme, 10, 'more.csv', 7), // the same person again: still one Owner
      check.assign('org-admin', acme, 11, 'users.csv', 5),
      check.assign('group-admin', scanners, 12, 'users.csv', 3),
      check.assign('org-owner', beta, 13, 'users.csv', 4),
    ];
    expect(fed).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect([...check.missing([acme, scanners, beta])]).toEqual([]);
  });

  it('names a second Owner where it is assigned, and where the first one is', () => {
    const check = new ConstraintCheck(hexiosec);
    expect(check.assign('org-owner', acme, 10, 'users.csv', 2)).toBeUndefined();
    const second = check.assign('org-owner', acme, 11, 'more.csv', 9);
    expect(lines([second as Violation])).toEqual(['more.csv:9: organisation "Acme" already has an Owner (users.csv:2)']);
    expect(second).toMatchObject({
      kind: 'second-holder',
      role: { id: 'org-owner' },
      node: acme,
      userId: 11,
      firstHolder: { userId: 10, file: 'users.csv', line: 2 },
    });
    expect(second?.constraint).toBe(hexiosec.constraints[0]);
  });

  it('keeps the first Owner as the one: a third is reported against the first too', () => {
    const check = new ConstraintCheck(hexiosec);
    check.assign('org-owner', acme, 10, 'users.csv', 2);
    check.assign('org-owner', acme, 11, 'users.csv', 3);
    expect(lines([check.assign('org-owner', acme, 12, 'users.csv', 4) as Violation])).toEqual([
      'users.csv:4: organisation "Acme" already has an Owner (users.csv:2)',
    ]);
    // The first Owner assigned again is no second Owner.
    expect(check.assign('org-owner', acme, 10, 'users.csv', 5)).toBeUndefined();
  });

  it('reports each organisation without an Owner where it first appears, and no group', () => {
    const check = new ConstraintCheck(hexiosec);
    check.assign('org-admin', acme, 10, 'users.csv', 2); // an Admin is not an Owner
    check.assign('group-admin', scanners, 11, 'users.csv', 3);
    const violations = [...check.missing([acme, scanners, beta])];
    expect(lines(violations)).toEqual([
      'users.csv:2: organisation "Acme" has no Owner; every organisation needs exactly one',
      'users.csv:4: organisation "Beta" has no Owner; every organisation needs exactly one',
    ]);
    expect(violations[0]).toMatchObject({ kind: 'no-holder', role: { id: 'org-owner' }, node: acme });
  });

  it('finds the same organisations at fault in any order of assignments, the first one fed being the holder', () => {
    const rows: [string, Node, number, string, number][] = [
      ['org-owner', acme, 10, 'a.csv', 2],
      ['group-admin', scanners, 11, 'a.csv', 3],
      ['org-owner', acme, 12, 'b.csv', 2],
    ];
    const check = (order: typeof rows) => {
      const constraints = new ConstraintCheck(hexiosec);
      const found = order.map((row) => constraints.assign(...row)).filter((v) => v !== undefined);
      return [...found, ...constraints.missing([acme, scanners, beta])];
    };
    const atFault = (violations: Violation[]) => violations.map((v) => `${v.kind} ${v.node.path}`);
    // As a stored snapshot reads them back (by role, node, user) and in reverse.
    const stored = [rows[1], rows[0], rows[2]];
    const reversed = [...rows].reverse();
    expect(atFault(check(stored))).toEqual(atFault(check(rows)));
    expect(atFault(check(reversed))).toEqual(atFault(check(rows)));
    expect(lines(check(rows))).toEqual([
      'b.csv:2: organisation "Acme" already has an Owner (a.csv:2)',
      'users.csv:4: organisation "Beta" has no Owner; every organisation needs exactly one',
    ]);
    expect(lines(check(reversed))[0]).toBe('a.csv:2: organisation "Acme" already has an Owner (b.csv:2)');
  });

  it('names a node below the root by its path', () => {
    const model: RoleModel = { ...hexiosec, constraints: [{ ...hexiosec.constraints[0], role: 'group-admin' }] };
    const check = new ConstraintCheck(model);
    check.assign('group-admin', scanners, 10, 'users.csv', 3);
    const escaped = node(4, 1, 'Acme/Red\\/Team', 6);
    expect(
      lines([check.assign('group-admin', scanners, 11, 'users.csv', 8) as Violation, ...check.missing([acme, scanners, escaped])]),
    ).toEqual([
      'users.csv:8: group "Acme/Scanners" already has an Admin (users.csv:3)',
      'users.csv:6: group "Acme/Red\\/Team" has no Admin; every group needs exactly one',
    ]);
  });

  it('checks nothing for a model without constraints, or one on a role the model lacks', () => {
    const huntress = getModel('huntress');
    const none = new ConstraintCheck(huntress);
    const account = node(1, 0, 'MSP', 2);
    expect(none.assign('account-admin', account, 1, 'users.csv', 2)).toBeUndefined();
    expect(none.assign('account-admin', account, 2, 'users.csv', 3)).toBeUndefined();
    expect([...none.missing([account])]).toEqual([]);

    const unknown = new ConstraintCheck({ ...hexiosec, constraints: [{ ...hexiosec.constraints[0], role: 'no-such-role' }] });
    expect(unknown.assign('org-owner', acme, 1, 'users.csv', 2)).toBeUndefined();
    expect(unknown.assign('org-owner', acme, 2, 'users.csv', 3)).toBeUndefined();
    expect([...unknown.missing([acme, beta])]).toEqual([]);
  });
});
