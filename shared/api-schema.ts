// Argument schemas for every call in the API contract. Each host validates a call's argument here
// before any service runs, so a malformed or hostile call is refused the same way everywhere.

import type { ApiMethod } from './api';
import { AuditError } from './errors';
import { SEED_FILE } from './models/seeds';

/** Returns the problems with a value (empty when it is valid). */
export type Schema = (value: unknown, at: string) => string[];

const typeName = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

export const text =
  (options: { max?: number; pattern?: RegExp; nonEmpty?: boolean } = {}): Schema =>
  (value, at) => {
    if (typeof value !== 'string') return [`${at} must be a string, not ${typeName(value)}`];
    if (options.nonEmpty && value.trim() === '') return [`${at} must not be empty`];
    if (value.length > (options.max ?? 4096)) return [`${at} is too long`];
    if (options.pattern && !options.pattern.test(value)) return [`${at} is not in the expected form`];
    return [];
  };

export const integer =
  (min = 0, max = Number.MAX_SAFE_INTEGER): Schema =>
  (value, at) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max ? [] : [`${at} must be a whole number from ${min} to ${max}`];

export const oneOf =
  (...allowed: string[]): Schema =>
  (value, at) =>
    allowed.includes(value as string) ? [] : [`${at} must be one of ${allowed.join(', ')}`];

export const optional =
  (schema: Schema): Schema =>
  (value, at) =>
    value === undefined ? [] : schema(value, at);

export const list =
  (item: Schema, max = 100): Schema =>
  (value, at) => {
    if (!Array.isArray(value)) return [`${at} must be an array`];
    if (value.length > max) return [`${at} has more than ${max} items`];
    return value.flatMap((v, i) => item(v, `${at}[${i}]`));
  };

export const dictionary =
  (valueSchema: Schema, max = 50): Schema =>
  (value, at) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at} must be an object`];
    const entries = Object.entries(value);
    if (entries.length > max) return [`${at} has too many entries`];
    return entries.flatMap(([k, v]) => valueSchema(v, `${at}.${k}`));
  };

/** An object with exactly these properties (unknown ones are refused). */
export const object =
  (shape: Record<string, Schema>): Schema =>
  (value, at) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at} must be an object, not ${typeName(value)}`];
    const unknown = Object.keys(value).filter((k) => !(k in shape));
    return [
      ...unknown.map((k) => `${at}.${k} is not a known property`),
      ...Object.entries(shape).flatMap(([k, schema]) => schema((value as Record<string, unknown>)[k], `${at}.${k}`)),
    ];
  };

const date = text({ pattern: /^\d{4}-\d{2}-\d{2}$/ });
const platform = text({ nonEmpty: true, max: 64 });
const snapshotId = optional(integer(1));
const channel = optional(oneOf('ui', 'api'));
const files = list(object({ path: text({ nonEmpty: true }), name: optional(text({ max: 255 })) }), 50);
const mapping = optional(dictionary(text({ max: 255 })));
const set = optional(dictionary(text({ max: 1024 })));
const dateFormat = optional(oneOf('dmy', 'mdy', 'ymd'));
const flag: Schema = (value, at) => (value === undefined || typeof value === 'boolean' ? [] : [`${at} must be true or false`]);
const nothing = object({});

export const API_SCHEMAS: Record<ApiMethod, Schema> = {
  platforms: nothing,
  samples: nothing,
  model: object({ platform, asOf: optional(date) }),
  snapshots: nothing,
  deleteSnapshot: object({ snapshotId: integer(1) }),
  previewImport: object({ files, platform, mapping, set }),
  importFiles: object({ files, platform, asOf: optional(date), name: optional(text({ max: 200 })), mapping, set, dateFormat, allowDuplicate: flag }),
  tree: object({ snapshotId }),
  users: object({ snapshotId, search: optional(text({ max: 200 })), scope: optional(text({ max: 2000 })), limit: optional(integer(1, 100_000)), offset: optional(integer(0)) }),
  whoCan: object({ snapshotId, permission: text({ nonEmpty: true, max: 200 }), scope: optional(text({ max: 2000 })), channel }),
  can: object({
    snapshotId,
    email: text({ nonEmpty: true, max: 320 }),
    permission: text({ nonEmpty: true, max: 200 }),
    scope: text({ nonEmpty: true, max: 2000 }),
    channel,
  }),
  access: object({ snapshotId, email: text({ nonEmpty: true, max: 320 }) }),
  matrix: object({ snapshotId, scope: optional(text({ max: 2000 })), channel }),
  seed: object({ file: text({ nonEmpty: true, max: 255, pattern: SEED_FILE }) }),
};

export const API_METHODS = Object.keys(API_SCHEMAS) as ApiMethod[];

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(API_SCHEMAS, name);
}

/** Throws a usage error listing every problem with the call's argument. */
export function validateCall(method: unknown, argument: unknown): ApiMethod {
  if (!isApiMethod(method)) throw new AuditError('usage', `unknown API call "${String(method)}"`);
  const problems = API_SCHEMAS[method](argument, 'argument');
  if (problems.length > 0) throw new AuditError('usage', `invalid arguments for ${method}: ${problems.join('; ')}`);
  return method;
}
