// The findings rules saved per platform (migrations/006-findings.ts), kept as the rules file's JSON
// and checked again by its schema when read, so rules written by another version of the app are
// refused by name rather than half read; and the record of findings runs, each with exactly the
// rules it ran with.

import { AuditError } from '../../shared/errors';
import type { FindingsCounts } from '../../shared/findings/findings';
import { FindingsSettings } from '../../shared/findings/settings';
import { check, formatPath } from '../../shared/schema';
import type { Database } from './database';

/** The statements of this store, by name, for the query-plan test. */
export const FINDINGS_SQL = {
  rules: 'SELECT rules_json, updated_at FROM findings_rules WHERE platform = @platform',
  saveRules: `INSERT INTO findings_rules (platform, rules_json, updated_at) VALUES (@platform, @json, @at)
    ON CONFLICT (platform) DO UPDATE SET rules_json = excluded.rules_json, updated_at = excluded.updated_at`,
  recordRun: `INSERT INTO findings_runs (snapshot_id, run_at, rules_json, rules_sha256, counts_json, export_format)
    VALUES (@snapshot, @at, @json, @sha256, @counts, @format)`,
  runs: `SELECT id, snapshot_id, run_at, rules_json, rules_sha256, counts_json, export_format FROM findings_runs
    WHERE snapshot_id = @snapshot ORDER BY run_at DESC, id DESC`,
  run: 'SELECT id, snapshot_id, run_at, rules_json, rules_sha256, counts_json, export_format FROM findings_runs WHERE id = @id',
} as const;

export interface SavedRules {
  settings: FindingsSettings;
  updatedAt: string;
}

/** A findings run as recorded: when, the rules it ran with (and their SHA-256), its counts, and what it was exported as. */
export interface FindingsRun {
  id: number;
  snapshotId: number;
  runAt: string;
  settings: FindingsSettings;
  sha256: string;
  counts: FindingsCounts;
  /** `csv` or `json` for a run recorded for an export; null otherwise (and for runs recorded before schema 8). */
  format: 'csv' | 'json' | null;
}

interface RunRow {
  id: number;
  snapshot_id: number;
  run_at: string;
  rules_json: string;
  rules_sha256: string;
  counts_json: string;
  export_format: 'csv' | 'json' | null;
}

const runOf = (r: RunRow): FindingsRun => ({
  id: r.id,
  snapshotId: r.snapshot_id,
  runAt: r.run_at,
  settings: JSON.parse(r.rules_json) as FindingsSettings,
  sha256: r.rules_sha256,
  counts: JSON.parse(r.counts_json) as FindingsCounts,
  format: r.export_format,
});

export class FindingsStore {
  constructor(private readonly db: Database) {}

  /** The platform's saved rules; undefined when none were saved. */
  rules(platform: string): SavedRules | undefined {
    const row = this.db.prepare(FINDINGS_SQL.rules).get({ platform }) as { rules_json: string; updated_at: string } | undefined;
    if (!row) return undefined;
    const read = check(FindingsSettings, JSON.parse(row.rules_json));
    if (!read.ok)
      throw new AuditError(
        'incompatible',
        `the saved findings rules of ${platform} are not rules this app reads: ${read.issues.map((i) => `${formatPath(i.path)} ${i.message}`).join('; ')}`,
      );
    return { settings: read.value, updatedAt: row.updated_at };
  }

  /** Saves the platform's rules, replacing those saved before. */
  saveRules(platform: string, settings: FindingsSettings, at: Date): SavedRules {
    const updatedAt = at.toISOString();
    this.db.prepare(FINDINGS_SQL.saveRules).run({ platform, json: JSON.stringify(settings), at: updatedAt });
    return { settings, updatedAt };
  }

  recordRun(snapshotId: number, run: Omit<FindingsRun, 'id' | 'runAt' | 'snapshotId'>, at: Date): FindingsRun {
    const runAt = at.toISOString();
    const { lastInsertRowid } = this.db.prepare(FINDINGS_SQL.recordRun).run({
      snapshot: snapshotId,
      at: runAt,
      json: JSON.stringify(run.settings),
      sha256: run.sha256,
      counts: JSON.stringify(run.counts),
      format: run.format,
    });
    return { id: Number(lastInsertRowid), snapshotId, runAt, ...run };
  }

  /** The runs recorded for a snapshot, newest first. */
  runs(snapshotId: number): FindingsRun[] {
    return (this.db.prepare(FINDINGS_SQL.runs).all({ snapshot: snapshotId }) as RunRow[]).map(runOf);
  }

  /** One recorded run; undefined when there is none of that id. */
  run(id: number): FindingsRun | undefined {
    const row = this.db.prepare(FINDINGS_SQL.run).get({ id }) as RunRow | undefined;
    return row && runOf(row);
  }
}
