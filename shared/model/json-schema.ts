// The model file format as a JSON Schema, for editors and other tools (a model file may name it in
// `$schema` for completion): generated from the zod schema (types.ts ModelFile) into
// docs/model-format.schema.json by `npm run schema`, and printed by `permaudit models schema`;
// tests/models check the committed file is what this gives. The cross-reference checks of
// validate.ts have no JSON Schema form.

import * as z from 'zod';
import '../schema';
import { ModelFile } from './types';

export const MODEL_SCHEMA_FILE = 'docs/model-format.schema.json';

export function modelFormatJsonSchema(): string {
  const { $schema, ...schema } = z.toJSONSchema(ModelFile);
  return `${JSON.stringify({ $schema, title: 'Permission Auditor role model file', ...schema }, null, 2)}\n`;
}
