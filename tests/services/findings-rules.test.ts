// The findings rules the app keeps in the database per platform: read (the defaults until saved),
// saved after checking them by the rules file's schema and the snapshot's model (problems come back
// by JSON path, nothing saved), exceptions accepted only with a reason and a day to come, and runs
// recorded with exactly the rules they ran with.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditService, type AuditService } from '../../electron/services/audit-service';
import { FindingsStore } from '../../electron/store/findings';
import { openDatabase } from '../../electron/store/database';

const root = path.resolve(__dirname, '../..');
let dir: string;
let service: AuditService;
let snapshotId: number;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const auditor = 'ravi.subramanian@ledgerline-audit.example';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-findings-rules-'));
  service = openAuditService({ dbPath: path.join(dir, 'audit.db'), resourcesDir: path.join(root, 'resources') });
  const huntress = service.samples({}).find((s) => s.platform === 'huntress')!;
  snapshotId = (await service.importFiles({ files: huntress.files, platform: 'huntress' })).id;
});
afterAll(() => {
  service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('findings rules saved in the database', () => {
  it('are the defaults until saved; findings then run with them', async () => {
    expect(service.findingsRules({ platform: 'huntress' })).toEqual({
      platform: 'huntress',
      settings: { formatVersion: 1 },
      updatedAt: null,
    });
    expect(service.findings({ snapshotId }).answer.settings.source).toBe('defaults');
    const rules = { formatVersion: 1, rules: { inactive: { days: 10_000 } } };
    const { saved, problems } = await service.saveFindingsRules({ platform: 'huntress', settings: rules });
    expect(problems).toEqual([]);
    expect(saved).toMatchObject({ platform: 'huntress', settings: rules, updatedAt: expect.any(String) });
    const answer = service.findings({ snapshotId }).answer;
    expect(answer.settings).toMatchObject({ source: 'saved', settings: rules });
    expect(answer.findings.filter((f) => f.rule === 'inactive' && f.status === 'finding')).toEqual([]);
  });

  it('refuses rules that break the schema or name what the model lacks, by JSON path, and keeps the saved ones', async () => {
    const before = service.findingsRules({ platform: 'huntress' });
    const bad = await service.saveFindingsRules({
      platform: 'huntress',
      settings: { formatVersion: 1, rules: { inactive: { days: 0 }, 'too-many-admins': { max: 'many' } } },
    });
    expect(bad.saved).toBeNull();
    expect(bad.problems).toEqual([
      { path: ['rules', 'too-many-admins', 'max'], message: 'must be a whole number of at least 1, got "many"' },
      { path: ['rules', 'inactive', 'days'], message: 'must be a whole number of at least 1, got 0' },
    ]);
    const typo = await service.saveFindingsRules({
      platform: 'huntress',
      snapshotId,
      settings: { formatVersion: 1, rules: { 'too-many-admins': { roles: ['Admn'] } } },
    });
    expect(typo.problems).toEqual([{ path: ['rules', 'too-many-admins', 'roles', 0], message: 'unknown role "Admn" in Huntress' }]);
    expect(service.findingsRules({ platform: 'huntress' })).toEqual(before);
  });

  it('accepts an exception only with a reason, who accepts it and a last day to come; it then excepts the finding', async () => {
    const exception = {
      rule: 'outside-domain',
      user: auditor,
      reason: 'External auditor for the SOC 2 review',
      acceptedBy: 'Elena Vasquez',
      expires: day(30),
    };
    const missing = await service.acceptException({ platform: 'huntress', exception: { ...exception, reason: ' ', expires: day(0) } });
    expect(missing.saved).toBeNull();
    expect(missing.problems.map((p) => p.path[0])).toEqual(['reason']);
    const past = await service.acceptException({ platform: 'huntress', exception: { ...exception, expires: day(0) } });
    expect(past.problems).toEqual([{ path: ['expires'], message: expect.stringMatching(/^must be after today/) }]);
    await service.saveFindingsRules({
      platform: 'huntress',
      settings: { formatVersion: 1, rules: { 'outside-domain': { everywhere: ['northwind-msp.example'] } } },
    });
    const { saved } = await service.acceptException({ platform: 'huntress', exception });
    expect(saved?.settings.exceptions).toEqual([exception]);
    expect(saved?.settings.rules).toEqual({ 'outside-domain': { everywhere: ['northwind-msp.example'] } });
    const excepted = service
      .findings({ snapshotId })
      .answer.findings.filter((f) => f.rule === 'outside-domain' && f.users.includes(auditor));
    expect(excepted.length).toBeGreaterThan(0);
    expect(excepted.every((f) => f.excepted && f.exception?.reason === exception.reason)).toBe(true);
  });

  it('records a run asked to be recorded, with the rules it ran with and what it found', async () => {
    expect(service.findings({ snapshotId }).answer.run).toBeNull();
    const { answer } = service.findings({ snapshotId, record: true });
    expect(answer.run).toEqual({ id: expect.any(Number), runAt: expect.any(String) });
    await service.idle();
    const db = openDatabase(path.join(dir, 'audit.db'));
    try {
      expect(new FindingsStore(db).runs(snapshotId)).toEqual([
        {
          id: answer.run!.id,
          runAt: answer.run!.runAt,
          settings: answer.settings.settings,
          sha256: answer.settings.sha256,
          counts: answer.counts,
        },
      ]);
    } finally {
      db.close();
    }
  });
});
