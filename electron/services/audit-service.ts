// The back end's one implementation of the API contract. The CLI calls it directly, the desktop app
// through IPC and browser mode over loopback HTTP: every answer comes from this code.

import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type {
  AuditApi,
  ExportQuestion,
  ExportProgress,
  ImportFile,
  ImportProgress,
  ModelDiffAnswer,
  ModelDiffRequest,
  ModelInfo,
  SnapshotRef,
  TreeNode,
  RulesProblem,
} from '../../shared/api';
import { accessMatrix, can, effectiveAccess, requireNode, whoCan, type Evaluator } from '../../shared/engine/evaluate';
import { isIsoDate, quote } from '../../shared/csv/values';
import { AuditError } from '../../shared/errors';
import { findPermission, resolveModel, versionAsOf, type ResolvedModel } from '../../shared/model/resolve';
import type { RoleModel } from '../../shared/model/types';
import { BUILT_IN_MODELS, getModel } from '../../shared/models';
import type { SnapshotInfo } from '../../shared/snapshot';
import { lockedError, openDatabase, openSecondConnection } from '../store/database';
import { PlanStore } from '../store/plans';
import { FindingsStore } from '../store/findings';
import { check, formatPath, type Issue } from '../../shared/schema';
import { createHash } from 'node:crypto';
import { ReviewStore } from '../store/reviews';
import { reviewCalls } from './reviews';
import { reportCalls } from './reports';
import { findingsPart } from '../../shared/reports/build';
import { SnapshotStore } from '../store/snapshot-store';
import { whatIf } from '../../shared/engine/what-if';
import { peopleWithAccess } from '../../shared/engine/people-with-access';
import { cancelledError, importSnapshot, previewImport } from './import';
import { defaultResourcesDir, sampleDatasets } from './samples';
import { readSeed } from './seeds';
import { bigAnswers, type ChooseExportTarget } from './big-answers';
import { reportExport } from './report-export';
import type { PrintPdf } from './report-pdf';
import { describeBuiltIn, modelForImport, modelInfo, platformSummary, readUserModel, userSnapshotModel } from './models';
import type { AnswerStream, ExportFormat } from '../../shared/engine/answer-stream';
import { diffModels, rolesWithOtherGrants } from '../../shared/engine/model-diff';
import {
  accessSummary,
  countAccess,
  diffSnapshotSteps,
  modelImpact,
  type DiffProgress,
  type DiffSide,
} from '../../shared/engine/snapshot-diff';
import { followed, inTurns } from './followed';
import { readJsonFile } from './json-file';
import { resolveSettings, runFindings, summarize } from '../../shared/findings/findings';
import { DEFAULT_SETTINGS, FindingException, FindingsSettings, type Severity } from '../../shared/findings/settings';
import { readSettingsFile } from '../../shared/findings/settings-file';
import { formatProblem } from '../../shared/errors';

export interface ServiceOptions {
  /** The SQLite database file. */
  dbPath: string;
  /** Path of a better-sqlite3 binding built for another runtime (the desktop app's Electron ABI). */
  nativeBinding?: string;
  /** Queries need an existing database; only import creates one. */
  mustExist?: boolean;
  /** The folder holding samples/ and seeds/ (default: resources/ beside the bundle). */
  resourcesDir?: string;
  /**
   * A host that answers question after question (the app, browser mode): it reads each snapshot's
   * people in the background once the snapshot is first asked about, so answers naming hundreds of
   * them need not look each one up. The CLI answers once and leaves this off.
   */
  longLived?: boolean;
  /** How the host chooses a file for an export with the user (exportAnswer, exportReport); without it, exports are refused. */
  chooseExportTarget?: ChooseExportTarget;
  /** How the host prints a report's print variant as a PDF (exportReport); without it, a PDF is refused. */
  printPdf?: PrintPdf;
}

export interface AuditService extends AuditApi {
  /** A big answer's export as chunks, for the CLI to write to its output. */
  answerStream(question: ExportQuestion, format: ExportFormat, generatedAt: Date): AnswerStream;
  /** A report written to a file a chunk at a time, all or nothing (electron/services/reports.ts writeReportFile). */
  writeReport: ReturnType<typeof reportCalls>['writeReport'];
  /** A report made and not yet written: its model, its file's name and summary, and how to write it (exportReport). */
  prepareReport: ReturnType<typeof reportCalls>['prepareReport'];
  /** Resolves once the writes queued so far are done (a delete answered by then has queued its purge). */
  idle(): Promise<void>;
  close(): void;
}

/** The page cache of a one-shot host's connection: 8 MiB. */
const ONE_SHOT_CACHE_KIB = 8192;

/** What an import says while it waits for its turn to write. */
export const WAITING_FOR_WRITE = 'waiting for another import or delete to finish';

/** The waiting message, once for each file of the import. */
function reportWaiting(files: ImportFile[], onProgress: (progress: ImportProgress) => void): void {
  for (const file of files) {
    onProgress({ file: file.name ?? path.basename(file.path), bytesRead: 0, totalBytes: 0, rows: 0, waiting: WAITING_FOR_WRITE });
  }
}

/**
 * An as-of date, checked: a real day as YYYY-MM-DD. `what` names it in the message: the service says
 * "the as-of date" (the GUI and the CLI both reach it); the CLI checks its flag first as "--as-of".
 */
export function checkDate(value: string | undefined, what = 'the as-of date'): string | undefined {
  if (value === undefined) return undefined;
  // A strict YYYY-MM-DD of a real day: Date.parse('2022-02-30') is not NaN, isIsoDate is false.
  if (!isIsoDate(value)) {
    throw new AuditError('input', `${what} must be a day of the calendar written YYYY-MM-DD, got ${quote(value)}`);
  }
  return value;
}

/** A built-in platform's model in force on `asOf` (a real day; default: the newest). */
export function describeModel(platform: string, asOf?: string): ModelInfo {
  return describeBuiltIn(platform, checkDate(asOf));
}

/**
 * The two models a model diff compares, each the version in force on its day: the earlier side is
 * `against` (a model file) or the platform's built-in model, the later `own` (a snapshot's model file,
 * at the snapshot's version), `model` or the built-in one. Comparing one model with itself, `from`
 * defaults to its first version; otherwise both default to the newest.
 */
function modelVersions(req: Pick<ModelDiffRequest, 'platform' | 'from' | 'to' | 'model' | 'against'>, own?: ResolvedModel) {
  const builtIn = (req.model || own) && req.against ? undefined : getModel(req.platform);
  const earlier = req.against ? readUserModel(req.against).model : builtIn!;
  const later = own?.model ?? (req.model ? readUserModel(req.model).model : builtIn!);
  const platformId = req.platform.trim().toLowerCase();
  const sides = [
    [earlier, req.against],
    [later, own ? undefined : req.model],
  ] as const;
  for (const [side, file] of sides) {
    if (side.id === platformId) continue;
    const name = BUILT_IN_MODELS.find((m) => m.id === platformId)?.name ?? req.platform;
    const which = file ? `the model file ${quote(file.name ?? path.basename(file.path))}` : 'the model';
    throw new AuditError('usage', `${which} is a model of ${side.name}, not of ${name}: compare two models of one platform`);
  }
  const version = (model: RoleModel, day: string | undefined, what: string, fallback: string) =>
    day === undefined ? fallback : versionAsOf(model, checkDate(day, what)).id;
  const from = resolveModel(
    earlier,
    version(earlier, req.from, 'the from date', earlier === later ? earlier.versions[0].id : versionAsOf(earlier).id),
  );
  const to = own ?? resolveModel(later, version(later, req.to, 'the to date', versionAsOf(later).id));
  return { from, to, diff: diffModels(from, to) };
}

/** A model diff without a snapshot: needs no database. */
export function describeModelDiff(req: Pick<ModelDiffRequest, 'platform' | 'from' | 'to' | 'model' | 'against'>): ModelDiffAnswer {
  return { diff: modelVersions(req).diff, impact: null };
}

/** A node's id and the ids of every node below it. */
function subtreeIds(tree: Pick<TreeNode, 'id' | 'childIds'>[], rootId: number): number[] {
  const byId = new Map(tree.map((node) => [node.id, node]));
  const ids: number[] = [];
  for (const pending = [rootId]; pending.length > 0;) {
    const id = pending.pop()!;
    ids.push(id);
    pending.push(...(byId.get(id)?.childIds ?? []));
  }
  return ids;
}

/** A findings rules file is small: a larger file is refused. */
const MAX_RULES_FILE_BYTES = 5 * 1024 * 1024;

/** A findings rules file, read from disk and checked (every problem by line and JSON path), with its SHA-256. */
function readRulesFile(file: ImportFile) {
  const read = readJsonFile(file, { noun: 'findings rules file', short: 'rules file', maxBytes: MAX_RULES_FILE_BYTES });
  return { file: read, rules: readSettingsFile(read.text, read.fileName) };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A problem with rules to save, as the contract carries it. */
const rulesProblem = (issue: Issue) => ({
  path: issue.path.map((key) => (typeof key === 'number' ? key : String(key))),
  message: issue.message,
});

export function openAuditService(options: ServiceOptions): AuditService {
  if (options.mustExist && !fs.existsSync(options.dbPath)) {
    throw new AuditError(
      'not-found',
      `no database at ${options.dbPath}; create one with \`permaudit import FILE --platform ID --db ${options.dbPath}\``,
    );
  }
  const db: Database.Database = openDatabase(options.dbPath, { nativeBinding: options.nativeBinding });
  // A one-shot host (the CLI) reads a whole tenancy once, in order: a smaller page cache than a
  // long-lived host's, which reads the same pages question after question. Imports write through a
  // connection of their own, with the full cache.
  if (!options.longLived) db.pragma(`cache_size = -${ONE_SHOT_CACHE_KIB}`);
  const store = new SnapshotStore(db);
  const planStore = new PlanStore(db);
  const findingsStore = new FindingsStore(db);
  const trees = new Map<number, TreeNode[]>();

  // One write at a time (import, delete, purge), in the order they were asked for. SQLite has one
  // writer per database: a second connection would wait for the lock on its thread, and give up
  // after BUSY_TIMEOUT_MS. Here a write waits its turn instead. The lock of another process (the CLI
  // importing while the app runs) is still waited for with the busy timeout, then reported as `busy`.
  let writes: Promise<unknown> = Promise.resolve();
  let queued = 0;
  const oneWriteAtATime = <T>(write: () => Promise<T>, onWait?: () => void): Promise<T> => {
    if (queued > 0) onWait?.();
    queued++;
    const done = writes.then(write).finally(() => queued--);
    writes = done.catch(() => undefined);
    return done.catch((error: unknown) => {
      throw lockedError(options.dbPath, error);
    });
  };
  // Imports a client may cancel, by the id it chose: each says whether it stopped.
  const cancellable = new Map<string, () => boolean>();

  // A withdrawn snapshot's rows are deleted in the background; if that fails (or the process ends),
  // they stay invisible and the next open goes on.
  const purge = (id: number) => void oneWriteAtATime(() => store.purge(id)).catch(() => undefined);
  for (const id of store.withdrawn()) purge(id);

  /** A platform's saved findings rules, or the defaults. */
  const findingsRulesOf = (platform: string) => {
    const saved = findingsStore.rules(platform);
    return { platform, settings: saved?.settings ?? DEFAULT_SETTINGS, updatedAt: saved?.updatedAt ?? null };
  };
  /** What rules name that a snapshot's model lacks: the snapshot given, else the platform's newest (none: nothing to check against). */
  const modelIssues = (platform: string, settings: FindingsSettings, snapshotId: number | undefined): Issue[] => {
    if (snapshotId === undefined && !store.list().some((s) => s.platform === platform)) return [];
    const { evaluator } = evaluatorFor(snapshotId === undefined ? { platform } : { snapshotId, platform });
    return resolveSettings(evaluator, settings).issues;
  };

  /** A platform by id: a built-in one, or one a user's model gave a snapshot in this database. */
  const platformNamed = (id: string): { id: string; name: string } => {
    const wanted = id.trim().toLowerCase();
    const builtIn = BUILT_IN_MODELS.find((m) => m.id === wanted);
    if (builtIn) return builtIn;
    const user = store.list().find((s) => s.platform === wanted);
    if (user) return { id: user.platform, name: user.model.name };
    return getModel(id); // refused as unknown, with the known platforms
  };

  const snapshotFor = (ref: SnapshotRef): SnapshotInfo => {
    const platform = ref.platform === undefined ? undefined : platformNamed(ref.platform);
    if (ref.snapshotId !== undefined) {
      const snapshot = store.get(ref.snapshotId);
      if (!snapshot) throw new AuditError('not-found', `no snapshot #${ref.snapshotId} in ${options.dbPath}`);
      if (platform && snapshot.platform !== platform.id) {
        const theirs = store.list().find((s) => s.platform === platform.id);
        const instead = theirs ? `, or ask snapshot #${theirs.id}, the newest of ${platform.name}` : '';
        throw new AuditError(
          'usage',
          `snapshot #${snapshot.id} is a ${snapshot.model.name} snapshot, not ${platform.name}: leave out the platform${instead}`,
        );
      }
      return snapshot;
    }
    if (platform) {
      const newest = store.list().find((s) => s.platform === platform.id);
      if (!newest) {
        throw new AuditError(
          'not-found',
          `no ${platform.name} snapshot in ${options.dbPath}; import one with \`permaudit import FILE --platform ${platform.id}\``,
        );
      }
      return newest;
    }
    const newest = store.newest();
    if (!newest) throw new AuditError('not-found', `no snapshots in ${options.dbPath} yet; import one with \`permaudit import\``);
    return newest;
  };

  // A snapshot's model, resolved once: the store keeps its view (see SnapshotStore.view).
  const models = new Map<string, ResolvedModel>();
  const modelOf = (snapshot: SnapshotInfo): ResolvedModel => {
    // A user's model is the one kept with the snapshot (models of one file may differ: they are keyed by snapshot).
    const key = snapshot.model.origin === 'user' ? `#${snapshot.id}` : `${snapshot.platform}@${snapshot.modelVersion}`;
    let model = models.get(key);
    if (!model) {
      model = resolveModel(store.storedModel(snapshot.id) ?? getModel(snapshot.platform), snapshot.modelVersion);
      models.set(key, model);
    }
    return model;
  };
  const evaluatorFor = (ref: SnapshotRef) => {
    const snapshot = snapshotFor(ref);
    const model = modelOf(snapshot);
    const view = store.view(snapshot.id);
    if (options.longLived) void view.learnEveryone();
    const evaluator: Evaluator = { model, view };
    return { snapshot, evaluator };
  };

  /**
   * A question naming a permission its snapshot's platform lacks but another snapshot's platform has:
   * an input error saying which snapshot to ask (the newest of that platform). Otherwise nothing: the
   * engine's own error suggests the nearest permissions of the snapshot's platform.
   */
  const checkPermissionPlatform = (snapshot: SnapshotInfo, model: ResolvedModel, permission: string): void => {
    if (findPermission(model, permission)) return;
    const checked = new Set([snapshot.platform]);
    for (const other of store.list()) {
      if (checked.has(other.platform)) continue;
      checked.add(other.platform);
      const found = findPermission(modelOf(other), permission);
      if (found) {
        const name = modelOf(other).model.name;
        throw new AuditError(
          'input',
          `unknown permission ${quote(permission)} in ${model.model.name} (snapshot #${snapshot.id}); "${found.label}" is a ${name} permission: ask snapshot #${other.id}, the newest of ${name} (--snapshot ${other.id} or --platform ${other.platform})`,
        );
      }
    }
  };

  const answerTree = (req: SnapshotRef) => {
    const { snapshot, evaluator } = evaluatorFor(req);
    // Snapshots never change and their ids are never reused, so a tree is counted once.
    let answer = trees.get(snapshot.id);
    if (!answer) {
      const tree = store.tree(snapshot.id);
      const people = peopleWithAccess(tree, evaluator);
      answer = tree.map((node) => ({ ...node, peopleWithAccess: people.get(node.id) ?? node.userCount }));
      trees.set(snapshot.id, answer);
    }
    return { snapshot, answer };
  };

  // A diff reads both snapshots in one pass over many turns of the event loop, its reads open in
  // between; on the service's connection they would refuse every write meanwhile (deleting a snapshot,
  // saving a plan). So a long-lived host reads diffs through a connection of their own.
  let diffConnection: Database.Database | undefined;
  let diffStore: SnapshotStore | undefined;
  const diffSide = (snapshotId: number): DiffSide => {
    const { snapshot, evaluator } = evaluatorFor({ snapshotId });
    if (!options.longLived) return { snapshot, evaluator };
    if (!diffStore) {
      diffConnection = openSecondConnection(db);
      diffStore = diffConnection ? new SnapshotStore(diffConnection) : store;
    }
    return { snapshot, evaluator: { model: evaluator.model, view: diffStore.view(snapshot.id) } };
  };
  const diffs = followed<DiffProgress>('a diff');
  const cancelledDiff = () => new AuditError('cancelled', 'the comparison was cancelled');

  /** The model file a model diff's snapshot was read with (`snapshotModel`), at the snapshot's version. */
  const ownModel = (req: ModelDiffRequest): ResolvedModel => {
    if (req.snapshotId === undefined) throw new AuditError('usage', "comparing a snapshot's model file needs the snapshot (snapshotId)");
    if (req.model) throw new AuditError('usage', "give a model file or the snapshot's model file (snapshotModel), not both");
    const snapshot = snapshotFor({ snapshotId: req.snapshotId, platform: req.platform });
    if (snapshot.model.origin !== 'user') {
      throw new AuditError(
        'input',
        `snapshot #${snapshot.id} was read with the built-in ${snapshot.model.name} model: it has no model file of its own`,
      );
    }
    return modelOf(snapshot);
  };

  /** A snapshot's findings under a rules file (default: every rule with its defaults); what the file names wrongly is refused by line. */
  /**
   * A snapshot's findings under a rules file, else the rules saved for its platform, else every rule's
   * defaults; what the rules name wrongly for the snapshot's model is refused (a file's by line).
   */
  const findingsOf = (evaluator: Evaluator, snapshot: SnapshotInfo, rules: ImportFile | undefined, severity?: Severity) => {
    const read = rules === undefined ? undefined : readRulesFile(rules);
    const saved = read ? undefined : findingsStore.rules(snapshot.platform);
    const settings = read?.rules.settings ?? saved?.settings ?? DEFAULT_SETTINGS;
    const { issues } = resolveSettings(evaluator, settings);
    if (read && issues.length > 0)
      throw new AuditError('input', `${read.file.fileName} does not fit ${evaluator.model.model.name}:`, read.rules.problems(issues));
    if (issues.length > 0)
      throw new AuditError(
        'input',
        `the saved findings rules of ${evaluator.model.model.name} do not fit snapshot #${snapshot.id}: ${issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ')}`,
      );
    const today = new Date().toISOString().slice(0, 10);
    const report = runFindings(evaluator, snapshot, settings, { today, minSeverity: severity });
    return { read, saved, settings, report };
  };

  /** An exception to accept or to keep as changed: checked by the rules file's schema, and its last day must be to come. */
  const checkException = (raw: unknown): { ok: true; value: FindingException } | { ok: false; problems: RulesProblem[] } => {
    const read = check(FindingException, raw);
    const problems = read.ok ? [] : read.issues.map(rulesProblem);
    const today = new Date().toISOString().slice(0, 10);
    if (read.ok && read.value.expires <= today)
      problems.push({ path: ['expires'], message: `must be after today (${today}): an exception holds until a day to come` });
    return read.ok && problems.length === 0 ? { ok: true, value: read.value } : { ok: false, problems };
  };
  /** Saves the platform's rules with these exceptions (the list left out when empty). */
  const saveExceptions = (platform: string, settings: FindingsSettings, exceptions: FindingException[]) => {
    const { exceptions: _old, ...rest } = settings;
    const rules: FindingsSettings = exceptions.length > 0 ? { ...rest, exceptions } : rest;
    const { updatedAt } = findingsStore.saveRules(platform, rules, new Date());
    return { saved: { platform, settings: rules, updatedAt }, problems: [] };
  };

  const reviewStore = new ReviewStore(db);
  const { reportPopulation, ...reviews } = reviewCalls({
    reviews: reviewStore,
    snapshotFor,
    evaluatorFor,
    snapshots: () => store.list(),
    tree: (id) => store.tree(id),
    findings: (evaluator, snapshot, rules) => findingsOf(evaluator, snapshot, rules).report,
    write: oneWriteAtATime,
    now: () => new Date(),
    dbPath: options.dbPath,
  });

  const reports = reportCalls({
    reviews: reviewStore,
    snapshotFor,
    evaluatorFor,
    snapshots: () => store.list(),
    findings: (evaluator, snapshot, rules) => {
      const { read, saved, settings, report } = findingsOf(evaluator, snapshot, rules);
      const used = {
        source: read ? ('file' as const) : saved ? ('saved' as const) : ('defaults' as const),
        fileName: read?.file.fileName ?? null,
        sha256: read?.file.sha256 ?? sha256(JSON.stringify(settings)),
      };
      return { report, part: findingsPart(report, used) };
    },
    population: reportPopulation,
    remediation: reviews.remediation,
    verify: (reviewId) => reviews.verifyReview({ reviewId }),
    now: () => new Date(),
    dbPath: options.dbPath,
  });

  const exports = followed<ExportProgress>('an export');
  const big = bigAnswers(evaluatorFor, options.chooseExportTarget, exports);
  const { exportReport } = reportExport({
    prepareReport: reports.prepareReport,
    chooseTarget: options.chooseExportTarget,
    printPdf: options.printPdf,
    exports,
  });
  return {
    ...big,
    exportReport,
    platforms: () => BUILT_IN_MODELS.map(platformSummary),
    samples: () => sampleDatasets(options.resourcesDir ?? defaultResourcesDir()),
    model: (req) => {
      if (req.model) {
        if (req.snapshotId !== undefined) throw new AuditError('usage', 'give a model file or a snapshot, not both');
        const { model, user } = modelForImport(req);
        return modelInfo(model, userSnapshotModel(user!), versionAsOf(model, checkDate(req.asOf)).id);
      }
      if (req.snapshotId === undefined) {
        if (req.platform === undefined) throw new AuditError('usage', 'name a platform or a snapshot');
        return describeModel(req.platform, req.asOf);
      }
      const snapshot = snapshotFor({ snapshotId: req.snapshotId, platform: req.platform });
      const model = modelOf(snapshot).model;
      return modelInfo(model, snapshot.model, req.asOf === undefined ? snapshot.modelVersion : versionAsOf(model, checkDate(req.asOf)).id);
    },
    snapshots: () => store.list(),
    // Answered once the snapshot is withdrawn (gone from every answer); its rows go after, in steps.
    deleteSnapshot: (req) =>
      oneWriteAtATime(async () => {
        store.withdraw(req.snapshotId);
        trees.delete(req.snapshotId);
        if (diffStore !== store) diffStore?.forget(req.snapshotId);
        purge(req.snapshotId);
        return { deleted: req.snapshotId };
      }),
    previewImport: async (req) => previewImport(req.files, modelForImport(req).model, { mapping: req.mapping, set: req.set }),
    importFiles: async (req, onProgress) => {
      const { importId } = req;
      if (importId !== undefined && cancellable.has(importId))
        throw new AuditError('usage', `an import with id ${quote(importId)} is already running`);
      const { model, user } = modelForImport(req);
      const version = versionAsOf(model, checkDate(req.asOf));
      // Queued, then reading, then writing: a queued import leaves the queue at once, a reading one
      // stops before its next chunk; a writing one can no longer be cancelled.
      let stage: 'queued' | 'reading' | 'writing' = 'queued';
      const abort = new AbortController();
      let leaveQueue: (error: AuditError) => void = () => undefined;
      const left = new Promise<never>((_, reject) => (leaveQueue = reject));
      const cancel = () => {
        if (stage === 'writing') return false;
        abort.abort();
        if (stage === 'queued') leaveQueue(cancelledError());
        return true;
      };
      const write = () => {
        if (abort.signal.aborted) throw cancelledError();
        stage = 'reading';
        return importSnapshot(
          db,
          {
            files: req.files,
            model,
            ...(user ? { modelFile: user.file } : {}),
            modelVersion: version.id,
            asOf: req.asOf ?? null,
            name: req.name,
            mapping: req.mapping,
            set: req.set,
            dateFormat: req.dateFormat,
            allowDuplicate: req.allowDuplicate,
            signal: abort.signal,
            onWrite: () => (stage = 'writing'),
          },
          onProgress,
        );
      };
      if (importId !== undefined) cancellable.set(importId, cancel);
      try {
        return await Promise.race([oneWriteAtATime(write, onProgress && (() => reportWaiting(req.files, onProgress))), left]);
      } finally {
        if (importId !== undefined) cancellable.delete(importId);
      }
    },
    cancelImport: (req) => ({ cancelled: cancellable.get(req.importId)?.() ?? false }),
    diffModel: (req) => {
      const { from, to, diff } = modelVersions(req, req.snapshotModel ? ownModel(req) : undefined);
      if (req.snapshotId === undefined) return { diff, impact: null };
      const { snapshot, evaluator } = evaluatorFor({ snapshotId: req.snapshotId, platform: req.platform });
      const access = modelImpact(evaluator.view, from, to, rolesWithOtherGrants(diff));
      const people = new Set(access.map((c) => c.email)).size;
      return { diff, impact: { snapshot, access, people, summary: accessSummary(countAccess(access)) } };
    },
    whatIf: (req) => {
      if ((req.plan === undefined) === (req.saved === undefined)) throw new AuditError('usage', 'give a plan, or the name of a saved one');
      const plan = req.plan ?? planStore.get(req.saved!);
      const { snapshot, evaluator } = evaluatorFor(req);
      return { snapshot, answer: whatIf(evaluator.view, evaluator.model, plan) };
    },
    savePlan: (req) => oneWriteAtATime(async () => planStore.save(req.plan, new Date())),
    plans: () => planStore.list(),
    plan: (req) => planStore.get(req.name),
    deletePlan: (req) => oneWriteAtATime(async () => ({ deleted: planStore.delete(req.name) })),
    diffSnapshots: async (req) => {
      const steps = diffSnapshotSteps(diffSide(req.before), diffSide(req.after));
      const progress = { done: 0, total: 0 };
      if (req.diffId === undefined) return inTurns(steps, progress, () => false, cancelledDiff);
      return diffs.run(req.diffId, progress, (isCancelled) => inTurns(steps, progress, isCancelled, cancelledDiff));
    },
    diffProgress: (req) => diffs.progress(req.diffId),
    cancelDiff: (req) => diffs.cancel(req.diffId),
    tree: answerTree,
    users: (req) => {
      if (!req.scope) {
        const snapshot = snapshotFor(req);
        return { snapshot, answer: store.users(snapshot.id, req) };
      }
      // At a tenant: people with a role there or below, and people whose roles reach it from above.
      const { snapshot, evaluator } = evaluatorFor(req);
      const node = requireNode(evaluator.view, req.scope);
      const reaching = {
        nodeIds: evaluator.view
          .ancestors(node.id)
          .slice(0, -1)
          .map((n) => n.id),
        roleIds: evaluator.model.roles.filter((r) => r.reach === 'subtree').map((r) => r.id),
      };
      const nodeIds = subtreeIds(store.tree(snapshot.id), node.id);
      return { snapshot, answer: store.users(snapshot.id, { ...req, nodeIds, reaching }) };
    },
    whoCan: (req) => {
      const { snapshot, evaluator } = evaluatorFor(req);
      checkPermissionPlatform(snapshot, evaluator.model, req.permission);
      return { snapshot, answer: whoCan(evaluator, req.permission, req.scope, req.channel, { potential: req.potential }) };
    },
    can: (req) => {
      const { snapshot, evaluator } = evaluatorFor(req);
      checkPermissionPlatform(snapshot, evaluator.model, req.permission);
      return { snapshot, answer: can(evaluator, req.email, req.permission, req.scope, req.channel) };
    },
    access: (req) => {
      const { snapshot, evaluator } = evaluatorFor(req);
      return { snapshot, answer: effectiveAccess(evaluator, req.email) };
    },
    matrix: (req) => {
      const { snapshot, evaluator } = evaluatorFor(req);
      return { snapshot, answer: accessMatrix(evaluator, req.scope, req.channel) };
    },
    ...reviews,
    ...reports,
    findings: (req) => {
      const { snapshot, evaluator } = evaluatorFor(req);
      const { read, saved, settings, report } = findingsOf(evaluator, snapshot, req.rules, req.severity);
      const warnings = read
        ? read.rules.problems(report.warnings).map(formatProblem)
        : report.warnings.map((i) => `${formatPath(i.path)}: ${i.message}`);
      const file = {
        source: read ? ('file' as const) : saved ? ('saved' as const) : ('defaults' as const),
        fileName: read?.file.fileName ?? null,
        sha256: read?.file.sha256 ?? (saved ? sha256(JSON.stringify(settings)) : null),
        settings,
      };
      const run = req.record
        ? findingsStore.recordRun(
            snapshot.id,
            {
              settings,
              sha256: file.sha256 ?? sha256(JSON.stringify(settings)),
              counts: report.counts,
              format: req.exportFormat ?? null,
            },
            new Date(),
          )
        : null;
      return { snapshot, answer: { ...report, settings: file, warnings, run: run && { id: run.id, runAt: run.runAt } } };
    },
    findingsRules: (req) => findingsRulesOf(platformNamed(req.platform).id),
    saveFindingsRules: (req) =>
      oneWriteAtATime(async () => {
        const platform = platformNamed(req.platform).id;
        const read = check(FindingsSettings, req.settings);
        if (!read.ok) return { saved: null, problems: read.issues.map(rulesProblem) };
        const problems = modelIssues(platform, read.value, req.snapshotId).map(rulesProblem);
        if (problems.length > 0) return { saved: null, problems };
        const { updatedAt } = findingsStore.saveRules(platform, read.value, new Date());
        return { saved: { platform, settings: read.value, updatedAt }, problems: [] };
      }),
    acceptException: (req) =>
      oneWriteAtATime(async () => {
        const platform = platformNamed(req.platform).id;
        const read = checkException(req.exception);
        if (!read.ok) return { saved: null, problems: read.problems };
        const { settings } = findingsRulesOf(platform);
        return saveExceptions(platform, settings, [...(settings.exceptions ?? []), read.value]);
      }),
    editException: (req) =>
      oneWriteAtATime(async () => {
        const platform = platformNamed(req.platform).id;
        const { settings } = findingsRulesOf(platform);
        const exceptions = [...(settings.exceptions ?? [])];
        if (req.index >= exceptions.length)
          throw new AuditError(
            'not-found',
            `no accepted exception #${req.index + 1} in the findings rules of ${platformNamed(platform).name} (${exceptions.length} saved)`,
          );
        if (req.exception === null) exceptions.splice(req.index, 1);
        else {
          const read = checkException(req.exception);
          if (!read.ok) return { saved: null, problems: read.problems };
          exceptions[req.index] = read.value;
        }
        return saveExceptions(platform, settings, exceptions);
      }),
    findingsRuns: (req) => {
      const snapshot = snapshotFor(req);
      const answer = findingsStore.runs(snapshot.id).map(({ settings: _rules, snapshotId: _snapshot, ...run }) => ({
        ...run,
        summary: summarize(run.counts),
      }));
      return { snapshot, answer };
    },
    findingsRun: (req) => {
      const run = findingsStore.run(req.id);
      if (!run) throw new AuditError('not-found', `no recorded findings run #${req.id} in ${options.dbPath}`);
      return { ...run, summary: summarize(run.counts) };
    },
    seed: (req) => readSeed(options.resourcesDir ?? defaultResourcesDir(), req.file),
    idle: () => writes.then(() => undefined),
    close: () => {
      diffConnection?.close();
      db.close();
    },
  };
}
