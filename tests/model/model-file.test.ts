// A role model a user writes: a whole model of their own platform, or changes to a built-in one.
// Every problem names the file, the line and the JSON path; an entry without a source cites the file.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditError, describeError } from '../../shared/errors';
import { readModelFile } from '../../shared/model/model-file';
import { resolveModel } from '../../shared/model/resolve';
import { BUILT_IN_MODELS, getModel } from '../../shared/models';

const root = path.resolve(import.meta.dirname, '../..');
const acme = fs.readFileSync(path.join(root, 'resources/models/acme-edr.json'), 'utf8');
const huntress2026 = fs.readFileSync(path.join(root, 'resources/models/huntress-2026-10.json'), 'utf8');

/** The error's lines as a terminal prints them. */
function refusal(text: string, name = 'model.json'): string[] {
  try {
    readModelFile(text, name, BUILT_IN_MODELS);
  } catch (error) {
    expect(error).toBeInstanceOf(AuditError);
    return describeError(error as AuditError).split('\n');
  }
  throw new Error('the file was accepted');
}

describe('a model file of a platform of its own', () => {
  it('reads the bundled example, citing the file at the line of each entry that names no source', () => {
    const model = readModelFile(acme, 'acme-edr.json', BUILT_IN_MODELS);
    expect(model).toMatchObject({ id: 'acme-edr', name: 'Acme EDR', constraints: [] });
    const lines = acme.split('\n');
    const analyst = model.roles.find((r) => r.id === 'tenant-analyst')!;
    expect(lines[analyst.source[0].line - 1]).toContain('{');
    expect(lines[analyst.source[0].line]).toContain('"id": "tenant-analyst"');
    expect(analyst.grants[2]).toMatchObject({ permission: 'hosts.isolate', channels: ['api'] });
    expect(lines[analyst.grants[2].source[0].line - 1]).toContain('"hosts.isolate"');
    expect(model.permissions.filter((p) => p.privileged).map((p) => p.id)).toEqual(['users.manage', 'sites.create']);
    // And the engine reads it as it reads a built-in one: Site Admins edit policies from June 2026.
    expect(
      resolveModel(model, '2025')
        .roleById.get('site-admin')
        ?.grants.map((g) => g.permission),
    ).not.toContain('policies.edit');
    expect(
      resolveModel(model, '2026-06')
        .roleById.get('site-admin')
        ?.grants.map((g) => g.permission),
    ).toContain('policies.edit');
  });

  it('names the line, the JSON path and the nearest known permission of a typo', () => {
    const text = acme.replace('{ "permission": "alerts.close" },', '{ "permission": "alerts.clos" },');
    const at = text.split('\n').findIndex((line) => line.includes('"alerts.clos"')) + 1;
    expect(refusal(text)[1]).toBe(
      `model.json:${at}: roles[0].grants[4].permission: unknown permission "alerts.clos"; did you mean "alerts.close"?`,
    );
  });

  it('says where the JSON breaks, and what a whole model needs', () => {
    expect(refusal('{\n  "formatVersion": 1,\n  "id": "x",,\n}')).toEqual([
      'model.json is not a valid role model:',
      'model.json:3: not valid JSON: property name expected',
    ]);
    expect(refusal('{ "formatVersion": 1, "id": "x", "name": "X" }').slice(1)).toEqual([
      'model.json:1: the model needs "levels" (or "extends" and a built-in platform id)',
      'model.json:1: the model needs "permissions" (or "extends" and a built-in platform id)',
      'model.json:1: the model needs "roles" (or "extends" and a built-in platform id)',
      'model.json:1: the model needs "versions" (or "extends" and a built-in platform id)',
    ]);
    expect(refusal(acme.replace('"reach": "node"', '"reach": "nod"'))[1]).toMatch(
      /^model\.json:\d+: roles\[2\]\.reach: must be one of node, subtree, got "nod"$/,
    );
    expect(refusal(acme.replace('"formatVersion": 1,', '"formatVersion": 1, "colour": "red",'))[1]).toBe(
      'model.json:3: colour: is not a known property',
    );
  });
});

describe('a model file that changes a built-in model', () => {
  it('adds its version and replaces the role it gives, keeping everything else of the built-in model', () => {
    const model = readModelFile(huntress2026, 'huntress-2026-10.json', BUILT_IN_MODELS);
    const builtIn = getModel('huntress');
    expect(model.id).toBe('huntress');
    expect(model.versions.map((v) => v.id)).toEqual([...builtIn.versions.map((v) => v.id), '2026-10']);
    expect(model.roles.map((r) => r.id)).toEqual(builtIn.roles.map((r) => r.id));
    expect(model.permissions).toEqual(builtIn.permissions);
    const orgUser = (version: string) =>
      resolveModel(model, version)
        .roleById.get('org-user')!
        .grants.map((g) => g.permission);
    expect(orgUser('2022-06')).not.toContain('remediation.approve');
    expect(orgUser('2026-10')).toContain('remediation.approve');
    expect(model.origin).toMatch(/^Huntress release notes/);
  });

  it('refuses an unknown platform to extend, new levels, and another id; a problem in an added role names the file', () => {
    expect(refusal('{ "formatVersion": 1, "extends": "huntres" }')[1]).toBe(
      'model.json:1: extends: unknown built-in platform "huntres" (known: huntress, hyas-protect, hexiosec-asm)',
    );
    expect(refusal('{ "formatVersion": 1, "extends": "huntress", "levels": [{ "id": "a", "name": "A" }] }')[1]).toBe(
      "model.json:1: levels: cannot change a built-in model's levels (its CSV columns)",
    );
    expect(refusal('{ "formatVersion": 1, "extends": "huntress", "id": "other" }')[1]).toBe(
      'model.json:1: id: must be "huntress" (the platform it extends) or left out',
    );
    const added = `{
  "formatVersion": 1,
  "extends": "huntress",
  "roles": [
    { "id": "org-auditor", "name": "Auditor", "aliases": [], "level": "organization", "reach": "node", "description": "",
      "grants": [{ "permission": "reports.vieww" }] }
  ]
}`;
    expect(refusal(added)[1]).toBe(
      'model.json:6: roles[0].grants[0].permission: unknown permission "reports.vieww"; did you mean "reports.view"?',
    );
  });

  it('says which roles a permission of its own gives, citing the file where it names no source', () => {
    const text = `{
  "formatVersion": 1,
  "extends": "huntress",
  "permissions": [
    { "id": "helpdesk.reset", "label": "Reset users", "category": "Users", "level": "organization", "kind": "change",
      "assigns": { "roles": ["org-read-only"], "where": "here" } }
  ],
  "roles": [
    { "id": "org-helpdesk", "name": "Helpdesk", "aliases": [], "level": "organization", "reach": "node", "description": "",
      "grants": [{ "permission": "helpdesk.reset" }] }
  ]
}`;
    const model = readModelFile(text, 'helpdesk.json', BUILT_IN_MODELS);
    const reset = model.permissions.find((p) => p.id === 'helpdesk.reset')!;
    expect(reset.assigns).toEqual({ roles: ['org-read-only'], where: 'here', source: [{ file: 'helpdesk.json', line: 6 }] });
    expect(refusal(text.replace('"org-read-only"', '"org-readonly"'))[1]).toBe(
      'model.json:6: permissions[0].assigns.roles[0]: unknown role "org-readonly"; did you mean "org-read-only"?',
    );
  });
});
