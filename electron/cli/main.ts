// `permaudit`: the command line on the same service as the desktop app.
// Exit codes: 0 answered (also when `can` says no), 1 bad input, 2 usage error, 130 import cancelled (Ctrl+C).

import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { API, type ApiArgument, type ApiMethod } from '../../shared/api';
import { isMissingColumn, suggestedPlatform } from '../../shared/csv/columns';
import { trimCell } from '../../shared/csv/values';
import { AuditError, describeError } from '../../shared/errors';
import { check, formatPath } from '../../shared/schema';
import { visible } from '../../shared/text/visible';
import { checkDate, describeModel, openAuditService } from '../services/audit-service';
import { accessJson, canJson, citeChain, matrixExportJson, whoCanCsv, whoCanJson } from '../../shared/engine/answer-export';
import { BUILT_IN_MODELS } from '../../shared/models';
import { buildProvenance } from '../../shared/provenance';
import { exitQuietlyOnClosedPipes } from './pipes';
import * as render from './render';

class UsageError extends Error {}

const USAGE = `permaudit — who can do what, where, in multi-tenant security platforms

Usage:
  permaudit import FILE... --platform ID --db DB [--name NAME]
      [--as-of YYYY-MM-DD] [--map field=Header]... [--set field=VALUE]...
      [--date-format dmy|mdy|ymd] [--allow-duplicate] [--progress] [--json]
  permaudit snapshots --db DB [--json]
  permaudit platforms [--json]
  permaudit permissions --platform ID [--as-of DATE] [--json]
  permaudit roles --platform ID [--as-of DATE] [--json]
  permaudit who-can PERMISSION --db DB [--snapshot ID] [--scope PATH]
      [--channel ui|api] [--json | --format table|json|csv]
  permaudit can EMAIL PERMISSION --db DB --scope PATH [--snapshot ID]
      [--channel ui|api] [--json]
  permaudit access EMAIL --db DB [--snapshot ID] [--json]
  permaudit matrix --db DB [--snapshot ID] [--scope PATH] [--channel ui|api]
      [--format table|csv|json]

PERMISSION is an id or a label (any case). PATH is node names from the root
joined by "/". The snapshot defaults to the newest. JSON answers carry their
provenance (who-can --json stays a plain array; --format json adds it).
Ctrl+C during an import cancels it: nothing is written.
Exit codes: 0 answered, 1 bad input, 2 usage error, 130 import cancelled.
`;

/** The exit code of an import cancelled with Ctrl+C (128 + SIGINT, as shells have it). */
const EXIT_CANCELLED = 130;

type Options = ParseArgsConfig['options'];
const db = { db: { type: 'string' } } as const;
const json = { json: { type: 'boolean' } } as const;
const snapshot = { snapshot: { type: 'string' } } as const;
const channel = { channel: { type: 'string' } } as const;
const model = { platform: { type: 'string' }, 'as-of': { type: 'string' } } as const;

interface Command {
  options: Options;
  positionals: [min: number, max: number, names: string];
  run(values: Record<string, unknown>, positionals: string[]): Promise<void> | void;
}

function need(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function optional(values: Record<string, unknown>, name: string): string | undefined {
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
};

/**
 * A call's argument made from the flags and checked by the contract's own schema, as the desktop and
 * browser hosts check theirs; a problem names the flag (`--snapshot must be a whole number …`).
 */
function argument<K extends ApiMethod>(method: K, flags: Record<string, unknown>): ApiArgument<K> {
  const result = check(API[method].argument, flags);
  if (result.ok) return result.value as ApiArgument<K>;
  const problems = result.issues.map(({ path: [first, ...rest], message }) => `${formatPath(rest, FLAGS[String(first)] ?? String(first))} ${message}`);
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
function snapshotId(values: Record<string, unknown>): number | string | undefined {
  const text = optional(values, 'snapshot');
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : text;
}

function pairsOf(values: Record<string, unknown>, flag: 'map' | 'set', shape: string): Record<string, string> | undefined {
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
  const platform = error.problems.map((p) => suggestedPlatform(p.message)).find((id) => id !== undefined);
  if (platform) return `hint: import them with --platform ${platform}`;
  const missing = error.problems.find((p) => isMissingColumn(p.message));
  if (!missing) return undefined;
  const field = /"([^"]+)"/.exec(missing.message)?.[1] ?? 'FIELD';
  return `hint: map a column to it with --map ${field}="HEADER", or give every row one value with --set ${field}="VALUE"`;
}

function query(values: Record<string, unknown>) {
  return openAuditService({ dbPath: need(values, 'db'), mustExist: true });
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

const commands: Record<string, Command> = {
  import: {
    options: {
      ...db,
      ...json,
      ...model,
      name: { type: 'string' },
      map: { type: 'string', multiple: true },
      set: { type: 'string', multiple: true },
      'date-format': { type: 'string' },
      'allow-duplicate': { type: 'boolean' },
      progress: { type: 'boolean' },
    },
    positionals: [1, Infinity, 'FILE...'],
    async run(values, files) {
      const dbPath = need(values, 'db');
      const importId = randomUUID();
      const request = asOf(
        argument('importFiles', {
          files: files.map((file) => ({ path: file, name: path.basename(file) })),
          platform: values.platform,
          asOf: values['as-of'],
          name: values.name,
          mapping: pairsOf(values, 'map', 'field=Header'),
          set: pairsOf(values, 'set', 'field=VALUE'),
          dateFormat: values['date-format'],
          allowDuplicate: values['allow-duplicate'],
          importId,
        }),
      );
      const service = openAuditService({ dbPath });
      // Ctrl+C cancels the import (it rejects as `cancelled`, nothing written); once the snapshot is being written it finishes.
      const cancel = () => {
        if (!service.cancelImport({ importId }).cancelled) printError('\npermaudit: the snapshot is being written; it will be complete in a moment\n');
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
    },
  },
  snapshots: {
    options: { ...db, ...json },
    positionals: [0, 0, ''],
    run(values) {
      const service = query(values);
      const list = service.snapshots({});
      service.close();
      if (values.json) printJson(list);
      else print(render.snapshots(list));
    },
  },
  platforms: {
    options: { ...json },
    positionals: [0, 0, ''],
    run(values) {
      const list = BUILT_IN_MODELS.map((m) => describeModel(m.id));
      if (values.json) printJson(list.map((m) => m.platform));
      else print(render.platforms(list));
    },
  },
  permissions: {
    options: { ...json, ...model },
    positionals: [0, 0, ''],
    run(values) {
      const request = asOf(argument('model', { platform: values.platform, asOf: values['as-of'] }));
      const info = describeModel(request.platform, request.asOf);
      if (values.json) printJson(info.permissions);
      else print(render.permissions(info));
    },
  },
  roles: {
    options: { ...json, ...model },
    positionals: [0, 0, ''],
    run(values) {
      const request = asOf(argument('model', { platform: values.platform, asOf: values['as-of'] }));
      const info = describeModel(request.platform, request.asOf);
      if (values.json) printJson(info.roles);
      else print(render.roles(info));
    },
  },
  'who-can': {
    options: { ...db, ...json, ...snapshot, ...channel, scope: { type: 'string' }, format: { type: 'string' } },
    positionals: [1, 1, 'PERMISSION'],
    run(values, [permission]) {
      const format = optional(values, 'format') ?? (values.json ? 'entries' : 'table');
      if (!['table', 'csv', 'json', 'entries'].includes(format)) throw new UsageError(`--format is table, json or csv, got "${format}"`);
      if (values.json && optional(values, 'format') !== undefined) throw new UsageError('--json and --format cannot be used together (--json is the entries as an array)');
      const request = argument('whoCan', { snapshotId: snapshotId(values), permission, scope: values.scope, channel: values.channel });
      const service = query(values);
      try {
        const result = service.whoCan(request);
        // --json: the entries as an array, as scripts have read it; --format json: with provenance.
        if (format === 'entries') printJson(result.answer.entries.map(citeChain));
        else if (format === 'json') printJson(whoCanJson(result, new Date()));
        else if (format === 'csv') process.stdout.write(whoCanCsv(result.answer));
        else print(render.whoCan(result));
      } finally {
        service.close();
      }
    },
  },
  can: {
    options: { ...db, ...json, ...snapshot, ...channel, scope: { type: 'string' } },
    positionals: [2, 2, 'EMAIL PERMISSION'],
    run(values, [email, permission]) {
      const request = argument('can', { snapshotId: snapshotId(values), email, permission, scope: values.scope, channel: values.channel });
      const service = query(values);
      try {
        const result = service.can(request);
        if (values.json) printJson(canJson(result, new Date()));
        else print(render.can(result));
      } finally {
        service.close();
      }
    },
  },
  access: {
    options: { ...db, ...json, ...snapshot },
    positionals: [1, 1, 'EMAIL'],
    run(values, [email]) {
      const request = argument('access', { snapshotId: snapshotId(values), email });
      const service = query(values);
      try {
        const result = service.access(request);
        if (values.json) printJson(accessJson(result, new Date()));
        else print(render.access(result));
      } finally {
        service.close();
      }
    },
  },
  matrix: {
    options: { ...db, ...snapshot, ...channel, scope: { type: 'string' }, format: { type: 'string' } },
    positionals: [0, 0, ''],
    run(values) {
      const format = optional(values, 'format') ?? 'table';
      if (!['table', 'csv', 'json'].includes(format)) throw new UsageError(`--format is table, csv or json, got "${format}"`);
      const request = argument('matrix', { snapshotId: snapshotId(values), scope: values.scope, channel: values.channel });
      const service = query(values);
      try {
        const result = service.matrix(request);
        if (format === 'json') printJson(matrixExportJson(result, { channel: request.channel ?? null }, new Date()));
        else if (format === 'csv') process.stdout.write(render.matrixCsv(result.answer));
        else print(render.matrixTable(result));
      } finally {
        service.close();
      }
    },
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`);
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError((error as Error).message.replace(/^.*?: /, ''));
    }
    const [min, max, names] = command.positionals;
    const count = parsed.positionals.length;
    if (count < min || count > max) {
      throw new UsageError(max === 0 ? `${name} takes no arguments` : `${name} expects ${names}`);
    }
    await command.run(parsed.values, parsed.positionals);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      printError(`permaudit: ${error.message}\n\n${USAGE}`);
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
