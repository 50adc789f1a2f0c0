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
    for (const p of model.permissions) {
      expectTraceable(`permission ${p.id}`, p.source, model);
      if (p.assigns) expectTraceable(`what ${p.id} gives`, p.assigns.source, model);
    }
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
  it('names a grant of an unknown permission by its JSON path', () => {
    const grant = base.roles[0].grants.length;
    expect(broken((m) => m.roles[0].grants.push({ permission: 'scans.fly', source: [{ file: 'x', line: 1 }] }))).toThrow(
      `role model "hexiosec-asm" is invalid:\n- roles[0].grants[${grant}].permission: unknown permission "scans.fly"`,
    );
  });
  it('names a role a permission gives that the model does not have', () => {
    const at = base.permissions.findIndex((p) => p.assigns);
    expect(
      broken((m) => {
        m.permissions[at].assigns = { roles: ['org-boss'], where: 'here', source: [{ file: 'x', line: 1 }] };
      }),
    ).toThrow(`- permissions[${at}].assigns.roles[0]: unknown role "org-boss"`);
  });
  it('names a role at an unknown level', () => {
    expect(broken((m) => (m.roles[0].level = 'tenant'))).toThrow(/- roles\[0\]\.level: unknown level "tenant"/);
  });
  it('names bad channels, missing sources and unknown properties: the shape, checked first', () => {
    const run = broken((m) => {
      m.roles[4].grants[0].channels = ['fax' as never];
      m.permissions[2].source = [];
      (m.permissions[3] as unknown as Record<string, unknown>).chanels = ['ui'];
    });
    expect(run).toThrow(/- roles\[4\]\.grants\[0\]\.channels\[0\]: must be one of ui, api, got "fax"/);
    expect(run).toThrow(/- permissions\[2\]\.source: needs at least one seed line/);
    expect(run).toThrow(/- permissions\[3\]\.chanels: is not a known property/);
  });
  it('names duplicate labels and unknown versions: what one part says of another', () => {
    const label = base.permissions[0].label;
    const run = broken((m) => {
      m.permissions[1].label = label.toUpperCase();
      m.roles[4].grants[1].since = 'v9';
    });
    expect(run).toThrow(`- permissions[1].label: label "${label.toUpperCase()}" is used twice (first at permissions[0].label)`);
    expect(run).toThrow('- roles[4].grants[1].since: unknown version "v9"');
  });
  it('names two roles with the same name at one level', () => {
    expect(broken((m) => (m.roles[1].aliases = ['owner']))).toThrow(
      /- roles\[1\]\.aliases\[0\]: role name "owner" at level "organisation" is used twice \(first at roles\[0\]\.name\)/,
    );
  });
  it('refuses something that is not a model', () => {
    expect(() => validateModel(42)).toThrow('role model "?" is invalid:\n- the model must be an object, got 42');
  });
});
