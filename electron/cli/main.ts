// `permaudit`: the command line on the same service as the desktop app.
// Exit codes: 0 answered (also when `can` says no), 1 bad input, 2 usage error.

import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Channel } from '../../shared/api';
import { isMissingColumn, suggestedPlatform } from '../../shared/csv/columns';
import { DATE_FORMATS, trimCell, type DateFormat } from '../../shared/csv/values';
import { AuditError, describeError } from '../../shared/errors';
import { checkDate, describeModel, openAuditService } from '../services/audit-service';
import { accessJson, canJson, citeChain, matrixExportJson, whoCanCsv, whoCanJson } from '../../shared/engine/answer-export';
import { BUILT_IN_MODELS } from '../../shared/models';
import { buildProvenance } from '../../shared/provenance';
import * as render from './render';

class UsageError extends Error {}

const USAGE = `permaudit — who can do what, where, in multi-tenant security platforms

Usage:
  permaudit import FILE... --platform ID --db DB [--name NAME]
      [--as-of YYYY-MM-DD] [--map field=Header]... [--set field=VALUE]...
      [--date-format dmy|mdy|ymd] [--allow-duplicate] [--json]
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
Exit codes: 0 answered, 1 bad input, 2 usage error.
`;

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

/** --as-of, checked here so that its message names the flag (the service would say "the as-of date"). */
function asOf(values: Record<string, unknown>): string | undefined {
  return checkDate(optional(values, 'as-of'), '--as-of');
}

function snapshotId(values: Record<string, unknown>): number | undefined {
  const text = optional(values, 'snapshot');
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--snapshot takes a snapshot id (a number), got "${text}"`);
  return Number(text);
}

function channelOf(values: Record<string, unknown>): Channel | undefined {
  const text = optional(values, 'channel');
  if (text === undefined) return undefined;
  if (text !== 'ui' && text !== 'api') throw new UsageError(`--channel is ui or api, got "${text}"`);
  return text;
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

function dateFormatOf(values: Record<string, unknown>): DateFormat | undefined {
  const text = optional(values, 'date-format');
  if (text === undefined) return undefined;
  if (!(DATE_FORMATS as readonly string[]).includes(text)) throw new UsageError(`--date-format is dmy, mdy or ymd, got "${text}"`);
  return text as DateFormat;
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

function print(text: string) {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function printJson(value: unknown) {
  print(JSON.stringify(value, null, 2));
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
    },
    positionals: [1, Infinity, 'FILE...'],
    async run(values, files) {
      const service = openAuditService({ dbPath: need(values, 'db') });
      try {
        const showProgress = process.stderr.isTTY && !values.json;
        const request = {
          files: files.map((file) => ({ path: file, name: path.basename(file) })),
          platform: need(values, 'platform'),
          asOf: asOf(values),
          name: optional(values, 'name'),
          mapping: pairsOf(values, 'map', 'field=Header'),
          set: pairsOf(values, 'set', 'field=VALUE'),
          dateFormat: dateFormatOf(values),
          allowDuplicate: values['allow-duplicate'] === true ? true : undefined,
        };
        // The progress line is cleared however the import ends, so an error starts on a line of its own.
        const info = await service
          .importFiles(request, showProgress ? (p) => process.stderr.write(`\r${render.progress(p)}`) : undefined)
          .finally(() => showProgress && process.stderr.write('\r\x1b[K'));
        if (values.json) printJson({ ...info, provenance: buildProvenance(info, { kind: 'import' }, new Date()) });
        else print(render.imported(info));
      } finally {
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
      const info = describeModel(need(values, 'platform'), asOf(values));
      if (values.json) printJson(info.permissions);
      else print(render.permissions(info));
    },
  },
  roles: {
    options: { ...json, ...model },
    positionals: [0, 0, ''],
    run(values) {
      const info = describeModel(need(values, 'platform'), asOf(values));
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
      const service = query(values);
      try {
        const result = service.whoCan({
          snapshotId: snapshotId(values),
          permission,
          scope: optional(values, 'scope'),
          channel: channelOf(values),
        });
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
      const scope = need(values, 'scope');
      const service = query(values);
      try {
        const result = service.can({ snapshotId: snapshotId(values), email, permission, scope, channel: channelOf(values) });
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
      const service = query(values);
      try {
        const result = service.access({ snapshotId: snapshotId(values), email });
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
      const service = query(values);
      try {
        const result = service.matrix({ snapshotId: snapshotId(values), scope: optional(values, 'scope'), channel: channelOf(values) });
        if (format === 'json') printJson(matrixExportJson(result, { channel: channelOf(values) ?? null }, new Date()));
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
      process.stderr.write(`permaudit: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof AuditError) {
      const hint = name === 'import' ? importHint(error) : undefined;
      process.stderr.write(`permaudit: ${describeError(error)}\n${hint ? `${hint}\n` : ''}`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`permaudit: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
