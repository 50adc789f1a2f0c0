// The review calls of the contract (docs/reviews.md), on the service's store and snapshots: staging a
// review's population (preview and start), decisions with their rules, reassigning, sign-off, the
// log and its verification, and remediation checked in a later snapshot.

import type {
  DecideRequest,
  ImportFile,
  ReassignRequest,
  ReviewRequest,
  ReviewSetup,
  SignOffRequest,
  SnapshotRef,
  StartReviewRequest,
  TreeNode,
} from '../../shared/api';
import { isIsoDate, normalizeEmail, quote } from '../../shared/csv/values';
import { compareCodePoints } from '../../shared/engine/code-point-order';
import { assignmentsAtAndBelow, labelOf, pathOf, peopleOf, requireNode, type Evaluator } from '../../shared/engine/walk';
import { AuditError, type Problem } from '../../shared/errors';
import { evidenceOf } from '../../shared/findings/evidence';
import type { FindingsReport } from '../../shared/findings/findings';
import { SEVERITIES } from '../../shared/findings/settings';
import { findRole, levelWord } from '../../shared/model/resolve';
import type { Role } from '../../shared/model/types';
import type {
  Decision,
  ItemDecision,
  Recommendation,
  RemediationAnswer,
  RemediationEntry,
  ReviewDetail,
  ReviewItem,
  ReviewManifest,
  ReviewPreview,
  ReviewSummary,
} from '../../shared/reviews';
import type { SnapshotInfo } from '../../shared/snapshot';
import { populationSha256, ReviewStore, type LogInput, type NewItem } from '../store/reviews';

export interface ReviewDeps {
  reviews: ReviewStore;
  snapshotFor(ref: SnapshotRef): SnapshotInfo;
  evaluatorFor(ref: SnapshotRef): { snapshot: SnapshotInfo; evaluator: Evaluator };
  /** Every snapshot, newest first. */
  snapshots(): SnapshotInfo[];
  tree(snapshotId: number): Pick<TreeNode, 'id' | 'subtreeAssignmentCount'>[];
  /** The snapshot's findings under a rules file (default: every rule with its defaults). */
  findings(evaluator: Evaluator, snapshot: SnapshotInfo, rules: ImportFile | undefined): FindingsReport;
  /** Runs a write after the writes queued before it. */
  write<T>(write: () => Promise<T>): Promise<T>;
  now(): Date;
  dbPath: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const numbers = (list: number[], total: number) => `${list.join(', ')}${total > list.length ? ` and ${total - list.length} more` : ''}`;
const key = (...parts: string[]) => parts.join('\n');

/** Does a tenant path lie at `scope` or below it ('' is the whole tenancy)? */
const within = (path: string, scope: string) => scope === '' || path === scope || path.startsWith(`${scope}/`);

interface Staged {
  snapshot: SnapshotInfo;
  scope: string | null;
  reviewers: { scope: string; reviewer: string }[];
  items: NewItem[];
  manifest: ReviewManifest;
}

/** Each item's findings, by assignment (a finding with evidence) or by person (one without). */
function recommendationsOf(report: FindingsReport) {
  const byAssignment = new Map<string, Recommendation[]>();
  const byPerson = new Map<string, Recommendation[]>();
  const add = (map: Map<string, Recommendation[]>, at: string, r: Recommendation) => {
    const list = map.get(at) ?? [];
    if (!list.some((x) => x.rule === r.rule)) list.push(r);
    map.set(at, list);
  };
  for (const f of report.findings) {
    if (f.status !== 'finding' || f.excepted) continue;
    const r = { rule: f.rule, severity: f.severity, title: f.title };
    if (f.evidence.length > 0) for (const e of evidenceOf(report.evidence, f)) add(byAssignment, key(e.email, e.roleId, e.assignedAt), r);
    else for (const email of f.users) add(byPerson, email, r);
  }
  return (email: string, roleId: string, path: string): Recommendation[] => {
    const all = [...(byAssignment.get(key(email, roleId, path)) ?? []), ...(byPerson.get(email) ?? [])];
    const rules = new Set<string>();
    return all
      .filter((r) => !rules.has(r.rule) && rules.add(r.rule))
      .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  };
}

/** What changed for each item since the previous review of the scope (its frozen items and decisions). */
function changesSince(previous: number | null, items: ReviewItem[]) {
  if (previous === null) return () => null;
  const held = new Map(items.map((i) => [key(i.email, i.path, i.roleId), i]));
  const roleAt = new Map(items.map((i) => [key(i.email, i.path), i.role]));
  const people = new Set(items.map((i) => i.email));
  return (email: string, path: string, roleId: string): string | null => {
    const before = held.get(key(email, path, roleId));
    if (before) {
      if (before.decision?.decision === 'revoke') return `revoked in review #${previous}, still present`;
      if (before.decision?.decision === 'modify') return `to become ${before.decision.role} in review #${previous}, unchanged`;
      return null;
    }
    if (!people.has(email)) return `new person since review #${previous}`;
    const was = roleAt.get(key(email, path));
    return was ? `was ${was} here in review #${previous}` : `new access since review #${previous}`;
  };
}

/**
 * `decide`'s problems, which name each decision by its place (`decision:N`), as the lines of the file
 * the decisions came from (`lines[N - 1]`): a decisions CSV's lines, a review sheet's rows.
 */
export function onLines(error: unknown, file: string, lines: readonly number[]): unknown {
  if (!(error instanceof AuditError) || !error.problems.every((p) => p.file === 'decision')) return error;
  return new AuditError(
    error.kind,
    `${file}: nothing was decided`,
    error.problems.map((p) => ({ file, line: lines[p.line - 1], message: p.message })),
  );
}

export function reviewCalls(deps: ReviewDeps) {
  const { reviews } = deps;

  /** A review by id, and (with `open`) refused once signed off. */
  const reviewOf = (id: number, open = false): ReviewSummary => {
    const review = reviews.get(id);
    if (!review) {
      const ids = reviews.list().map((r) => `#${r.id}`);
      throw new AuditError('not-found', `no review #${id} in ${deps.dbPath}${ids.length > 0 ? ` (reviews: ${ids.join(', ')})` : ''}`);
    }
    if (open && review.signOff)
      throw new AuditError(
        'input',
        `review #${id} was signed off by ${review.signOff.name} on ${review.signOff.at}: nothing in it can change`,
      );
    return review;
  };

  /** The reviewer rules as tenant paths ('' for everything in scope), each checked to lie in the review's scope. */
  const reviewerRules = (ev: Evaluator, scope: string | null, given: ReviewSetup['reviewers']) => {
    const rules = given.map((r) => {
      const path = r.scope === undefined ? (scope ?? '') : requireNode(ev.view, r.scope).path;
      if (!within(path, scope ?? ''))
        throw new AuditError(
          'usage',
          `the reviewer ${r.reviewer} is given for ${quote(path)}, which is outside the review's scope ${quote(scope ?? '')}`,
        );
      return { scope: path, reviewer: normalizeEmail(r.reviewer) };
    });
    const paths = new Set<string>();
    for (const r of rules) {
      if (paths.has(r.scope))
        throw new AuditError('usage', `two reviewers are given for ${r.scope === '' ? 'the whole tenancy' : quote(r.scope)}`);
      paths.add(r.scope);
    }
    // The deepest rule over a path decides it.
    const deepestFirst = [...rules].sort((a, b) => b.scope.length - a.scope.length);
    return { rules, reviewerOf: (path: string) => deepestFirst.find((r) => within(path, r.scope))?.reviewer };
  };

  /** The population a review of this setup holds, its items in person order, and the completeness check. */
  const stage = (req: ReviewSetup, findings?: FindingsReport): Staged => {
    const { snapshot, evaluator: ev } = deps.evaluatorFor(req);
    const node = req.scope === undefined || req.scope === '' ? undefined : requireNode(ev.view, req.scope);
    const scope = node?.path ?? null;
    const { rules, reviewerOf } = reviewerRules(ev, scope, req.reviewers);
    const previous = reviews.previousReview(snapshot.platform, scope, snapshot.id);
    const changed = changesSince(previous, previous === null ? [] : reviews.items(previous));
    const recommended = recommendationsOf(findings ?? deps.findings(ev, snapshot, req.rules));
    const placed = assignmentsAtAndBelow(
      ev,
      node,
      ev.model.roles.map((r) => r.id),
    );
    const people = peopleOf(ev, placed);
    const privileged = (role: Role) => role.grants.some((g) => ev.model.permissionById.get(g.permission)?.privileged === true);
    const rows = placed.map(({ assignment: a, role }) => {
      const user = people.get(a.userId)!;
      return { user, role, path: pathOf(ev.view, a.nodeId), label: labelOf(ev.model, role), a };
    });
    rows.sort(
      (x, y) => compareCodePoints(x.user.email, y.user.email) || compareCodePoints(x.path, y.path) || compareCodePoints(x.label, y.label),
    );
    const uncovered = new Set<string>();
    const items = rows.map(({ user, role, path, label, a }, index): NewItem => {
      const reviewer = reviewerOf(path);
      if (reviewer === undefined) uncovered.add(path);
      return {
        number: index + 1,
        email: user.email,
        name: user.name,
        roleId: role.id,
        role: label,
        level: role.level,
        path,
        sourceFile: a.sourceFile,
        sourceLine: a.sourceLine,
        privileged: privileged(role),
        recommendations: recommended(user.email, role.id, path),
        changed: changed(user.email, path, role.id),
        reviewer: reviewer ?? '',
      };
    });
    // No reviewer at all: a population as a review would freeze it, for a report (reportPopulation).
    if (uncovered.size > 0 && req.reviewers.length > 0) {
      const list = [...uncovered].sort(compareCodePoints);
      throw new AuditError(
        'usage',
        `no reviewer is given for ${plural(list.length, 'tenant')}: ${list.slice(0, 5).map(quote).join(', ')}${list.length > 5 ? ` and ${list.length - 5} more` : ''}; give a reviewer for the whole scope, or for these tenants`,
      );
    }
    // Counted by the store on its own, not from the items: the check an auditor can rely on.
    const assignmentsInScope = node
      ? (deps.tree(snapshot.id).find((n) => n.id === node.id)?.subtreeAssignmentCount ?? 0)
      : snapshot.assignmentCount;
    const manifest: ReviewManifest = {
      snapshot: {
        id: snapshot.id,
        name: snapshot.name,
        platform: snapshot.platform,
        modelVersion: snapshot.modelVersion,
        model: snapshot.model,
        asOf: snapshot.asOf,
        importedAt: snapshot.importedAt,
      },
      files: snapshot.files,
      assignmentsInScope,
      items: items.length,
      complete: items.length === assignmentsInScope,
      populationSha256: populationSha256(items),
      previousReview: previous,
    };
    return { snapshot, scope, reviewers: rules, items, manifest };
  };

  const detail = (req: ReviewRequest): ReviewDetail => {
    const review = reviewOf(req.reviewId);
    const from = req.from ?? 0;
    const filter = { ...req, reviewer: req.reviewer === undefined ? undefined : normalizeEmail(req.reviewer) };
    const { total, items } = reviews.filtered(review.id, filter, from, req.count ?? 100);
    return {
      review,
      manifest: reviews.manifest(review.id),
      reviewers: reviews.reviewers(review.id),
      progress: reviews.progress(review.id),
      total,
      from,
      items,
    };
  };

  /** The role a modify names, at the item's level of the review snapshot's model; a problem otherwise. */
  const roleAtLevel = (ev: Evaluator, item: ReviewItem, wanted: string): Role | string => {
    const fold = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
    const atLevel = ev.model.roles.filter((r) => r.level === item.level);
    const role =
      atLevel.find((r) => r.id.toLowerCase() === fold(wanted) || fold(labelOf(ev.model, r)) === fold(wanted)) ??
      findRole(ev.model, wanted, item.level);
    const level = ev.model.model.levels.find((l) => l.id === item.level);
    if (!role)
      return `${quote(wanted)} is not a role at the ${level ? levelWord(level) : item.level} level of ${ev.model.model.name}; roles there: ${atLevel.map((r) => r.name).join(', ')}`;
    if (role.id === item.roleId) return `item ${item.number} already is ${item.role}: to leave it so, keep it`;
    return role;
  };

  const needsComment = (decision: Decision, item: ReviewItem) =>
    decision === 'revoke' || decision === 'modify' || decision === 'exception' || (decision === 'keep' && item.privileged);

  return {
    previewReview: (req: ReviewSetup): ReviewPreview => {
      const staged = stage(req);
      const byReviewer = new Map<string, number>();
      for (const item of staged.items) byReviewer.set(item.reviewer, (byReviewer.get(item.reviewer) ?? 0) + 1);
      return {
        snapshotId: staged.snapshot.id,
        scope: staged.scope,
        assignmentsInScope: staged.manifest.assignmentsInScope,
        items: staged.items.length,
        people: new Set(staged.items.map((i) => i.email)).size,
        privileged: staged.items.filter((i) => i.privileged).length,
        recommended: staged.items.filter((i) => i.recommendations.length > 0).length,
        changed: staged.items.filter((i) => i.changed !== null).length,
        previousReview: staged.manifest.previousReview,
        byReviewer: [...byReviewer]
          .map(([reviewer, items]) => ({ reviewer, items }))
          .sort((a, b) => compareCodePoints(a.reviewer, b.reviewer)),
        files: staged.snapshot.files,
      };
    },

    startReview: (req: StartReviewRequest) =>
      deps.write(async () => {
        const at = deps.now();
        const staged = stage(req);
        const { manifest } = staged;
        if (!manifest.complete)
          throw new Error(
            `the items (${manifest.items}) do not cover the ${manifest.assignmentsInScope} assignments in scope: nothing was started`,
          );
        const id = reviews.create(
          {
            name: req.name,
            snapshotId: staged.snapshot.id,
            platform: staged.snapshot.platform,
            scope: staged.scope,
            due: req.due ?? null,
            createdAt: at.toISOString(),
            createdBy: req.by,
            previousReview: manifest.previousReview,
            manifest,
            reviewers: staged.reviewers,
            items: staged.items,
          },
          {
            at: at.toISOString(),
            actor: req.by,
            action: 'start',
            after: {
              name: req.name,
              snapshotId: staged.snapshot.id,
              scope: staged.scope,
              due: req.due ?? null,
              reviewers: staged.reviewers,
              items: manifest.items,
              assignmentsInScope: manifest.assignmentsInScope,
              populationSha256: manifest.populationSha256,
              files: manifest.files.map((f) => ({ name: f.name, sha256: f.sha256, rows: f.rows })),
            },
          },
        );
        return detail({ reviewId: id });
      }),

    reviews: () => reviews.list(),

    /**
     * A snapshot's whole population as a review of it would freeze it, every item undecided and with
     * no reviewer, its recommendations from `findings`: the access review report of a snapshot with
     * no review. Nothing is written.
     */
    reportPopulation: (ref: SnapshotRef, findings: FindingsReport) => {
      const staged = stage({ ...ref, name: 'population', reviewers: [] }, findings);
      // Undecided in place: a population of a million items is not copied.
      const items: ReviewItem[] = staged.items.map((i) => Object.assign(i, { decision: null }));
      return { items, manifest: staged.manifest };
    },

    review: detail,

    decide: (req: DecideRequest) =>
      deps.write(async () => {
        const review = reviewOf(req.reviewId, true);
        const at = deps.now().toISOString();
        const today = at.slice(0, 10);
        let evaluator: Evaluator | undefined;
        const model = () => (evaluator ??= deps.evaluatorFor({ snapshotId: review.snapshotId }).evaluator);
        const problems: Problem[] = [];
        const changes: { number: number; decision: ItemDecision; log: LogInput }[] = [];
        const seen = new Set<number>();
        req.decisions.forEach((d, index) => {
          const problem = (message: string) => problems.push({ file: 'decision', line: index + 1, message });
          if (d.role !== undefined && d.decision !== 'modify') problem('a role is given only to modify access');
          if (d.expires !== undefined && d.decision !== 'exception') problem('an expiry is given only for an exception');
          if (d.decision === 'modify' && d.role === undefined) problem('modify needs the role the access is to become');
          if (d.decision === 'exception') {
            if (d.expires === undefined) problem('an exception needs the day it expires');
            else if (!isIsoDate(d.expires)) problem(`the expiry must be a day of the calendar written YYYY-MM-DD, got ${quote(d.expires)}`);
            else if (d.expires <= today) problem(`an exception must expire after today (${today}); ${d.expires} does not`);
          }
          for (const number of d.items) {
            const item = reviews.item(review.id, number);
            if (!item) {
              problem(`review #${review.id} has no item ${number} (its items are 1 to ${review.items})`);
              continue;
            }
            if (seen.has(number)) problem(`item ${number} is decided twice`);
            seen.add(number);
            const about = `item ${number} (${item.role} at ${item.path} for ${item.email})`;
            if (d.comment === undefined && needsComment(d.decision, item))
              problem(
                `${about}: a comment is required to ${d.decision === 'keep' ? 'keep privileged access' : d.decision === 'exception' ? 'accept an exception' : `${d.decision} access`}`,
              );
            const by = req.by ?? item.reviewer;
            if (normalizeEmail(by) === item.email && d.selfReason === undefined)
              problem(`${about} is ${by}'s own access: deciding it needs a self-review reason`);
            let role: string | null = null;
            if (d.decision === 'modify' && d.role !== undefined) {
              const found = roleAtLevel(model(), item, d.role);
              if (typeof found === 'string') problem(found);
              else role = labelOf(model().model, found);
            }
            const decision: ItemDecision = {
              decision: d.decision,
              role,
              expires: d.expires ?? null,
              comment: d.comment ?? null,
              by,
              at,
              selfReason: d.selfReason ?? null,
            };
            changes.push({
              number,
              decision,
              log: { at, actor: by, action: 'decide', item: number, before: item.decision, after: decision },
            });
          }
        });
        if (problems.length > 0) throw new AuditError('input', `nothing was decided: ${plural(problems.length, 'problem')}`, problems);
        if (req.check) return review;
        reviews.decide(review.id, changes);
        return reviewOf(review.id);
      }),

    reassign: (req: ReassignRequest) =>
      deps.write(async () => {
        const review = reviewOf(req.reviewId, true);
        if ((req.items === undefined) === (req.scope === undefined))
          throw new AuditError('usage', 'give the items to reassign, or a tenant (scope)');
        let chosen = req.items ?? [];
        if (req.scope !== undefined) {
          const snapshot = deps.snapshots().find((s) => s.id === review.snapshotId);
          const path = snapshot ? requireNode(deps.evaluatorFor({ snapshotId: snapshot.id }).evaluator.view, req.scope).path : req.scope;
          chosen = reviews.itemsIn(review.id, path);
          if (chosen.length === 0) throw new AuditError('input', `review #${review.id} has no items at ${quote(path)} or below`);
        }
        const reviewer = normalizeEmail(req.reviewer);
        const at = deps.now().toISOString();
        const changes: { number: number; reviewer: string; log: LogInput }[] = [];
        const missing: number[] = [];
        for (const number of chosen) {
          const item = reviews.item(review.id, number);
          if (!item) missing.push(number);
          else if (item.reviewer !== reviewer)
            changes.push({
              number,
              reviewer,
              log: {
                at,
                actor: req.by,
                action: 'reassign',
                item: number,
                before: { reviewer: item.reviewer },
                after: { reviewer, note: req.note },
              },
            });
        }
        if (missing.length > 0)
          throw new AuditError(
            'input',
            `review #${review.id} has no item ${numbers(missing.slice(0, 5), missing.length)} (its items are 1 to ${review.items}); nothing was reassigned`,
          );
        reviews.reassign(review.id, changes);
        return { reassigned: changes.length };
      }),

    signOff: (req: SignOffRequest) =>
      deps.write(async () => {
        const review = reviewOf(req.reviewId, true);
        const undecided = review.items - review.decided;
        if (undecided > 0)
          throw new AuditError(
            'input',
            `review #${review.id} cannot be signed off: ${plural(undecided, 'item is', 'items are')} undecided (${numbers(reviews.undecided(review.id).slice(0, 5), undecided)}); decide every item first`,
          );
        const at = deps.now().toISOString();
        reviews.signOff(
          review.id,
          { name: req.name, at, statement: req.statement },
          { at, actor: req.name, action: 'sign-off', item: null, before: null, after: { name: req.name, statement: req.statement } },
        );
        return reviewOf(review.id);
      }),

    reviewLog: (req: { reviewId: number; from?: number; count?: number }) => {
      const review = reviewOf(req.reviewId);
      const from = req.from ?? 0;
      return { total: reviews.logCount(review.id), from, entries: reviews.log(review.id, from, req.count ?? 1000) };
    },

    verifyReview: (req: { reviewId: number }) => reviews.verify(reviewOf(req.reviewId).id),

    remediation: (req: { reviewId: number; snapshotId?: number }): RemediationAnswer => {
      const review = reviewOf(req.reviewId);
      const later =
        req.snapshotId === undefined
          ? deps.snapshots().find((s) => s.platform === review.platform)
          : deps.snapshotFor({ snapshotId: req.snapshotId });
      if (!later || later.id <= review.snapshotId) {
        if (req.snapshotId === undefined)
          throw new AuditError(
            'not-found',
            `no snapshot of ${review.platform} later than the review's (#${review.snapshotId}); import the next export, then check again`,
          );
        throw new AuditError('usage', `snapshot #${later!.id} is not later than the review's snapshot #${review.snapshotId}`);
      }
      if (later.platform !== review.platform)
        throw new AuditError('usage', `snapshot #${later.id} is of ${later.platform}, the review of ${review.platform}`);
      const { evaluator: ev } = deps.evaluatorFor({ snapshotId: later.id });
      const label = (roleId: string) => {
        const role = ev.model.roleById.get(roleId);
        return role ? labelOf(ev.model, role) : roleId;
      };
      const n = `snapshot #${later.id}`;
      const entries = reviews
        .items(review.id)
        .filter((i) => i.decision?.decision === 'revoke' || i.decision?.decision === 'modify')
        .map((item): RemediationEntry => {
          const user = ev.view.userByEmail(item.email);
          const node = ev.view.nodeByPath(item.path);
          const held =
            user && node
              ? ev.view
                  .assignmentsOfUser(user.id)
                  .filter((a) => a.nodeId === node.id)
                  .map((a) => a.roleId)
              : [];
          const now = held.map(label).join(', ');
          const decision = item.decision!.decision as 'revoke' | 'modify';
          const newRole = item.decision!.role;
          const entry = (status: RemediationEntry['status'], detail: string): RemediationEntry => ({
            item: item.number,
            email: item.email,
            name: item.name,
            role: item.role,
            path: item.path,
            decision,
            newRole,
            status,
            detail,
          });
          if (held.includes(item.roleId)) return entry('still-present', `still present in ${n}`);
          if (decision === 'revoke')
            return held.length === 0
              ? entry('verified', `removed — verified in ${n}`)
              : entry('changed-otherwise', `changed otherwise in ${n}: now ${now}`);
          if (held.some((id) => label(id) === newRole)) return entry('verified', `changed to ${newRole} — verified in ${n}`);
          return entry(
            'changed-otherwise',
            held.length === 0 ? `removed in ${n}, not changed to ${newRole}` : `changed otherwise in ${n}: now ${now}, not ${newRole}`,
          );
        });
      const counts = { verified: 0, 'still-present': 0, 'changed-otherwise': 0 };
      for (const e of entries) counts[e.status]++;
      return { review, snapshot: { id: later.id, name: later.name, importedAt: later.importedAt }, entries, counts };
    },
  };
}
