// Every grant in a built-in model is traceable to a seed line, and the format is checked on load.
import { describe, expect, it } from 'vitest';
import { resolveModel, versionAsOf } from '../../shared/model/resolve';
import type { RoleModel, SeedRef } from '../../shared/model/types';
import { modelProblems, validateModel } from '../../shared/model/validate';
import { BUILT_IN_MODELS, getModel } from '../../shared/models';
import { seedLines } from './support';

function expectTraceable(where: string, refs: SeedRef[], model: RoleModel) {
  expect(refs.length, `${where} has a source`).toBeGreaterThan(0);
  for (const ref of refs) {
    expect(ref.file, `${where} cites its model's seed`).toBe(model.origin);
    const text = seedLines(ref.file)[ref.line - 1];
    expect(text?.trim(), `${where} cites ${ref.file}:${ref.line}, which must be a non-blank line`).toBeTruthy();
  }
}

describe.each(BUILT_IN_MODELS.map((m) => [m.id, m] as const))('%s traceability', (_id, model) => {
  it('every permission, role, grant and constraint cites existing seed lines', () => {
    for (const p of model.permissions) expectTraceable(`permission ${p.id}`, p.source, model);
    for (const r of model.roles) {
      expectTraceable(`role ${r.id}`, r.source, model);
      for (const g of r.grants) expectTraceable(`${r.id} → ${g.permission}`, g.source, model);
    }
    for (const c of model.constraints) expectTraceable(`constraint ${c.role}`, c.source, model);
  });

  it('every permission is granted by some role', () => {
    const resolved = resolveModel(model);
    const granted = new Set(resolved.roles.flatMap((r) => r.grants.map((g) => g.permission)));
    expect(model.permissions.filter((p) => !granted.has(p.id)).map((p) => p.id)).toEqual([]);
  });

  it('is valid', () => expect(modelProblems(model)).toEqual([]));
});

describe('model versions', () => {
  const huntress = getModel('huntress');
  it('picks the version in force on a date', () => {
    expect(versionAsOf(huntress, '2022-05-31').id).toBe('pre-2022-06');
    expect(versionAsOf(huntress, '2022-06-01').id).toBe('2022-06');
    expect(versionAsOf(huntress).id).toBe('2022-06');
  });
  it('has no Finance role before June 2022', () => {
    expect(resolveModel(huntress, 'pre-2022-06').roleById.has('account-finance')).toBe(false);
  });
  it('refuses an unknown platform, naming the known ones', () => {
    expect(() => getModel('okta')).toThrow('unknown platform "okta" (known: huntress, hyas-protect, hexiosec-asm)');
  });
});

describe('validateModel', () => {
  const base = getModel('hexiosec-asm');
  const broken = (change: (m: RoleModel) => void) => {
    const copy = structuredClone(base);
    change(copy);
    return () => validateModel(copy);
  };
  it('names a grant of an unknown permission', () => {
    expect(broken((m) => m.roles[0].grants.push({ permission: 'scans.fly', source: [{ file: 'x', line: 1 }] }))).toThrow(/role "org-owner" grants unknown permission "scans.fly"/);
  });
  it('names a role at an unknown level', () => {
    expect(broken((m) => (m.roles[0].level = 'tenant'))).toThrow(/role "org-owner" names unknown level "tenant"/);
  });
  it('names duplicate labels, bad channels, unknown versions and missing sources', () => {
    const run = broken((m) => {
      m.permissions[1].label = m.permissions[0].label.toUpperCase();
      m.roles[4].grants[0].channels = ['fax' as never];
      m.roles[4].grants[1].since = 'v9';
      m.permissions[2].source = [];
    });
    expect(run).toThrow(/is used twice/);
    expect(run).toThrow(/has channels other than ui, api/);
    expect(run).toThrow(/names unknown version "v9"/);
    expect(run).toThrow(/has no seed source/);
  });
  it('names two roles with the same name at one level', () => {
    expect(broken((m) => (m.roles[1].aliases = ['owner']))).toThrow(/role name "owner" at level "organisation" is used twice/);
  });
  it('refuses something that is not a model', () => {
    expect(() => validateModel(42)).toThrow('role model "?" is invalid:\n- a model must be an object');
  });
});
