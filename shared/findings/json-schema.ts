// The findings rules file as a JSON Schema, for editors (a rules file may name it in `$schema`):
// generated from the zod schema (settings.ts) into docs/findings.schema.json by `npm run schema`, and
// printed by `permaudit findings --schema`; tests/findings check the committed file is what this gives.

import * as z from 'zod';
import '../schema';
import { FindingsSettings } from './settings';

export const FINDINGS_SCHEMA_FILE = 'docs/findings.schema.json';

export function findingsJsonSchema(): string {
  const { $schema, ...schema } = z.toJSONSchema(FindingsSettings);
  return `${JSON.stringify({ $schema, title: 'Permission Auditor findings rules file', ...schema }, null, 2)}\n`;
}
