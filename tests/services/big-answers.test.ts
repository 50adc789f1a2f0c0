// Big answers through the service: windows of the matrix and of who-can are slices of the engine's
// answer, in people order, filtered and sorted by the back end; an export is written to the file the
// host chose, with progress while it runs, and a cancelled or refused one leaves no file behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditService, type AuditService } from '../../electron/services/audit-service';
import type { ExportTarget } from '../../electron/services/big-answers';
import { CELL_TEXT } from '../../shared/engine/matrix-export';
import { writeHuntressCsv } from '../support/huntress-csv';

const PEOPLE = 3000;
let dir: string;
let service: AuditService;
let snapshotId: number;
/** Where the next export goes (null: the user cancelled the dialog). */
let nextTarget: ExportTarget | null;
/** A permission every organization User has: everyone but the account Admin holds it only below the account. */
let orgUserCan: { id: string; label: string };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-big-'));
  service = openAuditService({ dbPath: path.join(dir, 'audit.db'), chooseExportTarget: async () => nextTarget });
  const model = service.model({ platform: 'huntress' });
  const orgUser = model.roles.find((r) => r.name === 'User' && r.level === 'organization')!;
  orgUserCan = model.permissions.find((p) => p.id === orgUser.grants[0].permission)!;
  snapshotId = (
    await service.importFiles({ files: [{ path: writeHuntressCsv(path.join(dir, 'users.csv'), PEOPLE) }], platform: 'huntress' })
  ).id;
});
afterAll(() => {
  service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const parse = (file: string) =>
  Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8'), { header: true, newline: '\r\n', skipEmptyLines: true }).data;

describe('windows', () => {
  it('the matrix in windows is the whole matrix, people by name with numbers by value', () => {
    const whole = service.matrix({ snapshotId }).answer;
    const read = [];
    let total = Infinity;
    for (let from = 0; from < total; from += 700) {
      const window = service.matrixWindow({ snapshotId, from, count: 700 }).answer;
      total = window.total;
      expect(window.from).toBe(from);
      read.push(...window.rows);
    }
    expect(total).toBe(PEOPLE);
    expect(read).toEqual(whole.rows);
    expect(read.slice(0, 4).map((r) => r.name)).toEqual(['Ada', 'User 1', 'User 2', 'User 3']);
    expect(read.findIndex((r) => r.name === 'User 10')).toBe(10);
  });

  it('filters and sorts in the back end: by role, by text, by email, most access first', () => {
    const admins = service.matrixWindow({ snapshotId, role: 'Admin · account', from: 0, count: 50 }).answer;
    expect(admins.rows.map((r) => r.email)).toEqual(['admin-a@northwind.example']);
    expect(admins.roles).toEqual(['Admin · account', 'User · organization']);
    const org7 = service.matrixWindow({ snapshotId, search: 'org 7', from: 0, count: 2000 }).answer;
    expect(org7.total).toBe(330); // Org 7 and Org 70…79, 30 people each
    const byEmail = service.matrixWindow({ snapshotId, sort: 'email', from: 0, count: 3 }).answer;
    expect(byEmail.rows.map((r) => r.email)).toEqual(['admin-a@northwind.example', 'u1-a@northwind.example', 'u2-a@northwind.example']);
    const most = service.matrixWindow({ snapshotId, sort: 'access', from: 0, count: 1 }).answer;
    expect(most.rows[0].email).toBe('admin-a@northwind.example');
    const billing = service.matrixWindow({ snapshotId, categories: ['Billing'], from: 0, count: 1 }).answer;
    expect(billing.permissions.every((p) => p.category === 'Billing')).toBe(true);
    expect(billing.categories.length).toBeGreaterThan(1);
  });

  it('who-can in windows is the whole answer, with its count of people and the search applied', () => {
    const whole = service.whoCan({ snapshotId, permission: orgUserCan.id }).answer;
    const first = service.whoCanWindow({ snapshotId, permission: orgUserCan.id, from: 0, count: 1000 }).answer;
    const rest = service.whoCanWindow({ snapshotId, permission: orgUserCan.id, from: 1000, count: 2000 }).answer;
    expect([...first.entries, ...rest.entries]).toEqual(whole.entries);
    expect(first.total).toBe(whole.entries.length);
    expect(first.people).toBe(new Set(whole.entries.map((e) => e.userId)).size);
    const found = service.whoCanWindow({ snapshotId, permission: orgUserCan.id, search: 'u123-', from: 0, count: 10 }).answer;
    expect(found.entries.map((e) => e.email)).toEqual(['u123-a@northwind.example']);
    expect(found.people).toBe(1);
  });
});

describe('exports', () => {
  it('writes the whole root matrix to the chosen file, as the engine answers it, reporting progress', async () => {
    nextTarget = { path: path.join(dir, 'matrix.csv') };
    const seen: number[] = [];
    const poll = setInterval(() => {
      const progress = service.exportProgress({ exportId: 'm1' });
      if (progress) seen.push(progress.rows);
    }, 1);
    const result = await service.exportAnswer({ exportId: 'm1', format: 'csv', question: { kind: 'matrix', snapshotId } });
    clearInterval(poll);
    expect(result).toMatchObject({ saved: true, name: 'matrix.csv', rows: PEOPLE });
    const rows = parse(nextTarget.path);
    const whole = service.matrix({ snapshotId }).answer;
    // Row for row, cell for cell, the engine's answer.
    expect(rows.map((r) => [r.email, r.name, r.roles, ...whole.permissions.map((p) => r[p.label])])).toEqual(
      whole.rows.map((r) => [r.email, r.name, r.roles.join('; '), ...r.cells.map((c) => CELL_TEXT[c])]),
    );
    expect(rows.at(-1)?.[orgUserCan.label]).toBe('below only');
    expect(seen.some((n) => n > 0 && n < PEOPLE)).toBe(true);
    expect(service.exportProgress({ exportId: 'm1' })).toBeNull();
  });

  it('a cancelled export rejects as cancelled and leaves no file, not even a partial one', async () => {
    nextTarget = { path: path.join(dir, 'cancelled.json') };
    const running = service.exportAnswer({
      exportId: 'w1',
      format: 'json',
      question: { kind: 'whoCan', snapshotId, permission: orgUserCan.id },
    });
    while (!service.exportProgress({ exportId: 'w1' })) await new Promise((r) => setImmediate(r));
    expect(service.cancelExport({ exportId: 'w1' })).toEqual({ cancelled: true });
    await expect(running).rejects.toMatchObject({ kind: 'cancelled' });
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('cancelled'))).toEqual([]);
    expect(service.cancelExport({ exportId: 'w1' })).toEqual({ cancelled: false });
  });

  it('no file chosen: nothing is written', async () => {
    nextTarget = null;
    expect(await service.exportAnswer({ exportId: 'x', format: 'csv', question: { kind: 'matrix', snapshotId } })).toMatchObject({
      saved: false,
      rows: 0,
    });
  });

  it('a host without a way to save refuses exports', async () => {
    const bare = openAuditService({ dbPath: path.join(dir, 'audit.db'), mustExist: true });
    try {
      await expect(bare.exportAnswer({ exportId: 'y', format: 'csv', question: { kind: 'matrix', snapshotId } })).rejects.toMatchObject({
        kind: 'usage',
      });
    } finally {
      bare.close();
    }
  });
});
