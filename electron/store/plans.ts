// What-if plans saved by name (migrations/005-plans.ts): kept as their JSON, checked again by the
// plan schema when read, so a plan written by another version of the app is refused by name rather
// than half read.

import { AuditError } from '../../shared/errors';
import { Plan } from '../../shared/engine/what-if';
import { check, formatPath } from '../../shared/schema';
import type { SavedPlan } from '../../shared/api';
import type { Database } from './database';

export class PlanStore {
  constructor(private readonly db: Database) {}

  list(): SavedPlan[] {
    const rows = this.db.prepare('SELECT name, plan_json, saved_at FROM plans ORDER BY name').all() as {
      name: string;
      plan_json: string;
      saved_at: string;
    }[];
    return rows.map((r) => ({
      name: r.name,
      savedAt: r.saved_at,
      changes: (JSON.parse(r.plan_json) as { changes?: unknown[] }).changes?.length ?? 0,
    }));
  }

  get(name: string): Plan {
    const json = this.db.prepare('SELECT plan_json FROM plans WHERE name = ?').pluck().get(name) as string | undefined;
    if (json === undefined) {
      const names = this.list().map((p) => `"${p.name}"`);
      throw new AuditError('not-found', `no saved plan "${name}"${names.length > 0 ? ` (saved: ${names.join(', ')})` : ''}`);
    }
    const read = check(Plan, JSON.parse(json));
    if (!read.ok)
      throw new AuditError(
        'incompatible',
        `the saved plan "${name}" is not one this app reads: ${read.issues.map((i) => `${formatPath(i.path)} ${i.message}`).join('; ')}`,
      );
    return read.value;
  }

  /** Saves the plan under its name, replacing one saved before under that name. */
  save(plan: Plan, savedAt: Date): SavedPlan {
    const at = savedAt.toISOString();
    this.db
      .prepare(
        'INSERT INTO plans (name, plan_json, saved_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET plan_json = excluded.plan_json, saved_at = excluded.saved_at',
      )
      .run(plan.name, JSON.stringify(plan), at);
    return { name: plan.name, savedAt: at, changes: plan.changes.length };
  }

  delete(name: string): boolean {
    return this.db.prepare('DELETE FROM plans WHERE name = ?').run(name).changes > 0;
  }
}
