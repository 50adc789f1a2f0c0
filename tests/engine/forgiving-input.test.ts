// What a question may name loosely, and what it is told when it names nothing: the nearest
// permission to a typo, the nearest emails to an unknown one, a tenant by its name alone or in any case.
import { describe, expect, it } from 'vitest';
import { requireNode, requirePermission, requireUser } from '../../shared/engine/evaluate';
import { memoryView } from '../../shared/engine/memory-view';
import { distanceWithin, nearestEmails, nearestPermissions } from '../../shared/engine/suggest';
import { resolveModel } from '../../shared/model/resolve';
import { getModel } from '../../shared/models';
import { AuditError } from '../../shared/errors';
import type { TenantNode, User } from '../../shared/snapshot';
import { testModel } from '../support/test-model';
import { testView } from '../support/test-snapshot';

const test = resolveModel(testModel);
const huntress = resolveModel(getModel('huntress'));

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AuditError);
    expect((error as AuditError).kind).toBe('input');
    return (error as AuditError).message;
  }
  throw new Error('expected an error');
}

describe('distanceWithin', () => {
  it('counts edits up to its bound, and says bound + 1 beyond it', () => {
    expect(distanceWithin('asisted', 'assisted', 2)).toBe(1);
    expect(distanceWithin('kitten', 'sitting', 3)).toBe(3);
    expect(distanceWithin('kitten', 'sitting', 2)).toBe(3);
    expect(distanceWithin('a', 'abcdefgh', 2)).toBe(3);
    expect(distanceWithin('', '', 0)).toBe(0);
  });
});

describe('an unknown permission', () => {
  it('suggests the labels a typo in one word of them probably meant', () => {
    expect(messageOf(() => requirePermission(huntress, 'Asisted'))).toBe(
      'unknown permission "Asisted" in Huntress; did you mean "Approve Assisted Remediation" or "Reject Assisted Remediation"?',
    );
    expect(nearestPermissions(huntress, 'aprove asisted').map((p) => p.id)).toEqual(['remediation.approve']);
    // Nearest first: "isolate" is a word of one, two letters from a word of the other.
    expect(nearestPermissions(huntress, 'isolate host').map((p) => p.id)).toEqual(['hosts.isolate', 'hosts.deisolate']);
  });

  it('suggests a label within a few typos of the whole text', () => {
    expect(messageOf(() => requirePermission(test, 'Veiw Logs'))).toBe(
      'unknown permission "Veiw Logs" in Test Platform; did you mean "View Logs"?',
    );
    expect(nearestPermissions(test, 'Aprove Remediaton').map((p) => p.label)).toEqual(['Approve Remediation']);
  });

  it('keeps the suggestions of a part of a label or an id, first, and says where to list them when nothing is near', () => {
    expect(messageOf(() => requirePermission(test, 'Logs'))).toBe('unknown permission "Logs" in Test Platform; did you mean "View Logs"?');
    expect(nearestPermissions(huntress, 'Billing').map((p) => p.id)).toEqual(['billing.view', 'billing.change', 'billing.access-section']);
    expect(messageOf(() => requirePermission(test, 'Fly'))).toBe(
      'unknown permission "Fly" in Test Platform (list them with `permaudit permissions`)',
    );
  });

  it('still finds a permission by id or label in any case', () => {
    expect(requirePermission(huntress, 'approve assisted remediation').id).toBe('remediation.approve');
    expect(requirePermission(huntress, 'REMEDIATION.APPROVE').id).toBe('remediation.approve');
  });
});

const people: User[] = [
  { id: 1, email: 'alice.smith@northwind.example', name: 'Alice Smith' },
  { id: 2, email: 'alice@contoso.example', name: 'Alice' },
  { id: 3, email: 'bob@northwind.example', name: 'Bob' },
  { id: 4, email: 'bobby@northwind.example', name: 'Bobby' },
  { id: 5, email: 'carol@northwind.example', name: 'Carol' },
];
const directory = memoryView({ nodes: [], users: people, assignments: [] });

describe('an unknown email', () => {
  it('suggests an email within a typo or two', () => {
    expect(messageOf(() => requireUser(directory, 'Carl@Northwind.example'))).toBe(
      'no user with email "Carl@Northwind.example" in this snapshot; did you mean "carol@northwind.example"?',
    );
    expect(nearestEmails(directory, 'bob@northwind.exmaple')).toEqual(['bob@northwind.example']);
  });

  it('suggests the same local part at another domain, and a longer or shorter local part at the same domain', () => {
    expect(nearestEmails(directory, 'carol@contoso.example')).toEqual(['carol@northwind.example']);
    expect(nearestEmails(directory, 'alice@northwind.example')).toEqual(['alice@contoso.example', 'alice.smith@northwind.example']);
    // A bare name: the people of that local part, wherever they are.
    expect(nearestEmails(directory, 'bob')).toEqual(['bob@northwind.example']);
  });

  it('suggests nothing when nothing is near, and still finds an email in any case', () => {
    expect(messageOf(() => requireUser(directory, 'zed@elsewhere.example'))).toBe(
      'no user with email "zed@elsewhere.example" in this snapshot',
    );
    expect(requireUser(directory, ' BOB@Northwind.Example ').id).toBe(3);
  });

  it("reads only the index ranges of the email's first letters", () => {
    const asked: string[] = [];
    const view = {
      ...directory,
      emailsStartingWith: (prefix: string, limit: number) => (
        asked.push(`${prefix}:${limit}`),
        directory.emailsStartingWith(prefix, limit)
      ),
    };
    nearestEmails(view, 'carl@northwind.example');
    expect(asked).toEqual(['carl@:200', 'ca:200']);
  });
});

const node = (id: number, parentId: number | null, name: string, path: string): TenantNode => ({
  id,
  parentId,
  depth: parentId === null ? 0 : 1,
  name,
  path,
});
const tenancy = memoryView({
  nodes: [
    node(1, null, 'Northwind MSP', 'Northwind MSP'),
    node(2, 1, 'Bayside Dental', 'Northwind MSP/Bayside Dental'),
    node(3, 1, 'Acme', 'Northwind MSP/Acme'),
    node(4, null, 'Contoso MSP', 'Contoso MSP'),
    node(5, 4, 'Acme', 'Contoso MSP/Acme'),
    node(6, 4, 'Lake/Shore', 'Contoso MSP/Lake\\/Shore'),
  ],
  users: [],
  assignments: [],
});

describe('a scope', () => {
  it('is found by its exact path, its escaped "/" included, and in any case', () => {
    expect(requireNode(tenancy, 'Northwind MSP/Bayside Dental').id).toBe(2);
    expect(requireNode(tenancy, ' Northwind MSP / Bayside Dental ').id).toBe(2);
    expect(requireNode(tenancy, 'Contoso MSP/Lake\\/Shore').id).toBe(6);
    expect(requireNode(tenancy, 'northwind msp/BAYSIDE dental').id).toBe(2);
    expect(requireNode(testView(), 'msp/acme').path).toBe('MSP/Acme');
  });

  it('is found by a name, or the end of a path, that only one node has', () => {
    expect(requireNode(tenancy, 'Bayside Dental').path).toBe('Northwind MSP/Bayside Dental');
    expect(requireNode(tenancy, 'bayside dental').path).toBe('Northwind MSP/Bayside Dental');
    expect(requireNode(tenancy, 'lake\\/shore').path).toBe('Contoso MSP/Lake\\/Shore');
    expect(requireNode(tenancy, 'contoso msp/acme').id).toBe(5);
  });

  it('named by several nodes is refused with their full paths', () => {
    expect(messageOf(() => requireNode(tenancy, 'acme'))).toBe(
      '"acme" could be any of 2 tenant nodes; give the full path of one: "Contoso MSP/Acme", "Northwind MSP/Acme"',
    );
  });

  it('that no node has is refused as before', () => {
    expect(messageOf(() => requireNode(tenancy, 'Nowhere'))).toBe(
      'no tenant node at "Nowhere" (paths are names from the root joined by "/")',
    );
    expect(messageOf(() => requireNode(tenancy, 'Northwind MSP/Bayside Dentl'))).toBe(
      'no tenant node at "Northwind MSP/Bayside Dentl" (paths are names from the root joined by "/"); did you mean "Northwind MSP/Bayside Dental"?',
    );
    expect(messageOf(() => requireNode(tenancy, 'acmee'))).toBe(
      'no tenant node at "acmee" (paths are names from the root joined by "/"); did you mean "Contoso MSP/Acme" or "Northwind MSP/Acme"?',
    );
    // A name is not a path's middle: "Lake" alone is no node.
    expect(messageOf(() => requireNode(tenancy, 'Lake'))).toMatch(/^no tenant node at "Lake"/);
  });
});
