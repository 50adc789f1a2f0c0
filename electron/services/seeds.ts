// The vendor seed pages (resources/seeds), read for the app's viewer of a cited line. Only the pages
// shared/models/seeds.ts lists are served, so a call cannot name any other file.
import fs from 'node:fs';
import path from 'node:path';
import type { SeedPage } from '../../shared/api';
import { AuditError } from '../../shared/errors';
import { SEED_FILE, seedInfo } from '../../shared/models/seeds';

export function readSeed(resourcesDir: string, file: string): SeedPage {
  const info = SEED_FILE.test(file) ? seedInfo(file) : undefined;
  if (!info) throw new AuditError('not-found', `no seed page "${file}"`);
  let text: string;
  try {
    text = fs.readFileSync(path.join(resourcesDir, 'seeds', info.file), 'utf8');
  } catch (error) {
    throw new AuditError(
      'not-found',
      `the seed page ${info.file} is missing from ${path.join(resourcesDir, 'seeds')} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  return { file: info.file, title: info.title, platform: info.platform, platformName: info.platformName, lines };
}
