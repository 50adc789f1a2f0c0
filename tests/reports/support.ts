// Databases for the report tests: a crafted export whose names, emails, tenants and comments are
// markup and formulas, and a big one (more rows than a report writes out in its page).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAuditService, type AuditService } from '../../electron/services/audit-service';

import { FORMULA_COMMENTS, FORMULA_NAMES, MARKUP } from './payloads';

export { FORMULA_COMMENTS, FORMULA_NAMES, MARKUP };

export interface Crafted {
  dir: string;
  service: AuditService;
  close(): void;
}

const csvCell = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * A Huntress export whose people, emails and tenants carry markup and formulas, imported as snapshot
 * #1, and a review of it (its name markup): a revoke whose comment is markup, keeps whose comments
 * start with a tab and a CR, and the reviewer's keep of their own access, its reason markup.
 */
export async function crafted(): Promise<Crafted> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-reports-'));
  const csv = path.join(dir, 'crafted.csv');
  const rows = [
    ['boss@acme.example', 'Boss', 'Admin', MARKUP.tenant, ''],
    ['ann@acme.example', MARKUP.name, 'Admin', MARKUP.tenant, 'Org <i>one</i>'],
    [MARKUP.email, 'Eve', 'User', MARKUP.tenant, 'Org <i>one</i>'],
    ...FORMULA_NAMES.map((f, i) => [`f${i}@acme.example`, f, 'User', MARKUP.tenant, `${f} org`]),
  ];
  fs.writeFileSync(csv, `email,name,role,account,organization\n${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`);
  const service = openAuditService({ dbPath: path.join(dir, 'audit.db') });
  await service.importFiles({ files: [{ path: csv }], platform: 'huntress' });
  const boss = 'boss@acme.example';
  await service.startReview({ name: MARKUP.reviewName, reviewers: [{ reviewer: boss }], by: 'Boss' });
  const items = service.review({ reviewId: 1 }).items;
  const item = (email: string) => items.find((i) => i.email === email)!.number;
  await service.decide({
    reviewId: 1,
    decisions: [
      { items: [item('ann@acme.example')], decision: 'revoke', comment: MARKUP.comment },
      { items: [item('f0@acme.example')], decision: 'keep', comment: FORMULA_COMMENTS[0] },
      { items: [item('f1@acme.example')], decision: 'keep', comment: FORMULA_COMMENTS[1] },
      { items: [item(boss)], decision: 'keep', comment: 'Owner', selfReason: MARKUP.comment },
    ],
  });
  return { dir, service, close: () => (service.close(), fs.rmSync(dir, { recursive: true, force: true })) };
}

/** A Huntress export of `people` people, each an organization User at one of 50 organizations, imported as snapshot #1. */
export async function big(people: number): Promise<Crafted> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-reports-big-'));
  const csv = path.join(dir, 'big.csv');
  const lines = ['email,name,role,account,organization'];
  for (let i = 0; i < people; i++) lines.push(`person${String(i).padStart(5, '0')}@big.example,Person ${i},User,Big MSP,Org ${i % 50}`);
  fs.writeFileSync(csv, `${lines.join('\n')}\n`);
  const service = openAuditService({ dbPath: path.join(dir, 'audit.db') });
  await service.importFiles({ files: [{ path: csv }], platform: 'huntress' });
  return { dir, service, close: () => (service.close(), fs.rmSync(dir, { recursive: true, force: true })) };
}
