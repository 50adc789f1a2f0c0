// The model format as a JSON Schema, for editors and other tools: generated from the zod schema
// (types.ts) into docs/model-format.schema.json by `npm run schema`; tests/models check the committed
// file is what this gives. The cross-reference checks of validate.ts have no JSON Schema form.

import * as z from 'zod';
import '../schema';
import { RoleModel } from './types';

export const MODEL_SCHEMA_FILE = 'docs/model-format.schema.json';

export function modelFormatJsonSchema(): string {
  const { $schema, ...schema } = z.toJSONSchema(RoleModel);
  return `${JSON.stringify({ $schema, title: 'Permission Auditor role model', ...schema }, null, 2)}\n`;
}
