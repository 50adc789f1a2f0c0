// A small snapshot over the test model: one account with three organizations.
import { memoryView } from '../../shared/engine/memory-view';
import type { Assignment, TenantNode, User } from '../../shared/snapshot';

export const nodes: TenantNode[] = [
  { id: 1, parentId: null, depth: 0, name: 'MSP', path: 'MSP' },
  { id: 2, parentId: 1, depth: 1, name: 'Acme', path: 'MSP/Acme' },
  { id: 3, parentId: 1, depth: 1, name: 'Beta', path: 'MSP/Beta' },
  { id: 4, parentId: 1, depth: 1, name: 'Gamma', path: 'MSP/Gamma' },
];

export const users: User[] = [
  { id: 1, email: 'ada@msp.test', name: 'Ada Admin' },
  { id: 2, email: 'ana@msp.test', name: 'Ana Analyst' },
  { id: 3, email: 'oli@acme.test', name: 'Oli OrgAdmin' },
  { id: 4, email: 'fay@msp.test', name: 'Fay Finance' },
  { id: 5, email: 'nobody@msp.test', name: 'No Roles' },
];

let next = 1;
const assign = (userId: number, nodeId: number, roleId: string): Assignment => ({
  id: next++,
  userId,
  nodeId,
  roleId,
  sourceFile: 'users.csv',
  sourceLine: next,
});

export const assignments: Assignment[] = [
  assign(1, 1, 'account-admin'),
  assign(2, 1, 'account-analyst'),
  assign(3, 2, 'org-admin'),
  assign(3, 3, 'org-admin'),
  assign(4, 1, 'account-finance'),
];

export const testView = () => memoryView({ nodes, users, assignments });
