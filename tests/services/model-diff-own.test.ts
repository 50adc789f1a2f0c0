// A model diff of a snapshot read with the user's model file: "this snapshot's model file" against
// the built-in model, with the people of the snapshot whose access the file changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditService, type AuditService } from '../../electron/services/audit-service';
import type { SnapshotInfo } from '../../shared/api';

const root = path.resolve(__dirname, '../..');
const sample = (file: string) => ({ path: path.join(root, 'resources', 'samples', file), name: file });
let dir: string;
let service: AuditService;
let own: SnapshotInfo;
let builtIn: SnapshotInfo;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-own-model-'));
  service = openAuditService({ dbPath: path.join(dir, 'audit.db'), resourcesDir: path.join(root, 'resources') });
  builtIn = await service.importFiles({ files: [sample('huntress-msp.csv')], platform: 'huntress' });
  own = await service.importFiles({
    files: [sample('huntress-msp.csv')],
    model: { path: path.join(root, 'resources', 'models', 'huntress-2026-10.json') },
    allowDuplicate: true,
  });
});
afterAll(() => {
  service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a snapshot's model file against the built-in model", () => {
  it('compares the file kept with the snapshot with the built-in version, and lists whom it affects', () => {
    const answer = service.diffModel({ platform: 'huntress', snapshotId: own.id, snapshotModel: true });
    expect(answer.diff.after.version).toBe(own.modelVersion);
    const orgUser = answer.diff.roles.find((r) => r.role === 'org-user');
    expect(orgUser?.gained.map((g) => g.label)).toContain('Approve Assisted Remediation');
    expect(answer.impact?.snapshot.id).toBe(own.id);
    expect(answer.impact?.access.length).toBeGreaterThan(0);
    expect(answer.impact?.access.every((c) => c.change === 'gained' && c.via.roleId === 'org-user')).toBe(true);
  });

  it('is refused for a snapshot read with the built-in model, and without a snapshot', () => {
    expect(() => service.diffModel({ platform: 'huntress', snapshotId: builtIn.id, snapshotModel: true })).toThrow(
      `snapshot #${builtIn.id} was read with the built-in Huntress model: it has no model file of its own`,
    );
    expect(() => service.diffModel({ platform: 'huntress', snapshotModel: true })).toThrow('needs the snapshot');
  });

  it("refuses another platform's model file, naming the file and both platforms", () => {
    const acme = { path: path.join(root, 'resources', 'models', 'acme-edr.json'), name: 'acme-edr.json' };
    expect(() => service.diffModel({ platform: 'huntress', snapshotId: builtIn.id, against: acme })).toThrow(
      'the model file "acme-edr.json" is a model of Acme EDR, not of Huntress: compare two models of one platform',
    );
  });
});
