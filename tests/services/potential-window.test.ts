// Who can, with potential access, a window at a time (as the app's Who can view will ask for it):
// the windows read the whole answer, holders first, then those who could give it to themselves.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditService, type AuditService } from '../../electron/services/audit-service';

let dir: string;
let service: AuditService;
let snapshotId: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-potential-'));
  service = openAuditService({ dbPath: path.join(dir, 'audit.db') });
  const csv = path.resolve(__dirname, '../../resources/samples/hexiosec-asm.csv');
  snapshotId = (await service.importFiles({ files: [{ path: csv }], platform: 'hexiosec-asm' })).id;
});
afterAll(() => {
  service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('whoCanWindow with potential', () => {
  const question = { permission: 'Delete the group', potential: true };

  it('reads in windows the answer whoCan gives: holders, then potential holders, counted in total and people', () => {
    const whole = service.whoCan({ snapshotId, ...question }).answer.entries;
    const held = service.whoCan({ snapshotId, permission: question.permission }).answer.entries;
    expect(whole.slice(0, held.length)).toEqual(held);
    expect(whole.length).toBeGreaterThan(held.length);
    expect(whole.slice(held.length).every((e) => e.potential === true && (e.path?.length ?? 0) > 0)).toBe(true);
    const read = [];
    let total = Infinity;
    for (let from = 0; from < total; from += 7) {
      const window = service.whoCanWindow({ snapshotId, ...question, from, count: 7 }).answer;
      total = window.total;
      read.push(...window.entries);
    }
    expect(total).toBe(whole.length);
    expect(read).toEqual(whole);
    expect(service.whoCanWindow({ snapshotId, ...question, from: 0, count: 1 }).answer.people).toBe(
      new Set(whole.map((e) => e.email)).size,
    );
  });

  it('says how many hold it and how many could give themselves it, and says nothing of it when not asked', () => {
    const whole = service.whoCan({ snapshotId, ...question }).answer.entries;
    const held = whole.filter((e) => !e.potential);
    const potential = whole.filter((e) => e.potential);
    expect(service.whoCanWindow({ snapshotId, ...question, from: 0, count: 1 }).answer.potential).toEqual({
      holders: new Set(held.map((e) => e.email)).size,
      total: potential.length,
      people: new Set(potential.map((e) => e.email)).size,
    });
    expect(service.whoCanWindow({ snapshotId, permission: question.permission, from: 0, count: 1 }).answer.potential).toBeUndefined();
  });

  it('its search filters the potential entries too', () => {
    const found = service.whoCanWindow({ snapshotId, ...question, search: 'meera', from: 0, count: 100 }).answer.entries;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((e) => e.email.startsWith('meera.'))).toBe(true);
    expect(found.some((e) => e.potential)).toBe(true);
  });
});
