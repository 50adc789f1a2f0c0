// The one API contract between the UI and the back end, declared once: `API` lists every call with the
// schema of its argument (zod; the argument types are inferred from it) and the type of its answer.
// The service in electron/services implements `AuditApi`; the CLI, the desktop app (IPC) and browser
// mode (loopback HTTP) all validate a call's argument through the same schema before it runs, and the
// renderer's clients are made from the same list. Every call takes one plain JSON object and returns
// plain JSON, so each host is a thin adapter.

import * as z from 'zod';
import type { AccessMatrix, CanAnswer, MatrixRow, UserAccess, WhoCanAnswer, WhoCanEntry } from './engine/evaluate';
import type { TextEncodingId } from './csv/text';
import type { ModelDiff } from './engine/model-diff';
import { Plan, type WhatIfAnswer } from './engine/what-if';
import type { DiffProgress, PersonAccessChange, SnapshotDiff } from './engine/snapshot-diff';
import type { Finding, FindingsCounts, FindingsReport } from './findings/findings';
import { RULE_IDS, Severity, type FindingsSettings } from './findings/settings';
import { DATE_FORMATS } from './csv/values';
import { AuditError, type ApiErrorInfo } from './errors';
import { Channel, type Constraint, type ModelVersion, type Permission, type Role, type ScopeLevel } from './model/types';
import { SEED_FILE } from './models/seeds';
import { REPORT_FORMATS, REPORT_TYPES, type RenderedReport } from './reports/types';
import {
  DECISIONS,
  type ReviewDetail,
  type RemediationAnswer,
  type ReviewLogPage,
  type ReviewPreview,
  type ReviewSummary,
  type ReviewVerification,
} from './reviews';
import { check, formatPath, integer, text } from './schema';
import type { SnapshotInfo, SnapshotModel, TenantNode, User } from './snapshot';

export type {
  AccessMatrix,
  ApiErrorInfo,
  CanAnswer,
  MatrixRow,
  UserAccess,
  WhoCanAnswer,
  WhoCanEntry,
  Channel,
  DiffProgress,
  Finding,
  FindingsSettings,
  ModelDiff,
  PersonAccessChange,
  Plan,
  WhatIfAnswer,
  SnapshotDiff,
  SnapshotInfo,
  SnapshotModel,
  TenantNode,
  User,
};

// ---------------------------------------------------------------------------------------------------
// Arguments: each a strict object (an unknown property is refused), with limits on every string and list.

/** A day written YYYY-MM-DD. The schema checks the form; whether the day exists is the service's check (an input error). */
const day = text({ pattern: /^\d{4}-\d{2}-\d{2}$/, form: 'a date written YYYY-MM-DD' });
const platform = text({ nonEmpty: true, max: 64 });
const scope = text({ max: 2000 });
const permission = text({ nonEmpty: true, max: 200 });
const email = text({ nonEmpty: true, max: 320 });
const fields = (max: number) =>
  z.record(z.string().max(64), text({ max })).refine((r) => Object.keys(r).length <= 50, 'has more than 50 entries');

/** The id a client chose for an import, an export or a diff it follows: a UUID, say. */
const importId = text({ nonEmpty: true, max: 64, pattern: /^[A-Za-z0-9_-]+$/, form: 'an id of letters, digits, - and _ (a UUID, say)' });

/** An argument with no properties. */
const Nothing = z.strictObject({});

export const SnapshotRef = z.strictObject({
  /** Default: the newest snapshot (of `platform`, when given). */
  snapshotId: integer(1).optional(),
  /**
   * The newest snapshot of this platform (`huntress`), for a database holding several platforms' (the
   * CLI's `--platform`). With `snapshotId` too, that snapshot must be of this platform. The renderer
   * always names its snapshot by id and leaves this out.
   */
  platform: platform.optional(),
});
export type SnapshotRef = z.infer<typeof SnapshotRef>;

export const ImportFile = z.strictObject({
  /** A path on the machine running the back end. */
  path: text({ nonEmpty: true, max: 4096 }),
  /** Shown in problems and recorded with the snapshot; default: the path's base name. */
  name: text({ max: 255 }).optional(),
});
export type ImportFile = z.infer<typeof ImportFile>;

export const ModelRequest = z.strictObject({
  /** A built-in platform's model; or, with `snapshotId`, the model that snapshot was imported with. */
  platform: platform.optional(),
  snapshotId: integer(1).optional(),
  /** A role model file, read and checked (its problems as FILE:LINE): what the import wizard shows before reading the files with it. */
  model: ImportFile.optional(),
  /** The version in force that day. Default: the newest (a snapshot's: the version it was read with). */
  asOf: day.optional(),
});
export type ModelRequest = z.infer<typeof ModelRequest>;

export const DeleteSnapshotRequest = z.strictObject({ snapshotId: integer(1) });
export type DeleteSnapshotRequest = z.infer<typeof DeleteSnapshotRequest>;

const files = z.array(ImportFile).max(50);

export const PreviewRequest = z.strictObject({
  files,
  /** The platform whose built-in model reads the files; with `model`, optional (and then the model's). */
  platform: platform.optional(),
  /** A role model file (JSON, docs/model-format.md) to read the files with: a platform of the user's own, or changes to a built-in one. Kept with the snapshot. */
  model: ImportFile.optional(),
  /** Canonical field → header in the file, overriding detection (`--map email="E-mail"`). */
  mapping: fields(255).optional(),
  /** Field → one value for every row, for a field the files lack (`--set account="Northwind MSP"`). A field both in a file and set is refused. */
  set: fields(1024).optional(),
});
export type PreviewRequest = z.infer<typeof PreviewRequest>;

export const ImportRequest = PreviewRequest.extend({
  /** Picks the model version in force that day. Default: the newest. */
  asOf: day.optional(),
  name: text({ max: 200 }).optional(),
  /** How slash dates in last_login are read (`--date-format`). Default: only unambiguous ones. */
  dateFormat: z.enum(DATE_FORMATS).optional(),
  /** Import even when a snapshot of exactly these files (same SHA-256 set) exists; without it that is a `duplicate` error. */
  allowDuplicate: z.boolean().optional(),
  /** Chosen by the client (e.g. a UUID) so that it can cancel the import with `cancelImport`. */
  importId: importId.optional(),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

export const CancelImportRequest = z.strictObject({ importId });
export type CancelImportRequest = z.infer<typeof CancelImportRequest>;

export const UsersRequest = SnapshotRef.extend({
  search: text({ max: 200 }).optional(),
  /**
   * Only people with access at this tenant: a role at it or below it, or a role above it that reaches
   * down (marked `inheritedFrom`); their counts count only those roles.
   */
  scope: scope.optional(),
  limit: integer(1, 100_000).optional(),
  offset: integer(0).optional(),
});
export type UsersRequest = z.infer<typeof UsersRequest>;

export const WhoCanRequest = SnapshotRef.extend({
  permission,
  scope: scope.optional(),
  channel: Channel.optional(),
  /** Also who could give themselves the permission (potential access), after those who hold it. */
  potential: z.boolean().optional(),
});
export type WhoCanRequest = z.infer<typeof WhoCanRequest>;

export const CanRequest = SnapshotRef.extend({
  email,
  permission,
  scope: text({ nonEmpty: true, max: 2000 }),
  channel: Channel.optional(),
});
export type CanRequest = z.infer<typeof CanRequest>;

export const AccessRequest = SnapshotRef.extend({ email });
export type AccessRequest = z.infer<typeof AccessRequest>;

export const MatrixRequest = SnapshotRef.extend({ scope: scope.optional(), channel: Channel.optional() });
export type MatrixRequest = z.infer<typeof MatrixRequest>;

/** A window of a big answer's rows: `count` of them from row `from` (0 = the first), in the answer's order. */
const rowWindow = { from: integer(0), count: integer(1, 2000) };
const searchText = text({ max: 200 });

/** The matrix's filters and order, applied by the back end: the view asks for windows of what they leave. */
const matrixShown = {
  /** Only these categories' permissions as columns. */
  categories: z
    .array(text({ nonEmpty: true, max: 200 }))
    .max(100)
    .optional(),
  /** Only people holding a role of this name ("Admin · account") here or below. */
  role: text({ nonEmpty: true, max: 200 }).optional(),
  search: searchText.optional(),
  /** People order (by name, the default), by email, or most access first. */
  sort: z.enum(['name', 'email', 'access']).optional(),
};
export const MatrixWindowRequest = MatrixRequest.extend({ ...matrixShown, ...rowWindow });
export type MatrixWindowRequest = z.infer<typeof MatrixWindowRequest>;

const whoCanShown = { search: searchText.optional(), sort: z.enum(['name', 'email']).optional() };
export const WhoCanWindowRequest = WhoCanRequest.extend({ ...whoCanShown, ...rowWindow });
export type WhoCanWindowRequest = z.infer<typeof WhoCanWindowRequest>;

/** A big answer to write to a file: the matrix or a who-can answer, as a view shows it (filters and order). */
export const ExportQuestion = z.discriminatedUnion('kind', [
  MatrixRequest.extend({ kind: z.literal('matrix'), ...matrixShown }),
  WhoCanRequest.extend({ kind: z.literal('whoCan'), ...whoCanShown }),
]);
export type ExportQuestion = z.infer<typeof ExportQuestion>;

export const ExportRequest = z.strictObject({
  /** Chosen by the client, to ask for the export's progress (exportProgress) and to cancel it (cancelExport). */
  exportId: importId,
  format: z.enum(['csv', 'json']),
  question: ExportQuestion,
});
export type ExportRequest = z.infer<typeof ExportRequest>;

export const ExportIdRequest = z.strictObject({ exportId: importId });
export type ExportIdRequest = z.infer<typeof ExportIdRequest>;

/** Two versions of a platform's model, each the one in force on a day (default: the first and the newest). */
export const ModelDiffRequest = z.strictObject({
  platform,
  from: day.optional(),
  to: day.optional(),
  /** A snapshot of the platform whose people the change would affect (evaluated under both versions). */
  snapshotId: integer(1).optional(),
  /** A model file for the later side (default: the built-in model); `against`, one for the earlier side. */
  model: ImportFile.optional(),
  against: ImportFile.optional(),
  /** With `snapshotId`: the later side is the model file that snapshot was read with (kept with it), at its version. */
  snapshotModel: z.boolean().optional(),
});
export type ModelDiffRequest = z.infer<typeof ModelDiffRequest>;

/** Two snapshots of one platform, the earlier first. */
export const SnapshotDiffRequest = z.strictObject({
  before: integer(1),
  after: integer(1),
  /** Chosen by the client, to ask for the diff's progress (diffProgress) and to cancel it (cancelDiff). */
  diffId: importId.optional(),
});
export type SnapshotDiffRequest = z.infer<typeof SnapshotDiffRequest>;

export const DiffIdRequest = z.strictObject({ diffId: importId });
export type DiffIdRequest = z.infer<typeof DiffIdRequest>;

/** A what-if plan, given whole or by the name it was saved under, evaluated on a snapshot. */
export const WhatIfRequest = SnapshotRef.extend({ plan: Plan.optional(), saved: text({ nonEmpty: true, max: 200 }).optional() });
export type WhatIfRequest = z.infer<typeof WhatIfRequest>;

export const SavePlanRequest = z.strictObject({ plan: Plan });
export const PlanNameRequest = z.strictObject({ name: text({ nonEmpty: true, max: 200 }) });

/** A snapshot's findings under a rules file's settings and exceptions (docs/findings.md). */
export const FindingsRequest = SnapshotRef.extend({
  /** The rules file (JSON, docs/findings.md); without it every rule runs with its defaults and no exception. */
  rules: ImportFile.optional(),
  /** Only findings this severe or worse. */
  severity: Severity.optional(),
  /** Records the run in the database (findings_runs): when, the rules it ran with and what it found. The app records each export. */
  record: z.boolean().optional(),
  /** With `record`: what the run is exported as, kept with it. */
  exportFormat: z.enum(['csv', 'json']).optional(),
});
export type FindingsRequest = z.infer<typeof FindingsRequest>;

/** One recorded findings run (`findingsRuns` lists them). */
export const FindingsRunRequest = z.strictObject({ id: integer(1) });
export type FindingsRunRequest = z.infer<typeof FindingsRunRequest>;

/**
 * An accepted exception of a platform's saved rules to change (`exception`) or remove (`exception`
 * null), by its place in the rules' `exceptions`. A changed one is checked as an accepted one is.
 */
export const EditExceptionRequest = z.strictObject({
  platform,
  index: integer(0),
  exception: z.unknown(),
  snapshotId: integer(1).optional(),
});
export type EditExceptionRequest = z.infer<typeof EditExceptionRequest>;

/** The findings rules saved for a platform: the rules file's document, which runs without a rules file use. */
export const FindingsRulesRequest = z.strictObject({ platform });
export type FindingsRulesRequest = z.infer<typeof FindingsRulesRequest>;

/**
 * A platform's rules to save, replacing those saved: the rules file's document, checked by its schema
 * and against a snapshot's model (the permissions, roles and levels it names); what is wrong comes
 * back as problems, by JSON path, and nothing is saved.
 */
export const SaveFindingsRulesRequest = z.strictObject({
  platform,
  /** The rules file's document (named apart from `rules`, which is always a file a host checks). */
  settings: z.unknown(),
  /** The snapshot whose model checks the names in the rules. Default: the platform's newest snapshot, if any. */
  snapshotId: integer(1).optional(),
});
export type SaveFindingsRulesRequest = z.infer<typeof SaveFindingsRulesRequest>;

/**
 * An exception to add to a platform's saved rules: a rule, a person and/or a tenant, a reason, who
 * accepts it, and its last day, which must be after today. Problems come back by field, nothing saved.
 */
export const AcceptExceptionRequest = z.strictObject({ platform, exception: z.unknown(), snapshotId: integer(1).optional() });
export type AcceptExceptionRequest = z.infer<typeof AcceptExceptionRequest>;
/** Who does something in a review: an email (a reviewer's, to tell when they decide their own access) or a name. */
const actor = text({ nonEmpty: true, max: 320 });
const comment = text({ nonEmpty: true, max: 4000 });
const itemNumbers = z.array(integer(1)).min(1).max(1_000_000);

/** A review to start on a snapshot (docs/reviews.md); the same, to preview it. */
export const ReviewSetup = SnapshotRef.extend({
  name: text({ nonEmpty: true, max: 200 }),
  /** The tenant whose assignments (at it and below) are reviewed; default: the whole tenancy. */
  scope: scope.optional(),
  due: day.optional(),
  /** Who reviews what: a reviewer for a tenant and below, or (without a scope) for everything else. */
  reviewers: z
    .array(z.strictObject({ scope: scope.optional(), reviewer: email }))
    .min(1)
    .max(10_000),
  /** A findings rules file (docs/findings.md) for the items' recommendations; default: every rule with its defaults. */
  rules: ImportFile.optional(),
});
export type ReviewSetup = z.infer<typeof ReviewSetup>;

export const StartReviewRequest = ReviewSetup.extend({ by: actor });
export type StartReviewRequest = z.infer<typeof StartReviewRequest>;

export const ReviewIdRequest = z.strictObject({ reviewId: integer(1) });

/** A review, with a window of its items, filtered. */
export const ReviewRequest = ReviewIdRequest.extend({
  reviewer: email.optional(),
  undecided: z.boolean().optional(),
  privileged: z.boolean().optional(),
  changed: z.boolean().optional(),
  decision: z.enum(DECISIONS).optional(),
  /** Items a finding of this rule bears on. */
  recommendation: z.enum(RULE_IDS).optional(),
  /** Items whose person (email or name), role or tenant path holds this text, in any case. */
  text: text({ max: 200 }).optional(),
  from: integer(0).optional(),
  count: integer(1, 10_000).optional(),
});
export type ReviewRequest = z.infer<typeof ReviewRequest>;

/** One decision, for one item or many (a bulk decision). */
export const ItemDecisionRequest = z.strictObject({
  items: itemNumbers,
  decision: z.enum(DECISIONS),
  /** Required for revoke, modify, exception, and to keep privileged access. */
  comment: comment.optional(),
  /** modify: the role the access becomes, at the same tenant (a name, a label or an id). */
  role: text({ nonEmpty: true, max: 200 }).optional(),
  /** exception: the day it expires, after today. */
  expires: day.optional(),
  /** Why a reviewer decides their own access: required when they do. */
  selfReason: comment.optional(),
});
export type ItemDecisionRequest = z.infer<typeof ItemDecisionRequest>;

/** Decisions on a review, all applied or none: a problem names the decision by its place (`decision:2`). */
export const DecideRequest = ReviewIdRequest.extend({
  decisions: z.array(ItemDecisionRequest).min(1).max(100_000),
  /** Who decides; default: each item's reviewer. */
  by: actor.optional(),
  /** Only check the decisions: the same problems, and nothing recorded. */
  check: z.boolean().optional(),
});
export type DecideRequest = z.infer<typeof DecideRequest>;

export const ReassignRequest = ReviewIdRequest.extend({
  /** These items, or every item at a tenant and below (`scope`). */
  items: itemNumbers.optional(),
  scope: scope.optional(),
  reviewer: email,
  note: comment,
  by: actor,
});
export type ReassignRequest = z.infer<typeof ReassignRequest>;

export const SignOffRequest = ReviewIdRequest.extend({
  name: text({ nonEmpty: true, max: 200 }),
  statement: text({ nonEmpty: true, max: 4000 }),
});
export type SignOffRequest = z.infer<typeof SignOffRequest>;

export const ReviewLogRequest = ReviewIdRequest.extend({ from: integer(0).optional(), count: integer(1, 10_000).optional() });

export const RemediationRequest = ReviewIdRequest.extend({
  /** The later snapshot to check in; default: the newest of the review's platform. */
  snapshotId: integer(1).optional(),
});

/**
 * An audit report of a snapshot (docs/reports.md): the access review's (`reviewId`; default: the
 * snapshot's newest review, or its population undecided when it has none), who can do what, or the
 * findings; as HTML, CSV or JSON.
 */
export const ReportRequest = SnapshotRef.extend({
  type: z.enum(REPORT_TYPES),
  format: z.enum(REPORT_FORMATS),
  /** access-review: this review (its snapshot is the report's). */
  reviewId: integer(1).optional(),
  /** A findings rules file (docs/findings.md); default: the rules saved for the platform, else every rule's defaults. */
  rules: ImportFile.optional(),
  /** html: the variant for paper and PDF, every row written out and no script. */
  print: z.boolean().optional(),
});
export type ReportRequest = z.infer<typeof ReportRequest>;

/**
 * A report written to a file the host chooses with the user (the desktop's save dialog; in browser
 * mode a file to download): as `report` asks, or as a PDF (the print variant printed by the host).
 */
export const ExportReportRequest = ReportRequest.omit({ format: true, print: true }).extend({
  /** Chosen by the client, as for exportAnswer: exportProgress and cancelExport follow it. */
  exportId: importId,
  format: z.enum([...REPORT_FORMATS, 'pdf']),
});
export type ExportReportRequest = z.infer<typeof ExportReportRequest>;

/** A report as a file: its suggested name, media type, the text itself, and a line saying what it holds. */
export type ReportAnswer = RenderedReport;

export const SeedRequest = z.strictObject({
  /** A file of resources/seeds/, as a grant's `source` names it: no folders. */
  file: text({ nonEmpty: true, max: 255, pattern: SEED_FILE, form: 'a seed file name such as 000_96d95d6678d9722e.txt' }),
});
export type SeedRequest = z.infer<typeof SeedRequest>;

// ---------------------------------------------------------------------------------------------------
// Answers: the service's own values, typed here and not validated.

export interface PlatformSummary {
  id: string;
  name: string;
  levels: ScopeLevel[];
  versions: ModelVersion[];
}

export interface ModelInfo {
  platform: PlatformSummary;
  /** Built into the app, or a user's model file (with its SHA-256). */
  origin: SnapshotModel;
  version: ModelVersion;
  permissions: Permission[];
  /** Roles in force in this version, with only the grants in force. */
  roles: Role[];
  constraints: Constraint[];
  notes: { text: string }[];
}

export interface TreeNode extends TenantNode {
  /** The scope level id (e.g. `organization`). */
  level: string;
  /** Direct children, ordered by name. */
  childIds: number[];
  /** Distinct users holding a role at this node or below. */
  userCount: number;
  /** Distinct people with access here: userCount, and those whose roles above reach down (the scoped Users list's total). */
  peopleWithAccess: number;
  /** Assignments made at this node. */
  assignmentCount: number;
  /** Assignments made at this node or below. */
  subtreeAssignmentCount: number;
}

export interface UserSummary extends User {
  /** Role assignments that give access here (in a scoped list: at the tenant, below it, or reaching it from above). */
  assignmentCount: number;
  /** In a scoped list, the ancestors whose roles reach the tenant from above (paths, root first). */
  inheritedFrom?: string[];
}

/** A page of the users list. */
export interface UsersPage {
  /** Matches in all, before limit and offset. */
  total: number;
  users: UserSummary[];
}

/** Every answer says which snapshot (and so which model version) it was computed on. */
export interface Answered<T> {
  snapshot: SnapshotInfo;
  answer: T;
}

/** Sent while an import runs (the CLI's progress line, the desktop's and browser's import-progress events). */
export interface ImportProgress {
  file: string;
  bytesRead: number;
  totalBytes: number;
  rows: number;
  /** Set while the import waits for another write to the database (import, delete) to finish: what it waits for. */
  waiting?: string;
}

export interface FilePreview {
  name: string;
  headers: string[];
  delimiter: string;
  /** The encoding the file is read in: `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`. */
  encoding: TextEncodingId;
  /** Canonical field → header, as detected (or as mapped explicitly). */
  mapping: Record<string, string>;
  problems: string[];
  /** The first records after the header. */
  firstRows: string[][];
}

/** A window of the matrix (MatrixWindowRequest), with what its filters choose from. */
export interface MatrixWindow {
  scope: string | null;
  /** The columns, after the categories filter. */
  permissions: Permission[];
  /** Every category of the model, and every role name held in scope: what the filters choose from. */
  categories: string[];
  roles: string[];
  /** Rows the filters leave, in all; the window's rows are rows[from ..]. */
  total: number;
  from: number;
  rows: MatrixRow[];
}

/** A window of a who-can answer (WhoCanWindowRequest). */
export interface WhoCanWindow {
  permission: Permission;
  scope: string | null;
  channel: Channel | null;
  /** Entries the search leaves, in all, and the people among them. */
  total: number;
  people: number;
  /** Grants (before the search) that hold on one channel only. */
  only: { ui: number; api: number };
  /**
   * Asked with `potential`: the people (after the search) who hold the permission, and the potential
   * entries and the distinct people among them (who could give themselves it; one may do both).
   */
  potential?: { holders: number; total: number; people: number };
  from: number;
  entries: WhoCanEntry[];
}

/** How far an export has got. */
export interface ExportProgress {
  rows: number;
  total: number;
}

export interface ExportResult {
  /** False when the user chose no file to save to. */
  saved: boolean;
  name: string;
  /** The rows written (a report: 0). */
  rows: number;
  /** A report: the line saying what it holds. */
  summary?: string;
  /** Browser mode: where the page downloads the written file from (once). */
  download?: string;
}

/** A plan saved in the database. */
export interface SavedPlan {
  name: string;
  savedAt: string;
  changes: number;
}

/** A model diff, and with a snapshot, whose effective access it changes. */
export interface ModelDiffAnswer {
  diff: ModelDiff;
  impact: { snapshot: SnapshotInfo; access: PersonAccessChange[]; people: number; summary: string } | null;
}

/** A findings run: the report, and exactly what was configured (the rules as read, with their SHA-256). */
export interface FindingsAnswer extends Omit<FindingsReport, 'warnings'> {
  settings: {
    /** Where the rules came from: a rules file, the platform's rules saved in the database, or none (every rule's defaults). */
    source: 'file' | 'saved' | 'defaults';
    /** The rules file's name; null without one. */
    fileName: string | null;
    /** The SHA-256 of the rules file, or of the saved rules' JSON; null for the defaults. */
    sha256: string | null;
    settings: FindingsSettings;
  };
  /** The run as recorded in the database (with `record`); null otherwise. */
  run: { id: number; runAt: string } | null;
  /** What the rules file names that the snapshot lacks, as `FILE:LINE: path: message`. */
  warnings: string[];
}

/** A recorded findings run as listed: when, the SHA-256 of its rules, what it found, and what it was exported as. */
export interface FindingsRunSummary {
  id: number;
  runAt: string;
  /** The SHA-256 of the rules the run ran with (of the rules file, or of the saved rules' JSON). */
  sha256: string;
  counts: FindingsCounts;
  /** "3 findings: 1 critical, …; 0 excepted; 0 not evaluable". */
  summary: string;
  /** `csv` or `json` for a run recorded for an export; null otherwise. */
  format: 'csv' | 'json' | null;
}

/** One recorded run with exactly the rules it ran with. */
export interface RecordedFindingsRun extends FindingsRunSummary {
  snapshotId: number;
  settings: FindingsSettings;
}

/** A platform's findings rules: those saved, or the defaults (`updatedAt` null) when none were. */
export interface FindingsRules {
  platform: string;
  settings: FindingsSettings;
  updatedAt: string | null;
}

/** What is wrong with rules (or an exception) to save: where (a JSON path) and what. */
export interface RulesProblem {
  path: (string | number)[];
  message: string;
}

/** Rules saved (`saved`), or the problems that kept them from being saved. */
export interface FindingsRulesSaved {
  saved: FindingsRules | null;
  problems: RulesProblem[];
}

/** A bundled example dataset a new user can open at once. */
export interface SampleDataset {
  id: string;
  title: string;
  platform: string;
  description: string;
  files: ImportFile[];
}

/** A vendor page a model is encoded from, line by line (line n is `lines[n - 1]`, as copied). */
export interface SeedPage {
  file: string;
  /** The page's heading. */
  title: string;
  /** The platform id, e.g. `hyas-protect`. */
  platform: string;
  /** e.g. `HYAS Protect`. */
  platformName: string;
  lines: string[];
}

// ---------------------------------------------------------------------------------------------------
// The calls.

/** One call: its argument's schema, whether it reports progress, and (as a type only) its answer. */
export interface Call<Argument extends z.ZodType = z.ZodType, Answer = unknown, Progress extends boolean = boolean> {
  argument: Argument;
  /** The call sends ImportProgress while it runs: to a callback in-process, as events over IPC and HTTP. */
  progress: Progress;
  /** Never set: it carries the answer's type. */
  answer?: Answer;
}

/** `call<Answer>()(schema)`: the answer's type is given, the argument's inferred from the schema. */
const call =
  <Answer>() =>
  <Argument extends z.ZodType, Progress extends boolean = false>(
    argument: Argument,
    progress?: Progress,
  ): Call<Argument, Answer, Progress> => ({
    argument,
    progress: (progress ?? false) as Progress,
  });

/** Every call of the contract. Answers that are Promises are the calls the service does asynchronously. */
export const API = {
  platforms: call<PlatformSummary[]>()(Nothing),
  samples: call<SampleDataset[]>()(Nothing),
  model: call<ModelInfo>()(ModelRequest),
  snapshots: call<SnapshotInfo[]>()(Nothing),
  deleteSnapshot: call<Promise<{ deleted: number }>>()(DeleteSnapshotRequest),
  previewImport: call<Promise<FilePreview[]>>()(PreviewRequest),
  importFiles: call<Promise<SnapshotInfo>>()(ImportRequest, true),
  /**
   * Stops the import of that id, running or queued: it rejects with a `cancelled` error and nothing is
   * written. `cancelled: false` when no such import runs or waits, or when its final write has begun.
   */
  cancelImport: call<{ cancelled: boolean }>()(CancelImportRequest),
  tree: call<Answered<TreeNode[]>>()(SnapshotRef),
  users: call<Answered<UsersPage>>()(UsersRequest),
  whoCan: call<Answered<WhoCanAnswer>>()(WhoCanRequest),
  can: call<Answered<CanAnswer>>()(CanRequest),
  access: call<Answered<UserAccess>>()(AccessRequest),
  matrix: call<Answered<AccessMatrix>>()(MatrixRequest),
  /** Big answers a window at a time: the app's matrix and who-can views. */
  matrixWindow: call<Answered<MatrixWindow>>()(MatrixWindowRequest),
  whoCanWindow: call<Answered<WhoCanWindow>>()(WhoCanWindowRequest),
  /**
   * Writes the answer to a file the host chooses with the user (the desktop's save dialog; in browser
   * mode a file to download), a window at a time. Rejects with `cancelled` when cancelled; a file is
   * only there once whole.
   */
  exportAnswer: call<Promise<ExportResult>>()(ExportRequest),
  /** How far the export of that id has got; null when none runs. */
  exportProgress: call<ExportProgress | null>()(ExportIdRequest),
  cancelExport: call<{ cancelled: boolean }>()(ExportIdRequest),
  /** What changed between two versions of a platform's model, and whom it affects in a snapshot. */
  diffModel: call<ModelDiffAnswer>()(ModelDiffRequest),
  /**
   * What changed between two snapshots of one platform: people, assignments and effective access.
   * Compared a few thousand people at a time; with a `diffId`, rejects with `cancelled` when cancelled.
   */
  diffSnapshots: call<Promise<SnapshotDiff>>()(SnapshotDiffRequest),
  /** How far the diff of that id has got, in people; null when none runs. */
  diffProgress: call<DiffProgress | null>()(DiffIdRequest),
  cancelDiff: call<{ cancelled: boolean }>()(DiffIdRequest),
  /** What a plan of proposed changes would do to a snapshot's effective access, the snapshot untouched. */
  whatIf: call<Answered<WhatIfAnswer>>()(WhatIfRequest),
  /** Saves a plan under its name (replacing one of that name); lists, opens and deletes saved plans. */
  savePlan: call<Promise<SavedPlan>>()(SavePlanRequest),
  plans: call<SavedPlan[]>()(Nothing),
  plan: call<Plan>()(PlanNameRequest),
  deletePlan: call<Promise<{ deleted: boolean }>>()(PlanNameRequest),
  /** The risks a reviewer must see first, each with its people, tenants, evidence and any accepted exception. */
  findings: call<Answered<FindingsAnswer>>()(FindingsRequest),
  /** A platform's saved findings rules (or the defaults); saving them; adding an accepted exception to them. */
  findingsRules: call<FindingsRules>()(FindingsRulesRequest),
  saveFindingsRules: call<Promise<FindingsRulesSaved>>()(SaveFindingsRulesRequest),
  acceptException: call<Promise<FindingsRulesSaved>>()(AcceptExceptionRequest),
  /** Changes or removes an accepted exception of a platform's saved rules. */
  editException: call<Promise<FindingsRulesSaved>>()(EditExceptionRequest),
  /** The findings runs recorded for a snapshot (the app's exports), newest first; one of them with its rules. */
  findingsRuns: call<Answered<FindingsRunSummary[]>>()(SnapshotRef),
  findingsRun: call<RecordedFindingsRun>()(FindingsRunRequest),
  /** What a review would hold if started now: its population, counts and reviewers (nothing is written). */
  previewReview: call<ReviewPreview>()(ReviewSetup),
  /** Starts a review: freezes the population in scope as items, with recommendations, and checks it is complete. */
  startReview: call<Promise<ReviewDetail>>()(StartReviewRequest),
  reviews: call<ReviewSummary[]>()(Nothing),
  review: call<ReviewDetail>()(ReviewRequest),
  /** Records decisions, all or none; refused on a signed review. */
  decide: call<Promise<ReviewSummary>>()(DecideRequest),
  reassign: call<Promise<{ reassigned: number }>>()(ReassignRequest),
  /** Signs a review off and locks it; refused while any item is undecided. */
  signOff: call<Promise<ReviewSummary>>()(SignOffRequest),
  reviewLog: call<ReviewLogPage>()(ReviewLogRequest),
  /** Recomputes the log's hash chain and checks the review against it; names the first entry or item that is wrong. */
  verifyReview: call<ReviewVerification>()(ReviewIdRequest),
  /** Whether each revoke and modify of a review happened, from a later snapshot of the platform. */
  remediation: call<RemediationAnswer>()(RemediationRequest),
  /** An audit report (access review, who can do what, findings) as one HTML, CSV or JSON file. */
  report: call<Promise<ReportAnswer>>()(ReportRequest),
  /**
   * Writes a report (HTML, PDF, CSV or JSON) to a file the host chooses with the user; PDF needs a host
   * that prints (the app, browser mode with Chromium). Rejects with `cancelled` when cancelled.
   */
  exportReport: call<Promise<ExportResult>>()(ExportReportRequest),
  /** A vendor seed page, for reading a cited line in context. */
  seed: call<SeedPage>()(SeedRequest),
};

export type ApiMethod = keyof typeof API;
export const API_METHODS = Object.keys(API) as ApiMethod[];

export type ApiArgument<K extends ApiMethod> = z.infer<(typeof API)[K]['argument']>;
type AnswerOf<K extends ApiMethod> = (typeof API)[K] extends Call<z.ZodType, infer Answer> ? Answer : never;

/** What the back end answers. The UI sees each method returning a Promise (see `AsyncApi`). */
export type AuditApi = {
  [K in ApiMethod]: (typeof API)[K]['progress'] extends true
    ? (argument: ApiArgument<K>, onProgress?: (progress: ImportProgress) => void) => AnswerOf<K>
    : (argument: ApiArgument<K>) => AnswerOf<K>;
};

/** The contract as a client sees it: every call is asynchronous. */
export type AsyncApi = {
  [K in ApiMethod]: (...args: Parameters<AuditApi[K]>) => Promise<Awaited<ReturnType<AuditApi[K]>>>;
};

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(API, name);
}

/** The argument as its schema reads it; otherwise a usage error naming every problem by its path (`argument.files[0].path`). */
export function parseArgument<S extends z.ZodType>(call: string, schema: S, argument: unknown): z.infer<S> {
  const result = check(schema, argument);
  if (result.ok) return result.value;
  const problems = result.issues.map((issue) => `${formatPath(issue.path, 'argument')} ${issue.message}`);
  throw new AuditError('usage', `invalid arguments for ${call}: ${problems.join('; ')}`);
}

/** Checks a call from a host: a known method, with a valid argument. */
export function validateCall(method: unknown, argument: unknown): { method: ApiMethod; argument: unknown } {
  if (!isApiMethod(method)) throw new AuditError('usage', `unknown API call "${String(method)}"`);
  return { method, argument: parseArgument(method, API[method].argument, argument) };
}

// ---------------------------------------------------------------------------------------------------
// The wire: how a call's outcome travels over IPC and HTTP, and what the desktop shell adds.

/**
 * One call's outcome on the wire, the same over IPC and HTTP. Errors travel as values because
 * Electron's IPC and contextBridge keep only an Error's message, not its kind and problems.
 */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorInfo };

/** Browser mode's HTTP status for each error kind (docs/api.md). */
export const STATUS_BY_KIND: Record<ApiErrorInfo['kind'], number> = {
  usage: 400,
  input: 422,
  'not-found': 404,
  incompatible: 409,
  duplicate: 409,
  busy: 503,
  cancelled: 409,
  internal: 500,
};

/** The contract with every answer wrapped in an `ApiResult` (what the hosts hand the renderer). */
export type WireApi = {
  [K in ApiMethod]: (argument: ApiArgument<K>) => Promise<ApiResult<Awaited<AnswerOf<K>>>>;
};

export const SaveTextRequest = z.strictObject({
  suggestedName: text({ nonEmpty: true, max: 255 }),
  text: text({ max: 512 * 1024 * 1024 }),
});
export type SaveTextRequest = z.infer<typeof SaveTextRequest>;

/** Host services beyond the API that only the desktop shell (or the browser) can give. */
export interface HostCommands {
  /** Opens a native file dialog; null when cancelled. */
  chooseFiles(): Promise<ImportFile[] | null>;
  /** Opens a native file dialog for one role model file (JSON); null when cancelled. */
  chooseModelFile(): Promise<ImportFile | null>;
  /** The path of a file dropped on the window (desktop only). */
  pathForFile(file: File): string;
  /** Saves text through a native save dialog; false when cancelled. */
  saveText(req: SaveTextRequest): Promise<boolean>;
  /** Menu commands (`import`, `export`, `find`, `reload`); returns an unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  onImportProgress(listener: (progress: ImportProgress) => void): () => void;
}

export type MenuCommand = 'import' | 'export' | 'find' | 'reload';

/**
 * What the desktop preload exposes on `window.permaudit`: the contract, one method per call, each
 * resolving to an `ApiResult` (never rejecting for an API error), plus the host commands.
 */
export type DesktopBridge = WireApi & HostCommands;
