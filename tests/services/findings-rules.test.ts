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
          snapshotId,
          runAt: answer.run!.runAt,
          settings: answer.settings.settings,
          sha256: answer.settings.sha256,
          counts: answer.counts,
          format: null,
        },
      ]);
    } finally {
      db.close();
    }
  });

  it('changes an accepted exception only as one is accepted (a reason, who, a day to come), and removes one', async () => {
    const rules = service.findingsRules({ platform: 'huntress' }).settings;
    const [accepted] = rules.exceptions ?? [];
    expect(accepted).toBeDefined();
    const bad = await service.editException({
      platform: 'huntress',
      index: 0,
      exception: { ...accepted, acceptedBy: '', expires: day(0) },
    });
    expect(bad.saved).toBeNull();
    expect(bad.problems.map((p) => p.path[0])).toEqual(['acceptedBy']);
    const past = await service.editException({ platform: 'huntress', index: 0, exception: { ...accepted, expires: day(-1) } });
    expect(past.problems).toEqual([{ path: ['expires'], message: expect.stringMatching(/^must be after today/) }]);
    expect(service.findingsRules({ platform: 'huntress' }).settings.exceptions).toEqual([accepted]);

    const longer = { ...accepted, expires: day(90), reason: 'SOC 2 review extended' };
    const { saved } = await service.editException({ platform: 'huntress', index: 0, exception: longer });
    expect(saved?.settings.exceptions).toEqual([longer]);
    expect(saved?.settings.rules).toEqual(rules.rules);
    const excepted = service
      .findings({ snapshotId })
      .answer.findings.filter((f) => f.rule === 'outside-domain' && f.users.includes(auditor));
    expect(excepted.every((f) => f.excepted && f.exception?.reason === 'SOC 2 review extended')).toBe(true);

    await expect(service.editException({ platform: 'huntress', index: 1, exception: null })).rejects.toMatchObject({
      kind: 'not-found',
      message: expect.stringMatching(/no accepted exception #2 .*\(1 saved\)/),
    });
    const removed = await service.editException({ platform: 'huntress', index: 0, exception: null });
    expect(removed.saved?.settings).toEqual({ ...rules, exceptions: undefined });
    expect(removed.saved?.settings.exceptions).toBeUndefined();
    const open = service.findings({ snapshotId }).answer.findings.filter((f) => f.rule === 'outside-domain' && f.users.includes(auditor));
    expect(open.length).toBeGreaterThan(0);
    expect(open.some((f) => f.excepted)).toBe(false);
  });

  it('lists the runs recorded for exports, newest first, each with what it found, its format and the SHA-256 of its rules; one with its rules', async () => {
    const csv = service.findings({ snapshotId, record: true, exportFormat: 'csv' }).answer;
    const json = service.findings({ snapshotId, record: true, exportFormat: 'json' }).answer;
    await service.idle();
    const { snapshot, answer: runs } = service.findingsRuns({ snapshotId });
    expect(snapshot.id).toBe(snapshotId);
    expect(runs.slice(0, 2)).toEqual([
      {
        id: json.run!.id,
        runAt: json.run!.runAt,
        sha256: json.settings.sha256,
        counts: json.counts,
        summary: json.summary,
        format: 'json',
      },
      { id: csv.run!.id, runAt: csv.run!.runAt, sha256: csv.settings.sha256, counts: csv.counts, summary: csv.summary, format: 'csv' },
    ]);
    expect(service.findingsRun({ id: csv.run!.id })).toEqual({ ...runs[1], snapshotId, settings: csv.settings.settings });
    expect(() => service.findingsRun({ id: 9999 })).toThrow(/no recorded findings run #9999/);
  });
});
