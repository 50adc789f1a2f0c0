// How this project writes schemas (zod 4): one configuration, the field shapes the schemas share, and
// one way of turning zod's issues into problems that name the JSON path (`files[0].path must be a
// string, not null`). Used by the API contract (shared/api.ts) and the model format
// (shared/model/types.ts).

import * as z from 'zod';
import { quote } from './csv/values';

// zod compiles object parsers with `new Function` where it can. The renderer's Content-Security-Policy
// forbids that, and even zod's guarded probe is reported there as a violation; the parsers it would
// compile are a speed-up these small arguments do not need. Every module that builds schemas imports
// this one, so this runs before any schema is built. Modules import zod as `* as z`, the form bundlers
// tree-shake: `import { z }` brings every part of zod into each bundle, its forty locales included.
z.config({ jitless: true });

/** A string; `nonEmpty` refuses one of only spaces. */
export function text(options: { max?: number; nonEmpty?: boolean; pattern?: RegExp; form?: string } = {}) {
  let schema = z.string();
  // As a pattern, so the JSON Schema says it too.
  if (options.nonEmpty) schema = schema.min(1, { message: 'must not be empty', abort: true }).regex(/\S/, 'must not be only spaces');
  if (options.max !== undefined) schema = schema.max(options.max);
  if (options.pattern) schema = schema.regex(options.pattern, options.form ? `must be ${options.form}` : undefined);
  return schema;
}

/** A whole number in a range, said so whatever is wrong with it. */
export function integer(min: number, max?: number) {
  const message = max === undefined ? `must be a whole number of at least ${min}` : `must be a whole number from ${min} to ${max}`;
  const schema = z.int(message).min(min, message);
  return max === undefined ? schema : schema.max(max, message);
}

/** One problem with a value: where (a JSON path) and what, in words that follow the path. */
export interface Issue {
  path: PropertyKey[];
  message: string;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
};

/** zod's issues in this project's words; a schema's own message takes precedence. */
const words = (issue: z.core.$ZodRawIssue): string | undefined => {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of ${issue.values.join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) === 1 ? 'must not be empty' : `must have at least ${issue.minimum} characters`;
      if (issue.origin === 'array') return `needs at least ${issue.minimum} ${Number(issue.minimum) === 1 ? 'item' : 'items'}`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `is too long (at most ${issue.maximum} characters)`;
      if (issue.origin === 'array') return `has more than ${issue.maximum} items`;
      return `must be at most ${issue.maximum}`;
    case 'invalid_format':
      return 'is not in the expected form';
    default:
      return undefined;
  }
};

const typeName = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** What was given, where it helps to see it: `, got "fax"` or `, not number`. */
function given(issue: z.core.$ZodIssue): string {
  const input = issue.input;
  const shown = typeof input === 'string' ? quote(input) : typeof input === 'number' ? String(input) : undefined;
  if (issue.code === 'invalid_type') return shown !== undefined ? `, got ${shown}` : `, not ${typeName(input)}`;
  if (issue.code === 'invalid_value' || issue.code === 'invalid_format') return shown !== undefined ? `, got ${shown}` : '';
  if ((issue.code === 'too_big' || issue.code === 'too_small') && typeof input === 'number') return `, got ${input}`;
  return '';
}

/** An issue of zod's as problems: one per unknown property, a missing field as required. */
function toIssues(issue: z.core.$ZodIssue): Issue[] {
  const path = issue.path as PropertyKey[];
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], message: 'is not a known property' }));
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined)
    return [{ path, message: 'is required' }];
  return [{ path, message: `${issue.message}${given(issue)}` }];
}

/** The value as the schema reads it, or every problem with it. */
export function check<S extends z.ZodType>(schema: S, value: unknown): { ok: true; value: z.infer<S> } | { ok: false; issues: Issue[] } {
  const result = schema.safeParse(value, { error: words, reportInput: true });
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: result.error.issues.flatMap(toIssues) };
}

/** A JSON path as people write it: `root.files[0].path`, `mapping["E-mail"]`. */
export function formatPath(path: readonly PropertyKey[], root = ''): string {
  return path.reduce<string>((at, key) => {
    if (typeof key === 'number') return `${at}[${key}]`;
    const name = String(key);
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `${at}[${JSON.stringify(name)}]`;
    return at === '' ? name : `${at}.${name}`;
  }, root);
}
