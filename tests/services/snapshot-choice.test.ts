// Several snapshots in one database, of several platforms: a question picks the newest of a platform,
// is refused when its snapshot and platform disagree, and is told which snapshot knows a permission its
// own snapshot's platform lacks. And the forgiving input (names, typos) through the service.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditService, type AuditService } from '../../electron/services/audit-service';
import { parseArgument, API } from '../../shared/api';
import { AuditError } from '../../shared/errors';

const root = path.resolve(__dirname, '../..');
let dir: string;
let service: AuditService;
let ids: Record<string, number>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-choice-'));
  service = openAuditService({ dbPath: path.join(dir, 'audit.db'), resourcesDir: path.join(root, 'resources') });
  // Huntress first, then HYAS Protect, then Hexiosec ASM: the newest is Hexiosec's.
  for (const sample of service.samples({})) await service.importFiles({ files: sample.files, platform: sample.platform });
  ids = Object.fromEntries(service.snapshots({}).map((s) => [s.platform, s.id]));
});
afterAll(() => {
  service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function refusal(action: () => unknown): { kind: string; message: string } {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AuditError);
    return { kind: (error as AuditError).kind, message: (error as AuditError).message };
  }
  throw new Error('expected an error');
}

describe('choosing the snapshot', () => {
  it('takes the newest snapshot when none is named, and the newest of a platform when one is', () => {
    expect(service.snapshots({})[0].platform).toBe('hexiosec-asm');
    expect(service.tree({}).snapshot.id).toBe(ids['hexiosec-asm']);
    expect(service.tree({ platform: 'huntress' }).snapshot.id).toBe(ids.huntress);
    expect(service.whoCan({ platform: 'HYAS-Protect', permission: 'Set Blocking Mode' }).snapshot.id).toBe(ids['hyas-protect']);
    expect(service.users({ platform: 'huntress', limit: 1 }).snapshot.id).toBe(ids.huntress);
  });

  it('accepts a snapshot and its own platform, and refuses a snapshot of another platform', () => {
    expect(service.tree({ snapshotId: ids.huntress, platform: 'huntress' }).snapshot.platform).toBe('huntress');
    expect(refusal(() => service.tree({ snapshotId: ids.huntress, platform: 'hyas-protect' }))).toEqual({
      kind: 'usage',
      message: `snapshot #${ids.huntress} is a Huntress snapshot, not HYAS Protect: leave out the platform, or ask snapshot #${ids['hyas-protect']}, the newest of HYAS Protect`,
    });
  });

  it('refuses a platform with no snapshot, and an unknown platform', async () => {
    const lone = openAuditService({ dbPath: path.join(dir, 'lone.db'), resourcesDir: path.join(root, 'resources') });
    try {
      const huntress = lone.samples({}).find((s) => s.platform === 'huntress')!;
      await lone.importFiles({ files: huntress.files, platform: 'huntress' });
      expect(refusal(() => lone.whoCan({ platform: 'hexiosec-asm', permission: 'View Reports' }))).toEqual({
        kind: 'not-found',
        message: `no Hexiosec ASM snapshot in ${path.join(dir, 'lone.db')}; import one with \`permaudit import FILE --platform hexiosec-asm\``,
      });
      expect(refusal(() => lone.tree({ platform: 'okta' }))).toMatchObject({
        kind: 'input',
        message: expect.stringMatching(/^unknown platform "okta" \(known: /),
      });
    } finally {
      lone.close();
    }
  });

  it("says which snapshot to ask about a permission of another snapshot's platform", () => {
    expect(refusal(() => service.whoCan({ permission: 'approve assisted remediation' }))).toEqual({
      kind: 'input',
      message:
        `unknown permission "approve assisted remediation" in Hexiosec ASM (snapshot #${ids['hexiosec-asm']}); "Approve Assisted Remediation" is a Huntress permission: ` +
        `ask snapshot #${ids.huntress}, the newest of Huntress (--snapshot ${ids.huntress} or --platform huntress)`,
    });
    const can = refusal(() =>
      service.can({
        snapshotId: ids.huntress,
        email: 'jia.zhou@northwind-msp.example',
        permission: 'Set Blocking Mode',
        scope: 'Bayside Dental',
      }),
    );
    expect(can.message).toContain(`"Set Blocking Mode" is a HYAS Protect permission: ask snapshot #${ids['hyas-protect']}`);
    // Known nowhere: the snapshot's own nearest permissions, as before.
    expect(refusal(() => service.whoCan({ platform: 'huntress', permission: 'Asisted' })).message).toBe(
      'unknown permission "Asisted" in Huntress; did you mean "Approve Assisted Remediation" or "Reject Assisted Remediation"?',
    );
  });

  it("takes a platform in every question's argument, and refuses an empty one", () => {
    expect(parseArgument('whoCan', API.whoCan.argument, { permission: 'View Reports', platform: 'huntress' })).toEqual({
      permission: 'View Reports',
      platform: 'huntress',
    });
    expect(parseArgument('tree', API.tree.argument, { snapshotId: 2, platform: 'huntress' })).toEqual({
      snapshotId: 2,
      platform: 'huntress',
    });
    expect(() => parseArgument('matrix', API.matrix.argument, { platform: '' })).toThrow(/argument\.platform/);
  });
});

describe('forgiving input through the service', () => {
  it('finds a tenant by its name alone, in any case, in every question taking a scope', () => {
    const huntress = { platform: 'huntress' };
    const who = service.whoCan({ ...huntress, permission: 'Approve Assisted Remediation', scope: 'bayside dental' }).answer;
    expect(who.scope).toBe('Northwind MSP/Bayside Dental');
    expect(who.entries.length).toBeGreaterThan(0);
    for (const entry of who.entries) expect(entry.scope.startsWith('Northwind MSP/Bayside Dental')).toBe(true);
    expect(
      service.can({ ...huntress, email: 'jia.zhou@northwind-msp.example', permission: 'View Reports', scope: 'Bayside Dental' }).answer
        .allowed,
    ).toBe(true);
    expect(service.users({ ...huntress, scope: 'BAYSIDE DENTAL' }).answer.total).toBe(23);
    expect(service.matrix({ ...huntress, scope: 'northwind msp/bayside dental' }).answer.scope).toBe('Northwind MSP/Bayside Dental');
  });

  it('suggests the nearest email of the snapshot for an unknown one', () => {
    expect(refusal(() => service.access({ platform: 'huntress', email: 'jia.zhuo@northwind-msp.example' }))).toEqual({
      kind: 'input',
      message: 'no user with email "jia.zhuo@northwind-msp.example" in this snapshot; did you mean "jia.zhou@northwind-msp.example"?',
    });
  });
});
