// A database with Northwind MSP's November export (snapshot #1) and December export (#2), the
// bundled samples, behind a service as the CLI and the app open it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openAuditService, type AuditService } from '../../electron/services/audit-service';
import type { ReviewItem } from '../../shared/reviews';

export const root = path.resolve(import.meta.dirname, '../..');
export const sample = (file: string) => path.join(root, 'resources/samples', file);

export const ELENA = 'elena.vasquez@northwind-msp.example';
export const JIA = 'jia.zhou@northwind-msp.example';
export const BAYSIDE = 'Northwind MSP/Bayside Dental';

export interface Setup {
  dir: string;
  dbPath: string;
  service: AuditService;
  /** A raw connection to the same file, for what only SQL can do. */
  raw(): BetterSqlite3.Database;
  close(): void;
}

export async function northwind(options: { december?: boolean } = {}): Promise<Setup> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-reviews-'));
  const dbPath = path.join(dir, 'audit.db');
  const service = openAuditService({ dbPath });
  await service.importFiles({ files: [{ path: sample('huntress-msp.csv') }], platform: 'huntress' });
  if (options.december) await service.importFiles({ files: [{ path: sample('huntress-msp-december.csv') }], platform: 'huntress' });
  const opened: BetterSqlite3.Database[] = [];
  return {
    dir,
    dbPath,
    service,
    raw: () => {
      const db = new BetterSqlite3(dbPath);
      opened.push(db);
      return db;
    },
    close: () => {
      for (const db of opened) db.close();
      service.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every item of a review, window after window. */
export function allItems(service: AuditService, reviewId: number): ReviewItem[] {
  const items: ReviewItem[] = [];
  for (let from = 0; ;) {
    const page = service.review({ reviewId, from, count: 1000 });
    items.push(...page.items);
    from += page.items.length;
    if (from >= page.total || page.items.length === 0) return items;
  }
}

/** The item about one person's role at one tenant. */
export function itemOf(items: ReviewItem[], email: string, path: string, role?: string): ReviewItem {
  const found = items.filter((i) => i.email === email && i.path === path && (role === undefined || i.role === role));
  if (found.length !== 1) throw new Error(`${found.length} items for ${email} at ${path}`);
  return found[0];
}
