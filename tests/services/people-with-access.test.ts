// One number of people with access at a tenant, wherever it shows: the tenant tree counts the same
// people as the Users list scoped there (a role at it or below, or one above that reaches down).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditService, type AuditService } from '../../electron/services/audit-service';

const root = path.resolve(__dirname, '../..');
let dir: string;
let service: AuditService;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-people-'));
  service = openAuditService({ dbPath: path.join(dir, 'audit.db'), resourcesDir: path.join(root, 'resources') });
  for (const sample of service.samples({})) await service.importFiles({ files: sample.files, platform: sample.platform });
});
afterAll(() => {
  service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('people with access at a tenant', () => {
  it('the tree counts, at every tenant of every sample, the people the scoped Users list shows', () => {
    const snapshots = service.snapshots({});
    expect(snapshots).toHaveLength(3);
    for (const snapshot of snapshots) {
      for (const node of service.tree({ snapshotId: snapshot.id }).answer) {
        const listed = service.users({ snapshotId: snapshot.id, scope: node.path }).answer.total;
        expect(node.peopleWithAccess, `${snapshot.platform}: ${node.path}`).toBe(listed);
        expect(node.peopleWithAccess).toBeGreaterThanOrEqual(node.userCount);
      }
    }
  });

  it('counts an account Admin at every organization below the account, once', () => {
    const huntress = service.snapshots({}).find((s) => s.platform === 'huntress')!;
    const bayside = service.tree({ snapshotId: huntress.id }).answer.find((n) => n.path === 'Northwind MSP/Bayside Dental')!;
    expect(bayside.userCount).toBe(11);
    expect(bayside.peopleWithAccess).toBe(23);
  });
});
