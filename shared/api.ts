// The one API contract between the UI and the back end. The service in electron/services implements
// `AuditApi`; the CLI calls it directly, the desktop app through IPC, browser mode over loopback HTTP.
// Every call takes one plain JSON object and returns plain JSON, so each host is a thin adapter and
// each argument can be validated against a schema (shared/api-schema.ts).

import type { AccessMatrix, CanAnswer, UserAccess, WhoCanAnswer } from './engine/evaluate';
import type { Channel, Constraint, ModelVersion, Permission, Role, ScopeLevel } from './model/types';
import type { SnapshotInfo, TenantNode, User } from './snapshot';
import type { ErrorKind, Problem } from './errors';
import type { TextEncodingId } from './csv/text';
import type { DateFormat } from './csv/values';

export type { AccessMatrix, CanAnswer, UserAccess, WhoCanAnswer, Channel, SnapshotInfo, TenantNode, User };

export interface PlatformSummary {
  id: string;
  name: string;
  levels: ScopeLevel[];
  versions: ModelVersion[];
}

export interface ModelRequest {
  platform: string;
  /** YYYY-MM-DD: the version in force that day. Default: the newest. */
  asOf?: string;
}

export interface ModelInfo {
  platform: PlatformSummary;
  version: ModelVersion;
  permissions: Permission[];
  /** Roles in force in this version, with only the grants in force. */
  roles: Role[];
  constraints: Constraint[];
  notes: { text: string }[];
}

export interface SnapshotRef {
  /** Default: the newest snapshot. */
  snapshotId?: number;
}

export interface WhoCanRequest extends SnapshotRef {
  permission: string;
  scope?: string;
  channel?: Channel;
}

export interface CanRequest extends SnapshotRef {
  email: string;
  permission: string;
  scope: string;
  channel?: Channel;
}

export interface AccessRequest extends SnapshotRef {
  email: string;
}

export interface MatrixRequest extends SnapshotRef {
  scope?: string;
  channel?: Channel;
}

export interface UsersRequest extends SnapshotRef {
  search?: string;
  /**
   * Only people with access at this tenant: a role at it or below it, or a role above it that reaches
   * down (marked `inheritedFrom`); their counts count only those roles.
   */
  scope?: string;
  limit?: number;
  offset?: number;
}

export interface TreeNode extends TenantNode {
  level: string;
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

/** Every answer says which snapshot (and so which model version) it was computed on. */
export interface Answered<T> {
  snapshot: SnapshotInfo;
  answer: T;
}

export interface ImportFile {
  /** A path on the machine running the back end. */
  path: string;
  /** Shown in problems and recorded with the snapshot; default: the path's base name. */
  name?: string;
}

export interface ImportRequest {
  files: ImportFile[];
  platform: string;
  /** YYYY-MM-DD: picks the model version in force that day. Default: the newest. */
  asOf?: string;
  name?: string;
  /** Canonical field → header in the file, overriding detection (`--map email="E-mail"`). */
  mapping?: Record<string, string>;
  /** Field → one value for every row, for a field the files lack (`--set account="Northwind MSP"`). A field both in a file and set is refused. */
  set?: Record<string, string>;
  /** How slash dates in last_login are read: `dmy`, `mdy` or `ymd` (`--date-format`). Default: only unambiguous ones. */
  dateFormat?: DateFormat;
  /** Import even when a snapshot of exactly these files (same SHA-256 set) exists; without it that is a `duplicate` error. */
  allowDuplicate?: boolean;
}

export interface ImportProgress {
  file: string;
  bytesRead: number;
  totalBytes: number;
  rows: number;
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
  firstRows: string[][];
}

export interface PreviewRequest {
  files: ImportFile[];
  platform: string;
  mapping?: Record<string, string>;
  set?: Record<string, string>;
}

/** A bundled example dataset a new user can open at once. */
export interface SampleDataset {
  id: string;
  title: string;
  platform: string;
  description: string;
  files: ImportFile[];
}

export interface SeedRequest {
  /** A file of resources/seeds/, as a grant's `source` names it. */
  file: string;
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

/** What the back end answers. The UI sees each method returning a Promise (see `AsyncApi`). */
export interface AuditApi {
  platforms(req: Record<string, never>): PlatformSummary[];
  samples(req: Record<string, never>): SampleDataset[];
  model(req: ModelRequest): ModelInfo;
  snapshots(req: Record<string, never>): SnapshotInfo[];
  deleteSnapshot(req: { snapshotId: number }): { deleted: number };
  previewImport(req: PreviewRequest): Promise<FilePreview[]>;
  importFiles(req: ImportRequest, onProgress?: (progress: ImportProgress) => void): Promise<SnapshotInfo>;
  tree(req: SnapshotRef): Answered<TreeNode[]>;
  users(req: UsersRequest): Answered<{ total: number; users: UserSummary[] }>;
  whoCan(req: WhoCanRequest): Answered<WhoCanAnswer>;
  can(req: CanRequest): Answered<CanAnswer>;
  access(req: AccessRequest): Answered<UserAccess>;
  matrix(req: MatrixRequest): Answered<AccessMatrix>;
  /** A vendor seed page, for reading a cited line in context. */
  seed(req: SeedRequest): SeedPage;
}

export type ApiMethod = keyof AuditApi;

/** The contract as a client sees it: every call is asynchronous. */
export type AsyncApi = {
  [K in ApiMethod]: (...args: Parameters<AuditApi[K]>) => Promise<Awaited<ReturnType<AuditApi[K]>>>;
};

/** Host services beyond the API that only the desktop shell (or the browser) can give. */
export interface HostCommands {
  /** Opens a native file dialog; null when cancelled. */
  chooseFiles(): Promise<ImportFile[] | null>;
  /** The path of a file dropped on the window (desktop only). */
  pathForFile(file: File): string;
  /** Saves text through a native save dialog; false when cancelled. */
  saveText(req: { suggestedName: string; text: string }): Promise<boolean>;
  /** Menu commands (`import`, `export`, `find`, `reload`); returns an unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  onImportProgress(listener: (progress: ImportProgress) => void): () => void;
}

export type MenuCommand = 'import' | 'export' | 'find' | 'reload';

/** An error as it crosses a host boundary: `internal` is a bug, every other kind is the user's to fix. */
export interface ApiErrorInfo {
  kind: ErrorKind | 'internal';
  message: string;
  problems: Problem[];
}

/**
 * One call's outcome on the wire, the same over IPC and HTTP. Errors travel as values because
 * Electron's IPC and contextBridge keep only an Error's message, not its kind and problems.
 */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorInfo };

/** The contract with every answer wrapped in an `ApiResult` (what the hosts hand the renderer). */
export type WireApi = {
  [K in ApiMethod]: (argument: Parameters<AuditApi[K]>[0]) => Promise<ApiResult<Awaited<ReturnType<AuditApi[K]>>>>;
};

/**
 * What the desktop preload exposes on `window.permaudit`: the contract, one method per call, each
 * resolving to an `ApiResult` (never rejecting for an API error), plus the host commands.
 */
export type DesktopBridge = WireApi & HostCommands;
