// `permaudit`: the command line on the same service as the desktop app.
// Exit codes: 0 answered (also when `can` says no), 1 bad input, 2 usage error, 3 what-if --no-new-access
// found new access, 4 review verify found the log or the review altered, 130 import cancelled (Ctrl+C).

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { API, type ApiArgument, type ApiMethod } from '../../shared/api';
import { isMissingColumn, suggestedPlatform } from '../../shared/csv/columns';
import { AMBIGUOUS_DATE_ADVICE, trimCell } from '../../shared/csv/values';
import { APP_VERSION } from '../../shared/app-info';
import { AuditError, describeError } from '../../shared/errors';
import { check, formatPath } from '../../shared/schema';
import { visible } from '../../shared/text/visible';
import { checkDate, describeModel, describeModelDiff, openAuditService } from '../services/audit-service';
import { accessJson, canJson, citeEntry } from '../../shared/engine/answer-export';
import { pipeStream, writeChunks } from '../services/big-answers';
import { readUserModel } from '../services/models';
import { Plan } from '../../shared/engine/what-if';
import { modelFormatJsonSchema } from '../../shared/model/json-schema';
import { BUILT_IN_MODELS } from '../../shared/models';
import { buildProvenance } from '../../shared/provenance';
import { exitQuietlyOnClosedPipes } from './pipes';
import * as render from './render';
import * as renderDiff from './render-diff';
import * as renderFindings from './render-findings';
import * as renderReviews from './render-reviews';
import type { LogEntry } from '../../shared/reviews';
import { onFileLines, readDecisionsCsv } from './review-csv';
import { exportReviewSheet, importReviewSheet } from '../services/review-sheets';
import { findingsCsv, findingsJson } from '../../shared/findings/export';
import { findingsJsonSchema } from '../../shared/findings/json-schema';
import { modelDiffJson, snapshotDiffCsv, snapshotDiffJson, whatIfJson } from '../../shared/engine/diff-export';
import { snapshotDiffHtml } from '../../shared/engine/diff-html';
import { findChromium, printPdfWithChromium } from '../services/report-pdf';
import { writeWhole } from '../services/reports';
import { prettyJsonChunks } from '../../shared/json-chunks';

/** A usage error (exit 2), shown with the usage of the command it is in. */
class UsageError extends Error {
  constructor(
    message: string,
    public command?: Command,
  ) {
    super(message);
  }
}

/** The end of a run that commander has already answered (help, version): its exit code. */
class Exit {
  constructor(readonly code: number) {}
}

type Values = Record<string, unknown>;

/** The exit code of an import cancelled with Ctrl+C (128 + SIGINT, as shells have it). */
const EXIT_CANCELLED = 130;

function need(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function optional(values: Values, name: string): string | undefined {
  return typeof values[name] === 'string' ? (values[name] as string) : undefined;
}

/** The flag (or positional) that gives each property of a call's argument. */
const FLAGS: Record<string, string> = {
  files: 'FILE',
  permission: 'PERMISSION',
  email: 'EMAIL',
  platform: '--platform',
  asOf: '--as-of',
  snapshotId: '--snapshot',
  scope: '--scope',
  channel: '--channel',
  name: '--name',
  mapping: '--map',
  set: '--set',
  dateFormat: '--date-format',
  allowDuplicate: '--allow-duplicate',
  before: 'SNAPSHOT_A',
  after: 'SNAPSHOT_B',
  plan: '--plan',
  saved: '--saved',
  from: '--from',
  to: '--to',
  model: '--model',
  against: '--against',
  rules: '--rules',
  severity: '--severity',
  reviewId: 'ID',
  due: '--due',
  reviewers: '--reviewer',
  by: '--by',
  decisions: '--decision',
  reviewer: '--reviewer',
  note: '--note',
  statement: '--statement',
  items: '--item',
  recommendation: '--recommendation',
  decision: '--decision',
  type: '--type',
  format: '--format',
};

/**
 * A call's argument made from the flags and checked by the contract's own schema, as the desktop and
 * browser hosts check theirs; a problem names the flag (`--snapshot must be a whole number …`).
 */
function argument<K extends ApiMethod>(method: K, flags: Record<string, unknown>): ApiArgument<K> {
  const result = check(API[method].argument, flags);
  if (result.ok) return result.value as ApiArgument<K>;
  const problems = result.issues.map(
    ({ path: [first, ...rest], message }) => `${formatPath(rest, FLAGS[String(first)] ?? String(first))} ${message}`,
  );
  throw new UsageError(problems.join('; '));
}

/**
 * --as-of: its form is the schema's; whether the day exists is the service's check, an input error
 * (exit 1), made here first so that its message names the flag (the service says "the as-of date").
 */
function asOf<T extends { asOf?: string }>(request: T): T {
  checkDate(request.asOf, '--as-of');
  return request;
}

/** --snapshot as a number when it is one; anything else goes to the schema as given, to be refused by name. */
function snapshotId(values: Values): number | string | undefined {
  const text = optional(values, 'snapshot');
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : text;
}

function pairsOf(values: Values, flag: 'map' | 'set', shape: string): Record<string, string> | undefined {
  const pairs = (values[flag] as string[] | undefined) ?? [];
  if (pairs.length === 0) return undefined;
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--${flag} takes ${shape}, got "${pair}"`);
    const field = pair.slice(0, at).trim();
    if (field in result) throw new UsageError(`--${flag} ${field}= is given twice`);
    result[field] = trimCell(pair.slice(at + 1));
  }
  return result;
}

/** What the CLI adds to an import's problems: how to give a missing column here. */
function importHint(error: AuditError): string | undefined {
  if (error.kind === 'duplicate') return 'hint: add --allow-duplicate to import them as another snapshot anyway';
  if (error.problems.some((p) => p.message.includes(AMBIGUOUS_DATE_ADVICE)))
    return 'hint: say the order with --date-format dmy (day first) or --date-format mdy (month first)';
  const platform = error.problems.map((p) => suggestedPlatform(p.message)).find((id) => id !== undefined);
  if (platform) return `hint: import them with --platform ${platform}`;
  const missing = error.problems.find((p) => isMissingColumn(p.message));
  if (!missing) return undefined;
  const field = /"([^"]+)"/.exec(missing.message)?.[1] ?? 'FIELD';
  return `hint: map a column to it with --map ${field}="HEADER", or give every row one value with --set ${field}="VALUE"`;
}

function query(values: Values) {
  return openAuditService({ dbPath: need(values, 'db'), mustExist: true });
}

/** Opens the database for one question and closes it, however the question ends. */
async function withQuery<T>(values: Values, ask: (service: ReturnType<typeof query>) => T | Promise<T>): Promise<T> {
  const service = query(values);
  try {
    return await ask(service);
  } finally {
    service.close();
  }
}

/** Text for the terminal: names from the export are shown with their control characters escaped. */
function print(text: string) {
  process.stdout.write(visible(text.endsWith('\n') ? text : `${text}\n`));
}

/** Exact JSON, for programs: JSON.stringify escapes C0 controls; other characters stay as the data has them. */
function printJson(value: unknown) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function printError(text: string) {
  process.stderr.write(visible(text));
}

/** What a command does with its flags (commander's option values, camelCased) and its arguments. */
/** What a command does with its flags and arguments; a number it returns is the exit code (default 0). */
type Run = (values: Values, args: string[]) => Promise<void | number> | void | number;

async function runImport(values: Values, files: string[]) {
  if (values.platform === undefined && values.model === undefined) throw new UsageError('--platform is required (or --model FILE)');
  const dbPath = need(values, 'db');
  const importId = randomUUID();
  const request = asOf(
    argument('importFiles', {
      files: files.map((file) => ({ path: file, name: path.basename(file) })),
      platform: values.platform,
      model: modelFileFlag(values, 'model'),
      asOf: values.asOf,
      name: values.name,
      mapping: pairsOf(values, 'map', 'field=Header'),
      set: pairsOf(values, 'set', 'field=VALUE'),
      dateFormat: values.dateFormat,
      allowDuplicate: values.allowDuplicate,
      importId,
    }),
  );
  const service = openAuditService({ dbPath });
  // Ctrl+C cancels the import (it rejects as `cancelled`, nothing written); once the snapshot is being written it finishes.
  const cancel = () => {
    if (!service.cancelImport({ importId }).cancelled)
      printError('\npermaudit: the snapshot is being written; it will be complete in a moment\n');
  };
  process.on('SIGINT', cancel);
  try {
    // --progress: the progress line even when stderr is not a terminal (a log, a program reading it).
    const showProgress = (process.stderr.isTTY || values.progress === true) && !values.json;
    // The progress line is cleared however the import ends, so an error starts on a line of its own.
    const info = await service
      .importFiles(request, showProgress ? (p) => process.stderr.write(`\r${visible(render.progress(p))}`) : undefined)
      .finally(() => showProgress && process.stderr.write('\r\x1b[K'));
    if (values.json) printJson({ ...info, provenance: buildProvenance(info, { kind: 'import' }, new Date()) });
    else print(render.imported(info));
  } finally {
    process.off('SIGINT', cancel);
    service.close();
  }
}

/** A model file flag (--model, --against) as the contract takes a file. */
function modelFileFlag(values: Values, flag: 'model' | 'against') {
  const file = optional(values, flag);
  return file === undefined ? undefined : { path: file, name: path.basename(file) };
}

const runModels: Run = (values, [action, file]) => {
  if (action === 'schema') {
    if (file !== undefined) throw new UsageError('models schema takes no file');
    process.stdout.write(modelFormatJsonSchema());
    return;
  }
  if (action !== 'validate') throw new UsageError(`models takes validate FILE or schema, got "${action}"`);
  if (file === undefined) throw new UsageError('models validate needs the model FILE');
  const { model, file: kept } = readUserModel({ path: file, name: path.basename(file) });
  if (values.json) printJson({ valid: true, sha256: kept.sha256, model });
  else print(render.modelValidated(model, kept));
};

/** The exit code of `what-if --no-new-access` when the plan gives someone something new. */
const EXIT_NEW_ACCESS = 3;

/** A plan file, read and checked: an input error names the file and the JSON path of each problem. */
function readPlanFile(file: string): Plan {
  const name = path.basename(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new AuditError('input', `${name}: cannot read the plan: ${why}`);
  }
  const read = check(Plan, parsed);
  if (!read.ok)
    throw new AuditError(
      'input',
      `${name} is not a valid plan:\n${read.issues.map((i) => `- ${formatPath(i.path) || 'the plan'}: ${i.message}`).join('\n')}`,
    );
  return read.value;
}

const runWhatIf: Run = (values) => {
  const file = optional(values, 'plan');
  const saved = optional(values, 'saved');
  if ((file === undefined) === (saved === undefined)) throw new UsageError('give --plan FILE or --saved NAME');
  const plan = file === undefined ? undefined : readPlanFile(file);
  const request = argument('whatIf', { snapshotId: snapshotId(values), platform: values.platform, ...(plan ? { plan } : { saved }) });
  return withQuery(values, async (service) => {
    const result = service.whatIf(request);
    if (values.save && plan) await service.savePlan({ plan });
    const newAccess = result.answer.gained > 0;
    // commander reads --no-new-access as newAccess: false.
    const check = values.newAccess === false;
    if (values.json) printJson(whatIfJson(result, new Date()));
    else print(renderDiff.whatIf(result, { noNewAccess: check, saved: values.save === true && plan !== undefined }));
    return check && newAccess ? EXIT_NEW_ACCESS : 0;
  });
};

const runPlans: Run = (values, [action = 'list', name]) => {
  return withQuery(values, async (service) => {
    if (action === 'list') {
      const list = service.plans({});
      if (values.json) printJson(list);
      else print(render.plans(list));
    } else if (action === 'show') {
      if (name === undefined) throw new UsageError('plans show needs the plan NAME');
      printJson(service.plan({ name }));
    } else if (action === 'delete') {
      if (name === undefined) throw new UsageError('plans delete needs the plan NAME');
      const { deleted } = await service.deletePlan({ name });
      if (!deleted) throw new AuditError('not-found', `no saved plan "${name}"`);
      print(`Deleted the plan "${name}".`);
    } else throw new UsageError(`plans takes list, show NAME or delete NAME, got "${action}"`);
  });
};

/** The exit code of `review verify` when the log or the review does not verify. */
const EXIT_NOT_VERIFIED = 4;

/** --item N (repeatable; each also `3,5` or `7-9`) as item numbers. */
function itemNumbers(values: Values): number[] | undefined {
  const given = (values.item as string[] | undefined) ?? [];
  if (given.length === 0) return undefined;
  const numbers: number[] = [];
  for (const part of given.flatMap((g) => g.split(','))) {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!range) throw new UsageError(`--item takes item numbers such as 5, 3,7 or 10-20, got "${part}"`);
    const [first, last] = [Number(range[1]), Number(range[2] ?? range[1])];
    if (last < first || last - first > 1_000_000) throw new UsageError(`--item ${part} is not a range of item numbers`);
    for (let n = first; n <= last; n++) numbers.push(n);
  }
  return numbers;
}

/** --reviewer EMAIL (for everything) or --reviewer "PATH=EMAIL" (for a tenant and below), repeatable. */
function reviewerRules(values: Values) {
  return ((values.reviewer as string[] | undefined) ?? []).map((given) => {
    const at = given.lastIndexOf('=');
    return at < 0 ? { reviewer: given.trim() } : { scope: given.slice(0, at).trim(), reviewer: given.slice(at + 1).trim() };
  });
}

/** The review's id: the positional ID, a whole number. */
function reviewIdOf(id: string | undefined, action: string): number {
  if (id === undefined) throw new UsageError(`review ${action} needs the review's ID (see permaudit review list)`);
  if (!/^\d+$/.test(id)) throw new UsageError(`ID must be a review's number, got "${id}"`);
  return Number(id);
}

const REVIEW_ACTIONS = [
  'start',
  'list',
  'show',
  'decide',
  'reassign',
  'export-sheet',
  'import-sheet',
  'sign-off',
  'log',
  'verify',
  'remediation',
];

const runReview: Run = (values, [action, id, file]) => {
  if (!REVIEW_ACTIONS.includes(action)) throw new UsageError(`review takes ${REVIEW_ACTIONS.join(', ')}, got "${action}"`);
  if (action === 'start' || action === 'list') {
    if (id !== undefined) throw new UsageError(`review ${action} takes no ID`);
  }
  if (file !== undefined && action !== 'import-sheet') throw new UsageError(`review ${action} takes no FILE`);
  return withQuery(values, async (service) => {
    const output = (json: unknown, text: () => string) => (values.json ? printJson(json) : print(text()));
    if (action === 'start') {
      const setup = {
        snapshotId: snapshotId(values),
        platform: values.platform,
        name: values.name,
        scope: values.scope,
        due: values.due,
        reviewers: reviewerRules(values),
        rules:
          optional(values, 'rules') === undefined ? undefined : { path: need(values, 'rules'), name: path.basename(need(values, 'rules')) },
      };
      if (setup.reviewers.length === 0) throw new UsageError('give at least one --reviewer EMAIL (or "PATH=EMAIL")');
      checkDate(setup.due as string | undefined, '--due');
      if (values.preview) {
        const preview = service.previewReview(argument('previewReview', setup));
        return output(preview, () => renderReviews.preview(preview));
      }
      const started = await service.startReview(argument('startReview', { ...setup, by: values.by }));
      return output(started, () => `Started review #${started.review.id}.\n${renderReviews.reviewHead(started)}`);
    }
    if (action === 'list') {
      const list = service.reviews({});
      return output(list, () => renderReviews.list(list));
    }
    const reviewId = reviewIdOf(id, action);
    if (action === 'show') {
      const filters = argument('review', {
        reviewId,
        reviewer: values.reviewer === undefined ? undefined : (values.reviewer as string[]).at(-1),
        undecided: values.undecided,
        privileged: values.privileged,
        changed: values.changed,
        decision: values.decision,
        recommendation: values.recommendation,
      });
      const first = service.review({ ...filters, count: 10_000 });
      const all = [...first.items];
      while (all.length < first.total) all.push(...service.review({ ...filters, from: all.length, count: 10_000 }).items);
      return output({ ...first, items: all }, () => `${renderReviews.reviewHead(first)}\n\n${renderReviews.items(all)}`);
    }
    if (action === 'decide') {
      const file = optional(values, 'fromCsv');
      const filtered = ['undecided', 'privileged', 'changed', 'recommendation'].some((f) => values[f] !== undefined);
      let items = itemNumbers(values);
      if ([file, items, filtered || undefined].filter((x) => x !== undefined).length !== 1)
        throw new UsageError('give --item N, a filter (--undecided, --privileged, --changed, --recommendation) or --from-csv FILE');
      if (filtered) {
        // A bulk decision on the items the filters leave, as `review show` lists them.
        const filters = argument('review', {
          reviewId,
          undecided: values.undecided,
          privileged: values.privileged,
          changed: values.changed,
          recommendation: values.recommendation,
        });
        items = [];
        for (let total = 1; items.length < total;) {
          const page = service.review({ ...filters, from: items.length, count: 10_000 });
          total = page.total;
          items.push(...page.items.map((i) => i.number));
        }
        if (items.length === 0) throw new AuditError('input', `no item of review #${reviewId} matches those filters`);
      }
      const read = file === undefined ? undefined : await readDecisionsCsv(file);
      const decisions = read
        ? read.decisions
        : [
            {
              items,
              decision: values.decision,
              comment: values.comment,
              role: values.role,
              expires: values.expires,
              selfReason: values.selfReason,
            },
          ];
      const request = argument('decide', { reviewId, by: values.by, decisions });
      const summary = await service.decide(request).catch((error: unknown) => {
        if (read) throw onFileLines(error, read);
        // One decision from flags: its problems as plain sentences.
        if (error instanceof AuditError && error.problems.length > 0)
          throw new AuditError(error.kind, ['nothing was decided:', ...error.problems.map((p) => `  ${p.message}`)].join('\n'));
        throw error;
      });
      const count = request.decisions.reduce((n, d) => n + d.items.length, 0);
      return output(
        summary,
        () => `Decided ${count} ${count === 1 ? 'item' : 'items'} of review #${reviewId}: ${summary.decided} of ${summary.items} decided.`,
      );
    }
    if (action === 'reassign') {
      const reviewer = ((values.reviewer as string[] | undefined) ?? []).at(-1);
      const request = argument('reassign', {
        reviewId,
        items: itemNumbers(values),
        scope: values.scope,
        reviewer,
        note: values.note,
        by: values.by,
      });
      const answer = await service.reassign(request);
      return output(
        answer,
        () =>
          `Reassigned ${answer.reassigned} ${answer.reassigned === 1 ? 'item' : 'items'} of review #${reviewId} to ${request.reviewer}.`,
      );
    }
    if (action === 'export-sheet') {
      const format = need(values, 'format');
      if (format !== 'xlsx' && format !== 'csv') throw new UsageError(`--format takes xlsx or csv, got "${format}"`);
      const out = need(values, 'out');
      const reviewer = ((values.reviewer as string[] | undefined) ?? []).at(-1);
      const sheet = await exportReviewSheet(service, { reviewId, reviewer, format });
      fs.writeFileSync(out, sheet.data);
      return print(`Wrote ${sheet.items} ${sheet.items === 1 ? 'item' : 'items'} of review #${reviewId} to ${out}.`);
    }
    if (action === 'import-sheet') {
      if (file === undefined) throw new UsageError('review import-sheet needs the filled sheet: review import-sheet ID FILE');
      const imported = await importReviewSheet(service, { reviewId, file, by: values.by as string | undefined });
      return output(
        imported,
        () =>
          `Decided ${imported.decided} ${imported.decided === 1 ? 'item' : 'items'} of review #${reviewId} from ${path.basename(file)}: ${imported.review.decided} of ${imported.review.items} decided.`,
      );
    }
    if (action === 'sign-off') {
      const signed = await service.signOff(argument('signOff', { reviewId, name: values.name, statement: values.statement }));
      return output(signed, () => `Signed off review #${reviewId}: it is locked.\n  chain head ${signed.signOff!.chainHead}`);
    }
    if (action === 'log') {
      const entries: LogEntry[] = [];
      for (let total = 1; entries.length < total;) {
        const page = service.reviewLog({ reviewId, from: entries.length, count: 10_000 });
        total = page.total;
        entries.push(...page.entries);
      }
      return output(entries, () => renderReviews.log(entries));
    }
    if (action === 'verify') {
      const verified = service.verifyReview({ reviewId });
      output(verified, () => renderReviews.verification(verified));
      return verified.ok ? 0 : EXIT_NOT_VERIFIED;
    }
    const answer = service.remediation(argument('remediation', { reviewId, snapshotId: snapshotId(values) }));
    return output(answer, () => renderReviews.remediation(answer));
  });
};

const REPORT_FORMATS = ['html', 'pdf', 'csv', 'json'];

const runReport: Run = (values) => {
  const format = need(values, 'format');
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format is ${REPORT_FORMATS.join(', ')}, got "${format}"`);
  const out = need(values, 'out');
  const review = optional(values, 'review');
  if (review !== undefined && !/^\d+$/.test(review)) throw new UsageError(`--review must be a review's number, got "${review}"`);
  if (review !== undefined && values.type !== 'access-review')
    throw new UsageError(`--review is for --type access-review: a review is reported by the access-review report`);
  const rules = optional(values, 'rules');
  const request = argument('report', {
    snapshotId: snapshotId(values),
    platform: values.platform,
    type: need(values, 'type'),
    // A PDF is the HTML's print variant, printed by Chromium.
    format: format === 'pdf' ? 'html' : format,
    ...(format === 'pdf' ? { print: true } : {}),
    reviewId: review === undefined ? undefined : Number(review),
    rules: rules === undefined ? undefined : { path: rules, name: path.basename(rules) },
  });
  const chromium = format === 'pdf' ? findChromium() : undefined;
  return withQuery(values, async (service) => {
    if (chromium) {
      const report = await service.report(request);
      await writeWhole(out, [await printPdfWithChromium(report.text, report.title, chromium)]);
      return print(`Wrote ${out}: ${report.summary}.`);
    }
    const written = await service.writeReport(request, out);
    print(`Wrote ${out}: ${written.summary}.`);
  });
};

const runSnapshots: Run = (values) => {
  const service = query(values);
  const platform = optional(values, 'platform');
  const list = service.snapshots({}).filter((s) => platform === undefined || s.platform === platform);
  service.close();
  if (values.json) printJson(list);
  else print(render.snapshots(list));
};

const runPlatforms: Run = (values) => {
  const list = BUILT_IN_MODELS.map((m) => describeModel(m.id));
  if (values.json) printJson(list.map((m) => m.platform));
  else print(render.platforms(list));
};

/**
 * The model a `permissions` or `roles` question is about: the platform's (in force on --as-of), or,
 * with --db and no --platform, the model of a snapshot (--snapshot, default the newest) as it was read.
 */
function modelFor(values: Values) {
  if (values.platform === undefined && optional(values, 'db') !== undefined) {
    const service = query(values);
    try {
      const id = snapshotId(values);
      const list = service.snapshots({});
      const snapshot = id === undefined ? list[0] : list.find((s) => s.id === id);
      if (!snapshot)
        throw new AuditError('not-found', id === undefined ? 'no snapshots in this database yet' : `no snapshot #${id} in this database`);
      return service.model(asOf(argument('model', { snapshotId: snapshot.id, asOf: values.asOf })));
    } finally {
      service.close();
    }
  }
  if (values.platform === undefined) throw new UsageError("give --platform ID, or --db DB to use the newest snapshot's platform");
  const request = asOf(argument('model', { platform: values.platform, asOf: values.asOf }));
  return describeModel(request.platform!, request.asOf);
}

const runPermissions: Run = (values) => {
  const info = modelFor(values);
  if (values.json) printJson(info.permissions);
  else print(render.permissions(info));
};

const runRoles: Run = (values) => {
  const info = modelFor(values);
  if (values.json) printJson(info.roles);
  else print(render.roles(info));
};

const runWhoCan: Run = (values, [permission]) => {
  const format = optional(values, 'format') ?? (values.json ? 'entries' : 'table');
  if (!['table', 'csv', 'json', 'entries'].includes(format)) throw new UsageError(`--format is table, json or csv, got "${format}"`);
  if (values.json && optional(values, 'format') !== undefined)
    throw new UsageError('--json and --format cannot be used together (--json is the entries as an array)');
  const request = argument('whoCan', {
    snapshotId: snapshotId(values),
    platform: values.platform,
    permission,
    scope: values.scope,
    channel: values.channel,
    ...(values.potential ? { potential: true } : {}),
  });
  return withQuery(values, async (service) => {
    // --format csv and json: streamed, a window of the answer at a time (a whole tenancy's is big).
    if (format === 'csv' || format === 'json')
      return pipeStream(service.answerStream({ kind: 'whoCan', ...request }, format, new Date()), process.stdout);
    const result = service.whoCan(request);
    // --json: the entries as an array, as scripts have read it.
    if (format === 'entries') printJson(result.answer.entries.map(citeEntry));
    else print(render.whoCan(result));
  });
};

const runCan: Run = (values, [email, permission]) => {
  const request = argument('can', {
    snapshotId: snapshotId(values),
    platform: values.platform,
    email,
    permission,
    scope: values.scope,
    channel: values.channel,
  });
  return withQuery(values, (service) => {
    const result = service.can(request);
    if (values.json) printJson(canJson(result, new Date()));
    else print(render.can(result));
  });
};

const runAccess: Run = (values, [email]) => {
  const request = argument('access', { snapshotId: snapshotId(values), platform: values.platform, email });
  return withQuery(values, (service) => {
    const result = service.access(request);
    if (values.json) printJson(accessJson(result, new Date()));
    else print(render.access(result));
  });
};

const runMatrix: Run = (values) => {
  const format = optional(values, 'format') ?? 'table';
  if (!['table', 'csv', 'json'].includes(format)) throw new UsageError(`--format is table, csv or json, got "${format}"`);
  const request = argument('matrix', {
    snapshotId: snapshotId(values),
    platform: values.platform,
    scope: values.scope,
    channel: values.channel,
  });
  return withQuery(values, async (service) => {
    if (format === 'csv' || format === 'json')
      return pipeStream(service.answerStream({ kind: 'matrix', ...request }, format, new Date()), process.stdout);
    print(render.matrixTable(service.matrix(request)));
  });
};

/** A snapshot id given as an argument: a number when it is one, anything else to be refused by the schema by name. */
const idArgument = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text) ? Number(text) : text);

/** --format for diffs: text (the default), json (with provenance), csv or html; --json is --format json. */
function diffFormat(values: Values, allowed: string[]): string {
  const format = optional(values, 'format');
  if (values.json && format !== undefined && format !== 'json') throw new UsageError('--json and --format cannot be used together');
  const chosen = values.json ? 'json' : (format ?? 'text');
  if (!allowed.includes(chosen)) throw new UsageError(`--format is ${allowed.join(', ')}, got "${chosen}"`);
  return chosen;
}

const runDiff: Run = (values, [before, after]) => {
  const format = diffFormat(values, ['text', 'json', 'csv', 'html']);
  const request = argument('diffSnapshots', { before: idArgument(before), after: idArgument(after) });
  const filters = { privileged: values.privileged === true };
  return withQuery(values, async (service) => {
    const diff = await service.diffSnapshots(request);
    if (format === 'json') printJson(snapshotDiffJson(diff, filters, new Date()));
    else if (format === 'csv') process.stdout.write(snapshotDiffCsv(diff, filters));
    else if (format === 'html') process.stdout.write(snapshotDiffHtml(diff, filters, new Date()));
    else print(renderDiff.snapshotDiff(diff, filters));
  });
};

const runFindings: Run = (values) => {
  if (values.schema) {
    process.stdout.write(findingsJsonSchema());
    return;
  }
  const format = diffFormat(values, ['text', 'json', 'csv']);
  const rules = optional(values, 'rules');
  if (values.saveRules && rules === undefined) throw new UsageError('--save-rules needs --rules FILE');
  const request = argument('findings', {
    snapshotId: snapshotId(values),
    platform: values.platform,
    rules: rules === undefined ? undefined : { path: rules, name: path.basename(rules) },
    severity: values.severity,
  });
  return withQuery(values, async (service) => {
    if (values.showRules) {
      // The rules saved for the snapshot's platform (or the defaults), as a rules file.
      const platform = request.platform ?? service.tree(request).snapshot.platform;
      printJson(service.findingsRules({ platform }).settings);
      return;
    }
    const result = service.findings(request);
    if (values.saveRules) {
      const { problems } = await service.saveFindingsRules({
        platform: result.snapshot.platform,
        settings: result.answer.settings.settings,
        snapshotId: result.snapshot.id,
      });
      if (problems.length > 0) throw new AuditError('input', `could not save the rules: ${problems.map((p) => p.message).join('; ')}`);
    }
    // A piece at a time: a million-assignment run's JSON is more than one string can hold.
    if (format === 'json')
      await writeChunks(prettyJsonChunks(findingsJson(result, { severity: request.severity }, new Date())), process.stdout);
    else if (format === 'csv') process.stdout.write(findingsCsv(result.answer));
    else print(renderFindings.findings(result));
    if (values.saveRules && format === 'text')
      print(
        `\nSaved the rules of ${result.answer.settings.fileName} in the database: findings of ${result.snapshot.model.name} snapshots use them when no --rules is given.`,
      );
  });
};

const runDiffModel: Run = async (values, [platform]) => {
  const format = diffFormat(values, ['text', 'json']);
  if (values.snapshot !== undefined && values.db === undefined) throw new UsageError('--snapshot needs --db');
  const request = argument('diffModel', {
    platform,
    from: values.from,
    to: values.to,
    model: modelFileFlag(values, 'model'),
    against: modelFileFlag(values, 'against'),
  });
  checkDate(request.from, '--from');
  checkDate(request.to, '--to');
  const answer =
    optional(values, 'db') === undefined
      ? describeModelDiff(request)
      : await withQuery(values, (service) => {
          // With --db: the snapshot asked for, or the newest of the platform.
          const id = snapshotId(values) ?? service.snapshots({}).find((s) => s.platform === request.platform.trim().toLowerCase())?.id;
          if (id === undefined) throw new AuditError('not-found', `no ${request.platform} snapshot in ${need(values, 'db')}`);
          return service.diffModel(argument('diffModel', { ...request, snapshotId: id }));
        });
  if (format === 'json') printJson(modelDiffJson(answer, new Date()));
  else print(renderDiff.modelDiff(answer));
};

// The flags, as each command's help lists them. The values are checked by the contract's schemas
// (argument() above), not here: commander only collects them.
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];
const flag = {
  db: () => new Option('--db <DB>', 'the SQLite database of snapshots'),
  json: () => new Option('--json', 'print JSON for programs'),
  snapshot: () => new Option('--snapshot <ID>', 'the snapshot to ask (default: the newest)'),
  scope: () => new Option('--scope <PATH>', 'the tenant node: names from the root joined by "/"'),
  channel: () => new Option('--channel <ui|api>', 'ask about one channel only'),
  platform: () => new Option('--platform <ID>', 'the platform (see permaudit platforms)'),
  newestOf: () => new Option('--platform <ID>', 'ask the newest snapshot of that platform'),
  asOf: (what: string) => new Option('--as-of <YYYY-MM-DD>', what),
};

/** What `permissions` and `roles` take: a platform, or a database whose snapshot's model is meant. */
const modelQuestion = (): Pick<Spec, 'usage' | 'args' | 'options'> => ({
  usage: `(--platform ID | --db DB [--snapshot ID])
      [--as-of DATE] [--json]`,
  args: [],
  options: [flag.platform(), flag.db(), flag.snapshot(), flag.asOf('the model in force that day (default: the latest)'), flag.json()],
});

interface Spec {
  name: string;
  /** One line, for the list of commands. */
  summary: string;
  /** The synopsis after "Usage: permaudit NAME", its lines indented to fit 80 columns. */
  usage: string;
  args: [name: string, description: string][];
  options: Option[];
  /** Command lines for "Examples:", each within 80 columns with its indent. */
  examples: string[];
  run: Run;
}

const SPECS: Spec[] = [
  {
    name: 'import',
    summary: 'import CSV user exports as a new snapshot',
    usage: `FILE... (--platform ID | --model FILE) --db DB
      [--name NAME]
      [--as-of YYYY-MM-DD] [--map field=Header]... [--set field=VALUE]...
      [--date-format dmy|mdy|ymd] [--allow-duplicate] [--progress] [--json]`,
    args: [['<FILE...>', 'CSV exports, one row per role assignment (at most 50)']],
    options: [
      flag.platform(),
      new Option('--model <FILE>', 'read the files with this role model file (JSON), kept with the snapshot'),
      flag.db(),
      new Option('--name <NAME>', "the snapshot's name (default: the first file's and the day)"),
      flag.asOf('read the files with the model in force that day'),
      new Option('--map <field=Header>', 'read a field from that column; field= leaves a column out (repeatable)').argParser(collect),
      new Option('--set <field=VALUE>', 'give every row that value for a missing field (repeatable)').argParser(collect),
      new Option('--date-format <dmy|mdy|ymd>', 'how slash dates in last_login are read'),
      new Option('--allow-duplicate', 'import files already imported as another snapshot'),
      new Option('--progress', 'show the progress line even when stderr is not a terminal'),
      flag.json(),
    ],
    examples: [
      'permaudit import resources/samples/huntress-msp.csv --platform huntress \\',
      '    --db audit.db',
      'permaudit import resources/samples/huntress-export-raw.csv \\',
      '    --platform huntress --db raw.db --map email="E-mail"',
    ],
    run: (values, [files]) => runImport(values, files as unknown as string[]),
  },
  {
    name: 'models',
    summary: 'check a role model file, or print the model file format',
    usage: 'validate FILE [--json] | schema',
    args: [
      ['<ACTION>', 'validate (a model file) or schema (the JSON Schema of model files)'],
      ['[FILE]', 'the model file (JSON) to validate'],
    ],
    options: [flag.json()],
    examples: ['permaudit models validate resources/models/acme-edr.json', 'permaudit models schema > model.schema.json'],
    run: runModels,
  },
  {
    name: 'snapshots',
    summary: 'list the snapshots in a database',
    usage: '--db DB [--platform ID] [--json]',
    args: [],
    options: [flag.db(), new Option('--platform <ID>', 'only snapshots of that platform'), flag.json()],
    examples: ['permaudit snapshots --db audit.db', 'permaudit snapshots --db audit.db --platform huntress'],
    run: runSnapshots,
  },
  {
    name: 'platforms',
    summary: 'list the built-in platform models',
    usage: '[--json]',
    args: [],
    options: [flag.json()],
    examples: ['permaudit platforms', 'permaudit platforms --json'],
    run: runPlatforms,
  },
  {
    name: 'permissions',
    summary: "list a platform's permissions",
    ...modelQuestion(),
    examples: [
      'permaudit permissions --platform huntress',
      'permaudit permissions --platform huntress --as-of 2022-01-01',
      'permaudit permissions --db audit.db',
    ],
    run: runPermissions,
  },
  {
    name: 'roles',
    summary: "list a platform's roles and what they grant",
    ...modelQuestion(),
    examples: ['permaudit roles --platform huntress', 'permaudit roles --db audit.db'],
    run: runRoles,
  },
  {
    name: 'who-can',
    summary: 'list who holds a permission, and where',
    usage: `PERMISSION --db DB [--snapshot ID | --platform ID]
      [--scope PATH] [--channel ui|api] [--potential]
      [--json | --format table|json|csv]`,
    args: [['<PERMISSION>', 'an id or a label, any case']],
    options: [
      flag.db(),
      flag.snapshot(),
      flag.newestOf(),
      new Option('--scope <PATH>', 'only grants that apply at PATH or below (default: anywhere)'),
      flag.channel(),
      new Option('--potential', 'also list who could give themselves the permission, with the path'),
      new Option('--json', 'print the entries as a JSON array'),
      new Option('--format <table|json|csv>', 'table (default), JSON with provenance, or CSV'),
    ],
    examples: [
      'permaudit who-can "Approve Assisted Remediation" --db audit.db \\',
      '    --scope "Northwind MSP/Bayside Dental"',
      'permaudit who-can remediation.approve --db audit.db --format csv > who.csv',
      'permaudit who-can "Delete scans" --db audit.db --potential',
    ],
    run: runWhoCan,
  },
  {
    name: 'can',
    summary: 'say whether a user holds a permission at a node, and why',
    usage: `EMAIL PERMISSION --db DB --scope PATH
      [--snapshot ID | --platform ID] [--channel ui|api] [--json]`,
    args: [
      ['<EMAIL>', "the user's email"],
      ['<PERMISSION>', 'an id or a label, any case'],
    ],
    options: [flag.db(), flag.scope(), flag.snapshot(), flag.newestOf(), flag.channel(), flag.json()],
    examples: [
      'permaudit can priya.raman@coastal-it.example "Approve Assisted Remediation" \\',
      '    --db audit.db --scope "Northwind MSP/Alder & Finch LLP"',
    ],
    run: runCan,
  },
  {
    name: 'access',
    summary: 'list what a user can do, node by node',
    usage: 'EMAIL --db DB [--snapshot ID | --platform ID] [--json]',
    args: [['<EMAIL>', "the user's email"]],
    options: [flag.db(), flag.snapshot(), flag.newestOf(), flag.json()],
    examples: ['permaudit access tomas.herrera@northwind-msp.example --db audit.db'],
    run: runAccess,
  },
  {
    name: 'matrix',
    summary: 'tabulate users against permissions at a node',
    usage: `--db DB [--snapshot ID | --platform ID] [--scope PATH]
      [--channel ui|api] [--format table|csv|json]`,
    args: [],
    options: [
      flag.db(),
      flag.snapshot(),
      flag.newestOf(),
      new Option('--scope <PATH>', 'the tenant node (default: the root)'),
      flag.channel(),
      new Option('--format <table|csv|json>', 'table (default), CSV, or JSON with provenance'),
    ],
    examples: [
      'permaudit matrix --db audit.db --scope "Northwind MSP/Bayside Dental"',
      'permaudit matrix --db audit.db --format csv > matrix.csv',
    ],
    run: runMatrix,
  },
  {
    name: 'diff',
    summary: 'what changed between two snapshots: people, assignments, access',
    usage: `SNAPSHOT_A SNAPSHOT_B --db DB [--privileged]
      [--json | --format text|json|csv|html]`,
    args: [
      ['<SNAPSHOT_A>', 'the earlier snapshot (its id)'],
      ['<SNAPSHOT_B>', 'the later snapshot'],
    ],
    options: [
      flag.db(),
      new Option('--privileged', 'only changes of privileged permissions'),
      new Option('--json', 'print JSON with provenance (--format json)'),
      new Option('--format <text|json|csv|html>', 'text (default), JSON with provenance, CSV, or a one-file HTML report'),
    ],
    examples: [
      'permaudit diff 1 2 --db audit.db',
      'permaudit diff 1 2 --db audit.db --privileged',
      'permaudit diff 1 2 --db audit.db --format csv > changes.csv',
      'permaudit diff 1 2 --db audit.db --format html > changes.html',
    ],
    run: runDiff,
  },
  {
    name: 'what-if',
    summary: "what a plan of changes would do to people's access",
    usage: `--db DB (--plan FILE | --saved NAME)
      [--snapshot ID | --platform ID] [--save] [--no-new-access] [--json]`,
    args: [],
    options: [
      flag.db(),
      new Option('--plan <FILE>', 'the plan (JSON, docs/what-if.md)'),
      new Option('--saved <NAME>', 'a plan saved in the database'),
      flag.snapshot(),
      flag.newestOf(),
      new Option('--save', 'save the plan in the database under its name'),
      new Option('--no-new-access', 'a check: exit 3, listing them, when the plan gives anyone anything new'),
      flag.json(),
    ],
    examples: [
      'permaudit what-if --db audit.db --plan resources/plans/offboard-marcus.json',
      'permaudit what-if --db audit.db --plan plan.json --no-new-access',
    ],
    run: runWhatIf,
  },
  {
    name: 'plans',
    summary: 'list, show or delete the what-if plans saved in a database',
    usage: '[list | show NAME | delete NAME] --db DB [--json]',
    args: [
      ['[ACTION]', 'list (default), show (print the plan as JSON) or delete'],
      ['[NAME]', "the plan's name"],
    ],
    options: [flag.db(), flag.json()],
    examples: ['permaudit plans --db audit.db', 'permaudit plans show "Offboard Marcus" --db audit.db > plan.json'],
    run: runPlans,
  },
  {
    name: 'findings',
    summary: 'the risks to review first: privileged, inactive, outside people…',
    usage: `--db DB [--snapshot ID | --platform ID] [--rules FILE [--save-rules]]
      [--severity LEVEL] [--json | --format text|json|csv] | --show-rules | --schema`,
    args: [],
    options: [
      flag.db(),
      flag.snapshot(),
      flag.newestOf(),
      new Option('--rules <FILE>', 'settings and accepted exceptions (JSON, docs/findings.md)'),
      new Option('--severity <LEVEL>', 'only findings this severe or worse: critical, high, medium, low, info'),
      new Option('--json', 'print JSON with provenance (--format json)'),
      new Option('--format <text|json|csv>', 'text (default), JSON with provenance, or CSV'),
      new Option('--save-rules', "save the --rules file in the database as the platform's rules, used when no --rules is given"),
      new Option('--show-rules', "print the platform's saved rules (or the defaults) as a rules file"),
      new Option('--schema', 'print the JSON Schema of rules files'),
    ],
    examples: [
      'permaudit findings --db audit.db',
      'permaudit findings --db audit.db --rules resources/findings/huntress-msp.json',
      'permaudit findings --db audit.db --rules resources/findings/huntress-msp.json --save-rules',
      'permaudit findings --db audit.db --show-rules > rules.json',
      'permaudit findings --db audit.db --severity high --format csv > findings.csv',
    ],
    run: runFindings,
  },
  {
    name: 'review',
    summary: 'access review campaigns: start, decide, sign off, verify, remediation',
    usage: `start --db DB --name NAME --reviewer EMAIL… --by WHO
        [--snapshot ID | --platform ID] [--scope PATH] [--due DAY] [--preview]
      | list | show ID [--undecided] [--privileged] [--changed]
        [--reviewer EMAIL] [--decision D] [--recommendation RULE]
      | decide ID (--item N… | --undecided | --privileged | --changed
        | --recommendation RULE) --decision D [--comment TEXT] [--role ROLE]
        [--expires DAY] [--self-reason TEXT] [--by WHO]
      | decide ID --from-csv FILE [--by WHO]
      | reassign ID (--item N… | --scope PATH) --reviewer EMAIL
        --note TEXT --by WHO
      | export-sheet ID --format xlsx|csv --out FILE [--reviewer EMAIL]
      | import-sheet ID FILE [--by WHO]
      | sign-off ID --name NAME --statement TEXT | log ID | verify ID
      | remediation ID [--snapshot ID]     (all with --db DB [--json])`,
    args: [
      ['<ACTION>', 'start, list, show, decide, reassign, export-sheet, import-sheet, sign-off, log, verify or remediation'],
      ['[ID]', "the review's number (see review list)"],
      ['[FILE]', 'import-sheet: the filled review sheet (XLSX or CSV)'],
    ],
    options: [
      flag.db(),
      flag.snapshot(),
      flag.newestOf(),
      new Option('--name <NAME>', "start: the review's name; sign-off: who signs"),
      new Option('--scope <PATH>', 'start: review this tenant and below; reassign: its items'),
      new Option('--due <YYYY-MM-DD>', 'start: the day the review is due'),
      new Option('--reviewer <EMAIL>', 'start: EMAIL or "PATH=EMAIL" (repeatable); show, reassign, export-sheet: one reviewer').argParser(
        collect,
      ),
      new Option('--rules <FILE>', "start: a findings rules file for the items' recommendations"),
      new Option('--preview', 'start: show the population and counts; start nothing'),
      new Option('--by <WHO>', 'who does it (an email or a name); decide: default each item’s reviewer'),
      new Option('--item <N>', 'item numbers: 5, 3,7 or 10-20 (repeatable)').argParser(collect),
      new Option('--decision <D>', 'keep, revoke, modify, exception or dont-know'),
      new Option('--comment <TEXT>', 'required for revoke, modify, exception and keeping privileged access'),
      new Option('--role <ROLE>', 'modify: the role the access becomes'),
      new Option('--expires <YYYY-MM-DD>', 'exception: the day it expires'),
      new Option('--self-reason <TEXT>', 'why a reviewer decides their own access'),
      new Option('--from-csv <FILE>', 'decide: columns item,decision,comment,role,expires,self_reason'),
      new Option('--note <TEXT>', 'reassign: why'),
      new Option('--format <xlsx|csv>', 'export-sheet: an XLSX workbook or a CSV file'),
      new Option('--out <FILE>', 'export-sheet: the file to write'),
      new Option('--statement <TEXT>', 'sign-off: what the signer states'),
      new Option('--undecided', 'show, decide: only undecided items'),
      new Option('--privileged', 'show, decide: only privileged items'),
      new Option('--changed', 'show, decide: only items changed since the previous review'),
      new Option('--recommendation <RULE>', 'show, decide: only items a finding of this rule bears on'),
      flag.json(),
    ],
    examples: [
      'permaudit review start --db audit.db --name "Q4 access review" \\',
      '    --reviewer elena.vasquez@northwind-msp.example --by "Elena Vasquez"',
      'permaudit review decide 1 --db audit.db --item 3 --decision revoke \\',
      '    --comment "Left the company"',
      'permaudit review verify 1 --db audit.db',
    ],
    run: runReview,
  },
  {
    name: 'report',
    summary: 'an audit report: access review, who can do what, findings',
    usage: `--db DB --type access-review|who-can|findings
      --format html|pdf|csv|json --out FILE
      [--snapshot ID | --platform ID] [--review ID] [--rules FILE]`,
    args: [],
    options: [
      flag.db(),
      new Option('--type <TYPE>', 'access-review, who-can or findings'),
      new Option('--format <FORMAT>', 'html (one file), pdf (needs Chromium), csv or json'),
      new Option('--out <FILE>', 'the file to write'),
      flag.snapshot(),
      flag.newestOf(),
      new Option('--review <ID>', "access-review: this review (default: the snapshot's newest)"),
      new Option('--rules <FILE>', "a findings rules file (default: the platform's saved rules, else the defaults)"),
    ],
    examples: [
      'permaudit report --db audit.db --type access-review --format html \\',
      '    --out access-review.html',
      'permaudit report --db audit.db --type who-can --format csv --out who.csv',
      'permaudit report --db audit.db --type findings --format pdf --out findings.pdf',
    ],
    run: runReport,
  },
  {
    name: 'diff-model',
    summary: "what changed in a platform's roles, and whom it affects",
    usage: `PLATFORM [--from YYYY-MM-DD] [--to YYYY-MM-DD]
      [--model FILE] [--against FILE] [--db DB [--snapshot ID]] [--json]`,
    args: [['<PLATFORM>', 'the platform (see permaudit platforms)']],
    options: [
      new Option('--from <YYYY-MM-DD>', 'the model in force that day (default: the first version)'),
      new Option('--to <YYYY-MM-DD>', 'the model in force that day (default: the latest)'),
      new Option('--model <FILE>', 'the later side: this model file, not the built-in model'),
      new Option('--against <FILE>', 'the earlier side: this model file, not the built-in model'),
      new Option('--db <DB>', "list the people a change affects in the platform's newest snapshot"),
      new Option('--snapshot <ID>', 'that snapshot instead of the newest'),
      new Option('--json', 'print JSON with provenance'),
    ],
    examples: [
      'permaudit diff-model huntress --from 2022-01-01 --to 2022-07-01',
      'permaudit diff-model huntress --model our-huntress.json',
      'permaudit diff-model huntress --from 2022-01-01 --db audit.db',
    ],
    run: runDiffModel,
  },
];

const NOTES = `
PERMISSION is an id or a label (any case). PATH is node names from the root
joined by "/" (any case), or a node's name when only one node has it. The
snapshot defaults to the newest (--platform ID: the newest of that platform).
JSON answers carry their provenance (who-can --json stays a plain array;
--format json adds it).
Ctrl+C during an import cancels it: nothing is written.
Exit codes: 0 answered, 1 bad input, 2 usage error, 3 new access found
(what-if --no-new-access), 4 a review's log does not verify (review verify),
130 import cancelled.

Run "permaudit help COMMAND" for a command's options and examples.
`;

/** The help is wrapped for an 80-column terminal, or a narrower one. */
const helpWidth = (stream: NodeJS.WriteStream) => Math.min(stream.isTTY && stream.columns ? stream.columns : 80, 80);

/** A command's name and arguments, as the list of commands shows it: `who-can PERMISSION`. */
function commandTerm(command: Command): string {
  const args = command.registeredArguments.map((a) => `${a.required ? a.name() : `[${a.name()}]`}${a.variadic ? '...' : ''}`);
  return [command.name(), ...args].join(' ');
}

/** Commander's messages in the CLI's words: `unknown command 'x' (did you mean who-can?)`. */
function usageMessage(error: CommanderError): string {
  return error.message
    .replace(/^error: /, '')
    .replace(/\n\(Did you mean (.*)\?\)$/, ' (did you mean $1?)')
    .replace(/'([^']*)'/g, '"$1"');
}

/** Help and version end the run with commander's exit code (0; 2 for the help given when no command is). */
function exitOverride(command: Command) {
  return (error: CommanderError): never => {
    if (['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code))
      throw new Exit(error.exitCode === 0 ? 0 : 2);
    throw new UsageError(usageMessage(error), command);
  };
}

/** The program: one commander Command per CLI command. `ran` is told the command that runs. */
function program(ran: (name: string) => void, answered: (code: number) => void): Command {
  const cli = new Command('permaudit')
    .description('Who can do what, where, in multi-tenant security platforms.')
    .usage('COMMAND [ARGUMENTS] [OPTIONS]')
    .version(APP_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .helpCommand('help [COMMAND]', "show a command's help")
    .configureHelp({ subcommandTerm: commandTerm, argumentTerm: (a) => `${a.name()}${a.variadic ? '...' : ''}` })
    .configureOutput({
      outputError: () => {}, // the CLI prints usage errors itself, with the command's usage
      getOutHelpWidth: () => helpWidth(process.stdout),
      getErrHelpWidth: () => helpWidth(process.stderr),
    })
    .addHelpText('after', NOTES);
  cli.exitOverride(exitOverride(cli));
  for (const spec of SPECS) {
    const command = cli
      .command(spec.name)
      .summary(spec.summary)
      .description(`${spec.summary[0].toUpperCase()}${spec.summary.slice(1)}.`)
      .usage(spec.usage);
    for (const [name, description] of spec.args) command.argument(name, description);
    for (const option of spec.options) command.addOption(option);
    command.addHelpText('after', `\nExamples:\n${spec.examples.map((line) => `  ${line}`).join('\n')}\n`);
    command.exitOverride(exitOverride(command));
    command.action(async function (this: Command) {
      ran(spec.name);
      try {
        const code = await spec.run(this.opts(), this.processedArgs as string[]);
        if (typeof code === 'number') answered(code);
      } catch (error) {
        if (error instanceof UsageError) error.command ??= command;
        throw error;
      }
    });
  }
  return cli;
}

/** What a usage error prints after its message: the usage of the command it is in, and where the rest is. */
function usageOf(command: Command): string {
  const name = command.parent ? `permaudit ${command.name()}` : 'permaudit';
  const more = command.parent
    ? `Run "permaudit help ${command.name()}" for its options and examples.`
    : 'Run "permaudit --help" for the commands.';
  return `Usage: ${name} ${command.usage()}\n${more}\n`;
}

export async function main(argv: string[]): Promise<number> {
  let name: string | undefined;
  let code = 0;
  const cli = program(
    (ran) => (name = ran),
    (answered) => (code = answered),
  );
  // `help NAME` for a command there is not: the unknown command error, with its suggestion.
  const [first, second] = argv;
  const args = first === 'help' && second !== undefined && !cli.commands.some((c) => c.name() === second) ? [second] : argv;
  try {
    await cli.parseAsync(args, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof Exit) return error.code;
    if (error instanceof UsageError) {
      printError(`permaudit: ${error.message}\n\n${usageOf(error.command ?? cli)}`);
      return 2;
    }
    if (error instanceof AuditError) {
      if (error.kind === 'cancelled') {
        printError(`permaudit: ${error.message}\n`);
        return EXIT_CANCELLED;
      }
      const hint = name === 'import' ? importHint(error) : undefined;
      printError(`permaudit: ${describeError(error)}\n${hint ? `${hint}\n` : ''}`);
      return 1;
    }
    throw error;
  }
}

exitQuietlyOnClosedPipes();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    printError(`permaudit: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
