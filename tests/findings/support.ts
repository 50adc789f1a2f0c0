// Crafted snapshots for the findings tests: people and their role assignments written as rows, on a
// built-in model, so every grant cites the vendor's page as a real snapshot's would.
import { memoryView } from '../../shared/engine/memory-view';
import type { Evaluator } from '../../shared/engine/walk';
import { evidenceOf, type FindingEvidence } from '../../shared/findings/evidence';
import { runFindings, type Finding, type FindingsReport } from '../../shared/findings/findings';
import { RULE_IDS, type FindingsSettings, type RuleId } from '../../shared/findings/settings';
import { resolveModel } from '../../shared/model/resolve';
import type { RoleModel } from '../../shared/model/types';
import { validateModel } from '../../shared/model/validate';
import { getModel } from '../../shared/models';
import { joinPath, splitPath } from '../../shared/paths';
import type { Assignment, TenantNode, User } from '../../shared/snapshot';

export type Facts = Pick<User, 'status' | 'mfa' | 'lastLogin'>;
/** One row of an export: who, which role (by id), at which tenant path, and what it says about them. */
export type Row = [email: string, roleId: string, path: string, facts?: Facts];

/** A snapshot of `platform` (a built-in id, or a model) holding the rows (line n + 1 of `export.csv` for row n, after the header). */
export function crafted(platform: string | RoleModel, rows: Row[]): Evaluator {
  const nodes = new Map<string, TenantNode>();
  const nodeOf = (path: string): TenantNode => {
    const names = splitPath(path);
    let parent: TenantNode | undefined;
    for (let depth = 0; depth < names.length; depth++) {
      const at = joinPath(names.slice(0, depth + 1));
      let node = nodes.get(at);
      if (!node) nodes.set(at, (node = { id: nodes.size + 1, parentId: parent?.id ?? null, depth, name: names[depth], path: at }));
      parent = node;
    }
    return parent as TenantNode;
  };
  const users = new Map<string, User>();
  const assignments: Assignment[] = rows.map(([email, roleId, path, facts], i) => {
    let user = users.get(email);
    if (!user) users.set(email, (user = { id: users.size + 1, email, name: email.split('@')[0], ...facts }));
    return { id: i + 1, userId: user.id, nodeId: nodeOf(path).id, roleId, sourceFile: 'export.csv', sourceLine: i + 2 };
  });
  return {
    model: resolveModel(typeof platform === 'string' ? getModel(platform) : validateModel(platform)),
    view: memoryView({ nodes: [...nodes.values()], users: [...users.values()], assignments }),
  };
}

export const SNAPSHOT = { platform: 'huntress', asOf: null, importedAt: '2026-12-01T09:00:00Z' };
export const TODAY = '2026-12-01';

/** A finding as people read it: with its evidence, not the rows of the run's table. */
export type ReadFinding = Omit<Finding, 'evidence'> & { evidence: FindingEvidence[] };

/** The findings of the crafted snapshot under the settings, each with its evidence as people read it. */
export function findingsOf(
  ev: Evaluator,
  settings: Omit<FindingsSettings, 'formatVersion'> = {},
): Omit<FindingsReport, 'findings'> & { findings: ReadFinding[] } {
  const report = runFindings(ev, { ...SNAPSHOT, platform: ev.model.model.id }, { formatVersion: 1, ...settings }, { today: TODAY });
  return { ...report, findings: report.findings.map((f) => ({ ...f, evidence: evidenceOf(report.evidence, f) })) };
}

/** Only the rule asked about, on: the others stay quiet. */
export function onlyRule(rule: RuleId, settings: Record<string, unknown> = {}): Omit<FindingsSettings, 'formatVersion'> {
  const rules = Object.fromEntries(RULE_IDS.map((id) => [id, id === rule ? settings : { enabled: false }]));
  return { rules } as Omit<FindingsSettings, 'formatVersion'>;
}
