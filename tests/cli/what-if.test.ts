// `permaudit what-if` and `permaudit plans` as a user runs them, on Northwind MSP's November export:
// a plan of the December changes predicts what the December export then shows, and
// --no-new-access turns a plan into a CI check.
import fs from 'node:fs';
import path from 'node:path';
import { prepareCli, root, runCli } from '../support/cli';
import { beforeAll, describe, expect, it } from 'vitest';

const december = path.join(root, 'resources/plans/northwind-december.json');
const offboarding = path.join(root, 'resources/plans/offboarding.json');
let dir: string;
let db: string;

const run = (...args: string[]) => runCli(dir, ...args);

/** A change of access as both a plan and a diff say it: who, what, where, how far, on which channels. */
const changeKeys = (access: { change: string; email: string; permission: string; scope: string; extent: string; channels: string[] }[]) =>
  access.map((c) => `${c.change} ${c.email} ${c.permission} @ ${c.scope} (${c.extent}) [${c.channels.join(',')}]`).sort();

beforeAll(() => {
  dir = prepareCli('permaudit-what-if-');
  db = path.join(dir, 'audit.db');
  for (const file of ['huntress-msp.csv', 'huntress-msp-december.csv']) {
    expect(run('import', path.join(root, 'resources/samples', file), '--platform', 'huntress', '--db', db).code).toBe(0);
  }
});

describe('permaudit what-if', () => {
  it('a plan of the December changes, on November, predicts the access changes the December export shows', () => {
    const planned = JSON.parse(run('what-if', '--db', db, '--snapshot', '1', '--plan', december, '--json').stdout);
    const actual = JSON.parse(run('diff', '1', '2', '--db', db, '--json').stdout);
    expect(changeKeys(planned.access)).toEqual(changeKeys(actual.access));
    // A planned assignment is cited as the plan's change.
    const priya = planned.access.find((c: { email: string }) => c.email === 'priya.raman@coastal-it.example');
    expect(priya.via).toMatchObject({ sourceFile: 'plan', sourceLine: 6, assignedAt: 'Northwind MSP/Harbor Law Group' });
    expect(planned.provenance.snapshot.id).toBe(1);
    expect(run('what-if', '--db', db, '--snapshot', '1', '--plan', december).stdout).toMatch(
      /via Admin · organization\s+\(plan change 6\)/,
    );
    expect(planned).toMatchObject({
      added: ['samuel.ortiz@northwind-msp.example'],
      removed: ['marcus.webb@northwind-msp.example', 'gregor.steiner@ironbridge-mfg.example'],
    });
  });

  it('--no-new-access passes a plan that only takes access away (exit 0) and fails one that gives any (exit 3, listing it)', () => {
    const passed = run('what-if', '--db', db, '--snapshot', '1', '--plan', offboarding, '--no-new-access');
    expect(passed.code).toBe(0);
    expect(passed.stdout.trimEnd().split('\n').at(-1)).toBe('Check passed: the plan gives nobody anything new.');
    const failed = run('what-if', '--db', db, '--snapshot', '1', '--plan', december, '--no-new-access');
    expect(failed.code).toBe(3);
    expect(failed.stdout).toMatch(/\nCheck failed: the plan gives 2 people \d+ new grants \(the \+ lines above\)\.\n$/);
    expect(failed.stdout).toContain('+ samuel.ortiz@northwind-msp.example (Samuel Ortiz)');
    // Without the check the same plan is just answered.
    expect(run('what-if', '--db', db, '--snapshot', '1', '--plan', december).code).toBe(0);
  });

  it('refuses a change that does not fit the snapshot by its number, and a malformed plan by its JSON path (exit 1)', () => {
    const plan = path.join(dir, 'bad.json');
    fs.writeFileSync(
      plan,
      JSON.stringify({
        formatVersion: 1,
        name: 'x',
        changes: [{ op: 'remove', email: 'priya.raman@coastal-it.example', role: 'Admin', scope: 'Harbor Law Group' }],
      }),
    );
    const misfit = run('what-if', '--db', db, '--snapshot', '1', '--plan', plan);
    expect(misfit.code).toBe(1);
    expect(misfit.stderr).toContain(
      'change 1 (remove): priya.raman@coastal-it.example holds no Admin · organization at Northwind MSP/Harbor Law Group',
    );
    fs.writeFileSync(plan, JSON.stringify({ formatVersion: 1, name: 'x', changes: [{ op: 'promote', email: 'a@b.example' }] }));
    const malformed = run('what-if', '--db', db, '--plan', plan);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/bad\.json is not a valid plan:\n- changes\[0\]\.op: /);
  });
});

describe('saved plans', () => {
  it('are saved by name, opened again, shown as JSON and deleted', () => {
    expect(run('plans', '--db', db).stdout).toContain('No saved plans.');
    const saved = run('what-if', '--db', db, '--snapshot', '1', '--plan', december, '--save');
    expect(saved.stdout).toContain('Saved as the plan "Northwind December changes".');
    expect(run('plans', '--db', db).stdout).toMatch(/Northwind December changes +7 +\d{4}-\d\d-\d\d \d\d:\d\d/);
    const again = JSON.parse(run('what-if', '--db', db, '--snapshot', '1', '--saved', 'Northwind December changes', '--json').stdout);
    const fromFile = JSON.parse(run('what-if', '--db', db, '--snapshot', '1', '--plan', december, '--json').stdout);
    expect(again.access).toEqual(fromFile.access);
    expect(JSON.parse(run('plans', 'show', 'Northwind December changes', '--db', db).stdout)).toEqual(
      JSON.parse(fs.readFileSync(december, 'utf8')),
    );
    expect(run('plans', 'delete', 'Northwind December changes', '--db', db).code).toBe(0);
    const gone = run('what-if', '--db', db, '--saved', 'Northwind December changes');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('no saved plan "Northwind December changes"');
  });
});
