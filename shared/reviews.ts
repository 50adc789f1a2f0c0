// Access review campaigns (docs/reviews.md): the values the review calls of the contract answer with.
// A review freezes a snapshot's population in scope as items, one per role assignment; reviewers
// decide each item; the sign-off locks it; every action is in a log chained by SHA-256; and a later
// snapshot shows whether each revoke and modify was carried out.

import type { RuleId, Severity } from './findings/settings';
import type { SnapshotInfo, SourceFile } from './snapshot';

export const DECISIONS = ['keep', 'revoke', 'modify', 'exception', 'dont-know'] as const;
export type Decision = (typeof DECISIONS)[number];

/** A finding that bears on an item, so its reviewer looks at it first. */
export interface Recommendation {
  rule: RuleId;
  severity: Severity;
  title: string;
}

export interface ItemDecision {
  decision: Decision;
  /** modify: the role the access is to become (as people read it). */
  role: string | null;
  /** exception: the day it expires (YYYY-MM-DD). */
  expires: string | null;
  comment: string | null;
  /** Who decided (an email or a name) and when (ISO). */
  by: string;
  at: string;
  /** Why the reviewer decided their own access, when they did. */
  selfReason: string | null;
}

/** One role assignment of the population, as it was when the review started. */
export interface ReviewItem {
  number: number;
  email: string;
  name: string;
  roleId: string;
  /** The role as people read it ("Admin · organization"). */
  role: string;
  /** The scope level id the role is assigned at. */
  level: string;
  path: string;
  /** The import row the assignment came from. */
  sourceFile: string;
  sourceLine: number;
  privileged: boolean;
  recommendations: Recommendation[];
  /** What changed since the previous review of the same scope; null when nothing did (or there was none). */
  changed: string | null;
  reviewer: string;
  decision: ItemDecision | null;
}

/** What a review froze when it started: the snapshot, its files and the completeness check. */
export interface ReviewManifest {
  snapshot: Pick<SnapshotInfo, 'id' | 'name' | 'platform' | 'modelVersion' | 'model' | 'asOf' | 'importedAt'>;
  files: SourceFile[];
  /** Role assignments the snapshot holds at the scope and below, counted by the store on its own. */
  assignmentsInScope: number;
  items: number;
  /** items == assignmentsInScope: every imported assignment in scope is an item. */
  complete: boolean;
  /** SHA-256 of the items as frozen (what each is about, not its decision): `review verify` recomputes it. */
  populationSha256: string;
  /** The review of the same scope before this one, that `changed` compares with. */
  previousReview: number | null;
}

export interface SignOff {
  name: string;
  at: string;
  statement: string;
  /** The log's last hash when signed off. */
  chainHead: string;
}

export interface ReviewSummary {
  id: number;
  name: string;
  snapshotId: number;
  platform: string;
  /** A tenant path; null: the whole tenancy. */
  scope: string | null;
  due: string | null;
  createdAt: string;
  createdBy: string;
  status: 'started' | 'signed';
  items: number;
  decided: number;
  signOff: SignOff | null;
}

export interface ReviewerProgress {
  reviewer: string;
  items: number;
  decided: number;
}

/** A review with a window of its items, filtered. */
export interface ReviewDetail {
  review: ReviewSummary;
  manifest: ReviewManifest;
  reviewers: { scope: string; reviewer: string }[];
  progress: ReviewerProgress[];
  /** Items the filters leave, in all; `items` are those from `from`. */
  total: number;
  from: number;
  items: ReviewItem[];
}

/** What a review would hold if started now (the staging preview): nothing is written. */
export interface ReviewPreview {
  snapshotId: number;
  scope: string | null;
  assignmentsInScope: number;
  items: number;
  people: number;
  privileged: number;
  /** Items with at least one recommendation. */
  recommended: number;
  changed: number;
  previousReview: number | null;
  byReviewer: { reviewer: string; items: number }[];
  files: SourceFile[];
}

export interface LogEntry {
  seq: number;
  at: string;
  actor: string;
  action: 'start' | 'decide' | 'reassign' | 'sign-off';
  item: number | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

export interface ReviewLogPage {
  total: number;
  from: number;
  entries: LogEntry[];
}

export interface ReviewVerification {
  reviewId: number;
  ok: boolean;
  entries: number;
  /** The last entry's hash. */
  head: string | null;
  /** The first thing found wrong: the entry (its seq) or item it is about, and what is wrong. */
  problem: { seq: number | null; item: number | null; message: string } | null;
}

export type RemediationStatus = 'verified' | 'still-present' | 'changed-otherwise';

export interface RemediationEntry {
  item: number;
  email: string;
  name: string;
  role: string;
  path: string;
  decision: 'revoke' | 'modify';
  newRole: string | null;
  status: RemediationStatus;
  /** "removed — verified in snapshot #2", "still present in snapshot #2", … */
  detail: string;
}

export interface RemediationAnswer {
  review: ReviewSummary;
  /** The later snapshot the decisions are checked in. */
  snapshot: { id: number; name: string; importedAt: string };
  entries: RemediationEntry[];
  counts: Record<RemediationStatus, number>;
}

/** "removed — verified in snapshot #2", as the report and the CLI say each status. */
export function remediationWords(status: RemediationStatus): string {
  return status === 'verified' ? 'verified' : status === 'still-present' ? 'still present' : 'changed otherwise';
}
