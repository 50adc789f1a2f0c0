// User-defined models as a user runs them: validate a file, import with it, ask, diff it against
// the built-in model; the snapshot keeps the model it was read with, so editing the file later
// changes no answer.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { prepareCli, root, runCli } from '../support/cli';
import { beforeAll, describe, expect, it } from 'vitest';

const samples = path.join(root, 'resources/samples');
const models = path.join(root, 'resources/models');
let dir: string;

const run = (...args: string[]) => runCli(dir, ...args);

beforeAll(() => {
  dir = prepareCli('permaudit-models-');
});

describe('permaudit models', () => {
  it('validate: says what a valid file defines and its SHA-256; a broken one gets FILE:LINE problems, exit 1', () => {
    const ok = run('models', 'validate', path.join(models, 'acme-edr.json'));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('acme-edr.json: a valid role model for Acme EDR (platform id acme-edr)');
    expect(ok.stdout).toMatch(/^[0-9a-f]{64} {2}acme-edr\.json$/m);
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, fs.readFileSync(path.join(models, 'acme-edr.json'), 'utf8').replace('"alerts.close" }', '"alerts.clos" }'));
    const bad = run('models', 'validate', broken);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /broken\.json:\d+: roles\[0\]\.grants\[4\]\.permission: unknown permission "alerts\.clos"; did you mean "alerts\.close"\?/,
    );
  });

  it('validate: refuses a file whose bytes are not UTF-8 rather than reading it with characters replaced', () => {
    const latin1 = path.join(dir, 'latin1.json');
    fs.writeFileSync(latin1, Buffer.from('{ "formatVersion": 1, "name": "Caf\xe9" }', 'latin1'));
    const result = run('models', 'validate', latin1);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('latin1.json is not UTF-8 text');
  });

  it('schema: prints the JSON Schema of model files', () => {
    const { code, stdout } = run('models', 'schema');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(fs.readFileSync(path.join(root, 'docs/model-format.schema.json'), 'utf8')));
  });
});

describe("a platform of the user's own, round trip", () => {
  it('imports with the model file, answers from it, and keeps answering from it after the file changes', () => {
    const db = path.join(dir, 'acme.db');
    const model = path.join(dir, 'acme-edr.json');
    fs.copyFileSync(path.join(models, 'acme-edr.json'), model);
    const imported = run('import', path.join(samples, 'acme-edr.csv'), '--model', model, '--db', db, '--json');
    expect(imported.stderr).toBe('');
    const info = JSON.parse(imported.stdout);
    const sha256 = spawnSync('sha256sum', [model], { encoding: 'utf8' }).stdout.split(' ')[0];
    expect(info).toMatchObject({
      platform: 'acme-edr',
      modelVersion: '2026-06',
      model: { origin: 'user', name: 'Acme EDR', fileName: 'acme-edr.json', sha256 },
    });
    expect(info.provenance.snapshot.model).toEqual(info.model);

    const ask = () => JSON.parse(run('who-can', 'Isolate hosts', '--db', db, '--scope', 'Millbrook Foods', '--json').stdout);
    const before = ask();
    expect(before.map((e: { email: string; channels: string[] }) => `${e.email} ${e.channels.join('+')}`).sort()).toEqual([
      'ben.ode@millbrook.example ui+api',
      'lee.park@keystone-it.example api',
      'olga.berg@keystone-it.example ui+api',
      'sam.reyes@keystone-it.example api',
    ]);
    // Each grant cites the model file at its line.
    expect(before[0].grantSource[0]).toMatchObject({ file: 'acme-edr.json', line: expect.any(Number) });

    // The file is edited afterwards: Analysts lose host isolation. The snapshot's answers do not change.
    fs.writeFileSync(model, fs.readFileSync(model, 'utf8').replace(/,\s*\{ "permission": "hosts.isolate", "channels": \["api"\] \}/, ''));
    expect(ask()).toEqual(before);
    expect(run('roles', '--db', db).stdout).toContain('Analyst');

    // The changed file is another model: importing the same export with it is not a duplicate, and the diff says what changed.
    const again = run('import', path.join(samples, 'acme-edr.csv'), '--model', model, '--db', db);
    expect(again.code).toBe(0);
    const diff = JSON.parse(run('diff', '1', '2', '--db', db, '--json').stdout);
    expect(diff.modelNote).toBe(
      'snapshot #1 was read with the model file acme-edr.json version 2026-06 and #2 with the model file acme-edr.json version 2026-06: each is evaluated under its own',
    );
    expect(
      diff.access.map((c: { email: string; change: string; permission: string }) => `${c.change} ${c.email} ${c.permission}`).sort(),
    ).toEqual(['lost lee.park@keystone-it.example hosts.isolate', 'lost sam.reyes@keystone-it.example hosts.isolate']);
  });

  it("refuses --platform naming another platform than the model file's", () => {
    const result = run(
      'import',
      path.join(samples, 'acme-edr.csv'),
      '--model',
      path.join(models, 'acme-edr.json'),
      '--platform',
      'huntress',
      '--db',
      path.join(dir, 'x.db'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the model file acme-edr.json is for platform "acme-edr", not "huntress"');
  });
});

describe('a built-in model changed by a file', () => {
  it('diff-model against the built-in: organization User gains Approve Assisted Remediation from October 2026', () => {
    const { code, stdout } = run('diff-model', 'huntress', '--model', path.join(models, 'huntress-2026-10.json'));
    expect(code).toBe(0);
    expect(stdout).toContain('Huntress: model version 2022-06 → 2026-10, in force from 2026-10-01');
    expect(stdout).toContain('~ User · organization (changed)\n    + Approve Assisted Remediation\n');
    expect(stdout).toContain('Summary: 1 role changed (+1 grant), 0 added, 0 removed; 0 permissions added, 0 removed.');
  });

  it('a snapshot read with it answers with it, and a diff against the built-in snapshot shows whom it affects', () => {
    const db = path.join(dir, 'northwind.db');
    expect(run('import', path.join(samples, 'huntress-msp.csv'), '--platform', 'huntress', '--db', db).code).toBe(0);
    const withFile = run(
      'import',
      path.join(samples, 'huntress-msp.csv'),
      '--model',
      path.join(models, 'huntress-2026-10.json'),
      '--db',
      db,
      '--json',
    );
    expect(withFile.code).toBe(0);
    expect(JSON.parse(withFile.stdout)).toMatchObject({ platform: 'huntress', modelVersion: '2026-10', model: { origin: 'user' } });
    const can = (snapshot: string) =>
      JSON.parse(
        run(
          'can',
          'ama.boateng@northwind-msp.example',
          'Approve Assisted Remediation',
          '--db',
          db,
          '--snapshot',
          snapshot,
          '--scope',
          'Bayside Dental',
          '--json',
        ).stdout,
      ).allowed;
    expect([can('1'), can('2')]).toEqual([false, true]);
    const diff = JSON.parse(run('diff', '1', '2', '--db', db, '--json').stdout);
    expect(diff.assignments).toEqual({ added: [], removed: [] });
    expect(new Set(diff.access.map((c: { permission: string; change: string }) => `${c.change} ${c.permission}`))).toEqual(
      new Set(['gained remediation.approve']),
    );
    expect(
      diff.access.some(
        (c: { email: string; scope: string }) =>
          c.email === 'ama.boateng@northwind-msp.example' && c.scope === 'Northwind MSP/Bayside Dental',
      ),
    ).toBe(true);
  });
});
