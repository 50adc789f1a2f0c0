// The findings rules saved per platform and the record of findings runs (migrations 006 and 008): rules saved
// again replace the old, rules another version wrote are refused by name, each run keeps the rules it
// ran with, runs go with their snapshot, and every statement is answered from an index.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../electron/store/database';
import { FINDINGS_SQL, FindingsStore } from '../../electron/store/findings';
import { SnapshotStore } from '../../electron/store/snapshot-store';
import type { FindingsSettings } from '../../shared/findings/settings';
import { assignments, nodes, users } from '../support/test-snapshot';
import { tempDir, writeSnapshot } from './helpers';

const open: Database[] = [];
afterEach(() => {
  while (open.length) open.pop()?.close();
});

function fresh() {
  const db = openDatabase(path.join(tempDir(), 'audit.db'));
  open.push(db);
  return { db, store: new FindingsStore(db) };
}

const rules: FindingsSettings = { formatVersion: 1, rules: { inactive: { days: 30 } } };
const counts = { bySeverity: { critical: 1, high: 2, medium: 0, low: 0, info: 0 }, excepted: 1, notEvaluable: 0, expired: 0 };

describe('FindingsStore', () => {
  it('keeps one rules document per platform; saving again replaces it; a platform never saved has none', () => {
    const { store } = fresh();
    expect(store.rules('huntress')).toBeUndefined();
    store.saveRules('huntress', rules, new Date('2026-12-01T10:00:00Z'));
    const later: FindingsSettings = { formatVersion: 1, rules: { inactive: { days: 60 } } };
    store.saveRules('huntress', later, new Date('2026-12-02T10:00:00Z'));
    store.saveRules('hexiosec', rules, new Date('2026-12-03T10:00:00Z'));
    expect(store.rules('huntress')).toEqual({ settings: later, updatedAt: '2026-12-02T10:00:00.000Z' });
    expect(store.rules('hexiosec')?.settings).toEqual(rules);
  });

  it('refuses saved rules this version cannot read, naming the platform and what is wrong', () => {
    const { db, store } = fresh();
    db.prepare('INSERT INTO findings_rules (platform, rules_json, updated_at) VALUES (?, ?, ?)').run(
      'huntress',
      JSON.stringify({ formatVersion: 1, rules: { inactive: { days: 0 } } }),
      '2026-12-01T10:00:00Z',
    );
    expect(() => store.rules('huntress')).toThrow(
      /saved findings rules of huntress .*rules\.inactive\.days must be a whole number of at least 1/,
    );
  });

  it('records each run with the rules it ran with and what it found, newest first; the runs go when their snapshot is deleted', () => {
    const { db, store } = fresh();
    const snapshots = new SnapshotStore(db);
    const id = writeSnapshot(db, { nodes, users, assignments });
    const first = store.recordRun(id, { settings: rules, sha256: 'a'.repeat(64), counts, format: 'csv' }, new Date('2026-12-01T10:00:00Z'));
    const second = store.recordRun(
      id,
      { settings: { formatVersion: 1 }, sha256: 'b'.repeat(64), counts, format: null },
      new Date('2026-12-02T10:00:00Z'),
    );
    expect(store.runs(id)).toEqual([second, first]);
    expect(first).toMatchObject({ snapshotId: id, runAt: '2026-12-01T10:00:00.000Z', settings: rules, counts, format: 'csv' });
    expect(store.run(first.id)).toEqual(first);
    expect(store.run(first.id + 100)).toBeUndefined();
    snapshots.withdraw(id);
    while (!snapshots.purgeStep(id));
    expect(store.runs(id)).toEqual([]);
  });

  it('answers every statement from an index: no scan of the rules or the runs', () => {
    const { db } = fresh();
    const params: Record<keyof typeof FINDINGS_SQL, Record<string, unknown>> = {
      rules: { platform: 'huntress' },
      saveRules: { platform: 'huntress', json: '{}', at: '' },
      recordRun: { snapshot: 1, at: '', json: '{}', sha256: '', counts: '{}', format: null },
      runs: { snapshot: 1 },
      run: { id: 1 },
    };
    const plans = Object.fromEntries(
      Object.entries(FINDINGS_SQL).map(([name, sql]) => {
        const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params[name as keyof typeof FINDINGS_SQL]) as { detail: string }[];
        return [name, rows.map((r) => r.detail)];
      }),
    );
    for (const [name, details] of Object.entries(plans)) for (const detail of details) expect(detail, name).not.toMatch(/^SCAN /);
    expect(plans.rules).toEqual(['SEARCH findings_rules USING INDEX sqlite_autoindex_findings_rules_1 (platform=?)']);
    // Newest first straight from the index: no sort.
    expect(plans.runs).toEqual(['SEARCH findings_runs USING INDEX findings_runs_by_snapshot (snapshot_id=?)']);
    expect(plans.run).toEqual(['SEARCH findings_runs USING INTEGER PRIMARY KEY (rowid=?)']);
  });
});
