// The model format as a user meets it: a model file read from JSON is checked against the schema, its
// problems named by JSON path, and the JSON Schema in docs/ is the one the schema generates.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_SCHEMA_FILE, modelFormatJsonSchema } from '../../shared/model/json-schema';
import { modelProblems } from '../../shared/model/validate';
import { BUILT_IN_MODELS, getModel } from '../../shared/models';

const root = path.resolve(__dirname, '../..');

describe('the model format', () => {
  it('the committed JSON Schema is what the model schema generates (`npm run schema` writes it)', () => {
    expect(fs.readFileSync(path.join(root, MODEL_SCHEMA_FILE), 'utf8')).toBe(modelFormatJsonSchema());
  });

  it('the JSON Schema of model files refuses unknown properties and describes the fields; only formatVersion is always required', () => {
    const schema = JSON.parse(modelFormatJsonSchema());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['formatVersion']);
    expect(schema.properties.extends.description).toMatch(/built-in platform id/);
    // A source may be left out in a file: it then cites the file itself.
    expect(schema.properties.roles.items.required).not.toContain('source');
    expect(schema.properties.roles.items.properties.reach.enum).toEqual(['node', 'subtree']);
    expect(schema.properties.permissions.items.properties.id.description).toMatch(/Stable id/);
  });

  it.each(BUILT_IN_MODELS.map((m) => [m.id, m] as const))('%s survives a round trip through JSON', (_id, model) => {
    expect(modelProblems(JSON.parse(JSON.stringify(model)))).toEqual([]);
  });

  it('a model file with a grant of an unknown permission is refused with its JSON path', () => {
    const file = JSON.parse(JSON.stringify(getModel('huntress')));
    file.roles[3].grants[0].permission = 'x';
    expect(modelProblems(file)).toEqual(['roles[3].grants[0].permission: unknown permission "x"']);
  });

  it('a model file of the wrong shape is refused with every JSON path at once', () => {
    const file = JSON.parse(JSON.stringify(getModel('hyas-protect')));
    file.formatVersion = 2;
    file.levels[0].id = '   ';
    file.versions[0].source[0].line = 0;
    delete file.roles[1].reach;
    expect(modelProblems(file)).toEqual([
      'formatVersion: must be 1, got 2',
      'levels[0].id: must not be only spaces, got "   "',
      'roles[1].reach: is required',
      'versions[0].source[0].line: must be at least 1, got 0',
    ]);
  });

  it('versions must be in date order, the first without a date', () => {
    const file = JSON.parse(JSON.stringify(getModel('huntress')));
    file.versions[1].effectiveFrom = '2021-02-30';
    expect(modelProblems(file)).toEqual(['versions[1].effectiveFrom: must be a day of the calendar written YYYY-MM-DD, got "2021-02-30"']);
    file.versions[0].effectiveFrom = '2023-01-01';
    file.versions[1].effectiveFrom = '2022-06-01';
    expect(modelProblems(file)).toEqual([
      'versions[0].effectiveFrom: must be null: the first version is in force from the start',
      'versions[1].effectiveFrom: must come after the version before it (2023-01-01)',
    ]);
  });
});
