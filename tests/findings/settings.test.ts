// The findings rules file as a user writes it: a problem names the file, the line and the JSON path;
// names the snapshot's model lacks are refused by line too; the JSON Schema in docs/ is the one the
// schema generates; the example rules file for the Northwind sample is valid.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditError, describeError } from '../../shared/errors';
import { resolveSettings } from '../../shared/findings/findings';
import { FINDINGS_SCHEMA_FILE, findingsJsonSchema } from '../../shared/findings/json-schema';
import { readSettingsFile } from '../../shared/findings/settings-file';
import { crafted } from './support';

const root = path.resolve(import.meta.dirname, '../..');

function problemsOf(text: string): string {
  try {
    readSettingsFile(text, 'rules.json');
  } catch (error) {
    if (error instanceof AuditError) return describeError(error);
    throw error;
  }
  throw new Error('the file was read');
}

describe('reading a rules file', () => {
  it('names the line and JSON path of each problem', () => {
    const text = `{
  "formatVersion": 1,
  "rules": {
    "inactive": { "days": 0 },
    "outside-domain": { "everywhere": ["@northwind.example"] },
    "segregation": { "pairs": [{ "name": "Billing", "first": {}, "second": { "permissions": ["users.add"] } }] },
    "stale": {}
  },
  "exceptions": [
    { "rule": "inactive", "reason": "On leave", "acceptedBy": "CISO", "expires": "2026-02-30" }
  ]
}`;
    expect(problemsOf(text).split('\n')).toEqual([
      'rules.json is not a valid findings rules file:',
      'rules.json:4: rules.inactive.days: must be a whole number of at least 1, got 0',
      'rules.json:5: rules["outside-domain"].everywhere[0]: must be a domain such as example.com (no @), got "@northwind.example"',
      'rules.json:6: rules.segregation.pairs[0].first: needs at least one permission or role',
      'rules.json:7: rules.stale: is not a known property',
      'rules.json:10: exceptions[0].expires: must be a day of the calendar written YYYY-MM-DD, got "2026-02-30"',
      'rules.json:10: exceptions[0].user: needs a user, a node or both',
    ]);
  });

  it('refuses a file that is not JSON at the line of the first syntax error', () => {
    expect(problemsOf('{\n  "formatVersion": 1,\n}\n')).toBe(
      'rules.json is not a valid findings rules file:\nrules.json:3: not valid JSON: property name expected',
    );
  });

  it("names, by line, a permission, role or level the snapshot's model does not have", () => {
    const text = `{
  "formatVersion": 1,
  "rules": {
    "too-many-admins": { "roles": ["Owner"] },
    "cross-customer": { "level": "site" },
    "segregation": { "pairs": [{ "name": "x", "first": { "permissions": ["Approve remediation"] }, "second": { "roles": ["Finance"] } }] }
  }
}`;
    const file = readSettingsFile(text, 'rules.json');
    const ev = crafted('huntress', [['a@b.example', 'account-admin', 'MSP']]);
    expect(file.problems(resolveSettings(ev, file.settings).issues)).toEqual([
      { file: 'rules.json', line: 4, message: 'rules["too-many-admins"].roles[0]: unknown role "Owner" in Huntress' },
      {
        file: 'rules.json',
        line: 5,
        message: 'rules["cross-customer"].level: unknown level "site" in Huntress (known: account, organization)',
      },
      {
        file: 'rules.json',
        line: 6,
        message: 'rules.segregation.pairs[0].first.permissions[0]: unknown permission "Approve remediation" in Huntress',
      },
    ]);
  });

  it('the example rules file for the Northwind sample is valid and fits Huntress', () => {
    const file = readSettingsFile(fs.readFileSync(path.join(root, 'resources/findings/huntress-msp.json'), 'utf8'), 'huntress-msp.json');
    const ev = crafted('huntress', [['a@b.example', 'account-admin', 'Northwind MSP']]);
    expect(resolveSettings(ev, file.settings).issues).toEqual([]);
    expect(file.settings.exceptions?.map((e) => e.rule)).toEqual(['outside-domain', 'disabled-with-roles']);
  });
});

describe('the JSON Schema of rules files', () => {
  it('the committed JSON Schema is what the rules file schema generates (`npm run schema` writes it)', () => {
    expect(fs.readFileSync(path.join(root, FINDINGS_SCHEMA_FILE), 'utf8')).toBe(findingsJsonSchema());
    const schema = JSON.parse(findingsJsonSchema());
    expect(schema.required).toEqual(['formatVersion']);
    expect(schema.properties.exceptions.items.required).toEqual(['rule', 'reason', 'acceptedBy', 'expires']);
    expect(Object.keys(schema.properties.rules.properties)).toContain('privileged-no-mfa');
  });
});
