// The schema migrations, oldest first. Each is one file and runs once; the database remembers the
// newest one applied in `PRAGMA user_version`. Never edit a released migration: add the next one.

import type BetterSqlite3 from 'better-sqlite3';
import { initial } from './001-initial';
import { fileEncoding } from './002-file-encoding';
import { withdraw } from './003-withdraw';
import { models } from './004-models';
import { plans } from './005-plans';
import { findings } from './006-findings';
import { reviews } from './007-reviews';
import { findingsRunFormat } from './008-findings-run-format';

export { APPLICATION_ID } from './001-initial';

export interface Migration {
  /** 1, 2, 3…: the schema version the database is at after this migration. */
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [initial, fileEncoding, withdraw, models, plans, findings, reviews, findingsRunFormat];
